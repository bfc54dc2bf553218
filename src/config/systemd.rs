//! systemd socket units: `ListenStream=`/`ListenDatagram=` addresses as
//! `socket_address_parse` reads them, `BindIPv6Only=` and `ReusePort=`. systemd binds the
//! sockets itself (as root) and hands them to the service; the service's `User=` is read
//! from the matching `.service` beside the `.socket` when there is one.

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

use super::address::{ANY_V6, Host, parse_port};
use super::error::{ConfigError, ConfigErrorKind};
use super::model::{Binding, BindingKind, Extraction, Format, Origin, SkipReason};
use super::source;
use crate::model::Protocol;

/// One `Key=Value` line with the line it starts on.
struct Entry {
    section: String,
    key: String,
    value: String,
    line: usize,
}

pub fn read(text: &str, path: &Path) -> Result<Extraction, ConfigError> {
    let mut extraction = Extraction::default();
    extraction.files.push(path.to_path_buf());
    let entries = entries(text, path)?;
    let last = |key: &str| {
        entries
            .iter()
            .rfind(|entry| entry.section == "Socket" && entry.key == key)
            .map(|entry| entry.value.as_str())
    };

    let v6only = match last("BindIPv6Only") {
        Some("ipv6-only") => true,
        // `default` follows net.ipv6.bindv6only, 0 unless changed: dual-stack.
        _ => false,
    };
    let reuseport = last("ReusePort").is_some_and(is_true);
    let unit = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_string();
    let runs_as = service_user(
        path,
        &unit,
        last("Service"),
        last("Accept").is_some_and(is_true),
        &mut extraction,
    );

    let mut listens: Vec<(&Entry, Protocol)> = Vec::new();
    for entry in entries.iter().filter(|entry| entry.section == "Socket") {
        let protocol = match entry.key.as_str() {
            "ListenStream" => Some(Protocol::Tcp),
            "ListenDatagram" => Some(Protocol::Udp),
            "ListenSequentialPacket"
            | "ListenFIFO"
            | "ListenSpecial"
            | "ListenNetlink"
            | "ListenMessageQueue"
            | "ListenUSBFunction" => None,
            _ => continue,
        };
        if entry.value.is_empty() {
            // An empty assignment resets every listen before it.
            listens.clear();
            continue;
        }
        match protocol {
            Some(protocol) => listens.push((entry, protocol)),
            None => extraction.skip(
                Origin::new(path, entry.line),
                SkipReason::NotAnIpSocket,
                format!("{}={}", entry.key, entry.value),
            ),
        }
    }

    for (entry, protocol) in listens {
        let origin = Origin::new(path, entry.line);
        let written = format!("{}={}", entry.key, entry.value);
        let Some((address, port)) = address(&entry.value)
            .map_err(|kind| ConfigError::at(path, entry.line, kind, written.clone()))?
        else {
            extraction.skip(origin, SkipReason::NotAnIpSocket, written);
            continue;
        };
        let mut binding = Binding::new(
            address,
            port,
            protocol,
            origin,
            BindingKind::SocketUnit,
            Format::SystemdSocket,
        );
        if address == ANY_V6 {
            binding.v6only = Some(v6only);
        }
        binding.reuseport = reuseport;
        binding.service = Some(unit.clone());
        binding.runs_as = runs_as.clone();
        extraction.bindings.push(binding);
    }
    Ok(extraction)
}

/// `80` (IPv6 wildcard, or IPv4 on a host without IPv6), `0.0.0.0:80`, `[::1]:80`,
/// `[fe80::1%eth0]:80`; `None` for paths, abstract and vsock sockets.
fn address(value: &str) -> Result<Option<(IpAddr, u16)>, ConfigErrorKind> {
    if value.starts_with('/') || value.starts_with('@') || value.starts_with("vsock:") {
        return Ok(None);
    }
    if value.bytes().all(|byte| byte.is_ascii_digit()) {
        let port = parse_port(value).ok_or(ConfigErrorKind::BadPort)?;
        return Ok(Some((ANY_V6, port)));
    }
    let (host, port) = if let Some(inner) = value.strip_prefix('[') {
        let (host, rest) = inner.split_once(']').ok_or(ConfigErrorKind::BadAddress)?;
        (
            host,
            rest.strip_prefix(':').ok_or(ConfigErrorKind::BadPort)?,
        )
    } else {
        let (host, port) = value.rsplit_once(':').ok_or(ConfigErrorKind::BadAddress)?;
        if host.parse::<Ipv4Addr>().is_err() {
            return Err(ConfigErrorKind::BadAddress);
        }
        (host, port)
    };
    let port = parse_port(port).ok_or(ConfigErrorKind::BadPort)?;
    match Host::parse(host) {
        Some(Host::Ip(address)) => Ok(Some((address, port))),
        _ => Err(ConfigErrorKind::BadAddress),
    }
}

/// `User=` of the service this socket activates (`Service=`, or the unit's own name;
/// `NAME@.service` with `Accept=yes`), when that file sits beside the socket unit.
fn service_user(
    socket: &Path,
    unit: &str,
    service: Option<&str>,
    accept: bool,
    extraction: &mut Extraction,
) -> Option<String> {
    let stem = unit.strip_suffix(".socket")?;
    let name = match service {
        Some(service) => service.to_string(),
        None if accept => format!("{stem}@.service"),
        None => format!("{stem}.service"),
    };
    let directory = socket.parent().map(Path::to_path_buf).unwrap_or_default();
    let file: PathBuf = directory.join(name);
    if !file.is_file() {
        return None;
    }
    let text = source::read_text_file(&file).ok()?;
    let entries = entries(&text, &file).ok()?;
    extraction.files.push(file);
    entries
        .iter()
        .rfind(|entry| entry.section == "Service" && entry.key == "User")
        .map(|entry| entry.value.clone())
        .filter(|user| !user.is_empty())
}

fn is_true(value: &str) -> bool {
    ["1", "yes", "y", "true", "t", "on"]
        .iter()
        .any(|word| value.eq_ignore_ascii_case(word))
}

/// The unit's assignments, continuation lines joined, comments dropped.
fn entries(text: &str, path: &Path) -> Result<Vec<Entry>, ConfigError> {
    let mut entries = Vec::new();
    let mut section = String::new();
    let mut pending: Option<(usize, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let raw = raw.trim_end_matches('\r');
        let (line, mut joined) = match pending.take() {
            Some(pending) => pending,
            None => {
                let trimmed = raw.trim_start();
                if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
                    continue;
                }
                (index + 1, String::new())
            }
        };
        if let Some(continued) = raw.strip_suffix('\\') {
            joined.push_str(continued);
            joined.push(' ');
            pending = Some((line, joined));
            continue;
        }
        joined.push_str(raw);
        let content = joined.trim();
        if let Some(name) = content.strip_prefix('[') {
            let Some(name) = name.strip_suffix(']') else {
                return Err(ConfigError::at(
                    path,
                    line,
                    ConfigErrorKind::BadLine,
                    content,
                ));
            };
            section = name.to_string();
            continue;
        }
        let Some((key, value)) = content.split_once('=') else {
            return Err(ConfigError::at(
                path,
                line,
                ConfigErrorKind::BadLine,
                content,
            ));
        };
        entries.push(Entry {
            section: section.clone(),
            key: key.trim().to_string(),
            value: value.trim().to_string(),
            line,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_systemd_reads_them() {
        assert_eq!(address("80"), Ok(Some((ANY_V6, 80))));
        assert_eq!(
            address("0.0.0.0:80"),
            Ok(Some(("0.0.0.0".parse().unwrap(), 80)))
        );
        assert_eq!(address("[::]:443"), Ok(Some((ANY_V6, 443))));
        assert_eq!(
            address("127.0.0.1:8080"),
            Ok(Some(("127.0.0.1".parse().unwrap(), 8080)))
        );
        assert_eq!(address("/run/x.sock"), Ok(None));
        assert_eq!(address("@abstract"), Ok(None));
        assert_eq!(address("99999"), Err(ConfigErrorKind::BadPort));
        assert_eq!(address("example.com:80"), Err(ConfigErrorKind::BadAddress));
    }

    #[test]
    fn an_empty_listen_resets_the_list() {
        let text = "[Socket]\nListenStream=80\nListenStream=\nListenStream=8080\n";
        let extraction = read(text, Path::new("x.socket")).unwrap();
        let ports: Vec<u16> = extraction.bindings.iter().map(|b| b.port).collect();
        assert_eq!(ports, [8080]);
    }
}
