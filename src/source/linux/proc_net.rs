//! Fallback socket source: `/proc/net/{tcp,tcp6,udp,udp6}` read through `procfs`.
//!
//! Used when sock_diag is unavailable (seccomp, gVisor, a kernel without `inet_diag`) and to
//! read another network namespace through one of its member processes
//! (`/proc/PID/net/tcp`). These files show neither bound-only TCP sockets nor IPV6_V6ONLY,
//! and `procfs` does not expose the TIME_WAIT timer, so those fields are left empty.

use std::net::SocketAddr;

use procfs::ProcResult;
use procfs::net::{TcpNetEntry, UdpNetEntry};

use std::sync::Arc;

use crate::model::{Family, MatchedBy, Netns, Protocol, Socket, SocketState};

/// Reads one table (protocol × family) in full.
/// `process` selects another network namespace through one of its members.
pub fn read_table(
    protocol: Protocol,
    family: Family,
    process: Option<&procfs::process::Process>,
    netns: &Arc<Netns>,
) -> ProcResult<Vec<Socket>> {
    let sockets = match (protocol, family, process) {
        (Protocol::Tcp, Family::Ipv4, None) => tcp_sockets(procfs::net::tcp()?, netns),
        (Protocol::Tcp, Family::Ipv6, None) => tcp_sockets(procfs::net::tcp6()?, netns),
        (Protocol::Udp, Family::Ipv4, None) => udp_sockets(procfs::net::udp()?, netns),
        (Protocol::Udp, Family::Ipv6, None) => udp_sockets(procfs::net::udp6()?, netns),
        (Protocol::Tcp, Family::Ipv4, Some(process)) => tcp_sockets(process.tcp()?, netns),
        (Protocol::Tcp, Family::Ipv6, Some(process)) => tcp_sockets(process.tcp6()?, netns),
        (Protocol::Udp, Family::Ipv4, Some(process)) => udp_sockets(process.udp()?, netns),
        (Protocol::Udp, Family::Ipv6, Some(process)) => udp_sockets(process.udp6()?, netns),
    };
    Ok(sockets)
}

/// The columns of a `/proc/net/{tcp,udp}*` line that portdoc uses.
struct Row {
    state: u8,
    local: SocketAddr,
    remote: SocketAddr,
    queues: (u32, u32),
    uid: u32,
    inode: u64,
}

fn tcp_sockets(entries: Vec<TcpNetEntry>, netns: &Arc<Netns>) -> Vec<Socket> {
    sockets(Protocol::Tcp, entries, netns, |entry| Row {
        state: entry.state as u8,
        local: entry.local_address,
        remote: entry.remote_address,
        queues: (entry.rx_queue, entry.tx_queue),
        uid: entry.uid,
        inode: entry.inode,
    })
}

fn udp_sockets(entries: Vec<UdpNetEntry>, netns: &Arc<Netns>) -> Vec<Socket> {
    sockets(Protocol::Udp, entries, netns, |entry| Row {
        state: entry.state as u8,
        local: entry.local_address,
        remote: entry.remote_address,
        queues: (entry.rx_queue, entry.tx_queue),
        uid: entry.uid,
        inode: entry.inode,
    })
}

fn sockets<Entry>(
    protocol: Protocol,
    entries: Vec<Entry>,
    netns: &Arc<Netns>,
    row: impl Fn(Entry) -> Row,
) -> Vec<Socket> {
    entries
        .into_iter()
        .filter_map(|entry| socket(protocol, row(entry), netns))
        .collect()
}

fn socket(protocol: Protocol, row: Row, netns: &Arc<Netns>) -> Option<Socket> {
    let state = SocketState::from_kernel(protocol, row.state)?;
    let (local, remote) = (row.local, row.remote);
    let connected = remote.port() != 0 || !remote.ip().is_unspecified();
    Some(Socket {
        protocol,
        family: Family::of(&local.ip()),
        local_address: local.ip(),
        local_port: local.port(),
        remote_address: connected.then_some(remote.ip()),
        remote_port: connected.then_some(remote.port()),
        state,
        inode: row.inode,
        // The kernel tracks no owner for TIME_WAIT sockets and handshake requests.
        uid: (!matches!(state, SocketState::TimeWait | SocketState::SynRecv)).then_some(row.uid),
        user: None,
        expires_in_ms: None,
        recv_queue: Some(row.queues.0),
        send_queue: Some(row.queues.1),
        v6only: None,
        matched_by: MatchedBy::LocalPort,
        processes: Vec::new(),
        owner_visible: true,
        netns: Some(Arc::clone(netns)),
    })
}
