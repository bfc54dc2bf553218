//! The watch's memory of each port between polls, and the events a new reading makes of it.
//! Pure: the poller reads the system, the tracker compares.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use crate::model::{Process, Protocol, Socket, SocketState, Target};
use crate::verdict::PortStatus;
use crate::watch::event::{Event, EventKind, Owner, Stamp, WatchedSocket};
use crate::watch::expect::Expectations;

/// One poll's view of a watched port.
#[derive(Debug, Clone)]
pub struct Reading {
    pub target: Target,
    /// The listening, bound-only and UDP sockets on the port.
    pub sockets: Vec<Seen>,
    /// TIME_WAIT sockets on the port, and when the last one expires.
    pub time_wait: usize,
    pub time_wait_expires_in_ms: Option<u64>,
    /// The status, when it was judged this poll (the first poll, or the sockets that decide
    /// a bind changed); `None` means as before.
    pub status: Option<PortStatus>,
}

/// One socket as a poll read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub socket: Socket,
    /// Set when its owners were looked up this poll (a new socket, or one whose holder
    /// exited); `None` keeps what was found before.
    pub owner: Option<Owner>,
}

/// The sockets a watch follows one by one: those that own a port for new servers.
pub fn is_followed(socket: &Socket) -> bool {
    socket.protocol == Protocol::Udp
        || matches!(socket.state, SocketState::Listen | SocketState::Bound)
}

/// A socket's identity across polls.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SocketKey {
    protocol: Protocol,
    local_address: IpAddr,
    local_port: u16,
    inode: u64,
    remote_address: Option<IpAddr>,
    remote_port: Option<u16>,
}

impl SocketKey {
    pub fn of(socket: &Socket) -> SocketKey {
        SocketKey {
            protocol: socket.protocol,
            local_address: socket.local_address,
            local_port: socket.local_port,
            inode: socket.inode,
            remote_address: socket.remote_address,
            remote_port: socket.remote_port,
        }
    }
}

#[derive(Debug)]
struct Tracked {
    socket: Socket,
    first_seen: Stamp,
    queue_full: bool,
}

#[derive(Debug)]
struct PortMemory {
    status: PortStatus,
    sockets: HashMap<SocketKey, Tracked>,
    time_wait_above: bool,
}

/// What the watch remembers of every port.
#[derive(Debug)]
pub struct Tracker {
    ports: HashMap<Target, PortMemory>,
    expectations: Expectations,
    time_wait_threshold: usize,
}

impl Tracker {
    pub fn new(expectations: Expectations, time_wait_threshold: usize) -> Tracker {
        Tracker {
            ports: HashMap::new(),
            expectations,
            time_wait_threshold: time_wait_threshold.max(1),
        }
    }

    /// Whether the port has been read before.
    pub fn knows_port(&self, target: Target) -> bool {
        self.ports.contains_key(&target)
    }

    /// Whether this socket was seen before on its port (its owners are known).
    pub fn knows(&self, target: Target, socket: &Socket) -> bool {
        self.ports
            .get(&target)
            .is_some_and(|port| port.sockets.contains_key(&SocketKey::of(socket)))
    }

    /// Every followed socket with the pids found holding it.
    pub fn holders(&self) -> Vec<(Target, SocketKey, Vec<u32>)> {
        let mut holders = Vec::new();
        for (&target, port) in &self.ports {
            for (key, tracked) in &port.sockets {
                let pids = tracked.socket.processes.iter().map(|process| process.pid);
                holders.push((target, key.clone(), pids.collect()));
            }
        }
        holders
    }

    /// Compares a reading with what the port held before: the port's state on its first
    /// reading, its changes afterwards.
    pub fn observe(&mut self, reading: Reading, at: Stamp) -> Vec<Event> {
        let target = reading.target;
        let kinds = if self.ports.contains_key(&target) {
            self.changes(reading, at)
        } else {
            self.first(reading, at)
        };
        kinds
            .into_iter()
            .map(|kind| Event { time: at, kind })
            .collect()
    }

    fn first(&mut self, reading: Reading, at: Stamp) -> Vec<EventKind> {
        let target = reading.target;
        let status = reading.status.unwrap_or(PortStatus::Free);
        let mut port = PortMemory {
            status,
            sockets: HashMap::new(),
            time_wait_above: reading.time_wait >= self.time_wait_threshold,
        };
        let mut alerts = Vec::new();
        let mut sockets = Vec::new();
        let mut complete = true;
        for seen in reading.sockets {
            let owner = seen.owner.unwrap_or(Owner::Found);
            complete &= owner != Owner::Hidden;
            if let Some((queued, backlog)) = queue_full(&seen.socket) {
                alerts.push(EventKind::AcceptQueueFull {
                    target,
                    socket: seen.socket.clone(),
                    queued,
                    backlog,
                });
            }
            alerts.extend(self.unexpected(target, &seen.socket, owner));
            sockets.push(WatchedSocket {
                socket: seen.socket.clone(),
                owner,
            });
            port.sockets.insert(
                SocketKey::of(&seen.socket),
                Tracked {
                    queue_full: queue_full(&seen.socket).is_some(),
                    socket: seen.socket,
                    first_seen: at,
                },
            );
        }
        if port.time_wait_above {
            alerts.push(EventKind::TimeWaitAbove {
                target,
                count: reading.time_wait,
                threshold: self.time_wait_threshold,
                last_expires_in_ms: reading.time_wait_expires_in_ms,
            });
        }
        self.ports.insert(target, port);
        let mut kinds = vec![EventKind::State {
            target,
            status,
            sockets,
            time_wait: reading.time_wait,
            complete,
        }];
        kinds.extend(alerts);
        kinds
    }

    fn changes(&mut self, reading: Reading, at: Stamp) -> Vec<EventKind> {
        let target = reading.target;
        let threshold = self.time_wait_threshold;
        let mut port = self.ports.remove(&target).expect("a known port");
        let mut kinds = Vec::new();
        let current: Vec<SocketKey> = reading
            .sockets
            .iter()
            .map(|seen| SocketKey::of(&seen.socket))
            .collect();
        let mut gone: Vec<(SocketKey, Tracked)> = Vec::new();
        port.sockets.retain(|key, tracked| {
            let stays = current.contains(key);
            if !stays {
                gone.push((
                    key.clone(),
                    Tracked {
                        socket: tracked.socket.clone(),
                        first_seen: tracked.first_seen,
                        queue_full: tracked.queue_full,
                    },
                ));
            }
            stays
        });
        gone.sort_by_key(|(_, tracked)| sort_key(&tracked.socket));
        for (_, tracked) in gone {
            kinds.push(EventKind::SocketGone {
                target,
                seen_for_ms: at.millis_since(tracked.first_seen),
                socket: tracked.socket,
            });
        }
        for seen in reading.sockets {
            let key = SocketKey::of(&seen.socket);
            match port.sockets.get_mut(&key) {
                None => {
                    let owner = seen.owner.unwrap_or(Owner::Found);
                    kinds.push(EventKind::SocketAppeared {
                        target,
                        socket: seen.socket.clone(),
                        owner,
                    });
                    kinds.extend(self.unexpected(target, &seen.socket, owner));
                    let full = queue_full(&seen.socket);
                    if let Some((queued, backlog)) = full {
                        kinds.push(EventKind::AcceptQueueFull {
                            target,
                            socket: seen.socket.clone(),
                            queued,
                            backlog,
                        });
                    }
                    port.sockets.insert(
                        key,
                        Tracked {
                            socket: seen.socket,
                            first_seen: at,
                            queue_full: full.is_some(),
                        },
                    );
                }
                Some(tracked) => {
                    kinds.extend(self.follow(target, tracked, seen));
                }
            }
        }
        let above = if port.time_wait_above {
            reading.time_wait * 2 > threshold
        } else {
            reading.time_wait >= threshold
        };
        if above != port.time_wait_above {
            kinds.push(if above {
                EventKind::TimeWaitAbove {
                    target,
                    count: reading.time_wait,
                    threshold,
                    last_expires_in_ms: reading.time_wait_expires_in_ms,
                }
            } else {
                EventKind::TimeWaitBelow {
                    target,
                    count: reading.time_wait,
                    threshold,
                }
            });
            port.time_wait_above = above;
        }
        if let Some(status) = reading.status
            && status != port.status
        {
            kinds.push(EventKind::Verdict {
                target,
                status,
                previous_status: port.status,
            });
            port.status = status;
        }
        self.ports.insert(target, port);
        kinds
    }

    /// The changes of a socket seen before: its state, its holders, its accept queue.
    fn follow(&self, target: Target, tracked: &mut Tracked, seen: Seen) -> Vec<EventKind> {
        let mut kinds = Vec::new();
        let mut socket = seen.socket;
        let previous = tracked.socket.processes.clone();
        let reowned = seen
            .owner
            .filter(|_| pids(&socket.processes) != pids(&previous));
        if seen.owner.is_none() {
            socket.processes = previous.clone();
            socket.user = tracked.socket.user.clone();
            socket.owner_visible = tracked.socket.owner_visible;
        }
        if socket.state != tracked.socket.state {
            kinds.push(EventKind::SocketChanged {
                target,
                socket: socket.clone(),
                previous_state: tracked.socket.state,
            });
        }
        if let Some(owner) = reowned {
            kinds.push(EventKind::HolderChanged {
                target,
                socket: socket.clone(),
                owner,
                previous,
            });
            kinds.extend(self.unexpected(target, &socket, owner));
        }
        let full = queue_full(&socket);
        if full.is_some() != tracked.queue_full {
            let (queued, backlog) = queue(&socket);
            kinds.push(if full.is_some() {
                EventKind::AcceptQueueFull {
                    target,
                    socket: socket.clone(),
                    queued,
                    backlog,
                }
            } else {
                EventKind::AcceptQueueCleared {
                    target,
                    socket: socket.clone(),
                    queued,
                    backlog,
                }
            });
            tracked.queue_full = full.is_some();
        }
        tracked.socket = socket;
        kinds
    }

    /// The unexpected-holder event of a socket, when `--expect` was given and some holder
    /// matches no value (a holder that could not be identified never does).
    fn unexpected(&self, target: Target, socket: &Socket, owner: Owner) -> Option<EventKind> {
        if self.expectations.is_empty() {
            return None;
        }
        let strangers: Vec<Arc<Process>> = socket
            .processes
            .iter()
            .filter(|process| !self.expectations.allows(process))
            .cloned()
            .collect();
        let identified = owner == Owner::Found && !socket.processes.is_empty();
        if identified && strangers.is_empty() {
            return None;
        }
        Some(EventKind::UnexpectedHolder {
            target,
            socket: socket.clone(),
            owner,
            processes: strangers,
            expected: self.expectations.values().to_vec(),
        })
    }
}

fn pids(processes: &[Arc<Process>]) -> Vec<u32> {
    let mut pids: Vec<u32> = processes.iter().map(|process| process.pid).collect();
    pids.sort_unstable();
    pids
}

/// Connections waiting and the backlog of a listener (0, 0 for other sockets).
fn queue(socket: &Socket) -> (u32, u32) {
    match socket.state {
        SocketState::Listen => (
            socket.recv_queue.unwrap_or(0),
            socket.send_queue.unwrap_or(0),
        ),
        _ => (0, 0),
    }
}

/// A listener whose accept queue has reached its backlog: `(queued, backlog)`. (The kernel
/// takes one connection more than the backlog, then drops new ones.)
fn queue_full(socket: &Socket) -> Option<(u32, u32)> {
    let (queued, backlog) = queue(socket);
    (queued > 0 && queued >= backlog).then_some((queued, backlog))
}

/// Listeners first, then bound and UDP sockets, by address.
pub fn sort_key(socket: &Socket) -> (SocketState, crate::model::Family, IpAddr, u64) {
    (
        socket.state,
        socket.family,
        socket.local_address,
        socket.inode,
    )
}

#[cfg(test)]
mod tests;
