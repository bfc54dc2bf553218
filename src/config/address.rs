//! Hosts and ports as configuration files write them, shared by every reader: `*`, `[::]`,
//! `localhost`, `8000-8010`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub const ANY_V4: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
pub const ANY_V6: IpAddr = IpAddr::V6(Ipv6Addr::UNSPECIFIED);

/// The host part of a listen address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// An IP address; the wildcards are `0.0.0.0` and `::`.
    Ip(IpAddr),
    /// `localhost`: the loopback addresses, 127.0.0.1 and ::1 on a standard `/etc/hosts`.
    Localhost,
    /// Another host name, resolved by the program at startup.
    Name(String),
}

impl Host {
    /// `*` and the empty host are the IPv4 wildcard; `[..]` brackets are optional around
    /// IPv6 addresses. `None` for text that is no host at all.
    pub fn parse(text: &str) -> Option<Host> {
        if text.is_empty() || text == "*" {
            return Some(Host::Ip(ANY_V4));
        }
        let bare = text
            .strip_prefix('[')
            .and_then(|inner| inner.strip_suffix(']'))
            .unwrap_or(text);
        if let Ok(address) = bare.parse::<IpAddr>() {
            return Some(Host::Ip(address));
        }
        // A link-local address with a zone (`fe80::1%eth0`): the address without the zone.
        if let Some((address, zone)) = bare.split_once('%')
            && !zone.is_empty()
            && let Ok(address) = address.parse::<Ipv6Addr>()
        {
            return Some(Host::Ip(IpAddr::V6(address)));
        }
        if bare.eq_ignore_ascii_case("localhost") {
            return Some(Host::Localhost);
        }
        if is_host_name(bare) {
            return Some(Host::Name(bare.to_string()));
        }
        None
    }

    /// The addresses the host stands for, `None` for a name resolved only at startup.
    pub fn addresses(&self) -> Option<Vec<IpAddr>> {
        match self {
            Host::Ip(address) => Some(vec![*address]),
            Host::Localhost => Some(vec![
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ]),
            Host::Name(_) => None,
        }
    }
}

/// RFC 1123 host name characters, with `_` as resolvers accept it, not all digits.
fn is_host_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_'))
        && !text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'.')
}

/// A port from 1 to 65535 written in decimal digits (no sign, no spaces).
pub fn parse_port(text: &str) -> Option<u16> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    match text.parse::<u16>() {
        Ok(0) | Err(_) => None,
        Ok(port) => Some(port),
    }
}

/// Why a port or port range was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortProblem {
    BadPort,
    BadRange,
}

/// `8080` or `8000-8010` as an inclusive range.
pub fn parse_port_range(text: &str) -> Result<(u16, u16), PortProblem> {
    match text.split_once('-') {
        None => parse_port(text)
            .map(|port| (port, port))
            .ok_or(PortProblem::BadPort),
        Some((start, end)) => {
            let start = parse_port(start.trim()).ok_or(PortProblem::BadPort)?;
            let end = parse_port(end.trim()).ok_or(PortProblem::BadPort)?;
            if start > end {
                return Err(PortProblem::BadRange);
            }
            Ok((start, end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_read_as_servers_write_them() {
        assert_eq!(Host::parse("*"), Some(Host::Ip(ANY_V4)));
        assert_eq!(Host::parse(""), Some(Host::Ip(ANY_V4)));
        assert_eq!(Host::parse("[::]"), Some(Host::Ip(ANY_V6)));
        assert_eq!(Host::parse("::"), Some(Host::Ip(ANY_V6)));
        assert_eq!(Host::parse("LocalHost"), Some(Host::Localhost));
        assert_eq!(
            Host::parse("example.com"),
            Some(Host::Name("example.com".into()))
        );
        assert_eq!(Host::parse("[fe80::1%eth0]"), Host::parse("fe80::1"));
        assert_eq!(Host::parse("300.1.1.1"), None);
        assert_eq!(Host::parse("a b"), None);
    }

    #[test]
    fn ports_are_one_to_65535_in_plain_digits() {
        assert_eq!(parse_port("80"), Some(80));
        assert_eq!(parse_port("65535"), Some(65535));
        for bad in [
            "0",
            "65536",
            "99999",
            "+80",
            " 80",
            "8O",
            "",
            "999999999999999999999",
        ] {
            assert_eq!(parse_port(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges_are_inclusive_and_ordered() {
        assert_eq!(parse_port_range("8000-8010"), Ok((8000, 8010)));
        assert_eq!(parse_port_range("53"), Ok((53, 53)));
        assert_eq!(parse_port_range("90-80"), Err(PortProblem::BadRange));
        assert_eq!(parse_port_range("80-"), Err(PortProblem::BadPort));
    }
}
