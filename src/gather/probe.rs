//! The bind probes: portdoc binds a port the way each server profile would (`bind()`, and for
//! TCP `listen()`), records what the kernel answered, and closes the socket at once.
//!
//! The socket table says what exists; only the kernel says whether a bind conflicts (address
//! overlap, SO_REUSEADDR on both sides, dual-stack, privileged ports, security modules), so
//! the probes decide a port's status and the table explains it.

use std::io;
use std::net::{IpAddr, SocketAddr};

use serde::Serialize;
use socket2::{Domain, Protocol as SocketProtocol, SockAddr, Socket, Type};

use crate::kernel::Profile;
use crate::model::Protocol;

/// What the kernel answered to one probe.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub enum ProbeResult {
    /// The bind (and listen) succeeded.
    Bound,
    /// EADDRINUSE.
    InUse,
    /// EACCES or EPERM: a privileged port, or a security module.
    Denied,
    /// EADDRNOTAVAIL: the address is not on this host.
    AddressUnavailable,
    /// EAFNOSUPPORT: no IPv6 (or IPv4) on this host.
    FamilyUnsupported,
    /// Anything else, by its errno name (`ENOBUFS`) or number.
    Other(String),
}

impl ProbeResult {
    /// `ok` or the errno name, as JSON shows it.
    pub fn name(&self) -> &str {
        match self {
            ProbeResult::Bound => "ok",
            ProbeResult::InUse => "EADDRINUSE",
            ProbeResult::Denied => "EACCES",
            ProbeResult::AddressUnavailable => "EADDRNOTAVAIL",
            ProbeResult::FamilyUnsupported => "EAFNOSUPPORT",
            ProbeResult::Other(name) => name,
        }
    }

    pub fn from_error(error: &io::Error) -> ProbeResult {
        match error.kind() {
            io::ErrorKind::AddrInUse => ProbeResult::InUse,
            io::ErrorKind::PermissionDenied => ProbeResult::Denied,
            io::ErrorKind::AddrNotAvailable => ProbeResult::AddressUnavailable,
            _ if crate::source::is_family_unsupported(error) => ProbeResult::FamilyUnsupported,
            _ => ProbeResult::Other(match error.raw_os_error() {
                Some(code) => crate::source::errno_name(code)
                    .map_or_else(|| format!("errno {code}"), str::to_string),
                None => error.kind().to_string(),
            }),
        }
    }
}

impl Serialize for ProbeResult {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One probe: a profile, where it bound, and the kernel's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct Probe {
    /// `reuseaddr`, `plain`, `udp` or `reuseport`.
    pub profile: Profile,
    /// The address bound.
    pub address: IpAddr,
    /// An IPv6 wildcard bound with IPV6_V6ONLY off (it also takes the IPv4 port).
    pub dual_stack: bool,
    /// `ok`, or the errno name (`EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL`, `EAFNOSUPPORT`, ...).
    pub result: ProbeResult,
    /// The uid the probe ran as, when it is not portdoc's own (a reuseport probe runs as the
    /// holder's uid, since SO_REUSEPORT shares a port only within one uid).
    pub as_uid: Option<u32>,
}

/// Interfaces of the link-local IPv6 addresses given as `fe80::1%eth0`: a probe of such an
/// address binds on that interface.
static LINK_LOCAL_SCOPES: std::sync::Mutex<Vec<(std::net::Ipv6Addr, u32)>> =
    std::sync::Mutex::new(Vec::new());

/// Remembers the interface a link-local address was given with.
pub fn remember_scope(address: std::net::Ipv6Addr, scope_id: u32) {
    if let Ok(mut scopes) = LINK_LOCAL_SCOPES.lock() {
        scopes.retain(|(known, _)| *known != address);
        scopes.push((address, scope_id));
    }
}

/// Whether an IPv6 address is link-local (`fe80::/10`): it binds only with an interface.
pub fn is_link_local(address: std::net::Ipv6Addr) -> bool {
    address.segments()[0] & 0xffc0 == 0xfe80
}

/// The address with the interface it was given with, for a link-local IPv6 address.
fn scoped(address: SocketAddr) -> SocketAddr {
    match address {
        SocketAddr::V6(mut v6) if v6.scope_id() == 0 && is_link_local(*v6.ip()) => {
            let scope = LINK_LOCAL_SCOPES.lock().ok().and_then(|scopes| {
                scopes
                    .iter()
                    .find(|(known, _)| known == v6.ip())
                    .map(|(_, scope)| *scope)
            });
            if let Some(scope) = scope {
                v6.set_scope_id(scope);
            }
            SocketAddr::V6(v6)
        }
        other => other,
    }
}

/// Binds `address` like a server of `profile`, then closes the socket. An IPv6 wildcard is
/// bound dual-stack, as most servers bind `[::]`.
pub fn probe(profile: Profile, protocol: Protocol, address: SocketAddr) -> Probe {
    let dual_stack = is_ipv6_wildcard(address.ip());
    let result = match try_bind(profile, protocol, scoped(address)) {
        Ok(()) => ProbeResult::Bound,
        Err(error) => ProbeResult::from_error(&error),
    };
    Probe {
        profile,
        address: address.ip(),
        dual_stack,
        result,
        as_uid: None,
    }
}

/// The reuseport probe as `uid` (portdoc's own uid in process; another uid only as root):
/// a TCP bind that never listens, so the holder's connections are never touched. `None`
/// when it cannot be made (UDP, or another uid without root).
pub fn probe_reuse_port(protocol: Protocol, address: SocketAddr, uid: u32) -> Option<Probe> {
    let own = crate::source::current_uid() == Some(uid);
    let outcome = if own {
        crate::source::bind_with_reuse_port(protocol, scoped(address), None)?
    } else {
        crate::source::bind_with_reuse_port(protocol, scoped(address), Some(uid))?
    };
    Some(Probe {
        profile: Profile::ReusePort,
        address: address.ip(),
        dual_stack: is_ipv6_wildcard(address.ip()),
        result: match outcome {
            Ok(()) => ProbeResult::Bound,
            Err(error) => ProbeResult::from_error(&error),
        },
        as_uid: (!own).then_some(uid),
    })
}

fn is_ipv6_wildcard(address: IpAddr) -> bool {
    address.is_ipv6() && address.is_unspecified()
}

fn try_bind(profile: Profile, protocol: Protocol, address: SocketAddr) -> io::Result<()> {
    let domain = Domain::for_address(address);
    let (kind, transport) = match protocol {
        Protocol::Tcp => (Type::STREAM, SocketProtocol::TCP),
        Protocol::Udp => (Type::DGRAM, SocketProtocol::UDP),
    };
    let socket = Socket::new(domain, kind, Some(transport))?;
    if profile.sets_reuse_address(protocol) && crate::source::SERVERS_SET_REUSEADDR {
        socket.set_reuse_address(true)?;
    }
    if is_ipv6_wildcard(address.ip()) {
        socket.set_only_v6(false)?;
    }
    socket.bind(&SockAddr::from(address))?;
    // listen() checks the port again, against bound sockets that set SO_REUSEADDR too: a
    // server would fail there, so the probe must.
    if protocol == Protocol::Tcp {
        socket.listen(1)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(profile: Profile, address: SocketAddr) -> ProbeResult {
        probe(profile, Protocol::Tcp, address).result
    }

    #[test]
    fn a_free_loopback_port_binds_and_a_listening_one_does_not() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let busy = listener.local_addr().unwrap();
        assert_eq!(result(Profile::ReuseAddress, busy), ProbeResult::InUse);
        assert_eq!(result(Profile::Plain, busy), ProbeResult::InUse);
        drop(listener);
        assert_eq!(result(Profile::ReuseAddress, busy), ProbeResult::Bound);
    }

    #[test]
    fn an_address_not_on_this_host_is_unavailable() {
        let foreign: SocketAddr = "192.0.2.1:8080".parse().unwrap();
        assert_eq!(
            result(Profile::ReuseAddress, foreign),
            ProbeResult::AddressUnavailable
        );
        assert_eq!(
            serde_json::to_value(ProbeResult::AddressUnavailable).unwrap(),
            "EADDRNOTAVAIL"
        );
    }
}
