//! The port register (`--register FILE`, `/etc/portdoc/ports.toml` by default): which
//! ports belong to which service and owner, the port ranges of each purpose, and the host
//! ports no workload may take. `findings` checks bindings against it; the format is in
//! docs/register.md.

mod findings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

pub use findings::{RegisterFinding, RegisterFindingKind, findings};

use super::error::{ConfigError, ConfigErrorKind};
use super::source;
use crate::model::Protocol;

/// Where portdoc looks for a register when `--register` is not given.
pub const DEFAULT_PATH: &str = "/etc/portdoc/ports.toml";

/// An inclusive range of ports; one port is a range of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PortRange {
    pub start: u16,
    pub end: u16,
}

impl PortRange {
    pub fn contains(self, port: u16) -> bool {
        self.start <= port && port <= self.end
    }

    fn overlaps(self, other: PortRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

impl std::fmt::Display for PortRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// A named kind of port (`public-api`, `metrics`) and the ranges reserved for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Purpose {
    pub name: String,
    pub ranges: Vec<PortRange>,
    /// 1-based line in the register.
    pub line: usize,
}

/// Ports given to one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocation {
    pub ports: PortRange,
    /// `None`: both TCP and UDP.
    pub protocol: Option<Protocol>,
    /// The service the ports belong to, compared with a binding's `service`.
    pub service: String,
    /// The team or person to ask.
    pub owner: Option<String>,
    pub purpose: Option<String>,
    /// 1-based line in the register.
    pub line: usize,
}

/// A parsed register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Register {
    pub file: PathBuf,
    /// Host ports no host-network, host-port or node-port workload may take.
    pub protected: Vec<u16>,
    pub purposes: Vec<Purpose>,
    pub allocations: Vec<Allocation>,
}

/// The file as written; every number is checked after deserialization.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegister {
    #[serde(default)]
    protected: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    purposes: BTreeMap<String, Spanned<RawRanges>>,
    #[serde(default, rename = "port")]
    ports: Vec<Spanned<RawAllocation>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawRanges {
    Many(Vec<toml::Value>),
    One(toml::Value),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllocation {
    port: Option<toml::Value>,
    range: Option<String>,
    service: String,
    owner: Option<String>,
    purpose: Option<String>,
    protocol: Option<String>,
}

impl Register {
    /// Reads and checks the register at `path`.
    pub fn load(path: &Path) -> Result<Register, ConfigError> {
        let text = source::read_text_file(path)?;
        Register::parse(&text, path)
    }

    /// Parses register text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Register, ConfigError> {
        source::check_text(path, text)?;
        let line_of = |offset: usize| {
            1 + text.as_bytes()[..offset.min(text.len())]
                .iter()
                .filter(|&&byte| byte == b'\n')
                .count()
        };
        let raw: RawRegister = toml::from_str(text).map_err(|error| {
            let line = error.span().map(|span| line_of(span.start));
            ConfigError::new(path, line, ConfigErrorKind::TomlSyntax, error.message())
        })?;
        let refuse = |offset: usize, kind: ConfigErrorKind, text: String| {
            ConfigError::at(path, line_of(offset), kind, text)
        };

        let mut protected = Vec::new();
        for value in &raw.protected {
            let port = port_of(value.get_ref()).ok_or_else(|| {
                refuse(
                    value.span().start,
                    ConfigErrorKind::BadPort,
                    value.get_ref().to_string(),
                )
            })?;
            protected.push(port);
        }

        let mut purposes = Vec::new();
        for (name, ranges) in &raw.purposes {
            let values: Vec<&toml::Value> = match ranges.get_ref() {
                RawRanges::One(value) => vec![value],
                RawRanges::Many(values) => values.iter().collect(),
            };
            let mut parsed = Vec::new();
            for value in values {
                let range = range_of(value)
                    .map_err(|kind| refuse(ranges.span().start, kind, value.to_string()))?;
                parsed.push(range);
            }
            purposes.push(Purpose {
                name: name.clone(),
                ranges: parsed,
                line: line_of(ranges.span().start),
            });
        }
        purposes.sort_by_key(|purpose| purpose.line);

        let mut allocations: Vec<Allocation> = Vec::new();
        for entry in &raw.ports {
            let offset = entry.span().start;
            let raw = entry.get_ref();
            let ports = match (&raw.port, &raw.range) {
                (Some(port), None) => range_of(port),
                (None, Some(range)) => range_of(&toml::Value::String(range.clone())),
                _ => Err(ConfigErrorKind::MissingArgument),
            }
            .map_err(|kind| refuse(offset, kind, raw.service.clone()))?;
            let protocol = match raw.protocol.as_deref() {
                None => None,
                Some("tcp") => Some(Protocol::Tcp),
                Some("udp") => Some(Protocol::Udp),
                Some(other) => {
                    return Err(refuse(offset, ConfigErrorKind::BadValue, other.to_string()));
                }
            };
            if let Some(purpose) = &raw.purpose
                && !purposes.iter().any(|known| &known.name == purpose)
            {
                return Err(refuse(
                    offset,
                    ConfigErrorKind::UnknownPurpose,
                    purpose.clone(),
                ));
            }
            let allocation = Allocation {
                ports,
                protocol,
                service: raw.service.clone(),
                owner: raw.owner.clone(),
                purpose: raw.purpose.clone(),
                line: line_of(offset),
            };
            let clash = allocations.iter().find(|other| {
                other.ports.overlaps(allocation.ports)
                    && (other.protocol.is_none()
                        || allocation.protocol.is_none()
                        || other.protocol == allocation.protocol)
            });
            if let Some(other) = clash {
                return Err(refuse(
                    offset,
                    ConfigErrorKind::OverlappingAllocation,
                    format!(
                        "{} {} / {} {}",
                        allocation.ports, allocation.service, other.ports, other.service
                    ),
                ));
            }
            allocations.push(allocation);
        }

        Ok(Register {
            file: path.to_path_buf(),
            protected,
            purposes,
            allocations,
        })
    }

    /// The allocation covering `port` over `protocol`.
    pub fn allocation(&self, port: u16, protocol: Protocol) -> Option<&Allocation> {
        self.allocations.iter().find(|allocation| {
            allocation.ports.contains(port) && allocation.protocol.is_none_or(|own| own == protocol)
        })
    }

    pub fn purpose(&self, name: &str) -> Option<&Purpose> {
        self.purposes.iter().find(|purpose| purpose.name == name)
    }

    /// The ports of `purpose` that no allocation takes and that are not protected, as
    /// ranges in order: what `portdoc suggest --purpose` picks from. `None` for an unknown
    /// purpose.
    pub fn free_ranges(&self, purpose: &str) -> Option<Vec<PortRange>> {
        let purpose = self.purpose(purpose)?;
        let mut free = Vec::new();
        for range in &purpose.ranges {
            let mut start: Option<u16> = None;
            for port in range.start..=range.end {
                let taken = self.protected.contains(&port)
                    || self
                        .allocations
                        .iter()
                        .any(|allocation| allocation.ports.contains(port));
                match (taken, start) {
                    (false, None) => start = Some(port),
                    (true, Some(first)) => {
                        free.push(PortRange {
                            start: first,
                            end: port - 1,
                        });
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(first) = start {
                free.push(PortRange {
                    start: first,
                    end: range.end,
                });
            }
        }
        Some(free)
    }
}

/// A port written as an integer or a string of digits.
fn port_of(value: &toml::Value) -> Option<u16> {
    match value {
        toml::Value::Integer(number) => u16::try_from(*number).ok().filter(|port| *port > 0),
        toml::Value::String(text) => super::address::parse_port(text.trim()),
        _ => None,
    }
}

/// `9000`, `"9000"` or `"9000-9100"`.
fn range_of(value: &toml::Value) -> Result<PortRange, ConfigErrorKind> {
    if let Some(port) = port_of(value) {
        return Ok(PortRange {
            start: port,
            end: port,
        });
    }
    let toml::Value::String(text) = value else {
        return Err(ConfigErrorKind::BadPort);
    };
    match super::address::parse_port_range(text.trim()) {
        Ok((start, end)) => Ok(PortRange { start, end }),
        Err(super::address::PortProblem::BadPort) => Err(ConfigErrorKind::BadPort),
        Err(super::address::PortProblem::BadRange) => Err(ConfigErrorKind::BadPortRange),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
protected = [22, 80, 443]

[purposes]
public-api = "9000-9100"
internal = "9101-9200"
metrics = ["9201-9300"]

[[port]]
port = 9000
service = "keycloak"
owner = "identity"
purpose = "public-api"

[[port]]
range = "9002-9003"
service = "fluvio-spu"
purpose = "public-api"
"#;

    fn example() -> Register {
        Register::parse(EXAMPLE, Path::new("ports.toml")).unwrap()
    }

    #[test]
    fn the_documented_example_parses() {
        let register = example();
        assert_eq!(register.protected, [22, 80, 443]);
        let names: Vec<&str> = register.purposes.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["public-api", "internal", "metrics"]);
        assert_eq!(
            register.allocations[1].ports,
            PortRange {
                start: 9002,
                end: 9003
            }
        );
        assert_eq!(register.allocations[1].line, 15);
        assert_eq!(
            register
                .allocation(9003, Protocol::Udp)
                .map(|a| a.service.as_str()),
            Some("fluvio-spu")
        );
    }

    #[test]
    fn free_ranges_skip_allocated_ports() {
        let free = example().free_ranges("public-api").unwrap();
        assert_eq!(
            free,
            [
                PortRange {
                    start: 9001,
                    end: 9001
                },
                PortRange {
                    start: 9004,
                    end: 9100
                }
            ]
        );
        assert_eq!(example().free_ranges("nope"), None);
    }

    #[test]
    fn mistakes_are_errors_at_their_line() {
        let error = |text: &str| {
            let error = Register::parse(text, Path::new("r.toml")).unwrap_err();
            (error.kind, error.line)
        };
        assert_eq!(
            error("[[port]]\nport = 70000\nservice = \"x\"\n"),
            (ConfigErrorKind::BadPort, Some(1))
        );
        assert_eq!(
            error("[[port]]\nport = 1\nservice = \"x\"\npurpose = \"nope\"\n"),
            (ConfigErrorKind::UnknownPurpose, Some(1))
        );
        assert_eq!(
            error(
                "[[port]]\nport = 1\nservice = \"a\"\n[[port]]\nrange = \"1-2\"\nservice = \"b\"\n"
            ),
            (ConfigErrorKind::OverlappingAllocation, Some(4))
        );
        assert_eq!(
            error("protected = [22]\n[purposes\n"),
            (ConfigErrorKind::TomlSyntax, Some(2))
        );
        assert_eq!(
            error("protected = [22]\nprotect = [1]\n"),
            (ConfigErrorKind::TomlSyntax, Some(2))
        );
    }
}
