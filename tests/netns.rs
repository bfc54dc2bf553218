//! Network namespaces, containers, pods and forwarders: the situations are built for real
//! (`ip netns add`, `unshare --net`, cgroups named like Docker's and the kubelet's, files in
//! a private mount namespace) and portdoc is asked from the host.
#![cfg(target_os = "linux")]

mod common;

use std::net::SocketAddr;
use std::process::{Command, Stdio};

use common::*;

const CONTAINER_ID: &str = "7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f";
const POD_UID: &str = "5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b";

/// A namespace made with `ip netns add`, deleted when dropped.
struct NamedNetns(String);

impl NamedNetns {
    fn new(tag: &str) -> NamedNetns {
        let name = format!("pd-{tag}-{}", std::process::id());
        let _ = Command::new("ip")
            .args(["netns", "del", &name])
            .stderr(Stdio::null())
            .status();
        let status = Command::new("ip")
            .args(["netns", "add", &name])
            .status()
            .expect("ip from iproute2");
        assert!(status.success(), "ip netns add {name}");
        assert!(
            Command::new("ip")
                .args(["netns", "exec", &name, "ip", "link", "set", "lo", "up"])
                .status()
                .unwrap()
                .success()
        );
        NamedNetns(name)
    }

    fn path(&self) -> String {
        format!("/run/netns/{}", self.0)
    }
}

impl Drop for NamedNetns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

/// Opens a TCP listener on 127.0.0.1:`port` inside the namespace file `path` (a thread
/// enters the namespace; the socket stays there whoever holds it).
fn listener_in(path: &str, port: u16) -> socket2::Socket {
    let path = path.to_string();
    std::thread::spawn(move || {
        let file = std::fs::File::open(&path).unwrap();
        use std::os::fd::AsRawFd;
        // SAFETY: setns on this thread only, with a namespace file descriptor we own.
        assert_eq!(
            unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) },
            0,
            "setns {path}"
        );
        let socket =
            socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
        socket
            .bind(
                &format!("127.0.0.1:{port}")
                    .parse::<SocketAddr>()
                    .unwrap()
                    .into(),
            )
            .unwrap();
        socket.listen(8).unwrap();
        socket
    })
    .join()
    .unwrap()
}

/// A `sleep` in a new, unnamed network namespace (`unshare --net`).
fn sleeper_in_new_netns() -> Held {
    let child = Command::new("unshare")
        .args(["--net", "--", "sleep", "300"])
        .stdin(Stdio::null())
        .spawn()
        .expect("unshare from util-linux");
    let pid = child.id();
    let held = Held::adopt(child);
    for _ in 0..200 {
        let own = std::fs::read_link("/proc/self/ns/net").unwrap();
        if let Ok(link) = std::fs::read_link(format!("/proc/{pid}/ns/net"))
            && link != own
            && std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|comm| comm.trim() == "sleep")
        {
            return held;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("unshare --net did not start");
}

fn netns_inode(pid: u32) -> u64 {
    let link = std::fs::read_link(format!("/proc/{pid}/ns/net")).unwrap();
    link.to_string_lossy()
        .trim_start_matches("net:[")
        .trim_end_matches(']')
        .parse()
        .unwrap()
}

#[test]
fn listeners_in_a_named_and_an_unnamed_namespace_are_found_from_the_host() {
    require_root!();
    let port = free_port();
    let named = NamedNetns::new("both");
    let in_named = listener_in(&named.path(), port);
    let named_holder = {
        let mut command = Command::new("ip");
        command
            .args(["netns", "exec", &named.0, "sleep", "300"])
            .stdin(Stdio::null());
        inherit(&mut command, vec![raw_fd(&in_named)]);
        Held::adopt(command.spawn().unwrap())
    };
    drop(in_named);
    let unnamed = sleeper_in_new_netns();
    let in_unnamed = listener_in(&format!("/proc/{}/ns/net", unnamed.pid()), port);

    let (document, code) = who_json(&["--all-netns", &port.to_string()]);
    assert_eq!(code, 0);
    let found = document.on_port(port);
    assert_eq!(found.len(), 2, "{found:#?}");
    let named_socket = found
        .iter()
        .find(|socket| socket.namespace().name.as_deref() == Some(named.0.as_str()))
        .expect("the named namespace");
    assert!(!named_socket.namespace().current);
    let named_pids = named_socket.pids();
    assert!(
        named_pids.contains(&named_holder.pid())
            || named_pids
                .iter()
                .any(|&pid| netns_inode(pid) == named_socket.namespace().inode),
        "{named_pids:?}"
    );
    let unnamed_socket = found
        .iter()
        .find(|socket| socket.namespace().name.is_none())
        .expect("the unnamed namespace");
    assert_eq!(unnamed_socket.namespace().inode, netns_inode(unnamed.pid()));
    assert_eq!(
        unnamed_socket.pids(),
        vec![std::process::id()],
        "held by the test, which opened it in there"
    );

    let (here, code) = who_json(&[&port.to_string()]);
    assert_eq!(code, 1, "nothing holds the port in this namespace");
    assert!(here.sockets.is_empty());
    assert_eq!(here.other_netns.len(), 2);
    let human = stdout(&portdoc(&["who", &port.to_string()]));
    assert!(
        human.contains("but other network namespaces hold it")
            && human.contains(&format!("netns {}", named.0)),
        "{human}"
    );

    let (explained, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 0, "a warning: free here");
    let finding = explained.finding("other-netns");
    assert!(
        finding.summary.contains(&format!("netns {}", named.0)),
        "{}",
        finding.summary
    );
    assert!(finding.fixes[0].contains(&format!("portdoc who {port} --all-netns")));
    let (from_log, code) =
        explain_json(&[&format!("listen tcp :{port}: bind: address already in use")]);
    assert_eq!(code, 1);
    assert_eq!(from_log.finding("other-netns").severity, "error");

    let (checked, code) = check_json(&[&port.to_string()]);
    assert_eq!(code, 0, "free here");
    assert!(
        checked
            .port(port)
            .notes
            .iter()
            .any(|note| note.contains("held in another") && note.contains(&named.0)),
        "{:?}",
        checked.port(port).notes
    );
    drop(in_unnamed);
}

#[test]
fn an_unprivileged_user_is_told_what_it_cannot_see_in_other_namespaces() {
    require_root!();
    let port = free_port();
    let named = NamedNetns::new("nobody");
    let in_named = listener_in(&named.path(), port);
    let output = portdoc_as_nobody(&["who", "--json", "--all-netns", &port.to_string()]);
    let document: WhoDocument = parse_json(&stdout(&output));
    assert!(!document.complete);
    assert!(
        document
            .warnings
            .iter()
            .any(|warning| warning.contains("could not be identified")
                || warning.contains("run as root")),
        "{:?}",
        document.warnings
    );
    drop(in_named);
}

#[test]
fn a_process_in_docker_and_kubernetes_cgroups_is_named_with_its_container_and_pod() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let docker = hold(HolderSpec {
        name: Some("nginx"),
        argv0: Some("nginx: master process nginx -g daemon off;"),
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    let kubelet_pod = hold(HolderSpec {
        name: Some("envoy"),
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    drop(listener);
    let _docker_cgroup = TestCgroup::place(
        docker.pid(),
        &format!("system.slice/docker-{CONTAINER_ID}.scope"),
    )
    .expect("a cgroup");
    let pod_slice = POD_UID.replace('-', "_");
    let _pod_cgroup = TestCgroup::place(
        kubelet_pod.pid(),
        &format!("kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{pod_slice}.slice/cri-containerd-{CONTAINER_ID}.scope"),
    )
    .expect("a cgroup");

    // Docker's and the kubelet's files, in a mount namespace of the test's own.
    let script = format!(
        "set -e; mkdir -p /var/lib/docker /var/log/pods; \
         mount -t tmpfs tmpfs /var/lib/docker; mount -t tmpfs tmpfs /var/log/pods; \
         mkdir -p /var/lib/docker/containers/{CONTAINER_ID} /var/log/pods/shop_checkout-7d9f_{POD_UID}; \
         printf '{{\"Name\":\"/web\",\"NetworkSettings\":{{\"Networks\":{{\"bridge\":{{\"IPAddress\":\"172.17.0.2\"}}}}}}}}' > /var/lib/docker/containers/{CONTAINER_ID}/config.v2.json; \
         exec {} who --json {port}",
        public_binary().display()
    );
    let created_docker = !std::path::Path::new("/var/lib/docker").exists();
    let created_pods = !std::path::Path::new("/var/log/pods").exists();
    let output = Command::new("unshare")
        .args(["--mount", "--", "sh", "-c", &script])
        .output()
        .unwrap();
    if created_docker {
        let _ = std::fs::remove_dir("/var/lib/docker");
    }
    if created_pods {
        let _ = std::fs::remove_dir("/var/log/pods");
    }
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let document: WhoDocument = parse_json(&stdout(&output));
    let processes = &document.on_port(port)[0].processes;
    let by_pid = |pid: u32| {
        processes
            .iter()
            .find(|process| process.pid == pid)
            .unwrap_or_else(|| panic!("{pid} in {processes:#?}"))
    };
    let docker_container = by_pid(docker.pid())
        .container
        .clone()
        .expect("docker container");
    assert_eq!(
        (
            docker_container.runtime.as_str(),
            docker_container.id.as_deref(),
            docker_container.name.as_deref()
        ),
        ("docker", Some(CONTAINER_ID), Some("web"))
    );
    assert_eq!(
        by_pid(docker.pid()).systemd_unit,
        None,
        "a container's scope is not reported as its unit"
    );
    let pod = by_pid(kubelet_pod.pid())
        .container
        .clone()
        .expect("pod container");
    assert_eq!(pod.runtime, "containerd");
    assert_eq!(pod.pod_uid.as_deref(), Some(POD_UID));
    assert_eq!(
        (pod.pod_namespace.as_deref(), pod.pod_name.as_deref()),
        (Some("shop"), Some("checkout-7d9f"))
    );
}

#[test]
fn docker_proxy_is_reported_as_a_forwarder_with_the_container_address() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let argv = format!(
        "/usr/bin/docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port {port} -container-ip 172.17.0.2 -container-port 80"
    );
    let proxy = hold(HolderSpec {
        name: Some("docker-proxy"),
        argv0: Some(&argv),
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    drop(listener);
    let (document, _) = who_json(&[&port.to_string()]);
    let process = &document.on_port(port)[0].processes[0];
    assert_eq!(process.pid, proxy.pid());
    let forwarder = process.forwarder.clone().expect("a forwarder");
    assert_eq!(
        (forwarder.kind.as_str(), forwarder.target.as_deref()),
        ("docker-proxy", Some("172.17.0.2:80"))
    );
    let human = stdout(&portdoc(&["who", &port.to_string()]));
    assert!(
        human.contains("forwards to container 172.17.0.2:80"),
        "{human}"
    );
}

#[test]
fn the_nodeport_range_is_noted_on_a_kubernetes_node() {
    require_root!();
    let port = (30000..=32767u16)
        .find(|&port| {
            std::net::TcpListener::bind(("0.0.0.0", port)).is_ok()
                && std::net::TcpListener::bind(("::", port)).is_ok()
        })
        .expect("a free NodePort");
    let script = format!(
        "set -e; mount -t tmpfs tmpfs /var/lib; mkdir /var/lib/kubelet; exec {} check --json {port}",
        public_binary().display()
    );
    let output = Command::new("unshare")
        .args(["--mount", "--", "sh", "-c", &script])
        .output()
        .unwrap();
    let document: CheckDocument = parse_json(&stdout(&output));
    assert!(
        document
            .port(port)
            .notes
            .iter()
            .any(|note| note.contains("NodePort range")),
        "{:?}",
        document.port(port).notes
    );
    let (outside, _) = check_json(&[&port.to_string()]);
    assert!(
        !outside
            .port(port)
            .notes
            .iter()
            .any(|note| note.contains("NodePort")),
        "not a Kubernetes node"
    );
}
