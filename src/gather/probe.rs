//! The real `bind()` probe behind `check` and `suggest`: would a server's bind succeed?
//!
//! The socket table says what exists; only the kernel says whether a bind conflicts (address
//! overlap, SO_REUSEADDR, dual-stack, privileged ports, security modules). So portdoc asks
//! the kernel the way a server would, then closes the socket at once.

use std::io;
use std::net::{IpAddr, SocketAddr};

use serde::Serialize;
use socket2::{Domain, Protocol as SocketProtocol, SockAddr, Socket, Type};

use crate::model::Protocol;

/// What the kernel answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BindOutcome {
    Bound,
    /// EADDRINUSE.
    InUse,
    /// EACCES / EPERM (std maps both to PermissionDenied).
    PermissionDenied,
    /// EADDRNOTAVAIL: the address is not on this host.
    AddressUnavailable,
    /// EAFNOSUPPORT: no IPv6 (or IPv4) on this host.
    FamilyUnsupported,
    /// Anything else, with the system's message.
    Failed(String),
}

/// How the probe binds, mirroring a server's socket options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeOptions {
    /// Set SO_REUSEADDR (nginx, Node, Go, Java and Rust servers do for TCP).
    pub reuse_address: bool,
}

/// Binds (and for TCP, listens on) `address` like a server, then closes the socket. An IPv6
/// wildcard is bound dual-stack (IPV6_V6ONLY off), as most servers bind `[::]`.
pub fn probe(protocol: Protocol, address: SocketAddr, options: ProbeOptions) -> BindOutcome {
    match try_bind(protocol, address, options) {
        Ok(()) => BindOutcome::Bound,
        Err(error) => outcome_of(&error),
    }
}

fn try_bind(protocol: Protocol, address: SocketAddr, options: ProbeOptions) -> io::Result<()> {
    let domain = Domain::for_address(address);
    let (kind, transport) = match protocol {
        Protocol::Tcp => (Type::STREAM, SocketProtocol::TCP),
        Protocol::Udp => (Type::DGRAM, SocketProtocol::UDP),
    };
    let socket = Socket::new(domain, kind, Some(transport))?;
    if options.reuse_address {
        socket.set_reuse_address(true)?;
    }
    if let IpAddr::V6(v6) = address.ip()
        && v6.is_unspecified()
    {
        socket.set_only_v6(false)?;
    }
    socket.bind(&SockAddr::from(address))?;
    // listen() re-checks the port against other bound sockets that set SO_REUSEADDR too:
    // a server would fail there, so the probe must.
    if protocol == Protocol::Tcp {
        socket.listen(1)?;
    }
    Ok(())
}

fn outcome_of(error: &io::Error) -> BindOutcome {
    match error.kind() {
        io::ErrorKind::AddrInUse => BindOutcome::InUse,
        io::ErrorKind::PermissionDenied => BindOutcome::PermissionDenied,
        io::ErrorKind::AddrNotAvailable => BindOutcome::AddressUnavailable,
        _ if crate::source::is_family_unsupported(error) => BindOutcome::FamilyUnsupported,
        _ => BindOutcome::Failed(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REUSE: ProbeOptions = ProbeOptions {
        reuse_address: true,
    };

    #[test]
    fn a_free_loopback_port_binds_and_a_listening_one_does_not() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let busy = listener.local_addr().unwrap();
        assert_eq!(probe(Protocol::Tcp, busy, REUSE), BindOutcome::InUse);
        drop(listener);
        assert_eq!(probe(Protocol::Tcp, busy, REUSE), BindOutcome::Bound);
    }

    #[test]
    fn an_address_not_on_this_host_is_unavailable() {
        let foreign: SocketAddr = "192.0.2.1:8080".parse().unwrap();
        assert_eq!(
            probe(Protocol::Tcp, foreign, REUSE),
            BindOutcome::AddressUnavailable
        );
    }
}
