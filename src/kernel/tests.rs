//! The rules on hand-built sockets; `tests/kernel_rules.rs` holds them against real binds.

use std::sync::Arc;

use super::*;
use crate::model::{Family, MatchedBy};

fn at(address: &str, v6only: bool) -> Endpoint {
    Endpoint::new(address.parse().unwrap(), v6only)
}

/// The matrix measured on Linux 6.18 (every pair bound for real with SO_REUSEADDR and
/// listen): `true` = the second bind failed with EADDRINUSE.
#[test]
fn overlap_matches_the_matrix_measured_on_a_real_kernel() {
    let endpoints = [
        at("0.0.0.0", false),
        at("127.0.0.1", false),
        at("127.0.0.2", false),
        at("::", false),
        at("::", true),
        at("::1", false),
        at("::1", true),
        at("::ffff:127.0.0.1", false),
        at("::ffff:0.0.0.0", false),
    ];
    let measured = [
        "111100011",
        "110100011",
        "101100001",
        "111111111",
        "000111100",
        "000111100",
        "000111100",
        "110100011",
        "111100011",
    ];
    for (row, first) in endpoints.iter().enumerate() {
        for (column, second) in endpoints.iter().enumerate() {
            let expected = measured[row].as_bytes()[column] == b'1';
            assert_eq!(
                overlap(*first, *second),
                expected,
                "{first:?} then {second:?}"
            );
        }
    }
}

#[test]
fn a_listener_serves_its_address_its_wildcard_and_dual_stack_ipv4() {
    let loopback: IpAddr = "127.0.0.1".parse().unwrap();
    assert!(serves(at("0.0.0.0", false), loopback));
    assert!(serves(at("127.0.0.1", false), loopback));
    assert!(!serves(at("127.0.0.2", false), loopback));
    assert!(serves(at("::", false), loopback));
    assert!(!serves(at("::", true), loopback));
    assert!(serves(at("::", true), "::1".parse().unwrap()));
    assert!(!serves(at("0.0.0.0", false), "::1".parse().unwrap()));
    assert!(serves(at("::ffff:127.0.0.1", false), loopback));
    assert!(!serves(at("127.0.0.1", false), "0.0.0.0".parse().unwrap()));
}

fn socket(protocol: Protocol, address: &str, state: SocketState) -> Socket {
    let local_address: IpAddr = address.parse().unwrap();
    Socket {
        protocol,
        family: Family::of(&local_address),
        local_address,
        local_port: 8080,
        remote_address: None,
        remote_port: None,
        state,
        inode: 1,
        uid: Some(0),
        user: None,
        expires_in_ms: None,
        recv_queue: None,
        send_queue: None,
        v6only: None,
        matched_by: MatchedBy::LocalPort,
        processes: Vec::new(),
        owner_visible: true,
        netns: None::<Arc<crate::model::Netns>>,
    }
}

#[test]
fn listeners_block_every_tcp_server_and_other_sockets_only_those_without_reuseaddr() {
    let settings = NetSettings::default();
    let wildcard = at("0.0.0.0", false);
    let typical = NewBind::of(Profile::ReuseAddress, Protocol::Tcp, wildcard);
    let plain = NewBind::of(Profile::Plain, Protocol::Tcp, wildcard);
    let listener = socket(Protocol::Tcp, "127.0.0.1", SocketState::Listen);
    assert_eq!(blocking(&listener, typical, &settings), Blocking::Blocks);
    assert_eq!(blocking(&listener, plain, &settings), Blocking::Blocks);
    for state in [
        SocketState::TimeWait,
        SocketState::Bound,
        SocketState::Established,
        SocketState::FinWait2,
    ] {
        let other = socket(Protocol::Tcp, "127.0.0.1", state);
        assert_eq!(
            blocking(&other, typical, &settings),
            Blocking::UnlessItReusesAddress,
            "{state}"
        );
        assert_eq!(
            blocking(&other, plain, &settings),
            Blocking::Blocks,
            "{state}"
        );
    }
    let handshake = socket(Protocol::Tcp, "127.0.0.1", SocketState::SynRecv);
    assert_eq!(blocking(&handshake, plain, &settings), Blocking::Passes);
    let elsewhere = socket(Protocol::Tcp, "::1", SocketState::Listen);
    assert_eq!(blocking(&elsewhere, typical, &settings), Blocking::Passes);
}

#[test]
fn udp_sockets_block_a_udp_server_and_never_a_tcp_one() {
    let settings = NetSettings::default();
    let wildcard = at("::", false);
    let udp = socket(Protocol::Udp, "127.0.0.1", SocketState::Unconn);
    let datagram = NewBind::of(Profile::Datagram, Protocol::Udp, wildcard);
    assert_eq!(blocking(&udp, datagram, &settings), Blocking::Blocks);
    let typical = NewBind::of(Profile::ReuseAddress, Protocol::Tcp, wildcard);
    assert_eq!(blocking(&udp, typical, &settings), Blocking::Passes);
}

#[test]
fn an_unreported_v6only_follows_bindv6only() {
    let dual_by_default = NetSettings::default();
    let v6only_by_default = NetSettings {
        bindv6only: true,
        ..NetSettings::default()
    };
    let listener = socket(Protocol::Tcp, "::", SocketState::Listen);
    let ipv4 = NewBind::of(Profile::ReuseAddress, Protocol::Tcp, at("0.0.0.0", false));
    assert_eq!(
        blocking(&listener, ipv4, &dual_by_default),
        Blocking::Blocks
    );
    assert_eq!(
        blocking(&listener, ipv4, &v6only_by_default),
        Blocking::Passes
    );
}
