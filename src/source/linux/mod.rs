//! The Linux source: sockets from sock_diag (or `/proc/net`), owners from `/proc/*/fd`,
//! process details from `/proc/PID`.

mod cgroup;
mod containers;
mod fd_scan;
mod forwarder;
mod host;
mod limits;
mod netns;
mod podman;
mod proc_net;
mod process;
mod reuse_port;
mod signal;
mod sock_diag;
mod sysctl;
mod users;

use std::sync::Arc;

use crate::model::{Family, Netns, Protocol, Socket};
use crate::source::query::{Backend, OwnerScan, PortSet, SocketList, SocketQuery, StateFilter};

pub use host::{host_addresses, listen_overflows};
pub use limits::{conntrack, file_table, pids_named, tcp_tw_reuse};
pub use reuse_port::{bind_with_reuse_port, errno_name};
pub use signal::{Opened, ProcessHandle, is_namespace_init, open_process};
pub use sysctl::net_settings;
pub use users::UserNames;

/// This source reads sysctls, cgroups and namespaces: rules that need them apply.
pub const PROVIDES_LINUX_FACTS: bool = true;

/// Servers here set SO_REUSEADDR before bind() (it lets them rebind over TIME_WAIT), so the
/// bind probe does too.
pub const SERVERS_SET_REUSEADDR: bool = true;

pub use netns::named_namespaces_exist;

/// Lists the sockets of the current network namespace that match the query.
pub fn list_sockets(query: &SocketQuery) -> anyhow::Result<SocketList> {
    collect(query, &netns::current(), None)
}

/// Lists the matching sockets of every other network namespace on the host (containers,
/// `ip netns`), each tagged with its namespace. As root each namespace is entered and asked
/// through sock_diag; otherwise a member process's `/proc/PID/net` tables are read.
/// Namespaces that cannot be read are warned about; processes whose namespace cannot be
/// identified are counted.
pub fn list_sockets_in_other_namespaces(query: &SocketQuery) -> anyhow::Result<SocketList> {
    let discovery = netns::discover();
    let privileged = is_privileged();
    let mut list = SocketList::default();
    for namespace in discovery
        .namespaces
        .iter()
        .filter(|namespace| !namespace.netns.current)
    {
        let found = match (privileged, namespace.handle(), namespace.member) {
            (true, Some(handle), member) => {
                netns::run_inside(&handle, || collect(query, &namespace.netns, member))
                    .map_err(|error| anyhow::anyhow!("cannot enter {}: {error}", namespace.netns))
                    .and_then(|result| result)
            }
            (false, _, Some(member)) => {
                let by_proc = SocketQuery {
                    backend: Backend::Procfs,
                    ..query.clone()
                };
                collect(&by_proc, &namespace.netns, Some(member))
            }
            (_, _, _) => Err(anyhow::anyhow!(
                "{} has no process this user can read through: run as root to read it",
                namespace.netns
            )),
        };
        match found {
            Ok(found) => {
                list.sockets.extend(found.sockets);
                list.warnings.extend(found.warnings);
            }
            Err(error) => {
                list.incomplete = true;
                list.warnings.push(format!("{error:#}"));
            }
        }
    }
    list.unidentified_namespaces = discovery.unidentified.clone();
    Ok(list)
}

/// The dumps of one namespace (one per protocol and family) run in parallel: each makes the
/// kernel walk its socket tables. `member` is a process of the namespace, for the
/// `/proc/PID/net` fallback (`None` = this process's namespace).
fn collect(
    query: &SocketQuery,
    netns: &Arc<Netns>,
    member: Option<u32>,
) -> anyhow::Result<SocketList> {
    // TCP through sock_diag in one dump for both families: the kernel then walks its tables
    // once instead of once per family (half the cost of a `watch` poll).
    let requests: Vec<(Protocol, Option<Family>, &PortSet)> = query
        .ports
        .iter()
        .flat_map(|(protocol, ports)| {
            let families: &[Option<Family>] =
                if *protocol == Protocol::Tcp && query.backend != Backend::Procfs {
                    &[None]
                } else {
                    &[Some(Family::Ipv4), Some(Family::Ipv6)]
                };
            families
                .iter()
                .map(move |family| (*protocol, *family, ports))
        })
        .collect();
    let dumps = crate::parallel::map(&requests, "socket dump", |&(protocol, family, ports)| {
        dump(query, protocol, family, ports, netns, member)
    });
    let mut list = SocketList {
        bound_sockets_listed: query.include_bound
            && query.backend != Backend::Procfs
            && kernel_lists_bound_sockets(),
        ..SocketList::default()
    };
    for result in dumps {
        let (sockets, warning) = result?;
        if let Some(warning) = warning
            && !list.warnings.contains(&warning)
        {
            // A fallback to /proc/net cannot list bound-only sockets.
            list.bound_sockets_listed = false;
            list.warnings.push(warning);
        }
        list.sockets
            .extend(sockets.into_iter().filter_map(|mut socket| {
                socket.matched_by = query.match_socket(&socket)?;
                Some(socket)
            }));
    }
    Ok(list)
}

/// One protocol and family (`None`: both): sock_diag, or the `/proc/net` tables when
/// sock_diag is unavailable (with the warning to show).
fn dump(
    query: &SocketQuery,
    protocol: Protocol,
    family: Option<Family>,
    ports: &PortSet,
    netns: &Arc<Netns>,
    member: Option<u32>,
) -> anyhow::Result<(Vec<Socket>, Option<String>)> {
    let read_proc_tables = || -> anyhow::Result<Vec<Socket>> {
        let mut sockets = Vec::new();
        for family in family.map_or(vec![Family::Ipv4, Family::Ipv6], |family| vec![family]) {
            sockets.extend(read_proc_table(protocol, family, netns, member)?);
        }
        Ok(sockets)
    };
    if query.backend == Backend::Procfs {
        return Ok((read_proc_tables()?, None));
    }
    let request = sock_diag::DumpRequest {
        family,
        protocol,
        states: diag_states(protocol, query.states, query.include_bound),
        ports,
        include_remote: query.include_remote,
        netns,
    };
    let failure = match sock_diag::SockDiag::open() {
        Ok(mut netlink) => match netlink.dump(&request) {
            Ok(sockets) => return Ok((sockets, None)),
            Err(error) => format!("sock_diag cannot dump {protocol} sockets ({error})"),
        },
        Err(error) => format!("sock_diag is unavailable ({error})"),
    };
    if query.backend == Backend::Netlink {
        anyhow::bail!("{failure}");
    }
    let warning = format!(
        "{failure}: read /proc/net instead, which shows neither bound-only sockets nor TIME_WAIT timers"
    );
    Ok((read_proc_tables()?, Some(warning)))
}

fn read_proc_table(
    protocol: Protocol,
    family: Family,
    netns: &Arc<Netns>,
    member: Option<u32>,
) -> anyhow::Result<Vec<Socket>> {
    let process = member
        .map(|pid| procfs::process::Process::new(pid as i32))
        .transpose()
        .map_err(|error| anyhow::anyhow!("cannot read the {protocol} socket table: {error}"))?;
    match proc_net::read_table(protocol, family, process.as_ref(), netns) {
        Ok(sockets) => Ok(sockets),
        // A kernel without IPv6 has no tcp6/udp6 table: there is nothing to list.
        Err(procfs::ProcError::NotFound(_)) if family == Family::Ipv6 => Ok(Vec::new()),
        Err(error) => Err(anyhow::anyhow!(
            "cannot read the {protocol} socket table: {error}"
        )),
    }
}

/// sock_diag reports bound-only sockets (TCP_BOUND_INACTIVE) from Linux 6.5 on; older
/// kernels ignore the request silently.
fn kernel_lists_bound_sockets() -> bool {
    let uname = rustix::system::uname();
    let release = uname.release().to_string_lossy();
    let mut numbers = release
        .split(|character: char| !character.is_ascii_digit())
        .filter_map(|part| part.parse::<u32>().ok());
    let version = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    version >= (6, 5)
}

/// The `idiag_states` mask. Bound-only sockets cost a walk of the kernel's whole bind hash
/// table, so they are asked for only when the query wants them.
fn diag_states(protocol: Protocol, states: StateFilter, include_bound: bool) -> u32 {
    let bound = if include_bound {
        sock_diag::TCP_BOUND_INACTIVE
    } else {
        0
    };
    match (protocol, states) {
        (Protocol::Tcp, StateFilter::All) => sock_diag::TCP_ALL_STATES | bound,
        (Protocol::Tcp, StateFilter::ListeningOrBound) => sock_diag::TCP_LISTEN | bound,
        (Protocol::Udp, StateFilter::All) => sock_diag::UDP_ALL_STATES,
        (Protocol::Udp, StateFilter::ListeningOrBound) => sock_diag::UDP_UNCONNECTED,
    }
}

/// Finds the processes holding the given socket inodes.
pub fn find_owners(inodes: &[u64]) -> anyhow::Result<OwnerScan> {
    let mut scan =
        fd_scan::scan(inodes).map_err(|error| anyhow::anyhow!("cannot list /proc: {error}"))?;
    scan.hidden_by = in_child_pid_namespace().or_else(|| {
        if is_privileged() {
            None
        } else {
            proc_mount_hides_processes()
        }
    });
    Ok(scan)
}

/// When portdoc runs in a PID namespace of its own (a container without the host's PID
/// namespace), processes outside it are missing from `/proc` and their sockets look ownerless.
/// The initial PID namespace has a fixed inode, PROC_PID_INIT_INO (include/linux/proc_ns.h).
fn in_child_pid_namespace() -> Option<String> {
    const PROC_PID_INIT_INO: u64 = 0xEFFF_FFFC;
    let link = std::fs::read_link("/proc/self/ns/pid").ok()?;
    let inode: u64 = link
        .to_str()?
        .strip_prefix("pid:[")?
        .strip_suffix(']')?
        .parse()
        .ok()?;
    (inode != PROC_PID_INIT_INO).then(|| {
        "portdoc runs in a PID namespace of its own (a container): processes outside it are invisible, so owners may be missing; run it on the host or with the host's PID namespace (docker run --pid=host, hostPID: true)".to_string()
    })
}

/// Why other users' processes are invisible, when the `/proc` mount hides them
/// (`hidepid=2` / `invisible`, or `hidepid=4` / `ptraceable`, which hides the processes this
/// user may not trace, as `/proc/self/mountinfo` shows it).
fn proc_mount_hides_processes() -> Option<String> {
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    mountinfo.lines().rev().find_map(|line| {
        let (mount, options) = line.split_once(" - ")?;
        let mount_point = mount.split(' ').nth(4)?;
        let mut fields = options.split(' ');
        let filesystem = fields.next()?;
        let super_options = fields.nth(1)?;
        if mount_point != "/proc" || filesystem != "proc" {
            return None;
        }
        super_options
            .split(',')
            .find(|option| matches!(
                    *option,
                    "hidepid=2" | "hidepid=invisible" | "hidepid=4" | "hidepid=ptraceable"
                ))
            .map(|option| {
                format!("/proc is mounted with {option}: other users' processes are invisible to this user, so owners may be missing; run `sudo RERUN` to see every owner")
            })
    })
}

/// Reads the details of a process that holds a socket; `None` if it exited.
pub fn describe_process(pid: u32, users: &mut UserNames) -> Option<crate::model::Process> {
    process::describe(pid, users)
}

/// Whether a process still runs (and is not a zombie).
pub fn process_exists(pid: u32) -> bool {
    process::is_alive(pid)
}

/// Whether standard output is a pipe whose reader has gone (`portdoc watch | head -1` after
/// head exited): poll() reports POLLERR on such a pipe without writing to it.
pub fn output_closed() -> bool {
    let mut entry = libc::pollfd {
        fd: libc::STDOUT_FILENO,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no timeout.
    let ready = unsafe { libc::poll(&mut entry, 1, 0) };
    ready > 0 && entry.revents & (libc::POLLERR | libc::POLLHUP) != 0
}

/// The effective uid of this process.
pub fn current_uid() -> Option<u32> {
    Some(rustix::process::geteuid().as_raw())
}

/// The index of a network interface by name (`eth0`), for a link-local address's scope.
pub fn interface_index(name: &str) -> Option<u32> {
    let name = std::ffi::CString::new(name).ok()?;
    // SAFETY: if_nametoindex reads a NUL-terminated string and returns 0 when unknown.
    let index = unsafe { libc::if_nametoindex(name.as_ptr()) };
    (index != 0).then_some(index)
}

/// Whether this user can read every process's descriptors.
pub fn is_privileged() -> bool {
    rustix::process::geteuid().is_root()
}

/// This machine's host name.
pub fn hostname() -> String {
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
}

/// EAFNOSUPPORT: the host has no such address family (IPv6 disabled).
pub fn is_family_unsupported(error: &std::io::Error) -> bool {
    error.raw_os_error() == Some(libc::EAFNOSUPPORT)
}
