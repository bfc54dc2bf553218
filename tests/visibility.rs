//! What portdoc says about owners it cannot see, or that live where `/proc/PID/fd` does not
//! show them: `/proc` mounted with hidepid=4, a listener kept by a thread after its process's
//! main thread exited, a container name a delegated user chose, TIME_WAIT sockets and
//! connections waiting in an accept queue.
#![cfg(target_os = "linux")]

mod common;

use std::io::BufRead;
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};

use common::*;

#[test]
fn an_owner_hidden_by_hidepid_4_is_hidden_not_absent() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    // A fresh proc instance in a private mount namespace: the host's /proc is untouched.
    let script = format!(
        "mount -t proc -o hidepid=4 proc /proc && exec setpriv --reuid 65534 --regid 65534 --clear-groups -- {} who --json {port}",
        public_binary().display()
    );
    let output = Command::new("unshare")
        .args([
            "--mount",
            "--propagation",
            "private",
            "--",
            "sh",
            "-c",
            &script,
        ])
        .output()
        .expect("run unshare (util-linux)");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let document: WhoDocument = parse_json(&stdout(&output));
    let socket = &document.on_port(port)[0];
    assert!(socket.processes.is_empty());
    assert!(!socket.owner_visible, "{socket:?}");
    assert!(!document.complete);
    assert!(
        document
            .warnings
            .iter()
            .any(|warning| warning.contains("hidepid=ptraceable")),
        "{:?}",
        document.warnings
    );
}

#[test]
fn a_listener_kept_by_a_thread_after_the_main_thread_exited_has_its_owner() {
    let directory = tempfile::tempdir().unwrap();
    let source = directory.path().join("thread_held.c");
    std::fs::write(
        &source,
        r#"
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
static void *hold(void *unused) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {0};
    socklen_t length = sizeof address;
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (void *)&address, sizeof address) || listen(fd, 8)) exit(1);
    getsockname(fd, (void *)&address, &length);
    printf("%d\n", ntohs(address.sin_port));
    fflush(stdout);
    for (;;) pause();
}
int main(void) {
    pthread_t thread;
    pthread_create(&thread, 0, hold, 0);
    pthread_detach(thread);
    sleep(1);
    pthread_exit(0);
}
"#,
    )
    .unwrap();
    let binary = directory.path().join("thread_held");
    let compiled = Command::new("cc")
        .arg("-o")
        .arg(&binary)
        .arg(&source)
        .arg("-lpthread")
        .status()
        .expect("run cc (scripts/test installs gcc)");
    assert!(compiled.success());
    let mut child = Held::adopt(
        Command::new(&binary)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    std::io::BufReader::new(child.child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line.trim().parse().unwrap();
    // Wait until the main thread has exited: the leader is a zombie with an empty fd table.
    let pid = child.pid();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
        > 0
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the main thread did not exit"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let (document, code) = who_json(&[&port.to_string()]);
    assert_eq!(code, 0);
    assert_eq!(document.on_port(port)[0].pids(), vec![pid]);
}

#[test]
fn a_container_name_with_multi_byte_characters_is_shown_without_a_panic() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let holder = hold(HolderSpec {
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    let name = "lxc.payload.ωωωωωωωωωωωωωω";
    let _cgroup = TestCgroup::place(holder.pid(), name).expect("create a test cgroup");
    let output = portdoc(&["who", &port.to_string()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).contains("container lxc ωωωωωωωωωωωω"),
        "{}",
        stdout(&output)
    );
    for command in ["check", "explain"] {
        let output = portdoc(&[command, &port.to_string()]);
        assert_eq!(code(&output), 1, "{command}: {}", stderr(&output));
    }
}

#[test]
fn time_wait_sockets_have_no_uid_and_queued_connections_are_said_to_wait_for_accept() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let waiting = TcpStream::connect(("127.0.0.1", port)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    let output = portdoc(&["who", &port.to_string()]);
    assert!(
        stdout(&output).contains("connections waiting in the accept queue"),
        "{}",
        stdout(&output)
    );
    drop(waiting);
    let done = local_listener();
    make_time_wait(&done);
    let time_wait_port = done.local_addr().unwrap().port();
    let (document, _) = who_json(&[&time_wait_port.to_string()]);
    let time_wait = document
        .on_port(time_wait_port)
        .into_iter()
        .find(|socket| socket.state == "TIME_WAIT")
        .expect("a TIME_WAIT socket");
    assert_eq!(
        time_wait.uid, None,
        "the kernel tracks no owner for TIME_WAIT"
    );
    assert_eq!(time_wait.user, None);
}
