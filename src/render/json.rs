//! JSON output: serde serializes the model types; nothing is assembled by hand. Documents are
//! streamed to stdout, not built in memory first (`who --json` on 60k sockets).

use std::io::{BufWriter, Write};

use serde::Serialize;

/// Writes the document, pretty-printed with a final newline, to stdout. A closed pipe
/// (`| head`) is not an error.
pub fn print<T: Serialize>(value: &T) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let result = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match result {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
