//! What to ask the socket source for (protocols, port ranges, states) and what it answers,
//! the same for every platform.

use std::collections::HashMap;

use crate::model::{MatchedBy, Protocol, Socket, SocketState};

/// Ports to match, as inclusive ranges; an empty list means every port.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortSet {
    ranges: Vec<(u16, u16)>,
}

impl PortSet {
    pub fn any() -> PortSet {
        PortSet::default()
    }

    /// Builds a set from ranges, merging overlapping and adjacent ones so that the kernel
    /// filter stays short (`check 1-65535` becomes a single range).
    pub fn from_ranges(ranges: impl IntoIterator<Item = (u16, u16)>) -> PortSet {
        let mut sorted: Vec<(u16, u16)> = ranges.into_iter().collect();
        sorted.sort_unstable();
        let mut merged: Vec<(u16, u16)> = Vec::with_capacity(sorted.len());
        for (first, last) in sorted {
            match merged.last_mut() {
                Some(previous) if u32::from(first) <= u32::from(previous.1) + 1 => {
                    previous.1 = previous.1.max(last);
                }
                _ => merged.push((first, last)),
            }
        }
        PortSet { ranges: merged }
    }

    pub fn is_any(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn ranges(&self) -> &[(u16, u16)] {
        &self.ranges
    }

    pub fn contains(&self, port: u16) -> bool {
        self.is_any()
            || self
                .ranges
                .iter()
                .any(|&(first, last)| (first..=last).contains(&port))
    }
}

/// Which socket states to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    /// Every state, TIME_WAIT and bound-only sockets included.
    All,
    /// TCP LISTEN and BOUND, and every UDP socket that is not connected.
    ListeningOrBound,
}

/// How sockets are read. `Auto` uses sock_diag and falls back to `/proc/net`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    #[default]
    Auto,
    Netlink,
    Procfs,
    /// netstat2 + sysinfo, the macOS/Windows backend (on Linux with the `portable` feature).
    Portable,
}

/// A request for sockets, per protocol.
#[derive(Debug, Clone)]
pub struct SocketQuery {
    /// Ports to match for each protocol; a protocol absent here is not queried.
    pub ports: Vec<(Protocol, PortSet)>,
    pub states: StateFilter,
    /// Also return sockets whose remote port matches (outgoing connections to the port).
    pub include_remote: bool,
    /// Return TCP sockets that are bound but neither listening nor connected (Linux >= 6.5).
    /// They cost the kernel a walk of its bind table.
    pub include_bound: bool,
    pub backend: Backend,
}

impl SocketQuery {
    pub fn ports_for(&self, protocol: Protocol) -> Option<&PortSet> {
        self.ports
            .iter()
            .find(|(candidate, _)| *candidate == protocol)
            .map(|(_, ports)| ports)
    }

    /// Whether the socket answers this query, and by which end. Sources apply the same
    /// filter in the kernel where they can; this is the reference every source ends with.
    pub fn match_socket(&self, socket: &Socket) -> Option<MatchedBy> {
        let ports = self.ports_for(socket.protocol)?;
        let state_ok = match self.states {
            StateFilter::All => true,
            StateFilter::ListeningOrBound => socket.state.is_listening_or_bound(),
        };
        if !state_ok {
            return None;
        }
        if ports.contains(socket.local_port) {
            return Some(MatchedBy::LocalPort);
        }
        match socket.remote_port {
            Some(remote) if self.include_remote && !ports.is_any() && ports.contains(remote) => {
                Some(MatchedBy::RemotePort)
            }
            _ => None,
        }
    }

    /// Whether a state is wanted, for sources that filter by state before building sockets.
    pub fn wants_state(&self, state: SocketState) -> bool {
        self.states == StateFilter::All || state.is_listening_or_bound()
    }
}

/// Sockets matching a query, plus what the source could not show.
#[derive(Debug, Default)]
pub struct SocketList {
    pub sockets: Vec<Socket>,
    pub warnings: Vec<String>,
    /// Set when some namespace could not be read, so sockets may be missing.
    pub incomplete: bool,
    /// Processes whose network namespace could not be identified (another user's, without
    /// root): sockets only they hold are missing.
    pub unidentified_namespaces: Vec<u32>,
    /// The source already attached each socket's processes (the portable backend): no
    /// `/proc` scan is needed for them.
    pub owners_resolved: bool,
    /// Bound-only TCP sockets were asked for and the source can list them (sock_diag on
    /// Linux >= 6.5): when none is listed, none exists.
    pub bound_sockets_listed: bool,
}

/// What the owner lookup found.
#[derive(Debug, Default)]
pub struct OwnerScan {
    /// Socket inode → pids with a descriptor on it, ascending.
    pub holders: HashMap<u64, Vec<u32>>,
    /// Pids whose descriptors could not be read (permission denied).
    pub denied: Vec<u32>,
    /// Number of processes whose descriptors were read.
    pub inspected: usize,
    /// Why some processes are missing from `/proc` altogether (hidepid, a PID namespace), as
    /// a sentence; `RERUN` stands for the command line to repeat with sudo.
    pub hidden_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_sets_merge_overlapping_and_adjacent_ranges() {
        let set = PortSet::from_ranges([(10, 20), (21, 30), (5, 12), (40, 40), (1, 2)]);
        assert_eq!(set.ranges(), &[(1, 2), (5, 30), (40, 40)]);
        assert!(set.contains(25) && set.contains(40) && !set.contains(35) && !set.contains(3));
        let full = PortSet::from_ranges([(1, 65535), (65535, 65535)]);
        assert_eq!(full.ranges(), &[(1, 65535)]);
    }

    #[test]
    fn an_empty_port_set_matches_every_port() {
        assert!(PortSet::any().contains(1) && PortSet::any().contains(65535));
    }
}

/// What opening a handle on a scanned process found.
#[derive(Debug)]
pub enum Opened<Handle> {
    /// The process seen in the scan, held.
    Handle(Handle),
    /// The pid no longer exists.
    Gone,
    /// The pid exists but names another process (its start time differs): it was reused.
    Replaced,
}

/// What sending a signal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// The process had exited (its pid may already name another process, which was spared).
    Gone,
    /// EPERM: another user's process.
    NotPermitted,
    /// Any other errno, by name.
    Failed(String),
}
