//! One socket with everything known about it and its holders.

use std::net::IpAddr;
use std::sync::Arc;

use serde::Serialize;

use crate::model::{Family, MatchedBy, Netns, Process, Protocol, SocketState, endpoint};

/// One socket with everything known about it and its holders.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
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
