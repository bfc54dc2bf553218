//! `portdoc watch` against real processes in a private network namespace: listeners that
//! start, are replaced and stop, a process that binds for half a second, an accept queue
//! filled by connecting without accepting, TIME_WAIT sockets, alerting exit codes, JSON
//! Lines, Ctrl-C, SIGTERM and a closed pipe.

#![cfg(target_os = "linux")]
mod common;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::netns::in_private_netns;
use common::*;

/// How long any expected event may take to show.
const PATIENCE: Duration = Duration::from_secs(10);

/// A running `portdoc watch`, its stdout read line by line as it comes.
struct Watching {
    child: Option<Child>,
    lines: Receiver<String>,
    seen: Vec<String>,
}

/// What a watch left when it ended.
struct Finished {
    lines: Vec<String>,
    code: i32,
    stderr: String,
}

impl Finished {
    fn events(&self) -> Vec<WatchEventRecord> {
        self.lines.iter().map(|line| parse_json(line)).collect()
    }
}

/// Starts `portdoc watch ARGS...`.
fn watch(args: &[&str]) -> Watching {
    let mut child = Command::new(binary())
        .arg("watch")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run portdoc watch");
    let stdout = child.stdout.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    Watching {
        child: Some(child),
        lines,
        seen: Vec::new(),
    }
}

impl Watching {
    fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// The next line, or `None` when the output ended.
    fn next_line(&mut self, deadline: Instant) -> Option<String> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.lines.recv_timeout(left) {
            Ok(line) => {
                self.seen.push(line.clone());
                Some(line)
            }
            Err(RecvTimeoutError::Timeout) => {
                panic!(
                    "no line within {PATIENCE:?}; seen:\n{}",
                    self.seen.join("\n")
                )
            }
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Reads JSON events until one satisfies `wanted`, and returns it.
    fn until(
        &mut self,
        what: &str,
        wanted: impl Fn(&WatchEventRecord) -> bool,
    ) -> WatchEventRecord {
        let deadline = Instant::now() + PATIENCE;
        while let Some(line) = self.next_line(deadline) {
            let event: WatchEventRecord = parse_json(&line);
            if wanted(&event) {
                return event;
            }
        }
        panic!(
            "the watch ended without {what}; seen:\n{}",
            self.seen.join("\n")
        );
    }

    /// Reads human lines until one contains `text`.
    fn until_text(&mut self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Some(line) = self.next_line(deadline) {
            if line.contains(text) {
                return line;
            }
        }
        panic!(
            "the watch ended without {text:?}; seen:\n{}",
            self.seen.join("\n")
        );
    }

    fn signal(&self, signal: i32) {
        // SAFETY: kill has no memory-safety preconditions; the pid is our child's.
        unsafe {
            libc::kill(self.pid() as i32, signal);
        }
    }

    /// Waits for the watch to end by itself; every line it printed, its exit code, stderr.
    fn finish(mut self) -> Finished {
        let deadline = Instant::now() + PATIENCE;
        while self.next_line(deadline).is_some() {}
        let child = self.child.take().unwrap();
        let output = child.wait_with_output().expect("wait for portdoc watch");
        Finished {
            lines: std::mem::take(&mut self.seen),
            code: code(&output),
            stderr: stderr(&output),
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A real program that binds and listens by itself: python3 run through a symlink named
/// `name`, so that the kernel reports that name. It holds `address:port` for `seconds`.
struct Program {
    held: Held,
    _directory: tempfile::TempDir,
}

const LISTEN_SCRIPT: &str = "\
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(8)
time.sleep(float(sys.argv[3]))
";

fn program(name: &str, script: &str, args: &[&str]) -> Program {
    let directory = tempfile::tempdir().unwrap();
    let link = directory.path().join(name);
    std::os::unix::fs::symlink(which("python3"), &link).unwrap();
    let child = Command::new(&link)
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start python3");
    Program {
        held: Held::adopt(child),
        _directory: directory,
    }
}

fn listening_program(name: &str, address: &str, port: u16, seconds: f64) -> Program {
    program(
        name,
        LISTEN_SCRIPT,
        &[address, &port.to_string(), &seconds.to_string()],
    )
}

impl Program {
    fn pid(&self) -> u32 {
        self.held.pid()
    }

    /// Ends the program (SIGKILL) and reaps it.
    fn stop(self) {
        drop(self);
    }
}

fn appeared_pid(event: &WatchEventRecord) -> Option<u32> {
    match event {
        WatchEventRecord::SocketAppeared { socket, .. } => socket.pids().first().copied(),
        _ => None,
    }
}

fn gone_pid(event: &WatchEventRecord) -> Option<u32> {
    match event {
        WatchEventRecord::SocketGone { socket, .. } => socket.pids().first().copied(),
        _ => None,
    }
}

fn verdicts(events: &[WatchEventRecord]) -> Vec<(String, String)> {
    events
        .iter()
        .filter_map(|event| match event {
            WatchEventRecord::Verdict {
                status,
                previous_status,
                ..
            } => Some((previous_status.clone(), status.clone())),
            _ => None,
        })
        .collect()
}

fn stop_reason(events: &[WatchEventRecord]) -> &str {
    match events.last() {
        Some(WatchEventRecord::Stopped { reason, .. }) => reason,
        other => panic!("the last event is not `stopped`: {other:?}"),
    }
}

#[test]
fn a_listener_that_starts_is_replaced_and_stops_is_reported_once_per_transition_with_pids() {
    require_root!();
    in_private_netns(|| {
        let mut watching = watch(&["8080", "--json", "--interval", "50ms"]);
        watching.until(
            "the state",
            |event| matches!(event, WatchEventRecord::State { status, .. } if status == "free"),
        );
        let alpha = listening_program("alpha", "127.0.0.1", 8080, 300.0);
        let alpha_pid = alpha.pid();
        let appeared = watching.until("alpha's listener", |event| {
            appeared_pid(event) == Some(alpha_pid)
        });
        let WatchEventRecord::SocketAppeared { socket, owner, .. } = &appeared else {
            unreachable!()
        };
        assert_eq!(owner, "found");
        assert_eq!(socket.state, "LISTEN");
        assert_eq!(socket.processes[0].name, "alpha");
        watching.until(
            "in-use",
            |event| matches!(event, WatchEventRecord::Verdict { status, .. } if status == "in-use"),
        );
        alpha.stop();
        watching.until("alpha gone", |event| gone_pid(event) == Some(alpha_pid));
        let beta = listening_program("beta", "127.0.0.1", 8080, 300.0);
        let beta_pid = beta.pid();
        watching.until("beta's listener", |event| {
            appeared_pid(event) == Some(beta_pid)
        });
        beta.stop();
        watching.until("beta gone", |event| gone_pid(event) == Some(beta_pid));
        watching.until(
            "free again",
            |event| matches!(event, WatchEventRecord::Verdict { status, .. } if status == "free"),
        );
        watching.signal(libc::SIGINT);
        let finished = watching.finish();
        assert_eq!(finished.code, 0, "stderr: {}", finished.stderr);
        let events = finished.events();
        for pid in [alpha_pid, beta_pid] {
            let appeared = events
                .iter()
                .filter(|event| appeared_pid(event) == Some(pid));
            assert_eq!(appeared.count(), 1, "one appearance of {pid}");
            let gone = events.iter().filter(|event| gone_pid(event) == Some(pid));
            assert_eq!(gone.count(), 1, "one departure of {pid}");
        }
        let pair = |from: &str, to: &str| (from.to_string(), to.to_string());
        assert_eq!(
            verdicts(&events),
            [
                pair("free", "in-use"),
                pair("in-use", "free"),
                pair("free", "in-use"),
                pair("in-use", "free")
            ]
        );
        assert_eq!(stop_reason(&events), "interrupted");
    });
}

#[test]
fn a_process_that_binds_for_half_a_second_is_caught_with_its_pid_and_command_line() {
    require_root!();
    in_private_netns(|| {
        // The default interval, 200ms: the resolution the help promises.
        let mut watching = watch(&["8081", "--json"]);
        watching.until("the state", |event| {
            matches!(event, WatchEventRecord::State { .. })
        });
        let blink = listening_program("blink", "127.0.0.1", 8081, 0.5);
        let pid = blink.pid();
        let appeared = watching.until("the short-lived listener", |event| {
            matches!(event, WatchEventRecord::SocketAppeared { .. })
        });
        let WatchEventRecord::SocketAppeared { socket, owner, .. } = &appeared else {
            unreachable!()
        };
        assert_eq!(owner, "found", "{appeared:?}");
        assert_eq!(socket.pids(), [pid]);
        let process = &socket.processes[0];
        assert_eq!(process.name, "blink");
        assert!(
            process.cmdline.contains("time.sleep"),
            "{}",
            process.cmdline
        );
        let gone = watching.until("its departure", |event| {
            matches!(event, WatchEventRecord::SocketGone { .. })
        });
        let WatchEventRecord::SocketGone { seen_for_ms, .. } = gone else {
            unreachable!()
        };
        assert!(seen_for_ms < 2000, "{seen_for_ms}");
        drop(blink);
    });
}

#[test]
fn a_filled_accept_queue_is_reported_then_cleared() {
    require_root!();
    in_private_netns(|| {
        let listener = tcp_socket(localhost(), 8082, Some(2), None);
        let mut watching = watch(&["8082", "--json", "--interval", "50ms"]);
        let state = watching.until("the state", |event| {
            matches!(event, WatchEventRecord::State { .. })
        });
        let WatchEventRecord::State { sockets, .. } = &state else {
            unreachable!()
        };
        assert_eq!(sockets.len(), 1, "{state:?}");
        assert_eq!(sockets[0].owner, "found");
        assert_eq!(sockets[0].processes[0].pid, std::process::id());
        let address = SocketAddr::new(localhost(), 8082);
        // The kernel queues one connection more than the backlog.
        let clients: Vec<TcpStream> = (0..3)
            .map(|_| TcpStream::connect(address).unwrap())
            .collect();
        let full = watching.until("a full queue", |event| {
            matches!(event, WatchEventRecord::AcceptQueueFull { .. })
        });
        let WatchEventRecord::AcceptQueueFull {
            queued,
            backlog,
            socket,
            ..
        } = &full
        else {
            unreachable!()
        };
        assert_eq!((*queued, *backlog), (3, 2));
        assert_eq!(socket.pids(), [std::process::id()]);
        let accepted: Vec<_> = (0..3).map(|_| listener.accept().unwrap()).collect();
        let cleared = watching.until("the queue cleared", |event| {
            matches!(event, WatchEventRecord::AcceptQueueCleared { .. })
        });
        let WatchEventRecord::AcceptQueueCleared { queued, .. } = cleared else {
            unreachable!()
        };
        assert_eq!(queued, 0);
        watching.signal(libc::SIGINT);
        let events = watching.finish().events();
        let count = |full: bool| {
            events
                .iter()
                .filter(|event| match event {
                    WatchEventRecord::AcceptQueueFull { .. } => full,
                    WatchEventRecord::AcceptQueueCleared { .. } => !full,
                    _ => false,
                })
                .count()
        };
        assert_eq!((count(true), count(false)), (1, 1), "{events:#?}");
        drop((clients, accepted));
    });
}

#[test]
fn time_wait_sockets_reaching_the_threshold_are_reported_with_their_expiry() {
    require_root!();
    in_private_netns(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:8083").unwrap();
        let mut watching = watch(&["8083", "--json", "--interval", "50ms", "--time-wait", "3"]);
        watching.until("the state", |event| {
            matches!(event, WatchEventRecord::State { .. })
        });
        for _ in 0..3 {
            make_time_wait(&listener);
        }
        let above = watching.until("the TIME_WAIT threshold", |event| {
            matches!(event, WatchEventRecord::TimeWaitAbove { .. })
        });
        let WatchEventRecord::TimeWaitAbove {
            count,
            threshold,
            last_expires_in_ms,
            ..
        } = above
        else {
            unreachable!()
        };
        assert_eq!((count, threshold), (3, 3));
        let expires = last_expires_in_ms.expect("Linux reports TIME_WAIT timers");
        assert!((1..=60_000).contains(&expires), "{expires}");
    });
}

#[test]
fn a_holder_that_hands_its_socket_to_its_child_and_exits_is_a_holder_change() {
    require_root!();
    in_private_netns(|| {
        // The daemon pattern: bind, fork, the parent exits and the child serves.
        let script = "\
import os, socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 8084))
s.listen(8)
time.sleep(0.6)
child = os.fork()
if child == 0:
    time.sleep(300)
print(child, flush=True)
os._exit(0)
";
        let mut watching = watch(&["8084", "--json", "--interval", "50ms"]);
        watching.until("the state", |event| {
            matches!(event, WatchEventRecord::State { .. })
        });
        let directory = tempfile::tempdir().unwrap();
        let link = directory.path().join("daemon");
        std::os::unix::fs::symlink(which("python3"), &link).unwrap();
        let mut parent = Command::new(&link)
            .args(["-c", script])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let parent_pid = parent.id();
        watching.until("the parent's listener", |event| {
            appeared_pid(event) == Some(parent_pid)
        });
        let mut line = String::new();
        BufReader::new(parent.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let child = Orphan(line.trim().parse().expect("the child's pid"));
        parent.wait().unwrap();
        let changed = watching.until("the holder change", |event| {
            matches!(event, WatchEventRecord::HolderChanged { .. })
        });
        let WatchEventRecord::HolderChanged {
            socket,
            previous,
            owner,
            ..
        } = &changed
        else {
            unreachable!()
        };
        assert_eq!(owner, "found");
        assert_eq!(
            previous.iter().map(|p| p.pid).collect::<Vec<_>>(),
            [parent_pid]
        );
        assert_eq!(socket.pids(), [child.0]);
        drop(child);
    });
}

#[test]
fn an_unexpected_holder_ends_a_watch_with_exit_on_unexpected_with_exit_0() {
    require_root!();
    in_private_netns(|| {
        let expected = listening_program("alpha", "127.0.0.1", 8085, 300.0);
        let mut watching = watch(&[
            "8085",
            "--json",
            "--interval",
            "50ms",
            "--expect",
            "alpha",
            "--exit-on",
            "unexpected",
        ]);
        watching.until("alpha's listener", |event| match event {
            WatchEventRecord::State { sockets, .. } => !sockets.is_empty(),
            other => appeared_pid(other) == Some(expected.pid()),
        });
        // Another program on another loopback address of the same port.
        let intruder = listening_program("intruder", "127.0.0.2", 8085, 300.0);
        let finished = watching.finish();
        assert_eq!(finished.code, 0, "stderr: {}", finished.stderr);
        let events = finished.events();
        let unexpected: Vec<&WatchEventRecord> = events
            .iter()
            .filter(|event| matches!(event, WatchEventRecord::UnexpectedHolder { .. }))
            .collect();
        assert_eq!(unexpected.len(), 1, "{events:#?}");
        let WatchEventRecord::UnexpectedHolder {
            processes,
            expected: names,
            owner,
            ..
        } = unexpected[0]
        else {
            unreachable!()
        };
        assert_eq!(owner, "found");
        assert_eq!(processes[0].pid, intruder.pid());
        assert_eq!(names, &["alpha"]);
        assert_eq!(stop_reason(&events), "exit-on");
        drop(expected);
    });
}

#[test]
fn a_watch_with_exit_on_that_sees_no_such_event_exits_1_when_its_time_is_up() {
    require_root!();
    in_private_netns(|| {
        let expected = listening_program("alpha", "127.0.0.1", 8086, 300.0);
        wait_until_listening(8086);
        let finished = watch(&[
            "8086",
            "--json",
            "--interval",
            "50ms",
            "--for",
            "700ms",
            "--expect",
            "alpha",
            "--exit-on",
            "unexpected,change",
        ])
        .finish();
        assert_eq!(finished.code, 1, "stderr: {}", finished.stderr);
        let events = finished.events();
        assert_eq!(stop_reason(&events), "time-up");
        assert!(
            !events
                .iter()
                .any(|event| matches!(event, WatchEventRecord::UnexpectedHolder { .. })),
            "{events:#?}"
        );
        // Without --exit-on, the same end is a success.
        let plain = watch(&["8086", "--json", "--for", "300ms"]).finish();
        assert_eq!(plain.code, 0);
        drop(expected);
    });
}

#[test]
fn exit_on_free_and_exit_on_listening_end_the_watch_at_the_transition() {
    require_root!();
    in_private_netns(|| {
        let mut until_listening = watch(&[
            "8087",
            "--json",
            "--interval",
            "50ms",
            "--exit-on",
            "listening",
        ]);
        until_listening.until(
            "the free state",
            |event| matches!(event, WatchEventRecord::State { status, .. } if status == "free"),
        );
        let server = listening_program("server", "127.0.0.1", 8087, 300.0);
        let finished = until_listening.finish();
        assert_eq!(finished.code, 0, "stderr: {}", finished.stderr);
        let events = finished.events();
        assert!(
            events
                .iter()
                .any(|event| appeared_pid(event) == Some(server.pid()))
        );
        assert_eq!(stop_reason(&events), "exit-on");

        let mut until_free = watch(&["8087", "--json", "--interval", "50ms", "--exit-on", "free"]);
        until_free.until(
            "the in-use state",
            |event| matches!(event, WatchEventRecord::State { status, .. } if status == "in-use"),
        );
        server.stop();
        let finished = until_free.finish();
        assert_eq!(finished.code, 0, "stderr: {}", finished.stderr);
        let events = finished.events();
        assert_eq!(
            verdicts(&events),
            [("in-use".to_string(), "free".to_string())]
        );
        assert_eq!(stop_reason(&events), "exit-on");
    });
}

#[test]
fn every_json_line_is_one_event_with_an_rfc3339_time_in_milliseconds() {
    require_root!();
    in_private_netns(|| {
        let server = listening_program("server", "127.0.0.1", 8088, 0.4);
        let finished = watch(&["8088", "--json", "--interval", "50ms", "--for", "1s"]).finish();
        assert_eq!(finished.code, 0);
        assert!(finished.stderr.is_empty(), "{}", finished.stderr);
        let events = finished.events();
        assert!(matches!(events[0], WatchEventRecord::Watching { .. }));
        assert!(matches!(events[1], WatchEventRecord::State { .. }));
        let time =
            regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$")
                .unwrap();
        for (line, event) in finished.lines.iter().zip(&events) {
            assert!(!line.trim().is_empty() && !line.contains('\n'));
            assert!(time.is_match(event.time()), "{}", event.time());
        }
        let times: Vec<&str> = events.iter().map(WatchEventRecord::time).collect();
        let mut sorted = times.clone();
        sorted.sort();
        assert_eq!(times, sorted, "events come in time order");
        assert_eq!(stop_reason(&events), "time-up");
        drop(server);
    });
}

#[test]
fn ctrl_c_ends_the_watch_with_a_one_line_summary() {
    require_root!();
    in_private_netns(|| {
        let mut watching = watch(&["8089", "--interval", "50ms", "--color", "never"]);
        watching.until_text("8089/tcp  free");
        let server = listening_program("server", "127.0.0.1", 8089, 300.0);
        watching.until_text(&format!("server[{}]", server.pid()));
        watching.signal(libc::SIGINT);
        let finished = watching.finish();
        assert_eq!(finished.code, 0);
        assert!(finished.stderr.is_empty(), "{}", finished.stderr);
        let last = finished.lines.last().unwrap();
        assert!(
            last.contains("watched 8089/tcp for")
                && last.contains("2 changes; stopped: interrupted"),
            "{last}"
        );
        drop(server);
    });
}

#[test]
fn sigterm_ends_a_watch_with_exit_on_with_exit_1() {
    require_root!();
    in_private_netns(|| {
        let mut watching = watch(&["8090", "--json", "--exit-on", "change"]);
        watching.until("the state", |event| {
            matches!(event, WatchEventRecord::State { .. })
        });
        watching.signal(libc::SIGTERM);
        let finished = watching.finish();
        assert_eq!(finished.code, 1, "stderr: {}", finished.stderr);
        assert_eq!(stop_reason(&finished.events()), "interrupted");
    });
}

#[test]
fn a_closed_pipe_ends_the_watch_silently() {
    require_root!();
    in_private_netns(|| {
        // Held: killed and reaped even when an assertion fails.
        let mut held = Held::adopt(
            Command::new(binary())
                .args(["watch", "8091", "--interval", "50ms"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
        let mut reader = BufReader::new(held.child.stdout.take().unwrap());
        let mut lines = String::new();
        reader.read_line(&mut lines).unwrap();
        reader.read_line(&mut lines).unwrap();
        assert!(lines.contains("8091/tcp  free"), "{lines}");
        // The reader goes away, as `head -2` does, while nothing changes: nothing more is
        // written, and the watch must notice by itself.
        drop(reader);
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = held.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the watch went on after its reader left"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut errors = String::new();
        std::io::Read::read_to_string(&mut held.child.stderr.take().unwrap(), &mut errors).unwrap();
        assert_eq!(status.code(), Some(0));
        assert!(errors.is_empty(), "{errors}");
    });
}

#[test]
fn untrusted_program_names_are_escaped_in_watch_lines() {
    require_root!();
    in_private_netns(|| {
        let mut watching = watch(&["8092", "--interval", "50ms", "--color", "never"]);
        watching.until_text("8092/tcp  free");
        let evil = listening_program("ev\x1b[2Jil", "127.0.0.1", 8092, 300.0);
        let line = watching.until_text(&format!("[{}]", evil.pid()));
        assert!(line.contains("ev\\x1b[2Jil"), "{line}");
        assert!(!line.contains('\x1b'));
    });
}

#[test]
fn usage_errors_are_one_line_and_exit_2() {
    for args in [
        vec!["watch", "8080", "--exit-on", "unexpected"],
        vec!["watch", "8080", "--interval", "1ms"],
        vec!["watch", "8080", "--for", "soon"],
        vec!["watch", "8080", "--exit-on", "sometimes"],
        vec!["watch", "8080", "--time-wait", "0"],
        vec!["watch", "8080", "--expect", ""],
        vec!["watch", "99999"],
    ] {
        let output = portdoc(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.starts_with("portdoc: "), "{message}");
    }
}

#[test]
fn help_states_the_time_resolution_and_the_exit_codes() {
    let help = stdout(&portdoc(&["watch", "--help"]));
    assert!(help.contains("Time resolution"), "{help}");
    assert!(
        help.contains("A socket that lives") && help.contains("every 5s"),
        "{help}"
    );
    for code in [
        "  0  an --exit-on event happened",
        "  1  with --exit-on",
        "  2  usage error",
    ] {
        assert!(help.contains(code), "{code}: {help}");
    }
}

/// Waits until something listens on the port (the program has started).
fn wait_until_listening(port: u16) {
    let deadline = Instant::now() + PATIENCE;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_bound_socket_that_starts_listening_appears_as_bound_then_changes_once() {
    require_root!();
    in_private_netns(|| {
        let mut watching = watch(&["8093", "--json", "--interval", "50ms"]);
        watching.until("the state", |event| {
            matches!(event, WatchEventRecord::State { .. })
        });
        // Bound-only sockets are read with the full table, every few seconds.
        let socket = tcp_socket(localhost(), 8093, None, None);
        let appeared = watching.until("the bound socket", |event| {
            matches!(event, WatchEventRecord::SocketAppeared { .. })
        });
        let WatchEventRecord::SocketAppeared { socket: seen, .. } = &appeared else {
            unreachable!()
        };
        assert_eq!(seen.state, "BOUND");
        socket.listen(8).unwrap();
        let changed = watching.until("the change to LISTEN", |event| {
            matches!(event, WatchEventRecord::SocketChanged { .. })
        });
        let WatchEventRecord::SocketChanged {
            socket: now,
            previous_state,
            ..
        } = &changed
        else {
            unreachable!()
        };
        assert_eq!(
            (previous_state.as_str(), now.state.as_str()),
            ("BOUND", "LISTEN")
        );
        assert_eq!(now.inode, seen.inode);
        watching.signal(libc::SIGINT);
        let events = watching.finish().events();
        let appearances = events
            .iter()
            .filter(|event| matches!(event, WatchEventRecord::SocketAppeared { .. }))
            .count();
        assert_eq!(appearances, 1, "{events:#?}");
    });
}
