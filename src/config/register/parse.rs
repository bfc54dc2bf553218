//! The register's TOML as written, checked into a [`Register`]: ports from 1 to 65535,
//! ranges in order, purposes that exist, no port given twice; errors carry the line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Allocation, PortRange, Purpose, Register};
use crate::config::address::{PortProblem, parse_port, parse_port_range};
use crate::config::error::{ConfigError, ConfigErrorKind};
use crate::config::source;
use crate::model::Protocol;

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

/// A port written as an integer or a string of digits.
fn port_of(value: &toml::Value) -> Option<u16> {
    match value {
        toml::Value::Integer(number) => u16::try_from(*number).ok().filter(|port| *port > 0),
        toml::Value::String(text) => parse_port(text.trim()),
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
    match parse_port_range(text.trim()) {
        Ok((start, end)) => Ok(PortRange { start, end }),
        Err(PortProblem::BadPort) => Err(ConfigErrorKind::BadPort),
        Err(PortProblem::BadRange) => Err(ConfigErrorKind::BadPortRange),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::register::PortRange;

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
        parse(EXAMPLE, Path::new("ports.toml")).unwrap()
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
    fn mistakes_are_errors_at_their_line() {
        let error = |text: &str| {
            let error = parse(text, Path::new("r.toml")).unwrap_err();
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
