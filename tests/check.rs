//! `portdoc check` against real sockets: every status, every exit code, waiting.
#![cfg(target_os = "linux")]

mod common;

use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use common::*;

#[test]
fn a_free_port_is_free_and_exits_0() {
    let port = free_port();
    let (document, code) = check_json(&[&port.to_string()]);
    assert_eq!(code, 0);
    assert!(document.ok);
    let record = document.port(port);
    assert_eq!(
        (
            record.status.as_str(),
            record.protocol.as_str(),
            record.address.as_str()
        ),
        ("free", "tcp", "0.0.0.0")
    );
    let tested: Vec<&str> = record
        .binds
        .iter()
        .map(|bind| bind.address.as_str())
        .collect();
    assert_eq!(tested, ["0.0.0.0", "::"]);
    assert!(record.holders.is_empty());
    let human = stdout(&portdoc(&["check", &port.to_string()]));
    assert!(human.starts_with(&format!("{port}/tcp  free")), "{human}");
}

#[test]
fn a_loopback_listener_makes_a_wildcard_check_fail_with_exit_1_and_names_the_holder() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let (document, code) = check_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    assert!(!document.ok);
    let record = document.port(port);
    assert_eq!(record.status, "in-use");
    assert_eq!(record.holders.len(), 1);
    assert_eq!(record.holders[0].local_address, "127.0.0.1");
    assert_eq!(record.holders[0].pids(), vec![std::process::id()]);
    let other_loopback = portdoc(&["check", "--addr", "127.0.0.2", &port.to_string()]);
    assert_eq!(
        common::code(&other_loopback),
        0,
        "127.0.0.2 does not overlap 127.0.0.1: {}",
        stdout(&other_loopback)
    );
}

#[test]
fn a_dual_stack_listener_blocks_an_ipv4_bind() {
    let dual = tcp_socket(any_v6(), 0, Some(8), Some(false));
    let port = port_of(&dual);
    let (document, code) = check_json(&["--addr", "0.0.0.0", &port.to_string()]);
    assert_eq!(code, 1);
    let record = document.port(port);
    assert_eq!(record.status, "in-use");
    assert_eq!(record.holders[0].local_address, "::");
    assert!(
        record.notes.iter().any(|note| note.contains("dual-stack")),
        "{:?}",
        record.notes
    );
}

#[test]
fn an_ipv6_only_listener_leaves_ipv4_free() {
    let v6only = tcp_socket(any_v6(), 0, Some(8), Some(true));
    let port = port_of(&v6only);
    let (document, code) = check_json(&["--addr", "0.0.0.0", &port.to_string()]);
    assert_eq!((code, document.port(port).status.as_str()), (0, "free"));
}

#[test]
fn udp_ports_are_checked_with_a_udp_bind() {
    let udp = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    let port = udp.local_addr().unwrap().port();
    let (document, code) = check_json(&[&format!("{port}/udp")]);
    assert_eq!((code, document.port(port).status.as_str()), (1, "in-use"));
    assert_eq!(document.port(port).protocol, "udp");
    let (document, code) = check_json(&["--udp", &port.to_string()]);
    assert_eq!((code, document.port(port).status.as_str()), (1, "in-use"));
    let (tcp, code) = check_json(&[&port.to_string()]);
    assert_eq!(
        (code, tcp.port(port).status.as_str()),
        (0, "free"),
        "UDP does not take the TCP port"
    );
}

#[test]
fn time_wait_only_passes_by_default_and_fails_under_strict() {
    let listener = TcpListener::bind("0.0.0.0:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let connect_to: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let client = std::net::TcpStream::connect(connect_to).unwrap();
    let (server_side, _) = listener.accept().unwrap();
    drop(server_side);
    let mut byte = [0u8; 1];
    let _ = std::io::Read::read(&mut &client, &mut byte);
    drop(client);
    drop(listener);
    std::thread::sleep(Duration::from_millis(50));

    let (document, code) = check_json(&[&port.to_string()]);
    assert_eq!(code, 0, "{document:?}");
    let record = document.port(port);
    assert_eq!(record.status, "time-wait");
    assert!(record.time_wait >= 1);
    assert!(
        record
            .time_wait_expires_in_ms
            .is_some_and(|left| left <= 60_000)
    );
    assert!(
        record
            .notes
            .iter()
            .any(|note| note.contains("SO_REUSEADDR"))
    );

    let (strict, code) = check_json(&["--strict", &port.to_string()]);
    assert_eq!(code, 1);
    assert_eq!(strict.port(port).status, "time-wait");
    assert!(!strict.ok);
}

#[test]
fn a_privileged_port_as_an_unprivileged_user_is_permission_denied_exit_3() {
    require_root!();
    // ip_unprivileged_port_start belongs to the network namespace: set here, it is known.
    common::netns::in_private_netns(|| {
        std::fs::write("/proc/sys/net/ipv4/ip_unprivileged_port_start", "1024")
            .expect("set ip_unprivileged_port_start in the private namespace");
        let port = 80;
        let output = portdoc_as_nobody(&["check", "--json", &port.to_string()]);
        assert_eq!(code(&output), 3, "{}", stdout(&output));
        let document: CheckDocument = parse_json(&stdout(&output));
        let record = document.port(port);
        assert_eq!(record.status, "permission-denied");
        assert!(
            record
                .notes
                .iter()
                .any(|note| note.contains("CAP_NET_BIND_SERVICE")),
            "{:?}",
            record.notes
        );

        let listener = local_listener();
        let busy = listener.local_addr().unwrap().port();
        let mixed = portdoc_as_nobody(&["check", &port.to_string(), &busy.to_string()]);
        assert_eq!(
            code(&mixed),
            1,
            "in-use outranks permission-denied: {}",
            stdout(&mixed)
        );
    });
}

#[test]
fn an_address_not_on_this_host_is_address_unavailable_exit_3() {
    let port = free_port();
    let (document, code) = check_json(&["--addr", "192.0.2.1", &port.to_string()]);
    assert_eq!(code, 3);
    let record = document.port(port);
    assert_eq!(
        (record.status.as_str(), record.address.as_str()),
        ("address-unavailable", "192.0.2.1")
    );
    let (_, code) = check_json(&[
        "--addr",
        "192.0.2.1",
        &port.to_string(),
        &free_port().to_string(),
    ]);
    assert_eq!(code, 3);
}

#[test]
fn a_range_reports_every_port_and_fails_on_the_one_busy_port() {
    let listener = local_listener();
    let busy = listener.local_addr().unwrap().port();
    let (first, last) = (busy.saturating_sub(3).max(1), busy.saturating_add(3));
    let range = format!("{first}-{last}");
    let (document, code) = check_json(&[&range]);
    assert_eq!(code, 1);
    assert_eq!(document.ports.len(), usize::from(last - first) + 1);
    assert_eq!(document.port(busy).status, "in-use");
    let human = stdout(&portdoc(&["check", &range]));
    assert!(human.contains(&format!("{busy}/tcp  in-use")), "{human}");
    assert!(
        human.contains(&format!("{} ports checked", last - first + 1)),
        "{human}"
    );
}

#[test]
fn a_list_with_several_protocols_checks_each() {
    let udp = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    let port = udp.local_addr().unwrap().port();
    let (document, code) = check_json(&[&format!("{port}/tcp,{port}/udp")]);
    assert_eq!(code, 1);
    let statuses: Vec<(&str, &str)> = document
        .ports
        .iter()
        .map(|record| (record.protocol.as_str(), record.status.as_str()))
        .collect();
    assert_eq!(statuses, [("tcp", "free"), ("udp", "in-use")]);
}

#[test]
fn wait_succeeds_when_the_holder_exits_during_the_wait() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let holder = hold(HolderSpec {
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    drop(listener);
    let killer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        drop(holder);
    });
    let started = Instant::now();
    let (document, code) = check_json(&["--wait", "20s", &port.to_string()]);
    killer.join().unwrap();
    assert_eq!(code, 0, "{document:?}");
    assert_eq!(document.port(port).status, "free");
    assert!(document.waited_ms >= 400, "{}", document.waited_ms);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "returned once free, not at the deadline"
    );
}

#[test]
fn wait_gives_up_at_the_deadline_with_the_last_status() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let (document, code) = check_json(&["--wait", "300ms", &port.to_string()]);
    assert_eq!(code, 1);
    assert_eq!(document.port(port).status, "in-use");
    assert!(document.waited_ms >= 300);
    assert_eq!(
        document.port(port).holders[0].pids(),
        vec![std::process::id()],
        "the final report names the holder"
    );
}

#[test]
fn listening_succeeds_only_when_something_listens() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let (document, code) = check_json(&["--listening", &port.to_string()]);
    assert_eq!(
        (code, document.port(port).status.as_str()),
        (0, "listening")
    );
    assert!(
        document.port(port).binds.is_empty(),
        "no bind test when asking about listeners"
    );
    let free = free_port();
    let (document, code) = check_json(&["--listening", &free.to_string()]);
    assert_eq!(
        (code, document.port(free).status.as_str()),
        (1, "not-listening")
    );
    let (_, code) = check_json(&["--listening", "--addr", "127.0.0.1", &port.to_string()]);
    assert_eq!(code, 0);
    let (_, code) = check_json(&["--listening", "--addr", "::1", &port.to_string()]);
    assert_eq!(code, 1, "an IPv4 loopback listener does not serve ::1");
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let udp_port = udp.local_addr().unwrap().port();
    let (_, code) = check_json(&["--listening", &format!("{udp_port}/udp")]);
    assert_eq!(code, 0, "a bound UDP socket counts as up");
}

#[test]
fn listening_with_wait_returns_once_the_service_comes_up() {
    let port = free_port();
    let server = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(400));
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        std::thread::sleep(Duration::from_secs(3));
        drop(listener);
    });
    let (document, code) = check_json(&["--listening", "--wait", "10s", &port.to_string()]);
    assert_eq!(
        (code, document.port(port).status.as_str()),
        (0, "listening")
    );
    server.join().unwrap();
}

#[test]
fn listening_works_for_an_unprivileged_user_against_a_root_listener() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let output = portdoc_as_nobody(&["check", "--listening", "--wait", "5s", &port.to_string()]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let quiet = portdoc_as_nobody(&["check", "--listening", "--quiet", &port.to_string()]);
    assert_eq!(code(&quiet), 0);
}

#[test]
fn quiet_prints_nothing_and_answers_with_the_exit_status() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let output = portdoc(&["check", "-q", &port.to_string()]);
    assert_eq!(code(&output), 1);
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    for args in [
        vec!["check", "10-5"],
        vec!["check", "0"],
        vec!["check", "65536"],
        vec!["check", "x"],
        vec!["check", "8080", "--wait", "never"],
        vec!["check"],
        vec!["check", "8080", "--addr", "db.internal"],
        vec!["check", "8080", "--strict", "--listening"],
    ] {
        let output = portdoc(&args);
        let error = stderr(&output);
        assert_eq!(code(&output), 2, "{args:?}: {error}");
        assert_eq!(error.lines().count(), 1, "{args:?}: {error}");
        assert!(
            error.starts_with("portdoc: ") && !error.contains("panicked"),
            "{error}"
        );
    }
}

#[test]
fn help_documents_statuses_and_exit_codes() {
    let help = stdout(&portdoc(&["check", "--help"]));
    for needle in [
        "reuseaddr  TCP bind+listen with SO_REUSEADDR",
        "plain      TCP bind+listen without SO_REUSEADDR",
        "Statuses: free (every profile binds), time-wait",
        "0  a typical server binds every port",
        "3  nothing in use",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
}

#[test]
fn a_link_local_address_is_checked_on_its_interface() {
    require_root!();
    common::netns::in_private_netns(|| {
        let run = |args: &[&str]| {
            let status = std::process::Command::new("ip")
                .args(args)
                .status()
                .unwrap();
            assert!(status.success(), "ip {args:?}");
        };
        // A veth pair inside the namespace (this kernel has no dummy interfaces).
        run(&[
            "link", "add", "dummy0", "type", "veth", "peer", "name", "dummy1",
        ]);
        run(&["link", "set", "dummy0", "up"]);
        run(&["link", "set", "dummy1", "up"]);
        run(&["addr", "add", "fe80::1/64", "dev", "dummy0", "nodad"]);
        let without = portdoc(&["check", "8080", "--addr", "fe80::1"]);
        assert_eq!(code(&without), 2);
        assert!(
            stderr(&without).contains("fe80::1%eth0"),
            "{}",
            stderr(&without)
        );
        let (document, status) = check_json(&["8080", "--addr", "fe80::1%dummy0"]);
        assert_eq!((status, document.port(8080).status.as_str()), (0, "free"));
        let name = std::ffi::CString::new("dummy0").unwrap();
        // SAFETY: if_nametoindex reads a NUL-terminated name (sysfs shows the host's
        // namespace, so it is asked here, in this thread's).
        let index = unsafe { libc::if_nametoindex(name.as_ptr()) };
        assert_ne!(index, 0);
        let address = std::net::SocketAddrV6::new("fe80::1".parse().unwrap(), 8080, 0, index);
        let _listener = std::net::TcpListener::bind(address).unwrap();
        let (document, status) = check_json(&["8080", "--addr", "fe80::1%dummy0"]);
        assert_eq!((status, document.port(8080).status.as_str()), (1, "in-use"));
        let (_, status) = check_json(&["8080", "--addr", &format!("fe80::1%{index}")]);
        assert_eq!(status, 1);
    });
}
