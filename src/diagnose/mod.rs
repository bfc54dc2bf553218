//! `portdoc explain`: from a port or a pasted error line to findings with fixes.
//!
//! `logline` reads failures out of text, `facts` gathers what is true about the port once,
//! `rules` loads the declarative rule table, and `diagnose` matches one against the other.

pub mod commands;
pub mod engine;
pub mod exhaustion;
pub mod facts;
pub mod knowledge;
pub mod rules;
mod values;

use serde::Serialize;

use crate::gather::probe::Probe;
use crate::model::Socket;
use crate::verdict::{PortStatus, Reason};
use engine::Finding;
use facts::{Facts, Subject};

/// The JSON document of `explain --json` for one subject.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct ExplainReport {
    pub subject: Subject,
    /// The verdict's status for the port, `null` without a port.
    pub status: Option<PortStatus>,
    /// The bind probes behind the status (empty without a port).
    pub probes: Vec<Probe>,
    /// The verdict's typed reasons (empty without a port).
    pub reasons: Vec<Reason>,
    pub findings: Vec<Finding>,
    /// Every socket on the port, as `who` reports them.
    pub sockets: Vec<Socket>,
    /// When nothing holds the port here: its sockets in other network namespaces.
    pub other_netns: Vec<Socket>,
    /// `false` when some owner could not be inspected.
    pub complete: bool,
    pub warnings: Vec<String>,
}

impl ExplainReport {
    pub fn new(facts: Facts, findings: Vec<Finding>) -> ExplainReport {
        let (probes, reasons) = facts
            .verdict
            .as_ref()
            .map_or_else(Default::default, |verdict| {
                (verdict.probes.clone(), verdict.reasons.clone())
            });
        ExplainReport {
            status: facts.status(),
            probes,
            reasons,
            subject: facts.subject,
            findings,
            sockets: facts.sockets,
            other_netns: facts.other_netns,
            complete: facts.complete,
            warnings: facts.warnings,
        }
    }

    pub fn has_error(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == rules::Severity::Error)
    }
}
