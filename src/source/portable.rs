//! The portable source for macOS and Windows: sockets and their pids from `netstat2`
//! (macOS: proc_pidfdinfo; Windows: GetExtendedTcpTable/UdpTable), process details from
//! `sysinfo`, refreshed only for the owner pids.
//!
//! It exposes the same functions as the Linux source. What these platforms cannot tell
//! (socket uid and queues, TIME_WAIT timers, bound-only sockets, namespaces, cgroups) stays
//! `null` and is said once in the warnings. On Linux it is built only with the `portable`
//! feature, to prove it against the Linux source on the same sockets; there only its socket
//! listing is used.
#![cfg_attr(target_os = "linux", allow(dead_code))]

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use netstat2::{
    AddressFamilyFlags, ProtocolFlags, ProtocolSocketInfo, SocketInfo, TcpState as NetstatState,
};
use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind, Users};

use crate::model::{Family, MatchedBy, NetSettings, Process, Protocol, Socket, SocketState};
use crate::source::query::{OwnerScan, SocketList, SocketQuery};

/// Sysctls, cgroups and namespaces are Linux's: rules that need them are skipped.
pub const PROVIDES_LINUX_FACTS: bool = false;

/// On Unix servers set SO_REUSEADDR before bind(); on Windows SO_REUSEADDR would let the
/// probe share a port that is in use, so it is left off there.
pub const SERVERS_SET_REUSEADDR: bool = cfg!(not(windows));

/// What this backend cannot report, said once per report.
const UNAVAILABLE: &str = "this platform's socket tables give no TIME_WAIT timers, socket queues, socket uids or bound-only sockets: those fields are null";

/// Lists the sockets that match the query, with their owners.
pub fn list_sockets(query: &SocketQuery) -> anyhow::Result<SocketList> {
    let protocols = query
        .ports
        .iter()
        .fold(ProtocolFlags::empty(), |flags, (protocol, _)| {
            flags
                | match protocol {
                    Protocol::Tcp => ProtocolFlags::TCP,
                    Protocol::Udp => ProtocolFlags::UDP,
                }
        });
    let entries = netstat2::get_sockets_info(
        AddressFamilyFlags::IPV4 | AddressFamilyFlags::IPV6,
        protocols,
    )
    .map_err(|error| anyhow::anyhow!("cannot read the socket tables: {error}"))?;
    let mut sockets: Vec<Socket> = entries
        .iter()
        .filter_map(socket_of)
        .filter_map(|(mut socket, _)| {
            socket.matched_by = query.match_socket(&socket)?;
            Some(socket)
        })
        .collect();
    let pids_by_socket: Vec<Vec<u32>> = entries
        .iter()
        .filter_map(socket_of)
        .filter(|(socket, _)| query.match_socket(socket).is_some())
        .map(|(_, pids)| pids)
        .collect();
    let mut all_pids: Vec<u32> = pids_by_socket.iter().flatten().copied().collect();
    all_pids.sort_unstable();
    all_pids.dedup();
    let details = describe_all(&all_pids);
    for (socket, pids) in sockets.iter_mut().zip(pids_by_socket) {
        socket.processes = pids
            .iter()
            .filter_map(|pid| details.get(pid).cloned())
            .collect();
        // The tables list only the pids this user may inspect: a socket without one is
        // hidden, unless no process can hold it (TIME_WAIT).
        socket.owner_visible =
            !socket.processes.is_empty() || socket.state == SocketState::TimeWait;
    }
    Ok(SocketList {
        sockets,
        warnings: vec![UNAVAILABLE.to_string()],
        incomplete: false,
        unidentified_namespaces: Vec::new(),
        owners_resolved: true,
        bound_sockets_listed: false,
    })
}

/// One netstat2 entry as a socket (owners not yet attached) and its pids.
fn socket_of(entry: &SocketInfo) -> Option<(Socket, Vec<u32>)> {
    let (protocol, local, port, remote, state) = match &entry.protocol_socket_info {
        ProtocolSocketInfo::Tcp(tcp) => (
            Protocol::Tcp,
            tcp.local_addr,
            tcp.local_port,
            Some((tcp.remote_addr, tcp.remote_port)),
            tcp_state(&tcp.state)?,
        ),
        ProtocolSocketInfo::Udp(udp) => (
            Protocol::Udp,
            udp.local_addr,
            udp.local_port,
            None,
            SocketState::Unconn,
        ),
    };
    let connected = remote.filter(|(address, port)| *port != 0 || !address.is_unspecified());
    let socket = Socket {
        protocol,
        family: Family::of(&local),
        local_address: local,
        local_port: port,
        remote_address: connected.map(|(address, _)| address),
        remote_port: connected.map(|(_, port)| port),
        state,
        inode: inode_of(entry),
        uid: uid_of(entry),
        user: None,
        expires_in_ms: None,
        recv_queue: None,
        send_queue: None,
        v6only: None,
        matched_by: MatchedBy::LocalPort,
        processes: Vec::new(),
        owner_visible: true,
        netns: None,
    };
    Some((socket, owner_pids(&entry.associated_pids)))
}

/// The pids a table names, without pid 0: no process holds a socket as pid 0. Windows names
/// pid 0 (the System Idle Process) for TIME_WAIT sockets, and Wine for sockets whose process
/// it cannot name.
fn owner_pids(pids: &[u32]) -> Vec<u32> {
    pids.iter().copied().filter(|&pid| pid != 0).collect()
}

#[cfg(target_os = "linux")]
fn inode_of(entry: &SocketInfo) -> u64 {
    u64::from(entry.inode)
}

#[cfg(not(target_os = "linux"))]
fn inode_of(_: &SocketInfo) -> u64 {
    0
}

#[cfg(target_os = "linux")]
fn uid_of(entry: &SocketInfo) -> Option<u32> {
    Some(entry.uid)
}

#[cfg(not(target_os = "linux"))]
fn uid_of(_: &SocketInfo) -> Option<u32> {
    None
}

fn tcp_state(state: &NetstatState) -> Option<SocketState> {
    Some(match state {
        NetstatState::Listen => SocketState::Listen,
        NetstatState::SynSent => SocketState::SynSent,
        NetstatState::SynReceived => SocketState::SynRecv,
        NetstatState::Established => SocketState::Established,
        NetstatState::FinWait1 => SocketState::FinWait1,
        NetstatState::FinWait2 => SocketState::FinWait2,
        NetstatState::CloseWait => SocketState::CloseWait,
        NetstatState::Closing => SocketState::Closing,
        NetstatState::LastAck => SocketState::LastAck,
        NetstatState::TimeWait => SocketState::TimeWait,
        NetstatState::Closed | NetstatState::DeleteTcb | NetstatState::Unknown => return None,
    })
}

/// Process details for the owner pids only (sysinfo refreshes just those).
fn describe_all(pids: &[u32]) -> HashMap<u32, Arc<Process>> {
    if pids.is_empty() {
        return HashMap::new();
    }
    let wanted: Vec<Pid> = pids.iter().map(|pid| Pid::from_u32(*pid)).collect();
    let Ok(mut system) = System::new() else {
        return HashMap::new();
    };
    system.refresh_processes_specifics(
        ProcessesToUpdate::Some(&wanted),
        true,
        ProcessRefreshKind::nothing()
            .with_cmd(UpdateKind::Always)
            .with_exe(UpdateKind::Always)
            .with_user(UpdateKind::Always),
    );
    let users = Users::new_with_refreshed_list().ok();
    wanted
        .iter()
        .filter_map(|pid| {
            let process = system.process(*pid)?;
            let uid = process.user_id();
            let name = process.name().to_string_lossy().into_owned();
            let cmdline = process
                .cmd()
                .iter()
                .map(|argument| argument.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ");
            let started_at =
                chrono::DateTime::from_timestamp(process.start_time() as i64, 0).map(|time| {
                    time.with_timezone(&chrono::Local)
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                });
            let details = Process {
                pid: pid.as_u32(),
                ppid: process.parent().map_or(0, |parent| parent.as_u32()),
                cmdline: if cmdline.is_empty() {
                    format!("[{name}]")
                } else {
                    cmdline
                },
                name,
                user: uid
                    .and_then(|uid| users.as_ref()?.get_user_by_id(uid))
                    .map(|user| Arc::from(user.name())),
                uid: uid.and_then(|uid| uid.to_string().parse().ok()),
                exe: process
                    .exe()
                    .map(|path| path.to_string_lossy().into_owned()),
                started_at,
                start_ticks: Some(process.start_time()),
                systemd_unit: None,
                systemd_user_unit: false,
                container: None,
                forwarder: None,
                open_fds: None,
                fd_limit: None,
                fd_limit_hard: None,
            };
            Some((pid.as_u32(), Arc::new(details)))
        })
        .collect()
}

/// Other network namespaces do not exist here.
pub fn list_sockets_in_other_namespaces(_: &SocketQuery) -> anyhow::Result<SocketList> {
    Ok(SocketList::default())
}

/// No network namespaces here.
pub fn named_namespaces_exist() -> bool {
    false
}

/// Owners come with the sockets on this platform: nothing to scan.
pub fn find_owners(_: &[u64]) -> anyhow::Result<OwnerScan> {
    Ok(OwnerScan::default())
}

/// Details of one process; `None` if it exited.
pub fn describe_process(pid: u32, _: &mut UserNames) -> Option<Process> {
    describe_all(&[pid])
        .remove(&pid)
        .map(|process| (*process).clone())
}

/// Whether a process still runs.
pub fn process_exists(pid: u32) -> bool {
    !describe_all(&[pid]).is_empty()
}

/// A closed output is noticed at the next write on these platforms.
pub fn output_closed() -> bool {
    false
}

/// User names by uid (socket records carry none on this platform). Built with `default()`,
/// like the Linux one, which caches names.
#[derive(Debug, Default)]
pub struct UserNames {}

impl UserNames {
    pub fn name(&mut self, _: u32) -> Option<Arc<str>> {
        None
    }
}

/// Kernel defaults of the platform: the IANA ephemeral range; privileged ports on Unix.
pub fn net_settings() -> NetSettings {
    NetSettings {
        ephemeral_ports: (49152, 65535),
        unprivileged_port_start: if cfg!(any(target_os = "macos", windows)) {
            0
        } else {
            1024
        },
        can_bind_privileged_ports: true,
        ..NetSettings::default()
    }
}

pub fn host_addresses() -> Vec<IpAddr> {
    Vec::new()
}

pub fn listen_overflows() -> Option<(u64, u64)> {
    None
}

/// The kernel counters of exhaustion are Linux's.
pub fn file_table() -> Option<(u64, u64)> {
    None
}

pub fn conntrack() -> Option<(u64, u64)> {
    None
}

pub fn tcp_tw_reuse() -> Option<u8> {
    None
}

/// The pids whose process name is `name`.
pub fn pids_named(name: &str) -> Vec<u32> {
    let Ok(mut system) = System::new() else {
        return Vec::new();
    };
    system.refresh_processes_specifics(ProcessesToUpdate::All, true, ProcessRefreshKind::nothing());
    let mut pids: Vec<u32> = system
        .processes()
        .iter()
        .filter(|(_, process)| process.name().to_string_lossy() == name)
        .map(|(pid, _)| pid.as_u32())
        .collect();
    pids.sort_unstable();
    pids
}

pub fn hostname() -> String {
    System::host_name().unwrap_or_default()
}

pub fn is_family_unsupported(error: &std::io::Error) -> bool {
    // EAFNOSUPPORT on macOS (47) and WSAEAFNOSUPPORT on Windows (10047).
    matches!(error.raw_os_error(), Some(47 | 10047))
}

/// Interfaces by name are not resolved here: give the scope as a number (`fe80::1%4`).
pub fn interface_index(_: &str) -> Option<u32> {
    None
}

pub fn is_privileged() -> bool {
    current_uid() == Some(0)
}

pub fn current_uid() -> Option<u32> {
    let pid = sysinfo::get_current_pid().ok()?;
    let mut system = System::new().ok()?;
    system.refresh_processes_specifics(
        ProcessesToUpdate::Some(&[pid]),
        true,
        ProcessRefreshKind::nothing().with_user(UpdateKind::Always),
    );
    system.process(pid)?.user_id()?.to_string().parse().ok()
}

/// SO_REUSEPORT sharing is not probed on these platforms.
pub fn bind_with_reuse_port(
    _: crate::model::Protocol,
    _: std::net::SocketAddr,
    _: Option<u32>,
) -> Option<std::io::Result<()>> {
    None
}

/// Error numbers are shown by number on these platforms.
pub fn errno_name(_: i32) -> Option<&'static str> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pid_zero_is_no_owner() {
        assert_eq!(owner_pids(&[0]), Vec::<u32>::new());
        assert_eq!(owner_pids(&[0, 4, 812]), vec![4, 812]);
    }
}
