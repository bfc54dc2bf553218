//! Finds the endpoints a line names: an address and a port, or a port alone. A bare number
//! is never a port: it must be attached to an address (`0.0.0.0:80`, `[::]:80`, `::1:80`,
//! BSD's `127.0.0.1.1080`, BIND's `127.0.0.1#53`, unbound's `127.0.0.1@53`), sit in a tuple
//! (`('0.0.0.0', 8000)`, `bind(0.0.0.0, 143)`), follow the word port (`port 80`, `port [80]`,
//! `Port(s) already bound: 80`, `"0.0.0.0" port 80`), or end a connector name
//! (`http-nio-8080`), or be strace's `sin_port=htons(80)`, Guile's `(bind #<socket> 2 0 80)`,
//! SBCL's `(#(0 0 0 0) 80)`, gawk's `/inet4/tcp/80/0/0` or `bind_service(80)`.
//! File positions (`file.rs:6:57`, `[x.conf:12]`, `line 5`), times,
//! versions, pids and durations are rejected.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::Regex;

/// One endpoint found on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub address: Option<IpAddr>,
    /// A host name given instead of an address (`db.internal`).
    pub host: Option<String>,
    pub port: u16,
    /// How surely this is the bound endpoint: 3 an address with its port, 2 a port with a
    /// wildcard or host name, 1 a port named by a word, 0 a command-line option (often a
    /// suggestion of another port).
    pub rank: u8,
    /// Byte offset on the line, to prefer the leftmost of equal rank.
    pub at: usize,
}

const IPV4: &str =
    r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}";

/// File extensions of source, config and data files: `name.ext:N` is a position, not a host.
const FILE_EXTENSIONS: &[&str] = &[
    "c",
    "cc",
    "cpp",
    "cxx",
    "h",
    "hpp",
    "rs",
    "go",
    "py",
    "pyc",
    "rb",
    "erb",
    "js",
    "mjs",
    "cjs",
    "ts",
    "tsx",
    "jsx",
    "java",
    "kt",
    "scala",
    "groovy",
    "clj",
    "lua",
    "pl",
    "pm",
    "t",
    "php",
    "erl",
    "hrl",
    "ex",
    "exs",
    "cs",
    "fs",
    "vb",
    "swift",
    "m",
    "mm",
    "zig",
    "nim",
    "d",
    "hs",
    "ml",
    "sh",
    "bash",
    "zsh",
    "tcl",
    "conf",
    "cfg",
    "ini",
    "toml",
    "yaml",
    "yml",
    "json",
    "xml",
    "properties",
    "env",
    "service",
    "socket",
    "log",
    "txt",
    "so",
    "dll",
    "jar",
    "class",
    "tpl",
    "lisp",
    "el",
    "vim",
    "cmake",
    "mk",
    "gradle",
    "sql",
    "scm",
    "ss",
    "sld",
    "rkt",
    "cl",
    "lsp",
    "fnl",
    "cr",
    "jl",
    "r",
    "dart",
    "v",
    "pike",
    "pmod",
    "raku",
    "rakumod",
    "p6",
    "pm6",
    "mli",
    "fsx",
    "ps1",
    "bat",
    "cmd",
    "awk",
    "vue",
    "svelte",
    "coffee",
];

use crate::logread::pattern::{self, regex};

fn port_of(text: &str) -> Option<u16> {
    match text.parse::<u32>() {
        Ok(port @ 1..=65535) => Some(port as u16),
        _ => None,
    }
}

/// An address as a line writes it: IPv4, IPv6 (full or compressed, zone dropped), a wildcard
/// (`*`, `any`, `''`, `0`), or `localhost`. `None` for anything else.
pub fn address_of(text: &str) -> Option<IpAddr> {
    let text = text.trim_matches(|c| c == '[' || c == ']' || c == '\'' || c == '"');
    let text = text.split('%').next().unwrap_or(text);
    match text.to_ascii_lowercase().as_str() {
        "*" | "any" | "" | "0" | "inaddr_any" => return Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        "::*" | "::" | ":::" | "in6addr_any" => return Some(IpAddr::V6(Ipv6Addr::UNSPECIFIED)),
        "localhost" => return Some(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        _ => {}
    }
    text.parse().ok()
}

/// `0,0,0,0` or `0,0,0,0,0,0,0,1`: an Erlang `inet` address tuple (IPv6 groups in decimal);
/// `0 0 0 0`: a Lisp address vector.
fn erlang_address(tuple: &str) -> Option<IpAddr> {
    let parts: Vec<u16> = tuple
        .split([',', ' '])
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [a, b, c, d] => Some(IpAddr::V4(Ipv4Addr::new(
            u8::try_from(*a).ok()?,
            u8::try_from(*b).ok()?,
            u8::try_from(*c).ok()?,
            u8::try_from(*d).ok()?,
        ))),
        [a, b, c, d, e, f, g, h] => Some(IpAddr::V6(Ipv6Addr::new(*a, *b, *c, *d, *e, *f, *g, *h))),
        _ => None,
    }
}

/// `name.ext` where `ext` is a file extension, or a name inside a path.
fn looks_like_file(host: &str, before: &str) -> bool {
    let extension = host
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let in_path = (before.ends_with('/') && !before.ends_with("://")) || before.ends_with('\\');
    FILE_EXTENSIONS.contains(&extension.as_str()) || in_path
}

/// Python logging's `%(module)s.%(funcName)s:%(lineno)d - ` (`plugins.load:89 - Loaded`): a
/// source position, not a host and port.
fn is_logging_position(host: &str, after: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    after.starts_with(" - ")
        && labels.len() == 2
        && labels.iter().all(|label| {
            label
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte == b'_')
        })
}

/// A word before `port N` that offers another port: `alternative`, `next`, `random`, `free`.
fn offers_another(word: &str) -> bool {
    matches!(
        word,
        "alternative" | "another" | "different" | "fallback" | "random" | "next" | "new" | "free"
    )
}

/// Whether what follows a port makes it a line:column position (`:6:57`) or a time.
fn continues_as_position(after: &str) -> bool {
    let mut characters = after.chars();
    matches!(characters.next(), Some(':' | '.'))
        && characters.next().is_some_and(|c| c.is_ascii_digit())
}

struct Pattern {
    regex: Regex,
    rank: u8,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `address` and `port` groups.
    AddressPort,
    /// `host` and `port` groups: a host name, checked against file names.
    HostPort,
    /// An unbracketed IPv6 address and port in one `token` group, split at the last colon.
    Ipv6Token,
    /// A `port` group alone (or `second`, `third` for alternatives).
    PortOnly,
    /// An Erlang address `tuple` and a `port`.
    ErlangTuple,
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let address_port = |pattern: &str, rank| Pattern {
        regex: regex(pattern),
        rank,
        kind: Kind::AddressPort,
    };
    vec![
        // [::]:80, [fe80::1%eth0]:80, /[0:0:0:0:0:0:0:0]:8080, CUPS's [v1.::1]:631
        address_port(
            r"\[(?:v1\.)?(?P<address>[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(?:%[\w.]+)?\]:(?P<port>\d{1,5})\b",
            3,
        ),
        // [0.0.0.0]:40000 (Perl's IO::Socket::IP)
        address_port(
            &format!(r"\[(?P<address>{IPV4})\]:(?P<port>\d{{1,5}})\b"),
            3,
        ),
        // ::.40010, ::1.53 (dante: IPv6 with a BSD-style dot before the port)
        address_port(
            r"(?:^|[\s(\['])(?P<address>[0-9A-Fa-f]*::?[0-9A-Fa-f:]*)\.(?P<port>\d{1,5})(?:[^\w.]|$)",
            3,
        ),
        // {acceptor,{0,0,0,0,0,0,0,0},5672}, {{127,0,0,1},8080} (Erlang address tuples)
        Pattern {
            regex: regex(
                r"\{(?P<tuple>\d{1,3}(?:,\d{1,3}){3}|[0-9A-Fa-f]{1,4}(?:,[0-9A-Fa-f]{1,4}){7})\},\s*(?P<port>\d{1,5})\b",
            ),
            rank: 3,
            kind: Kind::ErlangTuple,
        },
        // (#(0 0 0 0) 8080): SBCL's address vector and port in a backtrace frame
        Pattern {
            regex: regex(r"\(#\((?P<tuple>\d{1,3}(?: \d{1,3}){3})\) (?P<port>\d{1,5})\)"),
            rank: 3,
            kind: Kind::ErlangTuple,
        },
        // (tried 8080 on host "0.0.0.0"): a port, then the host it was tried on
        address_port(
            r#"\b(?P<port>\d{1,5}) on host ['"]?(?P<address>[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*|localhost)['"]?"#,
            3,
        ),
        // starting httpuv on 0.0.0.0 8080: an address, a space and a port that ends the line
        address_port(
            &format!(
                r"\b(?:on|to|at)\s+(?P<address>{IPV4}|[0-9A-Fa-f]*::?[0-9A-Fa-f:]*)\s+(?P<port>\d{{1,5}})\s*(?:$|[,;)])"
            ),
            2,
        ),
        // "::",5672 and '0.0.0.0', 80 outside parentheses
        address_port(
            r#"['"](?P<address>[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*)['"]\s*,\s*(?P<port>\d{1,5})\b"#,
            3,
        ),
        // 127.0.0.1 20380/tcp (inetd), [::] 53/udp
        address_port(
            &format!(
                r"(?:^|[^\w.])(?P<address>{IPV4}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*)\s+(?P<port>\d{{1,5}})/(?:tcp|udp)[46]?\b"
            ),
            3,
        ),
        // 0.0.0.0 port 655/udp, :: port 655 (tinc, OpenSSH)
        address_port(
            &format!(
                r"(?:^|[^\w.:])(?P<address>{IPV4}|[0-9A-Fa-f]*::[0-9A-Fa-f:.]*)\s+port\s+(?P<port>\d{{1,5}})\b"
            ),
            3,
        ),
        // ::1#53 (BIND), ::1@53 (Knot, unbound)
        address_port(
            r"(?:^|[\s,(\['])(?P<address>[0-9A-Fa-f]*:[0-9A-Fa-f:.]*)[#@](?P<port>\d{1,5})\b",
            3,
        ),
        // ('0.0.0.0', 8000), ("::", 8000, 0, 0), bind(0.0.0.0, 143), {AF=2 ...} is below
        address_port(
            r#"\(\s*['"]?(?P<address>[0-9A-Fa-f:.*]*|localhost|any)['"]?\s*,\s*(?P<port>\d{1,5})\s*(?:,[^)]*)?\)"#,
            3,
        ),
        // "0.0.0.0" port 36119 (Ruby), '127.0.0.1' port 80
        address_port(
            r#"['"](?P<address>[0-9A-Fa-f:.]+|localhost|\*)['"]\s+port\s+(?P<port>\d{1,5})\b"#,
            3,
        ),
        // http-nio-0.0.0.0-8080, http-nio-0:0:0:0:0:0:0:0-8080 (Tomcat connectors)
        address_port(
            r"(?i)\b(?:https?|ajp)(?:-jsse)?-(?:nio2?|apr|bio)-(?P<address>[0-9A-Fa-f:.]+)-(?P<port>\d{1,5})\b",
            3,
        ),
        // strace: `sin_port=htons(80), sin_addr=inet_addr("0.0.0.0")`, and for IPv6
        // `sin6_port=htons(80), ..., inet_pton(AF_INET6, "::", &sin6_addr)`
        address_port(
            r#"\bsin6?_port=htons\((?P<port>\d{1,5})\)[^}]*?(?:inet_addr\("|inet_pton\(AF_INET6?,\s*")(?P<address>[0-9A-Fa-f:.]+)""#,
            3,
        ),
        // 127.0.0.1:80, /0.0.0.0:80, tcp://0.0.0.0:80, 127.0.0.1#53, 127.0.0.1@53
        address_port(
            &format!(r"(?:^|[^\w.])(?P<address>{IPV4})[:#@](?P<port>\d{{1,5}})\b"),
            3,
        ),
        // 127.0.0.1.1080 (BSD netstat style): exactly five groups
        address_port(
            &format!(r"(?:^|[^\w.])(?P<address>{IPV4})\.(?P<port>\d{{1,5}})(?:[^\w.]|$)"),
            3,
        ),
        // *:6379, ::*:6379, any:80, [::]:80 handled above; :::3000 and ::1:3000 below
        address_port(
            r"(?i)(?:^|[\s(\['=,{/])(?P<address>\*|::\*|any):(?P<port>\d{1,5})\b",
            3,
        ),
        // ::1:3000, :::3000, fe80::1:8080 (Node, PHP, Java print IPv6 unbracketed)
        Pattern {
            regex: regex(
                r#"(?:^|[\s(\['"`=,{/])(?P<token>[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}:\d{1,5})\b"#,
            ),
            rank: 3,
            kind: Kind::Ipv6Token,
        },
        // localhost:80, db.internal:5432
        Pattern {
            regex: regex(
                r"(?i)(?:^|[\s(\['=,{/@])(?P<host>localhost|[a-z][\w-]*(?:\.[\w-]+)*\.[a-z][\w-]*):(?P<port>\d{1,5})\b",
            ),
            rank: 2,
            kind: Kind::HostPort,
        },
        // 20380/tcp (inetd, /etc/services), udp:161 (net-snmp), [undef]:1194 (OpenVPN), and a
        // host printed empty or unset: []:3310 (clamd), [(null)]:443 (hitch), [*]:80
        Pattern {
            regex: regex(
                r"(?i)(?:^|[^\w./-])(?:(?P<port>\d{1,5})/(?:tcp|udp)[46]?\b|(?:tcp|udp)[46]?:(?P<second>\d{1,5})\b|\[(?:undef|unspec|any|\*|\(null\)|)\]:(?P<third>\d{1,5})\b)",
            ),
            rank: 2,
            kind: Kind::PortOnly,
        },
        // :8080 (Go's wildcard), `listen tcp :443`; never after a quote (JSON `"pid":25507`)
        Pattern {
            regex: regex(r"(?:^|[\s(\[=])(?P<address>):(?P<port>\d{1,5})\b"),
            rank: 2,
            kind: Kind::AddressPort,
        },
        // ':8000' (Mercurial quotes the address it was given, empty host and all)
        Pattern {
            regex: regex(r"(?:^|[\s(\[=])'(?P<address>):(?P<port>\d{1,5})'"),
            rank: 2,
            kind: Kind::AddressPort,
        },
        // http-nio-8080, Connector[HTTP/1.1-8080]
        Pattern {
            regex: regex(
                r"(?i)\b(?:(?:https?|ajp)(?:-jsse)?-(?:nio2?|apr|bio)|HTTP/\d(?:\.\d)?)-(?P<port>\d{1,5})\b",
            ),
            rank: 2,
            kind: Kind::PortOnly,
        },
        // port 80, port: 80, port=80, port [80], Port(s) already bound: 80, {port,80}, "port":80
        Pattern {
            regex: regex(
                r#"(?i)(?:^|[^\w-])ports?(?:\(s\))?(?:\s+number)?(?:\s+in\s+range)?(?:\s+(?:already\s+)?(?:bound|in use|used))?['"]?[\s:=#\[(,{'"$]*(?P<port>\d{1,5})\b"#,
            ),
            rank: 1,
            kind: Kind::PortOnly,
        },
        // listening on '40005', bind to "8080" (dropbear quotes the port it was given)
        Pattern {
            regex: regex(
                r#"(?i)\b(?:listen(?:ing)?|bind(?:ing)?)\s+(?:on|to)\s+['"](?P<port>\d{1,5})['"]"#,
            ),
            rank: 1,
            kind: Kind::PortOnly,
        },
        // strace without the address decoded (`sin_port=htons(80)`); Guile's backtrace frame
        // of the failing call, `(bind #<socket 9> 2 0 8080)`: family, address, port; gawk's
        // special file `/inet4/tcp/8080/0/0`: the local port first
        Pattern {
            regex: regex(
                r"\bsin6?_port=htons\((?P<port>\d{1,5})\)|\(bind #<[^>]*> \d+ \d+ (?P<second>\d{1,5})\)|/inet[46]?/(?:tcp|udp)/(?P<third>\d{1,5})/",
            ),
            rank: 2,
            kind: Kind::PortOnly,
        },
        // bind_service(8080): the port as the sole argument of a function named for binding
        // (never `bind(6)`, whose argument is a descriptor)
        Pattern {
            regex: regex(
                r"(?i)\b(?:\w+_(?:bind|listen)\w*|(?:bind|listen)_\w+)\((?P<port>\d{1,5})\)",
            ),
            rank: 1,
            kind: Kind::PortOnly,
        },
        // --port 8081, --port=8081, -p 8081: often a suggested port, used only as a last resort
        Pattern {
            regex: regex(r"(?:^|\s)--?(?:port|p)[=\s]+(?P<port>\d{1,5})\b"),
            rank: 0,
            kind: Kind::PortOnly,
        },
    ]
});

/// All the patterns at once, to run only those that match a line (most match none).
static ANY_PATTERN: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    let patterns: Vec<&str> = PATTERNS.iter().map(|each| each.regex.as_str()).collect();
    pattern::set(&patterns, false)
});

/// Every endpoint the line names, best first (by rank, then leftmost).
pub fn find(line: &str) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    // Every endpoint has a digit.
    if !line.bytes().any(|byte| byte.is_ascii_digit()) {
        return found;
    }
    for index in ANY_PATTERN.matches(line).iter() {
        let pattern = &PATTERNS[index];
        for captures in pattern.regex.captures_iter(line) {
            let Some(whole) = captures.get(0) else {
                continue;
            };
            let (address, host, port, port_end) = match pattern.kind {
                Kind::Ipv6Token => {
                    let Some(token) = captures.name("token") else {
                        continue;
                    };
                    let Some((left, right)) = token.as_str().rsplit_once(':') else {
                        continue;
                    };
                    let address = if left == "::" || left == ":::" {
                        Some(IpAddr::V6(Ipv6Addr::UNSPECIFIED))
                    } else {
                        left.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
                    };
                    let (Some(address), Some(port)) = (address, port_of(right)) else {
                        continue;
                    };
                    (Some(address), None, port, token.end())
                }
                _ => {
                    let Some(port_match) = captures
                        .name("port")
                        .or_else(|| captures.name("second"))
                        .or_else(|| captures.name("third"))
                    else {
                        continue;
                    };
                    let Some(port) = port_of(port_match.as_str()) else {
                        continue;
                    };
                    match pattern.kind {
                        Kind::HostPort => {
                            let Some(host) = captures.name("host") else {
                                continue;
                            };
                            if looks_like_file(host.as_str(), &line[..host.start()])
                                || is_logging_position(host.as_str(), &line[port_match.end()..])
                            {
                                continue;
                            }
                            let address = address_of(host.as_str());
                            let host = address.is_none().then(|| host.as_str().to_string());
                            (address, host, port, port_match.end())
                        }
                        Kind::PortOnly => (None, None, port, port_match.end()),
                        Kind::ErlangTuple => {
                            let tuple = captures.name("tuple").map_or("", |m| m.as_str());
                            let Some(address) = erlang_address(tuple) else {
                                continue;
                            };
                            (Some(address), None, port, port_match.end())
                        }
                        _ => {
                            let text = captures.name("address").map_or("", |m| m.as_str());
                            let Some(address) = address_of(text) else {
                                continue;
                            };
                            // Go's `:8080` and Python's `''` mean every address, but a line that
                            // writes no address names none: keep the wildcard only when written.
                            let address = (!text.is_empty()).then_some(address);
                            (address, None, port, port_match.end())
                        }
                    }
                }
            };
            if continues_as_position(&line[port_end..]) {
                continue;
            }
            let before = line[..whole.start()].to_ascii_lowercase();
            // `X display :47` is an X11 display, not Go's `:PORT`.
            if before.trim_end_matches([' ', '=']).ends_with("display") {
                continue;
            }
            // `Using alternative port 3000`: a port offered instead of the one that failed.
            let mut rank = pattern.rank;
            if rank == 1 && before.split_whitespace().last().is_some_and(offers_another) {
                rank = 0;
            }
            if found.iter().any(|seen| {
                seen.port == port && seen.at <= whole.start() + 2 && whole.start() <= seen.at + 2
            }) {
                continue;
            }
            found.push(Found {
                address,
                host,
                port,
                rank,
                at: whole.start(),
            });
        }
    }
    found.sort_by_key(|endpoint| (std::cmp::Reverse(endpoint.rank), endpoint.at));
    found
}

/// An address a line names on its own (`address: '0.0.0.0'`, `on 0.0.0.0`, `for address
/// '::1'`), for a port found elsewhere.
pub fn lone_address(line: &str) -> Option<IpAddr> {
    static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
        regex(&format!(
            r#"(?i)\baddr(?:ess)?\b['"]?\s*[:=]?\s*['"](?P<quoted>[0-9A-Fa-f:.]+)['"]|\baddr(?:ess)?\s+(?P<bare>{IPV4}|[0-9A-Fa-f]*::?[0-9A-Fa-f:]*)(?:[\s,;]|$)|\bon\s+(?P<on>[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*)(?:[\s,]|$)"#
        ))
    });
    ADDRESS.captures_iter(line).find_map(|captures| {
        let text = captures
            .name("quoted")
            .or_else(|| captures.name("bare"))
            .or_else(|| captures.name("on"))?
            .as_str();
        address_of(text.trim_end_matches('.'))
    })
}

#[cfg(test)]
mod tests;
