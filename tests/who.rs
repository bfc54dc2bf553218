//! `portdoc who` against real sockets and processes created by each test.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::net::TcpStream;

use common::*;

#[test]
fn who_reports_a_loopback_listener_and_this_process_as_its_owner() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let (document, code) = who_json(&[&port.to_string()]);
    assert_eq!(code, 0);
    let sockets = document.on_port(port);
    assert_eq!(sockets.len(), 1, "{sockets:?}");
    let socket = sockets[0];
    assert_eq!(
        (socket.protocol.as_str(), socket.family.as_str()),
        ("tcp", "ipv4")
    );
    assert_eq!(socket.state, "LISTEN");
    assert_eq!(socket.local_address, "127.0.0.1");
    assert_eq!(
        (socket.remote_address.as_deref(), socket.remote_port),
        (None, None)
    );
    assert_ne!(socket.inode, 0);
    assert!(socket.owner_visible);
    assert_eq!(socket.pids(), vec![std::process::id()]);
    let me = &socket.processes[0];
    assert_eq!(me.ppid, std::os::unix::process::parent_id());
    assert!(
        me.exe.as_deref().is_some_and(|exe| exe.contains("who-")),
        "{me:?}"
    );
    assert!(
        me.started_at
            .as_deref()
            .is_some_and(|time| time.len() >= 20)
    );
    assert_eq!(socket.uid, me.uid);
}

#[test]
fn who_marks_a_dual_stack_wildcard_listener_as_not_v6only() {
    let socket = tcp_socket(any_v6(), 0, Some(16), Some(false));
    let port = port_of(&socket);
    let (document, _) = who_json(&[&format!("{port}/tcp")]);
    let found = document.on_port(port);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].family.as_str(), found[0].local_address.as_str()),
        ("ipv6", "::")
    );
    assert_eq!(found[0].v6only, Some(false));
    let human = stdout(&portdoc(&["who", &port.to_string()]));
    assert!(human.contains("dual-stack: also takes IPv4"), "{human}");
}

#[test]
fn who_finds_udp_sockets_and_protocol_filters_narrow_the_search() {
    let udp = udp_socket();
    let port = udp.local_addr().unwrap().port();
    let (document, code) = who_json(&[&port.to_string()]);
    assert_eq!(code, 0);
    let found = document.on_port(port);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].protocol.as_str(), found[0].state.as_str()),
        ("udp", "UNCONN")
    );
    assert_eq!(found[0].pids(), vec![std::process::id()]);
    let (narrowed, code) = who_json(&[&format!("{port}/udp")]);
    assert_eq!((narrowed.on_port(port).len(), code), (1, 0));
    let (tcp_only, code) = who_json(&["--tcp", &port.to_string()]);
    assert_eq!((tcp_only.on_port(port).len(), code), (0, 1));
    let (tcp_only, code) = who_json(&[&format!("{port}/tcp")]);
    assert_eq!((tcp_only.on_port(port).len(), code), (0, 1));
}

#[test]
fn who_reports_every_process_sharing_a_socket_parent_and_forked_child() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let child = hold(HolderSpec {
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    let (document, _) = who_json(&[&port.to_string()]);
    let found = document.on_port(port);
    assert_eq!(found.len(), 1);
    let pids: BTreeSet<u32> = found[0].pids().into_iter().collect();
    assert_eq!(pids, BTreeSet::from([std::process::id(), child.pid()]));
    let sleeper = found[0]
        .processes
        .iter()
        .find(|process| process.pid == child.pid())
        .unwrap();
    assert_eq!(sleeper.name, "sleep");
    assert_eq!(sleeper.ppid, std::process::id());
    assert!(
        sleeper.cmdline.ends_with("sleep 300"),
        "{}",
        sleeper.cmdline
    );
}

#[test]
fn who_reports_server_side_time_wait_with_the_time_left() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    make_time_wait(&listener);
    drop(listener);
    let (document, code) = who_json(&[&port.to_string()]);
    assert_eq!(code, 0, "TIME_WAIT sockets are sockets on the port");
    let found = document.on_port(port);
    assert!(!found.is_empty());
    for socket in found {
        assert_eq!(socket.state, "TIME_WAIT");
        assert_eq!(socket.inode, 0);
        assert!(socket.processes.is_empty() && socket.owner_visible);
        let left = socket.expires_in_ms.expect("TIME_WAIT timer");
        assert!((1..=60_000).contains(&left), "{left}");
        assert_eq!(socket.remote_address.as_deref(), Some("127.0.0.1"));
    }
    let human = stdout(&portdoc(&["who", &port.to_string()]));
    assert!(
        human.contains("TIME_WAIT") && human.contains("expires in"),
        "{human}"
    );
}

#[test]
fn who_lists_a_bound_but_not_listening_socket_as_bound() {
    if !kernel_at_least(6, 5) {
        eprintln!("skipped: bound-only sockets are listed from Linux 6.5 on");
        return;
    }
    let socket = tcp_socket(localhost(), 0, None, None);
    let port = port_of(&socket);
    let (document, code) = who_json(&[&port.to_string()]);
    assert_eq!(code, 0);
    let found = document.on_port(port);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].state, "BOUND");
    assert_eq!(found[0].pids(), vec![std::process::id()]);
}

fn kernel_at_least(major: u32, minor: u32) -> bool {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    let mut parts = release
        .trim()
        .split(['.', '-'])
        .map(|part| part.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) >= (major, minor)
}

#[test]
fn who_as_another_user_shows_the_socket_with_its_owner_hidden_and_complete_false() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let output = portdoc_as_nobody(&["who", "--json", &port.to_string()]);
    assert_eq!(
        code(&output),
        0,
        "the socket was found: {}",
        stderr(&output)
    );
    let document: WhoDocument = parse_json(&stdout(&output));
    assert!(!document.complete);
    let found = document.on_port(port);
    assert_eq!(found.len(), 1);
    assert!(!found[0].owner_visible);
    assert!(found[0].processes.is_empty());
    assert_eq!(
        (found[0].uid, found[0].user.as_deref()),
        (Some(0), Some("root"))
    );
    assert!(
        document
            .warnings
            .iter()
            .any(|warning| warning.contains("cannot be inspected")
                && warning.contains("has no visible owner")
                && warning.contains("sudo portdoc who")),
        "{:?}",
        document.warnings
    );
    let human = stdout(&portdoc_as_nobody(&["who", &port.to_string()]));
    assert!(
        human.contains("owner not visible") && human.contains("uid 0 root"),
        "{human}"
    );
    assert!(!human.contains("nothing holds"), "{human}");
}

#[test]
fn who_as_root_names_a_process_of_another_user() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let holder = hold(HolderSpec {
        fds: vec![raw_fd(&listener)],
        as_user: Some(NOBODY),
        ..HolderSpec::default()
    });
    drop(listener);
    let (document, _) = who_json(&[&port.to_string()]);
    let found = document.on_port(port);
    assert_eq!(found[0].pids(), vec![holder.pid()]);
    assert_eq!(found[0].processes[0].uid, Some(NOBODY));
    assert_eq!(found[0].processes[0].user.as_deref(), Some("nobody"));
}

#[test]
fn who_neutralises_escape_sequences_in_process_names_and_command_lines() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let holder = hold(HolderSpec {
        name: Some("ev\x1b[31mil"),
        argv0: Some("\x1b]0;pwned\x07server"),
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    drop(listener);
    let human = stdout(&portdoc(&["who", "--color", "never", &port.to_string()]));
    assert!(
        !human.contains('\x1b') && !human.contains('\x07'),
        "{human:?}"
    );
    assert!(
        human.contains(&format!("ev\\x1b[31mil[{}]", holder.pid())),
        "{human}"
    );
    assert!(human.contains("\\x1b]0;pwned\\x07server 300"), "{human}");
    let (document, _) = who_json(&[&port.to_string()]);
    assert_eq!(
        document.on_port(port)[0].processes[0].name,
        "ev\x1b[31mil",
        "JSON keeps the raw text"
    );
}

#[test]
fn who_rejects_bad_ports_with_one_line_and_exit_2() {
    for bad in ["0", "70000", "abc", "80/sctp", "10-5", "", "-1"] {
        let output = portdoc(&["who", bad]);
        let error = stderr(&output);
        assert_eq!(code(&output), 2, "{bad:?}: {error}");
        assert_eq!(error.lines().count(), 1, "{bad:?}: {error}");
        assert!(error.starts_with("portdoc: "), "{error}");
        assert!(
            !error.contains("panicked") && !error.contains("RUST_BACKTRACE"),
            "{error}"
        );
        assert!(stdout(&output).is_empty());
    }
    let output = portdoc(&["who", "--bogus"]);
    assert_eq!((code(&output), stderr(&output).lines().count()), (2, 1));
}

#[test]
fn who_exits_1_and_says_nothing_holds_a_free_port() {
    let port = {
        let listener = local_listener();
        listener.local_addr().unwrap().port()
    };
    let output = portdoc(&["who", &format!("{port}/tcp")]);
    assert_eq!(code(&output), 1);
    assert!(
        stdout(&output).starts_with(&format!("nothing holds {port}/tcp")),
        "{}",
        stdout(&output)
    );
    let (document, code) = who_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    assert!(document.on_port(port).is_empty());
}

#[test]
fn who_without_ports_lists_listeners_grouped_by_process() {
    let listener = local_listener();
    let udp = udp_socket();
    let (tcp_port, udp_port) = (
        listener.local_addr().unwrap().port(),
        udp.local_addr().unwrap().port(),
    );
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (document, code) = who_json(&[]);
    assert_eq!(code, 0);
    assert!(
        document
            .sockets
            .iter()
            .all(|socket| ["LISTEN", "UNCONN", "BOUND"].contains(&socket.state.as_str()))
    );
    assert_eq!(
        document.on_port(tcp_port).len(),
        1,
        "the established pair is not listed"
    );
    assert_eq!(document.on_port(udp_port).len(), 1);
    let human = stdout(&portdoc(&["who"]));
    let me = format!("[{}]", std::process::id());
    assert_eq!(
        human.matches(&me).count(),
        1,
        "one group for this process: {human}"
    );
    let group = &human[human.find(&me).unwrap()..];
    assert!(
        group.contains(&format!("127.0.0.1:{tcp_port}"))
            && group.contains(&format!("127.0.0.1:{udp_port}")),
        "{human}"
    );
    drop(client);
}

#[test]
fn who_all_lists_outgoing_connections_to_the_port_separately() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let client_port = client.local_addr().unwrap().port();
    let (_server_side, _) = listener.accept().unwrap();
    let (plain, _) = who_json(&[&port.to_string()]);
    assert!(
        plain
            .sockets
            .iter()
            .all(|socket| socket.matched_by == "local_port")
    );
    assert_eq!(
        plain.on_port(port).len(),
        2,
        "listener and accepted connection"
    );
    let (all, _) = who_json(&["--all", &port.to_string()]);
    let outgoing: Vec<_> = all
        .sockets
        .iter()
        .filter(|socket| socket.matched_by == "remote_port")
        .collect();
    assert_eq!(outgoing.len(), 1);
    assert_eq!(
        (outgoing[0].local_port, outgoing[0].remote_port),
        (client_port, Some(port))
    );
    let human = stdout(&portdoc(&["who", "--all", &port.to_string()]));
    assert!(
        human.contains("Outgoing connections to the port"),
        "{human}"
    );
}

#[test]
fn who_reads_the_same_sockets_from_proc_net_when_sock_diag_is_not_used() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let udp = udp_socket();
    let udp_port = udp.local_addr().unwrap().port();
    let spec = format!("{port},{udp_port}");
    let (netlink, _) = who_json(&["--backend", "netlink", &spec]);
    let (procfs, _) = who_json(&["--backend", "procfs", &spec]);
    // Whether this test process holds each socket, not every pid: a sibling test that forks
    // holds copies of every descriptor until its child execs, and one backend may see it.
    let own = std::process::id();
    let key = |document: &WhoDocument| -> BTreeSet<(String, String, u16, String, bool)> {
        document
            .sockets
            .iter()
            .map(|socket| {
                (
                    socket.protocol.clone(),
                    socket.local_address.clone(),
                    socket.local_port,
                    socket.state.clone(),
                    socket.pids().contains(&own),
                )
            })
            .collect()
    };
    assert_eq!(key(&netlink), key(&procfs));
    assert!(key(&netlink).iter().all(|(.., held)| *held));
    assert_eq!(netlink.sockets.len(), 2);
}

#[test]
fn colors_follow_the_color_flag_and_no_color() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port().to_string();
    assert!(stdout(&portdoc(&["who", "--color", "always", &port])).contains('\x1b'));
    assert!(
        !stdout(&portdoc(&["who", &port])).contains('\x1b'),
        "piped output is plain"
    );
    let output = std::process::Command::new(binary())
        .args(["who", "--color", "auto", &port])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&output).contains('\x1b'));
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let bash = portdoc(&["completions", "bash"]);
    assert_eq!(code(&bash), 0);
    assert!(stdout(&bash).contains("portdoc") && stdout(&bash).contains("who"));
    let man = portdoc(&["man"]);
    assert_eq!(code(&man), 0);
    assert!(
        stdout(&man).starts_with(".ie") || stdout(&man).contains(".TH portdoc"),
        "{}",
        stdout(&man)
    );
    let help = stdout(&portdoc(&["who", "--help"]));
    assert!(
        help.contains("Exit status:") && help.contains("1  nothing on those ports"),
        "{help}"
    );
}

/// `ss -tuanp` is the reference for what exists; portdoc must find the same sockets and the
/// same owners (ss 6.1 does not show bound-only sockets, so none are made here).
#[test]
fn who_agrees_with_ss_on_the_same_sockets() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let child = hold(HolderSpec {
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    make_time_wait(&listener);
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let dual = tcp_socket(any_v6(), 0, Some(8), Some(false));
    let dual_port = port_of(&dual);
    let udp = udp_socket();
    let udp_port = udp.local_addr().unwrap().port();
    let ports = [port, dual_port, udp_port];

    let filter = ports
        .iter()
        .map(|port| format!("sport = :{port}"))
        .collect::<Vec<_>>()
        .join(" or ");
    let spec = ports.map(|port| port.to_string()).join(",");
    // Sibling tests fork processes that hold this process's descriptors for a moment, between
    // fork and exec: a reading in which they show up once is taken again, up to three times.
    // The two must agree at some moment, or the test fails with the last readings.
    let mut attempt = 0;
    let (from_portdoc, from_ss, ss_text) = loop {
        attempt += 1;
        let ss = std::process::Command::new("ss")
            .args(["-tuanpH", &filter])
            .output()
            .expect("ss from iproute2");
        let ss_text = String::from_utf8_lossy(&ss.stdout).into_owned();
        let from_ss: BTreeSet<(String, String, u16, BTreeSet<u32>)> =
            ss_text.lines().map(parse_ss_line).collect();
        let (document, _) = who_json(&[&spec]);
        let from_portdoc: BTreeSet<(String, String, u16, BTreeSet<u32>)> = document
            .sockets
            .iter()
            .map(|socket| {
                let state = match socket.state.as_str() {
                    "ESTABLISHED" => "ESTAB".to_string(),
                    other => other.replace('_', "-"),
                };
                (
                    socket.protocol.clone(),
                    state,
                    socket.local_port,
                    socket.pids().into_iter().collect(),
                )
            })
            .collect();
        if from_portdoc == from_ss || attempt == 3 {
            break (from_portdoc, from_ss, ss_text);
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert_eq!(from_portdoc, from_ss, "ss said:\n{ss_text}");
    assert!(
        from_ss
            .iter()
            .any(|(_, state, _, pids)| state == "LISTEN" && pids.contains(&child.pid()))
    );
    drop(client);
}

/// `tcp ESTAB 0 0 127.0.0.1:8080 127.0.0.1:5000 users:(("sleep",pid=12,fd=3),...)`
fn parse_ss_line(line: &str) -> (String, String, u16, BTreeSet<u32>) {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let port = fields[4].rsplit(':').next().unwrap().parse().unwrap();
    let pids = line
        .split("pid=")
        .skip(1)
        .map(|rest| rest.split(',').next().unwrap().parse().unwrap())
        .collect();
    (fields[0].to_string(), fields[1].to_string(), port, pids)
}

#[test]
fn who_under_proc_hidepid_says_owners_may_be_hidden_instead_of_absent() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let script = format!(
        "mount -t proc -o hidepid=invisible proc /proc && exec setpriv --reuid 65534 --regid 65534 --clear-groups -- {} who --json {port}",
        public_binary().display()
    );
    let output = std::process::Command::new("unshare")
        .args(["--mount", "--", "sh", "-c", &script])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let document: WhoDocument = parse_json(&stdout(&output));
    assert!(!document.complete);
    let found = document.on_port(port);
    assert_eq!(found.len(), 1);
    assert!(!found[0].owner_visible, "{found:?}");
    assert!(
        document
            .warnings
            .iter()
            .any(|warning| warning.contains("hidepid=invisible")),
        "{:?}",
        document.warnings
    );
}

#[test]
fn who_in_a_pid_namespace_of_its_own_says_owners_outside_are_invisible() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let output = std::process::Command::new("unshare")
        .args(["--pid", "--fork", "--mount-proc", "--"])
        .arg(public_binary())
        .args(["who", "--json", &port.to_string()])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let document: WhoDocument = parse_json(&stdout(&output));
    assert!(!document.complete);
    assert!(
        !document.on_port(port)[0].owner_visible,
        "the holder is outside, not absent"
    );
    assert!(
        document
            .warnings
            .iter()
            .any(|warning| warning.contains("PID namespace of its own")),
        "{:?}",
        document.warnings
    );
}
