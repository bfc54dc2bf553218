//! One poll of the watched ports. The socket table is read through the kernel's port filter;
//! owners are looked up only for sockets not seen before (or whose holder exited); the bind
//! probes that decide the status run only when the sockets that can stop a bind changed, so
//! that a watch does not hold the port for a moment five times a second.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::IpAddr;

use crate::gather::owners;
use crate::gather::snapshot::{self, Probing, Request, Snapshot};
use crate::model::{NetSettings, Socket, SocketState, Target};
use crate::source::query::Backend;
use crate::verdict::{self, PortStatus};
use crate::watch::event::Owner;
use crate::watch::tracker::{Reading, Seen, SocketKey, Tracker, is_followed, sort_key};

/// What one poll read.
#[derive(Debug, Default)]
pub struct Poll {
    pub readings: Vec<Reading>,
    /// What could not be seen (hidden owners, a source's fallback).
    pub warnings: Vec<String>,
}

/// Reads the watched ports, poll after poll.
#[derive(Debug)]
pub struct Poller {
    targets: Vec<Target>,
    backend: Backend,
    /// The command line to suggest with `sudo` when owners are hidden.
    rerun: String,
    /// Per port, the sockets that decide a bind when it was last judged.
    judged: HashMap<Target, BindFacts>,
    settings: Option<NetSettings>,
}

impl Poller {
    pub fn new(targets: Vec<Target>, backend: Backend, rerun: String) -> Poller {
        Poller {
            targets,
            backend,
            rerun,
            judged: HashMap::new(),
            settings: None,
        }
    }

    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// Reads every watched port once. `tracker` says which sockets are known.
    pub fn poll(&mut self, tracker: &Tracker) -> anyhow::Result<Poll> {
        let table = snapshot::take(&self.request(&self.targets, Probing::None))?;
        let mut warnings = table.warnings.clone();
        let statuses = self.judge_changed(&table)?;
        let mut followed: Vec<(Target, Socket, bool)> = Vec::new();
        let exited = exited_holders(tracker);
        for &target in &self.targets {
            let mut sockets: Vec<&Socket> = table
                .sockets_on(target)
                .into_iter()
                .filter(|socket| is_followed(socket))
                .collect();
            sockets.sort_by_key(|socket| sort_key(socket));
            for socket in sockets {
                let look_up = !tracker.knows(target, socket)
                    || exited.contains(&(target, SocketKey::of(socket)))
                    || !socket.processes.is_empty();
                followed.push((target, socket.clone(), look_up));
            }
        }
        let visibility = owners::resolve_owners(
            followed
                .iter_mut()
                .filter(|(_, _, look_up)| *look_up)
                .map(|(_, socket, _)| socket),
            &self.rerun,
        )?;
        warnings.extend(visibility.warnings);
        let owners = self.classify(&followed)?;
        let mut readings: Vec<Reading> = Vec::with_capacity(self.targets.len());
        for &target in &self.targets {
            let time_wait: Vec<&Socket> = table
                .sockets_on(target)
                .into_iter()
                .filter(|socket| socket.state == SocketState::TimeWait)
                .collect();
            readings.push(Reading {
                target,
                sockets: Vec::new(),
                time_wait: time_wait.len(),
                time_wait_expires_in_ms: time_wait
                    .iter()
                    .filter_map(|socket| socket.expires_in_ms)
                    .max(),
                status: statuses.get(&target).copied(),
            });
        }
        let position: HashMap<Target, usize> = self
            .targets
            .iter()
            .enumerate()
            .map(|(at, &target)| (target, at))
            .collect();
        for ((target, socket, look_up), owner) in followed.into_iter().zip(owners) {
            readings[position[&target]].sockets.push(Seen {
                socket,
                owner: look_up.then_some(owner),
            });
        }
        Ok(Poll { readings, warnings })
    }

    fn request<'a>(&self, targets: &'a [Target], probing: Probing) -> Request<'a> {
        Request {
            targets,
            address: None,
            probing,
            bound_everywhere: true,
            explain: false,
            backend: self.backend,
        }
    }

    /// Judges, with fresh probes, the ports whose bind-deciding sockets changed since they
    /// were last judged (every port on the first poll, after a change of the kernel
    /// settings, and on every poll where the kernel cannot list bound-only sockets, which
    /// the table would then miss).
    fn judge_changed(&mut self, table: &Snapshot) -> anyhow::Result<HashMap<Target, PortStatus>> {
        let settings_changed = self.settings.as_ref() != Some(&table.settings);
        self.settings = Some(table.settings.clone());
        let changed: Vec<Target> = self
            .targets
            .iter()
            .copied()
            .filter(|&target| {
                settings_changed
                    || !table.bound_sockets_listed
                    || self.judged.get(&target) != Some(&BindFacts::of(&table.sockets_on(target)))
            })
            .collect();
        let mut statuses = HashMap::new();
        if changed.is_empty() {
            return Ok(statuses);
        }
        let probed = snapshot::take(&self.request(&changed, Probing::Deciding))?;
        for &target in &changed {
            let sockets = probed.sockets_on(target);
            let facts = probed.facts(target, None, &sockets);
            statuses.insert(target, verdict::judge(&facts).status);
            self.judged.insert(target, BindFacts::of(&sockets));
        }
        Ok(statuses)
    }

    /// Who holds each looked-up socket. One that no process holds, though every process
    /// could be inspected, is looked for once more in the table: gone means its process
    /// exited before the owner scan; still there means no process holds it.
    fn classify(&self, followed: &[(Target, Socket, bool)]) -> anyhow::Result<Vec<Owner>> {
        let mut owners: Vec<Owner> = followed
            .iter()
            .map(|(_, socket, _)| {
                if !socket.processes.is_empty() {
                    Owner::Found
                } else if !socket.owner_visible {
                    Owner::Hidden
                } else {
                    Owner::None
                }
            })
            .collect();
        let unheld: BTreeSet<Target> = followed
            .iter()
            .zip(&owners)
            .filter(|((_, _, look_up), owner)| *look_up && **owner == Owner::None)
            .map(|((target, _, _), _)| *target)
            .collect();
        if unheld.is_empty() {
            return Ok(owners);
        }
        let targets: Vec<Target> = unheld.into_iter().collect();
        let again =
            crate::source::list_sockets(&snapshot::table_query(&targets, self.backend, true))?;
        let present: HashSet<SocketKey> = again.sockets.iter().map(SocketKey::of).collect();
        for ((_, socket, look_up), owner) in followed.iter().zip(owners.iter_mut()) {
            if *look_up && *owner == Owner::None && !present.contains(&SocketKey::of(socket)) {
                *owner = Owner::Exited;
            }
        }
        Ok(owners)
    }
}

/// Known sockets one of whose holders has exited: their owners are looked up again.
fn exited_holders(tracker: &Tracker) -> HashSet<(Target, SocketKey)> {
    tracker
        .holders()
        .into_iter()
        .filter(|(_, _, pids)| pids.iter().any(|&pid| !crate::source::process_exists(pid)))
        .map(|(target, key, _)| (target, key))
        .collect()
}

/// What about a port's sockets can change a bind's answer: the sockets that own it, and
/// the addresses where TIME_WAIT sockets and connections occupy it. Queues, timers and the
/// number of connections do not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindFacts {
    owners: BTreeSet<(SocketState, IpAddr, Option<bool>, u64)>,
    occupied: BTreeSet<(bool, IpAddr, Option<bool>)>,
}

impl BindFacts {
    pub fn of(sockets: &[&Socket]) -> BindFacts {
        let mut facts = BindFacts {
            owners: BTreeSet::new(),
            occupied: BTreeSet::new(),
        };
        for socket in sockets {
            if socket.state.is_listening_or_bound() || is_followed(socket) {
                facts.owners.insert((
                    socket.state,
                    socket.local_address,
                    socket.v6only,
                    socket.inode,
                ));
            } else if socket.state != SocketState::SynRecv {
                facts.occupied.insert((
                    socket.state == SocketState::TimeWait,
                    socket.local_address,
                    socket.v6only,
                ));
            }
        }
        facts
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;
    use crate::model::{Family, MatchedBy, Protocol};

    fn socket(state: SocketState, inode: u64, remote_port: Option<u16>) -> Socket {
        Socket {
            protocol: Protocol::Tcp,
            family: Family::Ipv4,
            local_address: IpAddr::V4(Ipv4Addr::LOCALHOST),
            local_port: 8080,
            remote_address: remote_port.map(|_| IpAddr::V4(Ipv4Addr::LOCALHOST)),
            remote_port,
            state,
            inode,
            uid: Some(0),
            user: None,
            expires_in_ms: None,
            recv_queue: Some(0),
            send_queue: Some(128),
            v6only: None,
            matched_by: MatchedBy::LocalPort,
            processes: Vec::new(),
            owner_visible: true,
            netns: None,
        }
    }

    #[test]
    fn queues_and_more_connections_do_not_change_what_decides_a_bind() {
        let listener = socket(SocketState::Listen, 7, None);
        let one = socket(SocketState::Established, 8, Some(50000));
        let two = socket(SocketState::Established, 9, Some(50001));
        let mut busy = listener.clone();
        busy.recv_queue = Some(100);
        assert_eq!(
            BindFacts::of(&[&listener, &one]),
            BindFacts::of(&[&busy, &one, &two])
        );
    }

    #[test]
    fn a_new_listener_or_the_first_time_wait_changes_what_decides_a_bind() {
        let listener = socket(SocketState::Listen, 7, None);
        let replaced = socket(SocketState::Listen, 11, None);
        let time_wait = socket(SocketState::TimeWait, 0, Some(50000));
        assert_ne!(BindFacts::of(&[&listener]), BindFacts::of(&[&replaced]));
        assert_ne!(BindFacts::of(&[]), BindFacts::of(&[&time_wait]));
        let bound = socket(SocketState::Bound, 7, None);
        assert_ne!(BindFacts::of(&[&bound]), BindFacts::of(&[&listener]));
    }
}
