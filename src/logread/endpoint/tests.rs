//! The endpoint tokenizer on every separator programs use, and on numbers that are not ports.

use super::*;

/// The best endpoint of a line as (address, port).
fn first(line: &str) -> Option<(Option<String>, u16)> {
    find(line)
        .into_iter()
        .next()
        .map(|found| (found.address.map(|address| address.to_string()), found.port))
}

fn at(address: &str, port: u16) -> Option<(Option<String>, u16)> {
    Some((Some(address.to_string()), port))
}

fn port_only(port: u16) -> Option<(Option<String>, u16)> {
    Some((None, port))
}

#[test]
fn addresses_with_ports_in_every_notation() {
    for (line, expected) in [
        ("bind() to 0.0.0.0:80 failed", at("0.0.0.0", 80)),
        ("bind() to [::]:443 failed", at("::", 443)),
        (
            "Failed to bind to /[0:0:0:0:0:0:0:0]:37035",
            at("::", 37035),
        ),
        (
            "listen EADDRINUSE: address already in use :::3000",
            at("::", 3000),
        ),
        ("address already in use ::1:5173", at("::1", 5173)),
        ("bind to '127.0.0.1@53' (UDP)", at("127.0.0.1", 53)),
        (
            "listening on IPv6 interface lo, ::1#20130",
            at("::1", 20130),
        ),
        ("bind 127.0.0.1.1080: in use", at("127.0.0.1", 1080)),
        (
            "error while attempting to bind on address ('0.0.0.0', 8000)",
            at("0.0.0.0", 8000),
        ),
        (
            "address ('::', 34407, 0, 0): address already in use",
            at("::", 34407),
        ),
        ("bind(0.0.0.0, 143) failed", at("0.0.0.0", 143)),
        (r#"bind(2) for "0.0.0.0" port 36119"#, at("0.0.0.0", 36119)),
        (
            "Failed to start Ranch listener {acceptor,{0,0,0,0,0,0,0,0},20310}",
            at("::", 20310),
        ),
        (r#"{could_not_start_listener,"::",20310,"#, at("::", 20310)),
        (
            "inetd[1]: 127.0.0.1 20380/tcp: bind: Address in use",
            at("127.0.0.1", 20380),
        ),
        (
            "Unable to open listen socket for address [v1.::1]:20320",
            at("::1", 20320),
        ),
        (
            r#"[Connector["http-nio-0.0.0.0-37000"]]"#,
            at("0.0.0.0", 37000),
        ),
        (
            "E bind(5, {AF=2 0.0.0.0:36574}, 16): Address already in use",
            at("0.0.0.0", 36574),
        ),
        ("*:6379 already in use", at("0.0.0.0", 6379)),
        ("any:8080 in use", at("0.0.0.0", 8080)),
        (
            "Unable to connect to tcp://0.0.0.0:36196",
            at("0.0.0.0", 36196),
        ),
        ("could not bind to localhost:5432", at("127.0.0.1", 5432)),
    ] {
        assert_eq!(first(line), expected, "{line}");
    }
}

#[test]
fn ports_named_without_an_address() {
    for (line, expected) in [
        (
            "listen tcp :8080: bind: address already in use",
            port_only(8080),
        ),
        ("Port 35189 is already in use", port_only(35189)),
        ("port [8080] is taken", port_only(8080)),
        ("Port(s) already bound: 8080", port_only(8080)),
        ("Port 34533 is in use by another program", port_only(34533)),
        (
            r#"Failed to initialize connector [Connector["http-nio-8080"]]"#,
            port_only(8080),
        ),
        ("20380/udp: bind: Address already in use", port_only(20380)),
        (
            r#"Error opening specified endpoint "udp:20190""#,
            port_only(20190),
        ),
        (
            "[AF_INET6][undef]:20350: Address already in use",
            port_only(20350),
        ),
        ("  port: 35140", port_only(35140)),
        ("{port,8080}", port_only(8080)),
        (r#""port":35119"#, port_only(35119)),
    ] {
        assert_eq!(first(line), expected, "{line}");
    }
}

#[test]
fn file_positions_times_versions_pids_and_durations_are_not_ports() {
    for line in [
        "thread 'main' (8541) panicked at src/bin/std_unwrap.rs:6:57:",
        "binder.rb:341:in `initialize': Address already in use",
        "lua5.4: /tmp/x/luasocket_server.lua:10: address already in use",
        "error in [nginx.conf:12]: unknown directive",
        "at (server.cc:341)",
        "at java.base/sun.nio.ch.Net.bind(Net.java:555)",
        "    at Server.setupListenHandle [as _listen2] (node:net:1908:16)",
        "Can't create listen socket: Address already in use at /usr/share/perl5/Mojo/IOLoop.pm line 124.",
        "2026/11/23 20:06:53 socat[10050] E something",
        "[2026-11-23 20:01:31 +0000] [24043] [ERROR] failed",
        "2026-11-23T20:02:26+0000 [stderr#error] OSError",
        "nginx: [emerg] 1474#1474: bind() failed (98: Address already in use)",
        "jetty-9.4.57.v20241219; built: unknown",
        "ready in 212 ms",
        r#"{"level":50,"time":1795464144436,"pid":25507}"#,
        "pid: <0.79.0>",
        "errno: -98,",
        "Os { code: 98, kind: AddrInUse }",
        "Puma version: 5.6.5 (ruby 3.1.7-p261)",
        "aa:bb:cc:dd:ee:ff link",
    ] {
        assert_eq!(first(line), None, "{line}");
    }
}

#[test]
fn a_command_line_option_ranks_below_any_other_port() {
    let found = find("Port 8080 is in use; try --port 8081");
    assert_eq!((found[0].port, found[0].rank), (8080, 1));
    assert_eq!((found[1].port, found[1].rank), (8081, 0));
}

#[test]
fn an_address_written_alone_is_found_for_a_port_found_elsewhere() {
    for (line, expected) in [
        ("Bind to port 2222 on 0.0.0.0 failed", "0.0.0.0"),
        ("  address: '::',", "::"),
        (
            "unable to bind to wildcard address 0.0.0.0 - another process",
            "0.0.0.0",
        ),
    ] {
        assert_eq!(
            lone_address(line)
                .map(|address| address.to_string())
                .as_deref(),
            Some(expected),
            "{line}"
        );
    }
}
