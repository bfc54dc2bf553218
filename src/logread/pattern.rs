//! How the reader compiles its regular expressions: word boundaries are ASCII, so that text
//! with any non-ASCII character (a `…`, a replacement character from a lossy read) is still
//! searched by the fast lazy DFA; Unicode `\b` would make it fall back to a far slower engine.

use regex::{Regex, RegexSet, RegexSetBuilder};

/// The lazy DFA's cache for each set: the default (2 MiB) fills on the cue set's bounded
/// repeats, and the search then falls back to a far slower engine too.
const DFA_CACHE: usize = 32 << 20;

/// The pattern with `\b` and `\B` made ASCII. Every pattern of the reader is written for
/// ASCII words (`bind`, `port`, `EADDRINUSE`).
fn with_ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut characters = pattern.chars();
    while let Some(character) = characters.next() {
        if character != '\\' {
            out.push(character);
            continue;
        }
        match characters.next() {
            Some(boundary @ ('b' | 'B')) => {
                out.push_str("(?-u:\\");
                out.push(boundary);
                out.push(')');
            }
            Some(escaped) => {
                out.push('\\');
                out.push(escaped);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// One pattern. Patterns are compiled into the binary and a bad one fails the unit tests.
pub fn regex(pattern: &str) -> Regex {
    Regex::new(&with_ascii_boundaries(pattern)).unwrap_or_else(|error| panic!("{pattern}: {error}"))
}

/// Many patterns searched at once, ignoring case or not.
pub fn set<S: AsRef<str>>(patterns: &[S], case_insensitive: bool) -> RegexSet {
    RegexSetBuilder::new(
        patterns
            .iter()
            .map(|pattern| with_ascii_boundaries(pattern.as_ref())),
    )
    .case_insensitive(case_insensitive)
    .dfa_size_limit(DFA_CACHE)
    .build()
    .unwrap_or_else(|error| panic!("{error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_become_ascii_and_other_escapes_stay() {
        assert_eq!(with_ascii_boundaries(r"\bport\b"), r"(?-u:\b)port(?-u:\b)");
        assert_eq!(with_ascii_boundaries(r"\\b\d\B"), r"\\b\d(?-u:\B)");
        let port = regex(r"(?i)\bport (\d+)\b");
        assert!(port.is_match("… Port 80 …"));
        assert!(!port.is_match("export 80"));
        let words = set(&[r"\bbind\b", r"\blisten\b"], true);
        assert_eq!(words.matches("� BIND �").iter().collect::<Vec<_>>(), [0]);
    }
}
