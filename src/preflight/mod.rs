//! Pre-flight: `check --from` findings for the bindings a configuration will make, before
//! it is deployed. Pure: the extracted bindings, the live verdicts on their ports, the
//! host's settings and the port register in; typed findings, each pointing at a file and
//! line, out. The English is written by the renderer.
//!
//! - `duplicates`: two bindings that would collide with each other (the kernel's overlap
//!   rules, dual-stack included), and what the readers found the program itself refuses;
//! - `live`: bindings whose port the live host already holds (the holder named, as `check`);
//! - `host`: privileged ports for non-root users, the ephemeral range, protected ports,
//!   NodePorts outside the cluster's range;
//! - `register`: the port register's findings.

pub mod duplicates;
pub mod host;
pub mod live;
pub mod register;
pub mod report;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::config::register::RegisterFindingKind;
use crate::config::{Binding, ConfigIssueKind, Origin};
use crate::exit::Status;
use crate::verdict::{Holder, PortStatus};

/// How much a finding matters, and the exit status it gives (as `check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; exit 0.
    Warning,
    /// The binding cannot be made for a reason other than a conflict (a privileged port
    /// for a non-root user, an address the host does not have); exit 3.
    CannotBind,
    /// A conflict: the deploy fails or misbehaves; exit 1.
    Error,
}

impl Severity {
    pub fn exit_status(self) -> Status {
        match self {
            Severity::Warning => Status::Success,
            Severity::CannotBind => Status::CannotBind,
            Severity::Error => Status::Failure,
        }
    }
}

/// What a finding says, with its data.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FindingKind {
    /// Two bindings of the configuration claim a common address on one port and protocol.
    Duplicate {
        /// The binding it collides with (read earlier).
        other: Binding,
    },
    /// A problem the program itself reports when it loads the file (it refuses to start),
    /// or a silent misbehaviour, as the reader found it.
    ConfigIssue {
        issue: ConfigIssueKind,
        /// The directive as written.
        text: String,
    },
    /// The live host holds the port: `check`'s status and the holders, with owners.
    InUse {
        status: PortStatus,
        holders: Vec<Holder>,
    },
    /// The live bind test fails without a holder: permission denied, address unavailable.
    CannotBindHere { status: PortStatus },
    /// A NodePort on which a process of this host listens: kube-proxy's rules take the
    /// traffic before it reaches that process.
    NodePortHeld { holders: Vec<Holder> },
    /// A port below `ip_unprivileged_port_start` for a program that runs as another user.
    PrivilegedPort {
        runs_as: String,
        unprivileged_port_start: u16,
    },
    /// A host port inside `ip_local_port_range`: an outgoing connection can take it first.
    EphemeralRange { first: u16, last: u16 },
    /// A protected host port taken by a host-network pod, a host port or a NodePort.
    ProtectedPort {
        /// `register` (its `protected` list) or `default` (22, 53, 80, 443, 6443, 10250).
        protected_by: &'static str,
    },
    /// A NodePort outside the cluster's range: the API server rejects the Service.
    NodePortRange { first: u16, last: u16 },
    /// What the port register says about the binding.
    Register {
        /// `{"kind": "unallocated" | "allocated-to-other" | "outside-purpose", ...}`.
        register: RegisterFindingKind,
    },
}

impl FindingKind {
    /// The kind's name, as in JSON.
    pub fn name(&self) -> &'static str {
        match self {
            FindingKind::Duplicate { .. } => "duplicate",
            FindingKind::ConfigIssue { .. } => "config-issue",
            FindingKind::InUse { .. } => "in-use",
            FindingKind::CannotBindHere { .. } => "cannot-bind-here",
            FindingKind::NodePortHeld { .. } => "node-port-held",
            FindingKind::PrivilegedPort { .. } => "privileged-port",
            FindingKind::EphemeralRange { .. } => "ephemeral-range",
            FindingKind::ProtectedPort { .. } => "protected-port",
            FindingKind::NodePortRange { .. } => "node-port-range",
            FindingKind::Register { .. } => "register",
        }
    }
}

/// One finding, pointing at a file and line.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Where in the configuration.
    pub origin: Origin,
    /// The binding concerned (`null` for a reader issue about a directive).
    pub binding: Option<Binding>,
    #[serde(flatten)]
    pub kind: FindingKind,
    /// Another line involved: the other binding of a duplicate, the directive a reader issue
    /// clashes with, the register line.
    pub related: Option<Origin>,
}

impl Finding {
    pub fn about(binding: &Binding, severity: Severity, kind: FindingKind) -> Finding {
        Finding {
            severity,
            origin: binding.origin.clone(),
            binding: Some(binding.clone()),
            kind,
            related: None,
        }
    }
}

/// Keeps one finding per configuration line, port, protocol and kind: the IPv4 and IPv6
/// bindings of one line (compose's `8080:80` publishes both) say the same thing once.
pub fn dedupe(findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen = std::collections::HashSet::new();
    findings
        .into_iter()
        .filter(|finding| {
            let binding = finding.binding.as_ref();
            seen.insert((
                finding.origin.clone(),
                binding.map(|binding| (binding.port, binding.protocol)),
                finding.kind.name(),
                finding.related.clone(),
            ))
        })
        .collect()
}
