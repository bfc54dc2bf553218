//! Recognises processes that hold a host port on behalf of a container: Docker's
//! docker-proxy (its arguments name the container address) or dockerd with the userland
//! proxy off, rootless Podman's rootlessport, slirp4netns and pasta, conmon, CRI-O,
//! containerd, kube-proxy; then links each to its container through the runtime's files.

use std::net::IpAddr;

use crate::model::{Forwarder, PublishedPort};
use crate::source::linux::cgroup::CgroupInfo;
use crate::source::linux::{containers, netns, podman};

/// The forwarder a process is, from its name and command line alone.
pub fn forwarder_of(name: &str, cmdline: &str) -> Option<Forwarder> {
    let kind = match name {
        "docker-proxy" => "docker-proxy",
        "dockerd" => "dockerd",
        "rootlessport" | "rootlessport-ch" => "rootlessport",
        "slirp4netns" => "slirp4netns",
        "pasta" | "pasta.avx2" | "passt" => "pasta",
        "conmon" => "conmon",
        "crio" => "crio",
        "kube-proxy" => "kube-proxy",
        name if name.starts_with("containerd") => "containerd",
        _ => return None,
    };
    let mut forwarder = Forwarder {
        kind: kind.to_string(),
        ..Forwarder::default()
    };
    match kind {
        "docker-proxy" => {
            forwarder.runtime = Some("docker".into());
            if let Some((address, port)) = docker_proxy_target(cmdline) {
                forwarder.target = Some(crate::model::endpoint(&address, port));
                forwarder.target_source = Some("arguments".into());
                forwarder.published = docker_proxy_published(cmdline, &forwarder.target);
            }
        }
        "dockerd" => forwarder.runtime = Some("docker".into()),
        "rootlessport" | "slirp4netns" | "pasta" => forwarder.runtime = Some("podman".into()),
        "crio" => forwarder.runtime = Some("cri-o".into()),
        "conmon" => {
            let args = podman::conmon_args(cmdline);
            forwarder.container_id = args.id;
            forwarder.container = args.name;
            forwarder.runtime = args.runtime.map(str::to_string);
        }
        "containerd" => {
            forwarder.container_id = argument(cmdline, "id").map(str::to_string);
            // Docker's containers live in containerd's `moby` namespace.
            forwarder.runtime = Some(match argument(cmdline, "namespace") {
                Some("moby") => "docker".into(),
                _ => "containerd".into(),
            });
        }
        _ => {}
    }
    Some(forwarder)
}

/// Completes a forwarder from the runtime's files: Docker's container at docker-proxy's
/// target, conmon's container name, pod and published ports, the container whose network
/// namespace rootlessport holds open. `cgroup` is the forwarder's own.
pub fn link(forwarder: &mut Forwarder, pid: u32, cmdline: &str, cgroup: &CgroupInfo) {
    match forwarder.kind.as_str() {
        "docker-proxy" => {
            forwarder.container = docker_proxy_target(cmdline)
                .and_then(|(address, _)| containers::docker_container_at(address));
        }
        "containerd" if forwarder.runtime.as_deref() == Some("docker") => {
            forwarder.container = forwarder
                .container_id
                .as_deref()
                .and_then(containers::docker_name_of);
        }
        "conmon" => {
            let Some(id) = forwarder.container_id.clone() else {
                return;
            };
            let bundle = podman::conmon_args(cmdline).bundle;
            if forwarder.container.is_none() {
                forwarder.container = podman::container_name(&id, bundle.as_deref());
            }
            let cni = podman::cni_record(&id);
            if let Some(pod) = &cgroup.podman_pod {
                forwarder.pod_id = Some(pod.clone());
                forwarder.pod_name = podman::pod_name(pod)
                    .or_else(|| cni.as_ref().and_then(|record| record.pod_name.clone()));
            }
            if let Some(record) = cni.filter(|record| !record.published.is_empty()) {
                forwarder.target = single_target(&record.published);
                forwarder.published = record.published;
                forwarder.target_source = Some("cni-cache".into());
            }
        }
        "rootlessport" => {
            if let Some(container) =
                netns::held_namespace(pid).and_then(netns::container_in_namespace)
            {
                forwarder.container_id = container.id.clone();
                forwarder.container = container.name.clone();
                forwarder.pod_name = container.pod_name.clone();
                forwarder.pod_id = container.pod_id.clone();
                forwarder.runtime = Some(container.runtime.clone());
            }
        }
        _ => {}
    }
}

/// The target when every published port goes to the same container port.
fn single_target(published: &[PublishedPort]) -> Option<String> {
    let first = published.first()?.target.clone()?;
    published
        .iter()
        .all(|port| port.target.as_deref() == Some(first.as_str()))
        .then_some(first)
}

/// The value after `-flag` or `--flag`.
fn argument<'a>(cmdline: &'a str, flag: &str) -> Option<&'a str> {
    let words: Vec<&str> = cmdline.split_whitespace().collect();
    words
        .iter()
        .position(|word| word.starts_with('-') && word.trim_start_matches('-') == flag)
        .and_then(|index| words.get(index + 1).copied())
}

/// `-proto tcp -host-ip 127.0.0.1 -host-port 8080` as the one port docker-proxy publishes.
fn docker_proxy_published(cmdline: &str, target: &Option<String>) -> Vec<PublishedPort> {
    let Some(host_port) = argument(cmdline, "host-port").and_then(|port| port.parse().ok()) else {
        return Vec::new();
    };
    vec![PublishedPort {
        protocol: argument(cmdline, "proto").unwrap_or("tcp").to_string(),
        host_address: argument(cmdline, "host-ip")
            .filter(|address| {
                address
                    .parse::<IpAddr>()
                    .is_ok_and(|ip| !ip.is_unspecified())
            })
            .map(str::to_string),
        host_port,
        target: target.clone(),
    }]
}

/// `-container-ip 172.17.0.2 -container-port 80` → (172.17.0.2, 80).
pub fn docker_proxy_target(cmdline: &str) -> Option<(IpAddr, u16)> {
    Some((
        argument(cmdline, "container-ip")?.parse().ok()?,
        argument(cmdline, "container-port")?.parse().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_proxy_names_the_container_address() {
        let cmdline = "/usr/bin/docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8080 -container-ip 172.17.0.2 -container-port 80 -use-listen-fd";
        let forwarder = forwarder_of("docker-proxy", cmdline).unwrap();
        assert_eq!(forwarder.kind, "docker-proxy");
        assert_eq!(forwarder.target.as_deref(), Some("172.17.0.2:80"));
        assert_eq!(forwarder.target_source.as_deref(), Some("arguments"));
        assert_eq!(forwarder.published[0].host_port, 8080);
        assert_eq!(forwarder.published[0].host_address, None);
        assert_eq!(
            docker_proxy_target("docker-proxy --container-ip fd00::2 --container-port 443"),
            Some(("fd00::2".parse().unwrap(), 443))
        );
    }

    #[test]
    fn runtimes_and_rootless_helpers_are_forwarders_and_servers_are_not() {
        for (name, kind) in [
            ("dockerd", "dockerd"),
            ("rootlessport", "rootlessport"),
            ("slirp4netns", "slirp4netns"),
            ("pasta", "pasta"),
            ("conmon", "conmon"),
            ("containerd-shim", "containerd"),
            ("kube-proxy", "kube-proxy"),
        ] {
            assert_eq!(forwarder_of(name, name).unwrap().kind, kind);
        }
        assert_eq!(forwarder_of("nginx", "nginx: master process"), None);
        assert_eq!(
            forwarder_of("docker-proxy", "docker-proxy").unwrap().target,
            None
        );
    }

    #[test]
    fn conmon_and_containerd_shims_name_their_container() {
        let id = "aba68c1af92df636783464ee349b600d0aa83863ad2b35a930d830d9bd906dd4";
        let conmon = forwarder_of(
            "conmon",
            &format!("/usr/bin/conmon --api-version 1 -c {id} -u {id} -n web --exit-command /usr/bin/podman"),
        )
        .unwrap();
        assert_eq!(conmon.container_id.as_deref(), Some(id));
        assert_eq!(conmon.container.as_deref(), Some("web"));
        assert_eq!(conmon.runtime.as_deref(), Some("podman"));
        let shim = forwarder_of(
            "containerd-shim",
            &format!("/usr/bin/containerd-shim-runc-v2 -namespace moby -id {id} -address /run/containerd/containerd.sock"),
        )
        .unwrap();
        assert_eq!(shim.container_id.as_deref(), Some(id));
        assert_eq!(shim.runtime.as_deref(), Some("docker"));
        let kubernetes = forwarder_of(
            "containerd-shim",
            "containerd-shim-runc-v2 -namespace k8s.io -id 3f2a -address /run/containerd/containerd.sock",
        )
        .unwrap();
        assert_eq!(kubernetes.runtime.as_deref(), Some("containerd"));
    }

    #[test]
    fn one_target_only_when_every_published_port_goes_to_it() {
        let port = |host_port, target: &str| PublishedPort {
            protocol: "tcp".into(),
            host_address: None,
            host_port,
            target: Some(target.into()),
        };
        assert_eq!(
            single_target(&[port(80, "10.88.0.2:8080"), port(81, "10.88.0.2:8080")]).as_deref(),
            Some("10.88.0.2:8080")
        );
        assert_eq!(
            single_target(&[port(80, "10.88.0.2:8080"), port(443, "10.88.0.2:8443")]),
            None
        );
        assert_eq!(single_target(&[]), None);
    }
}
