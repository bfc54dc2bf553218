//! JSON output: serde serializes the model types; nothing is assembled by hand. Documents are
//! streamed to stdout, not built in memory first (`who --json` on 60k sockets).

use std::io::{BufWriter, Write};

use serde::Serialize;

use crate::act::report::{FreeReport, PortOutcome};
use crate::verdict::{CheckReport, PortVerdict};

/// Writes the document, pretty-printed with a final newline, to stdout. A closed pipe
/// (`| head`) is not an error.
pub fn print<T: Serialize>(value: &T) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let result = crate::render::json_escape::to_writer(&mut out, value)
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

/// The document of `free --json`: the report, with the verdict after acting written out.
#[derive(Debug, Serialize)]
pub struct FreeDocument<'a> {
    pub ok: bool,
    pub dry_run: bool,
    pub ports: Vec<FreePortDocument<'a>>,
    pub deliveries: &'a [crate::act::execute::Delivery],
    pub race_free: bool,
    pub waited_ms: u64,
    pub complete: bool,
    pub warnings: &'a [String],
}

/// One port of `free --json`.
#[derive(Debug, Serialize)]
pub struct FreePortDocument<'a> {
    #[serde(flatten)]
    pub plan: &'a crate::act::plan::PortPlan,
    pub result: crate::act::report::Ending,
    pub freed_after_ms: Option<u64>,
    pub after: Option<PortDocument<'a>>,
}

pub fn free(report: &FreeReport) -> FreeDocument<'_> {
    FreeDocument {
        ok: report.ok,
        dry_run: report.dry_run,
        ports: report
            .ports
            .iter()
            .map(|port: &PortOutcome| FreePortDocument {
                plan: &port.plan,
                result: port.result,
                freed_after_ms: port.freed_after_ms,
                after: port.after.as_ref().map(|verdict| PortDocument {
                    verdict,
                    notes: crate::render::notes::notes(verdict),
                }),
            })
            .collect(),
        deliveries: &report.deliveries,
        race_free: report.race_free,
        waited_ms: report.waited_ms,
        complete: report.complete,
        warnings: &report.warnings,
    }
}

/// Appends `value` as one compact JSON line (JSON Lines: `watch --json`).
pub fn line<T: Serialize>(out: &mut Vec<u8>, value: &T) -> std::io::Result<()> {
    crate::render::json_escape::to_writer_compact(&mut *out, value)
        .map_err(std::io::Error::from)?;
    out.push(b'\n');
    Ok(())
}
