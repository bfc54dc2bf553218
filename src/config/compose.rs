//! docker compose: the host ports each service publishes, from `ports` in the short
//! syntax (`"127.0.0.1:8080-8081:80-81/udp"`, split as docker's `nat.ParsePortSpec`
//! splits it) and the long one (`target`, `published`, `host_ip`, `protocol`).
//!
//! Docker publishes a port without `host_ip` on `0.0.0.0` and on `[::]` with
//! `IPV6_V6ONLY`; `network_mode: host` makes Docker ignore `ports`.

use std::net::IpAddr;
use std::path::Path;

use super::address::{ANY_V4, ANY_V6, PortProblem, parse_port_range};
use super::error::{ConfigError, ConfigErrorKind};
use super::interpolate;
use super::model::{Binding, BindingKind, Extraction, Format, Origin, SkipReason};
use super::yaml::{self, Node, Value};
use crate::model::Protocol;

pub fn read(text: &str, path: &Path) -> Result<Extraction, ConfigError> {
    let mut extraction = Extraction::default();
    let documents = yaml::load(text, path)?;
    let Some(services) = documents.first().and_then(|root| root.get("services")) else {
        return Ok(extraction);
    };
    for (name, service) in services.entries() {
        let Some(ports) = service.get("ports") else {
            continue;
        };
        let Some(items) = ports.as_sequence() else {
            if ports.is_null() {
                continue;
            }
            return Err(bad(path, ports, ConfigErrorKind::BadValue));
        };
        let host_network = service
            .get("network_mode")
            .and_then(Node::as_str)
            .is_some_and(|mode| mode == "host");
        let runs_as = service
            .get("user")
            .and_then(Node::as_str)
            .and_then(interpolate::compose);
        for item in items {
            let origin = Origin::new(path, item.line);
            if host_network {
                extraction.skip(origin, SkipReason::PortsIgnoredOnHostNetwork, written(item));
                continue;
            }
            let publication = match &item.value {
                Value::Scalar { .. } => short_syntax(item, path)?,
                Value::Mapping(_) => long_syntax(item, path)?,
                Value::Sequence(_) => return Err(bad(path, item, ConfigErrorKind::BadValue)),
            };
            let publication = match publication {
                Ok(publication) => publication,
                Err(reason) => {
                    extraction.skip(origin, reason, written(item));
                    continue;
                }
            };
            let origin = Origin::new(path, publication.line);
            let (first, last) = publication.host_ports;
            let addresses = match publication.host_ip {
                Some(address) => vec![address],
                None => vec![ANY_V4, ANY_V6],
            };
            let count =
                extraction.bindings.len() + addresses.len() * (usize::from(last - first) + 1);
            crate::config::check_binding_count(count, &origin, &written(item))?;
            for address in addresses {
                for port in first..=last {
                    let mut binding = Binding::new(
                        address,
                        port,
                        publication.protocol,
                        origin.clone(),
                        BindingKind::HostPort,
                        Format::Compose,
                    );
                    if address == ANY_V6 {
                        binding.v6only = Some(true);
                    }
                    binding.service = Some(name.to_string());
                    binding.runs_as = runs_as.clone();
                    extraction.bindings.push(binding);
                }
            }
        }
    }
    Ok(extraction)
}

/// What one `ports` entry publishes on the host.
struct Publication {
    host_ip: Option<IpAddr>,
    host_ports: (u16, u16),
    protocol: Protocol,
    line: usize,
}

/// A publication, a reason it binds nothing portdoc can check, or an error.
type Parsed = Result<Result<Publication, SkipReason>, ConfigError>;

/// `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, ports or equal-length ranges.
fn short_syntax(item: &Node, path: &Path) -> Parsed {
    let Some(raw) = item.as_str() else {
        return Err(bad(path, item, ConfigErrorKind::BadValue));
    };
    let Some(spec) = interpolate::compose(raw) else {
        return Ok(Err(SkipReason::UnresolvedVariable));
    };
    let (spec, protocol) = match spec.rsplit_once('/') {
        Some((spec, protocol)) => (spec.to_string(), protocol.to_ascii_lowercase()),
        None => (spec.clone(), "tcp".to_string()),
    };
    let parts: Vec<&str> = spec.split(':').collect();
    let (host_ip, host_port, container_port) = match parts.as_slice() {
        [container] => ("", "", *container),
        [host, container] => ("", *host, *container),
        [ip, host, container] => (*ip, *host, *container),
        [ip @ .., host, container] => (&spec[..ip.join(":").len()], *host, *container),
        [] => ("", "", ""),
    };
    publication(
        item,
        path,
        host_ip,
        host_port,
        container_port,
        &protocol,
        item.line,
    )
}

/// `target`, `published`, `host_ip`, `protocol` (and `mode`, which does not change the
/// host port outside swarm).
fn long_syntax(item: &Node, path: &Path) -> Parsed {
    let text_of = |key: &str| -> Result<Option<String>, SkipReason> {
        match item.get(key).and_then(Node::as_str) {
            None => Ok(None),
            Some(raw) => interpolate::compose(raw)
                .map(Some)
                .ok_or(SkipReason::UnresolvedVariable),
        }
    };
    let fields = (|| {
        Ok((
            text_of("target")?,
            text_of("published")?,
            text_of("host_ip")?,
            text_of("protocol")?,
        ))
    })();
    let (target, published, host_ip, protocol) = match fields {
        Ok(fields) => fields,
        Err(reason) => return Ok(Err(reason)),
    };
    let Some(target) = target else {
        return Err(bad(path, item, ConfigErrorKind::MissingArgument));
    };
    let line = item.get("published").map_or(item.line, |node| node.line);
    publication(
        item,
        path,
        host_ip.as_deref().unwrap_or_default(),
        published.as_deref().unwrap_or_default(),
        &target,
        &protocol
            .unwrap_or_else(|| "tcp".into())
            .to_ascii_lowercase(),
        line,
    )
}

fn publication(
    item: &Node,
    path: &Path,
    host_ip: &str,
    host_port: &str,
    container_port: &str,
    protocol: &str,
    line: usize,
) -> Parsed {
    let refuse = |kind| Err(ConfigError::at(path, line, kind, written(item)));
    let range_problem = |problem| match problem {
        PortProblem::BadPort => ConfigErrorKind::BadPort,
        PortProblem::BadRange => ConfigErrorKind::BadPortRange,
    };
    let protocol = match protocol {
        "tcp" => Protocol::Tcp,
        "udp" => Protocol::Udp,
        "sctp" => return Ok(Err(SkipReason::UnsupportedProtocol)),
        _ => return refuse(ConfigErrorKind::BadValue),
    };
    let container = match parse_port_range(container_port.trim()) {
        Ok(range) => range,
        Err(problem) => return refuse(range_problem(problem)),
    };
    let host_ip = match host_ip.trim() {
        "" => None,
        ip => {
            let bare = ip
                .strip_prefix('[')
                .and_then(|inner| inner.strip_suffix(']'))
                .unwrap_or(ip);
            match bare.parse::<IpAddr>() {
                Ok(address) => Some(address),
                Err(_) => return refuse(ConfigErrorKind::BadAddress),
            }
        }
    };
    if host_port.trim().is_empty() {
        return Ok(Err(SkipReason::RuntimeChosenPort));
    }
    let host = match parse_port_range(host_port.trim()) {
        Ok(range) => range,
        Err(problem) => return refuse(range_problem(problem)),
    };
    let host_length = host.1 - host.0;
    let container_length = container.1 - container.0;
    if host_length != container_length {
        if container_length == 0 {
            // One container port, a host range: Docker picks a free port from the range.
            return Ok(Err(SkipReason::RuntimeChosenPort));
        }
        return refuse(ConfigErrorKind::BadPortRange);
    }
    Ok(Ok(Publication {
        host_ip,
        host_ports: host,
        protocol,
        line,
    }))
}

fn bad(path: &Path, node: &Node, kind: ConfigErrorKind) -> ConfigError {
    ConfigError::at(path, node.line, kind, written(node))
}

/// A `ports` entry as text, for skipped entries and errors.
fn written(node: &Node) -> String {
    match &node.value {
        Value::Scalar { text, .. } => text.clone(),
        Value::Mapping(_) => node
            .entries()
            .filter_map(|(key, value)| Some(format!("{key}: {}", value.as_str()?)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Sequence(_) => "[...]".into(),
    }
}
