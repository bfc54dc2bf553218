//! The shape of log text: which lines continue a message (stack frames, `Caused by:`,
//! indented fields, traceback lines repeated under a timestamp prefix), so that a failure
//! reported over several lines is read as one.

use std::sync::LazyLock;

use regex::Regex;

use crate::logread::pattern;

/// Log prefixes: timestamps, levels, `[tags]`, `host program[pid]:`, repeated at the start
/// of a line.
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(
        r#"(?x)^(?:
            \s*\[(?:\d[^\]\n]{0,60}|[A-Z]\s\d[^\]\n]{0,60}|[A-Za-z_.\#:/-]{1,80}|[A-Z][a-z]{2}\s[A-Z][a-z]{2}\s[^\]\n]{1,40})\]\s?   # [2026-11-23 20:01:31 +0000] [24043] [ERROR] [stderr#error], tornado's [W 2026-11-23 ...], never [Errno 98]
          | \s*\d{4}[-/]\d\d[-/]\d\d[T\s]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|\s?[+-]\d\d:?\d\d)?\s?  # ISO / Go timestamps
          | \s*\d{1,2}-[A-Z][a-z]{2}-\d{4}\s\d\d:\d\d:\d\d(?:[.,]\d+)?\s?   # 23-Nov-2026 20:06:20.884
          | \s*[A-Z][a-z]{2}\s+\d{1,2}\s\d\d:\d\d:\d\d\s(?:\S+\s)?[\w./-]+(?:\[\d+\])?:\s   # syslog
          | \s*(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL|PANIC|SEVERE|ALERT|EMERG)\b:?\s+
          | \s*\d+:[A-Z]\s\d\d\s\w{3}\s\d{4}\s[\d:.]+\s[\#*]\s                 # redis: 1234:M 23 Nov 2026 20:06:00.123 #
        )+"#,
    )
});

/// The message of a line: the line without its log prefixes.
pub fn message(line: &str) -> &str {
    match PREFIX.find(line) {
        Some(prefix) if prefix.end() < line.len() => &line[prefix.end()..],
        _ => line,
    }
}

/// The shape of a log record's start (`00[KNL]` and `00[NET]` both `00[aaa]`; `Nov 24
/// 01:45:25.210` as `aaa 00 00:00:00.000`): digits and letters folded, punctuation kept. `None`
/// for a line that starts with no digit or bracket (prose, a bare error) or is indented.
pub fn record_shape(line: &str) -> Option<String> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let shape: String = line
        .chars()
        .take(16)
        .map(|character| {
            if character.is_ascii_digit() {
                '0'
            } else if character.is_alphabetic() {
                'a'
            } else {
                character
            }
        })
        .collect();
    let head: String = shape.chars().take(8).collect();
    (head.contains('0') || head.contains('[')).then_some(shape)
}

static CONTINUATION: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(
        r#"(?x)^(?:
            \s                                   # indented: frames, fields, wrapped text
          | at\s | Caused\ by | Suppressed: | \.\.\.\ \d+\ more
          | Traceback | File\ " | During\ handling | The\ above\ exception
          | [}\])] | stack\ traceback | goroutine\ \d | main\.main | note:\ run\ with
          | Emitted\ 'error'\ event | \^ | from\ | \d+:\ 0x | \s*\d+:\s+\w+::
          | in\ (?:function|call\ from)
        )"#,
    )
});

/// Whether a line continues the message of the lines before it.
pub fn continues(line: &str) -> bool {
    let message = message(line);
    // A timestamp prefix followed by an indented traceback line is a continuation too.
    CONTINUATION.is_match(message) || (message.len() < line.len() && message.starts_with(' '))
}

/// A Python exception line, which ends a traceback: `OSError: [Errno 98] ...`,
/// `socket.gaierror: ...`, `KeyboardInterrupt`.
static PYTHON_EXCEPTION: LazyLock<Regex> = LazyLock::new(|| {
    pattern::regex(r"^[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|error)\b(?::|$)")
});

/// The block of each line: a line that does not continue its predecessor starts a block. A
/// line that ends with a colon (`Caused by:`, Jetty's `WARN:...:main:`) introduces the next,
/// and a Python traceback goes on to its exception line.
pub fn block_ids(lines: &[&str]) -> Vec<usize> {
    let mut ids = Vec::with_capacity(lines.len());
    let mut current = 0;
    let mut introduces = false;
    let mut in_traceback = false;
    for (index, line) in lines.iter().enumerate() {
        let message = message(line);
        let ends_traceback = in_traceback && PYTHON_EXCEPTION.is_match(message.trim_start());
        if index > 0
            && !introduces
            && !ends_traceback
            && !continues(line)
            && !line.trim().is_empty()
        {
            current += 1;
        }
        ids.push(current);
        introduces = line.trim_end().ends_with(':');
        if message
            .trim_start()
            .starts_with("Traceback (most recent call last)")
        {
            in_traceback = true;
        } else if ends_traceback || !continues(line) {
            in_traceback = false;
        }
    }
    ids
}

/// The first and last line of each block, by block id.
pub fn spans(ids: &[usize]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (index, &id) in ids.iter().enumerate() {
        match spans.get_mut(id) {
            Some(span) => span.1 = index,
            None => spans.push((index, index)),
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_timestamps_levels_and_tags() {
        assert_eq!(
            message(
                "[2026-11-23 20:01:31 +0000] [24043] [ERROR] Connection in use: ('0.0.0.0', 34463)"
            ),
            "Connection in use: ('0.0.0.0', 34463)"
        );
        assert_eq!(
            message("2026/11/23 20:02:54 listen tcp 0.0.0.0:35500: bind: address already in use"),
            "listen tcp 0.0.0.0:35500: bind: address already in use"
        );
        assert_eq!(
            message("Nov 22 09:12:03 web01 nginx[812]: bind() failed"),
            "bind() failed"
        );
        assert_eq!(
            message("ERROR:    [Errno 98] error while attempting to bind"),
            "[Errno 98] error while attempting to bind"
        );
    }

    #[test]
    fn stack_frames_and_prefixed_traceback_lines_continue_a_message() {
        let lines = [
            "Exception in thread \"main\" java.lang.IllegalStateException: Could not start",
            "\tat Http.start(Http.java:20)",
            "Caused by: java.net.BindException: Address already in use",
            "2026-11-23T20:02:26+0000 [stderr#error]     skt.bind(addr)",
            "INFO:     Shutting down",
        ];
        assert_eq!(block_ids(&lines), [0, 0, 0, 0, 1]);
    }

    #[test]
    fn a_python_traceback_ends_with_its_exception_line() {
        let lines = [
            "Traceback (most recent call last):",
            "  File \"app.py\", line 3, in <module>",
            "    s.bind(('0.0.0.0', 80))",
            "PermissionError: [Errno 13] Permission denied",
            "INFO: shutting down",
            "OSError: not in a traceback",
        ];
        assert_eq!(block_ids(&lines), [0, 0, 0, 0, 1, 2]);
    }
}
