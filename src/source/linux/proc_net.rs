//! Fallback socket source: `/proc/net/{tcp,tcp6,udp,udp6}` read through `procfs`.
//!
//! Used when sock_diag is unavailable (seccomp, gVisor, a kernel without `inet_diag`) and to
//! read another network namespace through one of its member processes
//! (`/proc/PID/net/tcp`). These files show neither bound-only TCP sockets nor IPV6_V6ONLY,
//! and `procfs` does not expose the TIME_WAIT timer, so those fields are left empty.

use std::net::SocketAddr;

use procfs::ProcResult;
use procfs::net::{TcpNetEntry, UdpNetEntry};

use crate::model::{Family, MatchedBy, Protocol, Socket, SocketState};

/// Reads one table (protocol × family) in full.
/// `process` selects another network namespace through one of its members.
pub fn read_table(
    protocol: Protocol,
    family: Family,
    process: Option<&procfs::process::Process>,
) -> ProcResult<Vec<Socket>> {
    let sockets = match (protocol, family, process) {
        (Protocol::Tcp, Family::Ipv4, None) => tcp_sockets(procfs::net::tcp()?),
        (Protocol::Tcp, Family::Ipv6, None) => tcp_sockets(procfs::net::tcp6()?),
        (Protocol::Udp, Family::Ipv4, None) => udp_sockets(procfs::net::udp()?),
        (Protocol::Udp, Family::Ipv6, None) => udp_sockets(procfs::net::udp6()?),
        (Protocol::Tcp, Family::Ipv4, Some(process)) => tcp_sockets(process.tcp()?),
        (Protocol::Tcp, Family::Ipv6, Some(process)) => tcp_sockets(process.tcp6()?),
        (Protocol::Udp, Family::Ipv4, Some(process)) => udp_sockets(process.udp()?),
        (Protocol::Udp, Family::Ipv6, Some(process)) => udp_sockets(process.udp6()?),
    };
    Ok(sockets)
}

fn tcp_sockets(entries: Vec<TcpNetEntry>) -> Vec<Socket> {
    entries
        .into_iter()
        .filter_map(|entry| {
            let state = SocketState::from_kernel(Protocol::Tcp, entry.state as u8)?;
            Some(socket(
                Protocol::Tcp,
                state,
                entry.local_address,
                entry.remote_address,
                (entry.rx_queue, entry.tx_queue),
                entry.uid,
                entry.inode,
            ))
        })
        .collect()
}

fn udp_sockets(entries: Vec<UdpNetEntry>) -> Vec<Socket> {
    entries
        .into_iter()
        .filter_map(|entry| {
            let state = SocketState::from_kernel(Protocol::Udp, entry.state as u8)?;
            Some(socket(
                Protocol::Udp,
                state,
                entry.local_address,
                entry.remote_address,
                (entry.rx_queue, entry.tx_queue),
                entry.uid,
                entry.inode,
            ))
        })
        .collect()
}

fn socket(
    protocol: Protocol,
    state: SocketState,
    local: SocketAddr,
    remote: SocketAddr,
    (recv_queue, send_queue): (u32, u32),
    uid: u32,
    inode: u64,
) -> Socket {
    let connected = remote.port() != 0 || !remote.ip().is_unspecified();
    Socket {
        protocol,
        family: Family::of(&local.ip()),
        local_address: local.ip(),
        local_port: local.port(),
        remote_address: connected.then_some(remote.ip()),
        remote_port: connected.then_some(remote.port()),
        state,
        inode,
        uid,
        user: None,
        expires_in_ms: None,
        recv_queue,
        send_queue,
        v6only: None,
        matched_by: MatchedBy::LocalPort,
        processes: Vec::new(),
        owner_visible: true,
    }
}
