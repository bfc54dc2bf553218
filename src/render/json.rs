//! JSON output: serde serializes the model types; nothing is assembled by hand. Documents are
//! streamed to stdout, not built in memory first (`who --json` on 60k sockets).

use std::io::{BufWriter, Write};

use serde::Serialize;

use crate::verdict::{CheckReport, PortVerdict};

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

/// The document of `check --json`: the verdicts, each with its notes written out.
#[derive(Debug, Serialize)]
pub struct CheckDocument<'a> {
    /// True when the exit status is 0.
    pub ok: bool,
    pub ports: Vec<PortDocument<'a>>,
    pub complete: bool,
    pub waited_ms: u64,
    pub warnings: &'a [String],
}

/// One port of `check --json`.
#[derive(Debug, Serialize)]
pub struct PortDocument<'a> {
    #[serde(flatten)]
    pub verdict: &'a PortVerdict,
    /// The reasons as sentences, for people reading the JSON.
    pub notes: Vec<String>,
}

pub fn check(report: &CheckReport) -> CheckDocument<'_> {
    CheckDocument {
        ok: report.ok,
        ports: report
            .ports
            .iter()
            .map(|verdict| PortDocument {
                verdict,
                notes: crate::render::notes::notes(verdict),
            })
            .collect(),
        complete: report.complete,
        waited_ms: report.waited_ms,
        warnings: &report.warnings,
    }
}

/// Appends `value` as one compact JSON line (JSON Lines: `watch --json`).
pub fn line<T: Serialize>(out: &mut Vec<u8>, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    out.push(b'\n');
    Ok(())
}
