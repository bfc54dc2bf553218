//! `portdoc suggest`: free ports for a server, checked the way `check` checks them.
//!
//! A candidate must have no socket of any state in the table (so no TIME_WAIT leftovers), lie
//! outside the ephemeral range and the reserved ports (unless asked), and bind for every server
//! profile (with and without SO_REUSEADDR), for TCP and with `--udp` for UDP too.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use serde::Serialize;

use crate::gather::probe::{self, ProbeResult};
use crate::kernel::Profile;
use crate::model::{MatchedBy, Protocol};
use crate::source::query::{Backend, PortSet, SocketQuery, StateFilter};

/// Where the search starts when no port is given: the traditional alternate-HTTP range,
/// clear of privileged and ephemeral ports.
pub const DEFAULT_START: u16 = 8000;

#[derive(Debug, Clone)]
pub struct SuggestOptions {
    /// First and last port to consider.
    pub range: (u16, u16),
    pub count: usize,
    /// Also require the port to be free for UDP.
    pub udp_too: bool,
    /// Address the server will bind; `None` = the wildcard, `0.0.0.0` and `[::]`.
    pub address: Option<IpAddr>,
    /// Allow ports in the ephemeral range and reserved ports.
    pub allow_ephemeral: bool,
    /// Ports never to suggest (the other default ports of the program that wants one).
    pub avoid: Vec<u16>,
    pub backend: Backend,
}

/// The JSON document of `suggest --json`.
#[derive(Debug, Serialize)]
pub struct Suggestion {
    /// Free ports, ascending; fewer than asked when the range ran out.
    pub ports: Vec<u16>,
}

/// Finds up to `count` free ports in the range, in ascending order.
pub fn suggest(options: &SuggestOptions) -> anyhow::Result<Suggestion> {
    let protocols: &[Protocol] = if options.udp_too {
        &Protocol::ALL
    } else {
        &[Protocol::Tcp]
    };
    let (first, last) = options.range;
    let query = SocketQuery {
        ports: protocols
            .iter()
            .map(|&protocol| (protocol, PortSet::from_ranges([(first, last)])))
            .collect(),
        states: StateFilter::All,
        include_remote: false,
        include_bound: true,
        backend: options.backend,
    };
    let mut taken = vec![false; usize::from(last - first) + 1];
    for socket in crate::source::list_sockets(&query)?.sockets {
        if socket.matched_by == MatchedBy::LocalPort && (first..=last).contains(&socket.local_port)
        {
            taken[usize::from(socket.local_port - first)] = true;
        }
    }
    let settings = crate::source::net_settings();
    let addresses: Vec<IpAddr> = match options.address {
        Some(address) => vec![address],
        None => vec![
            IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        ],
    };
    let mut ports = Vec::with_capacity(options.count);
    for port in first..=last {
        if ports.len() == options.count {
            break;
        }
        if taken[usize::from(port - first)]
            || options.avoid.contains(&port)
            || (!options.allow_ephemeral
                && (settings.is_ephemeral(port) || settings.is_reserved(port)))
        {
            continue;
        }
        let binds_everywhere = protocols.iter().all(|&protocol| {
            Profile::deciding(protocol).iter().all(|&profile| {
                addresses.iter().all(|&address| {
                    let made = probe::probe(profile, protocol, SocketAddr::new(address, port));
                    made.result == ProbeResult::Bound
                        || (made.result == ProbeResult::FamilyUnsupported
                            && options.address.is_none())
                })
            })
        });
        if binds_everywhere {
            ports.push(port);
        }
    }
    Ok(Suggestion { ports })
}
