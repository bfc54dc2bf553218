//! Plain data shared by every stage: protocols, states, targets; sockets, processes and
//! settings in their own files.
//!
//! The source fills these types, the verdict and the diagnosis reason over them without I/O,
//! and the renderers print them. Field names are the JSON contract documented in
//! `docs/json.md`.

mod manager;
mod process;
mod report;
mod settings;
mod signal;
mod socket;

use std::net::IpAddr;

use serde::Serialize;

pub use manager::Manager;
pub use process::{Container, Forwarder, Netns, Process, PublishedPort, short_id, user_label};
pub use report::WhoReport;
pub use settings::NetSettings;
pub use signal::Signal;
pub use socket::Socket;

/// Transport protocol of a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
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
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
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
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
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
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The socket's local port is the requested port: it holds the port on this host.
    LocalPort,
    /// Only the remote port matched: an outgoing connection to that port elsewhere.
    RemotePort,
}

/// One port of one protocol: what `check`, `explain` and `watch` ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Target {
    pub protocol: Protocol,
    pub port: u16,
}

impl std::fmt::Display for Target {
    /// `8080/tcp`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.port, self.protocol)
    }
}

/// `address:port`, IPv6 in brackets.
pub fn endpoint(address: &IpAddr, port: u16) -> String {
    match address {
        IpAddr::V4(v4) => format!("{v4}:{port}"),
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
    }
}
