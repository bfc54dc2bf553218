//! Bindings checked against the register: ports it does not allocate, ports allocated to
//! another service, ports outside their purpose's ranges, protected host ports taken by a
//! workload on the host's network.

use serde::Serialize;

use super::Register;
use crate::config::model::{Binding, BindingKind, Origin};

/// What is wrong with one binding in the register's eyes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RegisterFindingKind {
    /// No allocation covers the port (protected ports excepted: they are the host's).
    Unallocated,
    /// The port belongs to another service.
    AllocatedToOther {
        service: String,
        owner: Option<String>,
    },
    /// The port's allocation names a purpose whose ranges leave the port out.
    OutsidePurpose { purpose: String },
    /// A protected host port taken by a host-network, host-port or node-port binding.
    ProtectedPort,
}

impl RegisterFindingKind {
    pub fn name(&self) -> &'static str {
        match self {
            RegisterFindingKind::Unallocated => "unallocated",
            RegisterFindingKind::AllocatedToOther { .. } => "allocated-to-other",
            RegisterFindingKind::OutsidePurpose { .. } => "outside-purpose",
            RegisterFindingKind::ProtectedPort => "protected-port",
        }
    }
}

/// One finding, pointing at the binding and at the register line it contradicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterFinding {
    /// Index into the bindings given to [`findings`].
    pub binding: usize,
    #[serde(flatten)]
    pub kind: RegisterFindingKind,
    /// The allocation, purpose or `protected` line in the register, when one is involved.
    pub register: Option<Origin>,
}

/// Every finding for `bindings`, one per configuration line, port, protocol and kind
/// (the IPv4 and IPv6 bindings of one compose entry give one finding).
pub fn findings(register: &Register, bindings: &[Binding]) -> Vec<RegisterFinding> {
    let mut found: Vec<RegisterFinding> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let at = |line: usize| Some(Origin::new(register.file.clone(), line));
    for (index, binding) in bindings.iter().enumerate() {
        let mut add = |kind: RegisterFindingKind, register_origin: Option<Origin>| {
            let key = (
                binding.origin.clone(),
                binding.port,
                binding.protocol,
                kind.name(),
            );
            if seen.insert(key) {
                found.push(RegisterFinding {
                    binding: index,
                    kind,
                    register: register_origin,
                });
            }
        };
        let protected = register.protected.contains(&binding.port);
        let on_host_network = matches!(
            binding.kind,
            BindingKind::HostNetwork | BindingKind::HostPort | BindingKind::NodePort
        );
        if protected && on_host_network {
            add(RegisterFindingKind::ProtectedPort, None);
        }
        let Some(allocation) = register.allocation(binding.port, binding.protocol) else {
            if !protected {
                add(RegisterFindingKind::Unallocated, None);
            }
            continue;
        };
        if let Some(service) = &binding.service
            && !service_matches(&allocation.service, service)
        {
            add(
                RegisterFindingKind::AllocatedToOther {
                    service: allocation.service.clone(),
                    owner: allocation.owner.clone(),
                },
                at(allocation.line),
            );
            // The purpose of another service's port says nothing about this binding.
            continue;
        }
        if let Some(purpose_name) = &allocation.purpose
            && let Some(purpose) = register.purpose(purpose_name)
            && !purpose
                .ranges
                .iter()
                .any(|range| range.contains(binding.port))
        {
            add(
                RegisterFindingKind::OutsidePurpose {
                    purpose: purpose_name.clone(),
                },
                at(allocation.line),
            );
        }
    }
    found
}

/// Whether the register's service name names the binding's service. Bindings name their
/// service as their format does, so the register's name matches the whole of it, the
/// Kubernetes object name (`Deployment shop/web` → `web`), the first word (`fluvio-spu
/// 5001` → `fluvio-spu`) or a unit name without its suffix (`web.socket` → `web`);
/// case is ignored.
pub fn service_matches(registered: &str, service: &str) -> bool {
    let registered = registered.trim();
    let candidates = [
        Some(service),
        service.rsplit('/').next(),
        service.split_whitespace().next(),
        service.strip_suffix(".socket"),
        service.strip_suffix(".service"),
    ];
    candidates
        .into_iter()
        .flatten()
        .any(|candidate| candidate.eq_ignore_ascii_case(registered))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::model::Format;
    use crate::model::Protocol;

    fn binding(port: u16, kind: BindingKind, service: &str) -> Binding {
        let mut binding = Binding::new(
            "0.0.0.0".parse().unwrap(),
            port,
            Protocol::Tcp,
            Origin::new("c.yaml", usize::from(port)),
            kind,
            Format::Kubernetes,
        );
        binding.service = Some(service.to_string());
        binding
    }

    #[test]
    fn each_kind_of_finding() {
        let register = Register::parse(
            "protected = [443]\n[purposes]\nmetrics = \"9201-9300\"\n[[port]]\nport = 9010\nservice = \"fluvio-spu\"\nowner = \"streaming\"\n[[port]]\nport = 9100\nservice = \"node-exporter\"\npurpose = \"metrics\"\n",
            Path::new("ports.toml"),
        )
        .unwrap();
        let bindings = [
            binding(9010, BindingKind::Listen, "keycloak"),
            binding(9010, BindingKind::Listen, "fluvio-spu 5001"),
            binding(
                9100,
                BindingKind::HostNetwork,
                "DaemonSet monitoring/node-exporter",
            ),
            binding(
                443,
                BindingKind::HostNetwork,
                "DaemonSet kube-system/ingress",
            ),
            binding(8080, BindingKind::Listen, "web"),
        ];
        let kinds: Vec<(usize, &str)> = findings(&register, &bindings)
            .iter()
            .map(|finding| (finding.binding, finding.kind.name()))
            .collect();
        assert_eq!(
            kinds,
            [
                (0, "allocated-to-other"),
                (2, "outside-purpose"),
                (3, "protected-port"),
                (4, "unallocated"),
            ]
        );
    }

    #[test]
    fn service_names_match_across_formats() {
        assert!(service_matches("web", "Deployment shop/web"));
        assert!(service_matches("web", "web.socket"));
        assert!(service_matches("Fluvio-SPU", "fluvio-spu 5001"));
        assert!(!service_matches("web", "webshop"));
    }
}
