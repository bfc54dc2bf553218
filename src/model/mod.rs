//! Plain data shared by every stage: sockets, the processes holding them, and reports.
//!
//! The source fills these types, `check`/`explain` reason over them without I/O, and the
//! renderers print them. Field names are the JSON contract documented in `docs/json.md`.

use std::net::IpAddr;
use std::sync::Arc;

use serde::Serialize;

/// Transport protocol of a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Tcp,
    Udp,
}

impl Protocol {
    pub const ALL: [Protocol; 2] = [Protocol::Tcp, Protocol::Udp];

    pub fn name(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
        }
    }
}

impl std::fmt::Display for Protocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Address family of a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Ipv4,
    Ipv6,
}

impl Family {
    pub fn of(address: &IpAddr) -> Family {
        match address {
            IpAddr::V4(_) => Family::Ipv4,
            IpAddr::V6(_) => Family::Ipv6,
        }
    }
}

/// Socket state, named as `ss` names it. `Bound` is a TCP socket that called `bind()` but
/// neither `listen()` nor `connect()`; `Unconn` is an unconnected UDP socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SocketState {
    Listen,
    Bound,
    Unconn,
    Established,
    SynSent,
    SynRecv,
    FinWait1,
    FinWait2,
    TimeWait,
    CloseWait,
    LastAck,
    Closing,
}

impl SocketState {
    /// The kernel's TCP state number (`include/net/tcp_states.h`), as sock_diag and
    /// `/proc/net/tcp` report it. UDP uses 1 (connected) and 7 (unconnected).
    pub fn from_kernel(protocol: Protocol, state: u8) -> Option<SocketState> {
        use SocketState::*;
        Some(match (protocol, state) {
            (Protocol::Udp, 1) => Established,
            (Protocol::Udp, 7) => Unconn,
            (Protocol::Udp, _) => return None,
            (Protocol::Tcp, 1) => Established,
            (Protocol::Tcp, 2) => SynSent,
            (Protocol::Tcp, 3) | (Protocol::Tcp, 12) => SynRecv,
            (Protocol::Tcp, 4) => FinWait1,
            (Protocol::Tcp, 5) => FinWait2,
            (Protocol::Tcp, 6) => TimeWait,
            (Protocol::Tcp, 8) => CloseWait,
            (Protocol::Tcp, 9) => LastAck,
            (Protocol::Tcp, 10) => Listen,
            (Protocol::Tcp, 11) => Closing,
            // Bound-only sockets: sock_diag reports them as TCP_CLOSE (7) from its bind-table
            // walk; TCP_BOUND_INACTIVE (13) is the request bit. Nothing else is dumped in CLOSE.
            (Protocol::Tcp, 7) | (Protocol::Tcp, 13) => Bound,
            (Protocol::Tcp, _) => return None,
        })
    }

    pub fn name(self) -> &'static str {
        use SocketState::*;
        match self {
            Listen => "LISTEN",
            Bound => "BOUND",
            Unconn => "UNCONN",
            Established => "ESTABLISHED",
            SynSent => "SYN_SENT",
            SynRecv => "SYN_RECV",
            FinWait1 => "FIN_WAIT1",
            FinWait2 => "FIN_WAIT2",
            TimeWait => "TIME_WAIT",
            CloseWait => "CLOSE_WAIT",
            LastAck => "LAST_ACK",
            Closing => "CLOSING",
        }
    }

    /// A socket that owns its local port for new servers: a TCP listener, a bound-only TCP
    /// socket, or any UDP socket.
    pub fn is_listening_or_bound(self) -> bool {
        matches!(
            self,
            SocketState::Listen | SocketState::Bound | SocketState::Unconn
        )
    }
}

impl std::fmt::Display for SocketState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which end of the socket matched the requested port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The socket's local port is the requested port: it holds the port on this host.
    LocalPort,
    /// Only the remote port matched: an outgoing connection to that port elsewhere.
    RemotePort,
}

/// The container a process runs in, as read from its cgroup path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// Kubernetes pod name, from the same directory.
    pub pod_name: Option<String>,
}

impl std::fmt::Display for Container {
    /// `container docker 3f2a9c1e5b7d`, `containerd ... (pod 8d4f…)`, `kubernetes pod (pod …)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.name, &self.id) {
            (Some(name), Some(id)) => write!(
                f,
                "container {} {name} ({})",
                self.runtime,
                &id[..id.len().min(12)]
            )?,
            (None, Some(id)) => {
                write!(f, "container {} {}", self.runtime, &id[..id.len().min(12)])?
            }
            (_, None) => write!(f, "{} pod", self.runtime)?,
        }
        match (&self.pod_namespace, &self.pod_name, &self.pod_uid) {
            (Some(namespace), Some(name), _) => write!(f, " (pod {namespace}/{name})")?,
            (_, _, Some(uid)) => write!(f, " (pod {uid})")?,
            _ => {}
        }
        Ok(())
    }
}

/// A process that holds a port on behalf of a container (a port forwarder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forwarder {
    /// `docker-proxy`, `dockerd` (userland proxy off), `rootlessport`, `slirp4netns`, `pasta`,
    /// `conmon`, `crio`, `containerd`, `kube-proxy`.
    pub kind: String,
    /// The container address it forwards to, when its arguments say (`172.17.0.2:80`).
    pub target: Option<String>,
    /// The container at that address, when it can be named without asking the daemon.
    pub container: Option<String>,
}

/// The network namespace a socket lives in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
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
    /// systemd unit from the process's cgroup (`nginx.service`, `session-3.scope`).
    pub systemd_unit: Option<String>,
    /// True when `systemd_unit` belongs to a user's service manager (`systemctl --user`).
    pub systemd_user_unit: bool,
    /// Container or pod from the process's cgroup.
    pub container: Option<Container>,
    /// When the process forwards a port to a container: which kind, and where to.
    pub forwarder: Option<Forwarder>,
}

/// One socket with everything known about it and its holders.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Socket {
    /// `tcp` or `udp`.
    pub protocol: Protocol,
    /// `ipv4` or `ipv6`.
    pub family: Family,
    /// Local address; `0.0.0.0` or `::` for a wildcard bind.
    pub local_address: IpAddr,
    /// Local port.
    pub local_port: u16,
    /// Remote address, `null` for listening, bound-only and unconnected sockets.
    pub remote_address: Option<IpAddr>,
    /// Remote port, `null` like `remote_address`.
    pub remote_port: Option<u16>,
    /// Socket state.
    pub state: SocketState,
    /// Socket inode; 0 for sockets no process holds (TIME_WAIT, orphans).
    pub inode: u64,
    /// Uid that created the socket; `null` where the platform does not say (macOS, Windows).
    pub uid: Option<u32>,
    /// User name of `uid`.
    pub user: Option<Arc<str>>,
    /// For TIME_WAIT (and other timer-driven states): milliseconds until the kernel drops it.
    pub expires_in_ms: Option<u64>,
    /// Receive queue: for a listener, connections waiting in the accept queue; `null` where
    /// the platform does not say.
    pub recv_queue: Option<u32>,
    /// Send queue: for a listener, the accept backlog (maximum queue length); `null` likewise.
    pub send_queue: Option<u32>,
    /// For IPv6 listeners and bound sockets: whether IPV6_V6ONLY is set (`false` = dual-stack,
    /// also takes the IPv4 port). `null` when not reported.
    pub v6only: Option<bool>,
    /// Which end matched the requested port.
    pub matched_by: MatchedBy,
    /// Every process with a file descriptor on this socket.
    pub processes: Vec<Arc<Process>>,
    /// `false` when the socket may be held by a process this user cannot inspect.
    pub owner_visible: bool,
    /// The network namespace the socket lives in; `null` on platforms without them.
    pub netns: Option<Arc<Netns>>,
}

impl Socket {
    /// Whether the socket lives in portdoc's own network namespace (always, on platforms
    /// without namespaces).
    pub fn in_current_netns(&self) -> bool {
        self.netns.as_ref().is_none_or(|netns| netns.current)
    }

    /// `address:port` with IPv6 in brackets, as users type it.
    pub fn local_endpoint(&self) -> String {
        endpoint(&self.local_address, self.local_port)
    }

    pub fn remote_endpoint(&self) -> Option<String> {
        Some(endpoint(&self.remote_address?, self.remote_port?))
    }
}

/// `address:port`, IPv6 in brackets.
pub fn endpoint(address: &IpAddr, port: u16) -> String {
    match address {
        IpAddr::V4(v4) => format!("{v4}:{port}"),
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
    }
}

/// What `who` found: the JSON document of `who --json`.
#[derive(Debug, Clone, Serialize)]
pub struct WhoReport {
    /// Host name of the machine.
    pub host: String,
    /// Matching sockets, local-port matches first.
    pub sockets: Vec<Socket>,
    /// `false` when some process could not be inspected, so owners may be missing.
    pub complete: bool,
    /// Human-readable warnings about what could not be seen.
    pub warnings: Vec<String>,
    /// When nothing holds the ports here (and `--all-netns` was not given): the sockets on
    /// them in other network namespaces (containers, `ip netns`).
    pub other_netns: Vec<Socket>,
}

/// Kernel settings of the current network namespace that decide what can be bound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetSettings {
    /// `net.ipv4.ip_local_port_range`: ports the kernel picks for outgoing connections.
    pub ephemeral_ports: (u16, u16),
    /// `net.ipv4.ip_local_reserved_ports`: excluded from the ephemeral range.
    pub reserved_ports: Vec<(u16, u16)>,
    /// `net.ipv4.ip_unprivileged_port_start`: ports below need CAP_NET_BIND_SERVICE.
    pub unprivileged_port_start: u16,
    /// `net.ipv6.bindv6only`: the default of IPV6_V6ONLY for new sockets.
    pub bindv6only: bool,
    /// Whether this process may bind ports below `unprivileged_port_start`.
    pub can_bind_privileged_ports: bool,
    /// `net.ipv4.ip_nonlocal_bind`: binding addresses not on the host is allowed.
    pub nonlocal_bind: bool,
    /// This host is a Kubernetes node (`/var/lib/kubelet` exists): NodePorts matter.
    pub kubernetes_node: bool,
}

impl Default for NetSettings {
    fn default() -> NetSettings {
        NetSettings {
            ephemeral_ports: (32768, 60999),
            reserved_ports: Vec::new(),
            unprivileged_port_start: 1024,
            bindv6only: false,
            can_bind_privileged_ports: false,
            nonlocal_bind: false,
            kubernetes_node: false,
        }
    }
}

impl NetSettings {
    /// Inside the ephemeral range and not reserved: outgoing connections may take it.
    pub fn is_ephemeral(&self, port: u16) -> bool {
        let (first, last) = self.ephemeral_ports;
        (first..=last).contains(&port) && !self.is_reserved(port)
    }

    pub fn is_reserved(&self, port: u16) -> bool {
        self.reserved_ports
            .iter()
            .any(|&(first, last)| (first..=last).contains(&port))
    }

    pub fn is_privileged(&self, port: u16) -> bool {
        port < self.unprivileged_port_start
    }

    /// Kubernetes' default NodePort range, 30000-32767, on a Kubernetes node.
    pub fn is_nodeport(&self, port: u16) -> bool {
        self.kubernetes_node && (30000..=32767).contains(&port)
    }
}

/// The answer `check` gives for one port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PortStatus {
    /// A server can bind it, and no TIME_WAIT socket remains.
    Free,
    /// A server setting SO_REUSEADDR can bind it; TIME_WAIT sockets make others fail.
    TimeWait,
    /// The bind fails with EADDRINUSE.
    InUse,
    /// The bind fails with EACCES (privileged port, security module).
    PermissionDenied,
    /// The bind fails with EADDRNOTAVAIL (the address is not on this host).
    AddressUnavailable,
    /// `--listening`: something listens on the port.
    Listening,
    /// `--listening`: nothing listens on the port.
    NotListening,
}

impl PortStatus {
    pub fn name(self) -> &'static str {
        match self {
            PortStatus::Free => "free",
            PortStatus::TimeWait => "time-wait",
            PortStatus::InUse => "in-use",
            PortStatus::PermissionDenied => "permission-denied",
            PortStatus::AddressUnavailable => "address-unavailable",
            PortStatus::Listening => "listening",
            PortStatus::NotListening => "not-listening",
        }
    }
}

impl std::fmt::Display for PortStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One bind attempt of the probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BindAttempt {
    /// The address bound (`::` is bound dual-stack).
    pub address: IpAddr,
    /// `bound`, `in-use`, `permission-denied`, `address-unavailable`, `family-unsupported`,
    /// or `{"failed": "<message>"}`.
    pub outcome: crate::gather::probe::BindOutcome,
}

/// `check`'s finding for one port.
#[derive(Debug, Clone, Serialize)]
pub struct PortCheck {
    pub port: u16,
    pub protocol: Protocol,
    /// The address a server would bind: `0.0.0.0` for the default wildcard check (which also
    /// binds `[::]` dual-stack), or the `--addr` given.
    pub address: IpAddr,
    pub status: PortStatus,
    /// Sockets that make the bind fail (or, when free, that remain on the port), with owners.
    pub holders: Vec<Socket>,
    /// TIME_WAIT sockets on the port that overlap the address.
    pub time_wait: usize,
    /// When the last of them expires.
    pub time_wait_expires_in_ms: Option<u64>,
    /// What the kernel answered to each bind (empty with `--listening`).
    pub binds: Vec<BindAttempt>,
    /// The port lies in `net.ipv4.ip_local_port_range` and is not reserved: outgoing
    /// connections may take it.
    pub ephemeral: bool,
    /// Things a CI user should know, as sentences.
    pub notes: Vec<String>,
}

/// The JSON document of `check --json`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// True when the exit status is 0.
    pub ok: bool,
    pub ports: Vec<PortCheck>,
    /// `false` when some owner could not be inspected.
    pub complete: bool,
    /// Milliseconds spent waiting (`--wait`), 0 otherwise.
    pub waited_ms: u64,
    pub warnings: Vec<String>,
}
