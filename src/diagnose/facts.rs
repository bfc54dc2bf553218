//! Facts about one port, gathered once by the `explain` command, then read by rules without
//! I/O: the subject, the sockets and verdict, and named booleans (`port_fact`,
//! `holder_fact`). Template values are in `values.rs`, fix commands in `commands.rs`.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnose::knowledge;
use crate::logread::{BindError, Operation, Platform};
use crate::model::{NetSettings, Process, Protocol, Socket, SocketState};
use crate::verdict::{PortStatus, PortVerdict, Reason};

/// Where the question came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum SubjectSource {
    Port,
    Log,
}

/// What is being explained: a port, or a failure read from a log line.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct Subject {
    pub port: Option<u16>,
    pub protocol: Protocol,
    /// Whether the text (or `--udp`) named the protocol; otherwise portdoc looked at both
    /// and took the one whose port is held (TCP when neither is).
    pub protocol_named: bool,
    /// The address the server tried to bind, when known.
    pub address: Option<IpAddr>,
    /// A host name the line gave instead of an address.
    pub host: Option<String>,
    /// `EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL`, `EAFNOSUPPORT`, `PORT_ALLOCATED`, `NO_FREE_PORTS`.
    pub error: Option<BindError>,
    pub source: SubjectSource,
    /// The log line, when the subject came from one.
    pub line: Option<String>,
    /// The program that printed the line, when the text says.
    pub program: Option<String>,
    /// The platform the line comes from, when its error number or wording says.
    pub platform: Option<Platform>,
    /// The call that failed, when the text says: `bind`, `connect`, `accept`.
    pub operation: Option<Operation>,
    /// For a resource that ran out: the endpoint the text names (the destination of a failed
    /// connect(), the listener of a failed accept()), as `address:port`. `port` is then
    /// `null`: no port is held twice.
    pub endpoint: Option<String>,
    /// What the reading of the text left out, to say once.
    #[serde(skip)]
    pub notices: Vec<String>,
}

impl Subject {
    /// A resource ran out (descriptors, the file table, conntrack, the local ports of
    /// outgoing connections): the live facts are counters, not a port's holders.
    pub fn is_exhaustion(&self) -> bool {
        crate::logread::is_exhaustion(self.error, self.operation)
    }

    /// The address and port of `endpoint`.
    pub fn endpoint_parts(&self) -> (Option<IpAddr>, Option<u16>) {
        let Some(endpoint) = &self.endpoint else {
            return (None, None);
        };
        let Some((address, port)) = endpoint.rsplit_once(':') else {
            return (None, None);
        };
        let address = address.trim_start_matches('[').trim_end_matches(']');
        (address.parse().ok(), port.parse().ok())
    }

    /// A port named on the command line (`explain 9010`).
    pub fn port(port: u16, protocol: Protocol, address: Option<IpAddr>) -> Subject {
        Subject {
            port: Some(port),
            protocol,
            protocol_named: true,
            address,
            host: None,
            error: None,
            source: SubjectSource::Port,
            line: None,
            program: None,
            platform: None,
            operation: None,
            endpoint: None,
            notices: Vec::new(),
        }
    }
}

/// Everything the rules may look at.
#[derive(Debug, Clone)]
pub struct Facts {
    pub subject: Subject,
    /// Every socket on the port in this network namespace, with owners.
    pub sockets: Vec<Socket>,
    /// When nothing holds the port here: its live sockets in other network namespaces.
    pub other_netns: Vec<Socket>,
    /// The verdict on the port; `None` without a port.
    pub verdict: Option<PortVerdict>,
    pub settings: NetSettings,
    pub is_root: bool,
    /// `ListenOverflows`/`ListenDrops`, read twice 200 ms apart when a queue is full.
    pub listen_overflows: Option<((u64, u64), (u64, u64))>,
    pub host_addresses: Vec<IpAddr>,
    pub suggested_port: Option<u16>,
    pub socket_units: Vec<String>,
    /// What ran out: descriptors, the file table, local ports, conntrack, TIME_WAIT sides.
    pub exhaustion: crate::gather::exhaustion::ExhaustionFacts,
    /// The manager of each holder process, by pid (`None`: nobody restarts it).
    pub managers: std::collections::HashMap<u32, Option<crate::model::Manager>>,
    /// For an address that is not on this host: whether the wildcard binds instead.
    pub wildcard_free: Option<bool>,
    /// The command line to suggest with `sudo`.
    pub rerun: String,
    /// Whether the source provides Linux facts (sysctls, cgroups, namespaces).
    pub linux_facts: bool,
    pub complete: bool,
    pub warnings: Vec<String>,
}

/// Processes that hold some of the port's sockets together (nginx's master and workers).
#[derive(Debug, Clone)]
pub struct HolderGroup<'a> {
    pub processes: &'a [Arc<Process>],
    pub sockets: Vec<&'a Socket>,
}

/// A listener whose accept queue is full.
pub fn queue_is_full(socket: &Socket) -> bool {
    match (socket.recv_queue, socket.send_queue) {
        (Some(waiting), Some(backlog)) => {
            socket.state == SocketState::Listen && waiting > 0 && waiting >= backlog
        }
        _ => false,
    }
}

pub(crate) fn is_live(socket: &Socket) -> bool {
    socket.state != SocketState::TimeWait
}

impl Facts {
    pub fn status(&self) -> Option<PortStatus> {
        self.verdict.as_ref().map(|verdict| verdict.status)
    }

    /// The sockets that make the bind fail (or remain on a free port), with owners.
    pub fn blockers(&self) -> Vec<&Socket> {
        self.verdict.as_ref().map_or_else(Vec::new, |verdict| {
            verdict
                .holders
                .iter()
                .map(|holder| &holder.socket)
                .collect()
        })
    }

    /// Whether the verdict gives this reason.
    pub fn has_reason(&self, wanted: impl Fn(&Reason) -> bool) -> bool {
        self.verdict
            .as_ref()
            .is_some_and(|verdict| verdict.reasons.iter().any(wanted))
    }

    /// Holder groups among the blockers, largest role first (a master before its workers is
    /// a matter of the group's primary process).
    pub fn holder_groups(&self) -> Vec<HolderGroup<'_>> {
        let mut groups: Vec<HolderGroup> = Vec::new();
        for socket in self
            .blockers()
            .into_iter()
            .filter(|socket| !socket.processes.is_empty())
        {
            let pids: BTreeSet<u32> = socket.processes.iter().map(|process| process.pid).collect();
            match groups.iter_mut().find(|group| {
                group
                    .processes
                    .iter()
                    .map(|process| process.pid)
                    .collect::<BTreeSet<_>>()
                    == pids
            }) {
                Some(group) => group.sockets.push(socket),
                None => groups.push(HolderGroup {
                    processes: &socket.processes,
                    sockets: vec![socket],
                }),
            }
        }
        groups
    }

    /// The first reason the verdict gives that `pick` reads.
    pub fn reason<T>(&self, pick: impl Fn(&Reason) -> Option<T>) -> Option<T> {
        self.verdict.as_ref()?.reasons.iter().find_map(pick)
    }

    /// A named port fact; `None` for names that are not facts.
    pub fn port_fact(&self, name: &str) -> Option<bool> {
        let port = self.subject.port;
        let status = self.status();
        let live: Vec<&Socket> = self
            .sockets
            .iter()
            .filter(|socket| is_live(socket))
            .collect();
        Some(match name {
            "from_log" => self.subject.source == SubjectSource::Log,
            "no_port" => port.is_none(),
            "in_use" => status == Some(PortStatus::InUse),
            "free" => status == Some(PortStatus::Free),
            "time_wait_only" => !self.sockets.is_empty() && live.is_empty(),
            "time_wait_blocks_all" => {
                self.has_reason(|reason| matches!(reason, Reason::TimeWaitBlocksEveryServer { .. }))
            }
            "time_wait_blocks_plain" => {
                self.has_reason(|reason| matches!(reason, Reason::TimeWaitBlocksPlain { .. }))
            }
            "nothing_holds" => port.is_some() && live.is_empty(),
            "privileged" => port.is_some_and(|port| self.settings.is_privileged(port)),
            "can_bind_privileged" => self.settings.can_bind_privileged_ports,
            "ephemeral" => port.is_some_and(|port| self.settings.is_ephemeral(port)),
            "ephemeral_collision" => self.has_reason(|reason| {
                matches!(reason, Reason::ConnectionsHoldPort { outgoing, .. } if *outgoing > 0)
            }),
            "accepted_connections_hold" => self.has_reason(|reason| {
                matches!(reason, Reason::ConnectionsHoldPort { count, outgoing, .. } if count > outgoing)
            }),
            "owner_hidden" => live.iter().any(|socket| !socket.owner_visible),
            "dual_stack_holder" => {
                self.has_reason(|reason| matches!(reason, Reason::DualStackHolder { .. }))
            }
            "ipv4_blocks_dual_stack" => {
                self.has_reason(|reason| matches!(reason, Reason::Ipv4BlocksDualStack { .. }))
            }
            "wildcard_free" => self.wildcard_free == Some(true),
            "permission_denied" => {
                status == Some(PortStatus::PermissionDenied)
                    || self.subject.error == Some(BindError::Access)
            }
            "address_unavailable" => {
                status == Some(PortStatus::AddressUnavailable)
                    || (self.subject.error == Some(BindError::AddrNotAvailable)
                        && self.subject.operation != Some(Operation::Connect))
            }
            "nodeport_range" => port.is_some_and(|port| self.settings.is_nodeport(port)),
            "cause_unknown" => self.subject.source == SubjectSource::Log && self.subject.error.is_none(),
            "foreign_platform" => matches!(
                self.subject.platform,
                Some(Platform::Macos | Platform::Windows)
            ),
            "other_netns" => !self.other_netns.is_empty(),
            "kubernetes_node" => self.settings.kubernetes_node,
            "is_root" => self.is_root,
            _ => return self.exhaustion_fact(name),
        })
    }

    /// A named holder fact for a group; `None` for names that are not holder facts.
    pub fn holder_fact(&self, group: &HolderGroup, name: &str) -> Option<bool> {
        Some(match name {
            "loopback_only" => {
                // Listeners and bound sockets only: a connection on loopback says nothing about
                // where the server listens.
                let asked_loopback = self
                    .subject
                    .address
                    .is_some_and(|address| address.is_loopback());
                let owning: Vec<&&Socket> = group
                    .sockets
                    .iter()
                    .filter(|socket| socket.state.is_listening_or_bound())
                    .collect();
                !asked_loopback
                    && !owning.is_empty()
                    && owning
                        .iter()
                        .all(|socket| crate::kernel::normalized(socket.local_address).is_loopback())
            }
            "accept_queue_full" => group.sockets.iter().any(|socket| queue_is_full(socket)),
            "bound_not_listening" => group
                .sockets
                .iter()
                .any(|socket| socket.state == SocketState::Bound),
            "inherited_socket" => {
                group
                    .sockets
                    .iter()
                    .any(|socket| matches!(socket.state, SocketState::Listen | SocketState::Bound))
                    && group.processes.iter().all(|process| {
                        process.pid != 1 && knowledge::is_not_a_server(&process.name)
                    })
            }
            // PID 1 is systemd holding a .socket unit's port only when it is systemd and such
            // a unit listens there; in a container PID 1 is the application.
            "systemd_socket" => {
                !self.socket_units.is_empty()
                    && group
                        .processes
                        .iter()
                        .any(|process| process.pid == 1 && process.name == "systemd")
            }
            "kubernetes_pod" => group.processes.iter().any(|process| {
                process
                    .container
                    .as_ref()
                    .is_some_and(|container| container.pod_uid.is_some())
            }),
            "in_container" => group
                .processes
                .iter()
                .any(|process| process.container.is_some()),
            "blocks_bind" => self.status() == Some(PortStatus::InUse),
            _ => return None,
        })
    }
}

/// The process that started the others in the group: its parent is not in the group.
pub fn primary_process<'a>(group: &HolderGroup<'a>) -> &'a Process {
    let pids: BTreeSet<u32> = group.processes.iter().map(|process| process.pid).collect();
    group
        .processes
        .iter()
        .filter(|process| !pids.contains(&process.ppid))
        .min_by_key(|process| process.pid)
        .unwrap_or(&group.processes[0])
}
