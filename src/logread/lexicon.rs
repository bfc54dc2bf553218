//! The vocabulary of bind failures, loaded from `lexicon.toml`: error cues, the words that
//! make an uncertain cue a socket failure (or a file error), and protocol words.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde::Deserialize;

use crate::logread::{BindError, Operation, Platform, pattern};
use crate::model::Protocol;

const LEXICON: &str = include_str!("lexicon.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    cue: Vec<RawCue>,
    context: RawContext,
    protocol: RawProtocol,
    operation: RawOperation,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOperation {
    bind: Vec<String>,
    connect: Vec<String>,
    accept: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCue {
    error: String,
    certain: bool,
    #[serde(default)]
    ambiguous: bool,
    platform: Option<String>,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    socket: Vec<String>,
    not_socket: Vec<String>,
    not_bind: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProtocol {
    udp: Vec<String>,
    tcp: Vec<String>,
}

/// What a cue says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    /// The cause; `None` when the phrase says only that the bind failed.
    pub error: Option<BindError>,
    /// Only a socket operation prints it.
    pub certain: bool,
    /// It names two causes at once: the line's cause stays unknown.
    pub ambiguous: bool,
    pub platform: Option<Platform>,
}

pub struct Lexicon {
    /// Every cue pattern, in order, for a first pass over every line.
    any_cue: RegexSet,
    /// The cue behind each pattern of `any_cue`.
    cues: Vec<Cue>,
    socket: RegexSet,
    not_socket: RegexSet,
    not_bind: RegexSet,
    udp: RegexSet,
    tcp: RegexSet,
    bind_words: RegexSet,
    connect_words: RegexSet,
    accept_words: RegexSet,
}

fn set(patterns: &[String]) -> RegexSet {
    pattern::set(patterns, true)
}

fn error_named(name: &str) -> Option<BindError> {
    match name {
        "EADDRINUSE" => Some(BindError::AddrInUse),
        "EACCES" => Some(BindError::Access),
        "EADDRNOTAVAIL" => Some(BindError::AddrNotAvailable),
        "EAFNOSUPPORT" => Some(BindError::FamilyNotSupported),
        "PORT_ALLOCATED" => Some(BindError::PortAllocated),
        "NO_FREE_PORTS" => Some(BindError::NoFreePorts),
        "EMFILE" => Some(BindError::TooManyOpenFiles),
        "ENFILE" => Some(BindError::FileTableFull),
        "CONNTRACK_FULL" => Some(BindError::ConntrackFull),
        "failure" => None,
        other => panic!("lexicon.toml: unknown error {other}"),
    }
}

fn platform_named(name: &str) -> Platform {
    match name {
        "linux" => Platform::Linux,
        "macos" => Platform::Macos,
        "windows" => Platform::Windows,
        other => panic!("lexicon.toml: unknown platform {other}"),
    }
}

/// The lexicon, parsed once. It is compiled into the binary and checked by a unit test, so a
/// mistake in it fails the build's tests, never a user's run.
pub static LEXICON_DATA: LazyLock<Lexicon> = LazyLock::new(|| {
    let raw: RawLexicon =
        toml::from_str(LEXICON).unwrap_or_else(|error| panic!("lexicon.toml: {error}"));
    let mut patterns = Vec::new();
    let mut cues = Vec::new();
    for cue in &raw.cue {
        let meaning = Cue {
            error: error_named(&cue.error),
            certain: cue.certain,
            ambiguous: cue.ambiguous,
            platform: cue.platform.as_deref().map(platform_named),
        };
        for pattern in &cue.patterns {
            patterns.push(pattern.clone());
            cues.push(meaning);
        }
    }
    Lexicon {
        any_cue: set(&patterns),
        cues,
        socket: set(&raw.context.socket),
        not_socket: set(&raw.context.not_socket),
        not_bind: set(&raw.context.not_bind),
        udp: set(&raw.protocol.udp),
        tcp: set(&raw.protocol.tcp),
        bind_words: set(&raw.operation.bind),
        connect_words: set(&raw.operation.connect),
        accept_words: set(&raw.operation.accept),
    }
});

impl Lexicon {
    /// What the line's cues say together: the cause of the first (in lexicon order) that
    /// names one, certain when any of them is (`couldn't open socket: permission denied` is
    /// certain from its first words, EACCES from its last). `None` for a line without a cue,
    /// or one that reports an error of connecting or resolving.
    pub fn cue(&self, line: &str) -> Option<Cue> {
        // Most lines have no cue: a plain search says so faster than collecting every match.
        if !self.any_cue.is_match(line) {
            return None;
        }
        let matches: Vec<Cue> = self
            .any_cue
            .matches(line)
            .iter()
            .map(|index| self.cues[index])
            .collect();
        let first = *matches.first()?;
        if self.not_bind.is_match(line) {
            return None;
        }
        let ambiguous = matches.iter().any(|cue| cue.ambiguous);
        let cause = matches
            .iter()
            .find(|cue| cue.error.is_some() && !ambiguous)
            .copied();
        Some(Cue {
            error: cause.and_then(|cue| cue.error),
            certain: matches.iter().any(|cue| cue.certain),
            ambiguous,
            platform: cause.unwrap_or(first).platform,
        })
    }

    /// Socket words.
    pub fn has_socket_words(&self, text: &str) -> bool {
        self.socket.is_match(text)
    }

    /// Words of a file, login or process error.
    pub fn has_other_words(&self, text: &str) -> bool {
        self.not_socket.is_match(text)
    }

    /// The call a text names, in this order: bind words (a server's own port) before
    /// connect words before accept words.
    pub fn operation(&self, text: &str) -> Option<Operation> {
        if self.bind_words.is_match(text) {
            Some(Operation::Bind)
        } else if self.connect_words.is_match(text) {
            Some(Operation::Connect)
        } else if self.accept_words.is_match(text) {
            Some(Operation::Accept)
        } else {
            None
        }
    }

    /// The protocol a text names, when it names exactly one.
    pub fn protocol(&self, text: &str) -> Option<Protocol> {
        match (self.udp.is_match(text), self.tcp.is_match(text)) {
            (true, false) => Some(Protocol::Udp),
            (false, true) => Some(Protocol::Tcp),
            _ => None,
        }
    }
}

/// The platform of an error number or wording, when it has one: Windows' WSA codes and
/// phrases, then macOS's and Linux's errno numbers anywhere on the line, then the cue's own.
pub fn platform_of(line: &str, cue: &Cue) -> Option<Platform> {
    static WINDOWS: LazyLock<Regex> = LazyLock::new(|| {
        pattern::regex(
            r"(?i)winerror|wsae|\b100(?:48|13|49|47)\b|only one usage of each socket|forbidden by its access permissions|not valid in its context",
        )
    });
    static MACOS: LazyLock<Regex> = LazyLock::new(|| {
        pattern::regex(
            r"(?i)(?:errno|error|code)[\s:=\[]*-?(?:48|49|47)\b|\((?:48|49|47)[:)]|os error (?:48|49|47)\b|can't assign requested address",
        )
    });
    static LINUX: LazyLock<Regex> = LazyLock::new(|| {
        pattern::regex(
            r"(?i)(?:errno|error|code)[\s:=\[]*-?(?:98|99|97|13)\b|\((?:98|99|97|13)[:)]|os error (?:98|99|97|13)\b",
        )
    });
    if WINDOWS.is_match(line) {
        Some(Platform::Windows)
    } else if MACOS.is_match(line) {
        Some(Platform::Macos)
    } else if LINUX.is_match(line) {
        Some(Platform::Linux)
    } else {
        cue.platform
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_loads_and_orders_narrow_phrases_first() {
        let lexicon = &*LEXICON_DATA;
        let thin = lexicon
            .cue("no acceptor (port is in use or requires root privileges)")
            .unwrap();
        assert_eq!(thin.error, None, "two causes named: neither is claimed");
        let nginx = lexicon
            .cue("bind() to 0.0.0.0:80 failed (98: Address already in use)")
            .unwrap();
        assert_eq!(nginx.error, Some(BindError::AddrInUse));
        assert!(!lexicon.cue("Permission denied").unwrap().certain);
        assert_eq!(
            lexicon.protocol("listen udp 0.0.0.0:53: bind"),
            Some(Protocol::Udp)
        );
        assert_eq!(lexicon.protocol("tcp and udp"), None);
        assert!(lexicon.cue("GET /index.html 200").is_none());
    }
}
