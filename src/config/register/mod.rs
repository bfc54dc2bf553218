//! The port register (`--register FILE`, `/etc/portdoc/ports.toml` by default): which
//! ports belong to which service and owner, the port ranges of each purpose, and the host
//! ports no workload may take. `findings` checks bindings against it; the format is in
//! docs/register.md.

mod findings;
mod parse;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use findings::{RegisterFinding, RegisterFindingKind, findings};

use super::error::ConfigError;
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

impl Register {
    /// Reads and checks the register at `path`.
    pub fn load(path: &Path) -> Result<Register, ConfigError> {
        let text = source::read_text_file(path)?;
        Register::parse(&text, path)
    }

    /// Parses register text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Register, ConfigError> {
        parse::parse(text, path)
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
}
