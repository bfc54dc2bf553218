//! `portdoc suggest` never offers a busy port, skips busy ones, respects its range.
#![cfg(target_os = "linux")]

mod common;

use common::*;

fn suggest(args: &[&str]) -> (Vec<u16>, i32, String) {
    let mut full = vec!["suggest"];
    full.extend_from_slice(args);
    let output = portdoc(&full);
    let ports = stdout(&output)
        .lines()
        .map(|line| line.parse().unwrap())
        .collect();
    (ports, code(&output), stderr(&output))
}

#[test]
fn suggest_skips_a_busy_port_and_returns_the_next_free_one() {
    let listener = local_listener();
    let busy = listener.local_addr().unwrap().port();
    let range = format!("{busy}-{}", busy.saturating_add(20));
    let (ports, code, _) = suggest(&[
        &busy.to_string(),
        "--range",
        &range,
        "--allow-ephemeral",
        "--count",
        "3",
    ]);
    assert_eq!(code, 0);
    assert_eq!(ports.len(), 3);
    assert!(!ports.contains(&busy));
    assert!(ports.iter().all(|&port| port > busy && port <= busy + 20));
    assert!(ports.windows(2).all(|pair| pair[0] < pair[1]));
    for port in ports {
        assert!(
            std::net::TcpListener::bind(("0.0.0.0", port)).is_ok(),
            "suggested {port} is bindable"
        );
    }
}

#[test]
fn suggest_never_offers_a_port_with_time_wait_or_a_udp_socket_when_udp_is_asked() {
    let listener = local_listener();
    let time_wait = listener.local_addr().unwrap().port();
    make_time_wait(&listener);
    drop(listener);
    let range = format!("{time_wait}-{time_wait}");
    let (ports, code, error) = suggest(&["--range", &range, "--allow-ephemeral"]);
    assert_eq!((ports, code), (vec![], 1), "TIME_WAIT port offered");
    assert!(error.contains("found 0 of 1"), "{error}");

    let udp = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    let udp_port = udp.local_addr().unwrap().port();
    let range = format!("{udp_port}-{udp_port}");
    let (tcp_only, code, _) = suggest(&["--range", &range, "--allow-ephemeral"]);
    assert_eq!(
        (tcp_only, code),
        (vec![udp_port], 0),
        "UDP does not take the TCP port"
    );
    let (both, code, _) = suggest(&["--range", &range, "--allow-ephemeral", "--udp"]);
    assert_eq!((both, code), (vec![], 1));
}

#[test]
fn suggest_exits_1_when_the_range_is_full() {
    let first = local_listener();
    let port = first.local_addr().unwrap().port();
    let (ports, code, error) =
        suggest(&["--range", &format!("{port}-{port}"), "--allow-ephemeral"]);
    assert_eq!((ports, code), (vec![], 1));
    assert_eq!(error.lines().count(), 1);
    let (json, code) = {
        let output = portdoc(&[
            "suggest",
            "--json",
            "--range",
            &format!("{port}-{port}"),
            "--allow-ephemeral",
        ]);
        (
            parse_json::<SuggestDocument>(&stdout(&output)),
            common::code(&output),
        )
    };
    assert_eq!((json.ports, code), (vec![], 1));
}

#[test]
fn suggest_stays_out_of_the_ephemeral_range_unless_allowed() {
    require_root!();
    // ip_local_port_range belongs to the network namespace: set here, it leaves room above.
    common::netns::in_private_netns(|| {
        std::fs::write("/proc/sys/net/ipv4/ip_local_port_range", "32768 60999")
            .expect("set ip_local_port_range in the private namespace");
        let (low, high) = ephemeral_range();
        assert_eq!((low, high), (32768, 60999));
        let (ports, code, _) = suggest(&[&low.to_string(), "--count", "2"]);
        assert_eq!(code, 0);
        assert!(
            ports.iter().all(|&port| port > high),
            "{ports:?} inside {low}-{high}"
        );
        let (inside, code, _) = suggest(&[&low.to_string(), "--allow-ephemeral"]);
        assert_eq!(code, 0);
        assert!(inside[0] >= low && inside[0] <= high);
    });
}

#[test]
fn suggest_json_and_bad_input() {
    let output = portdoc(&["suggest", "--json", "--count", "2"]);
    let document: SuggestDocument = parse_json(&stdout(&output));
    assert_eq!(document.ports.len(), 2);
    assert!(document.ports[0] >= 8000);
    for args in [
        vec!["suggest", "0"],
        vec!["suggest", "--range", "9-3"],
        vec!["suggest", "--count", "0"],
        vec!["suggest", "9000", "--range", "100-200"],
    ] {
        let output = portdoc(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert_eq!(
            stderr(&output).lines().count(),
            1,
            "{args:?}: {}",
            stderr(&output)
        );
    }
}
