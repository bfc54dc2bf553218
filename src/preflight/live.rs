//! Bindings against the live host: `check`'s verdict on each binding's port and address
//! (one snapshot per address), the holders named. A NodePort that a host process listens
//! on is a warning: kube-proxy's rules take that traffic first.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::config::{Binding, BindingKind};
use crate::kernel::{Endpoint, overlap};
use crate::model::{NetSettings, Target};
use crate::preflight::{Finding, FindingKind, Severity};
use crate::verdict::{PortStatus, PortVerdict};

/// The verdicts of the live check, by the address `check` probed (`None`: the wildcard,
/// `0.0.0.0` and `[::]` dual-stack) and the port.
pub type LiveVerdicts = HashMap<(Option<IpAddr>, Target), PortVerdict>;

/// The address to ask `check` about for a binding: the binding's own, except the IPv6
/// wildcard, which `check` probes dual-stack as `None` (an IPv6-only one is then told
/// apart by the kernel's overlap rules on the holders).
pub fn probe_address(binding: &Binding) -> Option<IpAddr> {
    if binding.address.is_ipv6() && binding.address.is_unspecified() {
        None
    } else {
        Some(binding.address)
    }
}

pub fn target(binding: &Binding) -> Target {
    Target {
        protocol: binding.protocol,
        port: binding.port,
    }
}

/// Findings for every binding whose verdict says the host stands in the way.
pub fn live_findings(
    bindings: &[Binding],
    verdicts: &LiveVerdicts,
    settings: &NetSettings,
) -> Vec<Finding> {
    let mut found = Vec::new();
    for binding in bindings {
        let Some(verdict) = verdicts.get(&(probe_address(binding), target(binding))) else {
            continue;
        };
        let at = Endpoint::new(
            binding.address,
            binding.v6only.unwrap_or(settings.bindv6only),
        );
        let holders: Vec<_> = verdict
            .holders
            .iter()
            .filter(|holder| overlap(Endpoint::of_socket(&holder.socket, settings), at))
            .cloned()
            .collect();
        // Holders the table shows, none of which overlaps this binding (an IPv4 listener and
        // an IPv6-only binding): the dual-stack probe's failure does not concern it. A
        // failure the table does not explain still counts.
        let unconcerned = holders.is_empty() && !verdict.holders.is_empty();
        let finding = match (binding.kind, verdict.status) {
            (BindingKind::NodePort, PortStatus::InUse) if !unconcerned => Finding::about(
                binding,
                Severity::Warning,
                FindingKind::NodePortHeld { holders },
            ),
            (BindingKind::NodePort, _) => continue,
            (_, PortStatus::InUse) if !unconcerned => Finding::about(
                binding,
                Severity::Error,
                FindingKind::InUse {
                    status: verdict.status,
                    holders,
                },
            ),
            // A privileged port refused to this unprivileged user says nothing about the
            // server, which runs as root or with the capability; `host` checks its user.
            (_, PortStatus::PermissionDenied)
                if settings.is_privileged(binding.port) && !settings.can_bind_privileged_ports =>
            {
                continue;
            }
            (_, PortStatus::PermissionDenied | PortStatus::AddressUnavailable) => Finding::about(
                binding,
                Severity::CannotBind,
                FindingKind::CannotBindHere {
                    status: verdict.status,
                },
            ),
            _ => continue,
        };
        found.push(finding);
    }
    found
}
