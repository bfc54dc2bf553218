//! Keycloak's `conf/keycloak.conf` (Keycloak 25 and later, Quarkus distribution, started
//! with `kc.sh start`): which of the HTTP, HTTPS and management ports open, on which
//! host, following Keycloak 26's own rules (`HttpPropertyMappers`,
//! `ManagementPropertyMappers`):
//!
//! - HTTP (`http-port`, 8080) only with `http-enabled=true`;
//! - HTTPS (`https-port`, 8443) only with a certificate (`https-certificate-file`,
//!   `https-key-store-file`, or `conf/server.keystore` beside the file);
//! - management (`http-management-port`, 9000) only when metrics are enabled, or health is
//!   and `http-management-health-enabled` is not false, unless
//!   `legacy-observability-interface=true`;
//! - hosts from `http-host` (0.0.0.0), the management one inheriting it.
//!
//! Keycloak runs on the JVM, which binds the IPv4 wildcard as a dual-stack IPv6 socket
//! (see docs/config.md).

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::Path;

use super::address::{ANY_V6, Host, parse_port};
use super::error::{ConfigError, ConfigErrorKind};
use super::model::{Binding, BindingKind, ConfigIssueKind, Extraction, Format, Origin, SkipReason};
use crate::model::Protocol;

const DEFAULT_HTTP_PORT: u16 = 8080;
const DEFAULT_HTTPS_PORT: u16 = 8443;
const DEFAULT_MANAGEMENT_PORT: u16 = 9000;

/// One option: its value (`None` when it names a variable without default) and line.
struct Setting {
    value: Option<String>,
    line: usize,
    written: String,
}

pub fn read(text: &str, path: &Path) -> Result<Extraction, ConfigError> {
    let settings = settings(text, path)?;
    let mut extraction = Extraction::default();
    let mut reader = Reader {
        path,
        settings: &settings,
        extraction: &mut extraction,
    };

    let http_enabled = reader.flag("http-enabled", false);
    let keystore_beside = path
        .parent()
        .is_some_and(|directory| directory.join("server.keystore").is_file());
    let tls = reader.is_set("https-certificate-file")
        || reader.is_set("https-key-store-file")
        || keystore_beside;
    let management = !reader.flag("legacy-observability-interface", false)
        && (reader.flag("metrics-enabled", false)
            || (reader.flag("health-enabled", false)
                && reader.flag("http-management-health-enabled", true)));

    let http_host = reader.host("http-host")?;
    if http_enabled {
        reader.bind(
            "http-port",
            DEFAULT_HTTP_PORT,
            &http_host,
            &["http-enabled"],
        )?;
    } else {
        reader.disabled("http-port");
    }
    if tls {
        let reasons = ["https-certificate-file", "https-key-store-file"];
        reader.bind("https-port", DEFAULT_HTTPS_PORT, &http_host, &reasons)?;
    } else {
        reader.disabled("https-port");
    }
    if management {
        let host = match reader.settings.contains_key("http-management-host") {
            true => reader.host("http-management-host")?,
            false => http_host.clone(),
        };
        let reasons = ["metrics-enabled", "health-enabled"];
        reader.bind(
            "http-management-port",
            DEFAULT_MANAGEMENT_PORT,
            &host,
            &reasons,
        )?;
    } else {
        reader.disabled("http-management-port");
    }
    if !http_enabled && !tls {
        let line = settings
            .get("http-enabled")
            .map_or(1, |setting| setting.line);
        let written = settings
            .get("http-enabled")
            .map(|setting| setting.written.clone())
            .unwrap_or_default();
        extraction.issue(
            Origin::new(path, line),
            ConfigIssueKind::NoHttpListener,
            written,
            None,
        );
    }
    Ok(extraction)
}

struct Reader<'a> {
    path: &'a Path,
    settings: &'a HashMap<String, Setting>,
    extraction: &'a mut Extraction,
}

impl Reader<'_> {
    fn value(&self, key: &str) -> Option<&str> {
        self.settings.get(key)?.value.as_deref()
    }

    /// Set to something, even to a variable portdoc cannot resolve.
    fn is_set(&self, key: &str) -> bool {
        self.settings
            .get(key)
            .is_some_and(|setting| setting.value.as_ref().is_none_or(|value| !value.is_empty()))
    }

    fn flag(&self, key: &str, default: bool) -> bool {
        match self.value(key) {
            Some(value) => value.trim().eq_ignore_ascii_case("true"),
            None => default,
        }
    }

    /// The host an interface binds: `http-host` and the like, default 0.0.0.0.
    fn host(&self, key: &str) -> Result<Host, ConfigError> {
        match (self.settings.get(key), self.value(key)) {
            (Some(setting), Some(value)) => Host::parse(value.trim()).ok_or_else(|| {
                ConfigError::at(
                    self.path,
                    setting.line,
                    ConfigErrorKind::BadAddress,
                    &setting.written,
                )
            }),
            _ => Ok(Host::Ip(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))),
        }
    }

    /// A binding on `port_key`'s port, or its default with the origin of the first of
    /// `reasons` that is set (what turned the interface on).
    fn bind(
        &mut self,
        port_key: &str,
        default: u16,
        host: &Host,
        reasons: &[&str],
    ) -> Result<(), ConfigError> {
        let (port, kind, origin, written) = match self.settings.get(port_key) {
            Some(setting) => {
                let Some(value) = &setting.value else {
                    self.extraction.skip(
                        Origin::new(self.path, setting.line),
                        SkipReason::UnresolvedVariable,
                        setting.written.clone(),
                    );
                    return Ok(());
                };
                let port = parse_port(value.trim()).ok_or_else(|| {
                    ConfigError::at(
                        self.path,
                        setting.line,
                        ConfigErrorKind::BadPort,
                        &setting.written,
                    )
                })?;
                let origin = Origin::new(self.path, setting.line);
                (port, BindingKind::Listen, origin, setting.written.clone())
            }
            None => {
                let line = reasons
                    .iter()
                    .find_map(|key| self.settings.get(*key))
                    .map_or(1, |setting| setting.line);
                let origin = Origin::new(self.path, line);
                (default, BindingKind::Default, origin, String::new())
            }
        };
        let Some(addresses) = host.addresses() else {
            self.extraction.skip(origin, SkipReason::HostName, written);
            return Ok(());
        };
        for address in addresses {
            // The JVM binds the IPv4 wildcard as the dual-stack IPv6 wildcard.
            let address = if address.is_unspecified() {
                ANY_V6
            } else {
                address
            };
            let mut binding = Binding::new(
                address,
                port,
                Protocol::Tcp,
                origin.clone(),
                kind,
                Format::Keycloak,
            );
            if address == ANY_V6 {
                binding.v6only = Some(false);
            }
            binding.service = Some("keycloak".into());
            self.extraction.bindings.push(binding);
        }
        Ok(())
    }

    /// A port set for an interface this configuration leaves off.
    fn disabled(&mut self, port_key: &str) {
        if let Some(setting) = self.settings.get(port_key) {
            self.extraction.skip(
                Origin::new(self.path, setting.line),
                SkipReason::InterfaceDisabled,
                setting.written.clone(),
            );
        }
    }
}

/// `key=value` lines (also `key: value`), `#`/`!` comments, `\` continuations; the last
/// assignment of a key wins. Values expand `${NAME:default}` to the default.
fn settings(text: &str, path: &Path) -> Result<HashMap<String, Setting>, ConfigError> {
    let mut settings = HashMap::new();
    let mut pending: Option<(usize, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let (line, mut joined) = match pending.take() {
            Some(pending) => pending,
            None => {
                let trimmed = raw.trim_start();
                if trimmed.is_empty() || trimmed.starts_with(['#', '!']) {
                    continue;
                }
                (index + 1, String::new())
            }
        };
        let raw = raw.trim_start();
        if let Some(continued) = raw.trim_end().strip_suffix('\\') {
            joined.push_str(continued);
            pending = Some((line, joined));
            continue;
        }
        joined.push_str(raw);
        let content = joined.trim();
        let Some(separator) = content.find(['=', ':']) else {
            return Err(ConfigError::at(
                path,
                line,
                ConfigErrorKind::BadLine,
                content,
            ));
        };
        let key = content[..separator].trim();
        let key = key.strip_prefix("kc.").unwrap_or(key).to_string();
        let value = content[separator + 1..].trim();
        settings.insert(
            key,
            Setting {
                value: expand(value),
                line,
                written: content.to_string(),
            },
        );
    }
    Ok(settings)
}

/// SmallRye expressions with every variable unset: `${NAME:default}` is the default,
/// `${NAME}` is unknown.
fn expand(value: &str) -> Option<String> {
    let mut result = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        result.push_str(&rest[..start]);
        let inside = &rest[start + 2..];
        let end = inside.find('}')?;
        let (_, default) = inside[..end].split_once(':')?;
        result.push_str(default);
        rest = &inside[end + 1..];
    }
    result.push_str(rest);
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ports(text: &str) -> Vec<(u16, BindingKind)> {
        read(text, Path::new("/nonexistent/conf/keycloak.conf"))
            .unwrap()
            .bindings
            .iter()
            .map(|binding| (binding.port, binding.kind))
            .collect()
    }

    #[test]
    fn management_opens_only_for_metrics_or_health() {
        assert_eq!(ports("http-enabled=true\n"), [(8080, BindingKind::Default)]);
        assert_eq!(
            ports("http-enabled=true\nhealth-enabled=true\n"),
            [(8080, BindingKind::Default), (9000, BindingKind::Default)]
        );
        assert_eq!(
            ports("http-enabled=true\nhealth-enabled=true\nhttp-management-health-enabled=false\n"),
            [(8080, BindingKind::Default)]
        );
        assert_eq!(
            ports("http-enabled=true\nmetrics-enabled=true\nlegacy-observability-interface=true\n"),
            [(8080, BindingKind::Default)]
        );
    }

    #[test]
    fn https_needs_a_certificate() {
        assert_eq!(
            ports("https-certificate-file=/c.pem\nhttps-port=${KC_HTTPS_PORT:9443}\n"),
            [(9443, BindingKind::Listen)]
        );
        let extraction = read("https-port=8443\n", Path::new("k.conf")).unwrap();
        assert!(extraction.bindings.is_empty());
        assert_eq!(extraction.issues[0].kind, ConfigIssueKind::NoHttpListener);
        assert_eq!(extraction.skipped[0].reason, SkipReason::InterfaceDisabled);
    }

    #[test]
    fn variables_without_default_are_unknown() {
        assert_eq!(expand("${A:1}${B:2}").as_deref(), Some("12"));
        assert_eq!(expand("${PORT}"), None);
    }
}
