//! Judging a port for a server that wants to bind it: the probes give the status, the kernel's
//! rules over the socket table name the sockets behind each failure.

use std::net::{IpAddr, Ipv4Addr};

use crate::gather::probe::{Probe, ProbeResult};
use crate::kernel::{self, Blocking, Endpoint, NewBind, Profile};
use crate::model::{Family, NetSettings, Protocol, Socket, SocketState};
use crate::verdict::{BindAttempt, Holder, PortFacts, PortStatus, PortVerdict, Reason};

/// The verdict for a port a server wants to bind.
pub fn judge(facts: &PortFacts) -> PortVerdict {
    let protocol = facts.target.protocol;
    let typical = Profile::typical(protocol);
    // Without IPv6 on the host, the implicit `[::]` probe says nothing about the port.
    let probes: Vec<&Probe> = facts
        .probes
        .iter()
        .filter(|probe| facts.address.is_some() || probe.result != ProbeResult::FamilyUnsupported)
        .collect();
    let failed = |profile: Profile, result: ProbeResult| -> Vec<&Probe> {
        probes
            .iter()
            .copied()
            .filter(|probe| probe.profile == profile && probe.result == result)
            .collect()
    };
    let analysis = Analysis::new(facts, &probes);
    let mut verdict = PortVerdict {
        port: facts.target.port,
        protocol,
        address: facts.address.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        status: PortStatus::Free,
        holders: Vec::new(),
        time_wait: analysis.time_wait.len(),
        time_wait_expires_in_ms: analysis
            .time_wait
            .iter()
            .filter_map(|socket| socket.expires_in_ms)
            .max(),
        binds: facts
            .probes
            .iter()
            .filter(|probe| probe.profile == typical)
            .map(|probe| BindAttempt {
                address: probe.address,
                outcome: (&probe.result).into(),
            })
            .collect(),
        probes: facts.probes.to_vec(),
        ephemeral: facts.settings.is_ephemeral(facts.target.port),
        reasons: Vec::new(),
    };
    let typical_in_use = failed(typical, ProbeResult::InUse);
    let typical_denied = failed(typical, ProbeResult::Denied);
    if !typical_in_use.is_empty() {
        verdict.status = PortStatus::InUse;
        explain_in_use(&mut verdict, &analysis, typical, &typical_in_use);
    } else if !typical_denied.is_empty() {
        explain_denied(&mut verdict, &analysis, typical);
    } else if !failed(typical, ProbeResult::AddressUnavailable).is_empty()
        || (facts.address.is_some() && !failed(typical, ProbeResult::FamilyUnsupported).is_empty())
    {
        verdict.status = PortStatus::AddressUnavailable;
        verdict.reasons.push(Reason::AddressNotLocal {
            address: verdict.address,
        });
    } else {
        let plain_in_use = failed(Profile::Plain, ProbeResult::InUse);
        if !plain_in_use.is_empty() {
            explain_plain_failure(&mut verdict, &analysis, &plain_in_use);
        }
        let privileged = facts.settings.is_privileged(facts.target.port);
        if privileged && facts.settings.can_bind_privileged_ports {
            verdict.reasons.push(Reason::PrivilegedBindsHere {
                unprivileged_port_start: facts.settings.unprivileged_port_start,
            });
        }
    }
    if facts.address.is_none()
        && facts
            .probes
            .iter()
            .any(|probe| probe.result == ProbeResult::FamilyUnsupported)
    {
        verdict.reasons.push(Reason::NoIpv6);
    }
    note_port_ranges(&mut verdict, facts.settings);
    verdict
}

/// The sockets on the port sorted by how they treat each probe.
struct Analysis<'a> {
    facts: &'a PortFacts<'a>,
    probes: &'a [&'a Probe],
    /// TIME_WAIT sockets that overlap any probed address.
    time_wait: Vec<&'a Socket>,
}

impl<'a> Analysis<'a> {
    fn new(facts: &'a PortFacts<'a>, probes: &'a [&'a Probe]) -> Analysis<'a> {
        let time_wait = facts
            .sockets
            .iter()
            .copied()
            .filter(|socket| {
                socket.state == SocketState::TimeWait
                    && probes.iter().any(|probe| {
                        kernel::overlap(
                            Endpoint::of_socket(socket, facts.settings),
                            probe_endpoint(probe),
                        )
                    })
            })
            .collect();
        Analysis {
            facts,
            probes,
            time_wait,
        }
    }

    fn settings(&self) -> &NetSettings {
        self.facts.settings
    }

    fn blocking(&self, socket: &Socket, probe: &Probe) -> Blocking {
        let bind = NewBind::of(
            probe.profile,
            self.facts.target.protocol,
            probe_endpoint(probe),
        );
        kernel::blocking(socket, bind, self.settings())
    }

    /// The sockets behind the failures of `failed` probes: those that certainly block, and at
    /// addresses no certain blocker explains, those that block unless they set SO_REUSEADDR.
    fn culprits(&self, failed: &[&Probe]) -> Vec<&'a Socket> {
        let mut culprits: Vec<&Socket> = Vec::new();
        for probe in failed {
            let certain: Vec<&Socket> = self
                .facts
                .sockets
                .iter()
                .copied()
                .filter(|socket| self.blocking(socket, probe) == Blocking::Blocks)
                .collect();
            let found = if certain.is_empty() {
                self.facts
                    .sockets
                    .iter()
                    .copied()
                    .filter(|socket| {
                        self.blocking(socket, probe) == Blocking::UnlessItReusesAddress
                    })
                    .collect()
            } else {
                certain
            };
            for socket in found {
                if !culprits.iter().any(|seen| std::ptr::eq(*seen, socket)) {
                    culprits.push(socket);
                }
            }
        }
        culprits
    }

    /// A socket with the profiles it stops: certainly, or (SO_REUSEADDR unknown) as a culprit
    /// of a failed probe of that profile.
    fn holder(&self, socket: &Socket, culprit_of: &[Profile]) -> Holder {
        let mut blocks: Vec<Profile> = Vec::new();
        for probe in self.probes {
            let stops = match self.blocking(socket, probe) {
                Blocking::Blocks => true,
                Blocking::UnlessItReusesAddress => culprit_of.contains(&probe.profile),
                Blocking::Passes => false,
            };
            if stops && !blocks.contains(&probe.profile) && probe.profile != Profile::ReusePort {
                blocks.push(probe.profile);
            }
        }
        blocks.sort();
        Holder {
            socket: socket.clone(),
            blocks,
        }
    }
}

/// Where a probe bound, as the kernel compares addresses.
fn probe_endpoint(probe: &Probe) -> Endpoint {
    Endpoint::new(probe.address, !probe.dual_stack)
}

/// Listeners, bound and UDP sockets own a port; connections and TIME_WAIT only occupy it.
fn owns_port(socket: &Socket) -> bool {
    socket.state.is_listening_or_bound()
}

fn is_connection(socket: &Socket) -> bool {
    !owns_port(socket) && socket.state != SocketState::TimeWait
}

fn explain_in_use(
    verdict: &mut PortVerdict,
    analysis: &Analysis,
    typical: Profile,
    failed: &[&Probe],
) {
    let culprits = analysis.culprits(failed);
    let mut culprit_of = vec![typical];
    if verdict.protocol == Protocol::Tcp {
        culprit_of.push(Profile::Plain);
    }
    verdict.holders = sorted_holders(&culprits, analysis, &culprit_of);
    if culprits.is_empty() {
        verdict.reasons.push(Reason::Unexplained {
            profile: typical,
            bound_sockets_listed: analysis.facts.bound_sockets_listed,
        });
        return;
    }
    let failed_ipv4 = failed.iter().any(|probe| probe.address.is_ipv4());
    if failed_ipv4
        && let Some(dual) = culprits.iter().find(|socket| {
            Endpoint::of_socket(socket, analysis.settings()).is_dual_stack_wildcard()
        })
        && !culprits.iter().any(|socket| socket.family == Family::Ipv4)
    {
        verdict.reasons.push(Reason::DualStackHolder {
            endpoint: dual.local_endpoint(),
        });
    }
    if !failed_ipv4
        && failed.iter().all(|probe| probe.dual_stack)
        && let Some(ipv4) = culprits
            .iter()
            .find(|socket| kernel::normalized(socket.local_address).is_ipv4())
    {
        verdict.reasons.push(Reason::Ipv4BlocksDualStack {
            endpoint: ipv4.local_endpoint(),
        });
    }
    if let Some(bound) = first_bound(&culprits) {
        verdict.reasons.push(Reason::BoundNotListening {
            endpoint: bound.local_endpoint(),
        });
    }
    let time_wait: Vec<&Socket> = culprits
        .iter()
        .copied()
        .filter(|socket| socket.state == SocketState::TimeWait)
        .collect();
    if !time_wait.is_empty() {
        verdict.reasons.push(Reason::TimeWaitBlocksEveryServer {
            count: time_wait.len(),
            last_expires_in_ms: last_expiry(&time_wait),
        });
    }
    let connections: Vec<&&Socket> = culprits
        .iter()
        .filter(|socket| is_connection(socket))
        .collect();
    if !connections.is_empty() {
        let (first, last) = analysis.settings().ephemeral_ports;
        let outgoing = connections
            .iter()
            .filter(|socket| {
                socket
                    .remote_port
                    .is_some_and(|peer| !(first..=last).contains(&peer))
            })
            .count();
        verdict.reasons.push(Reason::ConnectionsHoldPort {
            count: connections.len(),
            outgoing,
            ephemeral: verdict.ephemeral,
        });
    }
    if culprits.iter().any(|socket| owns_port(socket)) {
        let beside = analysis
            .facts
            .sockets
            .iter()
            .filter(|socket| is_connection(socket))
            .count();
        if beside > 0 {
            verdict
                .reasons
                .push(Reason::ConnectionsOfHolder { count: beside });
        }
    }
    if let Some(shared) = analysis
        .probes
        .iter()
        .find(|probe| probe.profile == Profile::ReusePort && probe.result == ProbeResult::Bound)
        && let Some(listener) = verdict.holders.iter().find(|holder| {
            owns_port(&holder.socket)
                && (shared.as_uid.is_none() || holder.socket.uid == shared.as_uid)
        })
        && let Some(uid) = listener.socket.uid
    {
        verdict.reasons.push(Reason::ReusePortShared {
            endpoint: listener.socket.local_endpoint(),
            uid,
        });
    }
}

/// EACCES comes before any conflict check: the table, read with the kernel's rules, tells
/// whether the port is taken anyway.
fn explain_denied(verdict: &mut PortVerdict, analysis: &Analysis, typical: Profile) {
    let settings = analysis.settings();
    let typical_probes: Vec<&Probe> = analysis
        .probes
        .iter()
        .copied()
        .filter(|probe| probe.profile == typical)
        .collect();
    let certain: Vec<&Socket> = analysis
        .facts
        .sockets
        .iter()
        .copied()
        .filter(|socket| {
            typical_probes
                .iter()
                .any(|probe| analysis.blocking(socket, probe) == Blocking::Blocks)
        })
        .collect();
    let privileged_reason =
        if settings.is_privileged(verdict.port) && !settings.can_bind_privileged_ports {
            Reason::Privileged {
                unprivileged_port_start: settings.unprivileged_port_start,
            }
        } else {
            Reason::SecurityPolicy
        };
    if !certain.is_empty() {
        verdict.status = PortStatus::InUse;
        verdict.holders = sorted_holders(&certain, analysis, &[]);
        verdict.reasons.push(Reason::HeldBehindPrivilege);
        verdict.reasons.push(privileged_reason);
        return;
    }
    verdict.status = PortStatus::PermissionDenied;
    verdict.reasons.push(privileged_reason);
    let uncertain: Vec<&Socket> = analysis
        .facts
        .sockets
        .iter()
        .copied()
        .filter(|socket| {
            typical_probes
                .iter()
                .any(|probe| analysis.blocking(socket, probe) == Blocking::UnlessItReusesAddress)
        })
        .collect();
    let (time_wait, live): (Vec<&Socket>, Vec<&Socket>) = uncertain
        .into_iter()
        .partition(|socket| socket.state == SocketState::TimeWait);
    if !time_wait.is_empty() {
        verdict.reasons.push(Reason::TimeWaitUntestable {
            count: time_wait.len(),
            last_expires_in_ms: last_expiry(&time_wait),
        });
    }
    if let Some(bound) = first_bound(&live) {
        verdict.reasons.push(Reason::BoundNotListening {
            endpoint: bound.local_endpoint(),
        });
    }
    verdict.holders = sorted_holders(&live, analysis, &[]);
}

/// A typical server binds; one without SO_REUSEADDR does not.
fn explain_plain_failure(verdict: &mut PortVerdict, analysis: &Analysis, failed: &[&Probe]) {
    let culprits = analysis.culprits(failed);
    if culprits.is_empty() {
        verdict.reasons.push(Reason::Unexplained {
            profile: Profile::Plain,
            bound_sockets_listed: analysis.facts.bound_sockets_listed,
        });
        return;
    }
    let (time_wait, live): (Vec<&Socket>, Vec<&Socket>) = culprits
        .iter()
        .copied()
        .partition(|socket| socket.state == SocketState::TimeWait);
    if live.is_empty() {
        verdict.status = PortStatus::TimeWait;
    }
    if !time_wait.is_empty() {
        verdict.reasons.push(Reason::TimeWaitBlocksPlain {
            count: time_wait.len(),
            last_expires_in_ms: last_expiry(&time_wait),
        });
    }
    if let Some(bound) = first_bound(&live) {
        verdict.reasons.push(Reason::LatentConflict {
            endpoint: bound.local_endpoint(),
        });
    }
    let connections = live.iter().filter(|socket| is_connection(socket)).count();
    if connections > 0 {
        verdict
            .reasons
            .push(Reason::ConnectionsBlockPlain { count: connections });
    }
    verdict.holders = sorted_holders(&live, analysis, &[Profile::Plain]);
}

/// Owning sockets (listeners, bound, UDP) first, then connections, each with what it blocks.
fn sorted_holders(sockets: &[&Socket], analysis: &Analysis, culprit_of: &[Profile]) -> Vec<Holder> {
    let mut holders: Vec<Holder> = sockets
        .iter()
        .map(|socket| analysis.holder(socket, culprit_of))
        .collect();
    holders.sort_by_key(|holder| {
        let socket = &holder.socket;
        (
            !owns_port(socket),
            socket.state,
            socket.family,
            socket.local_address,
            socket.remote_address,
            socket.remote_port,
        )
    });
    holders
}

/// When the last of these TIME_WAIT sockets expires.
fn last_expiry<S: std::ops::Deref<Target = Socket>>(sockets: &[S]) -> Option<u64> {
    sockets
        .iter()
        .filter_map(|socket| socket.expires_in_ms)
        .max()
}

/// The first bound-only socket among these.
fn first_bound<S: std::ops::Deref<Target = Socket>>(sockets: &[S]) -> Option<&Socket> {
    sockets
        .iter()
        .map(|socket| &**socket)
        .find(|socket| socket.state == SocketState::Bound)
}

fn note_port_ranges(verdict: &mut PortVerdict, settings: &NetSettings) {
    if settings.is_nodeport(verdict.port) {
        verdict.reasons.push(Reason::NodePort);
    }
    if verdict.ephemeral {
        let (first, last) = settings.ephemeral_ports;
        verdict.reasons.push(Reason::Ephemeral {
            first,
            last,
            reserved: settings.reserved_ports.clone(),
        });
    }
}
