//! Whether a phrase that reports a failure is about binding a socket: certain phrases always
//! are; others need socket words in their message, or a short text that reads like a server's
//! output, and never beside the words of a file, login or connection error.

use std::sync::LazyLock;

use regex::Regex;

use crate::logread::lexicon::{Cue, LEXICON_DATA};
use crate::logread::{Layout, NEIGHBOURS, blocks, endpoint, pattern, programs};

/// Whether a cue counts: a certain one always; an uncertain one when socket words share its
/// message block or neighbours and its own line has no sign of a file or login error, or in a
/// short text when its line has no such sign.
pub fn accept(layout: &Layout, index: usize, cue: Cue, short: bool) -> bool {
    let lines = layout.lines;
    if cue.certain {
        return true;
    }
    let line = lines[index];
    // A line that itself says bind or listen reports a socket's failure, whatever path or
    // configuration it also names (`loading new config: ... listen tcp :80: bind:
    // permission denied`).
    if LEXICON_DATA.operation(line) == Some(crate::logread::Operation::Bind) {
        return true;
    }
    if LEXICON_DATA.has_other_words(&without_source_positions(line)) {
        return false;
    }
    // A nested cause belongs to the error it causes: `Caused by: failed to remove `/x/y.html``
    // then `Caused by: Permission denied (os error 13)` is a file's error.
    let message = blocks::message(line).trim_start();
    if message.starts_with("Caused by:")
        && index > 0
        && LEXICON_DATA.has_other_words(&without_source_positions(lines[index - 1]))
    {
        return false;
    }
    let first = index.saturating_sub(NEIGHBOURS);
    let last = (index + NEIGHBOURS).min(lines.len() - 1);
    // A neighbour that is a record of its own in the same log (`00[KNL] ...` beside `00[NET]
    // ...`) speaks of something else; one in the cue's message block does not. A record that
    // itself reports a failed bind still counts (`ERROR: bind failed`, then `ERROR: System
    // error 13: Permission denied`).
    let own_shape = blocks::record_shape(line);
    let other_record = |other: usize| {
        layout.block_of[other] != layout.block_of[index]
            && own_shape.is_some()
            && blocks::record_shape(lines[other]) == own_shape
            && !LEXICON_DATA
                .cue(lines[other])
                .is_some_and(|cue| cue.certain)
    };
    let nearby = (first..=last)
        .filter(|&other| !other_record(other))
        .chain(layout.block_around(index, 64))
        .any(|other| {
            LEXICON_DATA.has_socket_words(lines[other]) || !endpoint::find(lines[other]).is_empty()
        });
    nearby
        || (short
            && (starts_a_server(lines)
                || is_bare_error(line)
                || programs::identify(line).is_some_and(programs::is_socket_tool)))
}

/// Whether a short text is a server's output: it speaks of serving, starting, listening or
/// ports. (`exim: permission denied` alone is not.)
fn starts_a_server(lines: &[&str]) -> bool {
    static SERVER: LazyLock<Regex> = LazyLock::new(|| {
        pattern::regex(
            r"(?i)serv(?:er|ing|e)\b|\bstart(?:ing|ed|up)?\b|\bdaemon\b|\blisten|\bbind|\bports?\b|\bsocket|\bhttps?\b",
        )
    });
    lines.iter().any(|line| SERVER.is_match(line))
}

/// Whether the line is nothing but an error: `Permission denied`, `{error,eacces}`,
/// `PermissionError: [Errno 13] Permission denied`, with no word naming what was denied.
fn is_bare_error(line: &str) -> bool {
    static ERROR_WORDS: LazyLock<Regex> = LazyLock::new(|| {
        pattern::regex(
            r"(?i)permission|denied|operation|not|permitted|access|eacces|eperm|errno|error|\w*(?:error|exception)\b|\b(?:os|code|kind|message|called|result|unwrap|err|value|on|an)\b|\d+",
        )
    });
    !ERROR_WORDS
        .replace_all(blocks::message(line), "")
        .chars()
        .any(char::is_alphabetic)
}

/// The line without source positions (`at /x/y.pl line 5.`, `/x/y.lua:10:`), whose paths
/// are not the object of the error, nor gawk's socket paths (`/inet4/tcp/80/0/0`).
fn without_source_positions(line: &str) -> String {
    static POSITION: LazyLock<Regex> = LazyLock::new(|| {
        pattern::regex(
            r#"/inet[46]?/(?:tcp|udp)/\S*|(?:\bat )?\S+\.\w+(?::\d+)+:?|\bat \S+ line \d+\.?|\(file "[^"]*" line \d+\)|File "[^"]*", line \d+"#,
        )
    });
    POSITION.replace_all(line, " ").into_owned()
}
