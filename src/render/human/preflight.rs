//! `check --from`: one line per finding (severity, file:line, the binding, what is wrong),
//! the live holders under an `in-use` finding, what was skipped, and a summary.

use std::fmt::Write as _;

use owo_colors::OwoColorize;

use super::*;
use crate::config::register::RegisterFindingKind;
use crate::config::{Binding, ConfigIssueKind, SkipReason};
use crate::model::endpoint;
use crate::preflight::host::DEFAULT_PROTECTED;
use crate::preflight::report::PreflightReport;
use crate::preflight::{Finding, FindingKind, Severity};

pub fn preflight(report: &PreflightReport, palette: &Palette) -> String {
    let mut out = String::new();
    let mut about = format!(
        "read {} ({} {})",
        plural(report.files.len(), "file", "files"),
        report.bindings.len(),
        if report.bindings.len() == 1 {
            "binding"
        } else {
            "bindings"
        }
    );
    if let Some(register) = &report.register {
        let _ = write!(
            about,
            ", register {}",
            sanitize(&register.display().to_string())
        );
    }
    about.push_str(if report.live {
        "; checked against this host"
    } else {
        "; not checked against this host (--offline)"
    });
    let _ = writeln!(out, "{}", about.style(palette.dim));
    for finding in &report.findings {
        write_finding(&mut out, finding, palette);
    }
    for skipped in &report.skipped {
        let _ = writeln!(
            out,
            "{}  {}  {}: {}",
            format!("{:<11}", "skipped").style(palette.dim),
            sanitize(&skipped.origin.to_string()),
            sanitize(skipped.text.trim()),
            skip_reason(skipped.reason)
        );
    }
    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            "no conflict: every binding can be made".style(palette.good)
        );
    } else {
        let count = |severity: Severity| {
            report
                .findings
                .iter()
                .filter(|finding| finding.severity == severity)
                .count()
        };
        let summary: Vec<String> = [
            (Severity::Error, "error", "errors"),
            (Severity::CannotBind, "cannot-bind", "cannot-bind"),
            (Severity::Warning, "warning", "warnings"),
        ]
        .into_iter()
        .filter(|(severity, _, _)| count(*severity) > 0)
        .map(|(severity, one, many)| plural(count(severity), one, many))
        .collect();
        let _ = writeln!(out, "{}", summary.join(", ").style(palette.dim));
    }
    write_warnings(&mut out, &report.warnings, palette);
    out
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::CannotBind => "cannot-bind",
            Severity::Warning => "warning",
        })
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// `0.0.0.0:80/tcp (listen, service example.com)`.
fn binding_words(binding: &Binding) -> String {
    let mut words = format!(
        "{}/{}",
        endpoint(&binding.address, binding.port),
        binding.protocol
    );
    let mut details = vec![binding.kind.name().to_string()];
    if binding.v6only == Some(true) {
        details.push("IPv6 only".into());
    }
    if let Some(service) = &binding.service {
        details.push(format!("service {}", sanitize(service)));
    }
    let _ = write!(words, " ({})", details.join(", "));
    words
}

fn write_finding(out: &mut String, finding: &Finding, palette: &Palette) {
    let style = match finding.severity {
        Severity::Error => palette.bad,
        Severity::CannotBind => palette.warn,
        Severity::Warning => palette.warn,
    };
    let subject = match &finding.binding {
        Some(binding) => binding_words(binding),
        None => String::new(),
    };
    let _ = write!(
        out,
        "{}  {}",
        format!("{:<11}", finding.severity.to_string()).style(style),
        sanitize(&finding.origin.to_string()).style(palette.heading),
    );
    if subject.is_empty() {
        out.push('\n');
    } else {
        let _ = writeln!(out, "  {subject}:");
    }
    let related = finding
        .related
        .as_ref()
        .map(|origin| sanitize(&origin.to_string()).into_owned());
    let sentence = match &finding.kind {
        FindingKind::Duplicate { other } => format!(
            "collides with {} at {}",
            binding_words(other),
            related.clone().unwrap_or_default()
        ),
        FindingKind::ConfigIssue { issue, text } => {
            let mut sentence = format!("{}: {}", issue_words(*issue), sanitize(text.trim()));
            if let Some(related) = &related {
                let _ = write!(sentence, " (first at {related})");
            }
            sentence
        }
        FindingKind::InUse { .. } => "in use on this host:".to_string(),
        FindingKind::CannotBindHere { status } => {
            format!("cannot be bound on this host: {status}")
        }
        FindingKind::NodePortHeld { .. } => {
            "a process of this host listens on this NodePort, and kube-proxy's rules take its traffic first:".to_string()
        }
        FindingKind::PrivilegedPort {
            runs_as,
            unprivileged_port_start,
        } => format!(
            "below {unprivileged_port_start} (net.ipv4.ip_unprivileged_port_start), but the program runs as {}: it needs CAP_NET_BIND_SERVICE (AmbientCapabilities= in its unit) or a port from {unprivileged_port_start} up",
            sanitize(runs_as)
        ),
        FindingKind::EphemeralRange { first, last } => format!(
            "inside the ephemeral range {first}-{last}: an outgoing connection can take it before the server starts (reserve it in net.ipv4.ip_local_reserved_ports)"
        ),
        FindingKind::ProtectedPort { protected_by } => match *protected_by {
            "register" => "a protected host port in the register: no host-network pod, host port or NodePort may take it".to_string(),
            _ => format!(
                "a port a Kubernetes workload on the host's network should not take ({}; a port register's `protected` list replaces these)",
                DEFAULT_PROTECTED
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        FindingKind::NodePortRange { first, last } => format!(
            "outside the cluster's NodePort range {first}-{last} (--node-port-range): the API server rejects the Service"
        ),
        FindingKind::Register { register } => register_words(register, related.as_deref()),
    };
    let _ = writeln!(out, "             {sentence}");
    if let FindingKind::InUse { holders, .. } | FindingKind::NodePortHeld { holders } =
        &finding.kind
    {
        let sockets: Vec<&Socket> = holders.iter().map(|holder| &holder.socket).collect();
        for (holder, sockets) in group_by_holder(&sockets) {
            write_group(out, &holder, &sockets, palette, 13);
        }
        if let Some(binding) = &finding.binding {
            let _ = writeln!(
                out,
                "             {} portdoc explain {}/{}",
                "next:".style(palette.dim),
                binding.port,
                binding.protocol
            );
        }
    }
}

fn register_words(finding: &RegisterFindingKind, related: Option<&str>) -> String {
    let at = related.map(|line| format!(" ({line})")).unwrap_or_default();
    match finding {
        RegisterFindingKind::Unallocated => {
            "the port register allocates this port to no service".to_string()
        }
        RegisterFindingKind::AllocatedToOther { service, owner } => {
            let owner = owner
                .as_deref()
                .map(|owner| format!(", owner {}", sanitize(owner)))
                .unwrap_or_default();
            format!(
                "the port register gives this port to {}{owner}{at}",
                sanitize(service)
            )
        }
        RegisterFindingKind::OutsidePurpose { purpose } => format!(
            "outside the ranges of its purpose {} in the port register{at}",
            sanitize(purpose)
        ),
        RegisterFindingKind::ProtectedPort => "a protected host port in the register".to_string(),
    }
}

fn issue_words(issue: ConfigIssueKind) -> &'static str {
    match issue {
        ConfigIssueKind::DuplicateListen => {
            "nginx refuses to start: the same listen twice in one server block"
        }
        ConfigIssueKind::DuplicateDefaultServer => {
            "nginx refuses to start: two default_server for one address and port"
        }
        ConfigIssueKind::DuplicateListenOptions => {
            "nginx refuses to start: socket options for one address and port given twice"
        }
        ConfigIssueKind::DuplicateAddressPortPair => {
            "nginx refuses to start: two stream or mail servers on one address and port"
        }
        ConfigIssueKind::MissingListen => "nginx refuses to start: a server without listen",
        ConfigIssueKind::InvalidListenParameter => {
            "nginx refuses this listen parameter in this context"
        }
        ConfigIssueKind::DuplicateListener => {
            "Apache refuses to start: multiple Listeners on the same IP:port"
        }
        ConfigIssueKind::MissingInclude => "the included file does not exist",
        ConfigIssueKind::IncludeMatchedNothing => {
            "Apache refuses to start: Include (not IncludeOptional) matches no file"
        }
        ConfigIssueKind::ReusePortSplit => {
            "both bind with SO_REUSEPORT, and the kernel splits new connections between them"
        }
        ConfigIssueKind::ReusePortShadow => {
            "both bind with SO_REUSEPORT, and the more specific address silently takes every connection it matches"
        }
        ConfigIssueKind::NoHttpListener => {
            "Keycloak refuses to start: neither HTTP nor HTTPS is enabled"
        }
    }
}

fn skip_reason(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::NotAnIpSocket => "not an IP socket",
        SkipReason::UnresolvedVariable => "a variable without a default, known only at deploy time",
        SkipReason::HostName => "a host name, resolved by the program at startup",
        SkipReason::RuntimeChosenPort => "the runtime picks the host port",
        SkipReason::PortsIgnoredOnHostNetwork => "ignored: the service uses the host's network",
        SkipReason::UnsupportedProtocol => "a protocol portdoc does not model",
        SkipReason::PodNetworkOnly => "on the pod network, not on the host",
        SkipReason::InterfaceDisabled => "this interface is off in this configuration",
    }
}
