//! The kernel's bind rules, in one place: which addresses overlap (dual-stack, v4-mapped,
//! `net.ipv6.bindv6only`), which listener serves an address, and which kind of server an
//! existing socket stops from binding.
//!
//! Written after `inet_rcv_saddr_equal`, `inet_bind_conflict` and `udp_lib_lport_inuse` in
//! Linux's `net/ipv4/inet_connection_sock.c` and `net/ipv4/udp.c`, and checked against the
//! running kernel by `tests/kernel_rules.rs`, which binds every pair of addresses for real.

pub mod profile;

use std::net::IpAddr;

use crate::model::{NetSettings, Protocol, Socket, SocketState};

pub use profile::Profile;

/// An address as the kernel compares it: IPv4-mapped IPv6 addresses are IPv4, and an IPv6
/// wildcard is either dual-stack (also takes IPv4) or IPv6-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub address: IpAddr,
    /// Only meaningful for the IPv6 wildcard: IPV6_V6ONLY is set.
    pub v6only: bool,
}

impl Endpoint {
    /// `address` as a server binds it; an IPv6 wildcard is bound dual-stack unless `v6only`.
    pub fn new(address: IpAddr, v6only: bool) -> Endpoint {
        Endpoint {
            address: normalized(address),
            v6only,
        }
    }

    /// Where an existing socket is bound; IPV6_V6ONLY defaults to `net.ipv6.bindv6only`
    /// when the source did not report it.
    pub fn of_socket(socket: &Socket, settings: &NetSettings) -> Endpoint {
        Endpoint::new(
            socket.local_address,
            socket.v6only.unwrap_or(settings.bindv6only),
        )
    }

    /// An IPv6 wildcard bound dual-stack: it also takes the IPv4 port.
    pub fn is_dual_stack_wildcard(&self) -> bool {
        self.address.is_ipv6() && self.address.is_unspecified() && !self.v6only
    }
}

/// The address as IPv4 when it is IPv4 or IPv4-mapped IPv6 (`::ffff:127.0.0.1`,
/// `::ffff:0.0.0.0`): the kernel treats a socket bound to a mapped address as IPv4.
pub fn normalized(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    }
}

/// Whether two bound endpoints claim a common address, so that on the same port one's bind
/// conflicts with the other (subject to the socket options in [`blocking`]). Symmetric.
pub fn overlap(first: Endpoint, second: Endpoint) -> bool {
    match (first.address, second.address) {
        (IpAddr::V4(_), IpAddr::V4(_)) | (IpAddr::V6(_), IpAddr::V6(_)) => {
            first.address.is_unspecified()
                || second.address.is_unspecified()
                || first.address == second.address
        }
        (IpAddr::V6(_), IpAddr::V4(_)) => first.is_dual_stack_wildcard(),
        (IpAddr::V4(_), IpAddr::V6(_)) => second.is_dual_stack_wildcard(),
    }
}

/// Whether a listener bound at `listener` accepts connections addressed to `destination`.
/// A wildcard destination asks for a wildcard listener of that family.
pub fn serves(listener: Endpoint, destination: IpAddr) -> bool {
    let destination = normalized(destination);
    match (listener.address, destination) {
        (IpAddr::V4(_), IpAddr::V4(_)) | (IpAddr::V6(_), IpAddr::V6(_)) => {
            listener.address.is_unspecified() || listener.address == destination
        }
        (IpAddr::V6(_), IpAddr::V4(_)) => listener.is_dual_stack_wildcard(),
        (IpAddr::V4(_), IpAddr::V6(_)) => false,
    }
}

/// How an existing socket treats a new bind of some profile on its port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Blocking {
    /// It does not stand in the way (another protocol, no common address).
    Passes,
    /// It blocks unless it set SO_REUSEADDR itself, which the kernel does not report for
    /// TIME_WAIT, bound-only and connected sockets: the probes tell.
    UnlessItReusesAddress,
    /// It blocks (a listener, or any UDP socket a server without SO_REUSEADDR meets), unless
    /// both set SO_REUSEPORT under the same uid.
    Blocks,
}

/// A bind a new server makes on the socket's port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewBind {
    pub protocol: Protocol,
    pub at: Endpoint,
    pub reuse_address: bool,
}

impl NewBind {
    pub fn of(profile: Profile, protocol: Protocol, at: Endpoint) -> NewBind {
        NewBind {
            protocol,
            at,
            reuse_address: profile.sets_reuse_address(protocol),
        }
    }
}

/// Whether `socket` stands in the way of the new bind on its port.
///
/// TCP (`inet_bind_conflict`): a listener conflicts with every bind; any other socket in the
/// port's bind bucket (TIME_WAIT, bound-only, connections) is skipped only when both it and
/// the new socket set SO_REUSEADDR. UDP (`udp_lib_lport_inuse`): every socket conflicts
/// unless both set SO_REUSEADDR, and the UDP profile does not.
pub fn blocking(socket: &Socket, bind: NewBind, settings: &NetSettings) -> Blocking {
    if socket.protocol != bind.protocol
        || !overlap(Endpoint::of_socket(socket, settings), bind.at)
        || !holds_port(socket)
    {
        return Blocking::Passes;
    }
    match (socket.protocol, socket.state) {
        (Protocol::Udp, _) => Blocking::Blocks,
        (Protocol::Tcp, SocketState::Listen) => Blocking::Blocks,
        (Protocol::Tcp, _) if bind.reuse_address => Blocking::UnlessItReusesAddress,
        (Protocol::Tcp, _) => Blocking::Blocks,
    }
}

/// Whether the socket sits in the port's bind table. A connection still in the handshake
/// (SYN_RECV) is a request of its listener, not a socket of its own.
fn holds_port(socket: &Socket) -> bool {
    socket.state != SocketState::SynRecv
}

#[cfg(test)]
mod tests;
