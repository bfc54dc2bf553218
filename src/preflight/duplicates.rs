//! Bindings of the configuration that collide with each other, under the kernel's overlap
//! rules (a wildcard takes every address of its family, a dual-stack `[::]` also IPv4's),
//! and the problems the readers found the program itself reports.

use std::collections::HashMap;

use crate::config::{Binding, BindingKind, ConfigIssue, ConfigIssueKind};
use crate::kernel::{Endpoint, overlap};
use crate::model::{NetSettings, Protocol};
use crate::preflight::{Finding, FindingKind, Severity};

/// Every pair of bindings that claim a common address on one port and protocol, reported
/// on the later one. Not a collision: bindings of one socket group (nginx server blocks on
/// one `listen`), two sockets that both set SO_REUSEPORT (the readers report what that
/// does), and the IPv4 and IPv6 bindings of one line. NodePorts collide with NodePorts only,
/// on any address: the API server allocates each once per cluster.
pub fn duplicates(bindings: &[Binding], settings: &NetSettings) -> Vec<Finding> {
    let mut by_port: HashMap<(Protocol, u16), Vec<&Binding>> = HashMap::new();
    for binding in bindings {
        by_port
            .entry((binding.protocol, binding.port))
            .or_default()
            .push(binding);
    }
    let mut found = Vec::new();
    let mut ports: Vec<_> = by_port.into_iter().collect();
    ports.sort_by_key(|(key, _)| *key);
    for (_, group) in ports {
        for (later_index, later) in group.iter().enumerate() {
            let earlier = group[..later_index]
                .iter()
                .find(|earlier| collide(earlier, later, settings));
            if let Some(earlier) = earlier {
                let mut finding = Finding::about(
                    later,
                    Severity::Error,
                    FindingKind::Duplicate {
                        other: (*earlier).clone(),
                    },
                );
                finding.related = Some(earlier.origin.clone());
                found.push(finding);
            }
        }
    }
    found
}

fn collide(first: &Binding, second: &Binding, settings: &NetSettings) -> bool {
    let node_ports = [first.kind, second.kind].map(|kind| kind == BindingKind::NodePort);
    match node_ports {
        [true, true] => return first.origin != second.origin,
        [true, false] | [false, true] => return false,
        [false, false] => {}
    }
    if first.origin == second.origin
        || (first.socket_group.is_some() && first.socket_group == second.socket_group)
        || (first.reuseport && second.reuseport)
    {
        return false;
    }
    let endpoint = |binding: &Binding| {
        Endpoint::new(
            binding.address,
            binding.v6only.unwrap_or(settings.bindv6only),
        )
    };
    overlap(endpoint(first), endpoint(second))
}

/// What the readers found, as findings: what makes the program refuse to start is an
/// error; SO_REUSEPORT pairs that bind but share or shadow traffic are warnings.
pub fn reader_issues(issues: &[ConfigIssue]) -> Vec<Finding> {
    issues
        .iter()
        .map(|issue| Finding {
            severity: match issue.kind {
                ConfigIssueKind::ReusePortSplit | ConfigIssueKind::ReusePortShadow => {
                    Severity::Warning
                }
                _ => Severity::Error,
            },
            origin: issue.origin.clone(),
            binding: None,
            kind: FindingKind::ConfigIssue {
                issue: issue.kind,
                text: issue.text.clone(),
            },
            related: issue.related.clone(),
        })
        .collect()
}
