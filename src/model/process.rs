//! Processes that hold sockets, and where they run: container, forwarder, network namespace.

use std::sync::Arc;

use serde::Serialize;

/// The container a process runs in, as read from its cgroup path.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct Container {
    /// `docker`, `podman`, `containerd`, `cri-o`, `lxc`, or `kubernetes` when only the pod is known.
    pub runtime: String,
    /// Full container id (64 hex digits for OCI runtimes), `null` when only the pod is known.
    pub id: Option<String>,
    /// Kubernetes pod uid when the process runs in a pod.
    pub pod_uid: Option<String>,
    /// Container name (Docker's config, read without asking the daemon), when readable.
    pub name: Option<String>,
    /// Kubernetes namespace of the pod, from `/var/log/pods/<namespace>_<pod>_<uid>`.
    pub pod_namespace: Option<String>,
    /// Kubernetes pod name, from the same directory; for a Podman pod (`podman pod create`,
    /// `podman kube play`), its name from Podman's files.
    pub pod_name: Option<String>,
    /// Podman pod id, from the cgroup path, when the container runs in a Podman pod.
    pub pod_id: Option<String>,
}

impl std::fmt::Display for Container {
    /// `container docker 3f2a9c1e5b7d`, `containerd ... (pod 8d4f…)`, `kubernetes pod (pod …)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.name, &self.id) {
            (Some(name), Some(id)) => {
                write!(f, "container {} {name} ({})", self.runtime, short_id(id))?
            }
            (None, Some(id)) => write!(f, "container {} {}", self.runtime, short_id(id))?,
            (_, None) => write!(f, "{} pod", self.runtime)?,
        }
        match (&self.pod_namespace, &self.pod_name, &self.pod_uid) {
            (Some(namespace), Some(name), _) => write!(f, " (pod {namespace}/{name})")?,
            (_, _, Some(uid)) => write!(f, " (pod {uid})")?,
            (None, Some(name), None) => write!(f, " (pod {name})")?,
            _ => {
                if let Some(id) = &self.pod_id {
                    write!(f, " (pod {})", short_id(id))?
                }
            }
        }
        Ok(())
    }
}

/// The first 12 characters of a container id, as `docker ps` shows it. Ids come from cgroup
/// paths that delegated users name (an LXC container's name), so they are cut by character.
pub fn short_id(id: &str) -> &str {
    match id.char_indices().nth(12) {
        Some((end, _)) => &id[..end],
        None => id,
    }
}

/// A process that holds a port on behalf of a container (a port forwarder).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct Forwarder {
    /// `docker-proxy`, `dockerd` (userland proxy off), `rootlessport`, `slirp4netns`, `pasta`,
    /// `conmon`, `crio`, `containerd`, `kube-proxy`.
    pub kind: String,
    /// The container address it forwards to (`172.17.0.2:80`): from docker-proxy's
    /// arguments, or the only port the container publishes in the runtime's files.
    pub target: Option<String>,
    /// The container's name, when it can be found without asking the daemon.
    pub container: Option<String>,
    /// The container's full id: conmon's `-c`, containerd-shim's `-id`, the container in the
    /// network namespace that rootlessport holds open.
    pub container_id: Option<String>,
    /// The runtime whose command stops the container: `docker`, `podman`, `containerd`,
    /// `cri-o`; `null` when the forwarder does not say.
    pub runtime: Option<String>,
    /// The Podman pod the container is the infrastructure of (`podman kube play`), by name.
    pub pod_name: Option<String>,
    /// That pod's id, from the forwarder's cgroup.
    pub pod_id: Option<String>,
    /// Every port the container publishes, where the runtime's files list them.
    pub published: Vec<PublishedPort>,
    /// Where `target` and `published` come from: `arguments` (docker-proxy's command line) or
    /// `cni-cache` (`/var/lib/cni/results`, written by CNI's portmap for Podman's bridge).
    pub target_source: Option<String>,
}

/// A port a container publishes on the host, and where its traffic goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct PublishedPort {
    /// `tcp` or `udp`.
    pub protocol: String,
    /// The host address, `null` for every address.
    pub host_address: Option<String>,
    /// The host port.
    pub host_port: u16,
    /// The container address and port it is forwarded to (`10.88.0.2:8080`), `null` when
    /// the container's address is not known.
    pub target: Option<String>,
}

/// The network namespace a socket lives in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct Netns {
    /// Inode of the namespace, as `/proc/PID/ns/net`, `lsns -t net` and `ip netns identify`
    /// show it.
    pub inode: u64,
    /// Name given by `ip netns add` (a file in /run/netns), if any.
    pub name: Option<String>,
    /// Whether it is the namespace portdoc runs in.
    pub current: bool,
    /// The container or pod whose processes live in it, when their cgroup says.
    pub container: Option<Container>,
}

impl std::fmt::Display for Netns {
    /// `blue`, `4026532401 (container docker web (3f2a9c1e5b7d))`, `this namespace`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.current {
            return f.write_str("this network namespace");
        }
        match &self.name {
            Some(name) => write!(f, "netns {name}")?,
            None => write!(f, "netns {}", self.inode)?,
        }
        if let Some(container) = &self.container {
            write!(f, " ({container})")?;
        }
        Ok(())
    }
}

/// The name of a user, or its id when it has none, or `?` where the platform has no uids.
pub fn user_label(user: Option<&str>, uid: Option<u32>) -> String {
    match (user, uid) {
        (Some(name), _) => name.to_string(),
        (None, Some(uid)) => uid.to_string(),
        (None, None) => "?".to_string(),
    }
}

/// A process holding a socket (it has a file descriptor on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct Process {
    /// Process id.
    pub pid: u32,
    /// Parent process id.
    pub ppid: u32,
    /// Kernel command name (`comm`, at most 15 bytes).
    pub name: String,
    /// Full command line, arguments joined by spaces; `[name]` when the process has none.
    pub cmdline: String,
    /// User name of `uid`, `null` when the uid has no name.
    pub user: Option<Arc<str>>,
    /// User id the process runs as (on Linux the owner of `/proc/PID`, its effective uid);
    /// `null` where the platform has no uids (Windows).
    pub uid: Option<u32>,
    /// Executable path, `null` when not readable (another user's process, kernel thread).
    pub exe: Option<String>,
    /// Start time, RFC 3339 with the local offset.
    pub started_at: Option<String>,
    /// The start time as the platform counts it (clock ticks since boot on Linux): with the
    /// pid, it names one process, so that a pid reused since the scan is never signalled.
    #[serde(skip)]
    pub start_ticks: Option<u64>,
    /// systemd unit from the process's cgroup (`nginx.service`, `session-3.scope`).
    pub systemd_unit: Option<String>,
    /// True when `systemd_unit` belongs to a user's service manager (`systemctl --user`).
    pub systemd_user_unit: bool,
    /// Container or pod from the process's cgroup.
    pub container: Option<Container>,
    /// When the process forwards a port to a container: which kind, and where to.
    pub forwarder: Option<Forwarder>,
    /// Open file descriptors (`/proc/PID/fd`), `null` where not readable.
    pub open_fds: Option<u32>,
    /// Its soft `RLIMIT_NOFILE` (`/proc/PID/limits`), `null` where unlimited or not readable.
    pub fd_limit: Option<u64>,
    /// Its hard `RLIMIT_NOFILE`: the soft limit can be raised to it without privilege.
    pub fd_limit_hard: Option<u64>,
}

impl Process {
    /// Open descriptors and limit when at least 90% of the limit is used: the process is
    /// close to failing `accept()` with EMFILE. A limit too large to scale is never near.
    pub fn near_fd_limit(&self) -> Option<(u32, u64)> {
        let (open, limit) = (self.open_fds?, self.fd_limit?);
        (limit > 0 && u64::from(open) * 10 >= limit.saturating_mul(9)).then_some((open, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_byte_container_name_is_cut_by_character() {
        let container = Container {
            runtime: "lxc".into(),
            id: Some("ωωωωωωωωωωωωωω".into()),
            pod_uid: None,
            name: None,
            pod_namespace: None,
            pod_name: None,
            pod_id: None,
        };
        assert_eq!(container.to_string(), "container lxc ωωωωωωωωωωωω");
        assert_eq!(short_id("abc"), "abc");
    }

    fn holding(open_fds: u32, fd_limit: u64) -> Process {
        Process {
            pid: 42,
            ppid: 1,
            name: "server".into(),
            cmdline: "server".into(),
            user: None,
            uid: Some(1000),
            exe: None,
            started_at: None,
            start_ticks: None,
            systemd_unit: None,
            systemd_user_unit: false,
            container: None,
            forwarder: None,
            open_fds: Some(open_fds),
            fd_limit: Some(fd_limit),
            fd_limit_hard: None,
        }
    }

    #[test]
    fn a_process_at_ninety_percent_of_its_descriptor_limit_is_near_it() {
        assert_eq!(holding(900, 1000).near_fd_limit(), Some((900, 1000)));
        assert_eq!(holding(899, 1000).near_fd_limit(), None);
        assert_eq!(holding(0, 0).near_fd_limit(), None);
    }

    /// Found by fuzz/fuzz_targets/render_human.rs: `limit * 9` overflowed (a panic with
    /// overflow checks) for a limit above u64::MAX / 9.
    #[test]
    fn a_limit_too_large_to_scale_is_not_near_and_does_not_overflow() {
        assert_eq!(holding(u32::MAX, u64::MAX).near_fd_limit(), None);
        assert_eq!(holding(7, u64::MAX / 9 + 1).near_fd_limit(), None);
    }
}
