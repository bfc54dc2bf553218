//! `explain`'s advice fits the real holder: each test builds the holder for real and checks
//! a fix that 0.1 got wrong (wrong program's command, a port the program itself needs, a
//! value from another process pasted into a command unquoted, advice for the wrong socket).
#![cfg(target_os = "linux")]

mod common;

use std::net::{SocketAddr, TcpListener, TcpStream};

use common::netns::in_private_netns;
use common::*;

/// Every fix of every finding, in order.
fn all_fixes(document: &ExplainDocument) -> Vec<String> {
    document
        .findings
        .iter()
        .flat_map(|finding| finding.fixes.iter().cloned())
        .collect()
}

#[test]
fn loopback_only_is_about_listeners_never_about_connections() {
    let (low, _) = ephemeral_range();
    let server = (1024..low)
        .rev()
        .find_map(|port| TcpListener::bind(("127.0.0.1", port)).ok())
        .unwrap();
    let client = TcpStream::connect(server.local_addr().unwrap()).unwrap();
    let port = client.local_addr().unwrap().port();
    let _accepted = server.accept().unwrap();
    let (document, _) = explain_json(&[&port.to_string()]);
    assert!(!document.has("loopback-only"), "{:#?}", document.findings);
}

#[test]
fn connections_a_stopped_server_accepted_are_not_an_outgoing_connection() {
    // A server without SO_REUSEADDR (Rust's TcpListener sets it): its accepted connection
    // stops every server once it has gone.
    let server = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    server
        .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    server.listen(8).unwrap();
    let port = port_of(&server);
    // The client's port is ephemeral: the connection came in to the server.
    let _client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (accepted, _) = server.accept().unwrap();
    let kept = hold(HolderSpec {
        name: Some("worker"),
        fds: vec![raw_fd(&accepted)],
        ..HolderSpec::default()
    });
    drop(accepted);
    drop(server);
    let (document, _) = explain_json(&[&port.to_string()]);
    let error = document
        .findings
        .iter()
        .find(|finding| finding.rule == "ephemeral-range" && finding.severity == "error");
    assert!(error.is_none(), "{:#?}", document.findings);
    let output = portdoc(&["check", &port.to_string()]);
    assert!(
        stdout(&output).contains("a server that has stopped left connections it had accepted"),
        "{}",
        stdout(&output)
    );
    drop(kept);
}

#[test]
fn permission_errors_without_a_port_on_files_and_on_windows_are_not_a_security_module() {
    for line in [
        r#"nginx: [emerg] open() "/etc/nginx/key.pem" failed (13: Permission denied)"#,
        "open /etc/app/key.pem: permission denied",
    ] {
        let output = portdoc(&["explain", line]);
        assert_eq!(code(&output), 2, "{line}: {}", stdout(&output));
    }
    let (document, _) = explain_json(&["Error: listen EACCES: permission denied"]);
    assert!(!document.has("security-module"), "{:#?}", document.findings);
    assert!(
        document
            .finding("port-unknown")
            .summary
            .contains("a privileged port (below"),
        "{:#?}",
        document.findings
    );
    let (document, _) = explain_json(&[
        "OSError: [WinError 10013] An attempt was made to access a socket in a way forbidden by its access permissions: ('0.0.0.0', 50123)",
    ]);
    assert!(!document.has("security-module"), "{:#?}", document.findings);
}

#[test]
fn an_eacces_line_is_never_called_a_transient_conflict() {
    let port = free_port();
    let line = format!("Error: listen EACCES: permission denied 0.0.0.0:{port}");
    let (document, _) = explain_json(&[&line]);
    for finding in &document.findings {
        assert!(
            !finding.summary.contains("transient"),
            "{:#?}",
            document.findings
        );
    }
}

#[test]
fn the_uvicorn_fix_is_the_holders_own_command_on_a_free_port() {
    let (port, holder) = held_listener_with("uvicorn", |port| {
        format!("uvicorn openui.server:app --port {port} --host 127.0.0.1")
    });
    let (document, _) = explain_json(&[&port.to_string()]);
    let finding = document.finding("uvicorn-app");
    assert_eq!(finding.holder_pid, Some(holder.pid()));
    let start = finding
        .fixes
        .iter()
        .find(|fix| fix.starts_with("uvicorn openui.server:app --port "))
        .unwrap_or_else(|| panic!("{:?}", finding.fixes));
    assert!(!start.contains(&format!("--port {port} ")), "{start}");
    assert!(start.contains("--host 127.0.0.1"), "{start}");
    assert!(
        !all_fixes(&document)
            .iter()
            .any(|fix| fix.contains("app:app"))
    );
}

#[test]
fn an_nginx_holder_is_reloaded_by_signal_whatever_configuration_it_was_started_with() {
    let (port, holder) = held_listener(
        "nginx",
        "nginx: master process nginx -c /srv/site/nginx.conf -p /srv/site",
    );
    let line =
        format!("nginx: [emerg] bind() to 0.0.0.0:{port} failed (98: Address already in use)");
    let (document, _) = explain_json(&[&line]);
    let finding = document.finding("lb-port");
    assert_eq!(
        finding.fixes[0],
        format!(
            "kill -HUP {}    # reload the running nginx instead of starting a second one",
            holder.pid()
        )
    );
    assert!(
        !all_fixes(&document)
            .iter()
            .any(|fix| fix.contains("nginx -s reload"))
    );
}

#[test]
fn binding_the_wildcard_is_advised_only_when_the_wildcard_is_free() {
    let port = free_port();
    let line = format!("bind() to 192.0.2.1:{port} failed (99: Cannot assign requested address)");
    let (document, _) = explain_json(&[&line]);
    let fixes = &document.finding("address-not-available").fixes;
    assert!(
        fixes.iter().any(|fix| fix.starts_with("bind 0.0.0.0")),
        "{fixes:?}"
    );
    let taken = TcpListener::bind("0.0.0.0:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let line = format!("bind() to 192.0.2.1:{port} failed (99: Cannot assign requested address)");
    let (document, _) = explain_json(&[&line]);
    let fixes = &document.finding("address-not-available").fixes;
    assert!(
        !fixes.iter().any(|fix| fix.starts_with("bind 0.0.0.0")),
        "{fixes:?}"
    );
}

#[test]
fn a_port_suggested_for_fluvio_is_none_of_fluvios_own_ports() {
    require_root!();
    in_private_netns(|| {
        let spu = TcpListener::bind("0.0.0.0:9010").unwrap();
        let holder = hold(HolderSpec {
            name: Some("fluvio-run"),
            argv0: Some(
                "fluvio-run spu --id 5001 --public-server 0.0.0.0:9010 --private-server 0.0.0.0:9011",
            ),
            fds: vec![raw_fd(&spu)],
            ..HolderSpec::default()
        });
        drop(spu);
        let (document, _) = explain_json(&["9010"]);
        let fixes = all_fixes(&document);
        assert!(
            !fixes
                .iter()
                .any(|fix| fix.contains(":9011 ") || fix.contains(":9011")),
            "9011 is Fluvio's own private port: {fixes:?}"
        );
        assert!(
            fixes
                .iter()
                .any(|fix| fix.contains("--public-server 0.0.0.0:9012")),
            "{fixes:?}"
        );
        drop(holder);
    });
}

#[test]
fn reserving_a_port_keeps_the_ports_reserved_now() {
    require_root!();
    in_private_netns(|| {
        std::fs::write(
            "/proc/sys/net/ipv4/ip_local_reserved_ports",
            "40001,40100-40110",
        )
        .unwrap();
        let (document, _) = explain_json(&["40000"]);
        let fix = &document.finding("ephemeral-range").fixes[0];
        assert!(
            fix.starts_with(
                "sudo sysctl -w net.ipv4.ip_local_reserved_ports=40001,40100-40110,40000"
            ),
            "{fix}"
        );
    });
}

#[test]
fn a_udp_failure_gets_a_port_that_is_free_for_udp() {
    require_root!();
    in_private_netns(|| {
        let held = std::net::UdpSocket::bind("0.0.0.0:20000").unwrap();
        let next = std::net::UdpSocket::bind("0.0.0.0:20001").unwrap();
        let (document, _) = explain_json(&["20000/udp"]);
        assert_eq!(document.subject.protocol, "udp");
        let fixes = all_fixes(&document);
        assert!(!fixes.iter().any(|fix| fix.contains("20001")), "{fixes:?}");
        assert!(fixes.iter().any(|fix| fix.contains("20002")), "{fixes:?}");
        drop((held, next));
    });
}

#[test]
fn a_line_that_names_no_protocol_is_explained_for_the_held_one() {
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = udp.local_addr().unwrap().port();
    let line = format!("bind to '127.0.0.1@{port}': Address already in use");
    let (document, _) = explain_json(&[&line]);
    assert_eq!(
        (
            document.subject.protocol.as_str(),
            document.subject.protocol_named
        ),
        ("udp", false)
    );
    assert_eq!(document.status.as_deref(), Some("in-use"));
}

#[test]
fn a_unit_name_a_user_chose_never_reaches_a_command() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let holder = hold(HolderSpec {
        name: Some("myserver"),
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    drop(listener);
    let _cgroup = TestCgroup::place(
        holder.pid(),
        "user.slice/user-1000.slice/user@1000.service/app.slice/x;id>&2;.service",
    )
    .expect("create a test cgroup");
    let (document, _) = explain_json(&[&port.to_string()]);
    for fix in all_fixes(&document) {
        assert!(!fix.contains("id>&2"), "{fix}");
    }
    assert_eq!(
        document.finding("held-by-process").fixes[0],
        format!("portdoc free {port}    # stop it, if it should not be running")
    );
}

#[test]
fn a_padded_process_title_is_trimmed_and_summaries_cut_between_words() {
    let title = format!(
        "{}{}",
        "server --config /etc/server/main.conf --workers 4 ",
        " ".repeat(40)
    );
    let (port, _holder) = held_listener("server", &title);
    let (document, _) = explain_json(&[&port.to_string()]);
    let process = &document.sockets[0].processes[0];
    assert!(!process.cmdline.ends_with(' '), "{:?}", process.cmdline);
    let summary = &document.finding("held-by-process").summary;
    assert!(!summary.contains("  `"), "{summary}");
}

#[test]
fn keycloaks_own_line_names_the_keycloak_that_holds_the_management_port() {
    require_root!();
    in_private_netns(|| {
        let server = TcpListener::bind("0.0.0.0:9010").unwrap();
        let holder = hold(HolderSpec {
            name: Some("java"),
            argv0: Some(
                "java -Dkc.home.dir=/opt/keycloak -jar /opt/keycloak/lib/quarkus-run.jar start --http-management-port=9010",
            ),
            fds: vec![raw_fd(&server)],
            ..HolderSpec::default()
        });
        drop(server);
        let line = "2026-11-23 20:00:01,123 ERROR [io.quarkus.runtime.Application] (main) ERROR: Unable to start the management interface on 0.0.0.0:9010";
        let (document, code) = explain_json(&[line]);
        assert_eq!(code, 1);
        assert_eq!(document.subject.program.as_deref(), Some("keycloak"));
        assert_eq!(document.subject.error, None, "the line states no cause");
        let finding = document.finding("keycloak-management");
        assert_eq!(
            finding.holder_pid,
            Some(holder.pid()),
            "{:#?}",
            document.findings
        );
        drop(holder);
    });
}

#[test]
fn a_piped_log_with_bytes_that_are_not_utf8_is_read() {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    let mut log: Vec<u8> = b"binary field \xff\xfe\x00 in a line\n".to_vec();
    log.extend_from_slice(
        format!("bind() to 127.0.0.1:{port} failed (98: Address already in use)\n").as_bytes(),
    );
    let output = portdoc_with_stdin_bytes(&["explain", "--json", "-"], &log);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let document = parse_json::<ExplainEnvelope>(&stdout(&output)).single();
    assert_eq!(document.subject.port, Some(port));
}
