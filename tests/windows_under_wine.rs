//! The Windows build (`x86_64-pc-windows-gnu`, release) run under Wine against real loopback
//! sockets of this Linux host. Wine answers `GetExtendedTcpTable`/`GetExtendedUdpTable` from
//! Linux's own tables, so portdoc.exe sees every socket of the host, and names an owner only
//! when Wine can: a Wine process by its Windows pid, never a Linux process.
//!
//! `scripts/cross` builds the exe and runs these tests with `PORTDOC_EXE` naming it; plain
//! `cargo test` lists them as ignored. Everything here binds 127.0.0.1 only.
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use common::*;

/// The directory holding portdoc.exe and the harness's Windows programs.
struct WineBench {
    directory: PathBuf,
}

/// Copies `PORTDOC_EXE` next to the harness's ProcessPrng shim, and builds the holder
/// program, with the mingw compiler.
fn bench() -> &'static WineBench {
    static BENCH: OnceLock<WineBench> = OnceLock::new();
    BENCH.get_or_init(|| {
        let exe = std::env::var_os("PORTDOC_EXE").map(PathBuf::from).expect(
            "PORTDOC_EXE names the portdoc.exe to test (scripts/cross builds it and sets it)",
        );
        let directory = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wine");
        let _ = std::fs::remove_dir_all(&directory);
        std::fs::create_dir_all(&directory).unwrap();
        std::fs::copy(&exe, directory.join("portdoc.exe"))
            .unwrap_or_else(|error| panic!("copy {}: {error}", exe.display()));
        mingw(
            &["-shared", "-o", "bcryptprimitives.dll"],
            "bcryptprimitives.c",
            "-ladvapi32",
            &directory,
        );
        mingw(
            &["-o", "holdport.exe"],
            "holdport.c",
            "-lws2_32",
            &directory,
        );
        let version = Command::new("wine")
            .arg("--version")
            .output()
            .expect("run wine (scripts/cross installs it)");
        let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
        assert!(
            reads_linux_tables(&version),
            "{version}: these tests show what Wine before 9.17 does (Debian 12 has 8.0). Wine \
             9.17 builds the tables on a wineserver call: run them there by hand, and change \
             the tests and the README to what it shows"
        );
        WineBench { directory }
    })
}

/// Whether this Wine answers GetExtendedTcpTable from Linux's tables, naming the Windows pid
/// of a Wine process whose descriptor table holds the socket (nsiproxy's find_owning_pid),
/// which Wine 9.17 replaced with a wineserver call.
fn reads_linux_tables(version: &str) -> bool {
    let number = version
        .trim_start_matches("wine-")
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .next()
        .unwrap_or_default();
    let mut parts = number
        .split('.')
        .map(|part| part.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) < (9, 17)
}

fn mingw(output: &[&str], source: &str, library: &str, directory: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/wine")
        .join(source);
    let status = Command::new("x86_64-w64-mingw32-gcc")
        .args(["-O2", "-s"])
        .args(output)
        .arg(&source)
        .arg(library)
        .current_dir(directory)
        .status()
        .expect("run x86_64-w64-mingw32-gcc (gcc-mingw-w64-x86-64; scripts/cross installs it)");
    assert!(status.success(), "building {}", source.display());
}

/// `wine portdoc.exe ARGS...`, with Wine's own diagnostics off.
fn portdoc_exe(args: &[&str]) -> Output {
    wine(&bench().directory.join("portdoc.exe"), args, "-all")
}

fn wine(program: &Path, args: &[&str], debug: &str) -> Output {
    Command::new("wine")
        .arg(program)
        .args(args)
        .env("WINEDEBUG", debug)
        .stdin(Stdio::null())
        .output()
        .expect("run wine")
}

/// Whether the Wine prefix in use has a system DLL of that name.
fn wine_has_dll(name: &str) -> bool {
    let prefix = std::env::var_os("WINEPREFIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(&std::env::var_os("HOME").unwrap()).join(".wine"));
    prefix.join("drive_c/windows/system32").join(name).exists()
}

/// How the Windows holder leaves its sockets.
#[derive(Clone, Copy)]
enum Descriptors {
    /// Only wineserver holds the Linux descriptors (Wine binds and listens there).
    InWineserver,
    /// The program used its sockets once, so its own descriptor table has them too.
    InTheProcess,
}

/// A Windows program under Wine holding a TCP listener and a UDP socket on 127.0.0.1:port.
struct WindowsHolder {
    held: Held,
    windows_pid: u32,
}

impl WindowsHolder {
    fn start(port: u16, descriptors: Descriptors) -> WindowsHolder {
        let mode = match descriptors {
            Descriptors::InWineserver => "server",
            Descriptors::InTheProcess => "fetch",
        };
        let mut child = Command::new("wine")
            .arg(bench().directory.join("holdport.exe"))
            .args(["hold", &port.to_string(), mode])
            .env("WINEDEBUG", "-all")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run wine holdport.exe");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let held = Held::adopt(child);
        let windows_pid = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("holdport.exe printed {line:?}, not its pid"));
        // `wine` execs the loader, so the child is the Windows program's Linux process.
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", held.pid())).unwrap();
        assert!(String::from_utf8_lossy(&cmdline).contains("holdport.exe"));
        WindowsHolder { held, windows_pid }
    }

    fn linux_pid(&self) -> u32 {
        self.held.pid()
    }
}

fn who_exe(args: &[&str]) -> WhoDocument {
    let mut full = vec!["who", "--json"];
    full.extend_from_slice(args);
    let output = portdoc_exe(&full);
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    parse_json(&stdout(&output))
}

/// The listener and the UDP socket on `port`, as `(protocol, state)` pairs.
fn listener_and_udp(document: &WhoDocument, port: u16) -> Vec<(&str, &str)> {
    let mut found: Vec<(&str, &str)> = document
        .on_port(port)
        .iter()
        .filter(|socket| socket.local_address == "127.0.0.1")
        .map(|socket| (socket.protocol.as_str(), socket.state.as_str()))
        .collect();
    found.sort_unstable();
    found
}

#[test]
#[ignore = "runs portdoc.exe under Wine: scripts/cross"]
fn the_exe_starts_only_with_a_processprng() {
    let bare = bench().directory.join("bare");
    std::fs::create_dir_all(&bare).unwrap();
    std::fs::copy(
        bench().directory.join("portdoc.exe"),
        bare.join("portdoc.exe"),
    )
    .unwrap();
    let output = wine(&bare.join("portdoc.exe"), &["--version"], "-all,err+module");
    // Rust's std imports ProcessPrng from bcryptprimitives.dll. Wine 8.0 has no such DLL,
    // which is why the harness puts its shim next to the exe.
    if wine_has_dll("bcryptprimitives.dll") {
        assert_eq!(code(&output), 0, "{}", stderr(&output));
    } else {
        assert_ne!(code(&output), 0);
        assert!(
            stderr(&output).contains("bcryptprimitives.dll"),
            "{}",
            stderr(&output)
        );
    }
    let shimmed = portdoc_exe(&["--version"]);
    assert_eq!(code(&shimmed), 0, "{}", stderr(&shimmed));
    assert!(stdout(&shimmed).starts_with("portdoc "));
}

#[test]
#[ignore = "runs portdoc.exe under Wine: scripts/cross"]
fn a_linux_processs_sockets_are_listed_with_their_owner_hidden() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let _udp = std::net::UdpSocket::bind(("127.0.0.1", port)).unwrap();

    let document = who_exe(&[&port.to_string()]);
    assert_eq!(
        listener_and_udp(&document, port),
        [("tcp", "LISTEN"), ("udp", "UNCONN")],
        "{document:#?}"
    );
    for socket in document.on_port(port) {
        // Wine names no pid (0) for a Linux process's socket: shown as hidden, not as free.
        assert!(
            socket.processes.is_empty() && !socket.owner_visible,
            "{socket:#?}"
        );
        assert!(socket.netns.is_none() && socket.uid.is_none() && socket.recv_queue.is_none());
    }
    assert!(!document.complete);
    assert!(
        document
            .warnings
            .iter()
            .any(|warning| warning.contains("TIME_WAIT timers")),
        "{:?}",
        document.warnings
    );

    let text = stdout(&portdoc_exe(&["who", &port.to_string()]));
    assert!(text.contains("owner not visible"), "{text}");

    let everything = who_exe(&[]);
    assert_eq!(
        listener_and_udp(&everything, port),
        [("tcp", "LISTEN"), ("udp", "UNCONN")]
    );
}

#[test]
#[ignore = "runs portdoc.exe under Wine: scripts/cross"]
fn a_time_wait_socket_is_listed_as_held_by_no_process() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    make_time_wait(&listener);
    drop(listener);

    let document = who_exe(&[&port.to_string()]);
    let time_wait: Vec<_> = document
        .on_port(port)
        .into_iter()
        .filter(|socket| socket.state == "TIME_WAIT")
        .collect();
    assert!(!time_wait.is_empty(), "{document:#?}");
    for socket in time_wait {
        assert!(
            socket.processes.is_empty() && socket.owner_visible,
            "{socket:#?}"
        );
        assert_eq!(socket.expires_in_ms, None);
    }
}

#[test]
#[ignore = "runs portdoc.exe under Wine: scripts/cross"]
fn a_wine_process_using_its_sockets_is_named_by_its_windows_pid() {
    let port = free_port();
    let holder = WindowsHolder::start(port, Descriptors::InTheProcess);

    // Linux sees the descriptors in the holder's own table (and in wineserver's).
    let (linux, _) = who_json(&[&port.to_string()]);
    for socket in linux.on_port(port) {
        assert!(socket.pids().contains(&holder.linux_pid()), "{socket:#?}");
    }

    let document = who_exe(&[&port.to_string()]);
    assert_eq!(
        listener_and_udp(&document, port),
        [("tcp", "LISTEN"), ("udp", "UNCONN")],
        "{document:#?}"
    );
    for socket in document.on_port(port) {
        assert_eq!(socket.pids(), [holder.windows_pid], "{socket:#?}");
        assert_eq!(socket.processes[0].name, "holdport.exe");
        assert!(socket.owner_visible);
    }
    assert!(document.complete);
}

#[test]
#[ignore = "runs portdoc.exe under Wine: scripts/cross"]
fn sockets_only_wineserver_holds_have_no_windows_owner() {
    let port = free_port();
    let holder = WindowsHolder::start(port, Descriptors::InWineserver);

    // Linux: wineserver holds the descriptors, the Windows program does not.
    let (linux, _) = who_json(&[&port.to_string()]);
    for socket in linux.on_port(port) {
        assert!(!socket.pids().contains(&holder.linux_pid()), "{socket:#?}");
        assert!(
            socket
                .processes
                .iter()
                .any(|process| process.name.starts_with("wineserver")),
            "{socket:#?}"
        );
    }

    // Wine finds a socket's Windows pid by scanning its processes' descriptor tables
    // (nsiproxy's find_owning_pid), so it names none here: portdoc says hidden.
    let document = who_exe(&[&port.to_string()]);
    assert_eq!(listener_and_udp(&document, port).len(), 2, "{document:#?}");
    for socket in document.on_port(port) {
        assert!(
            socket.processes.is_empty() && !socket.owner_visible,
            "{socket:#?}"
        );
    }
    assert!(!document.complete);
}

#[test]
#[ignore = "runs portdoc.exe under Wine: scripts/cross"]
fn check_exits_1_on_a_held_port_and_0_on_a_free_one() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port().to_string();
    let busy = portdoc_exe(&["check", "--addr", "127.0.0.1", "--json", &port]);
    assert_eq!(code(&busy), 1, "{}", stderr(&busy));
    let document: CheckDocument = parse_json(&stdout(&busy));
    let record = &document.ports[0];
    assert_eq!(record.status, "in-use");
    // Windows servers bind without SO_REUSEADDR: both profiles are refused by the listener.
    assert!(
        record
            .probes
            .iter()
            .all(|probe| probe.result == "EADDRINUSE" && probe.address == "127.0.0.1"),
        "{record:#?}"
    );
    assert!(record.holders.iter().all(|holder| !holder.owner_visible));
    assert!(!document.complete);
    let text = stdout(&portdoc_exe(&["check", "--addr", "127.0.0.1", &port]));
    assert!(text.contains("owner not visible"), "{text}");

    let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let udp_port = format!("{}/udp", udp.local_addr().unwrap().port());
    let busy_udp = portdoc_exe(&["check", "--addr", "127.0.0.1", "--quiet", &udp_port]);
    assert_eq!(code(&busy_udp), 1, "{}", stderr(&busy_udp));

    let wine_port = free_port();
    let holder = WindowsHolder::start(wine_port, Descriptors::InTheProcess);
    let held = portdoc_exe(&[
        "check",
        "--addr",
        "127.0.0.1",
        "--json",
        &wine_port.to_string(),
    ]);
    assert_eq!(code(&held), 1, "{}", stderr(&held));
    let document: CheckDocument = parse_json(&stdout(&held));
    assert!(
        document.ports[0]
            .holders
            .iter()
            .any(|holder_record| holder_record.pids() == [holder.windows_pid]),
        "{document:#?}"
    );

    drop(listener);
    let free = portdoc_exe(&["check", "--addr", "127.0.0.1", "--quiet", &port]);
    assert_eq!(code(&free), 0, "{}", stderr(&free));
    let unused = free_port().to_string();
    let free = portdoc_exe(&["check", "--addr", "127.0.0.1", &unused]);
    assert_eq!(code(&free), 0, "{}", stdout(&free));
}

#[test]
#[ignore = "runs portdoc.exe under Wine: scripts/cross"]
fn explain_reads_winsocks_own_error_and_names_the_wine_holder() {
    let port = free_port();
    let holder = WindowsHolder::start(port, Descriptors::InTheProcess);
    // A second Windows program's bind, as Winsock refused it.
    let attempt = wine(
        &bench().directory.join("holdport.exe"),
        &["bind", &port.to_string()],
        "-all",
    );
    let line = stdout(&attempt).trim().to_string();
    assert_eq!(
        line,
        format!("bind 127.0.0.1:{port} failed: WSAEADDRINUSE (10048)")
    );

    let python = format!(
        "OSError: [WinError 10048] Only one usage of each socket address (protocol/network address/port) is normally permitted: ('127.0.0.1', {port})"
    );
    for pasted in [line.as_str(), python.as_str()] {
        let output = portdoc_exe(&["explain", "--json", pasted]);
        assert_eq!(code(&output), 1, "{pasted}: {}", stderr(&output));
        let document = parse_json::<ExplainEnvelope>(&stdout(&output)).single();
        assert_eq!(document.subject.port, Some(port));
        assert_eq!(document.subject.error.as_deref(), Some("EADDRINUSE"));
        assert_eq!(document.subject.platform.as_deref(), Some("windows"));
        assert_eq!(
            document.finding("held-by-process").holder_pid,
            Some(holder.windows_pid),
            "{pasted}"
        );
    }
}

#[test]
#[ignore = "runs portdoc.exe under Wine: scripts/cross"]
fn bad_input_exits_2_with_one_line() {
    for args in [
        &["who", "70000"][..],
        &["check", "--addr", "not-an-address", "80"],
        &["check", "--wait", "soon", "80"],
        &["explain", "--no-such-option"],
    ] {
        let output = portdoc_exe(args);
        assert_eq!(code(&output), 2, "{args:?}");
        let error = stderr(&output);
        assert_eq!(error.lines().count(), 1, "{args:?}: {error}");
        assert!(error.starts_with("portdoc: "), "{args:?}: {error}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn wine_versions_before_9_17_read_linux_tables() {
    assert!(reads_linux_tables("wine-8.0 (Debian 8.0~repack-4)"));
    assert!(reads_linux_tables("wine-9.16"));
    assert!(!reads_linux_tables("wine-9.17"));
    assert!(!reads_linux_tables("wine-10.0"));
}
