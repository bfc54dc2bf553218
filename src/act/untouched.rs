//! What `free` leaves alone on a port, counted by kind: client connections from the port
//! (a client is never signalled), TIME_WAIT (nothing to kill; the time left is told), and
//! connections no process holds.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::act::plan::is_server_socket;
use crate::kernel::Profile;
use crate::model::{Socket, SocketState};
use crate::verdict::PortVerdict;

/// What is on the port that nobody can or should stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UntouchedKind {
    /// A connection whose local port is the port: a client, never a server. Not touched.
    ClientConnection,
    /// TIME_WAIT: the kernel drops it when its timer expires.
    TimeWait,
    /// A connection no process holds (closing, or waiting to be accepted).
    Closing,
}

/// Sockets left alone, counted by kind.
#[derive(Debug, Clone, Serialize)]
pub struct Untouched {
    pub kind: UntouchedKind,
    pub count: usize,
    /// Whether these sockets stop a typical server (with SO_REUSEADDR) from binding.
    pub blocking: bool,
    /// The processes holding them (client connections).
    pub pids: Vec<u32>,
    /// When the last of them expires (TIME_WAIT).
    pub expires_in_ms: Option<u64>,
}

/// Counts the sockets nobody stops: client connections, TIME_WAIT, closing connections.
pub fn untouched(verdict: &PortVerdict, blocking: &dyn Fn(&[Profile]) -> bool) -> Vec<Untouched> {
    let mut found: Vec<Untouched> = Vec::new();
    let server_pids: BTreeSet<u32> = verdict
        .holders
        .iter()
        .filter(|holder| is_server_socket(&holder.socket))
        .flat_map(|holder| holder.socket.processes.iter().map(|process| process.pid))
        .collect();
    let mut add = |kind: UntouchedKind, socket: &Socket, blocks: bool| {
        let index = match found.iter().position(|entry| entry.kind == kind) {
            Some(index) => index,
            None => {
                found.push(Untouched {
                    kind,
                    count: 0,
                    blocking: false,
                    pids: Vec::new(),
                    expires_in_ms: None,
                });
                found.len() - 1
            }
        };
        let entry = &mut found[index];
        entry.count += 1;
        entry.blocking |= blocks;
        for process in &socket.processes {
            if !entry.pids.contains(&process.pid) {
                entry.pids.push(process.pid);
            }
        }
        if let Some(expires) = socket.expires_in_ms {
            entry.expires_in_ms = Some(entry.expires_in_ms.unwrap_or(0).max(expires));
        }
    };
    for holder in &verdict.holders {
        let socket = &holder.socket;
        if is_server_socket(socket) {
            continue;
        }
        let blocks = blocking(&holder.blocks);
        if socket.state == SocketState::TimeWait {
            add(UntouchedKind::TimeWait, socket, blocks);
        } else if socket.processes.is_empty() {
            add(UntouchedKind::Closing, socket, blocks);
        } else if !socket
            .processes
            .iter()
            .any(|process| server_pids.contains(&process.pid))
        {
            add(UntouchedKind::ClientConnection, socket, blocks);
        }
    }
    if verdict.time_wait > 0
        && !found
            .iter()
            .any(|entry| entry.kind == UntouchedKind::TimeWait)
    {
        found.push(Untouched {
            kind: UntouchedKind::TimeWait,
            count: verdict.time_wait,
            blocking: false,
            pids: Vec::new(),
            expires_in_ms: verdict.time_wait_expires_in_ms,
        });
    }
    found
}
