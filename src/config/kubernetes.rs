//! Kubernetes manifests (several documents, `kind: List`): the host ports of workload pod
//! templates (`hostPort`, and every `containerPort` of a pod with `hostNetwork: true`) and
//! the `nodePort`s of NodePort and LoadBalancer Services.

use std::path::Path;

use super::address::{ANY_V4, parse_port};
use super::error::{ConfigError, ConfigErrorKind};
use super::model::{Binding, BindingKind, Extraction, Format, Origin, SkipReason};
use super::yaml::{self, Node};
use crate::model::Protocol;

/// Deepest `kind: List` nesting followed.
const MAX_LIST_DEPTH: usize = 8;

pub fn read(text: &str, path: &Path) -> Result<Extraction, ConfigError> {
    let mut reader = Reader {
        path,
        extraction: Extraction::default(),
    };
    for document in yaml::load(text, path)? {
        reader.object(&document, 0)?;
    }
    Ok(reader.extraction)
}

struct Reader<'a> {
    path: &'a Path,
    extraction: Extraction,
}

impl Reader<'_> {
    fn object(&mut self, object: &Node, depth: usize) -> Result<(), ConfigError> {
        let Some(kind) = object.get("kind").and_then(Node::as_str) else {
            return Ok(());
        };
        let name = object
            .path(&["metadata", "name"])
            .and_then(Node::as_str)
            .unwrap_or_default();
        let namespace = object
            .path(&["metadata", "namespace"])
            .and_then(Node::as_str)
            .unwrap_or("default");
        let service = format!("{kind} {namespace}/{name}");
        let template = match kind {
            "List" | "PodList" | "DeploymentList" | "ServiceList" | "DaemonSetList" => {
                if depth < MAX_LIST_DEPTH {
                    for item in object
                        .get("items")
                        .and_then(Node::as_sequence)
                        .unwrap_or_default()
                    {
                        self.object(item, depth + 1)?;
                    }
                }
                return Ok(());
            }
            "Service" => return self.service(object, &service),
            "Pod" => object.get("spec"),
            "Deployment"
            | "DaemonSet"
            | "StatefulSet"
            | "ReplicaSet"
            | "Job"
            | "ReplicationController" => object.path(&["spec", "template", "spec"]),
            "CronJob" => object.path(&["spec", "jobTemplate", "spec", "template", "spec"]),
            _ => None,
        };
        if let Some(pod) = template {
            self.pod(pod, &service)?;
        }
        Ok(())
    }

    /// Host ports of one pod spec's containers (and of sidecar init containers, which
    /// run beside them).
    fn pod(&mut self, pod: &Node, service: &str) -> Result<(), ConfigError> {
        let host_network = pod.get("hostNetwork").is_some_and(Node::is_true);
        let pod_user = run_as_user(pod);
        let containers = pod
            .get("containers")
            .and_then(Node::as_sequence)
            .unwrap_or_default();
        let sidecars = pod
            .get("initContainers")
            .and_then(Node::as_sequence)
            .unwrap_or_default()
            .iter()
            .filter(|container| {
                container.get("restartPolicy").and_then(Node::as_str) == Some("Always")
            });
        for container in containers.iter().chain(sidecars) {
            let runs_as = run_as_user(container).or_else(|| pod_user.clone());
            for port in container
                .get("ports")
                .and_then(Node::as_sequence)
                .unwrap_or_default()
            {
                self.container_port(port, host_network, service, runs_as.clone())?;
            }
        }
        Ok(())
    }

    fn container_port(
        &mut self,
        port: &Node,
        host_network: bool,
        service: &str,
        runs_as: Option<String>,
    ) -> Result<(), ConfigError> {
        let protocol = match self.protocol(port)? {
            Some(protocol) => protocol,
            None => return Ok(()),
        };
        let (number_node, kind) = match (port.get("hostPort"), host_network) {
            (_, true) => (port.get("containerPort"), BindingKind::HostNetwork),
            (Some(host_port), false) => (Some(host_port), BindingKind::HostPort),
            (None, false) => return Ok(()),
        };
        let Some(number_node) = number_node else {
            return Ok(());
        };
        let number = self.port_number(number_node)?;
        let address = match (kind, port.get("hostIP").and_then(Node::as_str)) {
            (BindingKind::HostPort, Some(ip)) if !ip.is_empty() => ip
                .parse()
                .map_err(|_| self.error(number_node.line, ConfigErrorKind::BadAddress, ip))?,
            _ => ANY_V4,
        };
        let mut binding = Binding::new(
            address,
            number,
            protocol,
            Origin::new(self.path, number_node.line),
            kind,
            Format::Kubernetes,
        );
        binding.service = Some(service.to_string());
        binding.runs_as = runs_as;
        self.extraction.bindings.push(binding);
        Ok(())
    }

    /// `nodePort`s of a NodePort or LoadBalancer Service; one left out is allocated by the
    /// API server at creation.
    fn service(&mut self, object: &Node, service: &str) -> Result<(), ConfigError> {
        let Some(spec) = object.get("spec") else {
            return Ok(());
        };
        let kind = spec
            .get("type")
            .and_then(Node::as_str)
            .unwrap_or("ClusterIP");
        let allocates = match kind {
            "NodePort" => true,
            "LoadBalancer" => !spec
                .get("allocateLoadBalancerNodePorts")
                .and_then(Node::as_str)
                .is_some_and(|value| value.eq_ignore_ascii_case("false")),
            _ => false,
        };
        if !allocates {
            return Ok(());
        }
        for port in spec
            .get("ports")
            .and_then(Node::as_sequence)
            .unwrap_or_default()
        {
            let Some(protocol) = self.protocol(port)? else {
                continue;
            };
            let Some(node_port) = port.get("nodePort") else {
                let written = port
                    .get("port")
                    .and_then(Node::as_str)
                    .map(|number| format!("port: {number}"))
                    .unwrap_or_default();
                self.extraction.skip(
                    Origin::new(self.path, port.line),
                    SkipReason::RuntimeChosenPort,
                    written,
                );
                continue;
            };
            let number = self.port_number(node_port)?;
            let mut binding = Binding::new(
                ANY_V4,
                number,
                protocol,
                Origin::new(self.path, node_port.line),
                BindingKind::NodePort,
                Format::Kubernetes,
            );
            binding.service = Some(service.to_string());
            self.extraction.bindings.push(binding);
        }
        Ok(())
    }

    /// TCP unless the entry says UDP; `None` (and a skipped entry) for SCTP.
    fn protocol(&mut self, port: &Node) -> Result<Option<Protocol>, ConfigError> {
        match port.get("protocol").and_then(Node::as_str) {
            None | Some("TCP") => Ok(Some(Protocol::Tcp)),
            Some("UDP") => Ok(Some(Protocol::Udp)),
            Some("SCTP") => {
                self.extraction.skip(
                    Origin::new(self.path, port.line),
                    SkipReason::UnsupportedProtocol,
                    "SCTP",
                );
                Ok(None)
            }
            Some(other) => Err(self.error(port.line, ConfigErrorKind::BadValue, other)),
        }
    }

    fn port_number(&self, node: &Node) -> Result<u16, ConfigError> {
        let text = node.as_str().unwrap_or_default();
        parse_port(text).ok_or_else(|| self.error(node.line, ConfigErrorKind::BadPort, text))
    }

    fn error(&self, line: usize, kind: ConfigErrorKind, text: &str) -> ConfigError {
        ConfigError::at(self.path, line, kind, text)
    }
}

/// `securityContext.runAsUser` of a pod or container, as the uid written.
fn run_as_user(node: &Node) -> Option<String> {
    node.path(&["securityContext", "runAsUser"])
        .and_then(Node::as_str)
        .map(str::to_string)
}
