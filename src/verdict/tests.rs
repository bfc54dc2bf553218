//! The verdict on hand-built probes and sockets; `tests/verdict_kernel.rs` holds it against
//! real binds.

use std::net::IpAddr;

use super::*;
use crate::exit::Status;
use crate::model::{Family, MatchedBy, SocketState};

const TCP: Target = Target {
    protocol: Protocol::Tcp,
    port: 8080,
};

fn socket(address: &str, state: SocketState) -> Socket {
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
        uid: (state != SocketState::TimeWait).then_some(0),
        user: None,
        expires_in_ms: (state == SocketState::TimeWait).then_some(30_000),
        recv_queue: Some(0),
        send_queue: Some(128),
        v6only: None,
        matched_by: MatchedBy::LocalPort,
        processes: vec![],
        owner_visible: true,
        netns: None,
    }
}

fn probe(profile: Profile, address: &str, result: ProbeResult) -> Probe {
    let address: IpAddr = address.parse().unwrap();
    Probe {
        profile,
        address,
        dual_stack: address.is_ipv6() && address.is_unspecified(),
        result,
        as_uid: None,
    }
}

/// TCP probes of both profiles on both wildcards: `typical` and `plain` results.
fn tcp_probes(typical: ProbeResult, plain: ProbeResult) -> Vec<Probe> {
    vec![
        probe(Profile::ReuseAddress, "0.0.0.0", typical.clone()),
        probe(Profile::ReuseAddress, "::", typical),
        probe(Profile::Plain, "0.0.0.0", plain.clone()),
        probe(Profile::Plain, "::", plain),
    ]
}

fn settings() -> NetSettings {
    NetSettings {
        can_bind_privileged_ports: true,
        ..NetSettings::default()
    }
}

fn judged(
    target: Target,
    probes: &[Probe],
    sockets: &[Socket],
    settings: &NetSettings,
) -> PortVerdict {
    let sockets: Vec<&Socket> = sockets.iter().collect();
    judge(&PortFacts {
        target,
        address: None,
        probes,
        sockets: &sockets,
        settings,
        bound_sockets_listed: true,
    })
}

fn kinds(verdict: &PortVerdict) -> Vec<String> {
    verdict
        .reasons
        .iter()
        .map(|reason| {
            serde_json::to_value(reason).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

use ProbeResult::{Bound, Denied, InUse};

#[test]
fn a_port_every_profile_binds_is_free_without_reasons() {
    let verdict = judged(TCP, &tcp_probes(Bound, Bound), &[], &settings());
    assert_eq!(verdict.status, PortStatus::Free);
    assert!(verdict.reasons.is_empty(), "{:?}", verdict.reasons);
    assert_eq!(verdict.exit_status(true), Status::Success);
}

#[test]
fn time_wait_that_stops_only_servers_without_reuseaddr_is_time_wait() {
    let time_wait = socket("127.0.0.1", SocketState::TimeWait);
    let verdict = judged(TCP, &tcp_probes(Bound, InUse), &[time_wait], &settings());
    assert_eq!(verdict.status, PortStatus::TimeWait);
    assert_eq!(kinds(&verdict), ["time-wait-blocks-plain"]);
    assert_eq!(verdict.time_wait, 1);
    assert_eq!(verdict.exit_status(false), Status::Success);
    assert_eq!(verdict.exit_status(true), Status::Failure);
}

#[test]
fn time_wait_that_stops_the_typical_server_is_in_use() {
    let time_wait = socket("127.0.0.1", SocketState::TimeWait);
    let verdict = judged(TCP, &tcp_probes(InUse, InUse), &[time_wait], &settings());
    assert_eq!(verdict.status, PortStatus::InUse);
    assert_eq!(kinds(&verdict), ["time-wait-blocks-every-server"]);
    assert_eq!(verdict.holders.len(), 1);
    assert_eq!(
        verdict.holders[0].blocks,
        [Profile::ReuseAddress, Profile::Plain]
    );
    assert_eq!(verdict.exit_status(false), Status::Failure);
}

#[test]
fn a_listener_is_the_holder_and_its_connections_are_only_counted() {
    let listener = socket("0.0.0.0", SocketState::Listen);
    let mut connection = socket("127.0.0.1", SocketState::Established);
    connection.remote_address = Some("127.0.0.1".parse().unwrap());
    connection.remote_port = Some(40000);
    let verdict = judged(
        TCP,
        &tcp_probes(InUse, InUse),
        &[listener, connection],
        &settings(),
    );
    assert_eq!(verdict.status, PortStatus::InUse);
    assert_eq!(verdict.holders.len(), 1);
    assert_eq!(verdict.holders[0].socket.state, SocketState::Listen);
    assert_eq!(kinds(&verdict), ["connections-of-holder"]);
}

#[test]
fn a_dual_stack_listener_is_named_as_taking_the_ipv4_port() {
    let mut dual = socket("::", SocketState::Listen);
    dual.v6only = Some(false);
    let verdict = judged(TCP, &tcp_probes(InUse, InUse), &[dual], &settings());
    assert_eq!(kinds(&verdict), ["dual-stack-holder"]);
}

#[test]
fn a_bound_socket_with_reuseaddr_is_a_latent_conflict_on_a_free_port() {
    let bound = socket("127.0.0.1", SocketState::Bound);
    let verdict = judged(TCP, &tcp_probes(Bound, InUse), &[bound], &settings());
    assert_eq!(verdict.status, PortStatus::Free);
    assert_eq!(kinds(&verdict), ["latent-conflict"]);
    assert_eq!(verdict.holders[0].blocks, [Profile::Plain]);
    assert_eq!(verdict.exit_status(false), Status::Success);
    assert_eq!(verdict.exit_status(true), Status::Failure);
}

#[test]
fn a_bound_socket_without_reuseaddr_holds_the_port() {
    let bound = socket("127.0.0.1", SocketState::Bound);
    let verdict = judged(TCP, &tcp_probes(InUse, InUse), &[bound], &settings());
    assert_eq!(verdict.status, PortStatus::InUse);
    assert_eq!(kinds(&verdict), ["bound-not-listening"]);
}

#[test]
fn a_privileged_port_held_in_the_table_is_in_use_though_the_probe_was_denied() {
    let unprivileged = NetSettings::default();
    let target = Target {
        protocol: Protocol::Tcp,
        port: 80,
    };
    let mut listener = socket("0.0.0.0", SocketState::Listen);
    listener.local_port = 80;
    let verdict = judged(
        target,
        &tcp_probes(Denied, Denied),
        &[listener],
        &unprivileged,
    );
    assert_eq!(verdict.status, PortStatus::InUse);
    assert_eq!(kinds(&verdict), ["held-behind-privilege", "privileged"]);
    let free = judged(target, &tcp_probes(Denied, Denied), &[], &unprivileged);
    assert_eq!(free.status, PortStatus::PermissionDenied);
    assert_eq!(kinds(&free), ["privileged"]);
    assert!(!free.may_change());
    assert_eq!(free.exit_status(false), Status::CannotBind);
}

#[test]
fn denial_on_an_unprivileged_port_is_a_security_policy() {
    let verdict = judged(
        TCP,
        &tcp_probes(Denied, Denied),
        &[],
        &NetSettings::default(),
    );
    assert_eq!(verdict.status, PortStatus::PermissionDenied);
    assert_eq!(kinds(&verdict), ["security-policy"]);
}

#[test]
fn a_refusal_nothing_explains_is_said_to_be_unexplained() {
    let verdict = judged(TCP, &tcp_probes(InUse, InUse), &[], &settings());
    assert_eq!(verdict.status, PortStatus::InUse);
    assert_eq!(kinds(&verdict), ["unexplained"]);
}

#[test]
fn a_listener_that_shares_with_reuseport_is_named() {
    let listener = socket("0.0.0.0", SocketState::Listen);
    let mut probes = tcp_probes(InUse, InUse);
    probes.push(probe(Profile::ReusePort, "0.0.0.0", Bound));
    let verdict = judged(TCP, &probes, &[listener], &settings());
    assert_eq!(kinds(&verdict), ["reuse-port-shared"]);
    assert_eq!(
        verdict.holders[0].blocks,
        [Profile::ReuseAddress, Profile::Plain]
    );
}

#[test]
fn a_udp_socket_holds_a_udp_port() {
    let target = Target {
        protocol: Protocol::Udp,
        port: 8080,
    };
    let mut udp = socket("127.0.0.1", SocketState::Unconn);
    udp.protocol = Protocol::Udp;
    let probes = vec![
        probe(Profile::Datagram, "0.0.0.0", InUse),
        probe(Profile::Datagram, "::", InUse),
    ];
    let verdict = judged(target, &probes, &[udp], &settings());
    assert_eq!(verdict.status, PortStatus::InUse);
    assert_eq!(verdict.holders[0].blocks, [Profile::Datagram]);
}

#[test]
fn a_host_without_ipv6_is_judged_on_ipv4() {
    let probes = vec![
        probe(Profile::ReuseAddress, "0.0.0.0", Bound),
        probe(Profile::ReuseAddress, "::", ProbeResult::FamilyUnsupported),
        probe(Profile::Plain, "0.0.0.0", Bound),
        probe(Profile::Plain, "::", ProbeResult::FamilyUnsupported),
    ];
    let verdict = judged(TCP, &probes, &[], &settings());
    assert_eq!(verdict.status, PortStatus::Free);
    assert_eq!(kinds(&verdict), ["no-ipv6"]);
}

#[test]
fn ephemeral_ports_are_noted_with_the_reserved_list_to_extend() {
    let mut host = settings();
    host.reserved_ports = vec![(40001, 40010)];
    let target = Target {
        protocol: Protocol::Tcp,
        port: 40000,
    };
    let verdict = judged(target, &tcp_probes(Bound, Bound), &[], &host);
    assert_eq!(
        verdict.reasons,
        [Reason::Ephemeral {
            first: 32768,
            last: 60999,
            reserved: vec![(40001, 40010)]
        }]
    );
}

#[test]
fn listening_mode_needs_a_listener_that_serves_the_address() {
    let listener = socket("127.0.0.1", SocketState::Listen);
    let sockets = [&listener];
    let host = NetSettings::default();
    let facts = |address: Option<&str>| PortFacts {
        target: TCP,
        address: address.map(|text| text.parse().unwrap()),
        probes: &[],
        sockets: &sockets,
        settings: &host,
        bound_sockets_listed: true,
    };
    assert_eq!(judge_listening(&facts(None)).status, PortStatus::Listening);
    let elsewhere = judge_listening(&facts(Some("10.1.2.3")));
    assert_eq!(elsewhere.status, PortStatus::NotListening);
    assert_eq!(kinds(&elsewhere), ["listens-elsewhere"]);
}
