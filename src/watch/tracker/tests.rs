//! The tracker on hand-built readings: each change is one event, once.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use super::*;
use crate::model::{Family, MatchedBy};

const PORT: Target = Target {
    protocol: Protocol::Tcp,
    port: 8080,
};

fn process(pid: u32, name: &str) -> Arc<Process> {
    Arc::new(Process {
        pid,
        ppid: 1,
        name: name.into(),
        cmdline: format!("/usr/bin/{name}"),
        user: None,
        uid: Some(0),
        exe: None,
        started_at: None,
        start_ticks: None,
        systemd_unit: None,
        systemd_user_unit: false,
        container: None,
        forwarder: None,
        open_fds: None,
        fd_limit: None,
        fd_limit_hard: None,
    })
}

fn listener(inode: u64, holders: &[Arc<Process>]) -> Socket {
    Socket {
        protocol: Protocol::Tcp,
        family: Family::Ipv4,
        local_address: IpAddr::V4(Ipv4Addr::LOCALHOST),
        local_port: PORT.port,
        remote_address: None,
        remote_port: None,
        state: SocketState::Listen,
        inode,
        uid: Some(0),
        user: None,
        expires_in_ms: None,
        recv_queue: Some(0),
        send_queue: Some(2),
        v6only: None,
        matched_by: MatchedBy::LocalPort,
        processes: holders.to_vec(),
        owner_visible: true,
        netns: None,
    }
}

/// A socket read for the first time (its owners looked up).
fn new(socket: Socket) -> Seen {
    Seen {
        owner: Some(if socket.processes.is_empty() {
            Owner::Exited
        } else {
            Owner::Found
        }),
        socket,
    }
}

/// A known socket read again: the table gives no owners.
fn again(mut socket: Socket) -> Seen {
    socket.processes = Vec::new();
    Seen {
        socket,
        owner: None,
    }
}

fn reading(sockets: Vec<Seen>, status: Option<PortStatus>) -> Reading {
    Reading {
        target: PORT,
        sockets,
        time_wait: 0,
        time_wait_expires_in_ms: None,
        status,
    }
}

fn names(events: &[Event]) -> Vec<&'static str> {
    events
        .iter()
        .map(|event| match event.kind {
            EventKind::State { .. } => "state",
            EventKind::SocketAppeared { .. } => "appeared",
            EventKind::SocketGone { .. } => "gone",
            EventKind::SocketChanged { .. } => "changed",
            EventKind::HolderChanged { .. } => "holder",
            EventKind::Verdict { .. } => "verdict",
            EventKind::AcceptQueueFull { .. } => "queue-full",
            EventKind::AcceptQueueCleared { .. } => "queue-cleared",
            EventKind::TimeWaitAbove { .. } => "time-wait-above",
            EventKind::TimeWaitBelow { .. } => "time-wait-below",
            EventKind::UnexpectedHolder { .. } => "unexpected",
            EventKind::Watching { .. } | EventKind::Warning { .. } | EventKind::Stopped { .. } => {
                "other"
            }
        })
        .collect()
}

fn tracker() -> Tracker {
    Tracker::new(Expectations::default(), 1000)
}

#[test]
fn the_first_reading_is_the_state_and_a_later_listener_appears_once() {
    let mut tracker = tracker();
    let at = Stamp::now();
    let first = tracker.observe(reading(vec![], Some(PortStatus::Free)), at);
    assert_eq!(names(&first), ["state"]);
    let alpha = listener(10, &[process(100, "alpha")]);
    let started = tracker.observe(
        reading(vec![new(alpha.clone())], Some(PortStatus::InUse)),
        at,
    );
    assert_eq!(names(&started), ["appeared", "verdict"]);
    let quiet = tracker.observe(reading(vec![again(alpha.clone())], None), at);
    assert!(quiet.is_empty(), "{quiet:?}");
    let stopped = tracker.observe(reading(vec![], Some(PortStatus::Free)), at);
    assert_eq!(names(&stopped), ["gone", "verdict"]);
    let EventKind::SocketGone { socket, .. } = &stopped[0].kind else {
        unreachable!()
    };
    assert_eq!(
        socket.processes[0].pid, 100,
        "the gone socket keeps its owner"
    );
}

#[test]
fn a_replacement_within_one_poll_is_a_gone_and_an_appeared_without_a_verdict() {
    let mut tracker = tracker();
    let at = Stamp::now();
    let alpha = listener(10, &[process(100, "alpha")]);
    tracker.observe(reading(vec![new(alpha)], Some(PortStatus::InUse)), at);
    let beta = listener(11, &[process(200, "beta")]);
    let replaced = tracker.observe(reading(vec![new(beta)], Some(PortStatus::InUse)), at);
    assert_eq!(names(&replaced), ["gone", "appeared"]);
}

#[test]
fn an_accept_queue_is_reported_full_once_and_cleared_once() {
    let mut tracker = tracker();
    let at = Stamp::now();
    let quiet = listener(10, &[process(100, "app")]);
    tracker.observe(
        reading(vec![new(quiet.clone())], Some(PortStatus::InUse)),
        at,
    );
    let mut full = quiet.clone();
    full.recv_queue = Some(2);
    assert_eq!(
        names(&tracker.observe(reading(vec![again(full.clone())], None), at)),
        ["queue-full"]
    );
    full.recv_queue = Some(3);
    assert!(
        tracker
            .observe(reading(vec![again(full)], None), at)
            .is_empty()
    );
    let cleared = tracker.observe(reading(vec![again(quiet)], None), at);
    assert_eq!(names(&cleared), ["queue-cleared"]);
    let EventKind::AcceptQueueCleared { socket, .. } = &cleared[0].kind else {
        unreachable!()
    };
    assert_eq!(socket.processes.len(), 1, "a known socket keeps its owners");
}

#[test]
fn time_wait_is_reported_at_the_threshold_and_again_at_half_of_it() {
    let mut tracker = Tracker::new(Expectations::default(), 4);
    let at = Stamp::now();
    let with = |count: usize| Reading {
        time_wait: count,
        time_wait_expires_in_ms: Some(59_000),
        ..reading(vec![], None)
    };
    tracker.observe(reading(vec![], Some(PortStatus::Free)), at);
    assert!(tracker.observe(with(3), at).is_empty());
    assert_eq!(names(&tracker.observe(with(4), at)), ["time-wait-above"]);
    assert!(tracker.observe(with(3), at).is_empty(), "no flapping below");
    assert_eq!(names(&tracker.observe(with(2), at)), ["time-wait-below"]);
}

#[test]
fn a_holder_no_expectation_names_is_unexpected_and_an_unidentified_one_too() {
    let mut tracker = Tracker::new(Expectations::new(vec!["nginx".into()]), 1000);
    let at = Stamp::now();
    let nginx = listener(10, &[process(100, "nginx")]);
    let state = tracker.observe(
        reading(vec![new(nginx.clone())], Some(PortStatus::InUse)),
        at,
    );
    assert_eq!(names(&state), ["state"]);
    let stranger = listener(11, &[process(200, "python3")]);
    let ghost = listener(12, &[]);
    let events = tracker.observe(
        reading(
            vec![again(nginx), new(stranger), new(ghost)],
            Some(PortStatus::InUse),
        ),
        at,
    );
    assert_eq!(
        names(&events),
        ["appeared", "unexpected", "appeared", "unexpected"]
    );
    let EventKind::UnexpectedHolder { processes, .. } = &events[1].kind else {
        unreachable!()
    };
    assert_eq!(processes[0].pid, 200);
    let EventKind::UnexpectedHolder { owner, .. } = &events[3].kind else {
        unreachable!()
    };
    assert_eq!(*owner, Owner::Exited);
}

#[test]
fn a_holder_looked_up_again_is_a_change_only_when_the_pids_differ() {
    let mut tracker = tracker();
    let at = Stamp::now();
    let parent = listener(10, &[process(100, "daemon")]);
    tracker.observe(
        reading(vec![new(parent.clone())], Some(PortStatus::InUse)),
        at,
    );
    assert!(
        tracker
            .observe(reading(vec![new(parent)], None), at)
            .is_empty()
    );
    let child = listener(10, &[process(101, "daemon")]);
    let events = tracker.observe(reading(vec![new(child)], None), at);
    assert_eq!(names(&events), ["holder"]);
    let EventKind::HolderChanged {
        previous, socket, ..
    } = &events[0].kind
    else {
        unreachable!()
    };
    assert_eq!((previous[0].pid, socket.processes[0].pid), (100, 101));
}

#[test]
fn a_bound_socket_that_starts_listening_is_one_change() {
    let mut tracker = tracker();
    let at = Stamp::now();
    let mut bound = listener(10, &[process(100, "app")]);
    bound.state = SocketState::Bound;
    tracker.observe(reading(vec![new(bound)], Some(PortStatus::InUse)), at);
    let listening = listener(10, &[process(100, "app")]);
    let events = tracker.observe(reading(vec![again(listening)], None), at);
    assert_eq!(names(&events), ["changed"]);
}
