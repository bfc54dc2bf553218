//! Reads bind failures out of pasted error text: one line, a stack trace, or a whole log.
//!
//! The reader is lexical and driven by data: `lexicon.toml` says which phrases report a
//! failure (and which need socket words beside them), `endpoint` finds addresses and ports
//! while rejecting file positions, times and pids, `blocks` groups the lines of one message
//! (stack frames, `Caused by:`), and `programs.toml` names the program. Lines that report
//! the same failure close together form one incident, which takes its port from the most
//! specific place: the failing line first, then its message block, then its neighbours.

mod accept;
mod blocks;
mod endpoint;
mod incident;
mod lexicon;
mod pattern;
mod programs;

use std::collections::HashSet;
use std::net::IpAddr;

use serde::Serialize;

use crate::model::Protocol;
use endpoint::Found;
use lexicon::{Cue, LEXICON_DATA};

pub use programs::known as known_programs;

/// The kind of failure a line reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub enum BindError {
    #[serde(rename = "EADDRINUSE")]
    AddrInUse,
    #[serde(rename = "EACCES")]
    Access,
    #[serde(rename = "EADDRNOTAVAIL")]
    AddrNotAvailable,
    #[serde(rename = "EAFNOSUPPORT")]
    FamilyNotSupported,
    /// Docker: "Bind for 0.0.0.0:8080 failed: port is already allocated".
    #[serde(rename = "PORT_ALLOCATED")]
    PortAllocated,
    /// Kubernetes scheduler: "node(s) didn't have free ports for the requested pod ports".
    #[serde(rename = "NO_FREE_PORTS")]
    NoFreePorts,
    /// A process ran out of file descriptors ("Too many open files").
    #[serde(rename = "EMFILE")]
    TooManyOpenFiles,
    /// The system's file table is full ("Too many open files in system").
    #[serde(rename = "ENFILE")]
    FileTableFull,
    /// The kernel's connection tracking table is full ("nf_conntrack: table full").
    #[serde(rename = "CONNTRACK_FULL")]
    ConntrackFull,
}

impl BindError {
    pub fn name(self) -> &'static str {
        match self {
            BindError::AddrInUse => "EADDRINUSE",
            BindError::Access => "EACCES",
            BindError::AddrNotAvailable => "EADDRNOTAVAIL",
            BindError::FamilyNotSupported => "EAFNOSUPPORT",
            BindError::PortAllocated => "PORT_ALLOCATED",
            BindError::NoFreePorts => "NO_FREE_PORTS",
            BindError::TooManyOpenFiles => "EMFILE",
            BindError::FileTableFull => "ENFILE",
            BindError::ConntrackFull => "CONNTRACK_FULL",
        }
    }

    /// A resource ran out (descriptors, the file table, conntrack): not a port held twice.
    pub fn is_exhaustion(self) -> bool {
        matches!(
            self,
            BindError::TooManyOpenFiles | BindError::FileTableFull | BindError::ConntrackFull
        )
    }

    pub fn describe(self) -> &'static str {
        match self {
            BindError::AddrInUse => "address already in use",
            BindError::Access => "permission denied",
            BindError::AddrNotAvailable => "cannot assign requested address",
            BindError::FamilyNotSupported => "address family not supported",
            BindError::PortAllocated => "port is already allocated (Docker)",
            BindError::NoFreePorts => "no node has the pod's host ports free (Kubernetes)",
            BindError::TooManyOpenFiles => "too many open files (the process's descriptor limit)",
            BindError::FileTableFull => "too many open files in system (the file table is full)",
            BindError::ConntrackFull => "the connection tracking table is full",
        }
    }
}

/// The socket call that failed, when the text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// `bind()` or `listen()`: a server opening its port.
    Bind,
    /// `connect()`: an outgoing connection (its endpoint is the destination).
    Connect,
    /// `accept()`: a server taking a connection.
    Accept,
}

/// The operating system a line's error number or wording comes from, when it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Linux,
    Macos,
    Windows,
}

/// One failure found in the text: a bind failure, or a resource running out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogFailure {
    /// The line that reported the error, trimmed.
    pub line: String,
    pub address: Option<IpAddr>,
    /// Every address the failure's lines name for its port (Apache tries `[::]:80`, then
    /// `0.0.0.0:80`), the first being `address`.
    #[serde(skip)]
    pub addresses: Vec<IpAddr>,
    /// A host name given instead of an address (`db.internal:5432`).
    pub host: Option<String>,
    pub port: Option<u16>,
    /// The protocol, when the text names it; `None` means it may be either.
    pub protocol: Option<Protocol>,
    /// The cause; `None` when the text says the bind failed without saying why.
    pub error: Option<BindError>,
    /// The call that failed, when the text says: a connect() that gets EADDRNOTAVAIL is out
    /// of local ports, not binding an address the host lacks.
    pub operation: Option<Operation>,
    /// The program that printed it, when the text says (`nginx`, `uvicorn`, `keycloak`).
    pub program: Option<String>,
    pub platform: Option<Platform>,
}

impl LogFailure {
    /// A resource ran out (see [`is_exhaustion`]).
    pub fn is_exhaustion(&self) -> bool {
        is_exhaustion(self.error, self.operation)
    }
}

/// Whether a failure reports a resource that ran out: descriptors, the file table,
/// conntrack, or the local ports of outgoing connections (connect() failing with
/// EADDRNOTAVAIL or EADDRINUSE).
pub fn is_exhaustion(error: Option<BindError>, operation: Option<Operation>) -> bool {
    error.is_some_and(BindError::is_exhaustion)
        || (operation == Some(Operation::Connect)
            && matches!(
                error,
                Some(BindError::AddrNotAvailable | BindError::AddrInUse)
            ))
}

impl Reading {
    /// Keeps a failure within the limit, or counts it as left out.
    fn keep(&mut self, failure: LogFailure, limit: usize) {
        if self.failures.len() < limit {
            self.failures.push(failure);
        } else {
            self.more += 1;
        }
    }
}

/// Process ids a log line names for its writer: nginx's `1234#1234:`, syslog's
/// `name[1234]:`, journald's `_PID=1234`.
pub fn process_ids(line: &str) -> Vec<u32> {
    static PID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        pattern::regex(r"\b(\d{1,9})#\d+: |[A-Za-z][\w.-]*\[(\d{1,9})\]: |\b_PID=(\d{1,9})\b")
    });
    PID.captures_iter(line)
        .filter_map(|captures| {
            captures
                .iter()
                .skip(1)
                .flatten()
                .next()?
                .as_str()
                .parse()
                .ok()
        })
        .collect()
}

/// What the text held: the distinct failures, at most the limit asked, and how many more.
#[derive(Debug, Default)]
pub struct Reading {
    pub failures: Vec<LogFailure>,
    /// Distinct failures beyond the limit, left out.
    pub more: usize,
}

/// The longest line read (longer ones are cut): a line of megabytes is not a log line.
const LINE_LIMIT: usize = 4096;
/// Lines around an incident searched for its endpoint and program.
pub(crate) const NEIGHBOURS: usize = 3;
/// A text this short is one program's output pasted whole: an uncertain cue needs no socket
/// words to count, only the absence of file or login words.
const SHORT_TEXT: usize = 12;
/// A text this short is searched whole for an endpoint its failure does not name nearby.
pub(crate) const WHOLE_TEXT: usize = 80;

/// Every distinct bind failure in the text, in order (no limit).
pub fn parse(text: &str) -> Vec<LogFailure> {
    read(text, usize::MAX).failures
}

/// Every distinct bind failure in the text, in order, at most `limit` of them. The work is
/// linear in the text: a first pass matches every line against the lexicon at once, and
/// only the lines around a failure are read further.
pub fn read(text: &str, limit: usize) -> Reading {
    // Colored logs: escape sequences glue to words (`\x1b[91mPort 80 is already in use`).
    let plain;
    let text = if text.contains('\x1b') {
        plain = without_escapes(text);
        plain.as_str()
    } else {
        text
    };
    let lines: Vec<&str> = text.lines().map(cut).collect();
    let non_empty = lines.iter().filter(|line| !line.trim().is_empty()).count();
    let short = non_empty <= SHORT_TEXT;
    let cues: Vec<(usize, Cue)> = lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| Some((index, LEXICON_DATA.cue(line)?)))
        .collect();
    if cues.is_empty() {
        return Reading::default();
    }
    let block_of = blocks::block_ids(&lines);
    let layout = Layout {
        lines: &lines,
        spans: blocks::spans(&block_of),
        block_of,
        head_program: programs::identify(
            &lines
                .iter()
                .take(200)
                .copied()
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    let accepted: Vec<(usize, Cue)> = cues
        .into_iter()
        .filter(|&(index, cue)| accept::accept(&layout, index, cue, short))
        .collect();
    let mut failures: Vec<LogFailure> = Vec::new();
    for incident in incidents(&accepted, &layout.block_of) {
        failures.extend(incident::read_incident(&layout, &incident));
    }
    merge_and_limit(failures, limit)
}

/// The text without terminal escape sequences (colors, OSC titles).
fn without_escapes(text: &str) -> String {
    static ESCAPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        pattern::regex(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
    });
    ESCAPE.replace_all(text, "").into_owned()
}

/// A line cut to [`LINE_LIMIT`] bytes at a character boundary.
fn cut(line: &str) -> &str {
    if line.len() <= LINE_LIMIT {
        return line;
    }
    let mut end = LINE_LIMIT;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    &line[..end]
}

/// The text as lines, with the message block of each line and the span of each block.
pub(crate) struct Layout<'a> {
    pub lines: &'a [&'a str],
    pub block_of: Vec<usize>,
    pub spans: Vec<(usize, usize)>,
    /// The program the head of the text names (one program's output pasted whole).
    pub head_program: Option<&'static str>,
}

impl Layout<'_> {
    /// The lines of the block a line belongs to, at most `limit` of them around it.
    pub fn block_around(&self, index: usize, limit: usize) -> std::ops::RangeInclusive<usize> {
        let (first, last) = self.spans[self.block_of[index]];
        first.max(index.saturating_sub(limit))..=last.min(index + limit)
    }
}

/// A line that reports a failure, with what its cue says.
pub(crate) type CueLine = (usize, Cue);

/// The cue lines of an incident that name one port (or none), with that port's endpoint.
pub(crate) type PortGroup = (Option<Found>, Vec<CueLine>);

/// Cue lines that report one failure: in one message block, or within a few lines.
fn incidents(accepted: &[(usize, Cue)], block_of: &[usize]) -> Vec<Vec<(usize, Cue)>> {
    let mut incidents: Vec<Vec<(usize, Cue)>> = Vec::new();
    for &(index, cue) in accepted {
        match incidents.last_mut() {
            Some(current)
                if current.last().is_some_and(|&(last, _)| {
                    block_of[last] == block_of[index] || index - last <= NEIGHBOURS
                }) =>
            {
                current.push((index, cue))
            }
            _ => incidents.push(vec![(index, cue)]),
        }
    }
    incidents
}

/// One failure per distinct (address, port, error, protocol). A cause without a port first
/// completes the failures that have a port but no cause; then a failure that names no port
/// is the same failure as one that does, and a failure without a cause is the same as one on
/// its port that states it: both are dropped.
fn merge_and_limit(failures: Vec<LogFailure>, limit: usize) -> Reading {
    // Exhaustion and bind failures are told apart: a descriptor shortage does not complete
    // (or stand for) a bind failure on some port.
    let (exhausted, binding): (Vec<LogFailure>, Vec<LogFailure>) =
        failures.into_iter().partition(LogFailure::is_exhaustion);
    let mut reading = merge_bind_failures(binding, limit);
    let mut seen = HashSet::new();
    for failure in exhausted {
        let key = (
            failure.error,
            failure.operation,
            failure.address,
            failure.port,
        );
        if seen.insert(key) {
            reading.keep(failure, limit);
        }
    }
    reading
}

fn merge_bind_failures(mut failures: Vec<LogFailure>, limit: usize) -> Reading {
    // A cause stated without a port (Java's `Caused by: BindException: Address already in
    // use`) completes a failure on a port that states none (`Failed to bind to /0.0.0.0:80`).
    let causes: Vec<(BindError, Option<Platform>)> = failures
        .iter()
        .filter(|failure| failure.port.is_none())
        .filter_map(|failure| Some((failure.error?, failure.platform)))
        .collect();
    if let Some(&(cause, platform)) = causes.first() {
        for failure in failures
            .iter_mut()
            .filter(|failure| failure.port.is_some() && failure.error.is_none())
        {
            failure.error = Some(cause);
            failure.platform = failure.platform.or(platform);
        }
    }
    let ported: Vec<(Option<u16>, Option<BindError>)> = failures
        .iter()
        .filter(|failure| failure.port.is_some())
        .map(|failure| (failure.port, failure.error))
        .collect();
    let mut seen = HashSet::new();
    let mut reading = Reading::default();
    for failure in failures {
        let redundant = match (failure.port, failure.error) {
            (None, error) => ported
                .iter()
                .any(|&(_, other)| error.is_none() || other == error || other.is_none()),
            (port, None) => ported
                .iter()
                .any(|&(other_port, other)| other_port == port && other.is_some()),
            _ => false,
        };
        let key = (
            failure.address,
            failure.port,
            failure.error,
            failure.protocol,
        );
        if !redundant && seen.insert(key) {
            reading.keep(failure, limit);
        }
    }
    reading
}

#[cfg(test)]
mod tests;
