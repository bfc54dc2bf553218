//! One poll of the watched ports. Listeners and UDP sockets are read through the kernel's
//! port filter on every poll; the full table (bound-only TCP sockets, TIME_WAIT sockets,
//! connections), which makes the kernel walk its whole bind and connection tables, every
//! [`FULL_READ_PERIOD`] and whenever the port is judged again. Owners are looked up only for
//! sockets not seen before (or whose holder exited); the bind probes that decide the status
//! run only when the sockets that can stop a bind changed, so that a watch does not take the
//! port for a moment five times a second.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::IpAddr;
use std::time::Duration;

use crate::gather::owners;
use crate::gather::snapshot::{self, Probing, Request};
use crate::model::{NetSettings, Socket, SocketState, Target};
use crate::source::query::Backend;
use crate::verdict::{self, PortStatus};
use crate::watch::event::Owner;
use crate::watch::tracker::{Reading, Seen, SocketKey, Tracker, is_followed, sort_key};

/// How often the full table is read, at least (rounded up to whole intervals). On a host with 20k listeners a full read costs the
/// kernel about 16 ms of CPU, the listeners alone about 3 ms (bench/RESULTS.md): reading
/// everything every 200ms would take 8% of a core.
pub const FULL_READ_PERIOD: Duration = Duration::from_secs(5);

/// What one poll read.
#[derive(Debug, Default)]
pub struct Poll {
    pub readings: Vec<Reading>,
    /// What could not be seen (hidden owners, a source's fallback).
    pub warnings: Vec<String>,
}

/// What the last full read of a port found besides its listeners.
#[derive(Debug, Clone, Default)]
struct FullRead {
    /// Followed sockets a listener read does not return: bound-only TCP, connected UDP.
    unlistened: Vec<Socket>,
    time_wait: usize,
    time_wait_expires_in_ms: Option<u64>,
    /// Where TIME_WAIT sockets and connections occupy the port.
    occupied: Occupied,
}

type Occupied = BTreeSet<(bool, IpAddr, Option<bool>)>;

impl FullRead {
    fn of(sockets: &[&Socket]) -> FullRead {
        let time_wait: Vec<&&Socket> = sockets
            .iter()
            .filter(|socket| socket.state == SocketState::TimeWait)
            .collect();
        FullRead {
            unlistened: sockets
                .iter()
                .filter(|socket| is_followed(socket) && !is_listener(socket))
                .map(|socket| (*socket).clone())
                .collect(),
            time_wait: time_wait.len(),
            time_wait_expires_in_ms: time_wait
                .iter()
                .filter_map(|socket| socket.expires_in_ms)
                .max(),
            occupied: occupied(sockets),
        }
    }
}

/// What a listener read returns: TCP listeners and unconnected UDP sockets.
fn is_listener(socket: &Socket) -> bool {
    matches!(socket.state, SocketState::Listen | SocketState::Unconn)
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
    /// Whether the last full read could list bound-only sockets.
    bound_sockets_listed: bool,
    full: HashMap<Target, FullRead>,
    /// A full read every this many polls (the first poll is one).
    full_read_every: u32,
    polls: u32,
}

impl Poller {
    /// A poller for polls `interval` apart.
    pub fn new(
        targets: Vec<Target>,
        backend: Backend,
        rerun: String,
        interval: Duration,
    ) -> Poller {
        let interval = interval.max(Duration::from_millis(1));
        let full_read_every = FULL_READ_PERIOD
            .as_nanos()
            .div_ceil(interval.as_nanos())
            .max(1);
        Poller {
            targets,
            backend,
            rerun,
            judged: HashMap::new(),
            settings: None,
            bound_sockets_listed: true,
            full: HashMap::new(),
            full_read_every: u32::try_from(full_read_every).unwrap_or(u32::MAX),
            polls: 0,
        }
    }

    /// How many polls apart the full reads are.
    pub fn full_read_every(&self) -> u32 {
        self.full_read_every
    }

    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// Reads every watched port once. `tracker` says which sockets are known.
    pub fn poll(&mut self, tracker: &Tracker) -> anyhow::Result<Poll> {
        let full_due = self.polls == 0;
        self.polls = (self.polls + 1) % self.full_read_every;
        let mut warnings = Vec::new();
        let mut listed: HashMap<Target, Vec<Socket>> = HashMap::new();
        let mut settings_changed = false;
        if full_due {
            let table = snapshot::take(&self.request(&self.targets, Probing::None))?;
            warnings.extend(table.warnings.iter().cloned());
            settings_changed = self.settings.as_ref() != Some(&table.settings);
            self.settings = Some(table.settings.clone());
            self.bound_sockets_listed = table.bound_sockets_listed;
            for &target in &self.targets {
                let sockets = table.sockets_on(target);
                self.full.insert(target, FullRead::of(&sockets));
                listed.insert(target, followed(&sockets));
            }
        } else {
            let (sockets, more) = snapshot::listeners(&self.targets, self.backend)?;
            warnings.extend(more);
            for socket in sockets {
                let target = Target {
                    protocol: socket.protocol,
                    port: socket.local_port,
                };
                listed.entry(target).or_default().push(socket);
            }
            for &target in &self.targets {
                let fresh = listed.entry(target).or_default();
                let keys: HashSet<SocketKey> = fresh.iter().map(SocketKey::of).collect();
                let unlistened = self.full.get(&target).map(|full| &full.unlistened);
                for socket in unlistened.into_iter().flatten() {
                    if !keys.contains(&SocketKey::of(socket)) {
                        fresh.push(socket.clone());
                    }
                }
            }
        }
        let statuses =
            self.judge_changed(&mut listed, settings_changed, full_due, &mut warnings)?;
        let exited = exited_holders(tracker);
        let mut followed: Vec<(Target, Socket, bool)> = Vec::new();
        for &target in &self.targets {
            let mut sockets = listed.remove(&target).unwrap_or_default();
            sockets.sort_by_key(sort_key);
            for socket in sockets {
                let look_up = !tracker.knows(target, &socket)
                    || exited.contains(&(target, SocketKey::of(&socket)))
                    || !socket.processes.is_empty();
                followed.push((target, socket, look_up));
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
        let mut readings: Vec<Reading> = self
            .targets
            .iter()
            .map(|&target| {
                let full = self.full.get(&target).cloned().unwrap_or_default();
                Reading {
                    target,
                    sockets: Vec::new(),
                    time_wait: full.time_wait,
                    time_wait_expires_in_ms: full.time_wait_expires_in_ms,
                    status: statuses.get(&target).copied(),
                }
            })
            .collect();
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

    /// Judges, with fresh probes and a fresh full read, the ports whose bind-deciding sockets
    /// changed since they were last judged: every port on the first poll and after a change
    /// of the kernel settings; and on every full read where the kernel cannot list bound-only
    /// sockets, which the table would then miss. The ports judged take the sockets of that
    /// read.
    fn judge_changed(
        &mut self,
        listed: &mut HashMap<Target, Vec<Socket>>,
        settings_changed: bool,
        full_read: bool,
        warnings: &mut Vec<String>,
    ) -> anyhow::Result<HashMap<Target, PortStatus>> {
        let changed: Vec<Target> = self
            .targets
            .iter()
            .copied()
            .filter(|target| {
                let now = BindFacts::of(
                    listed.get(target).map_or(&[], Vec::as_slice),
                    &self.full.get(target).cloned().unwrap_or_default().occupied,
                );
                settings_changed
                    || (full_read && !self.bound_sockets_listed)
                    || self.judged.get(target) != Some(&now)
            })
            .collect();
        let mut statuses = HashMap::new();
        if changed.is_empty() {
            return Ok(statuses);
        }
        let probed = snapshot::take(&self.request(&changed, Probing::Deciding))?;
        warnings.extend(probed.warnings.iter().cloned());
        self.settings = Some(probed.settings.clone());
        for &target in &changed {
            let sockets = probed.sockets_on(target);
            let facts = probed.facts(target, None, &sockets);
            statuses.insert(target, verdict::judge(&facts).status);
            self.judged.insert(target, BindFacts::from_table(&sockets));
            self.full.insert(target, FullRead::of(&sockets));
            listed.insert(target, followed(&sockets));
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

/// The followed sockets among a port's sockets.
fn followed(sockets: &[&Socket]) -> Vec<Socket> {
    sockets
        .iter()
        .filter(|socket| is_followed(socket))
        .map(|socket| (*socket).clone())
        .collect()
}

/// Where TIME_WAIT sockets and connections occupy the port (a handshake in SYN_RECV does
/// not: it is a request of its listener).
fn occupied(sockets: &[&Socket]) -> Occupied {
    sockets
        .iter()
        .filter(|socket| !is_followed(socket) && socket.state != SocketState::SynRecv)
        .map(|socket| {
            (
                socket.state == SocketState::TimeWait,
                socket.local_address,
                socket.v6only,
            )
        })
        .collect()
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
    occupied: Occupied,
}

impl BindFacts {
    /// From the followed sockets and where the rest occupy the port.
    fn of(followed: &[Socket], occupied: &Occupied) -> BindFacts {
        BindFacts {
            owners: followed
                .iter()
                .map(|socket| {
                    (
                        socket.state,
                        socket.local_address,
                        socket.v6only,
                        socket.inode,
                    )
                })
                .collect(),
            occupied: occupied.clone(),
        }
    }

    /// From every socket on the port.
    pub fn from_table(sockets: &[&Socket]) -> BindFacts {
        BindFacts::of(&followed(sockets), &occupied(sockets))
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
            BindFacts::from_table(&[&listener, &one]),
            BindFacts::from_table(&[&busy, &one, &two])
        );
    }

    #[test]
    fn a_new_listener_or_the_first_time_wait_changes_what_decides_a_bind() {
        let listener = socket(SocketState::Listen, 7, None);
        let replaced = socket(SocketState::Listen, 11, None);
        let time_wait = socket(SocketState::TimeWait, 0, Some(50000));
        assert_ne!(
            BindFacts::from_table(&[&listener]),
            BindFacts::from_table(&[&replaced])
        );
        assert_ne!(
            BindFacts::from_table(&[]),
            BindFacts::from_table(&[&time_wait])
        );
        let bound = socket(SocketState::Bound, 7, None);
        assert_ne!(
            BindFacts::from_table(&[&bound]),
            BindFacts::from_table(&[&listener])
        );
    }

    #[test]
    fn the_full_table_is_read_every_five_seconds_in_whole_intervals() {
        let every = |milliseconds| {
            Poller::new(
                Vec::new(),
                Backend::Auto,
                String::new(),
                Duration::from_millis(milliseconds),
            )
            .full_read_every()
        };
        assert_eq!(every(200), 25);
        assert_eq!(every(3000), 2);
        assert_eq!(every(10_000), 1);
    }
}
