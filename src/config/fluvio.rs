//! A Fluvio SPU reads no configuration file: its ports come from its command line
//! (`fluvio-run spu -p HOST:PORT -v HOST:PORT`, defaults `0.0.0.0:9005` public and
//! `0.0.0.0:9006` private) or, for a custom SPU, from the `Spu` resource the SC holds
//! (`spec.publicEndpoint.port`, `spec.privateEndpoint.port`). This reader takes either:
//! any text with a `fluvio-run spu` command line (a systemd unit, a script), or Fluvio
//! resources in YAML. `SpuGroup` SPUs run in pods and bind nothing on the host.

use std::path::Path;

use super::address::{ANY_V4, Host, parse_port};
use super::error::{ConfigError, ConfigErrorKind};
use super::model::{Binding, BindingKind, Extraction, Format, Origin, SkipReason};
use super::yaml::{self, Node};
use crate::model::Protocol;

/// `SPU_PUBLIC_PORT` and `SPU_PRIVATE_PORT` in fluvio-types.
const DEFAULT_PUBLIC_PORT: u16 = 9005;
const DEFAULT_PRIVATE_PORT: u16 = 9006;

pub fn read(text: &str, path: &Path) -> Result<Extraction, ConfigError> {
    let mut extraction = Extraction::default();
    if text.contains("fluvio.infinyon.com") {
        for document in yaml::load(text, path)? {
            resource(&document, path, &mut extraction)?;
        }
    } else {
        for command in commands(text) {
            command_line(&command, path, &mut extraction)?;
        }
    }
    Ok(extraction)
}

/// A `Spu` resource (or the `CustomSpu` spelling): its two endpoint ports, bound on all
/// addresses as `fluvio cluster` starts custom SPUs.
fn resource(document: &Node, path: &Path, extraction: &mut Extraction) -> Result<(), ConfigError> {
    let kind = document
        .get("kind")
        .and_then(Node::as_str)
        .unwrap_or_default();
    let name = document
        .path(&["metadata", "name"])
        .and_then(Node::as_str)
        .unwrap_or_default();
    let service = format!("{kind} {name}");
    match kind {
        "Spu" | "CustomSpu" => {
            let spec = document.get("spec");
            let endpoints = [
                ("publicEndpoint", DEFAULT_PUBLIC_PORT),
                ("privateEndpoint", DEFAULT_PRIVATE_PORT),
            ];
            for (key, default) in endpoints {
                let endpoint = spec.and_then(|spec| spec.get(key));
                let (port, kind, line) = match endpoint.and_then(|endpoint| endpoint.get("port")) {
                    Some(port) => {
                        let text = port.as_str().unwrap_or_default();
                        let number = parse_port(text).ok_or_else(|| {
                            ConfigError::at(path, port.line, ConfigErrorKind::BadPort, text)
                        })?;
                        (number, BindingKind::Listen, port.line)
                    }
                    None => {
                        let line = endpoint.or(spec).map_or(document.line, |node| node.line);
                        (default, BindingKind::Default, line)
                    }
                };
                let origin = Origin::new(path, line);
                let mut binding =
                    Binding::new(ANY_V4, port, Protocol::Tcp, origin, kind, Format::FluvioSpu);
                binding.service = Some(service.clone());
                extraction.bindings.push(binding);
            }
        }
        "SpuGroup" => extraction.skip(
            Origin::new(path, document.line),
            SkipReason::PodNetworkOnly,
            service,
        ),
        _ => {}
    }
    Ok(())
}

/// A word of a command line and the line it is on.
struct Word {
    text: String,
    line: usize,
}

/// Each `fluvio-run spu ...` (or `fluvio-spu ...`) command in the text: its arguments
/// after `spu`, across `\` continuations.
fn commands(text: &str) -> Vec<Vec<Word>> {
    let mut logical: Vec<Vec<Word>> = Vec::new();
    let mut current: Vec<Word> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        let continued = trimmed.ends_with('\\');
        let content = trimmed.strip_suffix('\\').unwrap_or(trimmed);
        for word in content.split_whitespace() {
            let word = word.trim_matches(|c| matches!(c, '"' | '\'' | '[' | ']' | ','));
            if !word.is_empty() {
                current.push(Word {
                    text: word.to_string(),
                    line: index + 1,
                });
            }
        }
        if !continued {
            logical.push(std::mem::take(&mut current));
        }
    }
    logical.push(current);

    let mut commands = Vec::new();
    for words in logical {
        let start = words.windows(2).position(|pair| {
            let program = pair[0].text.as_str();
            pair[1].text == "spu" && (program.ends_with("fluvio-run") || program == "run")
        });
        let start = match start {
            Some(position) => Some(position + 2),
            None => words
                .iter()
                .position(|word| word.text.ends_with("fluvio-spu") && !word.text.contains('='))
                .map(|position| position + 1),
        };
        if let Some(start) = start {
            commands.push(words.into_iter().skip(start).collect());
        }
    }
    commands
}

/// The public and private servers of one command line, with their defaults.
fn command_line(
    words: &[Word],
    path: &Path,
    extraction: &mut Extraction,
) -> Result<(), ConfigError> {
    let option = |short: &str, long: &str| -> Option<(&str, usize)> {
        let mut found = None;
        for (index, word) in words.iter().enumerate() {
            if word.text == short || word.text == long {
                found = words
                    .get(index + 1)
                    .map(|value| (value.text.as_str(), value.line));
            } else if let Some(value) = word
                .text
                .strip_prefix(long)
                .and_then(|rest| rest.strip_prefix('='))
            {
                found = Some((value, word.line));
            }
        }
        found
    };
    let first_line = words.first().map_or(1, |word| word.line);
    let service = match option("-i", "--id") {
        Some((id, _)) => format!("fluvio-spu {id}"),
        None => "fluvio-spu".to_string(),
    };
    let tls = words.iter().any(|word| word.text == "--tls");
    let mut servers = vec![
        (option("-p", "--public-server"), DEFAULT_PUBLIC_PORT),
        (option("-v", "--private-server"), DEFAULT_PRIVATE_PORT),
    ];
    if tls && let Some(non_tls) = option("--bind-non-tls-public", "--bind-non-tls-public") {
        servers.push((Some(non_tls), DEFAULT_PUBLIC_PORT));
    }
    for (server, default) in servers {
        let (host, port, kind, line, written) = match server {
            None => (
                Host::Ip(ANY_V4),
                default,
                BindingKind::Default,
                first_line,
                String::new(),
            ),
            Some((value, line)) => {
                if value.contains('$') {
                    extraction.skip(
                        Origin::new(path, line),
                        SkipReason::UnresolvedVariable,
                        value,
                    );
                    continue;
                }
                let refuse = |kind| ConfigError::at(path, line, kind, value);
                let (host, port) = value
                    .rsplit_once(':')
                    .ok_or_else(|| refuse(ConfigErrorKind::BadPort))?;
                let port = parse_port(port).ok_or_else(|| refuse(ConfigErrorKind::BadPort))?;
                let host = Host::parse(host).ok_or_else(|| refuse(ConfigErrorKind::BadAddress))?;
                (host, port, BindingKind::Listen, line, value.to_string())
            }
        };
        let origin = Origin::new(path, line);
        let Some(addresses) = host.addresses() else {
            extraction.skip(origin, SkipReason::HostName, written);
            continue;
        };
        for address in addresses {
            let mut binding = Binding::new(
                address,
                port,
                Protocol::Tcp,
                origin.clone(),
                kind,
                Format::FluvioSpu,
            );
            binding.service = Some(service.clone());
            extraction.bindings.push(binding);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_across_continuations() {
        let text = "ExecStart=/usr/local/bin/fluvio-run spu -i 5001 \\\n  -p 0.0.0.0:9010 \\\n  --private-server=127.0.0.1:9011\n";
        let extraction = read(text, Path::new("spu.service")).unwrap();
        let found: Vec<(String, u16, usize)> = extraction
            .bindings
            .iter()
            .map(|binding| {
                (
                    binding.address.to_string(),
                    binding.port,
                    binding.origin.line,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("0.0.0.0".to_string(), 9010, 2),
                ("127.0.0.1".to_string(), 9011, 3)
            ]
        );
        assert_eq!(
            extraction.bindings[0].service.as_deref(),
            Some("fluvio-spu 5001")
        );
    }

    #[test]
    fn missing_servers_take_the_binary_defaults() {
        let extraction = read("fluvio-run spu -i 1\n", Path::new("run.sh")).unwrap();
        let ports: Vec<(u16, BindingKind)> = extraction
            .bindings
            .iter()
            .map(|b| (b.port, b.kind))
            .collect();
        assert_eq!(
            ports,
            [(9005, BindingKind::Default), (9006, BindingKind::Default)]
        );
    }
}
