//! The result of `check --from`: what was read, what was found.

use std::path::PathBuf;

use serde::Serialize;

use crate::config::{Binding, Skipped};
use crate::exit::Status;
use crate::preflight::Finding;

/// Everything `check --from` read and found.
#[derive(Debug, Clone, Serialize)]
pub struct PreflightReport {
    /// True when the exit status is 0 (warnings allowed).
    pub ok: bool,
    /// Every file read, includes in reading order (`-` for stdin).
    pub files: Vec<PathBuf>,
    /// Every binding the configuration will make, with its file and line.
    pub bindings: Vec<Binding>,
    /// Entries not checked, and why (unix sockets, unresolved variables, host names...).
    pub skipped: Vec<Skipped>,
    /// The findings, errors first, then by file and line.
    pub findings: Vec<Finding>,
    /// The port register used, if any.
    pub register: Option<PathBuf>,
    /// Whether the bindings were checked against this host (`false` with `--offline`).
    pub live: bool,
    /// `false` when some holders could not be inspected.
    pub complete: bool,
    pub warnings: Vec<String>,
}

impl PreflightReport {
    /// The worst finding's status: 1 for a conflict, 3 when something cannot bind for
    /// another reason, 0 otherwise.
    pub fn exit_status(&self) -> Status {
        self.findings
            .iter()
            .map(|finding| finding.severity.exit_status())
            .fold(Status::Success, Status::merge)
    }
}
