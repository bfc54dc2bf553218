//! From `listen` directives to the sockets nginx opens, with the errors nginx itself
//! reports while merging them (`ngx_http_add_addresses`, `ngx_stream_add_addrs`) and the
//! sharing it does on purpose: server blocks on one address:port share a socket, and an
//! address without `bind` beside a wildcard on its port is served by the wildcard's socket.

use std::collections::HashMap;
use std::net::IpAddr;

use super::listen::{Context, Listen, Target};
use crate::config::address::{ANY_V4, ANY_V6, Host};
use crate::config::model::{
    Binding, BindingKind, ConfigIssueKind, Extraction, Format, Origin, SkipReason,
};
use crate::model::Protocol;

/// One `listen` of one `server` block, or the implicit `*:80` of a server without any.
#[derive(Debug, Clone)]
pub struct Site {
    pub context: Context,
    /// Index of the server block across the whole configuration.
    pub server: usize,
    /// The server's first `server_name`, when it has one.
    pub server_name: Option<String>,
    pub listen: Listen,
    pub origin: Origin,
    pub text: String,
    /// The server has no `listen`; this is nginx's default.
    pub implicit: bool,
}

/// An address, port and protocol: what one socket is keyed by.
type Key = (Protocol, IpAddr, u16);

/// What the listens on one key decided so far.
#[derive(Default)]
struct Socket {
    /// Servers on this key and where each first listed it.
    servers: Vec<(usize, Origin, bool)>,
    /// The listen that set socket options, with its `ipv6only` and `reuseport`.
    options: Option<(Origin, Option<bool>, bool)>,
    default_server: Option<Origin>,
    /// Some listen on this key asked for a socket of its own.
    bind: bool,
}

/// Turns the sites of one configuration into bindings and nginx's own errors.
pub fn resolve(sites: &[Site], socket_group: &str, extraction: &mut Extraction) {
    let mut sockets: HashMap<Key, Socket> = HashMap::new();
    // Each site's endpoints, in order, with the key they landed on.
    let mut endpoints: Vec<(&Site, Key)> = Vec::new();

    for site in sites {
        if !site.listen.invalid.is_empty() {
            extraction.issue(
                site.origin.clone(),
                ConfigIssueKind::InvalidListenParameter,
                site.text.clone(),
                None,
            );
        }
        let (host, port) = match &site.listen.target {
            Target::Unix(_) => {
                extraction.skip(
                    site.origin.clone(),
                    SkipReason::NotAnIpSocket,
                    site.text.clone(),
                );
                continue;
            }
            Target::Ip { host, port } => (host, *port),
        };
        let Some(addresses) = host.addresses() else {
            extraction.skip(site.origin.clone(), SkipReason::HostName, site.text.clone());
            continue;
        };
        let protocol = if site.listen.datagram {
            Protocol::Udp
        } else {
            Protocol::Tcp
        };
        for address in addresses {
            let key = (protocol, address, port);
            let socket = sockets.entry(key).or_default();
            if let Some(kind) = merge(socket, site) {
                let related = match kind {
                    ConfigIssueKind::DuplicateListenOptions => {
                        socket.options.as_ref().map(|options| options.0.clone())
                    }
                    ConfigIssueKind::DuplicateDefaultServer => socket.default_server.clone(),
                    _ => socket
                        .servers
                        .iter()
                        .find(|(server, _, _)| {
                            kind != ConfigIssueKind::DuplicateListen || *server == site.server
                        })
                        .map(|(_, origin, _)| origin.clone()),
                };
                extraction.issue(site.origin.clone(), kind, site.text.clone(), related);
            }
            record(socket, site);
            endpoints.push((site, key));
        }
    }

    for (site, key) in endpoints {
        let (protocol, _, port) = key;
        let served_by = serving_address(&sockets, key);
        let options = sockets
            .get(&(protocol, served_by, port))
            .and_then(|socket| socket.options.as_ref());
        let v6only = match served_by {
            IpAddr::V6(v6) if v6.is_unspecified() => {
                // nginx sets IPV6_V6ONLY on by default since 1.3.4.
                Some(options.and_then(|options| options.1).unwrap_or(true))
            }
            _ => None,
        };
        let kind = if site.implicit {
            BindingKind::Default
        } else {
            BindingKind::Listen
        };
        let mut binding = Binding::new(
            served_by,
            port,
            protocol,
            site.origin.clone(),
            kind,
            Format::Nginx,
        );
        binding.v6only = v6only;
        binding.reuseport = options.is_some_and(|options| options.2);
        binding.service = site.server_name.clone();
        binding.socket_group = Some(format!("{socket_group} {}", site.context.name()));
        extraction.bindings.push(binding);
    }
}

/// The first error nginx reports when this site's listen joins the socket, if any.
fn merge(socket: &Socket, site: &Site) -> Option<ConfigIssueKind> {
    let same_server = socket
        .servers
        .iter()
        .any(|(server, _, _)| *server == site.server);
    if same_server {
        return Some(ConfigIssueKind::DuplicateListen);
    }
    if site.context != Context::Http {
        // Before nginx 1.25.5 a stream or mail address:port has one server; since then
        // stream servers may share one when they name themselves with `server_name`.
        let named = site.server_name.is_some();
        let other = socket
            .servers
            .iter()
            .any(|(_, _, other_named)| !(named && *other_named));
        if other {
            return Some(ConfigIssueKind::DuplicateAddressPortPair);
        }
    }
    if site.listen.sets_options && socket.options.is_some() {
        return Some(ConfigIssueKind::DuplicateListenOptions);
    }
    if site.listen.default_server && socket.default_server.is_some() {
        return Some(ConfigIssueKind::DuplicateDefaultServer);
    }
    None
}

fn record(socket: &mut Socket, site: &Site) {
    if !socket
        .servers
        .iter()
        .any(|(server, _, _)| *server == site.server)
    {
        socket
            .servers
            .push((site.server, site.origin.clone(), site.server_name.is_some()));
    }
    if site.listen.sets_options && socket.options.is_none() {
        socket.options = Some((
            site.origin.clone(),
            site.listen.ipv6only,
            site.listen.reuseport,
        ));
    }
    if site.listen.default_server && socket.default_server.is_none() {
        socket.default_server = Some(site.origin.clone());
    }
    socket.bind |= site.listen.bind;
}

/// The address of the socket that serves `key`: the key's own, or the wildcard of its
/// family on its port when there is one and no listen asked for `bind`
/// (`ngx_http_init_listening`).
fn serving_address(sockets: &HashMap<Key, Socket>, key: Key) -> IpAddr {
    let (protocol, address, port) = key;
    if address.is_unspecified() {
        return address;
    }
    let wildcard = match address {
        IpAddr::V4(_) => ANY_V4,
        IpAddr::V6(_) => ANY_V6,
    };
    let own_socket = sockets.get(&key).is_some_and(|socket| socket.bind);
    if !own_socket && sockets.contains_key(&(protocol, wildcard, port)) {
        wildcard
    } else {
        address
    }
}

/// The site nginx adds for a `server` block without `listen` in `http`: `*:80` (as root;
/// `*:8000` otherwise, which portdoc does not assume).
pub fn implicit_listen() -> Listen {
    Listen {
        target: Target::Ip {
            host: Host::Ip(ANY_V4),
            port: 80,
        },
        default_server: false,
        datagram: false,
        reuseport: false,
        ipv6only: None,
        sets_options: false,
        bind: false,
        invalid: Vec::new(),
    }
}
