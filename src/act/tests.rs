//! The plan of `free` on hand-built verdicts; `tests/free.rs` runs it against real
//! processes, nginx, cgroups and a reused pid.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use crate::act::plan::{PlanOptions, PortPlan, RefusalKind, plan_port};
use crate::act::untouched::UntouchedKind;
use crate::kernel::Profile;
use crate::model::{Family, Manager, MatchedBy, Process, Protocol, Signal, Socket, SocketState};
use crate::verdict::{Holder, PortStatus, PortVerdict};

fn process(pid: u32, ppid: u32) -> Arc<Process> {
    Arc::new(Process {
        pid,
        ppid,
        name: "server".into(),
        cmdline: "server --port 8080".into(),
        user: None,
        uid: Some(1000),
        exe: None,
        started_at: None,
        start_ticks: Some(100),
        systemd_unit: None,
        systemd_user_unit: false,
        container: None,
        forwarder: None,
        open_fds: None,
        fd_limit: None,
        fd_limit_hard: None,
    })
}

fn socket(state: SocketState, remote: bool, processes: Vec<Arc<Process>>) -> Socket {
    let local_address: IpAddr = "0.0.0.0".parse().unwrap();
    Socket {
        protocol: Protocol::Tcp,
        family: Family::Ipv4,
        local_address,
        local_port: 8080,
        remote_address: remote.then(|| "10.0.0.1".parse().unwrap()),
        remote_port: remote.then_some(443),
        state,
        inode: if processes.is_empty() { 0 } else { 9 },
        uid: Some(1000),
        user: None,
        expires_in_ms: (state == SocketState::TimeWait).then_some(42_000),
        recv_queue: None,
        send_queue: None,
        v6only: None,
        matched_by: MatchedBy::LocalPort,
        processes,
        owner_visible: true,
        netns: None,
    }
}

fn verdict(status: PortStatus, holders: Vec<Socket>) -> PortVerdict {
    let holders = holders
        .into_iter()
        .map(|socket| Holder {
            socket,
            blocks: vec![Profile::ReuseAddress, Profile::Plain],
        })
        .collect();
    PortVerdict::for_tests(8080, status, holders)
}

fn options(force: bool) -> PlanOptions {
    PlanOptions {
        signal: Signal::Term,
        force,
        rerun_with_sudo: Some("sudo portdoc free 8080".into()),
    }
}

fn everyone_permitted(pids: &[u32]) -> HashMap<u32, bool> {
    pids.iter().map(|&pid| (pid, true)).collect()
}

fn plan(verdict: &PortVerdict, managers: &[(u32, Manager)], force: bool) -> PortPlan {
    let pids: Vec<u32> = verdict
        .holders
        .iter()
        .flat_map(|holder| holder.socket.processes.iter().map(|process| process.pid))
        .collect();
    let managers: HashMap<u32, Option<Manager>> = managers
        .iter()
        .map(|(pid, manager)| (*pid, Some(manager.clone())))
        .collect();
    plan_port(
        verdict,
        &managers,
        &everyone_permitted(&pids),
        &options(force),
    )
}

#[test]
fn a_master_is_signalled_and_its_workers_follow_it() {
    let master = process(10, 1);
    let workers = [process(11, 10), process(12, 10)];
    let listener = socket(
        SocketState::Listen,
        false,
        vec![master, workers[0].clone(), workers[1].clone()],
    );
    let plan = plan(&verdict(PortStatus::InUse, vec![listener]), &[], false);
    assert_eq!(plan.signal.len(), 1);
    assert_eq!(plan.signal[0].process.pid, 10);
    assert_eq!(
        plan.signal[0].sockets,
        vec!["0.0.0.0:8080 LISTEN".to_string()]
    );
    let followers: Vec<(u32, u32)> = plan
        .follow
        .iter()
        .map(|follower| (follower.process.pid, follower.leader))
        .collect();
    assert_eq!(followers, vec![(11, 10), (12, 10)]);
    assert!(plan.actionable());
}

#[test]
fn a_grandchild_follows_the_topmost_holder() {
    let holders = vec![process(30, 20), process(20, 10), process(10, 1)];
    let leaders = crate::act::plan::leaders(&holders);
    assert_eq!(leaders.get(&30), Some(&10));
    assert_eq!(leaders.get(&20), Some(&10));
    assert_eq!(leaders.get(&10), None);
}

#[test]
fn one_refused_holder_stops_the_whole_port_and_force_overrides_only_systemd() {
    let service = process(10, 1);
    let loose = process(20, 1);
    let sockets = vec![
        socket(SocketState::Listen, false, vec![service]),
        socket(SocketState::Bound, false, vec![loose]),
    ];
    let systemd = Manager::SystemdService {
        unit: "web.service".into(),
        user_unit: false,
        user: None,
        uid: Some(0),
        restart: Some("always".into()),
    };
    let refused = plan(
        &verdict(PortStatus::InUse, sockets.clone()),
        &[(10, systemd.clone())],
        false,
    );
    assert_eq!(refused.refused.len(), 1);
    assert_eq!(refused.refused[0].kind, RefusalKind::Managed);
    assert_eq!(
        refused.refused[0].command.as_deref(),
        Some("systemctl stop web.service")
    );
    assert!(
        !refused.actionable(),
        "the free process alone would not free the port"
    );

    let forced = plan(
        &verdict(PortStatus::InUse, sockets.clone()),
        &[(10, systemd)],
        true,
    );
    assert!(forced.refused.is_empty() && forced.actionable());
    assert!(
        forced
            .signal
            .iter()
            .any(|planned| planned.overriding.is_some())
    );

    let container = Manager::Container {
        container: crate::model::Container {
            runtime: "docker".into(),
            id: Some("ab".repeat(32)),
            pod_uid: None,
            name: Some("web; rm -rf /".into()),
            pod_namespace: None,
            pod_name: None,
            pod_id: None,
        },
    };
    let still_refused = plan(
        &verdict(PortStatus::InUse, sockets),
        &[(10, container)],
        true,
    );
    assert_eq!(
        still_refused.refused[0].command.as_deref(),
        Some("docker stop 'web; rm -rf /'"),
        "--force never overrides a container, and its name is quoted"
    );
}

#[test]
fn client_connections_and_time_wait_are_left_alone() {
    let client = process(50, 1);
    let sockets = vec![
        socket(SocketState::Established, true, vec![client]),
        socket(SocketState::TimeWait, true, vec![]),
    ];
    let plan = plan(&verdict(PortStatus::InUse, sockets), &[], false);
    assert!(plan.signal.is_empty() && plan.refused.is_empty() && !plan.actionable());
    let kinds: Vec<(UntouchedKind, usize, Vec<u32>)> = plan
        .untouched
        .iter()
        .map(|entry| (entry.kind, entry.count, entry.pids.clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (UntouchedKind::ClientConnection, 1, vec![50]),
            (UntouchedKind::TimeWait, 1, vec![])
        ]
    );
    assert_eq!(plan.untouched[1].expires_in_ms, Some(42_000));
}

#[test]
fn a_servers_own_connections_are_not_called_clients() {
    let server = process(10, 1);
    let sockets = vec![
        socket(SocketState::Listen, false, vec![server.clone()]),
        socket(SocketState::Established, true, vec![server]),
    ];
    let plan = plan(&verdict(PortStatus::InUse, sockets), &[], false);
    assert!(plan.untouched.is_empty());
    assert_eq!(plan.signal.len(), 1);
}

#[test]
fn hidden_unpermitted_and_processless_holders_are_refused_with_their_reason() {
    let mut hidden = socket(SocketState::Listen, false, vec![]);
    hidden.inode = 9;
    hidden.owner_visible = false;
    let plan_hidden = plan(
        &verdict(PortStatus::InUse, vec![hidden.clone()]),
        &[],
        false,
    );
    assert_eq!(plan_hidden.refused[0].kind, RefusalKind::OwnerHidden);
    assert_eq!(
        plan_hidden.refused[0].command.as_deref(),
        Some("sudo portdoc free 8080")
    );

    hidden.owner_visible = true;
    let plan_kernel = plan(&verdict(PortStatus::InUse, vec![hidden]), &[], false);
    assert_eq!(plan_kernel.refused[0].kind, RefusalKind::NoProcess);

    let other = socket(SocketState::Listen, false, vec![process(70, 1)]);
    let judged = verdict(PortStatus::InUse, vec![other]);
    let denied = plan_port(
        &judged,
        &HashMap::new(),
        &HashMap::from([(70, false)]),
        &options(false),
    );
    assert_eq!(denied.refused[0].kind, RefusalKind::NotPermitted);
    assert_eq!(denied.refused[0].pids, vec![70]);
}

#[test]
fn a_free_or_unbindable_port_plans_nothing_to_signal() {
    let free = plan(&verdict(PortStatus::Free, vec![]), &[], false);
    assert!(free.already_free() && free.signal.is_empty() && free.refused.is_empty());
    let denied = plan(&verdict(PortStatus::PermissionDenied, vec![]), &[], false);
    assert_eq!(denied.refused[0].kind, RefusalKind::NotHeld);
}
