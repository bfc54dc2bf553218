//! One snapshot per run: the sockets on the asked ports in every state, the kernel settings,
//! and the bind probes per server profile. `check`, `explain` and `suggest` judge from it.
//!
//! Probes and table are read moments apart, so they are made to agree: ports where a probe
//! met EADDRINUSE are listed again with bound-only sockets, and a failure nothing explains is
//! probed and listed once more before the verdict says it cannot be explained.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use crate::gather::probe::{self, Probe, ProbeResult};
use crate::kernel::{self, Blocking, Endpoint, NewBind, Profile};
use crate::model::{MatchedBy, NetSettings, Protocol, Socket, SocketState, Target};
use crate::source::query::{Backend, PortSet, SocketQuery, StateFilter};
use crate::verdict::PortFacts;

/// Which probes to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probing {
    /// None (`--listening`, `who`).
    None,
    /// Only the typical server's, when nothing but the exit status without `--strict` is
    /// wanted (`check --quiet` over many ports).
    Typical,
    /// Every profile that decides a status.
    Deciding,
}

/// What to gather.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub targets: &'a [Target],
    /// The address a server will bind; `None` = the wildcard, probed as `0.0.0.0` and `[::]`.
    pub address: Option<IpAddr>,
    pub probing: Probing,
    /// List bound-only sockets on every port (`explain`), not only where a probe failed or
    /// (`--listening`) nothing listens: listing them makes the kernel walk its bind table.
    pub bound_everywhere: bool,
    /// Gather what explains a verdict (bound-only sockets behind a failure, the reuseport
    /// probe), not only what decides it (`check --quiet` needs the status alone).
    pub explain: bool,
    pub backend: Backend,
}

/// Everything read for one run.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Every socket on the asked ports (local port matches) in this network namespace.
    pub sockets: Vec<Socket>,
    pub probes: HashMap<Target, Vec<Probe>>,
    pub settings: NetSettings,
    /// Whether bound-only sockets were listed wherever they matter.
    pub bound_sockets_listed: bool,
    pub warnings: Vec<String>,
    /// Positions in `sockets` per port.
    index: HashMap<Target, Vec<usize>>,
}

impl Snapshot {
    /// The sockets on one port.
    pub fn sockets_on(&self, target: Target) -> Vec<&Socket> {
        self.index
            .get(&target)
            .map(|positions| positions.iter().map(|&at| &self.sockets[at]).collect())
            .unwrap_or_default()
    }

    fn reindex(&mut self) {
        self.index.clear();
        for (at, socket) in self.sockets.iter().enumerate() {
            let target = Target {
                protocol: socket.protocol,
                port: socket.local_port,
            };
            self.index.entry(target).or_default().push(at);
        }
    }

    /// What the verdict reads about `target`, over `sockets` from [`Snapshot::sockets_on`].
    pub fn facts<'a>(
        &'a self,
        target: Target,
        address: Option<IpAddr>,
        sockets: &'a [&'a Socket],
    ) -> PortFacts<'a> {
        PortFacts {
            target,
            address,
            probes: self.probes.get(&target).map_or(&[], Vec::as_slice),
            sockets,
            settings: &self.settings,
            bound_sockets_listed: self.bound_sockets_listed,
        }
    }
}

/// Takes the snapshot.
pub fn take(request: &Request) -> anyhow::Result<Snapshot> {
    let settings = crate::source::net_settings();
    let list = crate::source::list_sockets(&table_query(
        request.targets,
        request.backend,
        request.bound_everywhere,
    ))?;
    let mut snapshot = Snapshot {
        sockets: local_matches(list.sockets),
        probes: HashMap::new(),
        settings,
        bound_sockets_listed: list.bound_sockets_listed,
        warnings: list.warnings,
        index: HashMap::new(),
    };
    snapshot.reindex();
    if request.probing != Probing::None {
        // Only the status wanted: a port every probe bound needs no record (this keeps
        // `check 1-65535 --quiet` small).
        snapshot.probes = probe_all(
            request.targets,
            request.address,
            request.probing,
            request.explain,
        )?;
    }
    if !request.bound_everywhere && request.explain {
        // Bound-only sockets matter where nothing in the table certainly explains a failure
        // (or, for --listening, where nothing listens): a listener already does.
        let wanted: Vec<Target> = request
            .targets
            .iter()
            .copied()
            .filter(|&target| match request.probing {
                Probing::None => !has_listener(&snapshot, target),
                _ => !failures_explained(&snapshot, target, Blocking::Blocks),
            })
            .collect();
        relist(&mut snapshot, &wanted, request.backend)?;
    }
    let unexplained: Vec<Target> = request
        .targets
        .iter()
        .copied()
        .filter(|&target| !failures_explained(&snapshot, target, Blocking::UnlessItReusesAddress))
        .collect();
    if !unexplained.is_empty() {
        let again = probe_all(&unexplained, request.address, request.probing, true)?;
        snapshot.probes.extend(again);
        relist(&mut snapshot, &unexplained, request.backend)?;
    }
    if request.explain {
        for &target in request.targets {
            probe_reuse_port(&mut snapshot, target);
        }
    }
    Ok(snapshot)
}

/// The sockets of other network namespaces on these ports (containers, `ip netns`), when the
/// host has named namespaces: walking every process's namespace costs more than the whole
/// check of a free port, and only Docker, CNI, podman and `ip netns` name them.
pub fn other_namespaces(
    targets: &[Target],
    backend: Backend,
) -> anyhow::Result<(Vec<Socket>, Vec<String>)> {
    if targets.is_empty() || !crate::source::named_namespaces_exist() {
        return Ok((Vec::new(), Vec::new()));
    }
    let list =
        crate::source::list_sockets_in_other_namespaces(&table_query(targets, backend, true))?;
    Ok((local_matches(list.sockets), list.warnings))
}

/// Only the listening TCP and unconnected UDP sockets on the targets' ports: the kernel then
/// walks its listening and UDP tables only, not its bind and connection tables (which cost
/// several times more on a busy host). `watch` reads this between full snapshots.
pub fn listeners(
    targets: &[Target],
    backend: Backend,
) -> anyhow::Result<(Vec<Socket>, Vec<String>)> {
    let mut query = table_query(targets, backend, false);
    query.states = StateFilter::ListeningOrBound;
    let list = crate::source::list_sockets(&query)?;
    Ok((local_matches(list.sockets), list.warnings))
}

/// Every state of the targets' ports, per protocol.
pub fn table_query(targets: &[Target], backend: Backend, include_bound: bool) -> SocketQuery {
    SocketQuery {
        ports: Protocol::ALL
            .into_iter()
            .filter_map(|protocol| {
                let ports: Vec<(u16, u16)> = targets
                    .iter()
                    .filter(|target| target.protocol == protocol)
                    .map(|target| (target.port, target.port))
                    .collect();
                (!ports.is_empty()).then(|| (protocol, PortSet::from_ranges(ports)))
            })
            .collect(),
        states: StateFilter::All,
        include_remote: false,
        include_bound,
        backend,
    }
}

fn local_matches(sockets: Vec<Socket>) -> Vec<Socket> {
    sockets
        .into_iter()
        .filter(|socket| socket.matched_by == MatchedBy::LocalPort)
        .collect()
}

/// Lists these ports again, bound-only sockets included, replacing what was read of them.
fn relist(snapshot: &mut Snapshot, targets: &[Target], backend: Backend) -> anyhow::Result<()> {
    if targets.is_empty() {
        return Ok(());
    }
    let list = crate::source::list_sockets(&table_query(targets, backend, true))?;
    snapshot.sockets.retain(|socket| {
        !targets.contains(&Target {
            protocol: socket.protocol,
            port: socket.local_port,
        })
    });
    snapshot.sockets.extend(local_matches(list.sockets));
    snapshot.reindex();
    snapshot.bound_sockets_listed = list.bound_sockets_listed;
    for warning in list.warnings {
        if !snapshot.warnings.contains(&warning) {
            snapshot.warnings.push(warning);
        }
    }
    Ok(())
}

/// The probes of every target, spread over the cores when there are many. Without
/// `keep_bound`, ports where every probe bound are left out.
fn probe_all(
    targets: &[Target],
    address: Option<IpAddr>,
    probing: Probing,
    keep_bound: bool,
) -> anyhow::Result<HashMap<Target, Vec<Probe>>> {
    let probe_chunk = |chunk: &[Target]| -> anyhow::Result<Vec<(Target, Vec<Probe>)>> {
        let mut kept = Vec::new();
        for &target in chunk {
            let probes = probe_target(target, address, probing)?;
            if keep_bound
                || probes
                    .iter()
                    .any(|probe| probe.result != ProbeResult::Bound)
            {
                kept.push((target, probes));
            }
        }
        Ok(kept)
    };
    if targets.len() < 512 {
        return Ok(probe_chunk(targets)?.into_iter().collect());
    }
    let workers = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    let chunks: Vec<&[Target]> = targets.chunks(targets.len().div_ceil(workers)).collect();
    let mut probes = HashMap::new();
    for chunk in crate::parallel::map(&chunks, "bind-test", |chunk| probe_chunk(chunk)) {
        probes.extend(chunk?);
    }
    Ok(probes)
}

/// The probes of one port: each profile on `0.0.0.0` and `[::]` dual-stack, or on `--addr`.
/// A failure that is none of the answers a bind can give about the port (ENOBUFS, ENOMEM)
/// is an error: the port could not be tested.
fn probe_target(
    target: Target,
    address: Option<IpAddr>,
    probing: Probing,
) -> anyhow::Result<Vec<Probe>> {
    let addresses: Vec<IpAddr> = match address {
        Some(address) => vec![address],
        None => vec![
            IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        ],
    };
    let profiles: &[Profile] = match probing {
        Probing::None => &[],
        Probing::Typical => match target.protocol {
            Protocol::Tcp => &[Profile::ReuseAddress],
            Protocol::Udp => &[Profile::Datagram],
        },
        Probing::Deciding => Profile::deciding(target.protocol),
    };
    let mut probes = Vec::with_capacity(profiles.len() * addresses.len());
    for &profile in profiles {
        for &address in &addresses {
            let made = probe::probe(
                profile,
                target.protocol,
                SocketAddr::new(address, target.port),
            );
            if let ProbeResult::Other(name) = &made.result {
                anyhow::bail!(
                    "cannot test {target}: binding {} failed with {name}",
                    crate::model::endpoint(&address, target.port)
                );
            }
            probes.push(made);
        }
    }
    Ok(probes)
}

fn has_listener(snapshot: &Snapshot, target: Target) -> bool {
    snapshot
        .sockets_on(target)
        .iter()
        .any(|socket| matches!(socket.state, SocketState::Listen | SocketState::Unconn))
}

/// Whether every EADDRINUSE of the port's probes has a socket that explains it at least as
/// surely as `at_least` (a certain blocker, or one that blocks unless it set SO_REUSEADDR).
fn failures_explained(snapshot: &Snapshot, target: Target, at_least: Blocking) -> bool {
    let Some(probes) = snapshot.probes.get(&target) else {
        return true;
    };
    let sockets = snapshot.sockets_on(target);
    probes
        .iter()
        .filter(|probe| probe.result == ProbeResult::InUse)
        .all(|probe| {
            let bind = NewBind::of(
                probe.profile,
                target.protocol,
                Endpoint::new(probe.address, !probe.dual_stack),
            );
            sockets
                .iter()
                .any(|socket| kernel::blocking(socket, bind, &snapshot.settings) >= at_least)
        })
}

/// When a listener stops the typical server, whether it set SO_REUSEPORT: a bind (never a
/// listen) with SO_REUSEPORT as the listener's uid succeeds only then.
fn probe_reuse_port(snapshot: &mut Snapshot, target: Target) {
    let Some(probes) = snapshot.probes.get(&target) else {
        return;
    };
    let typical = Profile::typical(target.protocol);
    let Some(failed) = probes
        .iter()
        .find(|probe| probe.profile == typical && probe.result == ProbeResult::InUse)
        .cloned()
    else {
        return;
    };
    let bind = NewBind::of(
        failed.profile,
        target.protocol,
        Endpoint::new(failed.address, !failed.dual_stack),
    );
    let listener_uid = snapshot.sockets_on(target).iter().find_map(|socket| {
        (socket.state == SocketState::Listen
            && kernel::blocking(socket, bind, &snapshot.settings) == Blocking::Blocks)
            .then_some(socket.uid)
            .flatten()
    });
    let Some(uid) = listener_uid else {
        return;
    };
    let address = SocketAddr::new(failed.address, target.port);
    if let Some(made) = probe::probe_reuse_port(target.protocol, address, uid)
        && let Some(probes) = snapshot.probes.get_mut(&target)
    {
        probes.push(made);
    }
}
