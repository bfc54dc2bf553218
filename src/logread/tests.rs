//! The reader on the forms the issue names and on failures spread over several lines. Real
//! output is held to it in `tests/logread_corpus.rs`; these pin the rules one by one.

use proptest::prelude::*;

use super::*;

/// (error name or "unknown", port) of the first failure.
fn read_first(text: &str) -> Option<(&'static str, Option<u16>)> {
    parse(text).into_iter().next().map(|failure| {
        (
            failure.error.map_or("unknown", BindError::name),
            failure.port,
        )
    })
}

#[test]
fn every_wording_of_eacces_eaddrnotavail_and_eaddrinuse() {
    for (text, expected) in [
        ("Permission denied", ("EACCES", None)),
        (
            "java.net.BindException: Permission denied",
            ("EACCES", None),
        ),
        (
            r#"Error: Os { code: 13, kind: PermissionDenied, message: "Permission denied" }"#,
            ("EACCES", None),
        ),
        ("{error,eacces}", ("EACCES", None)),
        (
            "Error: You don't have permission to access that port.",
            ("EACCES", None),
        ),
        (
            "no acceptor (port is in use or requires root privileges)",
            ("unknown", None),
        ),
        (
            "Error: That IP address can't be assigned to.",
            ("EADDRNOTAVAIL", None),
        ),
        ("{error,eaddrnotavail}", ("EADDRNOTAVAIL", None)),
        (
            "Is another postmaster already running on port 5432?",
            ("EADDRINUSE", Some(5432)),
        ),
        (
            "Do you already have another server running on port: 3306 ?",
            ("EADDRINUSE", Some(3306)),
        ),
        ("Port 9000 not free on 0.0.0.0", ("EADDRINUSE", Some(9000))),
        ("listen 127.0.0.1:8080 (in use)", ("EADDRINUSE", Some(8080))),
        (
            "probably another instance of it is running on the same address",
            ("EADDRINUSE", None),
        ),
        (
            "OSError: [WinError 10048] Only one usage of each socket address is normally permitted: ('0.0.0.0', 80)",
            ("EADDRINUSE", Some(80)),
        ),
    ] {
        assert_eq!(read_first(text), Some(expected), "{text}");
    }
}

#[test]
fn failures_without_a_cause_are_failures_with_the_cause_unknown() {
    for (text, port) in [
        ("could not bind", None),
        ("Failed listening on port 8080", Some(8080)),
        ("Cannot bind any address", None),
        (
            "(OS 10048)no listening sockets available, shutting down",
            None,
        ),
        ("Failed to bind to address [::]:8443", Some(8443)),
        (
            "ERROR: Unable to start the management interface on 0.0.0.0:9010",
            Some(9010),
        ),
    ] {
        let found = read_first(text);
        assert_eq!(
            found.map(|(_, found_port)| found_port),
            Some(port),
            "{text}"
        );
    }
}

#[test]
fn a_cause_on_the_next_line_completes_the_failure() {
    let keycloak = "ERROR: Unable to start the management interface on 0.0.0.0:9010\nERROR: Address already in use";
    assert_eq!(read_first(keycloak), Some(("EADDRINUSE", Some(9010))));
    let java = "SEVERE: Failed to initialize connector [Connector[\"http-nio-8080\"]]\n\torg.apache.catalina.LifecycleException: Protocol handler initialization failed\n\t\tat x.y(Z.java:1)\n\tCaused by: java.net.BindException: Address already in use\n\t\tat sun.nio.ch.Net.bind0(Native Method)";
    assert_eq!(read_first(java), Some(("EADDRINUSE", Some(8080))));
}

#[test]
fn a_udp_failure_is_read_as_udp_and_an_unnamed_protocol_stays_open() {
    let dgram = parse("Error: bind EADDRINUSE 0.0.0.0:41234\n    at node:dgram:373:20");
    assert_eq!(dgram[0].protocol, Some(Protocol::Udp));
    let go = parse("listen udp 0.0.0.0:53: bind: address already in use");
    assert_eq!(go[0].protocol, Some(Protocol::Udp));
    let unnamed = parse("bind to '127.0.0.1@53': Address already in use");
    assert_eq!(unnamed[0].protocol, None, "portdoc then looks at both");
}

#[test]
fn errors_of_files_logins_and_connections_are_not_bind_failures() {
    for text in [
        r#"nginx: [emerg] open() "/etc/nginx/ssl/key.pem" failed (13: Permission denied)"#,
        "PermissionError: [Errno 13] Permission denied: '/var/run/app.pid'",
        "Permission denied (publickey,password).",
        "couldn't open socket: connection refused",
        "curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Connection refused",
        "exim: permission denied",
        "INFO: listening on 0.0.0.0:8080",
    ] {
        assert!(parse(text).is_empty(), "{text}: {:?}", parse(text));
    }
}

#[test]
fn the_program_comes_from_the_text() {
    let uvicorn = parse(
        "ERROR:    [Errno 98] error while attempting to bind on address ('0.0.0.0', 7878): address already in use",
    );
    assert_eq!(uvicorn[0].program.as_deref(), Some("uvicorn"));
    let nginx = parse(
        "2026/11/23 20:00:01 [emerg] 1474#1474: bind() to 0.0.0.0:80 failed (98: Address already in use)",
    );
    assert_eq!(nginx[0].program.as_deref(), Some("nginx"));
}

#[test]
fn repeated_failures_are_one_and_the_count_beyond_the_limit_is_kept() {
    let retries = "bind() to 0.0.0.0:80 failed (98: Address already in use)\n".repeat(5);
    assert_eq!(parse(&retries).len(), 1);
    let many: String = (1000..1100)
        .map(|port| format!("bind() to 0.0.0.0:{port} failed (98: Address already in use)\nnoise\nnoise\nnoise\nnoise\n"))
        .collect();
    let reading = read(&many, 20);
    assert_eq!((reading.failures.len(), reading.more), (20, 80));
}

proptest! {
    /// Noise around a failure phrase never lends it a port from a file position, a time, a
    /// version or a pid.
    #[test]
    fn noise_never_becomes_a_port(
        file in "[a-z_]{1,8}\\.(rs|py|go|java|conf|rb|lua|c)",
        line in 1u32..99_999,
        column in 1u32..500,
        hour in 0u32..24,
        minute in 0u32..60,
        pid in 1u32..99_999,
        major in 0u32..30,
        minor in 0u32..30,
        phrase in prop::sample::select(vec![
            "Address already in use",
            "bind: permission denied",
            "could not bind",
            "Cannot assign requested address",
        ]),
    ) {
        let text = format!(
            "{hour:02}:{minute:02}:{minute:02} app[{pid}]: at {file}:{line}:{column}: {phrase} (v{major}.{minor}.{line}) [{file}:{line}] ({file}:{column}) {pid}#{pid}: took {line}ms"
        );
        for failure in parse(&text) {
            prop_assert_eq!(failure.port, None, "{}", text);
        }
    }
}

#[test]
fn the_writers_pid_is_read_from_nginx_syslog_and_journald_lines() {
    use super::process_ids;
    assert_eq!(
        process_ids(
            "2026/11/23 10:00:00 [crit] 1234#1234: accept4() failed (24: Too many open files)"
        ),
        vec![1234]
    );
    assert_eq!(
        process_ids("Nov 23 10:00:00 web haproxy[812]: Proxy stopped"),
        vec![812]
    );
    assert_eq!(process_ids("MESSAGE=x _PID=77 _COMM=java"), vec![77]);
    assert!(process_ids("listen tcp :8080: bind: address already in use").is_empty());
    assert!(process_ids("at line 12: [x.conf:12]").is_empty());
}

#[test]
fn colored_output_is_read_without_its_escape_sequences() {
    let failures = super::parse(
        "ERROR:robyn.logger:\x1b[91mPort 40006 is already in use. Please use a different port.\x1b[0m\n",
    );
    assert_eq!(failures[0].port, Some(40006));
    assert_eq!(failures[0].error, Some(super::BindError::AddrInUse));
}
