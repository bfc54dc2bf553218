//! Signals `free` sends, by name: the platform's numbers are the source's business.

use serde::Serialize;

/// A signal `portdoc free --signal` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Signal {
    #[serde(rename = "SIGTERM")]
    Term,
    #[serde(rename = "SIGINT")]
    Int,
    #[serde(rename = "SIGHUP")]
    Hup,
    #[serde(rename = "SIGQUIT")]
    Quit,
    #[serde(rename = "SIGKILL")]
    Kill,
    #[serde(rename = "SIGUSR1")]
    Usr1,
    #[serde(rename = "SIGUSR2")]
    Usr2,
}

impl Signal {
    pub const ALL: [Signal; 7] = [
        Signal::Term,
        Signal::Int,
        Signal::Hup,
        Signal::Quit,
        Signal::Kill,
        Signal::Usr1,
        Signal::Usr2,
    ];

    /// `SIGTERM`, as `kill -l` and the JSON name it.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Term => "SIGTERM",
            Signal::Int => "SIGINT",
            Signal::Hup => "SIGHUP",
            Signal::Quit => "SIGQUIT",
            Signal::Kill => "SIGKILL",
            Signal::Usr1 => "SIGUSR1",
            Signal::Usr2 => "SIGUSR2",
        }
    }

    /// Reads `TERM`, `term`, `SIGTERM` or `sigterm`.
    pub fn parse(text: &str) -> Option<Signal> {
        let upper = text.trim().to_ascii_uppercase();
        let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
        Signal::ALL
            .into_iter()
            .find(|signal| &signal.name()[3..] == bare)
    }
}

impl std::fmt::Display for Signal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Signal;

    #[test]
    fn names_parse_with_or_without_the_prefix_in_any_case() {
        assert_eq!(Signal::parse("TERM"), Some(Signal::Term));
        assert_eq!(Signal::parse("sigkill"), Some(Signal::Kill));
        assert_eq!(Signal::parse(" SIGUSR2 "), Some(Signal::Usr2));
        assert_eq!(Signal::parse("9"), None);
        assert_eq!(Signal::parse("SIG"), None);
        assert_eq!(Signal::parse("TERMINATE"), None);
        for signal in Signal::ALL {
            assert_eq!(Signal::parse(signal.name()), Some(signal));
        }
    }
}
