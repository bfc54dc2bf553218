//! Pre-flight findings on hand-built bindings and verdicts; `tests/check_from.rs` runs
//! them against real files, listeners and nginx.

use std::net::IpAddr;

use crate::config::{Binding, BindingKind, Format, Origin};
use crate::kernel::Profile;
use crate::model::{Family, MatchedBy, NetSettings, Protocol, Socket, SocketState, Target};
use crate::preflight::duplicates::duplicates;
use crate::preflight::host::{DEFAULT_PROTECTED, HostRules, host_findings};
use crate::preflight::live::{LiveVerdicts, live_findings, probe_address};
use crate::preflight::{FindingKind, Severity, dedupe};
use crate::verdict::{Holder, PortStatus, PortVerdict};

fn binding(address: &str, port: u16, line: usize, kind: BindingKind, format: Format) -> Binding {
    Binding::new(
        address.parse().unwrap(),
        port,
        Protocol::Tcp,
        Origin::new("app.conf", line),
        kind,
        format,
    )
}

fn listen(address: &str, port: u16, line: usize) -> Binding {
    binding(address, port, line, BindingKind::Listen, Format::Nginx)
}

#[test]
fn overlapping_addresses_collide_and_sockets_shared_by_design_do_not() {
    let settings = NetSettings::default();
    let mut dual = listen("::", 80, 1);
    dual.v6only = Some(false);
    let v4_loopback = listen("127.0.0.1", 80, 2);
    let found = duplicates(&[dual.clone(), v4_loopback.clone()], &settings);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].origin.line, 2);
    assert_eq!(found[0].related.as_ref().map(|origin| origin.line), Some(1));

    let mut v6_only = dual.clone();
    v6_only.v6only = Some(true);
    assert!(duplicates(&[v6_only, v4_loopback.clone()], &settings).is_empty());

    let other_address = listen("127.0.0.2", 80, 3);
    assert!(duplicates(&[v4_loopback.clone(), other_address], &settings).is_empty());

    let mut first = listen("0.0.0.0", 80, 4);
    let mut second = listen("0.0.0.0", 80, 5);
    first.socket_group = Some("http".into());
    second.socket_group = Some("http".into());
    assert!(duplicates(&[first.clone(), second.clone()], &settings).is_empty());
    first.socket_group = None;
    second.socket_group = None;
    first.reuseport = true;
    second.reuseport = true;
    assert!(duplicates(&[first.clone(), second.clone()], &settings).is_empty());
    second.reuseport = false;
    assert_eq!(duplicates(&[first, second], &settings).len(), 1);

    let mut udp = listen("0.0.0.0", 80, 6);
    udp.protocol = Protocol::Udp;
    assert!(duplicates(&[listen("0.0.0.0", 80, 7), udp], &settings).is_empty());
}

#[test]
fn node_ports_collide_only_with_node_ports() {
    let settings = NetSettings::default();
    let node = |line| {
        binding(
            "0.0.0.0",
            30080,
            line,
            BindingKind::NodePort,
            Format::Kubernetes,
        )
    };
    let host = listen("0.0.0.0", 30080, 9);
    assert!(duplicates(&[node(1), host], &settings).is_empty());
    assert_eq!(duplicates(&[node(1), node(2)], &settings).len(), 1);
}

#[test]
fn host_rules_privileged_ephemeral_protected_and_node_port_range() {
    let settings = NetSettings {
        ephemeral_ports: (40000, 50000),
        reserved_ports: vec![(45000, 45000)],
        ..NetSettings::default()
    };
    let rules = HostRules {
        settings: &settings,
        protected: Some(DEFAULT_PROTECTED),
        node_port_range: (30000, 32767),
    };
    let mut as_user = binding(
        "0.0.0.0",
        443,
        1,
        BindingKind::HostNetwork,
        Format::Kubernetes,
    );
    as_user.runs_as = Some("1000".into());
    let mut as_root = listen("0.0.0.0", 80, 2);
    as_root.runs_as = Some("root".into());
    let mut socket_unit = binding(
        "0.0.0.0",
        53,
        3,
        BindingKind::SocketUnit,
        Format::SystemdSocket,
    );
    socket_unit.runs_as = Some("dns".into());
    let ephemeral = listen("0.0.0.0", 41000, 4);
    let reserved = listen("0.0.0.0", 45000, 5);
    let node_port = binding(
        "0.0.0.0",
        8080,
        6,
        BindingKind::NodePort,
        Format::Kubernetes,
    );
    let compose_80 = binding("0.0.0.0", 80, 7, BindingKind::HostPort, Format::Compose);
    let found = host_findings(
        &[
            as_user,
            as_root,
            socket_unit,
            ephemeral,
            reserved,
            node_port,
            compose_80,
        ],
        &rules,
    );
    let kinds: Vec<(usize, &str, Severity)> = found
        .iter()
        .map(|finding| (finding.origin.line, finding.kind.name(), finding.severity))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (1, "privileged-port", Severity::CannotBind),
            (1, "protected-port", Severity::Warning),
            (4, "ephemeral-range", Severity::Warning),
            (6, "node-port-range", Severity::Error),
        ]
    );
}

fn holder(address: &str, v6only: Option<bool>) -> Holder {
    let local_address: IpAddr = address.parse().unwrap();
    Holder {
        socket: Socket {
            protocol: Protocol::Tcp,
            family: Family::of(&local_address),
            local_address,
            local_port: 80,
            remote_address: None,
            remote_port: None,
            state: SocketState::Listen,
            inode: 7,
            uid: Some(0),
            user: None,
            expires_in_ms: None,
            recv_queue: None,
            send_queue: None,
            v6only,
            matched_by: MatchedBy::LocalPort,
            processes: vec![],
            owner_visible: true,
            netns: None,
        },
        blocks: vec![Profile::ReuseAddress],
    }
}

fn verdict(status: PortStatus, holders: Vec<Holder>) -> PortVerdict {
    PortVerdict::for_tests(80, status, holders)
}

#[test]
fn a_live_ipv4_listener_does_not_concern_an_ipv6_only_binding() {
    let settings = NetSettings::default();
    let mut v6_only = listen("::", 80, 1);
    v6_only.v6only = Some(true);
    let mut dual = listen("::", 80, 2);
    dual.v6only = Some(false);
    let target = Target {
        protocol: Protocol::Tcp,
        port: 80,
    };
    assert_eq!(probe_address(&v6_only), None);
    let mut verdicts = LiveVerdicts::new();
    verdicts.insert(
        (None, target),
        verdict(PortStatus::InUse, vec![holder("0.0.0.0", None)]),
    );
    let found = live_findings(&[v6_only.clone(), dual], &verdicts, &settings);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].origin.line, 2);
    assert!(matches!(found[0].kind, FindingKind::InUse { .. }));

    // A failure the table does not explain still counts.
    verdicts.insert((None, target), verdict(PortStatus::InUse, vec![]));
    assert_eq!(live_findings(&[v6_only], &verdicts, &settings).len(), 1);
}

#[test]
fn a_privileged_port_refused_to_an_unprivileged_portdoc_is_not_reported_live() {
    let settings = NetSettings {
        can_bind_privileged_ports: false,
        ..NetSettings::default()
    };
    let binding = listen("0.0.0.0", 80, 1);
    let target = Target {
        protocol: Protocol::Tcp,
        port: 80,
    };
    let mut verdicts = LiveVerdicts::new();
    verdicts.insert(
        (probe_address(&binding), target),
        verdict(PortStatus::PermissionDenied, vec![]),
    );
    assert!(live_findings(std::slice::from_ref(&binding), &verdicts, &settings).is_empty());
    let unavailable = verdict(PortStatus::AddressUnavailable, vec![]);
    verdicts.insert((probe_address(&binding), target), unavailable);
    let found = live_findings(&[binding], &verdicts, &settings);
    assert_eq!(found[0].severity, Severity::CannotBind);
}

#[test]
fn the_ipv4_and_ipv6_bindings_of_one_line_say_a_thing_once() {
    let rules_settings = NetSettings::default();
    let rules = HostRules {
        settings: &rules_settings,
        protected: None,
        node_port_range: (30000, 32767),
    };
    let v4 = binding("0.0.0.0", 40000, 3, BindingKind::HostPort, Format::Compose);
    let v6 = binding("::", 40000, 3, BindingKind::HostPort, Format::Compose);
    let found = dedupe(host_findings(&[v4, v6], &rules));
    assert_eq!(found.len(), 1);
}
