//! Parsing of port arguments: `8080`, `8080/udp`, `8080,8443`, `9000-9100/tcp`.

use crate::model::Protocol;

/// A port or an inclusive range of ports, optionally for one protocol only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortSpec {
    pub first: u16,
    pub last: u16,
    /// `None` when the argument named no protocol.
    pub protocol: Option<Protocol>,
}

impl PortSpec {
    pub fn single(port: u16, protocol: Option<Protocol>) -> PortSpec {
        PortSpec {
            first: port,
            last: port,
            protocol,
        }
    }

    pub fn contains(&self, port: u16) -> bool {
        (self.first..=self.last).contains(&port)
    }

    pub fn ports(&self) -> std::ops::RangeInclusive<u16> {
        self.first..=self.last
    }

    /// How many ports the spec covers (never zero).
    pub fn count(&self) -> usize {
        usize::from(self.last - self.first) + 1
    }
}

impl std::fmt::Display for PortSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)?;
        } else {
            write!(f, "{}-{}", self.first, self.last)?;
        }
        if let Some(protocol) = self.protocol {
            write!(f, "/{protocol}")?;
        }
        Ok(())
    }
}

/// Parses one command-line argument, which may hold a comma-separated list.
pub fn parse_port_list(argument: &str) -> Result<Vec<PortSpec>, String> {
    let argument = argument.trim();
    if argument.is_empty() {
        return Err("empty port: expected a number from 1 to 65535".into());
    }
    argument
        .split(',')
        .map(|item| parse_port_spec(item.trim()))
        .collect()
}

/// Parses `PORT`, `LO-HI`, either followed by `/tcp` or `/udp`.
pub fn parse_port_spec(item: &str) -> Result<PortSpec, String> {
    let (range, protocol) = match item.split_once('/') {
        Some((range, protocol)) => (range, Some(parse_protocol(protocol, item)?)),
        None => (item, None),
    };
    let (first, last) = match range.split_once('-') {
        Some((first, last)) if !first.is_empty() => (parse_port(first)?, parse_port(last)?),
        _ => {
            let port = parse_port(range)?;
            (port, port)
        }
    };
    if first > last {
        return Err(format!(
            "range '{first}-{last}' is reversed: write '{last}-{first}'"
        ));
    }
    Ok(PortSpec {
        first,
        last,
        protocol,
    })
}

fn parse_protocol(protocol: &str, item: &str) -> Result<Protocol, String> {
    match protocol.to_ascii_lowercase().as_str() {
        "tcp" => Ok(Protocol::Tcp),
        "udp" => Ok(Protocol::Udp),
        _ => Err(format!(
            "unknown protocol '{protocol}' in '{item}': use /tcp or /udp"
        )),
    }
}

/// Parses a single port number, 1 to 65535.
pub fn parse_port(text: &str) -> Result<u16, String> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(format!(
            "'{text}' is not a port: expected a number from 1 to 65535, optionally with /tcp or /udp"
        ));
    }
    match text.parse::<u32>() {
        Ok(0) => Err("port 0 is not a real port: expected 1 to 65535".into()),
        Ok(port) if port <= 65535 => Ok(port as u16),
        _ => Err(format!("port {text} is out of range: expected 1 to 65535")),
    }
}

/// Which protocols a list of specs asks for, given the `--tcp`/`--udp` flags.
/// No protocol anywhere means both.
pub fn protocols_for(spec: &PortSpec, tcp_flag: bool, udp_flag: bool) -> Vec<Protocol> {
    match (spec.protocol, tcp_flag, udp_flag) {
        (Some(protocol), _, _) => vec![protocol],
        (None, true, false) => vec![Protocol::Tcp],
        (None, false, true) => vec![Protocol::Udp],
        _ => Protocol::ALL.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_single_ports_lists_ranges_and_protocols() {
        assert_eq!(
            parse_port_list("80").unwrap(),
            vec![PortSpec::single(80, None)]
        );
        assert_eq!(
            parse_port_list("53/udp").unwrap(),
            vec![PortSpec::single(53, Some(Protocol::Udp))]
        );
        assert_eq!(
            parse_port_list("8080, 8443/TCP").unwrap(),
            vec![
                PortSpec::single(8080, None),
                PortSpec::single(8443, Some(Protocol::Tcp))
            ]
        );
        assert_eq!(
            parse_port_list("9000-9100/udp").unwrap(),
            vec![PortSpec {
                first: 9000,
                last: 9100,
                protocol: Some(Protocol::Udp)
            }]
        );
        assert_eq!(parse_port_list("1-65535").unwrap()[0].count(), 65535);
    }

    #[test]
    fn rejects_bad_ports_with_a_message_naming_the_input() {
        for (input, expected) in [
            ("0", "port 0"),
            ("70000", "70000 is out of range"),
            ("65536", "65536 is out of range"),
            ("99999999999999999999", "out of range"),
            ("abc", "'abc' is not a port"),
            ("80/sctp", "unknown protocol 'sctp'"),
            ("10-5", "reversed"),
            ("", "empty port"),
            ("-5", "'-5' is not a port"),
            ("80,", "'' is not a port"),
            ("+80", "'+80' is not a port"),
            ("8 0", "is not a port"),
        ] {
            let error = parse_port_list(input).unwrap_err();
            assert!(error.contains(expected), "{input:?}: {error}");
            assert!(!error.contains('\n'), "{input:?}: {error}");
        }
    }

    #[test]
    fn protocol_flags_narrow_only_specs_without_a_protocol() {
        let any = PortSpec::single(80, None);
        let udp = PortSpec::single(80, Some(Protocol::Udp));
        assert_eq!(protocols_for(&any, false, false), Protocol::ALL.to_vec());
        assert_eq!(protocols_for(&any, true, true), Protocol::ALL.to_vec());
        assert_eq!(protocols_for(&any, true, false), vec![Protocol::Tcp]);
        assert_eq!(protocols_for(&udp, true, false), vec![Protocol::Udp]);
    }
}
