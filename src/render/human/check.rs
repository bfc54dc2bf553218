//! `check`: a status line per port, its holders, and the notes behind the verdict.

use std::fmt::Write as _;
use std::time::Duration;

use owo_colors::OwoColorize;

use super::*;
use crate::gather::probe::{Probe, ProbeResult};
use crate::kernel::Profile;
use crate::model::endpoint;
use crate::render::notes::notes;
use crate::text::{count_by, duration};
use crate::verdict::{CheckReport, PortStatus, PortVerdict};

/// Renders `check`: each port that is not plainly fine in detail, with its holders and
/// notes; every port when there are few.
pub fn check(report: &CheckReport, palette: &Palette) -> String {
    let mut out = String::new();
    let detailed = report.ports.len() <= 20;
    for port in &report.ports {
        if !detailed
            && matches!(port.status, PortStatus::Free | PortStatus::Listening)
            && port.reasons.is_empty()
        {
            continue;
        }
        let status_style = match port.status {
            PortStatus::Free | PortStatus::Listening => palette.good,
            PortStatus::TimeWait => palette.warn,
            _ => palette.bad,
        };
        let _ = writeln!(
            out,
            "{}/{}  {}  {}",
            port.port,
            port.protocol,
            port.status.name().style(status_style),
            status_sentence(port).style(palette.dim)
        );
        let holders: Vec<&Socket> = port.holders.iter().map(|holder| &holder.socket).collect();
        for (holder, sockets) in group_by_holder(&holders) {
            write_group(&mut out, &holder, &sockets, palette, 2);
        }
        for note in notes(port) {
            let _ = writeln!(out, "  {} {}", "note:".style(palette.warn), sanitize(&note));
        }
    }
    if report.ports.len() > 1 {
        let _ = writeln!(out, "{}", check_summary(report).style(palette.dim));
    }
    write_warnings(&mut out, &report.warnings, palette);
    out
}

/// `0.0.0.0:80 and [::]:80`: the addresses of the given probes.
fn endpoints(probes: &[&Probe], port: u16) -> String {
    let mut seen: Vec<String> = Vec::new();
    for probe in probes {
        let text = endpoint(&probe.address, port);
        if !seen.contains(&text) {
            seen.push(text);
        }
    }
    seen.join(" and ")
}

fn status_sentence(port: &PortVerdict) -> String {
    let typical = Profile::typical(port.protocol);
    let of = |profile: Profile, failing: bool| -> Vec<&Probe> {
        port.probes
            .iter()
            .filter(|probe| {
                probe.profile == profile
                    && (!failing
                        || !matches!(
                            probe.result,
                            ProbeResult::Bound | ProbeResult::FamilyUnsupported
                        ))
            })
            .collect()
    };
    let tested = endpoints(&of(typical, false), port.port);
    let failing = endpoints(&of(typical, true), port.port);
    let plain_fails = !of(Profile::Plain, true).is_empty();
    match port.status {
        PortStatus::Free if plain_fails => {
            format!("a server that sets SO_REUSEADDR can bind {tested}; one without it fails")
        }
        PortStatus::Free => format!("a server can bind {tested}"),
        PortStatus::TimeWait => format!(
            "a server that sets SO_REUSEADDR can bind {tested}; one without it fails until {} {}",
            if port.time_wait == 1 {
                "1 TIME_WAIT socket".to_string()
            } else {
                format!("{} TIME_WAIT sockets", port.time_wait)
            },
            if port.time_wait == 1 {
                "expires"
            } else {
                "expire"
            }
        ),
        PortStatus::InUse if failing.is_empty() => {
            format!("the socket table shows {tested} held")
        }
        PortStatus::InUse => format!("binding {failing} fails: address already in use"),
        PortStatus::PermissionDenied => format!("binding {failing} fails: permission denied"),
        PortStatus::AddressUnavailable => {
            format!("binding {failing} fails: cannot assign requested address")
        }
        PortStatus::Listening => "something is listening".into(),
        PortStatus::NotListening => "nothing is listening".into(),
    }
}

fn check_summary(report: &CheckReport) -> String {
    let statuses = count_by(report.ports.iter().map(|port| port.status));
    let mut summary = format!("{} ports checked: {statuses}", report.ports.len());
    let ephemeral = report.ports.iter().filter(|port| port.ephemeral).count();
    if ephemeral > 0 && report.ports.len() > 20 {
        let _ = write!(
            summary,
            "; {ephemeral} lie in the ephemeral range (net.ipv4.ip_local_port_range), where outgoing connections can take them"
        );
    }
    summary
}

/// One line for `check --wait` on a terminal: what is still not ready, and by whom.
pub fn check_progress(report: &CheckReport, elapsed: Duration, wait: Duration) -> String {
    let pending: Vec<String> = report
        .ports
        .iter()
        .filter(|port| !matches!(port.status, PortStatus::Free | PortStatus::Listening))
        .take(3)
        .map(|port| {
            let mut text = format!("{}/{} {}", port.port, port.protocol, port.status);
            let holders: Vec<String> = port
                .holders
                .iter()
                .flat_map(|holder| {
                    holder
                        .socket
                        .processes
                        .iter()
                        .map(|process| process_label(process))
                })
                .take(2)
                .collect();
            if !holders.is_empty() {
                let _ = write!(text, " by {}", holders.join(", "));
            }
            if let Some(left) = port.time_wait_expires_in_ms
                && port.time_wait > 0
            {
                let _ = write!(text, " ({} TIME_WAIT left)", duration(left));
            }
            text
        })
        .collect();
    format!(
        "waiting {}/{}: {}",
        duration(elapsed.as_millis() as u64),
        duration(wait.as_millis() as u64),
        pending.join("; ")
    )
}
