//! The shared engine behind `who`, `check` and `explain`: the sockets answering a query,
//! with every process holding them, and an honest account of what could not be seen.

use std::collections::HashMap;

use crate::model::{MatchedBy, Process, Socket};
use crate::source::{self, UserNames, query::SocketQuery};

/// Sockets with their owners.
#[derive(Debug, Default)]
pub struct Inspection {
    pub sockets: Vec<Socket>,
    /// `false` when some process could not be inspected, so owners may be missing.
    pub complete: bool,
    /// Processes whose descriptors could not be read.
    pub denied_processes: usize,
    pub warnings: Vec<String>,
}

/// Lists the sockets for `query` and finds their owners. `rerun` is the command line to
/// suggest with `sudo` when some owners are hidden.
pub fn inspect(query: &SocketQuery, rerun: &str) -> anyhow::Result<Inspection> {
    let list = source::list_sockets(query)?;
    let mut inspection = Inspection {
        sockets: list.sockets,
        complete: true,
        denied_processes: 0,
        warnings: list.warnings,
    };
    attach_owners(&mut inspection, rerun)?;
    inspection.sockets.sort_by(|a, b| {
        (
            a.matched_by != MatchedBy::LocalPort,
            a.local_port,
            a.protocol,
            a.state,
            a.family,
            a.local_address,
            a.remote_address,
            a.remote_port,
        )
            .cmp(&(
                b.matched_by != MatchedBy::LocalPort,
                b.local_port,
                b.protocol,
                b.state,
                b.family,
                b.local_address,
                b.remote_address,
                b.remote_port,
            ))
    });
    Ok(inspection)
}

/// Fills `processes`, `user` and `owner_visible`. The `/proc` scan is skipped when no socket
/// can have an owner (nothing matched, or only TIME_WAIT sockets, which have inode 0).
fn attach_owners(inspection: &mut Inspection, rerun: &str) -> anyhow::Result<()> {
    let mut users = UserNames::default();
    let inodes: Vec<u64> = inspection
        .sockets
        .iter()
        .map(|socket| socket.inode)
        .filter(|&inode| inode != 0)
        .collect();
    let scan = if inodes.is_empty() {
        source::OwnerScan::default()
    } else {
        source::find_owners(&inodes)?
    };
    let mut details: HashMap<u32, Option<Process>> = HashMap::new();
    for socket in &mut inspection.sockets {
        socket.user = users.name(socket.uid);
        let pids = scan
            .holders
            .get(&socket.inode)
            .map(Vec::as_slice)
            .unwrap_or_default();
        socket.processes = pids
            .iter()
            .filter_map(|&pid| {
                details
                    .entry(pid)
                    .or_insert_with(|| source::describe_process(pid, &mut users))
                    .clone()
            })
            .collect();
        socket.owner_visible = socket.inode == 0
            || !socket.processes.is_empty()
            || (scan.denied.is_empty() && scan.hidden_by.is_none());
    }
    inspection.denied_processes = scan.denied.len();
    if let Some(option) = &scan.hidden_by {
        inspection.complete = false;
        inspection.warnings.push(format!(
            "/proc is mounted with {option}: other users' processes are invisible to this user, so owners may be missing; run `sudo {rerun}` to see every owner"
        ));
    }
    if !scan.denied.is_empty() {
        inspection.complete = false;
        let hidden = inspection
            .sockets
            .iter()
            .filter(|socket| !socket.owner_visible)
            .count();
        let consequence = if hidden == 1 {
            "1 socket has no visible owner".to_string()
        } else if hidden > 1 {
            format!("{hidden} sockets have no visible owner")
        } else {
            "some sockets may have more owners than shown".to_string()
        };
        let remedy = if source::is_privileged() {
            "even root was refused (a security module, or a process with capabilities this one lacks, as in a container's sandbox)".to_string()
        } else {
            format!("run `sudo {rerun}` to see every owner")
        };
        let processes = match scan.denied.len() {
            1 => "1 process".to_string(),
            count => format!("{count} processes"),
        };
        inspection.warnings.push(format!(
            "{processes} could not be inspected (permission denied): {consequence}; {remedy}"
        ));
    }
    Ok(())
}
