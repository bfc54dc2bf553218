//! Names for containers and pods, read from files the runtimes leave on the host, so that
//! no daemon needs to be asked: Docker's `config.v2.json`, Podman's `containers.json` and
//! event log, the kubelet's `/var/log/pods`.

use std::net::IpAddr;

use crate::model::Container;

const DOCKER_CONTAINERS: &str = "/var/lib/docker/containers";
const POD_LOGS: &str = "/var/log/pods";

/// Fills the container's name, and its pod's namespace and name, where the host says.
pub fn name(container: &mut Container) {
    if let Some(id) = &container.id {
        container.name = match container.runtime.as_str() {
            "docker" => docker_name_of(id),
            "podman" => super::podman::container_name(id, None),
            _ => None,
        };
    }
    if let Some(pod) = &container.pod_id {
        container.pod_name = super::podman::pod_name(pod);
    }
    if let Some(uid) = &container.pod_uid
        && let Some((namespace, pod)) = pod_names(uid)
    {
        container.pod_namespace = Some(namespace);
        container.pod_name = Some(pod);
    }
}

fn docker_config(id: &str) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(format!("{DOCKER_CONTAINERS}/{id}/config.v2.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// A Docker container's name, by id (a shim's `-id` argument too: only a plain id names a
/// directory).
pub fn docker_name_of(id: &str) -> Option<String> {
    if id.is_empty() || !id.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        return None;
    }
    docker_config(id).and_then(|config| docker_name(&config))
}

/// `"Name": "/web"` → `web`.
fn docker_name(config: &serde_json::Value) -> Option<String> {
    let name = config.get("Name")?.as_str()?;
    Some(name.trim_start_matches('/').to_string())
}

/// The Docker container with this address on one of its networks, by name.
pub fn docker_container_at(address: IpAddr) -> Option<String> {
    let wanted = address.to_string();
    std::fs::read_dir(DOCKER_CONTAINERS)
        .ok()?
        .flatten()
        .filter_map(|entry| docker_config(&entry.file_name().to_string_lossy()))
        .find(|config| {
            config
                .pointer("/NetworkSettings/Networks")
                .and_then(|networks| networks.as_object())
                .is_some_and(|networks| {
                    networks.values().any(|network| {
                        network.get("IPAddress").and_then(|ip| ip.as_str()) == Some(wanted.as_str())
                    })
                })
        })
        .and_then(|config| docker_name(&config))
}

/// `/var/log/pods/<namespace>_<pod>_<uid>` → (namespace, pod).
fn pod_names(uid: &str) -> Option<(String, String)> {
    let suffix = format!("_{uid}");
    std::fs::read_dir(POD_LOGS)
        .ok()?
        .flatten()
        .find_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rest = name.strip_suffix(&suffix)?;
            let (namespace, pod) = rest.split_once('_')?;
            Some((namespace.to_string(), pod.to_string()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_names_drop_the_leading_slash() {
        let config: serde_json::Value = serde_json::json!({ "Name": "/web", "ID": "3f2a" });
        assert_eq!(docker_name(&config).as_deref(), Some("web"));
        assert_eq!(docker_name(&serde_json::json!({})), None);
    }
}
