//! Why a port has its status, as typed reasons. `check`'s notes and `explain`'s facts are both
//! read from these; the words are written only in `render`.

use std::net::IpAddr;

use serde::Serialize;

use crate::kernel::Profile;
use crate::model::Netns;

/// One reason behind a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// A dual-stack `[::]` socket holds the port, so it takes the IPv4 port as well.
    DualStackHolder { endpoint: String },
    /// An IPv4 socket holds the port, so a dual-stack `[::]` bind fails too.
    Ipv4BlocksDualStack { endpoint: String },
    /// TIME_WAIT sockets stop servers without SO_REUSEADDR; servers with it bind.
    TimeWaitBlocksPlain {
        count: usize,
        last_expires_in_ms: Option<u64>,
    },
    /// TIME_WAIT sockets stop every server: at least one comes from a socket without
    /// SO_REUSEADDR (the client side of a connection, or a server that did not set it).
    TimeWaitBlocksEveryServer {
        count: usize,
        last_expires_in_ms: Option<u64>,
    },
    /// Connections hold the port and no socket listens: outgoing connections that got it as
    /// their source port, or connections a closed server accepted. `outgoing` counts those
    /// whose peer port lies outside the ephemeral range (a service's port: this end connected
    /// out); the others most likely came in to a server that has stopped.
    ConnectionsHoldPort {
        count: usize,
        outgoing: usize,
        ephemeral: bool,
    },
    /// Connections that remain from an earlier server with SO_REUSEADDR: a server with it
    /// binds, one without fails.
    ConnectionsBlockPlain { count: usize },
    /// Connections on the port beside its listener: they belong to the holder.
    ConnectionsOfHolder { count: usize },
    /// A socket is bound without listen(): it holds the port, though `ss -l` does not show it.
    BoundNotListening { endpoint: String },
    /// A socket bound with SO_REUSEADDR but not listening: a new server binds and listens,
    /// and then the bound socket's own listen() fails.
    LatentConflict { endpoint: String },
    /// The listener set SO_REUSEPORT: a server of the same uid that sets it binds too, and the
    /// kernel splits the connections between them.
    ReusePortShared { endpoint: String, uid: u32 },
    /// The bind is refused as privileged before any conflict is checked: the port is below
    /// `net.ipv4.ip_unprivileged_port_start` and portdoc lacks CAP_NET_BIND_SERVICE.
    Privileged { unprivileged_port_start: u16 },
    /// The port is privileged, so the test bind is refused before the kernel checks
    /// conflicts; the socket table shows a socket that holds it.
    HeldBehindPrivilege,
    /// The port is privileged and TIME_WAIT sockets remain; whether they stop a server cannot
    /// be tested as this user.
    TimeWaitUntestable {
        count: usize,
        last_expires_in_ms: Option<u64>,
    },
    /// The port is privileged: it binds because portdoc may bind privileged ports; a server
    /// running as another user needs CAP_NET_BIND_SERVICE.
    PrivilegedBindsHere { unprivileged_port_start: u16 },
    /// EACCES on a port that is not privileged: a security module or a cgroup BPF program.
    SecurityPolicy,
    /// The address is not configured on this host (in this network namespace).
    AddressNotLocal { address: IpAddr },
    /// This host has no IPv6: only IPv4 was tested.
    NoIpv6,
    /// The kernel refused a probe and no socket in this namespace's table explains it
    /// (portdoc looked twice).
    Unexplained {
        profile: Profile,
        /// Whether the kernel lists bound-only sockets here (Linux >= 6.5 through sock_diag).
        bound_sockets_listed: bool,
    },
    /// Inside `net.ipv4.ip_local_port_range` and not reserved: outgoing connections can take it.
    Ephemeral {
        first: u16,
        last: u16,
        /// `net.ipv4.ip_local_reserved_ports` now, which a fix must extend, not replace.
        reserved: Vec<(u16, u16)>,
    },
    /// In Kubernetes' NodePort range on a Kubernetes node.
    NodePort,
    /// Free here, but held in other network namespaces.
    OtherNetns { holders: Vec<ElsewhereHolder> },
    /// Owners of some of the sockets could not be inspected as this user.
    OwnersHidden {
        count: usize,
        /// The command to repeat with sudo; `null` when even root was refused.
        rerun_with_sudo: Option<String>,
    },
    /// `--listening`: a socket is bound on the port but has not called listen().
    NotListeningYet { endpoint: String },
    /// `--listening --addr`: something listens on the port, but not for that address.
    ListensElsewhere { endpoint: String, address: IpAddr },
}

/// A socket that holds the port in another network namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct ElsewhereHolder {
    pub endpoint: String,
    pub netns: Netns,
}
