//! HAProxy: `bind` lines of `frontend`, `listen`, `peers` and `log-forward` sections
//! (`dgram-bind` too), with address prefixes (`ipv4@`, `udp@`, `quic4@`, `unix@`, ...),
//! port ranges and comma-separated addresses.
//!
//! HAProxy sets `SO_REUSEPORT` on its listeners unless `noreuseport` is set globally, so
//! two `bind`s on one port both succeed where a plain server would fail, and the kernel
//! splits or steals connections between them (verified with haproxy 2.6 and Linux 6.18:
//! docs/config.md); portdoc reports that as an issue.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::Path;

use super::address::{ANY_V4, ANY_V6, Host, PortProblem, parse_port_range};
use super::error::{ConfigError, ConfigErrorKind};
use super::model::{Binding, BindingKind, ConfigIssueKind, Extraction, Format, Origin, SkipReason};
use crate::model::Protocol;

/// Sections whose `bind` lines listen.
const LISTENING_SECTIONS: [&str; 4] = ["frontend", "listen", "peers", "log-forward"];
/// Every section keyword: a line starting with one opens a new section.
const SECTIONS: [&str; 17] = [
    "global",
    "defaults",
    "frontend",
    "backend",
    "listen",
    "peers",
    "resolvers",
    "userlist",
    "program",
    "http-errors",
    "ring",
    "log-forward",
    "cache",
    "mailers",
    "crt-store",
    "traces",
    "acme",
];

pub fn read(text: &str, path: &Path) -> Result<Extraction, ConfigError> {
    let mut extraction = Extraction::default();
    let mut section: Option<(String, Option<String>)> = None;
    let mut reuseport = true;
    // Binds in order, with the text of their line, for the split check.
    let mut binds: Vec<(Binding, String)> = Vec::new();

    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let words = words(line).map_err(|kind| ConfigError::at(path, number, kind, line.trim()))?;
        let Some(keyword) = words.first() else {
            continue;
        };
        if SECTIONS.contains(&keyword.as_str()) {
            section = Some((keyword.clone(), words.get(1).cloned()));
            continue;
        }
        let origin = Origin::new(path, number);
        match (section.as_ref(), keyword.as_str()) {
            (Some((kind, _)), "noreuseport") if kind == "global" => reuseport = false,
            (Some((kind, name)), "bind" | "dgram-bind")
                if LISTENING_SECTIONS.contains(&kind.as_str()) =>
            {
                let datagram = keyword == "dgram-bind";
                let found = bind(
                    binds.len(),
                    &words[1..],
                    datagram,
                    &origin,
                    line,
                    &mut extraction,
                )?;
                for binding in found {
                    let mut binding = binding;
                    binding.service = name.clone();
                    binds.push((binding, line.trim().to_string()));
                }
            }
            _ => {}
        }
    }

    for (binding, _) in &mut binds {
        binding.reuseport = reuseport;
    }
    if reuseport {
        report_reuseport_sharing(&binds, &mut extraction);
    }
    extraction.bindings = binds.into_iter().map(|(binding, _)| binding).collect();
    Ok(extraction)
}

/// The bindings of one `bind` line's addresses; parameters `v4v6`/`v6only` decide
/// dual-stack for IPv6 wildcards (default: the kernel's, dual-stack on Linux).
fn bind(
    already: usize,
    arguments: &[String],
    datagram: bool,
    origin: &Origin,
    line: &str,
    extraction: &mut Extraction,
) -> Result<Vec<Binding>, ConfigError> {
    let text = line.trim();
    let Some(addresses) = arguments.first() else {
        return Err(ConfigError::at(
            &origin.file,
            origin.line,
            ConfigErrorKind::MissingArgument,
            text,
        ));
    };
    let parameters = &arguments[1..];
    // `v4v6` asks for the dual-stack socket Linux gives by default anyway.
    let v6only = parameters.iter().any(|parameter| parameter == "v6only");
    let mut bindings = Vec::new();
    for address in addresses.split(',').filter(|address| !address.is_empty()) {
        if address.contains("${") {
            extraction.skip(origin.clone(), SkipReason::UnresolvedVariable, text);
            continue;
        }
        let Some(endpoint) = endpoint(address, datagram)
            .map_err(|kind| ConfigError::at(&origin.file, origin.line, kind, text))?
        else {
            extraction.skip(origin.clone(), SkipReason::NotAnIpSocket, text);
            continue;
        };
        let Some(hosts) = endpoint.host.addresses() else {
            extraction.skip(origin.clone(), SkipReason::HostName, text);
            continue;
        };
        let (first, last) = endpoint.ports;
        let count = usize::from(last - first) + 1;
        let total = already + bindings.len() + count * hosts.len();
        crate::config::check_binding_count(total, origin, text)?;
        for host in hosts {
            for port in first..=last {
                let mut binding = Binding::new(
                    host,
                    port,
                    endpoint.protocol,
                    origin.clone(),
                    BindingKind::Listen,
                    Format::Haproxy,
                );
                if host == ANY_V6 {
                    binding.v6only = Some(v6only);
                }
                bindings.push(binding);
            }
        }
    }
    Ok(bindings)
}

struct Endpoint {
    host: Host,
    ports: (u16, u16),
    protocol: Protocol,
}

/// `[prefix@][host]:port[-end]`; `None` for sockets that are not IP (`unix@`, `/path`,
/// `fd@`, ...).
fn endpoint(address: &str, datagram: bool) -> Result<Option<Endpoint>, ConfigErrorKind> {
    let (prefix, rest) = match address.split_once('@') {
        Some((prefix, rest)) => (Some(prefix.to_ascii_lowercase()), rest),
        None => (None, address),
    };
    let (family, udp) = match prefix.as_deref() {
        None => (None, datagram),
        Some("ipv4" | "tcp4") => (Some(ANY_V4), datagram),
        Some("ipv6" | "tcp6") => (Some(ANY_V6), datagram),
        Some("tcp") => (None, false),
        Some("udp") => (None, true),
        Some("udp4" | "quic4") => (Some(ANY_V4), true),
        Some("udp6" | "quic6") => (Some(ANY_V6), true),
        Some(_) => return Ok(None),
    };
    if rest.starts_with('/') {
        return Ok(None);
    }
    let (host, ports) = if let Some(inner) = rest.strip_prefix('[') {
        let (host, after) = inner.split_once(']').ok_or(ConfigErrorKind::BadAddress)?;
        (
            host,
            after.strip_prefix(':').ok_or(ConfigErrorKind::BadPort)?,
        )
    } else {
        rest.rsplit_once(':').ok_or(ConfigErrorKind::BadPort)?
    };
    let host = match (host, family) {
        ("" | "*", Some(wildcard)) => Host::Ip(wildcard),
        _ => Host::parse(host).ok_or(ConfigErrorKind::BadAddress)?,
    };
    let ports = parse_port_range(ports).map_err(|problem| match problem {
        PortProblem::BadPort => ConfigErrorKind::BadPort,
        PortProblem::BadRange => ConfigErrorKind::BadPortRange,
    })?;
    let protocol = if udp { Protocol::Udp } else { Protocol::Tcp };
    Ok(Some(Endpoint {
        host,
        ports,
        protocol,
    }))
}

/// Binds that `SO_REUSEPORT` lets share a port. On one address the kernel balances new
/// connections between the sockets, so each frontend silently gets a share of the other's
/// traffic; on overlapping addresses (a wildcard and a specific address, the IPv4
/// wildcard and a dual-stack socket) the more specific socket silently takes every
/// connection it matches (both measured on Linux 6.18: docs/config.md).
fn report_reuseport_sharing(binds: &[(Binding, String)], extraction: &mut Extraction) {
    let mut by_port: HashMap<(Protocol, u16), Vec<usize>> = HashMap::new();
    for (index, (binding, text)) in binds.iter().enumerate() {
        let earlier = by_port.entry((binding.protocol, binding.port)).or_default();
        let other_line = |other: &&usize| binds[**other].0.origin != binding.origin;
        let same = earlier
            .iter()
            .filter(other_line)
            .find(|&&other| binds[other].0.address == binding.address);
        let clash = match same {
            Some(&other) => Some((other, ConfigIssueKind::ReusePortSplit)),
            None => earlier
                .iter()
                .filter(other_line)
                .find(|&&other| overlaps(&binds[other].0, binding))
                .map(|&other| (other, ConfigIssueKind::ReusePortShadow)),
        };
        if let Some((other, kind)) = clash {
            extraction.issue(
                binding.origin.clone(),
                kind,
                text.clone(),
                Some(binds[other].0.origin.clone()),
            );
        }
        earlier.push(index);
    }
}

/// Whether two sockets on one port receive some of the same connections.
fn overlaps(a: &Binding, b: &Binding) -> bool {
    accepts(a, &b.address) && accepts(b, &a.address) || a.address == b.address
}

/// Whether a socket bound as `binding` takes connections to `address`, or to part of what
/// `address` covers when it is a wildcard.
fn accepts(binding: &Binding, address: &IpAddr) -> bool {
    match (binding.address, address) {
        (IpAddr::V4(own), IpAddr::V4(other)) => {
            own.is_unspecified() || other.is_unspecified() || own == *other
        }
        (IpAddr::V6(own), IpAddr::V6(other)) => {
            own.is_unspecified() || other.is_unspecified() || own == *other
        }
        (IpAddr::V6(own), IpAddr::V4(_)) => own.is_unspecified() && binding.v6only == Some(false),
        (IpAddr::V4(_), IpAddr::V6(other)) => other.is_unspecified(),
    }
}

/// Words as HAProxy's parser splits a line: blanks separate, `\` escapes, `"..."` and
/// `'...'` quote, an unquoted `#` starts a comment.
fn words(line: &str) -> Result<Vec<String>, ConfigErrorKind> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(character) = chars.next() {
        match character {
            '#' => break,
            '\\' => {
                in_word = true;
                if let Some(escaped) = chars.next() {
                    word.push(escaped);
                }
            }
            '"' | '\'' => {
                in_word = true;
                let mut closed = false;
                while let Some(inner) = chars.next() {
                    if inner == character {
                        closed = true;
                        break;
                    }
                    if inner == '\\' && character == '"' {
                        if let Some(escaped) = chars.next() {
                            word.push(escaped);
                        }
                        continue;
                    }
                    word.push(inner);
                }
                if !closed {
                    return Err(ConfigErrorKind::UnterminatedQuote);
                }
            }
            blank if blank.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            other => {
                in_word = true;
                word.push(other);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses(line: &str) -> Vec<String> {
        let text = format!("frontend web\n    {line}\n");
        let extraction = read(&text, Path::new("h.cfg")).unwrap();
        extraction
            .bindings
            .iter()
            .map(|binding| {
                let v6only = match binding.v6only {
                    Some(true) => " v6only",
                    Some(false) => " dual",
                    None => "",
                };
                format!(
                    "{}:{}/{}{v6only}",
                    binding.address, binding.port, binding.protocol
                )
            })
            .collect()
    }

    #[test]
    fn every_address_form_haproxy_binds() {
        assert_eq!(addresses("bind :80"), ["0.0.0.0:80/tcp"]);
        assert_eq!(addresses("bind *:443 ssl crt /x.pem"), ["0.0.0.0:443/tcp"]);
        assert_eq!(addresses("bind :::80 v4v6"), [":::80/tcp dual"]);
        assert_eq!(addresses("bind [::]:80 v6only"), [":::80/tcp v6only"]);
        assert_eq!(addresses("bind ipv6@:80"), [":::80/tcp dual"]);
        assert_eq!(addresses("bind ipv4@:80"), ["0.0.0.0:80/tcp"]);
        assert_eq!(addresses("bind udp@:53"), ["0.0.0.0:53/udp"]);
        assert_eq!(addresses("bind quic4@:443"), ["0.0.0.0:443/udp"]);
        assert_eq!(
            addresses("bind 10.0.0.1:8000-8002,127.0.0.1:9000"),
            [
                "10.0.0.1:8000/tcp",
                "10.0.0.1:8001/tcp",
                "10.0.0.1:8002/tcp",
                "127.0.0.1:9000/tcp"
            ]
        );
        assert!(addresses("bind unix@/run/h.sock").is_empty());
        assert!(addresses("bind /run/h.sock").is_empty());
    }

    #[test]
    fn reuseport_splits_one_address_and_shadows_overlapping_ones() {
        let kinds = |text: &str| -> Vec<(ConfigIssueKind, usize)> {
            read(text, Path::new("h.cfg"))
                .unwrap()
                .issues
                .iter()
                .map(|issue| (issue.kind, issue.origin.line))
                .collect()
        };
        let two_frontends = "frontend a\n bind :80\nfrontend b\n bind 0.0.0.0:80\n";
        assert_eq!(kinds(two_frontends), [(ConfigIssueKind::ReusePortSplit, 4)]);
        let dual_stack = "frontend a\n bind :80\nfrontend b\n bind [::]:80\n";
        assert_eq!(kinds(dual_stack), [(ConfigIssueKind::ReusePortShadow, 4)]);
        let specific = "frontend a\n bind :80\nfrontend b\n bind 127.0.0.1:80\n";
        assert_eq!(kinds(specific), [(ConfigIssueKind::ReusePortShadow, 4)]);
        let separate = "frontend a\n bind :80\nfrontend b\n bind [::]:80 v6only\n";
        assert!(kinds(separate).is_empty());
        let without_reuseport = "global\n noreuseport\nfrontend a\n bind :80\n bind :80\n";
        assert!(kinds(without_reuseport).is_empty());
    }

    #[test]
    fn a_bad_port_is_an_error_at_its_line() {
        let error = read("frontend a\n  bind :99999\n", Path::new("h.cfg")).unwrap_err();
        assert_eq!(
            (error.kind, error.line),
            (ConfigErrorKind::BadPort, Some(2))
        );
    }

    #[test]
    fn comments_quotes_and_escapes() {
        assert_eq!(
            words(r#"bind "127.0.0.1:80" name\ x # comment"#).unwrap(),
            ["bind", "127.0.0.1:80", "name x"]
        );
    }
}
