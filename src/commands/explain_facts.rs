//! The facts `explain` gathers for one subject: a snapshot of the port with owners, its
//! verdict and what the verdict calls for (a free port to suggest, the wildcard, queue
//! counters, socket units, managers, TIME_WAIT sides), or, for a resource that ran out, its
//! counters.

use std::net::IpAddr;

use crate::diagnose::facts::{Facts, Subject, SubjectSource};
use crate::gather::exhaustion::{self, ExhaustionFacts};
use crate::gather::owners::{self, Namespaces};
use crate::gather::snapshot::{self, Probing, Request};
use crate::gather::suggest::{self, SuggestOptions};
use crate::logread as logline;
use crate::model::{Protocol, SocketState, Target};
use crate::source::query::Backend;
use crate::verdict::{self, PortStatus};

/// Gathers what the rules read about a subject: one snapshot of the port (every socket with
/// its owners, the probes, the settings), its verdict, and what the verdict calls for.
pub fn gather_facts(
    mut subject: Subject,
    rerun: String,
    backend: Backend,
) -> anyhow::Result<Facts> {
    let host_addresses = crate::source::host_addresses();
    let mut warnings = std::mem::take(&mut subject.notices);
    if !subject.protocol_named
        && let Some(port) = subject.port
    {
        subject.protocol = held_protocol(port, backend)?;
    }
    let address = probe_address(&subject, &host_addresses, &mut warnings);
    let mut facts = Facts {
        settings: crate::source::net_settings(),
        subject,
        sockets: Vec::new(),
        other_netns: Vec::new(),
        verdict: None,
        is_root: crate::source::is_privileged(),
        listen_overflows: None,
        host_addresses,
        suggested_port: None,
        socket_units: Vec::new(),
        managers: Default::default(),
        exhaustion: Default::default(),
        wildcard_free: None,
        rerun,
        linux_facts: crate::source::PROVIDES_LINUX_FACTS && backend != Backend::Portable,
        complete: true,
        warnings,
    };
    if facts.subject.is_exhaustion() {
        facts.exhaustion =
            exhaustion_facts(&facts.subject, &facts.settings, &facts.rerun, backend)?;
        return Ok(facts);
    }
    let Some(port) = facts.subject.port else {
        return Ok(facts);
    };
    let target = Target {
        protocol: facts.subject.protocol,
        port,
    };
    let mut taken = snapshot::take(&Request {
        targets: &[target],
        address,
        probing: Probing::Deciding,
        bound_everywhere: true,
        explain: true,
        backend,
    })?;
    let visibility = owners::resolve_owners(taken.sockets.iter_mut(), &facts.rerun)?;
    facts.complete = visibility.complete;
    facts.warnings.append(&mut taken.warnings);
    facts.warnings.extend(visibility.warnings);
    let sockets = taken.sockets_on(target);
    let mut judged = verdict::judge(&taken.facts(target, address, &sockets));
    verdict::note_hidden_owners(
        &mut judged,
        (!facts.is_root).then(|| format!("sudo {}", facts.rerun)),
    );
    facts.settings = taken.settings.clone();
    facts.sockets = sockets.into_iter().cloned().collect();
    if facts
        .sockets
        .iter()
        .all(|socket| socket.state == SocketState::TimeWait)
    {
        let query = snapshot::table_query(&[target], backend, true);
        let elsewhere = owners::inspect(&query, Namespaces::Others, &facts.rerun)?;
        facts.other_netns = elsewhere
            .sockets
            .into_iter()
            .filter(|socket| {
                socket.matched_by == crate::model::MatchedBy::LocalPort
                    && socket.state != SocketState::TimeWait
            })
            .collect();
    }
    if judged.status != PortStatus::Free {
        // Never suggest one of the program's own other ports (Fluvio's private port, Keycloak's
        // management port).
        let programs: Vec<&str> = facts
            .subject
            .program
            .as_deref()
            .into_iter()
            .chain(judged.holders.iter().flat_map(|holder| {
                holder
                    .socket
                    .processes
                    .iter()
                    .map(|process| process.name.as_str())
            }))
            .collect();
        facts.suggested_port = suggest::suggest(&SuggestOptions {
            range: (port.saturating_add(1).max(1024), u16::MAX),
            count: 1,
            udp_too: target.protocol == crate::model::Protocol::Udp,
            address: None,
            allow_ephemeral: false,
            avoid: crate::diagnose::knowledge::default_ports(programs),
            backend,
        })?
        .ports
        .first()
        .copied();
    }
    if judged.status == PortStatus::AddressUnavailable {
        facts.wildcard_free = Some(wildcard_binds(target, backend)?);
    }
    if facts
        .sockets
        .iter()
        .any(crate::diagnose::facts::queue_is_full)
    {
        let before = crate::source::listen_overflows();
        std::thread::sleep(std::time::Duration::from_millis(200));
        facts.listen_overflows = before.zip(crate::source::listen_overflows());
    }
    if judged.holders.iter().any(|holder| {
        holder
            .socket
            .processes
            .iter()
            .any(|process| process.pid == 1)
    }) {
        facts.socket_units = crate::gather::units::socket_units_for_port(port, None);
    }
    facts.managers = crate::gather::management::managers(
        facts
            .sockets
            .iter()
            .flat_map(|socket| socket.processes.iter().map(|process| &**process)),
        port,
    );
    if target.protocol == Protocol::Tcp {
        facts.exhaustion.time_wait_sides = Some(exhaustion::time_wait_sides(port, backend)?);
    }
    facts.verdict = Some(judged);
    Ok(facts)
}

/// What ran out, for a failure that reports exhaustion: the descriptors of the processes
/// the line points at, the file table, conntrack, or the local ports towards the destination.
fn exhaustion_facts(
    subject: &Subject,
    settings: &crate::model::NetSettings,
    rerun: &str,
    backend: Backend,
) -> anyhow::Result<ExhaustionFacts> {
    let mut found = ExhaustionFacts::default();
    let (address, port) = subject.endpoint_parts();
    match subject.error {
        Some(logline::BindError::TooManyOpenFiles | logline::BindError::FileTableFull) => {
            let pids = subject
                .line
                .as_deref()
                .map(logline::process_ids)
                .unwrap_or_default();
            let mut holders = Vec::new();
            if let Some(port) = port
                && subject.operation != Some(logline::Operation::Connect)
            {
                let target = Target {
                    protocol: Protocol::Tcp,
                    port,
                };
                let query = snapshot::table_query(&[target], backend, false);
                let listeners = owners::inspect(&query, Namespaces::Current, rerun)?;
                for socket in listeners
                    .sockets
                    .iter()
                    .filter(|socket| socket.state == SocketState::Listen)
                {
                    for process in &socket.processes {
                        if !holders
                            .iter()
                            .any(|known: &std::sync::Arc<crate::model::Process>| {
                                known.pid == process.pid
                            })
                        {
                            holders.push(process.clone());
                        }
                    }
                }
            }
            found.descriptors =
                exhaustion::descriptor_candidates(&pids, subject.program.as_deref(), &holders);
            found.file_table = crate::source::file_table();
        }
        Some(logline::BindError::ConntrackFull) => found.conntrack = crate::source::conntrack(),
        _ => {
            found.ephemeral = Some(exhaustion::ephemeral_use(
                settings.ephemeral_ports,
                |port| settings.is_reserved(port),
                address.zip(port),
                backend,
            )?);
            found.tcp_tw_reuse = crate::source::tcp_tw_reuse();
            found.conntrack = crate::source::conntrack();
        }
    }
    Ok(found)
}

/// Whether a typical server could bind the port on the wildcard instead of an address this
/// host does not have.
fn wildcard_binds(target: Target, backend: Backend) -> anyhow::Result<bool> {
    let taken = snapshot::take(&Request {
        targets: &[target],
        address: None,
        probing: Probing::Deciding,
        bound_everywhere: false,
        explain: false,
        backend,
    })?;
    let sockets = taken.sockets_on(target);
    let judged = verdict::judge(&taken.facts(target, None, &sockets));
    Ok(matches!(
        judged.status,
        PortStatus::Free | PortStatus::TimeWait
    ))
}

/// The protocol whose port is held, for a text that names none: UDP when only a UDP socket
/// holds it, TCP otherwise. (DNS, NTP, syslog and socat print the same words for both.)
fn held_protocol(port: u16, backend: Backend) -> anyhow::Result<Protocol> {
    let targets = [
        Target {
            protocol: Protocol::Tcp,
            port,
        },
        Target {
            protocol: Protocol::Udp,
            port,
        },
    ];
    let list = crate::source::list_sockets(&snapshot::table_query(&targets, backend, true))?;
    let held = |protocol: Protocol| {
        list.sockets.iter().any(|socket| {
            socket.protocol == protocol
                && socket.local_port == port
                && socket.state != SocketState::TimeWait
        })
    };
    Ok(if held(Protocol::Udp) && !held(Protocol::Tcp) {
        Protocol::Udp
    } else {
        Protocol::Tcp
    })
}

/// The address to test: `--addr` as given; the one a log line names when it is local (or
/// the error is about the address itself); otherwise the wildcard, with a warning that the
/// line may come from another machine.
fn probe_address(
    subject: &Subject,
    host_addresses: &[IpAddr],
    warnings: &mut Vec<String>,
) -> Option<IpAddr> {
    let address = subject.address?;
    if subject.source == SubjectSource::Port {
        return Some(address);
    }
    let local =
        address.is_unspecified() || address.is_loopback() || host_addresses.contains(&address);
    if local || subject.error == Some(crate::logread::BindError::AddrNotAvailable) {
        return Some(address);
    }
    warnings.push(format!(
        "{address} is not an address of this host: the line may come from another machine; the live facts are for port {} here",
        subject.port.unwrap_or_default()
    ));
    None
}
