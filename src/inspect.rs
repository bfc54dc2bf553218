//! The shared engine behind `who`, `check` and `explain`: the sockets answering a query,
//! with every process holding them, and an honest account of what could not be seen.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{MatchedBy, Process, Socket};
use crate::source::{self, UserNames, query::SocketQuery};

/// Sockets with their owners.
#[derive(Debug, Default)]
pub struct Inspection {
    pub sockets: Vec<Socket>,
    /// `false` when some process could not be inspected, so owners may be missing.
    pub complete: bool,
    pub warnings: Vec<String>,
}

/// What the owner lookup could not see.
#[derive(Debug, Default)]
pub struct Visibility {
    pub complete: bool,
    pub warnings: Vec<String>,
}

/// Lists the sockets for `query` and finds their owners. `rerun` is the command line to
/// suggest with `sudo` when some owners are hidden.
pub fn inspect(query: &SocketQuery, rerun: &str) -> anyhow::Result<Inspection> {
    let list = source::list_sockets(query)?;
    let mut sockets = list.sockets;
    let visibility = resolve_owners(&mut sockets, rerun)?;
    sort(&mut sockets);
    let mut warnings = list.warnings;
    warnings.extend(visibility.warnings);
    Ok(Inspection {
        sockets,
        complete: visibility.complete,
        warnings,
    })
}

/// Local-port matches first, then by port, protocol, state and addresses.
pub fn sort(sockets: &mut [Socket]) {
    sockets.sort_by_key(|socket| {
        (
            socket.matched_by != MatchedBy::LocalPort,
            socket.local_port,
            socket.protocol,
            socket.state,
            socket.family,
            socket.local_address,
            socket.remote_address,
            socket.remote_port,
        )
    });
}

/// Fills `processes`, `user` and `owner_visible` of the given sockets. The `/proc` scan is
/// skipped when no socket can have an owner (none given, or only TIME_WAIT sockets, which
/// have inode 0).
pub fn resolve_owners(sockets: &mut [Socket], rerun: &str) -> anyhow::Result<Visibility> {
    let mut users = UserNames::default();
    let inodes: Vec<u64> = sockets
        .iter()
        .map(|socket| socket.inode)
        .filter(|&inode| inode != 0)
        .collect();
    let scan = if inodes.is_empty() {
        source::OwnerScan::default()
    } else {
        source::find_owners(&inodes)?
    };
    let mut details: HashMap<u32, Option<Arc<Process>>> = HashMap::new();
    for socket in sockets.iter_mut() {
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
                    .or_insert_with(|| source::describe_process(pid, &mut users).map(Arc::new))
                    .clone()
            })
            .collect();
        socket.owner_visible = socket.inode == 0
            || !socket.processes.is_empty()
            || (scan.denied.is_empty() && scan.hidden_by.is_none());
    }
    let mut visibility = Visibility {
        complete: true,
        warnings: Vec::new(),
    };
    if let Some(reason) = &scan.hidden_by {
        visibility.complete = false;
        visibility.warnings.push(reason.replace("RERUN", rerun));
    }
    if !scan.denied.is_empty() {
        visibility.complete = false;
        let hidden = sockets
            .iter()
            .filter(|socket| !socket.owner_visible)
            .count();
        let consequence = match hidden {
            0 => "some sockets may have more owners than shown".to_string(),
            1 => "1 socket has no visible owner".to_string(),
            count => format!("{count} sockets have no visible owner"),
        };
        let remedy = hidden_owner_remedy(rerun);
        let processes = match scan.denied.len() {
            1 => "1 process".to_string(),
            count => format!("{count} processes"),
        };
        visibility.warnings.push(format!(
            "{processes} could not be inspected (permission denied): {consequence}; {remedy}"
        ));
    }
    Ok(visibility)
}

/// What to do about owners that could not be inspected: `sudo`, unless already root.
pub fn hidden_owner_remedy(rerun: &str) -> String {
    if source::is_privileged() {
        "even root was refused (a security module, or a process with capabilities this one lacks, as in a container's sandbox)".to_string()
    } else {
        format!("run `sudo {rerun}` to see every owner")
    }
}
