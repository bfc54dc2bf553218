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

/// Which network namespaces to look in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespaces {
    /// The one portdoc runs in.
    Current,
    /// Every one on the host.
    All,
    /// Every one but the current.
    Others,
}

/// Lists the sockets for `query` and finds their owners. `rerun` is the command line to
/// suggest with `sudo` when some owners are hidden.
pub fn inspect(
    query: &SocketQuery,
    namespaces: Namespaces,
    rerun: &str,
) -> anyhow::Result<Inspection> {
    let mut lists = Vec::new();
    if namespaces != Namespaces::Others {
        lists.push(source::list_sockets(query)?);
    }
    if namespaces != Namespaces::Current {
        let mut others = source::list_sockets_in_other_namespaces(query)?;
        if !others.unidentified_namespaces.is_empty() {
            others.incomplete = true;
            others.warnings.push(format!(
                "the network namespace of {} could not be identified (permission denied): a socket only it holds, in another namespace, would not be shown; {}",
                named_processes(&others.unidentified_namespaces),
                hidden_owner_remedy(rerun)
            ));
        }
        lists.push(others);
    }
    let mut sockets = Vec::new();
    let mut resolved = Vec::new();
    let mut warnings = Vec::new();
    let mut complete = true;
    for list in lists {
        if list.owners_resolved {
            resolved.extend(list.sockets);
        } else {
            sockets.extend(list.sockets);
        }
        warnings.extend(list.warnings);
        complete &= !list.incomplete;
    }
    let visibility = resolve_owners(sockets.iter_mut(), rerun)?;
    complete &= resolved.iter().all(|socket| socket.owner_visible);
    sockets.extend(resolved);
    sort(&mut sockets);
    warnings.extend(visibility.warnings);
    Ok(Inspection {
        sockets,
        complete: complete && visibility.complete,
        warnings,
    })
}

/// Local-port matches first, then by port, protocol, state and addresses.
pub fn sort(sockets: &mut [Socket]) {
    sockets.sort_by_key(|socket| {
        (
            socket.matched_by != MatchedBy::LocalPort,
            !socket.in_current_netns(),
            socket.netns.as_ref().map(|netns| netns.inode),
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

/// Fills `processes`, `user` and `owner_visible` of the given sockets. Sockets whose source
/// already named their processes keep them. The `/proc` scan is skipped when no socket can
/// have an owner (none given, or only TIME_WAIT sockets, which have inode 0).
///
/// A socket with no owner found counts as hidden, never as ownerless, whenever this user may
/// not see every process: some could not be read, `/proc` hides processes, or (without root)
/// the socket belongs to another user, whose processes may be invisible (hidepid).
pub fn resolve_owners<'a>(
    sockets: impl IntoIterator<Item = &'a mut Socket>,
    rerun: &str,
) -> anyhow::Result<Visibility> {
    let mut sockets: Vec<&mut Socket> = sockets.into_iter().collect();
    let mut users = UserNames::default();
    let inodes: Vec<u64> = sockets
        .iter()
        .filter(|socket| socket.processes.is_empty())
        .map(|socket| socket.inode)
        .filter(|&inode| inode != 0)
        .collect();
    let scan = if inodes.is_empty() {
        source::OwnerScan::default()
    } else {
        source::find_owners(&inodes)?
    };
    let privileged = source::is_privileged();
    let me = source::current_uid();
    let mut details: HashMap<u32, Option<Arc<Process>>> = HashMap::new();
    for socket in sockets
        .iter_mut()
        .filter(|socket| socket.processes.is_empty())
    {
        socket.user = socket.uid.and_then(|uid| users.name(uid));
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
        let others_may_be_invisible = !privileged && socket.uid.is_some() && socket.uid != me;
        // Without an inode there is nothing to look up: the socket has no process (TIME_WAIT,
        // orphaned), or its source names owners itself and said whether it saw them.
        socket.owner_visible = if socket.inode == 0 {
            socket.owner_visible
        } else {
            !socket.processes.is_empty()
                || (scan.denied.is_empty() && scan.hidden_by.is_none() && !others_may_be_invisible)
        };
    }
    let mut visibility = Visibility {
        complete: true,
        warnings: Vec::new(),
    };
    if let Some(reason) = &scan.hidden_by {
        visibility.complete = false;
        visibility.warnings.push(reason.replace("RERUN", rerun));
    }
    let hidden = sockets
        .iter()
        .filter(|socket| !socket.owner_visible)
        .count();
    // Processes whose descriptors cannot be read matter only when a socket is left without
    // a visible owner (the socket table says which inodes are live): say then which ones.
    if !scan.denied.is_empty() && hidden > 0 {
        visibility.complete = false;
        let sockets = match hidden {
            1 => "1 socket on these ports has no visible owner".to_string(),
            count => format!("{count} sockets on these ports have no visible owner"),
        };
        let remedy = hidden_owner_remedy(rerun);
        visibility.warnings.push(format!(
            "{} cannot be inspected (permission denied) and may hold them: {sockets}; {remedy}",
            named_processes(&scan.denied)
        ));
    } else if hidden > 0 && scan.hidden_by.is_none() && scan.denied.is_empty() {
        visibility.complete = false;
        let sockets = match hidden {
            1 => "1 socket belongs".to_string(),
            count => format!("{count} sockets belong"),
        };
        visibility.warnings.push(format!(
            "{sockets} to another user and no process of this user holds it: its owner may be a process this user cannot see; {}",
            hidden_owner_remedy(rerun)
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

/// `PID 1 (process_api)`, `PIDs 1 (init), 812 (agent) and 3 more processes`.
fn named_processes(pids: &[u32]) -> String {
    let named: Vec<String> = pids
        .iter()
        .take(3)
        .map(
            |&pid| match std::fs::read_to_string(format!("/proc/{pid}/comm")) {
                Ok(comm) => format!("{pid} ({})", comm.trim_end()),
                Err(_) => pid.to_string(),
            },
        )
        .collect();
    let more = pids.len().saturating_sub(named.len());
    match (pids.len(), more) {
        (1, _) => format!("PID {}", named[0]),
        (_, 0) => format!("PIDs {}", named.join(", ")),
        (_, more) => format!("PIDs {} and {more} more", named.join(", ")),
    }
}
