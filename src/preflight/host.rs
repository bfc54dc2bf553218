//! Bindings checked against the host's settings and the cluster's rules: privileged ports
//! for programs that run as another user, the ephemeral range, protected ports taken by a
//! workload on the host's network, NodePorts outside the cluster's range.

use crate::config::{Binder, Binding, BindingKind, Format};
use crate::model::NetSettings;
use crate::preflight::{Finding, FindingKind, Severity};

/// Host ports a Kubernetes workload on the host's network should not take when no register
/// says: SSH, DNS, HTTP(S), the API server and the kubelet. Without a register these are
/// warnings (an ingress controller on 80/443 is common); a register's `protected` list is
/// the organisation's decision, and its findings are errors.
pub const DEFAULT_PROTECTED: &[u16] = &[22, 53, 80, 443, 6443, 10250];

/// Kubernetes' default `--service-node-port-range`.
pub const DEFAULT_NODE_PORT_RANGE: (u16, u16) = (30000, 32767);

/// What the host rules compare with.
#[derive(Debug, Clone)]
pub struct HostRules<'a> {
    pub settings: &'a NetSettings,
    /// Protected ports when no register gives its own list (`None`: the register decides).
    pub protected: Option<&'a [u16]>,
    pub node_port_range: (u16, u16),
}

pub fn host_findings(bindings: &[Binding], rules: &HostRules) -> Vec<Finding> {
    let mut found = Vec::new();
    for binding in bindings {
        let port = binding.port;
        if binding.kind == BindingKind::NodePort {
            let (first, last) = rules.node_port_range;
            if !(first..=last).contains(&port) {
                found.push(Finding::about(
                    binding,
                    Severity::Error,
                    FindingKind::NodePortRange { first, last },
                ));
            }
        } else if rules.settings.is_ephemeral(port) {
            let (first, last) = rules.settings.ephemeral_ports;
            found.push(Finding::about(
                binding,
                Severity::Warning,
                FindingKind::EphemeralRange { first, last },
            ));
        }
        if binding.kind.binder() == Binder::Program
            && rules.settings.is_privileged(port)
            && let Some(user) = binding
                .runs_as
                .as_deref()
                .filter(|user| !matches!(*user, "root" | "0"))
        {
            found.push(Finding::about(
                binding,
                Severity::CannotBind,
                FindingKind::PrivilegedPort {
                    runs_as: user.to_string(),
                    unprivileged_port_start: rules.settings.unprivileged_port_start,
                },
            ));
        }
        let kubernetes_on_host_network = binding.format == Format::Kubernetes
            && matches!(
                binding.kind,
                BindingKind::HostNetwork | BindingKind::HostPort | BindingKind::NodePort
            );
        if kubernetes_on_host_network
            && let Some(protected) = rules.protected
            && protected.contains(&port)
        {
            found.push(Finding::about(
                binding,
                Severity::Warning,
                FindingKind::ProtectedPort {
                    protected_by: "default",
                },
            ));
        }
    }
    found
}
