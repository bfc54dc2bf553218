//! The same questions on every platform (Linux, macOS, Windows), through whichever backend
//! the platform builds: a listener this test opens is found with its owner, and a bind of
//! its address is refused.

use std::net::TcpListener;
use std::process::Command;

/// The binary cargo built, or the artifact named by `PORTDOC_BIN` (see `scripts/cross`).
fn portdoc(args: &[&str]) -> std::process::Output {
    let binary =
        std::env::var_os("PORTDOC_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_portdoc").into());
    Command::new(binary)
        .args(args)
        .output()
        .expect("run portdoc")
}

#[test]
fn a_listener_is_found_with_this_process_as_its_owner() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let output = portdoc(&["who", "--json", &port]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let sockets = document["sockets"].as_array().unwrap();
    let listening = sockets
        .iter()
        .find(|socket| socket["state"] == "LISTEN")
        .expect("the listener");
    let pids: Vec<u64> = listening["processes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|process| process["pid"].as_u64())
        .collect();
    assert!(pids.contains(&u64::from(std::process::id())), "{document}");
}

#[test]
fn check_refuses_a_bound_address_and_frees_it_after() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let busy = portdoc(&["check", "--addr", "127.0.0.1", "--quiet", &port]);
    assert_eq!(busy.status.code(), Some(1));
    drop(listener);
    let free = portdoc(&["check", "--addr", "127.0.0.1", "--quiet", &port]);
    assert_eq!(free.status.code(), Some(0));
}

#[test]
fn pasted_lines_are_explained_everywhere() {
    let output = portdoc(&[
        "explain",
        "--json",
        "0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        document["reports"][0]["findings"][0]["rule"],
        "kubernetes-hostport"
    );
}
