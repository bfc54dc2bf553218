//! The portable backend (netstat2 + sysinfo, as used on macOS and Windows) against the Linux
//! backend on the same real sockets: every listener and UDP socket found by one is found by
//! the other, with the same owners. Built with `--features portable`.
#![cfg(all(target_os = "linux", feature = "portable"))]

mod common;

use std::collections::BTreeSet;

use common::*;

type Key = (String, String, u16, BTreeSet<u32>);

fn listeners_and_udp(backend: &str, ports: &str) -> BTreeSet<Key> {
    let output = portdoc(&["--backend", backend, "who", "--json", ports]);
    assert_eq!(code(&output), 0, "{backend}: {}", stderr(&output));
    let document: WhoDocument = parse_json(&stdout(&output));
    document
        .sockets
        .iter()
        .filter(|socket| socket.state == "LISTEN" || socket.protocol == "udp")
        .map(|socket| {
            (
                socket.protocol.clone(),
                socket.local_address.clone(),
                socket.local_port,
                socket.pids().into_iter().collect(),
            )
        })
        .collect()
}

#[test]
fn both_backends_find_the_same_listeners_udp_sockets_and_owners() {
    let loopback = local_listener();
    let shared = local_listener();
    let child = hold(HolderSpec {
        fds: vec![raw_fd(&shared)],
        ..HolderSpec::default()
    });
    let dual = tcp_socket(any_v6(), 0, Some(8), Some(false));
    let udp = udp_socket();
    let udp6 = std::net::UdpSocket::bind("[::1]:0").unwrap();
    let ports = [
        loopback.local_addr().unwrap().port(),
        shared.local_addr().unwrap().port(),
        port_of(&dual),
        udp.local_addr().unwrap().port(),
        udp6.local_addr().unwrap().port(),
    ];
    let spec = ports.map(|port| port.to_string()).join(",");

    let linux = listeners_and_udp("netlink", &spec);
    let portable = listeners_and_udp("portable", &spec);
    assert_eq!(linux, portable);
    assert_eq!(linux.len(), 5, "{linux:#?}");
    assert!(portable.iter().any(|(_, _, port, pids)| *port == ports[1]
        && pids.contains(&child.pid())
        && pids.contains(&std::process::id())));

    let output = portdoc(&["--backend", "portable", "who", "--json", &spec]);
    let document: WhoDocument = parse_json(&stdout(&output));
    assert!(
        document
            .sockets
            .iter()
            .all(|socket| socket.recv_queue.is_none() && socket.netns.is_none()),
        "what the platform cannot say is null"
    );
    assert!(
        document
            .warnings
            .iter()
            .any(|warning| warning.contains("TIME_WAIT timers")),
        "{:?}",
        document.warnings
    );
}

#[test]
fn rules_that_need_linux_facts_are_skipped_with_a_note_on_the_portable_backend() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port().to_string();
    let output = portdoc(&["--backend", "portable", "explain", "--json", &port]);
    let document = parse_json::<ExplainEnvelope>(&stdout(&output)).single();
    assert!(document.has("held-by-process"), "{:#?}", document.findings);
    assert!(
        !document.has("ephemeral-range"),
        "needs ip_local_port_range"
    );
    assert!(
        document
            .warnings
            .iter()
            .any(|warning| warning.contains("need Linux facts")
                && warning.contains("ephemeral-range")),
        "{:?}",
        document.warnings
    );
}
