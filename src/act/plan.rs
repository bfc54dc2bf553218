//! The plan of `free` for one port: which processes to signal, which to leave to their
//! parent, which to refuse and why, and what there is nothing to do about. Pure: the
//! verdict with owners, the managers and the observed permissions in; a plan out.
//!
//! A port is freed all or nothing: when one blocker is refused, nothing on that port is
//! signalled, since signalling the rest could not give the port back.

use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;
use std::sync::Arc;

use serde::Serialize;

use crate::act::untouched::{Untouched, untouched};
use crate::diagnose::commands::manager_command;
use crate::kernel::Profile;
use crate::model::{Manager, Process, Protocol, Signal, Socket, SocketState};
use crate::verdict::{PortStatus, PortVerdict};

/// How to plan.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub signal: Signal,
    /// Signal a systemd service's processes anyway (systemd may restart them).
    pub force: bool,
    /// `sudo portdoc free ...`, when portdoc is not root: the command for what it may not do.
    pub rerun_with_sudo: Option<String>,
}

/// The plan for one port.
#[derive(Debug, Clone, Serialize)]
pub struct PortPlan {
    pub port: u16,
    pub protocol: Protocol,
    /// The address a server would bind (`0.0.0.0`: the wildcard, also `[::]`).
    pub address: IpAddr,
    /// The port's status before acting, as `check` says it.
    pub status: PortStatus,
    /// Processes to signal, leaders of their group.
    pub signal: Vec<PlannedSignal>,
    /// Processes that share a socket with their parent (nginx's workers): left to it, and
    /// signalled only if they outlive it.
    pub follow: Vec<Follower>,
    /// Holders portdoc will not signal, and the command that is right instead.
    pub refused: Vec<Refusal>,
    /// Sockets on the port that are nobody's to stop.
    pub untouched: Vec<Untouched>,
}

/// A process to signal.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedSignal {
    pub process: Arc<Process>,
    pub signal: Signal,
    /// The blocking sockets it holds, as `address:port state`.
    pub sockets: Vec<String>,
    /// With `--force`: the systemd service it belongs to, which may restart it.
    pub overriding: Option<Manager>,
}

/// A process left to its parent.
#[derive(Debug, Clone, Serialize)]
pub struct Follower {
    pub process: Arc<Process>,
    /// The pid of the planned process it belongs to.
    pub leader: u32,
}

/// Why a holder is not signalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefusalKind {
    /// systemd, a container runtime, a supervisor or init runs it.
    Managed,
    /// Another user's process: this user may not signal it.
    NotPermitted,
    /// The socket's owner is hidden from this user.
    OwnerHidden,
    /// No process holds the socket: the kernel does (nfsd, a tunnel) or it is closing.
    NoProcess,
    /// Nothing holds the port, yet the bind fails (permission denied, address unavailable).
    NotHeld,
}

/// A refused holder and what to do instead.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub kind: RefusalKind,
    /// The processes concerned (empty for hidden or process-less sockets).
    pub pids: Vec<u32>,
    /// Their names, in the order of `pids`.
    pub names: Vec<String>,
    pub manager: Option<Manager>,
    /// The command that is right instead, when there is one (shell-quoted).
    pub command: Option<String>,
    /// The sockets concerned, as `address:port state`.
    pub sockets: Vec<String>,
}

impl PortPlan {
    /// Whether acting on the plan can free the port: something to signal, nothing refused.
    pub fn actionable(&self) -> bool {
        !self.signal.is_empty() && self.refused.is_empty()
    }

    /// Whether the port is free for a typical server already.
    pub fn already_free(&self) -> bool {
        matches!(self.status, PortStatus::Free | PortStatus::TimeWait)
    }

    /// Every pid the plan may signal: leaders, then followers.
    pub fn pids(&self) -> impl Iterator<Item = u32> + '_ {
        self.signal
            .iter()
            .map(|planned| planned.process.pid)
            .chain(self.follow.iter().map(|follower| follower.process.pid))
    }
}

/// A socket a server opens (listening, bound, an unconnected UDP socket), as opposed to a
/// connection.
pub(super) fn is_server_socket(socket: &Socket) -> bool {
    match socket.protocol {
        Protocol::Tcp => matches!(socket.state, SocketState::Listen | SocketState::Bound),
        Protocol::Udp => socket.remote_address.is_none() || socket.state == SocketState::Unconn,
    }
}

fn socket_label(socket: &Socket) -> String {
    format!("{} {}", socket.local_endpoint(), socket.state.name())
}

/// Plans freeing one port. `managers` and `permitted` are by pid, for every process of the
/// verdict's holders (`permitted`: whether this user may signal it, as the kernel answered).
pub fn plan_port(
    verdict: &PortVerdict,
    managers: &HashMap<u32, Option<Manager>>,
    permitted: &HashMap<u32, bool>,
    options: &PlanOptions,
) -> PortPlan {
    let mut plan = PortPlan {
        port: verdict.port,
        protocol: verdict.protocol,
        address: verdict.address,
        status: verdict.status,
        signal: Vec::new(),
        follow: Vec::new(),
        refused: Vec::new(),
        untouched: Vec::new(),
    };
    let typical = Profile::typical(verdict.protocol);
    let blocking = |socket_blocks: &[Profile]| socket_blocks.contains(&typical);
    plan.untouched = untouched(verdict, &blocking);
    match verdict.status {
        PortStatus::Free | PortStatus::TimeWait | PortStatus::Listening => return plan,
        PortStatus::PermissionDenied | PortStatus::AddressUnavailable => {
            plan.refused.push(Refusal {
                kind: RefusalKind::NotHeld,
                pids: Vec::new(),
                names: Vec::new(),
                manager: None,
                command: None,
                sockets: Vec::new(),
            });
            return plan;
        }
        PortStatus::InUse | PortStatus::NotListening => {}
    }
    let servers: Vec<&Socket> = verdict
        .holders
        .iter()
        .filter(|holder| blocking(&holder.blocks) && is_server_socket(&holder.socket))
        .map(|holder| &holder.socket)
        .collect();
    for socket in servers.iter().filter(|socket| socket.processes.is_empty()) {
        let hidden = !socket.owner_visible;
        plan.refused.push(Refusal {
            kind: if hidden {
                RefusalKind::OwnerHidden
            } else {
                RefusalKind::NoProcess
            },
            pids: Vec::new(),
            names: Vec::new(),
            manager: None,
            command: if hidden {
                options.rerun_with_sudo.clone()
            } else {
                None
            },
            sockets: vec![socket_label(socket)],
        });
    }
    let mut processes: Vec<Arc<Process>> = Vec::new();
    let mut sockets_of: HashMap<u32, BTreeSet<String>> = HashMap::new();
    for socket in &servers {
        for process in &socket.processes {
            sockets_of
                .entry(process.pid)
                .or_default()
                .insert(socket_label(socket));
            if !processes.iter().any(|known| known.pid == process.pid) {
                processes.push(process.clone());
            }
        }
    }
    let leader_of = leaders(&processes);
    for process in &processes {
        let sockets: Vec<String> = sockets_of
            .remove(&process.pid)
            .unwrap_or_default()
            .into_iter()
            .collect();
        let manager = managers.get(&process.pid).cloned().flatten();
        let overridable = matches!(manager, Some(Manager::SystemdService { .. }));
        if let Some(manager) = manager.as_ref().filter(|_| !(overridable && options.force)) {
            let sudo = if permitted.get(&process.pid) == Some(&false) {
                "sudo "
            } else {
                ""
            };
            refuse(
                &mut plan,
                RefusalKind::Managed,
                process,
                Some(manager.clone()),
                manager_command(manager, verdict.port, sudo),
                sockets,
            );
            continue;
        }
        if permitted.get(&process.pid) != Some(&true) {
            refuse(
                &mut plan,
                RefusalKind::NotPermitted,
                process,
                None,
                options.rerun_with_sudo.clone(),
                sockets,
            );
            continue;
        }
        match leader_of.get(&process.pid) {
            Some(&leader) => plan.follow.push(Follower {
                process: process.clone(),
                leader,
            }),
            None => plan.signal.push(PlannedSignal {
                process: process.clone(),
                signal: options.signal,
                sockets,
                overriding: manager.filter(|_| overridable),
            }),
        }
    }
    plan.refused.sort_by_key(|refusal| refusal.kind);
    plan
}

/// Adds a refusal, merged with one of the same kind and command.
fn refuse(
    plan: &mut PortPlan,
    kind: RefusalKind,
    process: &Process,
    manager: Option<Manager>,
    command: Option<String>,
    sockets: Vec<String>,
) {
    if let Some(existing) = plan.refused.iter_mut().find(|refusal| {
        refusal.kind == kind && refusal.command == command && refusal.manager == manager
    }) {
        existing.pids.push(process.pid);
        existing.names.push(process.name.clone());
        for socket in sockets {
            if !existing.sockets.contains(&socket) {
                existing.sockets.push(socket);
            }
        }
        return;
    }
    plan.refused.push(Refusal {
        kind,
        pids: vec![process.pid],
        names: vec![process.name.clone()],
        manager,
        command,
        sockets,
    });
}

/// For each process whose parent also holds a blocking socket of the port, the topmost such
/// ancestor: the group's leader (nginx's master for its workers, a forking server's parent).
pub fn leaders(processes: &[Arc<Process>]) -> HashMap<u32, u32> {
    let parent_of: HashMap<u32, u32> = processes
        .iter()
        .map(|process| (process.pid, process.ppid))
        .collect();
    let mut leader_of = HashMap::new();
    for process in processes {
        let mut leader = process.pid;
        let mut steps = 0;
        while let Some(&parent) = parent_of.get(&leader) {
            if !parent_of.contains_key(&parent) || parent == leader || steps > processes.len() {
                break;
            }
            leader = parent;
            steps += 1;
        }
        if leader != process.pid {
            leader_of.insert(process.pid, leader);
        }
    }
    leader_of
}
