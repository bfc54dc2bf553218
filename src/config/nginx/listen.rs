//! The arguments of one nginx `listen` directive: the address as `ngx_parse_url` reads it
//! and the parameters that decide the protocol and the socket options.

use crate::config::address::{Host, parse_port};
use crate::config::error::ConfigErrorKind;

/// The block a `listen` sits in decides its defaults and the parameters nginx accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Http,
    Stream,
    Mail,
}

impl Context {
    pub fn name(self) -> &'static str {
        match self {
            Context::Http => "http",
            Context::Stream => "stream",
            Context::Mail => "mail",
        }
    }
}

/// Where a `listen` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Ip { host: Host, port: u16 },
    Unix(String),
}

/// One parsed `listen`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listen {
    pub target: Target,
    pub default_server: bool,
    /// HTTP/3 (`quic`) in `http`, `udp` in `stream`: a UDP socket.
    pub datagram: bool,
    pub reuseport: bool,
    /// `ipv6only=on|off` when given.
    pub ipv6only: Option<bool>,
    /// A socket option nginx allows once per address:port (its `lsopt.set`).
    pub sets_options: bool,
    /// The address gets a socket of its own even beside a wildcard (its `lsopt.bind`).
    pub bind: bool,
    /// Parameters nginx rejects in this context.
    pub invalid: Vec<String>,
}

/// Parameters that set socket options; each also implies `bind` (ngx_http_core_listen).
const OPTION_PARAMETERS: [&str; 11] = [
    "bind",
    "deferred",
    "reuseport",
    "setfib=",
    "fastopen=",
    "backlog=",
    "rcvbuf=",
    "sndbuf=",
    "accept_filter=",
    "ipv6only=",
    "so_keepalive=",
];

/// Parameters that change neither the socket nor the protocol, per context.
const HTTP_FLAGS: [&str; 7] = [
    "default_server",
    "default",
    "ssl",
    "http2",
    "spdy",
    "proxy_protocol",
    "quic",
];
const STREAM_FLAGS: [&str; 4] = ["udp", "ssl", "proxy_protocol", "default_server"];
const MAIL_FLAGS: [&str; 2] = ["ssl", "proxy_protocol"];

/// Parses `listen ARGS`; the error names the kind and the offending argument.
pub fn parse(args: &[String], context: Context) -> Result<Listen, (ConfigErrorKind, String)> {
    let Some(address) = args.first() else {
        return Err((ConfigErrorKind::MissingArgument, String::new()));
    };
    let mut listen = Listen {
        target: parse_target(address)?,
        default_server: false,
        datagram: false,
        reuseport: false,
        ipv6only: None,
        sets_options: false,
        bind: false,
        invalid: Vec::new(),
    };
    for parameter in &args[1..] {
        let name = match parameter.split_once('=') {
            Some((name, _)) => &parameter[..=name.len()],
            None => parameter.as_str(),
        };
        if OPTION_PARAMETERS.contains(&name) {
            listen.sets_options = true;
            listen.bind = true;
            match name {
                "reuseport" => listen.reuseport = true,
                "ipv6only=" => match &parameter[name.len()..] {
                    "on" => listen.ipv6only = Some(true),
                    "off" => listen.ipv6only = Some(false),
                    _ => listen.invalid.push(parameter.clone()),
                },
                _ => {}
            }
            continue;
        }
        let flags: &[&str] = match context {
            Context::Http => &HTTP_FLAGS,
            Context::Stream => &STREAM_FLAGS,
            Context::Mail => &MAIL_FLAGS,
        };
        if !flags.contains(&name) {
            listen.invalid.push(parameter.clone());
            continue;
        }
        match name {
            "default_server" | "default" => listen.default_server = true,
            "quic" | "udp" => listen.datagram = true,
            _ => {}
        }
    }
    Ok(listen)
}

/// `80`, `*:80`, `127.0.0.1`, `127.0.0.1:8080`, `[::]:443`, `[::1]`, `localhost:80`,
/// `unix:/run/x.sock`. A missing port is 80.
fn parse_target(address: &str) -> Result<Target, (ConfigErrorKind, String)> {
    const DEFAULT_PORT: u16 = 80;
    if let Some(path) = address.strip_prefix("unix:") {
        return Ok(Target::Unix(path.to_string()));
    }
    let bad_address = || (ConfigErrorKind::BadAddress, address.to_string());
    let bad_port = || (ConfigErrorKind::BadPort, address.to_string());
    let (host, port) = if address.starts_with('[') {
        let close = address.find(']').ok_or_else(bad_address)?;
        let host = &address[..=close];
        match &address[close + 1..] {
            "" => (host, None),
            rest => (host, Some(rest.strip_prefix(':').ok_or_else(bad_address)?)),
        }
    } else if let Some((host, port)) = address.rsplit_once(':') {
        (host, Some(port))
    } else if address.bytes().all(|byte| byte.is_ascii_digit()) {
        ("*", Some(address))
    } else {
        (address, None)
    };
    let port = match port {
        Some(port) => parse_port(port).ok_or_else(bad_port)?,
        None => DEFAULT_PORT,
    };
    let host = Host::parse(host).ok_or_else(bad_address)?;
    Ok(Target::Ip { host, port })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::address::{ANY_V4, ANY_V6};

    fn listen(text: &str) -> Listen {
        let args: Vec<String> = text.split(' ').map(String::from).collect();
        parse(&args, Context::Http).unwrap()
    }

    fn target(text: &str) -> Target {
        listen(text).target
    }

    #[test]
    fn every_address_form_nginx_accepts() {
        let ip = |host, port| Target::Ip {
            host: Host::Ip(host),
            port,
        };
        assert_eq!(target("80"), ip(ANY_V4, 80));
        assert_eq!(target("*:80"), ip(ANY_V4, 80));
        assert_eq!(
            target("127.0.0.1:8080"),
            ip("127.0.0.1".parse().unwrap(), 8080)
        );
        assert_eq!(target("127.0.0.1"), ip("127.0.0.1".parse().unwrap(), 80));
        assert_eq!(target("[::]:443"), ip(ANY_V6, 443));
        assert_eq!(target("[::1]"), ip("::1".parse().unwrap(), 80));
        assert_eq!(
            target("localhost:80"),
            Target::Ip {
                host: Host::Localhost,
                port: 80
            }
        );
        assert_eq!(
            target("unix:/run/a.sock"),
            Target::Unix("/run/a.sock".into())
        );
    }

    #[test]
    fn bad_ports_and_addresses_are_refused() {
        let refuse = |text: &str| parse(&[text.to_string()], Context::Http).unwrap_err().0;
        assert_eq!(refuse("99999"), ConfigErrorKind::BadPort);
        assert_eq!(refuse("0"), ConfigErrorKind::BadPort);
        assert_eq!(refuse("1.2.3.4:http"), ConfigErrorKind::BadPort);
        assert_eq!(refuse("[::1"), ConfigErrorKind::BadAddress);
        assert_eq!(refuse("a b:80"), ConfigErrorKind::BadAddress);
    }

    #[test]
    fn parameters_set_protocol_and_options() {
        let quic = listen("443 quic reuseport");
        assert!(quic.datagram && quic.reuseport && quic.sets_options && quic.bind);
        let plain = listen("80 default_server ssl http2");
        assert!(plain.default_server && !plain.sets_options && plain.invalid.is_empty());
        assert_eq!(listen("[::]:80 ipv6only=off").ipv6only, Some(false));
        assert_eq!(listen("80 udp").invalid, ["udp"]);
        assert!(listen("80 backlog=511").sets_options);
    }
}
