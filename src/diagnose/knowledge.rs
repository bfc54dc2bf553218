//! Program knowledge from `programs.toml`: which processes serve nothing, how a program
//! reloads, and the ports it takes by default.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

const PROGRAMS: &str = include_str!("programs.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKnowledge {
    program: Vec<RawProgram>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    names: Vec<String>,
    #[serde(default)]
    not_a_server: bool,
    reload: Option<String>,
    reload_when: Option<String>,
    #[serde(default)]
    default_ports: Vec<u16>,
}

/// What is known about one program.
#[derive(Debug)]
pub struct Program {
    pub names: Vec<String>,
    pub not_a_server: bool,
    /// The reload command, `{pid}` standing for the primary process.
    pub reload: Option<String>,
    reload_when: Option<Regex>,
    pub default_ports: Vec<u16>,
}

impl Program {
    /// The reload command for a process with this command line, when it applies.
    pub fn reload_for(&self, cmdline: &str) -> Option<&str> {
        let applies = self
            .reload_when
            .as_ref()
            .is_none_or(|pattern| pattern.is_match(cmdline));
        self.reload.as_deref().filter(|_| applies)
    }
}

static KNOWLEDGE: LazyLock<Vec<Program>> = LazyLock::new(|| {
    let raw: RawKnowledge =
        toml::from_str(PROGRAMS).unwrap_or_else(|error| panic!("programs.toml: {error}"));
    raw.program
        .into_iter()
        .map(|program| Program {
            names: program.names,
            not_a_server: program.not_a_server,
            reload: program.reload,
            reload_when: program.reload_when.map(|pattern| {
                Regex::new(&pattern).unwrap_or_else(|error| panic!("programs.toml: {error}"))
            }),
            default_ports: program.default_ports,
        })
        .collect()
});

/// What is known about the program of this name.
pub fn program(name: &str) -> Option<&'static Program> {
    KNOWLEDGE
        .iter()
        .find(|program| program.names.iter().any(|known| known == name))
}

/// Whether a process of this name serves nothing.
pub fn is_not_a_server(name: &str) -> bool {
    program(name).is_some_and(|program| program.not_a_server)
}

/// The default ports of the named programs, to keep a suggested port off them.
pub fn default_ports<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<u16> {
    let mut ports: Vec<u16> = names
        .into_iter()
        .filter_map(program)
        .flat_map(|program| program.default_ports.iter().copied())
        .collect();
    ports.sort_unstable();
    ports.dedup();
    ports
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knowledge_loads_and_answers_by_name() {
        assert!(is_not_a_server("sleep") && !is_not_a_server("nginx"));
        assert_eq!(
            program("nginx")
                .unwrap()
                .reload_for("nginx: master process"),
            Some("kill -HUP {pid}")
        );
        let haproxy = program("haproxy").unwrap();
        assert_eq!(
            haproxy.reload_for("haproxy -Ws -f /etc/haproxy/haproxy.cfg"),
            Some("kill -USR2 {pid}")
        );
        assert_eq!(
            haproxy.reload_for("haproxy -f /etc/haproxy/haproxy.cfg"),
            None
        );
        assert!(default_ports(["fluvio"]).contains(&9011));
    }
}
