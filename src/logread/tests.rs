//! The parser against real-world lines: every form named in the issue plus servers and
//! platforms seen in the field. Each row: text, address, port, protocol, error, program.

use super::*;

type Row = (
    &'static str,
    Option<&'static str>,
    Option<u16>,
    Option<Protocol>,
    BindError,
    Option<&'static str>,
);

const TCP: Option<Protocol> = Some(Protocol::Tcp);
const UDP: Option<Protocol> = Some(Protocol::Udp);
use BindError::*;

const ROWS: &[Row] = &[
    (
        "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)",
        Some("0.0.0.0"),
        Some(80),
        None,
        AddrInUse,
        Some("nginx"),
    ),
    (
        "nginx: [emerg] bind() to [::]:443 failed (98: Address already in use)",
        Some("::"),
        Some(443),
        None,
        AddrInUse,
        Some("nginx"),
    ),
    (
        "nginx: [emerg] bind() to 10.0.0.5:80 failed (99: Cannot assign requested address)",
        Some("10.0.0.5"),
        Some(80),
        None,
        AddrNotAvailable,
        Some("nginx"),
    ),
    (
        "nginx: [emerg] socket() [::]:80 failed (97: Address family not supported by protocol)",
        Some("::"),
        Some(80),
        None,
        FamilyNotSupported,
        Some("nginx"),
    ),
    (
        "nginx: [emerg] bind() to 0.0.0.0:80 failed (13: Permission denied)",
        Some("0.0.0.0"),
        Some(80),
        None,
        Access,
        Some("nginx"),
    ),
    (
        "ERROR (uvicorn.error): [Errno 98] error while attempting to bind on address ('0.0.0.0', 7878): address already in use",
        Some("0.0.0.0"),
        Some(7878),
        None,
        AddrInUse,
        Some("uvicorn"),
    ),
    (
        "ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', 8000): address already in use",
        Some("127.0.0.1"),
        Some(8000),
        None,
        AddrInUse,
        Some("python"),
    ),
    (
        "ERROR: Unable to start the management interface on 0.0.0.0:9010\nERROR: Address already in use",
        Some("0.0.0.0"),
        Some(9010),
        None,
        AddrInUse,
        Some("keycloak"),
    ),
    (
        "Error: listen EADDRINUSE: address already in use :::3000",
        Some("::"),
        Some(3000),
        None,
        AddrInUse,
        Some("node"),
    ),
    (
        "Error: listen EADDRINUSE: address already in use 127.0.0.1:5173",
        Some("127.0.0.1"),
        Some(5173),
        None,
        AddrInUse,
        Some("node"),
    ),
    (
        "Error: listen EACCES: permission denied 0.0.0.0:80",
        Some("0.0.0.0"),
        Some(80),
        None,
        Access,
        Some("node"),
    ),
    (
        "listen tcp :8080: bind: address already in use",
        Some("::"),
        Some(8080),
        TCP,
        AddrInUse,
        Some("go"),
    ),
    (
        "listen tcp :80: bind: permission denied",
        Some("::"),
        Some(80),
        TCP,
        Access,
        Some("go"),
    ),
    (
        "listen udp 0.0.0.0:53: bind: address already in use",
        Some("0.0.0.0"),
        Some(53),
        UDP,
        AddrInUse,
        Some("go"),
    ),
    (
        "Error response from daemon: driver failed programming external connectivity on endpoint web (3f2a9c1e5b7d): Bind for 0.0.0.0:8080 failed: port is already allocated",
        Some("0.0.0.0"),
        Some(8080),
        None,
        PortAllocated,
        Some("docker"),
    ),
    (
        "docker: Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint db (0b1c): failed to bind host port for 0.0.0.0:5432:172.17.0.2:5432/tcp: address already in use.",
        Some("0.0.0.0"),
        Some(5432),
        TCP,
        AddrInUse,
        Some("docker"),
    ),
    (
        "Error starting userland proxy: listen tcp4 0.0.0.0:8080: bind: address already in use",
        Some("0.0.0.0"),
        Some(8080),
        TCP,
        AddrInUse,
        Some("docker"),
    ),
    (
        "LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use\nHINT:  Is another postmaster already running on port 5432? If not, wait a few seconds and retry.",
        Some("127.0.0.1"),
        Some(5432),
        None,
        AddrInUse,
        Some("postgres"),
    ),
    (
        "# Warning: Could not create server TCP listening socket *:6379: bind: Address already in use",
        Some("0.0.0.0"),
        Some(6379),
        TCP,
        AddrInUse,
        Some("redis"),
    ),
    (
        "# Could not create server TCP listening socket ::*:6379: bind: Address already in use",
        Some("::"),
        Some(6379),
        TCP,
        AddrInUse,
        Some("redis"),
    ),
    (
        "Error: Os { code: 98, kind: AddrInUse, message: \"Address already in use\" }",
        None,
        None,
        None,
        AddrInUse,
        Some("rust"),
    ),
    (
        "0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.",
        None,
        None,
        None,
        NoFreePorts,
        Some("kube-scheduler"),
    ),
    (
        "(98)Address already in use: AH00072: make_sock: could not bind to address [::]:80",
        Some("::"),
        Some(80),
        None,
        AddrInUse,
        Some("apache"),
    ),
    (
        "(98)Address already in use: AH00072: make_sock: could not bind to address 0.0.0.0:443",
        Some("0.0.0.0"),
        Some(443),
        None,
        AddrInUse,
        Some("apache"),
    ),
    (
        "[ALERT]    (1) : Starting frontend http-in: cannot bind socket (Address already in use) [0.0.0.0:80]",
        Some("0.0.0.0"),
        Some(80),
        None,
        AddrInUse,
        Some("haproxy"),
    ),
    (
        "[2026-11-22 09:12:03 +0000] [812] [ERROR] Connection in use: ('0.0.0.0', 8000)",
        Some("0.0.0.0"),
        Some(8000),
        None,
        AddrInUse,
        Some("gunicorn"),
    ),
    (
        "Error: That port is already in use.",
        None,
        None,
        None,
        AddrInUse,
        Some("django"),
    ),
    (
        " * Running on http://127.0.0.1:5000\nAddress already in use\nPort 5000 is in use by another program. Either identify and stop that program, or start the server with a different port.",
        Some("127.0.0.1"),
        Some(5000),
        None,
        AddrInUse,
        None,
    ),
    (
        "2026-11-22T09:12:03.123Z [ERROR] [MY-010262] [Server] Can't start server: Bind on TCP/IP port: Address already in use\n2026-11-22T09:12:03.124Z [ERROR] [MY-010257] [Server] Do you already have another mysqld server running on port: 3306 ?",
        None,
        Some(3306),
        TCP,
        AddrInUse,
        Some("mysqld"),
    ),
    (
        "error: Bind to port 22 on 0.0.0.0 failed: Address already in use.",
        Some("0.0.0.0"),
        Some(22),
        None,
        AddrInUse,
        Some("sshd"),
    ),
    (
        "error: Bind to port 2222 on :: failed: Address already in use.",
        Some("::"),
        Some(2222),
        None,
        AddrInUse,
        Some("sshd"),
    ),
    (
        "dnsmasq: failed to create listening socket for port 53: Address already in use",
        None,
        Some(53),
        None,
        AddrInUse,
        Some("dnsmasq"),
    ),
    (
        "***************************\nAPPLICATION FAILED TO START\n***************************\nDescription:\nWeb server failed to start. Port 8080 was already in use.",
        None,
        Some(8080),
        None,
        AddrInUse,
        Some("spring-boot"),
    ),
    (
        "org.apache.kafka.common.KafkaException: Socket server failed to bind to 0.0.0.0:9092: Address already in use.",
        Some("0.0.0.0"),
        Some(9092),
        None,
        AddrInUse,
        Some("kafka"),
    ),
    (
        "ERROR [io.qua.run.Application] Port 8080 seems to be in use by another process. Quarkus may already be running or the port is used by another application.",
        None,
        Some(8080),
        None,
        AddrInUse,
        Some("quarkus"),
    ),
    (
        "Caused by: java.net.BindException: Address already in use\n\tat sun.nio.ch.Net.bind0(Native Method)\nFailed to start connector [Connector[HTTP/1.1-8443]]",
        None,
        Some(8443),
        None,
        AddrInUse,
        Some("java"),
    ),
    (
        "Error: loading initial config: loading new config: http app module: start: listening on :443: listen tcp :443: bind: address already in use",
        Some("::"),
        Some(443),
        TCP,
        AddrInUse,
        Some("caddy"),
    ),
    (
        "Unable to listen on port 8080: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:8080: bind: address already in use unable to create listener: Error listen tcp6 [::1]:8080: bind: address already in use]",
        Some("127.0.0.1"),
        Some(8080),
        TCP,
        AddrInUse,
        Some("kubectl"),
    ),
    (
        "OSError: [Errno 48] Address already in use",
        None,
        None,
        None,
        AddrInUse,
        Some("python"),
    ),
    (
        "listen tcp :5000: bind: address already in use",
        Some("::"),
        Some(5000),
        TCP,
        AddrInUse,
        Some("go"),
    ),
    (
        "OSError: [WinError 10048] Only one usage of each socket address (protocol/network address/port) is normally permitted: ('0.0.0.0', 8000)",
        Some("0.0.0.0"),
        Some(8000),
        None,
        AddrInUse,
        Some("python"),
    ),
    (
        "OSError: [WinError 10013] An attempt was made to access a socket in a way forbidden by its access permissions",
        None,
        None,
        None,
        Access,
        Some("python"),
    ),
    (
        "Error: listen EADDRNOTAVAIL: address not available 192.168.1.50:3000",
        Some("192.168.1.50"),
        Some(3000),
        None,
        AddrNotAvailable,
        Some("node"),
    ),
    (
        "[error] envoy: error initializing configuration '/etc/envoy/envoy.yaml': cannot bind '0.0.0.0:10000': Address already in use",
        Some("0.0.0.0"),
        Some(10000),
        None,
        AddrInUse,
        Some("envoy"),
    ),
    (
        "time=\"2026-11-22T09:12:03Z\" level=error msg=\"Error opening listener\" error=\"listen tcp :80: bind: address already in use\" entryPointName=web traefik",
        Some("::"),
        Some(80),
        TCP,
        AddrInUse,
        Some("traefik"),
    ),
    (
        "probably another instance of uWSGI is running on the same address (:8080).\nbind(): Address already in use [core/socket.c line 769]",
        Some("::"),
        Some(8080),
        None,
        AddrInUse,
        Some("uwsgi"),
    ),
    (
        "Nov 22 09:12:03 web01 myapp[4242]: bind failed on 127.0.0.1:9999: Address already in use",
        Some("127.0.0.1"),
        Some(9999),
        None,
        AddrInUse,
        Some("myapp"),
    ),
    (
        "ERROR: Failed to start server: Port 7878 is already in use by OpenUI (uvicorn)",
        None,
        Some(7878),
        None,
        AddrInUse,
        Some("uvicorn"),
    ),
    (
        "2026-11-22 09:12:03 ERROR [fluvio_spu::start] error: Address already in use (os error 98) public server 0.0.0.0:9010",
        Some("0.0.0.0"),
        Some(9010),
        None,
        AddrInUse,
        Some("fluvio"),
    ),
    (
        "failed to listen on db.internal:5432: bind: cannot assign requested address",
        None,
        Some(5432),
        None,
        AddrNotAvailable,
        None,
    ),
];

#[test]
fn real_world_lines_are_understood() {
    assert!(ROWS.len() >= 30);
    let mut wrong = Vec::new();
    for (text, address, port, protocol, error, program) in ROWS {
        let failures = parse(text);
        let expected_address = address.map(|address| address.parse::<IpAddr>().unwrap());
        let found: Vec<_> = failures
            .iter()
            .map(|failure| {
                (
                    failure.address,
                    failure.port,
                    failure.protocol,
                    failure.error,
                    failure.program.as_deref(),
                )
            })
            .collect();
        let expected = vec![(expected_address, *port, *protocol, *error, *program)];
        if found != expected {
            wrong.push(format!(
                "{text}\n  expected {expected:?}\n  found    {found:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} lines misread:\n{}",
        wrong.len(),
        ROWS.len(),
        wrong.join("\n")
    );
}

#[test]
fn platforms_are_recognised_from_errno_numbers_and_wording() {
    assert_eq!(
        parse("OSError: [Errno 48] Address already in use")[0].platform,
        Some(Platform::Macos)
    );
    assert_eq!(
        parse("OSError: [WinError 10048] Only one usage of each socket address")[0].platform,
        Some(Platform::Windows)
    );
    assert_eq!(
        parse("bind() to 0.0.0.0:80 failed (98: Address already in use)")[0].platform,
        Some(Platform::Linux)
    );
}

#[test]
fn host_names_are_kept_as_hosts() {
    let failure =
        &parse("failed to listen on db.internal:5432: bind: cannot assign requested address")[0];
    assert_eq!(
        (failure.host.as_deref(), failure.port),
        (Some("db.internal"), Some(5432))
    );
}

#[test]
fn a_journal_with_repeats_gives_each_conflict_once() {
    let journal = "\
Nov 22 09:12:03 web01 nginx[812]: nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)
Nov 22 09:12:03 web01 nginx[812]: nginx: [emerg] bind() to [::]:80 failed (98: Address already in use)
Nov 22 09:12:04 web01 nginx[812]: nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)
Nov 22 09:12:04 web01 nginx[812]: nginx: [emerg] bind() to [::]:80 failed (98: Address already in use)
Nov 22 09:12:05 web01 nginx[812]: nginx: [emerg] still could not bind()
Nov 22 09:12:05 web01 systemd[1]: nginx.service: Failed with result 'exit-code'.";
    let failures = parse(journal);
    let endpoints: Vec<(Option<IpAddr>, Option<u16>)> = failures
        .iter()
        .map(|failure| (failure.address, failure.port))
        .collect();
    assert_eq!(
        endpoints,
        [
            (Some("0.0.0.0".parse().unwrap()), Some(80)),
            (Some("::".parse().unwrap()), Some(80))
        ]
    );
}

#[test]
fn text_without_a_bind_failure_yields_nothing() {
    for text in [
        "",
        "Server started on 0.0.0.0:8080",
        "open /etc/nginx/nginx.conf: permission denied",
        "Error: EACCES: permission denied, open '/var/log/app.log'",
        "GET /index.html 200 0.003s",
        "09:12:03 worker 3 exited with code 13",
    ] {
        assert_eq!(parse(text), vec![], "{text}");
    }
}

proptest::proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let _ = parse(&text);
    }

    #[test]
    fn never_panics_on_text_shaped_like_log_lines(
        prefix in "[a-zA-Z :\\[\\]()'\"]{0,30}",
        address in "(\\[[0-9a-f:]{0,12}\\]|[0-9.]{0,18}|:{0,3}|\\*)",
        port in "[0-9]{0,7}",
        error in "(address already in use|Permission denied|errno 9[789]|WinError 100[0-9]{2}|port is already allocated|)",
        suffix in "\\PC{0,40}",
    ) {
        let line = format!("{prefix}{address}:{port} {error}{suffix}");
        for failure in parse(&line) {
            proptest::prop_assert!(failure.port != Some(0));
        }
    }
}
