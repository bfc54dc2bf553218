//! Network namespaces: which exist (every process's `/proc/PID/ns/net`, plus the named ones
//! in `/run/netns` and `/run/docker/netns`), what they are called, which container owns
//! them, and how to read another one's sockets.
//!
//! As root portdoc enters a namespace with `setns(2)` on a thread of its own and asks
//! sock_diag there (the kernel filters by port, and TIME_WAIT timers and bound-only sockets
//! come along). Without root it reads `/proc/PID/net/{tcp,udp}*` through a member process.

use std::collections::HashMap;
use std::fs::File;
use std::os::fd::AsFd;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::{Container, Netns};
use crate::source::linux::cgroup;

/// Directories of namespace files: `ip netns add` names, Docker's sandboxes.
const NAMED_NAMESPACE_DIRECTORIES: &[&str] = &["/run/netns", "/var/run/netns", "/run/docker/netns"];

/// A network namespace and how to reach it.
#[derive(Debug, Clone)]
pub struct Namespace {
    pub netns: Arc<Netns>,
    /// A process living in it, for `/proc/PID/net` and `/proc/PID/ns/net`.
    pub member: Option<u32>,
    /// A namespace file to `setns` into (`/run/netns/NAME`), when there is one.
    pub path: Option<PathBuf>,
}

impl Namespace {
    /// The file to `setns` into: the named file, or the member's `ns/net` link.
    pub fn handle(&self) -> Option<PathBuf> {
        self.path.clone().or_else(|| {
            self.member
                .map(|pid| PathBuf::from(format!("/proc/{pid}/ns/net")))
        })
    }
}

/// Every namespace found, and how many processes' namespaces could not be read.
#[derive(Debug, Default)]
pub struct Discovery {
    pub namespaces: Vec<Namespace>,
    /// Processes whose `/proc/PID/ns/net` could not be read (another user's, without root).
    pub unidentified: Vec<u32>,
}

/// The inode of a namespace link target `net:[4026531840]`.
fn namespace_inode(link: &Path) -> Option<u64> {
    let target = std::fs::read_link(link).ok()?;
    target
        .to_str()?
        .strip_prefix("net:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// Named namespaces: file name → (namespace inode, path).
fn named_namespaces() -> Vec<(String, u64, PathBuf)> {
    let mut named = Vec::new();
    for directory in NAMED_NAMESPACE_DIRECTORIES {
        let Ok(entries) = std::fs::read_dir(directory) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // A namespace file is an nsfs bind mount: stat gives the namespace's inode.
            let Ok(metadata) = std::fs::metadata(&path) else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if !named.iter().any(|(_, inode, _)| *inode == metadata.ino()) {
                named.push((name, metadata.ino(), path));
            }
        }
    }
    named
}

/// The name `ip netns` gives a namespace, if any (`/run/docker/netns` names are sandbox ids,
/// not shown as names).
fn ip_netns_name(inode: u64, named: &[(String, u64, PathBuf)]) -> Option<String> {
    named
        .iter()
        .find(|(_, candidate, path)| *candidate == inode && !path.starts_with("/run/docker"))
        .map(|(name, _, _)| name.clone())
}

/// Whether any named namespace exists (`ip netns`, Docker's, CNI's): a cheap sign that this
/// host runs containers, checked before walking every process's namespace.
pub fn named_namespaces_exist() -> bool {
    NAMED_NAMESPACE_DIRECTORIES.iter().any(|directory| {
        std::fs::read_dir(directory).is_ok_and(|mut entries| entries.next().is_some())
    })
}

/// The namespace this thread runs in.
pub fn current() -> Arc<Netns> {
    let inode = namespace_inode(Path::new("/proc/thread-self/ns/net")).unwrap_or_default();
    Arc::new(Netns {
        inode,
        name: ip_netns_name(inode, &named_namespaces()),
        current: true,
        container: None,
    })
}

/// Every network namespace on the host, the current one first.
pub fn discover() -> Discovery {
    let named = named_namespaces();
    let current_inode = namespace_inode(Path::new("/proc/thread-self/ns/net")).unwrap_or_default();
    // Every process of each namespace: the first reads it, any may name its container (a
    // forwarder's helper such as rootlessport-child joins it without being in it).
    let mut members: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut order: Vec<u64> = vec![current_inode];
    let mut discovery = Discovery::default();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            match namespace_inode(&entry.path().join("ns/net")) {
                Some(inode) => {
                    if !members.contains_key(&inode) && !order.contains(&inode) {
                        order.push(inode);
                    }
                    members.entry(inode).or_default().push(pid);
                }
                None if entry.path().exists() => discovery.unidentified.push(pid),
                None => {}
            }
        }
    }
    for (_, inode, _) in &named {
        if !order.contains(inode) {
            order.push(*inode);
        }
    }
    discovery.namespaces = order
        .into_iter()
        .map(|inode| {
            let pids = members.get(&inode).map(Vec::as_slice).unwrap_or_default();
            let member = pids.first().copied();
            let container = if inode == current_inode {
                None
            } else {
                pids.iter().find_map(|pid| container_of(*pid))
            };
            Namespace {
                netns: Arc::new(Netns {
                    inode,
                    name: ip_netns_name(inode, &named),
                    current: inode == current_inode,
                    container,
                }),
                member,
                path: named
                    .iter()
                    .find(|(_, candidate, _)| *candidate == inode)
                    .map(|(_, _, path)| path.clone()),
            }
        })
        .collect();
    discovery
}

/// The network namespace a process holds open through a descriptor on a namespace file
/// (rootlessport keeps the container's `/run/netns/netns-…` open), by inode.
pub fn held_namespace(pid: u32) -> Option<u64> {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .ok()?
        .flatten()
        .find_map(|entry| {
            let target = std::fs::read_link(entry.path()).ok()?;
            target
                .to_string_lossy()
                .contains("/netns/")
                .then(|| std::fs::metadata(entry.path()).ok())
                .flatten()
                .map(|metadata| metadata.ino())
        })
}

/// The container whose processes live in the network namespace `inode`, by its first
/// process whose cgroup names one.
pub fn container_in_namespace(inode: u64) -> Option<Container> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .filter_map(|entry| entry.file_name().to_string_lossy().parse::<u32>().ok())
        .filter(|pid| namespace_inode(Path::new(&format!("/proc/{pid}/ns/net"))) == Some(inode))
        .find_map(container_of)
}

fn container_of(pid: u32) -> Option<Container> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).ok()?;
    let mut container = cgroup::parse(&text).container?;
    super::containers::name(&mut container);
    Some(container)
}

/// Runs `work` on a thread that has entered the namespace file `handle` (needs
/// CAP_SYS_ADMIN). Threads `work` starts inherit the namespace.
pub fn run_inside<T: Send>(handle: &Path, work: impl FnOnce() -> T + Send) -> std::io::Result<T> {
    let file = File::open(handle)?;
    std::thread::scope(|scope| {
        scope
            .spawn(move || {
                rustix::thread::move_into_link_name_space(
                    file.as_fd(),
                    Some(rustix::thread::LinkNameSpaceType::Network),
                )?;
                Ok(work())
            })
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the namespace thread failed")))
    })
}
