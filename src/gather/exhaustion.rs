//! What ran out, measured: the descriptors of the processes a failure points at against
//! their `RLIMIT_NOFILE`, the system's file table, the local ports of outgoing connections
//! (per destination, TIME_WAIT counted), the connection tracking table, and which side
//! left the TIME_WAIT sockets of a port.

use std::net::IpAddr;
use std::sync::Arc;

use serde::Serialize;

use crate::model::{MatchedBy, Process, Protocol, SocketState};
use crate::source::query::{Backend, PortSet, SocketQuery, StateFilter};
use crate::source::{self, UserNames};

/// The most processes shown for a descriptor shortage.
const CANDIDATE_LIMIT: usize = 5;

/// Every exhaustion fact gathered for a subject; empty parts were not asked or not readable.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExhaustionFacts {
    /// Processes the failure points at, the fullest (open/limit) first, with `open_fds` and
    /// `fd_limit`.
    pub descriptors: Vec<Arc<Process>>,
    /// `fs.file-nr`: allocated handles and the maximum.
    pub file_table: Option<(u64, u64)>,
    /// The local ports of outgoing TCP connections.
    pub ephemeral: Option<EphemeralUse>,
    /// `nf_conntrack_count` and `nf_conntrack_max`; `null` where conntrack is not loaded.
    pub conntrack: Option<(u64, u64)>,
    /// `net.ipv4.tcp_tw_reuse`.
    pub tcp_tw_reuse: Option<u8>,
    /// TIME_WAIT sockets of the port: left by connections to it (server side) and by
    /// connections this host made to it (client side).
    pub time_wait_sides: Option<TimeWaitSides>,
}

/// How the ephemeral range is used.
#[derive(Debug, Clone, Serialize)]
pub struct EphemeralUse {
    pub first: u16,
    pub last: u16,
    /// Ports in the range, reserved ones excluded.
    pub size: u32,
    /// Connections whose local port lies in the range (any state).
    pub in_use: u32,
    /// Of those, in TIME_WAIT.
    pub time_wait: u32,
    /// The destination the failed connect() named, as `address:port`.
    pub destination: Option<String>,
    /// Connections to that destination, and of those in TIME_WAIT.
    pub to_destination: u32,
    pub time_wait_to_destination: u32,
}

impl EphemeralUse {
    /// At least 90% of the range is taken, overall or towards the destination (each
    /// destination address and port has the whole range to itself).
    pub fn exhausted(&self) -> bool {
        let nearly = |count: u32| u64::from(count) * 10 >= u64::from(self.size) * 9;
        self.size > 0 && (nearly(self.in_use) || nearly(self.to_destination))
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct TimeWaitSides {
    pub server_side: usize,
    pub client_side: usize,
}

/// The processes a descriptor shortage points at: the pid the line names, the holders of
/// the endpoint it names, the processes of the program that printed it.
pub fn descriptor_candidates(
    pids: &[u32],
    program: Option<&str>,
    holders: &[Arc<Process>],
) -> Vec<Arc<Process>> {
    let mut users = UserNames::default();
    let mut found: Vec<Arc<Process>> = holders.to_vec();
    let mut add = |pid: u32, found: &mut Vec<Arc<Process>>| {
        if !found.iter().any(|known| known.pid == pid)
            && let Some(process) = source::describe_process(pid, &mut users)
        {
            found.push(Arc::new(process));
        }
    };
    for &pid in pids {
        add(pid, &mut found);
    }
    if found.is_empty()
        && let Some(program) = program
    {
        for pid in source::pids_named(program) {
            add(pid, &mut found);
        }
    }
    let fullness = |process: &Arc<Process>| match (process.open_fds, process.fd_limit) {
        (Some(open), Some(limit)) if limit > 0 => u64::from(open) * 1000 / limit,
        _ => 0,
    };
    found.sort_by_key(|process| std::cmp::Reverse(fullness(process)));
    found.truncate(CANDIDATE_LIMIT);
    found
}

/// How the ephemeral range is used, towards `destination` when given.
pub fn ephemeral_use(
    range: (u16, u16),
    reserved: impl Fn(u16) -> bool,
    destination: Option<(IpAddr, u16)>,
    backend: Backend,
) -> anyhow::Result<EphemeralUse> {
    let list = source::list_sockets(&SocketQuery {
        ports: vec![(Protocol::Tcp, PortSet::any())],
        states: StateFilter::All,
        include_remote: false,
        include_bound: false,
        backend,
    })?;
    let (first, last) = range;
    let mut usage = EphemeralUse {
        first,
        last,
        size: (first..=last).filter(|&port| !reserved(port)).count() as u32,
        in_use: 0,
        time_wait: 0,
        destination: destination.map(|(address, port)| crate::model::endpoint(&address, port)),
        to_destination: 0,
        time_wait_to_destination: 0,
    };
    for socket in &list.sockets {
        let outgoing = (first..=last).contains(&socket.local_port) && socket.remote_port.is_some();
        if !outgoing {
            continue;
        }
        let time_wait = socket.state == SocketState::TimeWait;
        usage.in_use += 1;
        usage.time_wait += u32::from(time_wait);
        let to_destination = destination.is_some_and(|(address, port)| {
            socket.remote_port == Some(port)
                && socket.remote_address.is_some_and(|remote| {
                    crate::kernel::normalized(remote) == crate::kernel::normalized(address)
                })
        });
        if to_destination {
            usage.to_destination += 1;
            usage.time_wait_to_destination += u32::from(time_wait);
        }
    }
    Ok(usage)
}

/// Which side left the TIME_WAIT sockets of a TCP port.
pub fn time_wait_sides(port: u16, backend: Backend) -> anyhow::Result<TimeWaitSides> {
    let list = source::list_sockets(&SocketQuery {
        ports: vec![(Protocol::Tcp, PortSet::from_ranges([(port, port)]))],
        states: StateFilter::All,
        include_remote: true,
        include_bound: false,
        backend,
    })?;
    let mut sides = TimeWaitSides {
        server_side: 0,
        client_side: 0,
    };
    for socket in list
        .sockets
        .iter()
        .filter(|socket| socket.state == SocketState::TimeWait)
    {
        match socket.matched_by {
            MatchedBy::LocalPort => sides.server_side += 1,
            MatchedBy::RemotePort => sides.client_side += 1,
        }
    }
    Ok(sides)
}
