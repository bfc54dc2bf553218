//! Facts about one port, gathered once by the `explain` command, then read by rules without
//! I/O: named booleans (`port_fact`, `holder_fact`) and template values (`port_value`,
//! `holder_value`).

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::Arc;

use serde::Serialize;

use crate::logread::{BindError, Platform};
use crate::model::{NetSettings, Process, Protocol, Socket, SocketState};
use crate::text::{duration, short_time, shorten};
use crate::verdict::{PortStatus, PortVerdict, Reason};

/// Where the question came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectSource {
    Port,
    Log,
}

/// What is being explained: a port, or a failure read from a log line.
#[derive(Debug, Clone, Serialize)]
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
    /// What the reading of the text left out, to say once.
    #[serde(skip)]
    pub notices: Vec<String>,
}

impl Subject {
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

/// Processes that do not serve anything: holding a listener means they inherited it.
const NOT_SERVERS: &[&str] = &[
    "sleep", "sh", "bash", "dash", "zsh", "ksh", "fish", "tcsh", "csh", "tail", "cat", "tee",
    "less", "more", "timeout", "nohup", "watch", "script", "xargs", "env", "make", "cron", "crond",
    "logger", "flock", "setsid", "stdbuf", "nice", "ionice", "sudo", "su",
];

/// A listener whose accept queue is full.
pub fn queue_is_full(socket: &Socket) -> bool {
    match (socket.recv_queue, socket.send_queue) {
        (Some(waiting), Some(backlog)) => {
            socket.state == SocketState::Listen && waiting > 0 && waiting >= backlog
        }
        _ => false,
    }
}

fn is_live(socket: &Socket) -> bool {
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

    /// The dual-stack conflict, if any: the endpoint that collides and the bind it blocks.
    fn dual_stack_conflict(&self) -> Option<(String, &'static str)> {
        self.verdict
            .as_ref()?
            .reasons
            .iter()
            .find_map(|reason| match reason {
                Reason::DualStackHolder { endpoint } => Some((endpoint.clone(), "IPv4")),
                Reason::Ipv4BlocksDualStack { endpoint } => {
                    Some((endpoint.clone(), "dual-stack [::]"))
                }
                _ => None,
            })
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
            "ephemeral_collision" => {
                self.has_reason(|reason| matches!(reason, Reason::ConnectionsHoldPort { .. }))
            }
            "owner_hidden" => live.iter().any(|socket| !socket.owner_visible),
            "dual_stack_conflict" => self.dual_stack_conflict().is_some(),
            "permission_denied" => {
                status == Some(PortStatus::PermissionDenied)
                    || self.subject.error == Some(BindError::Access)
            }
            "address_unavailable" => {
                status == Some(PortStatus::AddressUnavailable)
                    || self.subject.error == Some(BindError::AddrNotAvailable)
            }
            "nodeport_range" => port.is_some_and(|port| self.settings.is_nodeport(port)),
            "foreign_platform" => matches!(
                self.subject.platform,
                Some(Platform::Macos | Platform::Windows)
            ),
            "other_netns" => !self.other_netns.is_empty(),
            "kubernetes_node" => self.settings.kubernetes_node,
            "is_root" => self.is_root,
            _ => return None,
        })
    }

    /// A named holder fact for a group; `None` for names that are not holder facts.
    pub fn holder_fact(&self, group: &HolderGroup, name: &str) -> Option<bool> {
        Some(match name {
            "loopback_only" => {
                let asked_loopback = self
                    .subject
                    .address
                    .is_some_and(|address| address.is_loopback());
                !asked_loopback
                    && group
                        .sockets
                        .iter()
                        .all(|socket| socket.local_address.is_loopback())
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
                        process.pid != 1 && NOT_SERVERS.contains(&process.name.as_str())
                    })
            }
            "systemd_socket" => group.processes.iter().any(|process| process.pid == 1),
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

    /// A template value available to every rule; `None` when unknown.
    pub fn port_value(&self, name: &str) -> Option<String> {
        let port = self.subject.port;
        let check = self.verdict.as_ref();
        Some(match name {
            "port" => port?.to_string(),
            "protocol" => self.subject.protocol.to_string(),
            "address" => self
                .subject
                .address
                .map(|address| address.to_string())
                .or_else(|| self.subject.host.clone())
                .unwrap_or_else(|| "0.0.0.0".into()),
            "error" => self.subject.error?.name().to_string(),
            "program" => self
                .subject
                .program
                .clone()
                .unwrap_or_else(|| "the server".into()),
            "status" => check?.status.to_string(),
            "line" => self.subject.line.clone()?,
            "suggested_port" => self.suggested_port?.to_string(),
            "unprivileged_port_start" => self.settings.unprivileged_port_start.to_string(),
            "reserved_ports_with_port" => {
                let mut ranges = self.settings.reserved_ports.clone();
                ranges.push((port?, port?));
                crate::text::port_list(&ranges)
            }
            "ephemeral_range" => {
                let (first, last) = self.settings.ephemeral_ports;
                format!("{first}-{last}")
            }
            "host_addresses" => {
                let list: Vec<String> = self.host_addresses.iter().map(IpAddr::to_string).collect();
                if list.is_empty() {
                    "none".into()
                } else {
                    list.join(", ")
                }
            }
            "time_wait_count" => self
                .sockets
                .iter()
                .filter(|socket| socket.state == SocketState::TimeWait)
                .count()
                .to_string(),
            "time_wait_left" => {
                let left = self
                    .sockets
                    .iter()
                    .filter_map(|socket| socket.expires_in_ms)
                    .max()?;
                duration(left)
            }
            "holders" => {
                let names: BTreeSet<String> = self
                    .blockers()
                    .iter()
                    .flat_map(|socket| {
                        socket
                            .processes
                            .iter()
                            .map(|process| format!("{}[{}]", process.name, process.pid))
                    })
                    .collect();
                if names.is_empty() {
                    return None;
                } else {
                    names.into_iter().collect::<Vec<_>>().join(", ")
                }
            }
            "owner_uid" => self.hidden_socket()?.uid?.to_string(),
            "owner_user" => self
                .hidden_socket()?
                .user
                .as_deref()
                .unwrap_or_default()
                .to_string(),
            "rerun" => self.rerun.clone(),
            "dual_socket" => self.dual_stack_conflict()?.0,
            "other_family" => self.dual_stack_conflict()?.1.to_string(),
            "socket_unit" => self.socket_units.first()?.clone(),
            "netns" => {
                let places: BTreeSet<String> = self
                    .other_netns
                    .iter()
                    .map(|socket| {
                        let holders: Vec<String> = socket
                            .processes
                            .iter()
                            .map(|process| format!("{}[{}]", process.name, process.pid))
                            .collect();
                        let netns = socket.netns.as_ref().map_or_else(
                            || "another namespace".to_string(),
                            |netns| netns.to_string(),
                        );
                        if holders.is_empty() {
                            netns
                        } else {
                            format!("{netns} by {}", holders.join(", "))
                        }
                    })
                    .collect();
                if places.is_empty() {
                    return None;
                }
                places.into_iter().collect::<Vec<_>>().join("; ")
            }
            "netns_pid" => self
                .other_netns
                .iter()
                .flat_map(|socket| socket.processes.iter())
                .map(|process| process.pid.to_string())
                .next()?,
            "listen_overflows" => {
                let ((overflows_before, drops_before), (overflows, drops)) =
                    self.listen_overflows?;
                let rising = if overflows > overflows_before || drops > drops_before {
                    ", rising"
                } else {
                    ", not rising during 200 ms"
                };
                format!("{overflows} overflows, {drops} drops since boot{rising}")
            }
            _ => return None,
        })
    }

    fn hidden_socket(&self) -> Option<&Socket> {
        self.sockets
            .iter()
            .find(|socket| is_live(socket) && !socket.owner_visible)
    }

    /// A template value about a holder group; falls back to port values.
    pub fn holder_value(&self, group: &HolderGroup, name: &str) -> Option<String> {
        let primary = primary_process(group);
        Some(match name {
            "pid" => primary.pid.to_string(),
            "pids" => group
                .processes
                .iter()
                .map(|process| process.pid.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            "ppid" => primary.ppid.to_string(),
            "name" => primary.name.clone(),
            "cmdline" => shorten(&primary.cmdline, 120),
            "user" => crate::model::user_label(primary.user.as_deref(), primary.uid),
            "uid" => primary.uid?.to_string(),
            "unit" => primary.systemd_unit.clone()?,
            "container" => primary.container.as_ref()?.to_string(),
            "container_id" => primary
                .container
                .as_ref()?
                .id
                .as_ref()?
                .chars()
                .take(12)
                .collect(),
            "container_runtime" => primary.container.as_ref()?.runtime.clone(),
            "pod_uid" => primary.container.as_ref()?.pod_uid.clone()?,
            "since" => primary.started_at.as_deref().and_then(short_time)?,
            "holder" => describe_holder(primary, group),
            "endpoints" => group
                .sockets
                .iter()
                .map(|socket| socket.local_endpoint())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
                .join(", "),
            "stop_command" => self.stop_command(primary)?,
            "docker_target" => {
                let forwarder = primary.forwarder.as_ref()?;
                match (&forwarder.target, &forwarder.container) {
                    (Some(target), Some(container)) => format!("container {container} at {target}"),
                    (Some(target), None) => format!("container {target}"),
                    (None, _) => return None,
                }
            }
            "queue" => group
                .sockets
                .iter()
                .find(|socket| queue_is_full(socket))?
                .recv_queue?
                .to_string(),
            "backlog" => group
                .sockets
                .iter()
                .find(|socket| queue_is_full(socket))?
                .send_queue?
                .to_string(),
            _ => return self.port_value(name),
        })
    }

    /// The gentlest command that stops a holder: its systemd service, its container, or a
    /// plain SIGTERM.
    fn stop_command(&self, process: &Process) -> Option<String> {
        if process.pid == 1 {
            return None;
        }
        let sudo = if self.is_root || process.uid == crate::source::current_uid() {
            ""
        } else {
            "sudo "
        };
        if let Some(unit) = process
            .systemd_unit
            .as_deref()
            .filter(|unit| unit.ends_with(".service"))
        {
            return Some(if process.systemd_user_unit {
                format!("systemctl --user stop {unit}")
            } else {
                format!("{sudo}systemctl stop {unit}")
            });
        }
        if let Some(container) = &process.container
            && let Some(id) = &container.id
        {
            let short: String = id.chars().take(12).collect();
            let tool = match container.runtime.as_str() {
                "docker" => "docker",
                "podman" => "podman",
                _ => "crictl",
            };
            return Some(format!("{sudo}{tool} stop {short}"));
        }
        Some(format!("{sudo}kill {}", process.pid))
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

/// `PID 4121 `java ... start` (user keycloak, unit keycloak.service) since 09:12`.
pub fn describe_holder(process: &Process, group: &HolderGroup) -> String {
    let mut text = format!("PID {} `{}`", process.pid, shorten(&process.cmdline, 80));
    let mut context = vec![format!(
        "user {}",
        crate::model::user_label(process.user.as_deref(), process.uid)
    )];
    if let Some(unit) = &process.systemd_unit {
        context.push(format!("unit {unit}"));
    }
    if let Some(container) = &process.container {
        context.push(container.to_string());
    }
    let others = group.processes.len() - 1;
    if others > 0 {
        context.push(format!("and {others} more process(es) sharing the socket"));
    }
    text.push_str(&format!(" ({})", context.join(", ")));
    if let Some(since) = process.started_at.as_deref().and_then(short_time) {
        text.push_str(&format!(" since {since}"));
    }
    text
}
