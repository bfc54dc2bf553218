//! `portdoc free` against real processes, each test in its own network namespace: a forking
//! server, real nginx, a process that ignores SIGTERM, a client connection from the port,
//! TIME_WAIT alone, another user's process, holders that systemd or a container runtime
//! manage, a pid reused between plan and act, and the plan-only modes. After every run the
//! processes are looked at and a real server binds (or fails to bind) the port. Needs root.
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::contract::FreeDocument;
use common::netns::{Server, in_private_netns, real_bind};
use common::*;
use socket2::{Domain, SockAddr, Socket, Type};

const PORT: u16 = 8080;

fn any_v4() -> IpAddr {
    "0.0.0.0".parse().unwrap()
}

/// `free --json ARGS` with stdin closed.
fn free_json(args: &[&str]) -> (FreeDocument, i32, Output) {
    let mut full = vec!["free", "--json"];
    full.extend_from_slice(args);
    let output = portdoc(&full);
    let document = parse_json(&stdout(&output));
    (document, code(&output), output)
}

/// Whether the process exists and is not a zombie.
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        let state = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .next();
        !matches!(state, Some("Z" | "X") | None)
    })
}

fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs a Python script that prints one line when its socket is ready; returns the child
/// and that line.
fn python(script: &str) -> (Held, String) {
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 (scripts/test installs it)");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(!line.is_empty(), "the python holder printed nothing");
    (Held::adopt(child), line.trim().to_string())
}

/// Kills a pid that a test started indirectly (a forked child), if it still runs.
struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        // SAFETY: kill has no memory-safety preconditions.
        unsafe { libc::kill(self.0 as i32, libc::SIGKILL) };
    }
}

fn listener_without_reuse(port: u16) -> Socket {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket
        .bind(&SockAddr::from(SocketAddr::new(any_v4(), port)))
        .unwrap();
    socket.listen(16).unwrap();
    socket
}

/// A `sleep` (named `name`) that alone holds a listener on PORT without SO_REUSEADDR.
fn listening_holder(name: Option<&str>) -> Held {
    let listener = listener_without_reuse(PORT);
    hold(HolderSpec {
        name,
        fds: vec![listener.as_raw_fd()],
        ..HolderSpec::default()
    })
}

#[test]
fn a_forked_server_loses_parent_and_child_and_the_port_binds() {
    require_root!();
    in_private_netns(|| {
        let script = format!(
            "import os, socket, time\n\
             s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n\
             s.bind(('0.0.0.0', {PORT})); s.listen()\n\
             child = os.fork()\n\
             if child == 0:\n    time.sleep(300); os._exit(0)\n\
             print(child, flush=True); time.sleep(300)\n"
        );
        let (parent, child) = python(&script);
        let child: u32 = child.parse().unwrap();
        let _child_guard = KillOnDrop(child);
        let (document, code, output) = free_json(&[&PORT.to_string(), "--yes"]);
        let port = document.single();
        assert_eq!(code, 0, "{}", stdout(&output));
        assert_eq!(port.result, "freed");
        assert_eq!(port.planned_pids(), vec![parent.pid()]);
        assert_eq!(port.follow.len(), 1);
        assert_eq!(
            (port.follow[0].process.pid, port.follow[0].leader),
            (child, parent.pid())
        );
        // The parent first; the child only because it outlived its parent.
        assert_eq!(
            document.sent(),
            vec![(parent.pid(), "SIGTERM"), (child, "SIGTERM")]
        );
        assert!(!document.deliveries[0].escalation && document.deliveries[1].escalation);
        assert!(!alive(parent.pid()) && !alive(child));
        assert_eq!(real_bind(Server::Plain, any_v4(), PORT), Ok(()));
    });
}

#[test]
fn nginx_is_stopped_through_its_master_and_its_workers_are_left_to_it() {
    require_root!();
    in_private_netns(|| {
        let mut nginx = start_nginx(PORT, 2).expect("nginx starts on a free port");
        let nginx = &mut nginx.master;
        let master = nginx.pid();
        let workers = || -> Vec<u32> {
            let children =
                std::fs::read_to_string(format!("/proc/{master}/task/{master}/children"))
                    .unwrap_or_default();
            children
                .split_whitespace()
                .map(|pid| pid.parse().unwrap())
                .collect()
        };
        wait_until("both workers run", || workers().len() == 2);
        let worker_pids = workers();
        let (document, code, output) = free_json(&[&PORT.to_string(), "--yes"]);
        assert_eq!(code, 0, "{}", stdout(&output));
        let port = document.single();
        assert_eq!(port.planned_pids(), vec![master]);
        let mut followers: Vec<u32> = port
            .follow
            .iter()
            .map(|follower| follower.process.pid)
            .collect();
        followers.sort();
        let mut expected = worker_pids.clone();
        expected.sort();
        assert_eq!(followers, expected);
        assert!(port.follow.iter().all(|follower| follower.leader == master));
        // Only the master was signalled; it stopped its workers itself.
        assert_eq!(document.sent(), vec![(master, "SIGTERM")]);
        assert!(
            nginx.child.try_wait().unwrap().is_some(),
            "the master exited"
        );
        assert!(worker_pids.iter().all(|&worker| !alive(worker)));
        assert_eq!(real_bind(Server::ReuseAddress, any_v4(), PORT), Ok(()));
    });
}

#[test]
fn a_process_ignoring_sigterm_times_out_and_kill_after_escalates() {
    require_root!();
    in_private_netns(|| {
        let script = format!(
            "import signal, socket, time\n\
             signal.signal(signal.SIGTERM, signal.SIG_IGN)\n\
             s = socket.socket(); s.bind(('0.0.0.0', {PORT})); s.listen()\n\
             print('ready', flush=True); time.sleep(300)\n"
        );
        let (holder, _) = python(&script);
        let (document, code, output) = free_json(&[&PORT.to_string(), "--yes", "--timeout", "1s"]);
        assert_eq!(code, 1, "{}", stdout(&output));
        let port = document.single();
        assert_eq!(port.result, "still-busy");
        assert_eq!(port.after.as_ref().unwrap().status, "in-use");
        assert_eq!(document.sent(), vec![(holder.pid(), "SIGTERM")]);
        assert!(
            alive(holder.pid()),
            "SIGTERM is ignored and no SIGKILL was asked for"
        );

        let (document, code, output) = free_json(&[
            &PORT.to_string(),
            "--yes",
            "--timeout",
            "5s",
            "--kill-after",
            "500ms",
        ]);
        assert_eq!(code, 0, "{}", stdout(&output));
        assert_eq!(
            document.sent(),
            vec![(holder.pid(), "SIGTERM"), (holder.pid(), "SIGKILL")]
        );
        assert!(document.deliveries[1].escalation && document.deliveries[1].after_ms >= 500);
        assert!(!alive(holder.pid()));
        assert_eq!(real_bind(Server::Plain, any_v4(), PORT), Ok(()));
    });
}

#[test]
fn a_client_connection_from_the_port_is_never_touched() {
    require_root!();
    in_private_netns(|| {
        let server = std::net::TcpListener::bind(("127.0.0.1", 9999)).unwrap();
        let client = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        client
            .bind(&SockAddr::from(SocketAddr::new(localhost(), PORT)))
            .unwrap();
        client
            .connect(&SockAddr::from(SocketAddr::new(localhost(), 9999)))
            .unwrap();
        let _accepted = server.accept().unwrap();
        let holder = hold(HolderSpec {
            name: Some("curl"),
            fds: vec![client.as_raw_fd()],
            ..HolderSpec::default()
        });
        // The kernel's answer first: the connection (no SO_REUSEADDR) stops a server.
        assert!(real_bind(Server::ReuseAddress, any_v4(), PORT).is_err());
        let (document, code, output) = free_json(&[&PORT.to_string(), "--yes"]);
        assert_eq!(code, 1, "{}", stdout(&output));
        let port = document.single();
        assert_eq!(port.result, "still-busy");
        assert!(port.signal.is_empty() && port.refused.is_empty());
        let clients = port
            .untouched("client-connection")
            .expect("the client is listed");
        assert!(clients.blocking && clients.pids.contains(&holder.pid()));
        assert!(document.deliveries.is_empty());
        assert!(alive(holder.pid()));
        let human = portdoc(&["free", &PORT.to_string(), "--yes"]);
        assert!(
            stdout(&human).contains("never signalled"),
            "{}",
            stdout(&human)
        );
    });
}

/// A server without SO_REUSEADDR that closes first, then its listener: TIME_WAIT only.
fn time_wait_only(reuse: bool) {
    let socket = if reuse {
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        socket.set_reuse_address(true).unwrap();
        socket
            .bind(&SockAddr::from(SocketAddr::new(any_v4(), PORT)))
            .unwrap();
        socket.listen(16).unwrap();
        socket
    } else {
        listener_without_reuse(PORT)
    };
    let client = TcpStream::connect(("127.0.0.1", PORT)).unwrap();
    let (accepted, _) = socket.accept().unwrap();
    drop(accepted);
    let mut byte = [0u8; 1];
    let _ = std::io::Read::read(&mut &client, &mut byte);
    drop(client);
    drop(socket);
    std::thread::sleep(Duration::from_millis(50));
}

#[test]
fn time_wait_alone_is_nothing_to_signal_and_its_time_left_is_told() {
    require_root!();
    in_private_netns(|| {
        time_wait_only(false);
        assert!(real_bind(Server::ReuseAddress, any_v4(), PORT).is_err());
        let (document, code, output) = free_json(&[&PORT.to_string(), "--yes"]);
        assert_eq!(code, 1, "{}", stdout(&output));
        let port = document.single();
        assert_eq!(port.result, "still-busy");
        let time_wait = port.untouched("time-wait").expect("TIME_WAIT is listed");
        assert!(time_wait.blocking && time_wait.expires_in_ms.is_some_and(|left| left > 0));
        assert!(document.deliveries.is_empty());
        let human = stdout(&portdoc(&["free", &PORT.to_string(), "--yes"]));
        assert!(human.contains("--wait"), "{human}");
    });
    in_private_netns(|| {
        time_wait_only(true);
        let (document, code, _) = free_json(&[&PORT.to_string(), "--yes"]);
        assert_eq!(
            (code, document.single().result.as_str()),
            (0, "already-free")
        );
        assert_eq!(real_bind(Server::ReuseAddress, any_v4(), PORT), Ok(()));
    });
}

#[test]
fn another_users_process_is_refused_to_nobody() {
    require_root!();
    in_private_netns(|| {
        let holder = listening_holder(None);
        let output = portdoc_as_nobody(&["free", "--json", &PORT.to_string(), "--yes"]);
        assert_eq!(code(&output), 3, "{}", stdout(&output));
        let document: FreeDocument = parse_json(&stdout(&output));
        let port = document.single();
        assert_eq!(port.result, "refused");
        assert!(!document.complete);
        let refusal = &port.refused[0];
        assert_eq!(refusal.kind, "owner-hidden");
        assert!(
            refusal
                .command
                .as_deref()
                .is_some_and(|command| command.starts_with("sudo portdoc free")),
            "{refusal:?}"
        );
        assert!(document.deliveries.is_empty() && alive(holder.pid()));
    });
}

/// Runs `portdoc ARGS` in a private mount namespace whose /run holds `unit` with `text`.
fn portdoc_with_unit_file(unit: &str, text: &str, args: &[&str]) -> Output {
    Command::new("unshare")
        .args(["-m", "sh", "-c"])
        .arg(
            "mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system && \
             printf '%s' \"$UNIT_TEXT\" > \"/run/systemd/system/$UNIT_NAME\" && exec \"$@\"",
        )
        .arg("sh")
        .arg(binary())
        .args(args)
        .env("UNIT_NAME", unit)
        .env("UNIT_TEXT", text)
        .output()
        .expect("unshare (util-linux)")
}

#[test]
fn a_systemd_service_with_a_restart_policy_is_refused_with_systemctl_unless_forced() {
    require_root!();
    in_private_netns(|| {
        let holder = listening_holder(Some("webapp"));
        let unit = format!("portdoc-free-test-{}.service", std::process::id());
        let _cgroup = TestCgroup::place(holder.pid(), &format!("system.slice/{unit}"))
            .expect("a writable cgroup hierarchy");
        let text =
            "[Unit]\nDescription=test\n[Service]\nExecStart=/bin/sleep 300\nRestart=always\n";
        let output =
            portdoc_with_unit_file(&unit, text, &["free", "--json", &PORT.to_string(), "--yes"]);
        assert_eq!(code(&output), 3, "{}{}", stdout(&output), stderr(&output));
        let document: FreeDocument = parse_json(&stdout(&output));
        let refusal = &document.single().refused[0];
        assert_eq!(refusal.kind, "managed");
        let manager = refusal.manager.as_ref().unwrap();
        assert_eq!(manager["kind"], "systemd-service");
        assert_eq!(manager["restart"], "always");
        assert_eq!(
            refusal.command.as_deref(),
            Some(format!("systemctl stop {unit}").as_str())
        );
        assert!(document.deliveries.is_empty() && alive(holder.pid()));

        let output = portdoc_with_unit_file(
            &unit,
            text,
            &["free", "--json", &PORT.to_string(), "--yes", "--force"],
        );
        assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
        let document: FreeDocument = parse_json(&stdout(&output));
        let planned = &document.single().signal[0];
        assert_eq!(planned.overriding.as_ref().unwrap()["restart"], "always");
        assert_eq!(document.sent(), vec![(holder.pid(), "SIGTERM")]);
        assert!(!alive(holder.pid()));
    });
}

#[test]
fn a_container_process_is_refused_with_the_runtime_command() {
    require_root!();
    in_private_netns(|| {
        let holder = listening_holder(None);
        let id = format!("{:0>64x}", 0xfeed_0000_u64 + u64::from(std::process::id()));
        let _cgroup = TestCgroup::place(holder.pid(), &format!("system.slice/docker-{id}.scope"))
            .expect("a writable cgroup hierarchy");
        let (document, code, output) = free_json(&[&PORT.to_string(), "--yes", "--force"]);
        assert_eq!(code, 3, "{}", stdout(&output));
        let refusal = &document.single().refused[0];
        assert_eq!(refusal.kind, "managed");
        assert_eq!(refusal.manager.as_ref().unwrap()["kind"], "container");
        assert_eq!(
            refusal.command.as_deref(),
            Some(format!("docker stop {}", &id[..12]).as_str())
        );
        assert!(document.deliveries.is_empty() && alive(holder.pid()));
        let human = stdout(&portdoc(&["free", &PORT.to_string(), "--yes"]));
        assert!(
            human.contains(&format!("instead: docker stop {}", &id[..12])),
            "{human}"
        );
    });
}

#[test]
fn a_pid_reused_between_plan_and_act_is_never_signalled() {
    require_root!();
    // In a new PID namespace (with its own /proc) the orchestrator can hand the holder's pid
    // to a new process through ns_last_pid while portdoc waits at its prompt on a terminal.
    let script = r#"
import json, os, pty, select, signal, socket, sys, time
portdoc, port = sys.argv[1], int(sys.argv[2])
os.system("ip link set lo up")
listener = socket.socket()
listener.bind(("0.0.0.0", port)); listener.listen()
listener.set_inheritable(True)
holder = os.fork()
if holder == 0:
    os.execvp("sleep", ["sleep", "300"])
listener.close()
time.sleep(0.3)
child, terminal = pty.fork()
if child == 0:
    os.execv(portdoc, [portdoc, "free", str(port), "--json"])
out = b""
deadline = time.time() + 30
while b"[y/N]" not in out and time.time() < deadline:
    ready, _, _ = select.select([terminal], [], [], 1)
    if ready:
        out += os.read(terminal, 4096)
os.kill(holder, signal.SIGKILL)
os.waitpid(holder, 0)
reused = None
for _ in range(100):
    with open("/proc/sys/kernel/ns_last_pid", "w") as f:
        f.write(str(holder - 1))
    pid = os.fork()
    if pid == 0:
        os.execvp("sleep", ["sleep", "300"])
    if pid == holder:
        reused = pid
        break
    os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)
time.sleep(0.3)
os.write(terminal, b"y\n")
while True:
    try:
        chunk = os.read(terminal, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(child, 0)
with open(f"/proc/{holder}/stat") as f:
    state = f.read().rsplit(")", 1)[1].split()[0]
print(json.dumps({"reused": reused == holder, "code": os.waitstatus_to_exitcode(status),
                  "alive": state not in ("Z", "X"), "holder": holder,
                  "output": out.decode(errors="replace")}))
os.kill(holder, signal.SIGKILL)
"#;
    in_private_netns(|| {
        let output = Command::new("unshare")
            .args(["--pid", "--fork", "--mount-proc", "python3", "-c", script])
            .arg(binary())
            .arg(PORT.to_string())
            .output()
            .expect("unshare (util-linux) and python3");
        let text = stdout(&output);
        let result: serde_json::Value = serde_json::from_str(text.lines().last().unwrap_or(""))
            .unwrap_or_else(|_| panic!("orchestrator output: {text}\n{}", stderr(&output)));
        assert_eq!(
            result["reused"], true,
            "the pid could not be reused: {result}"
        );
        let terminal = result["output"].as_str().unwrap();
        assert!(
            terminal.contains("[y/N]"),
            "portdoc asked on the terminal: {terminal}"
        );
        let json_start = terminal
            .find("\n{")
            .expect("the JSON document after the prompt");
        let document: FreeDocument = parse_json(&terminal[json_start..].replace('\r', ""));
        assert!(document.sent().is_empty(), "{document:#?}");
        assert_eq!(
            result["alive"], true,
            "the new process at the reused pid was spared"
        );
        // The holder died, so the port is free: exit 0 without having signalled anyone.
        assert_eq!(result["code"], 0, "{terminal}");
        assert_eq!(document.single().result, "freed");
    });
}

#[test]
fn a_dry_run_or_an_unconfirmed_run_signals_nothing() {
    require_root!();
    in_private_netns(|| {
        let holder = listening_holder(None);
        let (document, code, output) = free_json(&[&PORT.to_string(), "--dry-run"]);
        assert_eq!(code, 0, "{}", stdout(&output));
        assert!(document.dry_run);
        assert_eq!(document.single().result, "would-free");
        assert_eq!(document.single().planned_pids(), vec![holder.pid()]);
        let human = stdout(&portdoc(&["free", &PORT.to_string(), "--dry-run"]));
        assert!(
            human.contains("SIGTERM") && human.contains("dry run"),
            "{human}"
        );

        // No terminal on stdin and no --yes: declined.
        let (document, code, output) = free_json(&[&PORT.to_string()]);
        assert_eq!(code, 3, "{}", stdout(&output));
        assert_eq!(document.single().result, "declined");
        let human = stdout(&portdoc(&["free", &PORT.to_string()]));
        assert!(human.contains("pass --yes"), "{human}");
        assert!(document.deliveries.is_empty() && alive(holder.pid()));
    });
}

#[test]
fn a_udp_socket_is_freed_and_a_free_port_needs_nothing() {
    require_root!();
    in_private_netns(|| {
        let socket = std::net::UdpSocket::bind(("0.0.0.0", PORT)).unwrap();
        let holder = hold(HolderSpec {
            name: Some("dnsd"),
            fds: vec![socket.as_raw_fd()],
            ..HolderSpec::default()
        });
        drop(socket);
        let (document, code, output) = free_json(&[&format!("{PORT}/udp"), "--yes"]);
        assert_eq!(code, 0, "{}", stdout(&output));
        assert_eq!(document.sent(), vec![(holder.pid(), "SIGTERM")]);
        assert_eq!(real_bind(Server::Udp, any_v4(), PORT), Ok(()));
        let (document, code, _) = free_json(&["8081", "--yes"]);
        assert_eq!(
            (code, document.single().result.as_str()),
            (0, "already-free")
        );
    });
}

#[test]
fn bad_options_are_one_line_and_exit_2() {
    for args in [
        vec!["free", "8080", "--signal", "TERMINATE"],
        vec!["free", "8080", "--timeout", "5s", "--kill-after", "5s"],
        vec!["free", "notaport"],
    ] {
        let output = portdoc(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert_eq!(
            stderr(&output).lines().count(),
            1,
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty());
    }
}
