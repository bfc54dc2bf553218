//! Turning results into bytes: `human` for people, `json` for scripts.

pub mod human;
pub mod json;
pub mod json_escape;
pub mod man;
pub mod notes;
pub mod sanitize;

use std::io::{IsTerminal, Write};

use crate::cli::ColorChoice;

/// Whether to color: `auto` means stdout is a terminal, `NO_COLOR` is unset or empty, and
/// `TERM` is not `dumb`.
pub fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && std::env::var_os("TERM").is_none_or(|term| term != "dumb")
        }
    }
}

/// Writes to stdout; a closed pipe (`portdoc who | head -1`) is not an error.
pub fn emit(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Prints `value` as JSON when asked, otherwise the human text `human` renders.
pub fn output<T: serde::Serialize>(
    as_json: bool,
    value: &T,
    human: impl FnOnce() -> String,
) -> std::io::Result<()> {
    if as_json {
        json::print(value)
    } else {
        emit(&human())
    }
}

/// Writes `portdoc: MESSAGE` to stderr, escaped for the terminal (a message may quote a
/// file's bytes or another process's name). A stderr that cannot be written to (closed,
/// `/dev/full`) is ignored: the exit status still says what happened.
pub fn error_line(message: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "portdoc: {}", sanitize::sanitize(message));
}

/// Replaces the progress line on stderr (`check --wait` on a terminal); an empty text clears it.
pub fn progress(text: &str) -> std::io::Result<()> {
    let mut stderr = std::io::stderr().lock();
    write!(stderr, "\r\x1b[K{text}").and_then(|()| stderr.flush())
}
