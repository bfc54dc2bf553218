//! Which program printed a text, from the fingerprints in `programs.toml`.

use std::sync::LazyLock;

use regex::RegexSet;
use serde::Deserialize;

use crate::logread::pattern;

const PROGRAMS: &str = include_str!("programs.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrograms {
    program: Vec<RawProgram>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    name: String,
    patterns: Vec<String>,
    #[serde(default)]
    socket_tool: bool,
}

struct Fingerprints {
    patterns: RegexSet,
    /// The program of each pattern.
    names: Vec<String>,
    /// Programs whose only socket permission error is a bind.
    socket_tools: Vec<String>,
}

static FINGERPRINTS: LazyLock<Fingerprints> = LazyLock::new(|| {
    let raw: RawPrograms =
        toml::from_str(PROGRAMS).unwrap_or_else(|error| panic!("programs.toml: {error}"));
    let mut patterns = Vec::new();
    let mut names = Vec::new();
    let mut socket_tools = Vec::new();
    for program in raw.program {
        if program.socket_tool {
            socket_tools.push(program.name.clone());
        }
        for pattern in program.patterns {
            patterns.push(pattern);
            names.push(program.name.clone());
        }
    }
    Fingerprints {
        patterns: pattern::set(&patterns, true),
        names,
        socket_tools,
    }
});

/// Whether the program's socket permission errors are binds (netcat, socat).
pub fn is_socket_tool(name: &str) -> bool {
    FINGERPRINTS.socket_tools.iter().any(|tool| tool == name)
}

/// The program the text comes from, by the first fingerprint (in table order) it matches.
pub fn identify(text: &str) -> Option<&'static str> {
    let fingerprints = &*FINGERPRINTS;
    fingerprints
        .patterns
        .matches(text)
        .iter()
        .next()
        .map(|index| fingerprints.names[index].as_str())
}

/// Every program name the table knows.
pub fn known() -> impl Iterator<Item = &'static str> {
    let mut names: Vec<&'static str> = FINGERPRINTS.names.iter().map(String::as_str).collect();
    names.dedup();
    names.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frameworks_win_over_their_runtimes() {
        assert_eq!(
            identify(
                "ERROR:    [Errno 98] error while attempting to bind on address ('0.0.0.0', 7878): address already in use"
            ),
            Some("uvicorn")
        );
        assert_eq!(
            identify(
                "2026/11/23 20:00:01 [emerg] 1474#1474: bind() to 0.0.0.0:80 failed (98: Address already in use)"
            ),
            Some("nginx")
        );
        assert_eq!(
            identify("Traceback (most recent call last):"),
            Some("python")
        );
        assert_eq!(identify("a line about nothing"), None);
        assert!(known().any(|name| name == "keycloak"));
    }
}
