//! Recognises processes that hold a host port on behalf of a container: Docker's
//! docker-proxy (its arguments name the container address) or dockerd with the userland
//! proxy off, rootless Podman's rootlessport, slirp4netns and pasta, conmon, CRI-O,
//! containerd, kube-proxy.

use std::net::IpAddr;

use crate::model::Forwarder;

/// The forwarder a process is, from its name and command line.
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
    let target = (kind == "docker-proxy")
        .then(|| docker_proxy_target(cmdline))
        .flatten();
    Some(Forwarder {
        kind: kind.to_string(),
        container: target.and_then(|(address, _)| super::containers::docker_container_at(address)),
        target: target.map(|(address, port)| crate::model::endpoint(&address, port)),
    })
}

/// `-container-ip 172.17.0.2 -container-port 80` → (172.17.0.2, 80).
pub fn docker_proxy_target(cmdline: &str) -> Option<(IpAddr, u16)> {
    let words: Vec<&str> = cmdline.split_whitespace().collect();
    let value = |flag: &str| -> Option<&str> {
        words
            .iter()
            .position(|word| word.trim_start_matches('-') == flag)
            .and_then(|index| words.get(index + 1).copied())
    };
    Some((
        value("container-ip")?.parse().ok()?,
        value("container-port")?.parse().ok()?,
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
}
