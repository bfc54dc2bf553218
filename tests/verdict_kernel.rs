//! The differential test of the verdict: every situation is built for real in a private
//! network namespace, portdoc answers, then real servers try to bind right after, and the
//! exit codes of `check`, `check --strict` and `check --addr ...` must be what they met.
//! `explain` must never call the port free or the conflict transient while a typical server
//! fails. Real nginx and Python servers are started against the TIME_WAIT and bound-only
//! situations. Needs root (CI runs as root).
#![cfg(target_os = "linux")]

mod common;

use std::any::Any;
use std::io::Read;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::netns::{Attempt, Server, in_private_netns, promised_exit, real_bind, real_bind_as};
use common::*;
use socket2::{Domain, SockAddr, Socket, Type};

const PORT: u16 = 8080;

/// Whatever keeps a situation alive until the checks are done.
type Kept = Vec<Box<dyn Any>>;

/// A named way to build a situation.
type Builder = (&'static str, fn() -> Kept);

fn address(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// A TCP listener; `v6only` for IPv6 addresses, `reuse_port` for SO_REUSEPORT.
fn listener(at: &str, v6only: Option<bool>, reuse_port: bool) -> Kept {
    let at = address(at);
    let socket = Socket::new(
        Domain::for_address(SocketAddr::new(at, 0)),
        Type::STREAM,
        None,
    )
    .unwrap();
    socket.set_reuse_address(true).unwrap();
    if let Some(v6only) = v6only {
        socket.set_only_v6(v6only).unwrap();
    }
    if reuse_port {
        set_reuse_port(&socket);
    }
    socket
        .bind(&SockAddr::from(SocketAddr::new(at, PORT)))
        .unwrap();
    socket.listen(8).unwrap();
    vec![Box::new(socket)]
}

fn set_reuse_port(socket: &Socket) {
    let on: libc::c_int = 1;
    // SAFETY: setsockopt on a socket this test owns.
    let result = unsafe {
        libc::setsockopt(
            std::os::fd::AsRawFd::as_raw_fd(socket),
            libc::SOL_SOCKET,
            libc::SO_REUSEPORT,
            (&raw const on).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    assert_eq!(result, 0);
}

/// A TCP socket bound to `at:PORT` without listen().
fn bound(at: &str, reuse: bool) -> Kept {
    let at = address(at);
    let socket = Socket::new(
        Domain::for_address(SocketAddr::new(at, 0)),
        Type::STREAM,
        None,
    )
    .unwrap();
    socket.set_reuse_address(reuse).unwrap();
    socket
        .bind(&SockAddr::from(SocketAddr::new(at, PORT)))
        .unwrap();
    vec![Box::new(socket)]
}

/// A server on 0.0.0.0:PORT (with or without SO_REUSEADDR) closes an accepted connection
/// first, then stops: the TIME_WAIT is on the server side and inherits the listener's flag.
fn server_side_time_wait(reuse: bool) -> Kept {
    let server = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    server.set_reuse_address(reuse).unwrap();
    server
        .bind(&SockAddr::from(SocketAddr::new(address("0.0.0.0"), PORT)))
        .unwrap();
    server.listen(8).unwrap();
    let client = TcpStream::connect(("127.0.0.1", PORT)).unwrap();
    let (accepted, _) = server.accept().unwrap();
    drop(accepted);
    let _ = (&client).read(&mut [0u8; 1]);
    drop(client);
    drop(server);
    std::thread::sleep(Duration::from_millis(50));
    Vec::new()
}

/// A client bound to 127.0.0.1:PORT (with or without SO_REUSEADDR) connects elsewhere and
/// closes first: the TIME_WAIT is on the client side and carries the client's flag.
fn client_side_time_wait(reuse: bool) -> Kept {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    client.set_reuse_address(reuse).unwrap();
    client
        .bind(&SockAddr::from(SocketAddr::new(address("127.0.0.1"), PORT)))
        .unwrap();
    client
        .connect(&SockAddr::from(server.local_addr().unwrap()))
        .unwrap();
    let (accepted, _) = server.accept().unwrap();
    drop(client);
    let _ = (&accepted).read(&mut [0u8; 1]);
    drop(accepted);
    std::thread::sleep(Duration::from_millis(50));
    vec![Box::new(server)]
}

/// An open outgoing connection whose source port is PORT.
fn outgoing_connection(reuse: bool) -> Kept {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    client.set_reuse_address(reuse).unwrap();
    client
        .bind(&SockAddr::from(SocketAddr::new(address("127.0.0.1"), PORT)))
        .unwrap();
    client
        .connect(&SockAddr::from(server.local_addr().unwrap()))
        .unwrap();
    let accepted = server.accept().unwrap();
    vec![Box::new(server), Box::new(client), Box::new(accepted)]
}

/// A UDP socket on `at:PORT`, dual-stack for `::`.
fn udp(at: &str, reuse: bool) -> Kept {
    let at = address(at);
    let socket = Socket::new(
        Domain::for_address(SocketAddr::new(at, 0)),
        Type::DGRAM,
        None,
    )
    .unwrap();
    socket.set_reuse_address(reuse).unwrap();
    if at.is_ipv6() {
        socket.set_only_v6(false).unwrap();
    }
    socket
        .bind(&SockAddr::from(SocketAddr::new(at, PORT)))
        .unwrap();
    vec![Box::new(socket)]
}

/// portdoc's exit code for `check ARGS PORT[/udp]`, and its output for the failure message.
fn check(udp: bool, extra: &[&str], as_nobody: bool) -> (i32, String) {
    let port = if udp {
        format!("{PORT}/udp")
    } else {
        PORT.to_string()
    };
    let mut args = vec!["check"];
    args.extend_from_slice(extra);
    args.push(&port);
    let output = if as_nobody {
        portdoc_as_nobody(&args)
    } else {
        portdoc(&args)
    };
    (
        code(&output),
        format!("{}{}", stdout(&output), stderr(&output)),
    )
}

/// Compares every form of `check` with the real binds it stands for.
fn compare(situation: &str, udp: bool, as_nobody: bool) {
    let typical = if udp {
        Server::Udp
    } else {
        Server::ReuseAddress
    };
    let wildcards = [address("0.0.0.0"), address("::")];
    let attempt_all = |servers: &[Server], addresses: &[IpAddr]| -> Vec<Attempt> {
        servers
            .iter()
            .flat_map(|&server| addresses.iter().map(move |&at| real_bind(server, at, PORT)))
            .collect()
    };
    let strict_servers: &[Server] = if udp {
        &[Server::Udp]
    } else {
        &[Server::ReuseAddress, Server::Plain]
    };
    let forms: Vec<(Vec<&str>, Vec<Server>, Vec<IpAddr>)> = vec![
        (vec![], vec![typical], wildcards.to_vec()),
        (
            vec!["--strict"],
            strict_servers.to_vec(),
            wildcards.to_vec(),
        ),
        (
            vec!["--addr", "0.0.0.0"],
            vec![typical],
            vec![address("0.0.0.0")],
        ),
        (
            vec!["--addr", "127.0.0.1"],
            vec![typical],
            vec![address("127.0.0.1")],
        ),
        (vec!["--addr", "::1"], vec![typical], vec![address("::1")]),
        (vec!["--addr", "::"], vec![typical], vec![address("::")]),
    ];
    for (extra, servers, addresses) in forms {
        let (answer, output) = check(udp, &extra, as_nobody);
        let attempts = attempt_all(&servers, &addresses);
        assert_eq!(
            answer,
            promised_exit(&attempts),
            "{situation}: `check {}` {}exited {answer}, but real {servers:?} binds on {addresses:?} met {attempts:?}\n{output}",
            extra.join(" "),
            if as_nobody { "as nobody " } else { "" },
        );
    }
    if !udp && !as_nobody {
        assert_explain_is_honest(situation);
    }
}

/// `explain` never says the port is free or the conflict transient while a typical server
/// fails there.
fn assert_explain_is_honest(situation: &str) {
    let line = format!("bind() to 0.0.0.0:{PORT} failed (98: Address already in use)");
    // The port alone asks about the wildcard; the line names 0.0.0.0.
    let inputs = [
        (PORT.to_string(), vec![address("0.0.0.0"), address("::")]),
        (line, vec![address("0.0.0.0")]),
    ];
    for (input, addresses) in inputs {
        let typical_fails = addresses
            .iter()
            .any(|&at| real_bind(Server::ReuseAddress, at, PORT) == Err(libc::EADDRINUSE));
        if !typical_fails {
            continue;
        }
        let (document, _) = explain_json(&[&input]);
        assert_ne!(
            document.status.as_deref(),
            Some("free"),
            "{situation}: {input}"
        );
        for finding in &document.findings {
            let text = format!("{} {}", finding.summary, finding.detail).to_lowercase();
            assert!(
                finding.rule != "nothing-listening"
                    && !text.contains("transient")
                    && !text.contains("can bind it"),
                "{situation}: explain {input:?} says {:?} while a typical server fails",
                finding.summary
            );
        }
    }
}

fn situation(name: &str, udp: bool, build: impl FnOnce() -> Kept + Send) {
    require_root!();
    in_private_netns(|| {
        let kept = build();
        compare(name, udp, false);
        compare(name, udp, true);
        drop(kept);
    });
}

#[test]
fn listeners_on_every_address_agree_with_real_binds() {
    for (at, v6only) in [
        ("0.0.0.0", None),
        ("127.0.0.1", None),
        ("127.0.0.2", None),
        ("::", Some(false)),
        ("::", Some(true)),
        ("::1", Some(false)),
    ] {
        situation(
            &format!("a listener on {at} v6only={v6only:?}"),
            false,
            || listener(at, v6only, false),
        );
    }
}

#[test]
fn a_reuseport_listener_agrees_and_is_named_as_shareable() {
    situation("a SO_REUSEPORT listener", false, || {
        listener("0.0.0.0", None, true)
    });
    require_root!();
    in_private_netns(|| {
        let _kept = listener("0.0.0.0", None, true);
        let (document, code) = check_json(&[&PORT.to_string()]);
        assert_eq!(code, 1);
        let record = document.port(PORT);
        assert!(
            record.reason_kinds().contains(&"reuse-port-shared"),
            "{record:?}"
        );
        assert_eq!(record.results_of("reuseport"), ["ok"]);
    });
}

#[test]
fn time_wait_on_either_side_with_and_without_reuseaddr_agrees_with_real_binds() {
    for reuse in [true, false] {
        situation(
            &format!("server-side TIME_WAIT, SO_REUSEADDR={reuse}"),
            false,
            || server_side_time_wait(reuse),
        );
        situation(
            &format!("client-side TIME_WAIT, SO_REUSEADDR={reuse}"),
            false,
            || client_side_time_wait(reuse),
        );
    }
}

#[test]
fn bound_only_sockets_agree_with_real_binds() {
    for reuse in [true, false] {
        situation(&format!("bound-only, SO_REUSEADDR={reuse}"), false, || {
            bound("127.0.0.1", reuse)
        });
    }
    situation(
        "bound-only without SO_REUSEADDR beside a TIME_WAIT on 127.0.0.2",
        false,
        || {
            let mut kept = bound("127.0.0.1", false);
            let server = TcpListener::bind("127.0.0.2:0").unwrap();
            let client = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
            client.set_reuse_address(true).unwrap();
            client
                .bind(&SockAddr::from(SocketAddr::new(address("127.0.0.2"), PORT)))
                .unwrap();
            client
                .connect(&SockAddr::from(server.local_addr().unwrap()))
                .unwrap();
            let (accepted, _) = server.accept().unwrap();
            drop(client);
            let _ = (&accepted).read(&mut [0u8; 1]);
            kept.push(Box::new(server));
            kept
        },
    );
}

#[test]
fn an_outgoing_connection_from_the_port_agrees_with_real_binds() {
    for reuse in [true, false] {
        situation(
            &format!("an outgoing connection, SO_REUSEADDR={reuse}"),
            false,
            || outgoing_connection(reuse),
        );
    }
}

#[test]
fn udp_sockets_with_and_without_reuseaddr_agree_with_real_binds() {
    for at in ["0.0.0.0", "127.0.0.1", "::"] {
        for reuse in [true, false] {
            situation(&format!("UDP on {at}, SO_REUSEADDR={reuse}"), true, || {
                udp(at, reuse)
            });
        }
    }
}

#[test]
fn privileged_ports_as_nobody_are_in_use_when_held_and_permission_denied_when_free() {
    require_root!();
    in_private_netns(|| {
        let privileged = 80;
        let wildcard = address("0.0.0.0");
        let free = real_bind_as(NOBODY, Server::ReuseAddress, wildcard, privileged);
        assert_eq!(
            free,
            Err(libc::EACCES),
            "ip_unprivileged_port_start is 1024 here"
        );
        let output = portdoc_as_nobody(&["check", "--json", "80"]);
        assert_eq!(code(&output), 3, "{}", stdout(&output));
        let document: CheckDocument = parse_json(&stdout(&output));
        assert_eq!(document.port(80).status, "permission-denied");
        assert_eq!(document.port(80).reason_kinds(), ["privileged"]);

        let held = TcpListener::bind("0.0.0.0:80").unwrap();
        let as_root = real_bind(Server::ReuseAddress, wildcard, privileged);
        assert_eq!(as_root, Err(libc::EADDRINUSE));
        let output = portdoc_as_nobody(&["check", "--json", "80"]);
        assert_eq!(code(&output), 1, "{}", stdout(&output));
        let document: CheckDocument = parse_json(&stdout(&output));
        let record = document.port(80);
        assert_eq!(record.status, "in-use");
        assert_eq!(
            record.reason_kinds()[..2],
            ["held-behind-privilege", "privileged"]
        );
        assert!(
            !record.holders[0].owner_visible,
            "root's process is hidden from nobody"
        );
        let explained = portdoc_as_nobody(&[
            "explain",
            "--json",
            "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)",
        ]);
        let document = parse_json::<ExplainEnvelope>(&stdout(&explained)).single();
        assert_eq!(document.status.as_deref(), Some("in-use"));
        assert!(document.has("owner-hidden"), "{:?}", document.findings);
        // The line says errno 98: the privilege is a note, never the error.
        assert!(
            !document
                .findings
                .iter()
                .any(|finding| finding.rule == "privileged-port" && finding.severity == "error"),
            "{:#?}",
            document.findings
        );
        drop(held);
    });
}

/// Starts real nginx on 0.0.0.0:PORT in this namespace: whether it started.
fn nginx_starts() -> bool {
    start_nginx(PORT, 1).is_some()
}

/// Whether a real Python server binds PORT: `http.server` sets SO_REUSEADDR, the bare
/// `socketserver.TCPServer` does not.
fn python_server_binds(reuse: bool) -> bool {
    let class = if reuse {
        "http.server.HTTPServer"
    } else {
        "socketserver.TCPServer"
    };
    let script = format!(
        "import http.server, socketserver\nserver = {class}(('0.0.0.0', {PORT}), socketserver.BaseRequestHandler)\nserver.server_close()\n"
    );
    Command::new("python3")
        .args(["-c", &script])
        .stderr(Stdio::null())
        .status()
        .expect("run python3")
        .success()
}

#[test]
fn real_nginx_and_python_servers_agree_with_check_on_time_wait_and_bound_sockets() {
    require_root!();
    let cases: [Builder; 6] = [
        ("server-side TIME_WAIT with SO_REUSEADDR", || {
            server_side_time_wait(true)
        }),
        ("server-side TIME_WAIT without SO_REUSEADDR", || {
            server_side_time_wait(false)
        }),
        ("client-side TIME_WAIT with SO_REUSEADDR", || {
            client_side_time_wait(true)
        }),
        ("client-side TIME_WAIT without SO_REUSEADDR", || {
            client_side_time_wait(false)
        }),
        ("bound-only with SO_REUSEADDR", || bound("127.0.0.1", true)),
        ("bound-only without SO_REUSEADDR", || {
            bound("127.0.0.1", false)
        }),
    ];
    for (name, build) in cases {
        in_private_netns(|| {
            let _kept = build();
            let (verdict, output) = check(false, &["--addr", "0.0.0.0"], false);
            let (strict, _) = check(false, &["--strict", "--addr", "0.0.0.0"], false);
            let python_plain = python_server_binds(false);
            let python_reuse = python_server_binds(true);
            let nginx = nginx_starts();
            assert_eq!(
                verdict == 0,
                nginx,
                "{name}: check says {verdict}, nginx started: {nginx}\n{output}"
            );
            assert_eq!(
                verdict == 0,
                python_reuse,
                "{name}: check {verdict}, http.server bound: {python_reuse}"
            );
            assert_eq!(
                strict == 0,
                python_plain,
                "{name}: check --strict {strict}, socketserver bound: {python_plain}"
            );
        });
    }
}

#[test]
fn a_udp_server_that_set_reuseaddr_holds_the_port_for_one_that_does_not() {
    require_root!();
    in_private_netns(|| {
        let _kept = udp("0.0.0.0", true);
        let (document, code) = check_json(&[&format!("{PORT}/udp")]);
        assert_eq!(code, 1, "{document:?}");
        assert_eq!(
            document.port(PORT).results_of("udp"),
            ["EADDRINUSE", "EADDRINUSE"]
        );
    });
}
