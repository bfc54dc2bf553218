//! Kernel settings that decide whether a port can be bound: the ephemeral range, reserved
//! ports, the privileged-port boundary, IPv6 dual-stack default, our own capability, and
//! whether this is a Kubernetes node.

use crate::cli::ports::parse_port_list;
use crate::model::NetSettings;

/// Reads the settings of the current network namespace; missing files keep kernel defaults.
pub fn net_settings() -> NetSettings {
    let defaults = NetSettings::default();
    NetSettings {
        ephemeral_ports: read("net/ipv4/ip_local_port_range")
            .and_then(|text| parse_range(&text))
            .unwrap_or(defaults.ephemeral_ports),
        reserved_ports: read("net/ipv4/ip_local_reserved_ports")
            .map(|text| parse_reserved(&text))
            .unwrap_or_default(),
        unprivileged_port_start: read("net/ipv4/ip_unprivileged_port_start")
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(defaults.unprivileged_port_start),
        bindv6only: read("net/ipv6/bindv6only").is_some_and(|text| text.trim() == "1"),
        can_bind_privileged_ports: has_net_bind_service(),
        nonlocal_bind: read("net/ipv4/ip_nonlocal_bind").is_some_and(|text| text.trim() == "1"),
        kubernetes_node: std::path::Path::new("/var/lib/kubelet").is_dir(),
    }
}

fn read(name: &str) -> Option<String> {
    std::fs::read_to_string(format!("/proc/sys/{name}")).ok()
}

/// `32768\t60999`.
pub fn parse_range(text: &str) -> Option<(u16, u16)> {
    let mut numbers = text.split_whitespace().map(|number| number.parse::<u16>());
    match (numbers.next(), numbers.next()) {
        (Some(Ok(first)), Some(Ok(last))) if first <= last => Some((first, last)),
        _ => None,
    }
}

/// `8080,9000-9010`, or an empty line.
pub fn parse_reserved(text: &str) -> Vec<(u16, u16)> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    parse_port_list(text)
        .map(|specs| specs.iter().map(|spec| (spec.first, spec.last)).collect())
        .unwrap_or_default()
}

/// CAP_NET_BIND_SERVICE (bit 10) in this process's effective set.
fn has_net_bind_service() -> bool {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return rustix::process::geteuid().is_root();
    };
    status
        .lines()
        .find_map(|line| line.strip_prefix("CapEff:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .is_some_and(|capabilities| capabilities & (1 << 10) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_sysctl_formats() {
        assert_eq!(parse_range("32768\t60999\n"), Some((32768, 60999)));
        assert_eq!(parse_range("60999 32768"), None);
        assert_eq!(parse_range(""), None);
        assert_eq!(parse_reserved("\n"), vec![]);
        assert_eq!(
            parse_reserved("8080,9000-9010\n"),
            vec![(8080, 8080), (9000, 9010)]
        );
    }
}
