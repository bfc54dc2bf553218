//! `portdoc check`: can a server bind these ports? A real bind test per port, explained from
//! the socket table, with an exit status scripts rely on; `--wait` polls until it can.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};

use crate::exit::Status;
use crate::gather::owners;
use crate::gather::probe::{self, BindOutcome, ProbeOptions};
use crate::model::{
    BindAttempt, CheckReport, MatchedBy, NetSettings, PortCheck, PortStatus, Protocol, Socket,
    SocketState,
};
use crate::source::query::{Backend, PortSet, SocketQuery, StateFilter};
use crate::text::duration;

/// One port to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    pub protocol: Protocol,
    pub port: u16,
}

/// How to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The address the server will bind; `None` = the wildcard, tested as `0.0.0.0` and `[::]`.
    pub address: Option<IpAddr>,
    /// Treat TIME_WAIT as busy, and bind without SO_REUSEADDR.
    pub strict: bool,
    /// Ask "is something listening?" instead of "can I bind?".
    pub listening: bool,
    pub backend: Backend,
}

/// The exit status one port contributes.
pub fn status_of(status: PortStatus, strict: bool) -> Status {
    match status {
        PortStatus::Free | PortStatus::Listening => Status::Success,
        PortStatus::TimeWait if strict => Status::Failure,
        PortStatus::TimeWait => Status::Success,
        PortStatus::InUse | PortStatus::NotListening => Status::Failure,
        PortStatus::PermissionDenied | PortStatus::AddressUnavailable => Status::CannotBind,
    }
}

/// The worst status over all ports.
pub fn overall(report: &CheckReport, strict: bool) -> Status {
    report
        .ports
        .iter()
        .map(|check| status_of(check.status, strict))
        .fold(Status::Success, Status::merge)
}

/// Called between polls of `--wait` with the latest report and the time elapsed.
pub type Progress<'a> = &'a mut dyn FnMut(&CheckReport, Duration);

/// Polls until every port is satisfied or `wait` runs out; `progress` is called between
/// polls with the latest report and the time elapsed. `full_report`: a report is printed, so
/// it holds every port and the holders' owners; otherwise (`--quiet`) only the ports that are
/// not free, without owners. Owners are never resolved on silent intermediate polls.
pub fn run_until(
    targets: &[Target],
    options: &CheckOptions,
    wait: Option<Duration>,
    full_report: bool,
    rerun: &str,
    mut progress: Option<Progress>,
) -> anyhow::Result<CheckReport> {
    let started = Instant::now();
    let poll_interval = Duration::from_millis(100);
    loop {
        let mut report = check_once(targets, options, full_report)?;
        let elapsed = started.elapsed();
        let done = overall(&report, options.strict) == Status::Success
            || wait.is_none_or(|wait| elapsed >= wait);
        if (done && full_report) || progress.is_some() {
            attach_owners(&mut report, rerun)?;
        }
        report.waited_ms = if wait.is_some() {
            elapsed.as_millis() as u64
        } else {
            0
        };
        if done {
            return Ok(report);
        }
        if let Some(progress) = progress.as_mut() {
            progress(&report, elapsed);
        }
        let remaining = wait.unwrap_or_default().saturating_sub(elapsed);
        std::thread::sleep(poll_interval.min(remaining));
    }
}

/// One poll: the socket table, a bind probe per port, and the classification. Owners are
/// left empty; see [`attach_owners`]. With `keep_free` false (`--quiet` needs only the worst
/// status), free ports are left out and the others keep only their status, which keeps
/// `check 1-65535` small on a host with thousands of listeners.
pub fn check_once(
    targets: &[Target],
    options: &CheckOptions,
    keep_free: bool,
) -> anyhow::Result<CheckReport> {
    let list = crate::source::list_sockets(&table_query(targets, options.backend, false))?;
    let settings = crate::source::net_settings();
    let by_port = index_by_port(&list.sockets);
    let mut ports = classify_all(targets, options, &by_port, &settings, keep_free)?;
    let mut warnings = list.warnings;
    // A refused bind with no visible holder: bound-only sockets are left out of the first
    // query (they cost the kernel a walk of its bind table); ask for them on these ports.
    let unexplained: Vec<Target> = ports
        .iter()
        .filter(|check| keep_free && check.status == PortStatus::InUse && check.holders.is_empty())
        .map(|check| Target {
            protocol: check.protocol,
            port: check.port,
        })
        .collect();
    if !unexplained.is_empty() {
        let bound = crate::source::list_sockets(&table_query(&unexplained, options.backend, true))?;
        let bound_by_port = index_by_port(&bound.sockets);
        for check in &mut ports {
            let target = Target {
                protocol: check.protocol,
                port: check.port,
            };
            if unexplained.contains(&target) {
                let sockets = bound_by_port
                    .get(&target)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                *check = classify(target, check.binds.clone(), sockets, &settings, options);
            }
        }
        for warning in bound.warnings {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }
    if keep_free {
        note_other_namespaces(&mut ports, options, &mut warnings)?;
    }
    let mut report = CheckReport {
        ok: false,
        ports,
        complete: true,
        waited_ms: 0,
        warnings,
    };
    report.ok = overall(&report, options.strict) == Status::Success;
    Ok(report)
}

/// Ports free here may be held in another network namespace (a container): a server
/// started in there would fail. A note for each; the answer for this namespace stands, so
/// namespaces that cannot be identified do not make the report incomplete. Walking every
/// process's namespace costs more than the whole check of a free port, so it is done only
/// when named namespaces exist (Docker, CNI, podman and `ip netns` create them); `who` and
/// `explain` always look.
fn note_other_namespaces(
    ports: &mut [PortCheck],
    options: &CheckOptions,
    warnings: &mut Vec<String>,
) -> anyhow::Result<()> {
    let free: Vec<Target> = ports
        .iter()
        .filter(|check| matches!(check.status, PortStatus::Free | PortStatus::TimeWait))
        .map(|check| Target {
            protocol: check.protocol,
            port: check.port,
        })
        .collect();
    if free.is_empty() || options.listening || !crate::source::named_namespaces_exist() {
        return Ok(());
    }
    let elsewhere = crate::source::list_sockets_in_other_namespaces(&table_query(
        &free,
        options.backend,
        true,
    ))?;
    for check in ports.iter_mut() {
        let holders: Vec<String> = elsewhere
            .sockets
            .iter()
            .filter(|socket| {
                socket.protocol == check.protocol
                    && socket.local_port == check.port
                    && socket.matched_by == MatchedBy::LocalPort
                    && socket.state != SocketState::TimeWait
            })
            .filter_map(|socket| {
                let netns = socket.netns.as_ref()?;
                Some(format!("{} in {netns}", socket.local_endpoint()))
            })
            .collect();
        if !holders.is_empty() && matches!(check.status, PortStatus::Free | PortStatus::TimeWait) {
            check.notes.push(format!(
                "free in this network namespace, but held in another: {}; a server started there cannot bind it (`portdoc who {} --all-netns`)",
                holders.join("; "),
                check.port
            ));
        }
    }
    for warning in elsewhere.warnings {
        if !warnings.contains(&warning) {
            warnings.push(warning);
        }
    }
    Ok(())
}

/// Every state of the targets' ports, per protocol.
fn table_query(targets: &[Target], backend: Backend, include_bound: bool) -> SocketQuery {
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

fn index_by_port(sockets: &[Socket]) -> HashMap<Target, Vec<&Socket>> {
    let mut by_port: HashMap<Target, Vec<&Socket>> = HashMap::new();
    for socket in sockets
        .iter()
        .filter(|socket| socket.matched_by == MatchedBy::LocalPort)
    {
        let target = Target {
            protocol: socket.protocol,
            port: socket.local_port,
        };
        by_port.entry(target).or_default().push(socket);
    }
    by_port
}

/// Probes and classifies every target, spread over the cores when there are many.
fn classify_all(
    targets: &[Target],
    options: &CheckOptions,
    by_port: &HashMap<Target, Vec<&Socket>>,
    settings: &NetSettings,
    keep_free: bool,
) -> anyhow::Result<Vec<PortCheck>> {
    let classify_chunk = |chunk: &[Target]| -> anyhow::Result<Vec<PortCheck>> {
        let mut checks = Vec::new();
        for &target in chunk {
            let binds = if options.listening {
                Vec::new()
            } else {
                probe_target(target, options)
            };
            if let Some(failure) = binds.iter().find_map(|attempt| match &attempt.outcome {
                BindOutcome::Failed(message) => Some(message.clone()),
                _ => None,
            }) {
                anyhow::bail!("cannot test {}/{}: {failure}", target.port, target.protocol);
            }
            let sockets = by_port.get(&target).map(Vec::as_slice).unwrap_or_default();
            let mut check = classify(target, binds, sockets, settings, options);
            if keep_free {
                checks.push(check);
            } else if check.status != PortStatus::Free {
                // Only the status is wanted: drop what explains it.
                check.holders = Vec::new();
                check.notes = Vec::new();
                check.binds = Vec::new();
                checks.push(check);
            }
        }
        Ok(checks)
    };
    if targets.len() < 512 {
        return classify_chunk(targets);
    }
    let workers = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    let chunks: Vec<&[Target]> = targets.chunks(targets.len().div_ceil(workers)).collect();
    let chunks = crate::parallel::map(&chunks, "bind-test", |chunk| classify_chunk(chunk));
    let mut checks = Vec::new();
    for chunk in chunks {
        checks.extend(chunk?);
    }
    Ok(checks)
}

/// Binds the target like a server would: `0.0.0.0` and `[::]` dual-stack, or `--addr`.
pub fn probe_target(target: Target, options: &CheckOptions) -> Vec<BindAttempt> {
    let addresses: &[IpAddr] = match &options.address {
        Some(address) => std::slice::from_ref(address),
        None => &[
            IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        ],
    };
    let probe_options = ProbeOptions {
        reuse_address: !options.strict && crate::source::SERVERS_SET_REUSEADDR,
    };
    addresses
        .iter()
        .map(|&address| BindAttempt {
            address,
            outcome: probe::probe(
                target.protocol,
                SocketAddr::new(address, target.port),
                probe_options,
            ),
        })
        .collect()
}

/// Resolves the owners of every holder and notes the ones that stay hidden.
pub fn attach_owners(report: &mut CheckReport, rerun: &str) -> anyhow::Result<()> {
    let mut holders: Vec<Socket> = report
        .ports
        .iter_mut()
        .flat_map(|check| std::mem::take(&mut check.holders))
        .collect();
    let visibility = owners::resolve_owners(&mut holders, rerun)?;
    report.complete &= visibility.complete;
    report.warnings.extend(visibility.warnings);
    let mut by_port: HashMap<Target, Vec<Socket>> = HashMap::new();
    for socket in holders {
        let target = Target {
            protocol: socket.protocol,
            port: socket.local_port,
        };
        by_port.entry(target).or_default().push(socket);
    }
    for check in &mut report.ports {
        let target = Target {
            protocol: check.protocol,
            port: check.port,
        };
        check.holders = by_port.remove(&target).unwrap_or_default();
        let hidden = check
            .holders
            .iter()
            .filter(|socket| !socket.owner_visible)
            .count();
        if hidden > 0 {
            check.notes.push(format!(
                "the owner of {hidden} socket(s) on this port could not be inspected: {}",
                owners::hidden_owner_remedy(rerun)
            ));
        }
    }
    Ok(())
}

/// Classifies one port from the bind attempts and the sockets on it. Pure: no I/O.
pub fn classify(
    target: Target,
    binds: Vec<BindAttempt>,
    sockets: &[&Socket],
    settings: &NetSettings,
    options: &CheckOptions,
) -> PortCheck {
    let address = options.address.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let mut check = PortCheck {
        port: target.port,
        protocol: target.protocol,
        address,
        status: PortStatus::Free,
        holders: Vec::new(),
        time_wait: 0,
        time_wait_expires_in_ms: None,
        binds,
        ephemeral: settings.is_ephemeral(target.port),
        notes: Vec::new(),
    };
    if options.listening {
        classify_listening(&mut check, sockets, settings, options.address);
    } else {
        classify_bind(&mut check, sockets, settings, options);
    }
    if settings.is_nodeport(target.port) {
        check.notes.push(format!(
            "port {} is in Kubernetes' NodePort range (30000-32767) on this node: kube-proxy may take it for a NodePort Service (`kubectl get svc -A | grep :{}`)",
            target.port, target.port
        ));
    }
    if check.ephemeral {
        let (first, last) = settings.ephemeral_ports;
        check.notes.push(format!(
            "port {} is inside net.ipv4.ip_local_port_range ({first}-{last}): outgoing connections can take it at random before the server starts; reserve it with `sysctl -w net.ipv4.ip_local_reserved_ports={}`",
            target.port, target.port
        ));
    }
    check
}

fn classify_bind(
    check: &mut PortCheck,
    sockets: &[&Socket],
    settings: &NetSettings,
    options: &CheckOptions,
) {
    let tested: Vec<IpAddr> = check
        .binds
        .iter()
        .filter(|attempt| {
            attempt.outcome != BindOutcome::FamilyUnsupported || options.address.is_some()
        })
        .map(|attempt| attempt.address)
        .collect();
    let overlapping: Vec<&Socket> = sockets
        .iter()
        .copied()
        .filter(|socket| {
            tested
                .iter()
                .any(|&address| overlaps(socket, address, settings))
        })
        .collect();
    let (time_wait, live): (Vec<&Socket>, Vec<&Socket>) = overlapping
        .iter()
        .partition(|socket| socket.state == SocketState::TimeWait);
    check.time_wait = time_wait.len();
    check.time_wait_expires_in_ms = time_wait
        .iter()
        .filter_map(|socket| socket.expires_in_ms)
        .max();
    let outcome_seen =
        |outcome: BindOutcome| check.binds.iter().any(|attempt| attempt.outcome == outcome);
    let in_use = outcome_seen(BindOutcome::InUse);
    check.status = if in_use && live.is_empty() && !time_wait.is_empty() {
        PortStatus::TimeWait
    } else if in_use {
        PortStatus::InUse
    } else if outcome_seen(BindOutcome::PermissionDenied) {
        PortStatus::PermissionDenied
    } else if outcome_seen(BindOutcome::AddressUnavailable)
        || outcome_seen(BindOutcome::FamilyUnsupported) && options.address.is_some()
    {
        PortStatus::AddressUnavailable
    } else if !time_wait.is_empty() {
        PortStatus::TimeWait
    } else {
        PortStatus::Free
    };
    let owning: Vec<&Socket> = live
        .iter()
        .copied()
        .filter(|socket| socket.state.is_listening_or_bound())
        .collect();
    let connections = live.len() - owning.len();
    check.holders = if owning.is_empty() {
        live.clone()
    } else {
        owning
    }
    .into_iter()
    .cloned()
    .collect();
    owners::sort(&mut check.holders);
    let port = check.port;
    match check.status {
        PortStatus::InUse if live.is_empty() => check.notes.push(
            "the kernel refused the bind, yet no socket on this port is visible in this network namespace: it was probably taken and released while portdoc looked; check again".into(),
        ),
        PortStatus::InUse => {
            if connections > 0 && check.holders.iter().any(|socket| socket.state.is_listening_or_bound()) {
                check.notes.push(format!("{connections} connection(s) on the port belong to the holder"));
            }
            if let Some(dual) = check.holders.iter().find(|socket| {
                socket.family == crate::model::Family::Ipv6
                    && socket.local_address.is_unspecified()
                    && !socket.v6only.unwrap_or(settings.bindv6only)
            }) && check.binds.iter().any(|attempt| attempt.address.is_ipv4() && attempt.outcome == BindOutcome::InUse)
            {
                check.notes.push(format!(
                    "{} is a dual-stack socket (IPV6_V6ONLY off): it also holds 0.0.0.0:{port}",
                    dual.local_endpoint()
                ));
            }
        }
        PortStatus::TimeWait => check.notes.push(time_wait_note(check, options.strict)),
        PortStatus::PermissionDenied => check.notes.push(permission_note(port, settings)),
        PortStatus::AddressUnavailable => check.notes.push(format!(
            "{} is not an address of this host (in this network namespace): pick one from `ip -brief address`, or if it appears later (VRRP, DHCP) set net.ipv4.ip_nonlocal_bind=1 or order the service after network-online.target",
            check.address
        )),
        PortStatus::Free if !live.is_empty() => check.notes.push(format!(
            "{} socket(s) from an earlier server remain on the port ({}): a server that sets SO_REUSEADDR binds anyway, one that does not fails (`check --strict` tests that)",
            live.len(),
            live[0].state
        )),
        _ => {}
    }
    let outcomes: Vec<&BindAttempt> = check
        .binds
        .iter()
        .filter(|attempt| attempt.outcome != BindOutcome::FamilyUnsupported)
        .collect();
    if outcomes.len() > 1
        && outcomes
            .iter()
            .any(|attempt| attempt.outcome != outcomes[0].outcome)
    {
        let described: Vec<String> = outcomes
            .iter()
            .map(|attempt| {
                format!(
                    "{}{}: {}",
                    crate::model::endpoint(&attempt.address, port),
                    if attempt.address.is_ipv6() && attempt.address.is_unspecified() {
                        " (dual-stack)"
                    } else {
                        ""
                    },
                    outcome_name(&attempt.outcome)
                )
            })
            .collect();
        check.notes.push(format!(
            "bind results differ by address: {}",
            described.join("; ")
        ));
    }
    if settings.is_privileged(port)
        && settings.can_bind_privileged_ports
        && check.status == PortStatus::Free
    {
        check.notes.push(format!(
            "port {port} is below net.ipv4.ip_unprivileged_port_start ({}): it binds here because portdoc has CAP_NET_BIND_SERVICE; a server running as another user needs that capability",
            settings.unprivileged_port_start
        ));
    }
}

fn outcome_name(outcome: &BindOutcome) -> String {
    match outcome {
        BindOutcome::Bound => "binds".into(),
        BindOutcome::InUse => "in use".into(),
        BindOutcome::PermissionDenied => "permission denied".into(),
        BindOutcome::AddressUnavailable => "address unavailable".into(),
        BindOutcome::FamilyUnsupported => "address family unsupported".into(),
        BindOutcome::Failed(message) => message.clone(),
    }
}

fn time_wait_note(check: &PortCheck, strict: bool) -> String {
    let left = check
        .time_wait_expires_in_ms
        .map(|ms| format!(", the last expires in {}", duration(ms)))
        .unwrap_or_default();
    let consequence = if strict {
        "without SO_REUSEADDR the bind fails until then"
    } else {
        "servers that set SO_REUSEADDR (nginx, Node, Go, Java, Rust) bind anyway; one that does not (Python socketserver, a plain socket.bind) fails until then"
    };
    format!(
        "{} TIME_WAIT socket(s) remain from closed connections{left}: {consequence}",
        check.time_wait
    )
}

fn permission_note(port: u16, settings: &NetSettings) -> String {
    if settings.is_privileged(port) && !settings.can_bind_privileged_ports {
        format!(
            "port {port} is privileged: it is below net.ipv4.ip_unprivileged_port_start ({}) and this user lacks CAP_NET_BIND_SERVICE; give the server the capability (`setcap cap_net_bind_service=+ep /path/to/server`, or AmbientCapabilities=CAP_NET_BIND_SERVICE in its unit), lower the sysctl, or use a port >= {} behind a proxy",
            settings.unprivileged_port_start, settings.unprivileged_port_start
        )
    } else {
        format!(
            "the kernel denied binding port {port} although it is not privileged for this user: a security module (SELinux: `semanage port -l | grep {port}`; AppArmor) or a cgroup BPF program refuses it"
        )
    }
}

fn classify_listening(
    check: &mut PortCheck,
    sockets: &[&Socket],
    settings: &NetSettings,
    address: Option<IpAddr>,
) {
    let serving = |socket: &Socket| {
        let up = match socket.protocol {
            Protocol::Tcp => socket.state == SocketState::Listen,
            Protocol::Udp => socket.state == SocketState::Unconn,
        };
        up && address.is_none_or(|address| serves(socket, address, settings))
    };
    let listeners: Vec<Socket> = sockets
        .iter()
        .filter(|socket| serving(socket))
        .map(|socket| (*socket).clone())
        .collect();
    check.status = if listeners.is_empty() {
        PortStatus::NotListening
    } else {
        PortStatus::Listening
    };
    if listeners.is_empty() {
        if let Some(bound) = sockets
            .iter()
            .find(|socket| socket.state == SocketState::Bound)
        {
            check.notes.push(format!(
                "{} is bound but not listening: the server called bind() and has not called listen() yet (or never will)",
                bound.local_endpoint()
            ));
            check.holders.push((*bound).clone());
        }
        if let (Some(address), Some(elsewhere)) = (
            address,
            sockets.iter().find(|socket| serving_anywhere(socket)),
        ) {
            check.notes.push(format!(
                "something listens on {}, which does not serve {address}",
                elsewhere.local_endpoint()
            ));
            check.holders.push((*elsewhere).clone());
        }
    }
    check.holders.extend(listeners);
    owners::sort(&mut check.holders);
}

fn serving_anywhere(socket: &Socket) -> bool {
    matches!(socket.state, SocketState::Listen | SocketState::Unconn)
}

/// The socket's address as IPv4 when it is IPv4 or IPv4-mapped IPv6.
fn normalized(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    }
}

/// Whether an existing socket and a bind of `address` (an IPv6 wildcard bound dual-stack)
/// claim a common address.
pub fn overlaps(socket: &Socket, address: IpAddr, settings: &NetSettings) -> bool {
    let local = normalized(socket.local_address);
    let dual_stack_socket = socket.local_address.is_ipv6()
        && local.is_unspecified()
        && !socket.v6only.unwrap_or(settings.bindv6only);
    match (local, address) {
        (IpAddr::V4(_), IpAddr::V4(_)) | (IpAddr::V6(_), IpAddr::V6(_)) => {
            local.is_unspecified() || address.is_unspecified() || local == address
        }
        (IpAddr::V6(_), IpAddr::V4(_)) => dual_stack_socket,
        (IpAddr::V4(_), IpAddr::V6(v6)) => v6.is_unspecified(),
    }
}

/// Whether a listener on the socket's address accepts connections to `address`.
fn serves(socket: &Socket, address: IpAddr, settings: &NetSettings) -> bool {
    let local = normalized(socket.local_address);
    let address = normalized(address);
    match (local, address) {
        (IpAddr::V4(_), IpAddr::V4(_)) | (IpAddr::V6(_), IpAddr::V6(_)) => {
            local.is_unspecified() || local == address
        }
        (IpAddr::V6(_), IpAddr::V4(_)) => {
            local.is_unspecified() && !socket.v6only.unwrap_or(settings.bindv6only)
        }
        (IpAddr::V4(_), IpAddr::V6(_)) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Family;

    fn socket(address: &str, state: SocketState, v6only: Option<bool>) -> Socket {
        let local_address: IpAddr = address.parse().unwrap();
        Socket {
            protocol: Protocol::Tcp,
            family: Family::of(&local_address),
            local_address,
            local_port: 8080,
            remote_address: None,
            remote_port: None,
            state,
            inode: if state == SocketState::TimeWait { 0 } else { 7 },
            uid: Some(0),
            user: None,
            expires_in_ms: (state == SocketState::TimeWait).then_some(30_000),
            recv_queue: Some(0),
            send_queue: Some(128),
            v6only,
            matched_by: MatchedBy::LocalPort,
            processes: vec![],
            owner_visible: true,
            netns: Default::default(),
        }
    }

    fn attempts(v4: BindOutcome, v6: BindOutcome) -> Vec<BindAttempt> {
        vec![
            BindAttempt {
                address: "0.0.0.0".parse().unwrap(),
                outcome: v4,
            },
            BindAttempt {
                address: "::".parse().unwrap(),
                outcome: v6,
            },
        ]
    }

    fn options(strict: bool) -> CheckOptions {
        CheckOptions {
            address: None,
            strict,
            listening: false,
            backend: Backend::Auto,
        }
    }

    const TARGET: Target = Target {
        protocol: Protocol::Tcp,
        port: 8080,
    };

    fn settings() -> NetSettings {
        NetSettings {
            can_bind_privileged_ports: true,
            ..NetSettings::default()
        }
    }

    #[test]
    fn a_port_that_binds_everywhere_with_nothing_on_it_is_free() {
        let check = classify(
            TARGET,
            attempts(BindOutcome::Bound, BindOutcome::Bound),
            &[],
            &settings(),
            &options(false),
        );
        assert_eq!(check.status, PortStatus::Free);
        assert!(check.notes.is_empty(), "{:?}", check.notes);
    }

    #[test]
    fn time_wait_only_is_time_wait_and_passes_unless_strict() {
        let time_wait = socket("127.0.0.1", SocketState::TimeWait, None);
        let check = classify(
            TARGET,
            attempts(BindOutcome::Bound, BindOutcome::Bound),
            &[&time_wait],
            &settings(),
            &options(false),
        );
        assert_eq!(
            (check.status, check.time_wait, check.time_wait_expires_in_ms),
            (PortStatus::TimeWait, 1, Some(30_000))
        );
        assert_eq!(status_of(check.status, false), Status::Success);
        let strict = classify(
            TARGET,
            attempts(BindOutcome::InUse, BindOutcome::InUse),
            &[&time_wait],
            &settings(),
            &options(true),
        );
        assert_eq!(strict.status, PortStatus::TimeWait);
        assert_eq!(status_of(strict.status, true), Status::Failure);
        assert!(
            strict.notes[0].contains("without SO_REUSEADDR"),
            "{:?}",
            strict.notes
        );
    }

    #[test]
    fn a_listener_makes_the_port_in_use_and_is_the_holder_not_its_connections() {
        let listener = socket("127.0.0.1", SocketState::Listen, None);
        let mut connection = socket("127.0.0.1", SocketState::Established, None);
        connection.remote_address = Some("127.0.0.1".parse().unwrap());
        let check = classify(
            TARGET,
            attempts(BindOutcome::InUse, BindOutcome::InUse),
            &[&listener, &connection],
            &settings(),
            &options(false),
        );
        assert_eq!(check.status, PortStatus::InUse);
        assert_eq!(check.holders.len(), 1);
        assert_eq!(check.holders[0].state, SocketState::Listen);
    }

    #[test]
    fn a_dual_stack_listener_is_named_as_holding_the_ipv4_port() {
        let dual = socket("::", SocketState::Listen, Some(false));
        let check = classify(
            TARGET,
            attempts(BindOutcome::InUse, BindOutcome::InUse),
            &[&dual],
            &settings(),
            &options(false),
        );
        assert_eq!(check.status, PortStatus::InUse);
        assert!(
            check
                .notes
                .iter()
                .any(|note| note.contains("dual-stack") && note.contains("0.0.0.0:8080")),
            "{:?}",
            check.notes
        );
    }

    #[test]
    fn permission_and_address_errors_are_their_own_statuses() {
        let unprivileged = NetSettings::default();
        let denied = classify(
            Target {
                protocol: Protocol::Tcp,
                port: 80,
            },
            attempts(BindOutcome::PermissionDenied, BindOutcome::PermissionDenied),
            &[],
            &unprivileged,
            &options(false),
        );
        assert_eq!(denied.status, PortStatus::PermissionDenied);
        assert!(
            denied.notes[0].contains("CAP_NET_BIND_SERVICE") && denied.notes[0].contains("1024")
        );
        assert_eq!(status_of(denied.status, false), Status::CannotBind);
        let address = CheckOptions {
            address: Some("192.0.2.1".parse().unwrap()),
            ..options(false)
        };
        let unavailable = classify(
            TARGET,
            vec![BindAttempt {
                address: "192.0.2.1".parse().unwrap(),
                outcome: BindOutcome::AddressUnavailable,
            }],
            &[],
            &settings(),
            &address,
        );
        assert_eq!(unavailable.status, PortStatus::AddressUnavailable);
    }

    #[test]
    fn a_host_without_ipv6_is_checked_on_ipv4_alone() {
        let check = classify(
            TARGET,
            attempts(BindOutcome::Bound, BindOutcome::FamilyUnsupported),
            &[],
            &settings(),
            &options(false),
        );
        assert_eq!(check.status, PortStatus::Free);
    }

    #[test]
    fn ephemeral_ports_get_a_note_unless_reserved() {
        let mut host = settings();
        let target = Target {
            protocol: Protocol::Tcp,
            port: 40000,
        };
        let check = classify(
            target,
            attempts(BindOutcome::Bound, BindOutcome::Bound),
            &[],
            &host,
            &options(false),
        );
        assert!(
            check
                .notes
                .iter()
                .any(|note| note.contains("ip_local_port_range (32768-60999)"))
        );
        host.reserved_ports = vec![(40000, 40000)];
        let reserved = classify(
            target,
            attempts(BindOutcome::Bound, BindOutcome::Bound),
            &[],
            &host,
            &options(false),
        );
        assert!(reserved.notes.is_empty());
    }

    #[test]
    fn overlap_follows_the_kernel_rules_for_addresses() {
        let host = settings();
        let v4_any: IpAddr = "0.0.0.0".parse().unwrap();
        let v6_any: IpAddr = "::".parse().unwrap();
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(overlaps(
            &socket("127.0.0.1", SocketState::Listen, None),
            v4_any,
            &host
        ));
        assert!(overlaps(
            &socket("0.0.0.0", SocketState::Listen, None),
            loopback,
            &host
        ));
        assert!(!overlaps(
            &socket("127.0.0.2", SocketState::Listen, None),
            loopback,
            &host
        ));
        assert!(overlaps(
            &socket("::", SocketState::Listen, Some(false)),
            v4_any,
            &host
        ));
        assert!(!overlaps(
            &socket("::", SocketState::Listen, Some(true)),
            v4_any,
            &host
        ));
        assert!(
            overlaps(
                &socket("127.0.0.1", SocketState::Listen, None),
                v6_any,
                &host
            ),
            "[::] dual-stack claims IPv4"
        );
        assert!(!overlaps(
            &socket("127.0.0.1", SocketState::Listen, None),
            "::1".parse().unwrap(),
            &host
        ));
        assert!(overlaps(
            &socket("::ffff:127.0.0.1", SocketState::Listen, None),
            loopback,
            &host
        ));
    }

    #[test]
    fn listening_mode_needs_a_listener_that_serves_the_address() {
        let listening = CheckOptions {
            listening: true,
            ..options(false)
        };
        let listener = socket("127.0.0.1", SocketState::Listen, None);
        let up = classify(TARGET, vec![], &[&listener], &settings(), &listening);
        assert_eq!(up.status, PortStatus::Listening);
        let elsewhere = CheckOptions {
            address: Some("10.1.2.3".parse().unwrap()),
            ..listening.clone()
        };
        let down = classify(TARGET, vec![], &[&listener], &settings(), &elsewhere);
        assert_eq!(down.status, PortStatus::NotListening);
        assert!(down.notes[0].contains("does not serve 10.1.2.3"));
        let bound = socket("0.0.0.0", SocketState::Bound, None);
        let not_yet = classify(TARGET, vec![], &[&bound], &settings(), &listening);
        assert_eq!(not_yet.status, PortStatus::NotListening);
        assert!(not_yet.notes[0].contains("bound but not listening"));
    }
}
