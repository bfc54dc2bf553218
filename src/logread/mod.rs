//! Finds bind failures in pasted log text: the address, port, protocol, error kind and the
//! program that printed it, from nginx, Node, Go, Python, Java, PostgreSQL, Redis, Docker,
//! Kubernetes and many more, including macOS and Windows variants.
//!
//! Lines are classified one by one; an error line without an endpoint borrows one from its
//! neighbours, since many servers print the address and the error on separate lines
//! (Keycloak, PostgreSQL, MySQL, Apache).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde::Serialize;

use crate::model::Protocol;

/// The kind of failure a line reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BindError {
    #[serde(rename = "EADDRINUSE")]
    AddrInUse,
    #[serde(rename = "EACCES")]
    Access,
    #[serde(rename = "EADDRNOTAVAIL")]
    AddrNotAvailable,
    #[serde(rename = "EAFNOSUPPORT")]
    FamilyNotSupported,
    /// Docker: "Bind for 0.0.0.0:8080 failed: port is already allocated".
    #[serde(rename = "PORT_ALLOCATED")]
    PortAllocated,
    /// Kubernetes scheduler: "node(s) didn't have free ports for the requested pod ports".
    #[serde(rename = "NO_FREE_PORTS")]
    NoFreePorts,
}

impl BindError {
    pub fn name(self) -> &'static str {
        match self {
            BindError::AddrInUse => "EADDRINUSE",
            BindError::Access => "EACCES",
            BindError::AddrNotAvailable => "EADDRNOTAVAIL",
            BindError::FamilyNotSupported => "EAFNOSUPPORT",
            BindError::PortAllocated => "PORT_ALLOCATED",
            BindError::NoFreePorts => "NO_FREE_PORTS",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            BindError::AddrInUse => "address already in use",
            BindError::Access => "permission denied",
            BindError::AddrNotAvailable => "cannot assign requested address",
            BindError::FamilyNotSupported => "address family not supported",
            BindError::PortAllocated => "port is already allocated (Docker)",
            BindError::NoFreePorts => "no node has the pod's host ports free (Kubernetes)",
        }
    }
}

/// The operating system a line's error number or wording comes from, when it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Linux,
    Macos,
    Windows,
}

/// One bind failure found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogFailure {
    /// The line that reported the error, trimmed.
    pub line: String,
    pub address: Option<IpAddr>,
    /// A host name given instead of an address (`db.internal:5432`).
    pub host: Option<String>,
    pub port: Option<u16>,
    pub protocol: Option<Protocol>,
    pub error: BindError,
    /// The program that printed it, when the text says (`nginx`, `uvicorn`, `keycloak`).
    pub program: Option<String>,
    pub platform: Option<Platform>,
}

/// Lines before and after an error line searched for its endpoint.
const LOOK_BEHIND: usize = 3;
const LOOK_AHEAD: usize = 2;

/// Every distinct bind failure in the text, in order, de-duplicated by (address, port, error).
pub fn parse(text: &str) -> Vec<LogFailure> {
    let lines: Vec<&str> = text.lines().take(1_000_000).collect();
    let facts: Vec<LineFacts> = lines.iter().map(|line| LineFacts::of(line)).collect();
    let mut failures: Vec<LogFailure> = Vec::new();
    for (index, line_facts) in facts.iter().enumerate() {
        let Some((error, platform)) = line_facts.error else {
            continue;
        };
        let window = window(index, facts.len());
        let nearest = |pick: &dyn Fn(&LineFacts) -> bool| -> Option<&LineFacts> {
            std::iter::once(index)
                .chain(window.clone().filter(|&other| other != index))
                .map(|other| &facts[other])
                .find(|candidate| pick(candidate))
        };
        if !line_facts.bind_context && nearest(&|candidate| candidate.bind_context).is_none() {
            continue;
        }
        let endpoint = nearest(&|candidate| candidate.endpoint.is_some())
            .and_then(|found| found.endpoint.clone());
        let port = endpoint.as_ref().map(|endpoint| endpoint.port).or_else(|| {
            nearest(&|candidate| candidate.port.is_some()).and_then(|found| found.port)
        });
        let (address, host) = match &endpoint {
            Some(endpoint) => (endpoint.address, endpoint.host.clone()),
            None => (
                nearest(&|candidate| candidate.address.is_some()).and_then(|found| found.address),
                None,
            ),
        };
        let failure = LogFailure {
            line: lines[index].trim().chars().take(2000).collect(),
            address,
            host,
            port,
            protocol: endpoint
                .as_ref()
                .and_then(|endpoint| endpoint.protocol)
                .or_else(|| {
                    nearest(&|candidate| candidate.protocol.is_some())
                        .and_then(|found| found.protocol)
                }),
            error,
            program: nearest(&|candidate| candidate.program.is_some())
                .and_then(|found| found.program.clone()),
            platform,
        };
        let duplicate = failures.iter().any(|seen| {
            (seen.address, seen.port, seen.error) == (failure.address, failure.port, failure.error)
        });
        if !duplicate {
            failures.push(failure);
        }
    }
    failures
}

fn window(index: usize, length: usize) -> std::ops::RangeInclusive<usize> {
    index.saturating_sub(LOOK_BEHIND)..=(index + LOOK_AHEAD).min(length.saturating_sub(1))
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Endpoint {
    address: Option<IpAddr>,
    host: Option<String>,
    port: u16,
    protocol: Option<Protocol>,
}

/// What one line says on its own.
#[derive(Debug, Default)]
struct LineFacts {
    error: Option<(BindError, Option<Platform>)>,
    endpoint: Option<Endpoint>,
    port: Option<u16>,
    address: Option<IpAddr>,
    protocol: Option<Protocol>,
    program: Option<String>,
    bind_context: bool,
}

impl LineFacts {
    fn of(line: &str) -> LineFacts {
        let line = if line.len() > 4096 {
            &line[..floor_char_boundary(line, 4096)]
        } else {
            line
        };
        let endpoint = find_endpoint(line);
        let bind_context = endpoint.is_some() || BIND_WORDS.is_match(line);
        LineFacts {
            error: find_error(line, bind_context),
            port: find_port(line),
            address: find_address(line),
            protocol: find_protocol(line),
            program: find_program(line),
            endpoint,
            bind_context,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

static BIND_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(bind|bound|listen|listener|listening|socket|port|ports|address|addr|interface)\b|eaddrinuse|errno").unwrap()
});

/// Error phrases, most specific first; `true` = the phrase alone proves a socket error,
/// `false` = it needs bind context on the line or nearby.
static ERRORS: LazyLock<Vec<(Regex, BindError, bool)>> = LazyLock::new(|| {
    let table: &[(&str, BindError, bool)] = &[
        (
            r"didn't have free ports|free ports for the requested pod ports",
            BindError::NoFreePorts,
            true,
        ),
        (r"port is already allocated", BindError::PortAllocated, true),
        (
            r"cannot assign requested address|can't assign requested address|eaddrnotavail|addrnotavailable|requested address is not valid in its context|wsaeaddrnotavail",
            BindError::AddrNotAvailable,
            true,
        ),
        (
            r"(?:errno|error|code|winerror)[\s:=\[]*(?:99|49|10049)\b|\((?:99|49)[:)]|os error (?:99|49)",
            BindError::AddrNotAvailable,
            false,
        ),
        (
            r"address family not supported|eafnosupport|wsaeafnosupport",
            BindError::FamilyNotSupported,
            true,
        ),
        (
            r"(?:errno|error|code|winerror)[\s:=\[]*(?:97|47|10047)\b|\((?:97|47)[:)]|os error (?:97|47)",
            BindError::FamilyNotSupported,
            false,
        ),
        (
            r"address already in use|eaddrinuse|addrinuse|address in use|only one usage of each socket address|wsaeaddrinuse|connection in use|port (?:is )?(?:already )?in use",
            BindError::AddrInUse,
            true,
        ),
        (
            r"\b(?:is|was|seems to be) (?:already )?(?:in use|used|taken)\b|already in use|already bound|already listening",
            BindError::AddrInUse,
            false,
        ),
        (
            r"(?:errno|error|code|winerror)[\s:=\[]*(?:98|48|10048)\b|\((?:98|48)[:)]|os error (?:98|48)",
            BindError::AddrInUse,
            false,
        ),
        (
            r"forbidden by its access permissions|wsaeacces",
            BindError::Access,
            true,
        ),
        (
            r"permission denied|eacces|operation not permitted|(?:errno|error|code|winerror)[\s:=\[]*(?:13|10013)\b|\(13[:)]|os error 13",
            BindError::Access,
            false,
        ),
    ];
    table
        .iter()
        .map(|(pattern, error, strong)| {
            (
                Regex::new(&format!("(?i){pattern}")).unwrap(),
                *error,
                *strong,
            )
        })
        .collect()
});

static PLATFORMS: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?i)winerror|wsae|\b100(?:48|13|49|47)\b|only one usage of each socket|forbidden by its access permissions|not valid in its context",
        r"(?i)(?:errno|error|code)[\s:=\[]*(?:48|49|47)\b|\((?:48|49)\)|can't assign requested address",
        r"(?i)(?:errno|error|code)[\s:=\[]*(?:98|99|97|13)\b|\((?:98|99|97|13)[:)]|os error (?:98|99|97)",
    ])
    .unwrap()
});

fn find_error(line: &str, bind_context: bool) -> Option<(BindError, Option<Platform>)> {
    let (_, error, _) = ERRORS
        .iter()
        .find(|(pattern, _, strong)| (*strong || bind_context) && pattern.is_match(line))?;
    let matches = PLATFORMS.matches(line);
    let platform = if matches.matched(0) {
        Some(Platform::Windows)
    } else if matches.matched(1) {
        Some(Platform::Macos)
    } else if matches.matched(2) {
        Some(Platform::Linux)
    } else {
        None
    };
    Some((*error, platform))
}

const IPV4: &str =
    r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}";

/// Endpoint patterns, in priority order. Capture groups: `address` and `port`, and for Go's
/// `listen tcp ...` also `protocol`.
static ENDPOINTS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?i)\blisten (?P<protocol>tcp|tcp4|tcp6|udp|udp4|udp6) (?P<address>\[[^\]\s]*\]|[^\s:\[]*):(?P<port>\d{1,5})\b".to_string(),
        r"\[(?P<address>[0-9A-Fa-f:.%]*:[0-9A-Fa-f:.%]*)\]:(?P<port>\d{1,5})\b".to_string(),
        r#"\(\s*['"](?P<address>[^'"]*)['"]\s*,\s*(?P<port>\d{1,5})\s*(?:,[^)]*)?\)"#.to_string(),
        format!(r"(?:^|[^\d.])(?P<address>{IPV4})[:#](?P<port>\d{{1,5}})\b"),
        r"(?:^|[\s(\[=])(?P<address>:::?|::\*|\*):(?P<port>\d{1,5})\b".to_string(),
        r"(?:^|[\s(\[=])(?P<address>[0-9A-Fa-f]{0,4}::?[0-9A-Fa-f:]*[0-9A-Fa-f]):(?P<port>\d{1,5})\b".to_string(),
        r"(?i)(?:^|[\s(\[/=@])(?P<address>localhost|[a-z][\w-]*(?:\.[\w-]+)*\.[a-z]{2,})(?::|\s+port\s+)(?P<port>\d{1,5})\b".to_string(),
        r"(?:^|[\s(\['=])(?P<address>):(?P<port>\d{1,5})\b".to_string(),
    ]
    .iter()
    .map(|pattern| Regex::new(pattern).unwrap())
    .collect()
});

fn find_endpoint(line: &str) -> Option<Endpoint> {
    for pattern in ENDPOINTS.iter() {
        for captures in pattern.captures_iter(line) {
            let Some(port) = captures
                .name("port")
                .and_then(|port| valid_port(port.as_str()))
            else {
                continue;
            };
            let raw = captures
                .name("address")
                .map_or("", |address| address.as_str());
            let protocol = captures
                .name("protocol")
                .and_then(|protocol| protocol_named(protocol.as_str()));
            let Some((address, host)) = interpret_address(raw, protocol) else {
                continue;
            };
            return Some(Endpoint {
                address,
                host,
                port,
                protocol,
            });
        }
    }
    None
}

/// Turns the address text of an endpoint into an address, a host name, or neither.
fn interpret_address(
    raw: &str,
    protocol: Option<Protocol>,
) -> Option<(Option<IpAddr>, Option<String>)> {
    let trimmed = raw.trim_start_matches('[').trim_end_matches(']');
    let unspecified_v6 = || IpAddr::V6(Ipv6Addr::UNSPECIFIED);
    let unspecified_v4 = || IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    Some(match trimmed {
        // Go's ":8080" and Node's ":::3000" bind [::] dual-stack; "*" is Redis's IPv4 wildcard,
        // "::*" its IPv6 one; Python's '' is INADDR_ANY.
        "" => match protocol {
            Some(_) => (Some(unspecified_v6()), None),
            None => (Some(unspecified_v6()), None),
        },
        "::" | ":::" | "::*" => (Some(unspecified_v6()), None),
        "*" => (Some(unspecified_v4()), None),
        "localhost" => (Some(IpAddr::V4(Ipv4Addr::LOCALHOST)), None),
        text => match text.split('%').next().unwrap_or(text).parse::<IpAddr>() {
            Ok(address) => (Some(address), None),
            Err(_) if text.contains(':') => return None,
            Err(_) if text.chars().all(|c| c.is_ascii_digit() || c == '.') => return None,
            Err(_) => (None, Some(text.to_string())),
        },
    })
}

static PORT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bports?\b(?:\s+number)?[\s:=#]*(?P<port>\d{1,5})\b|\bHTTP/\d(?:\.\d)?-(?P<connector>\d{1,5})\b").unwrap()
});

fn find_port(line: &str) -> Option<u16> {
    PORT_WORDS.captures_iter(line).find_map(|captures| {
        captures
            .name("port")
            .or_else(|| captures.name("connector"))
            .and_then(|port| valid_port(port.as_str()))
    })
}

static ADDRESS_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\baddress\s*["'](?P<quoted>[0-9A-Fa-f:.]+)["']|\bon\s+(?P<on>[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*)(?:\s|$|,)"#).unwrap()
});

fn find_address(line: &str) -> Option<IpAddr> {
    ADDRESS_WORDS.captures_iter(line).find_map(|captures| {
        let text = captures
            .name("quoted")
            .or_else(|| captures.name("on"))?
            .as_str();
        text.trim_end_matches('.').parse().ok()
    })
}

static PROTOCOL_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?P<protocol>tcp[46]?|udp[46]?)\b").unwrap());

fn find_protocol(line: &str) -> Option<Protocol> {
    PROTOCOL_WORDS
        .captures(line)
        .and_then(|captures| protocol_named(&captures["protocol"]))
}

fn protocol_named(name: &str) -> Option<Protocol> {
    match name.to_ascii_lowercase().trim_end_matches(['4', '6']) {
        "tcp" => Some(Protocol::Tcp),
        "udp" => Some(Protocol::Udp),
        _ => None,
    }
}

/// Program names by the words they print, most specific first.
static PROGRAMS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    let table: &[(&str, &str)] = &[
        (r"management interface|keycloak|\bkc\.sh\b", "keycloak"),
        (r"fluvio|\bspu\b", "fluvio"),
        (r"uvicorn", "uvicorn"),
        (r"gunicorn|Connection in use: \(", "gunicorn"),
        (r"uwsgi", "uwsgi"),
        (r"\bnginx\b", "nginx"),
        (
            r"haproxy|\[ALERT\].*\bfrontend\b|cannot bind socket",
            "haproxy",
        ),
        (r"\bkafka\b", "kafka"),
        (
            r"\bAH\d{5}\b|\bapache2\b|\bhttpd\b|make_sock|Apache/\d",
            "apache",
        ),
        (r"\bcaddy\b|http app module|loading initial config", "caddy"),
        (r"\benvoy\b", "envoy"),
        (r"traefik", "traefik"),
        (r"postmaster|postgres", "postgres"),
        (r"redis|server TCP listening socket", "redis"),
        (r"mysqld|\bMY-\d{6}\b|\bmysql\b|mariadb", "mysqld"),
        (r"\bsshd\b|Bind to port \d+ on", "sshd"),
        (r"dnsmasq", "dnsmasq"),
        (
            r"Error response from daemon|userland proxy|\bdocker\b",
            "docker",
        ),
        (
            r"port-forward|Unable to listen on port|unable to create listener",
            "kubectl",
        ),
        (
            r"nodes are available|didn't have free ports",
            "kube-scheduler",
        ),
        (r"quarkus", "quarkus"),
        (
            r"Web server failed to start|spring|tomcat|catalina",
            "spring-boot",
        ),
        (r"java\.net\.|\bjava\b", "java"),
        (r"django|runserver|That port is already in use", "django"),
        (r"flask|werkzeug", "flask"),
        (r"\bvite\b", "vite"),
        (r"jupyter", "jupyter"),
        (
            r"listen EADDRINUSE|listen EACCES|listen EADDRNOTAVAIL|\bnode(?:js)?\b",
            "node",
        ),
        (r"Os \{ code: \d+, kind:", "rust"),
        (r"\[Errno|\[WinError|OSError|Traceback", "python"),
        (r"\blisten (?:tcp|udp)[46]? ", "go"),
    ];
    table
        .iter()
        .map(|(pattern, name)| (Regex::new(&format!("(?i){pattern}")).unwrap(), *name))
        .collect()
});

/// `Nov 22 09:12:03 web01 nginx[812]: ...` names the program in its tag.
static SYSLOG_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][a-z]{2}\s+\d{1,2}\s+[\d:]{8}|\d{4}-\d\d-\d\dT[\d:.+\-Z]+)\s+\S+\s+(?P<tag>[\w.@/-]+?)(?:\[\d+\])?:\s").unwrap()
});

fn find_program(line: &str) -> Option<String> {
    if let Some((_, name)) = PROGRAMS.iter().find(|(pattern, _)| pattern.is_match(line)) {
        return Some((*name).to_string());
    }
    let tag = SYSLOG_TAG.captures(line)?.name("tag")?.as_str();
    let tag = tag.rsplit('/').next().unwrap_or(tag);
    (!matches!(tag, "systemd" | "kernel" | "init")).then(|| tag.to_string())
}

fn valid_port(text: &str) -> Option<u16> {
    match text.parse::<u32>() {
        Ok(port @ 1..=65535) => Some(port as u16),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
