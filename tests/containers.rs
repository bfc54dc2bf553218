//! Real Podman containers, as a new user runs them: a bridge container publishing
//! 127.0.0.1:P (held by conmon, DNATed by CNI), the same through slirp4netns (held by
//! rootlessport), host networking (held by the container's own process), and a Kubernetes
//! Pod run by `podman kube play`. portdoc must name the container behind each holder, say
//! where the port goes, and stop the container, never its forwarder. Needs root and the
//! packages scripts/test installs; every test removes what it made.
#![cfg(target_os = "linux")]

mod common;
#[path = "containers/podman.rs"]
mod podman;

use common::*;
use podman::Session;

/// The command the containers run: busybox's web server on the container's port 8080.
const HTTPD: &[&str] = &["/bin/busybox", "httpd", "-f", "-p", "8080"];

/// The process holding `port` on the host in `who --json`, with its forwarder.
fn holder_of(port: u16) -> ProcessRecord {
    let (document, status) = who_json(&[&port.to_string()]);
    assert_eq!(status, 0);
    let sockets: Vec<&SocketRecord> = document
        .on_port(port)
        .into_iter()
        .filter(|socket| socket.local_address == "127.0.0.1" && socket.state == "LISTEN")
        .collect();
    assert_eq!(sockets.len(), 1, "{document:#?}");
    assert_eq!(sockets[0].processes.len(), 1, "{document:#?}");
    sockets[0].processes[0].clone()
}

/// The fixes `explain` offers for the port.
fn fixes_for(port: u16) -> Vec<String> {
    let (document, _) = explain_json(&[&port.to_string()]);
    document
        .findings
        .into_iter()
        .flat_map(|finding| finding.fixes)
        .collect()
}

/// The sockets on 8080 whose network namespace is the container's (`--all-netns` lists
/// every namespace's in `sockets`).
fn inner_listeners(id: &str) -> Vec<SocketRecord> {
    let (document, _) = who_json(&["8080", "--all-netns"]);
    document
        .sockets
        .into_iter()
        .filter(|socket| {
            socket.local_port == 8080
                && socket
                    .namespace()
                    .container
                    .as_ref()
                    .is_some_and(|container| container.id.as_deref() == Some(id))
        })
        .collect()
}

#[test]
fn a_bridge_container_s_conmon_is_linked_with_name_id_and_dnat_target() {
    require_root!();
    let mut session = Session::new("bridge");
    let port = free_port();
    let name = session.name("bridge");
    let publish = format!("127.0.0.1:{port}:8080");
    let id = session.run(&name, &["-p", &publish], HTTPD, Some(port));
    let address = session.inspect(&name, "{{.NetworkSettings.IPAddress}}");
    assert!(!address.is_empty());

    let conmon = holder_of(port);
    assert_eq!(conmon.name, "conmon");
    assert_eq!(conmon.container, None, "conmon runs beside the container");
    let forwarder = conmon.forwarder.expect("conmon is a forwarder");
    assert_eq!(forwarder.kind, "conmon");
    assert_eq!(forwarder.runtime.as_deref(), Some("podman"));
    assert_eq!(forwarder.container.as_deref(), Some(name.as_str()));
    assert_eq!(forwarder.container_id.as_deref(), Some(id.as_str()));
    let target = format!("{address}:8080");
    assert_eq!(forwarder.target.as_deref(), Some(target.as_str()));
    assert_eq!(forwarder.target_source.as_deref(), Some("cni-cache"));
    assert_eq!(
        forwarder.published,
        vec![PublishedRecord {
            protocol: "tcp".into(),
            host_address: Some("127.0.0.1".into()),
            host_port: port,
            target: Some(target.clone()),
        }]
    );

    let human = stdout(&portdoc(&["who", &port.to_string()]));
    assert!(
        human.contains(&format!(
            "forwards to container {name} ({}) at {target}",
            &id[..12]
        )),
        "{human}"
    );
    let fixes = fixes_for(port);
    assert!(
        fixes
            .iter()
            .any(|fix| fix.starts_with(&format!("podman stop {name}"))),
        "{fixes:?}"
    );
    assert!(
        !fixes.iter().any(|fix| fix.contains("kill")),
        "a fix that kills conmon strands the container: {fixes:?}"
    );
}

#[test]
fn free_refuses_to_signal_conmon_and_names_podman_stop() {
    require_root!();
    let mut session = Session::new("free");
    let port = free_port();
    let name = session.name("free");
    let publish = format!("127.0.0.1:{port}:8080");
    session.run(&name, &["-p", &publish], HTTPD, Some(port));
    let conmon = holder_of(port);

    let output = portdoc(&["free", "--json", &port.to_string(), "--addr", "127.0.0.1"]);
    assert_eq!(code(&output), 3, "{}", stdout(&output));
    let document: FreeDocument = parse_json(&stdout(&output));
    let refusal = &document.single().refused[0];
    assert_eq!(refusal.kind, "managed");
    assert_eq!(refusal.pids, vec![conmon.pid]);
    assert_eq!(refusal.manager.as_ref().unwrap()["kind"], "forwarder");
    assert_eq!(
        refusal.command.as_deref(),
        Some(format!("podman stop {name}").as_str())
    );
    assert!(document.deliveries.is_empty(), "{document:#?}");
    assert!(
        session.running(&name),
        "free must leave the container running"
    );
    assert_eq!(
        holder_of(port).pid,
        conmon.pid,
        "conmon must still hold the port"
    );
}

#[test]
fn a_slirp4netns_container_s_rootlessport_is_linked_and_its_netns_tagged() {
    require_root!();
    let mut session = Session::new("slirp");
    let port = free_port();
    let name = session.name("slirp");
    let publish = format!("127.0.0.1:{port}:8080");
    let id = session.run(
        &name,
        &["--network", "slirp4netns", "-p", &publish],
        HTTPD,
        Some(port),
    );

    let holder = holder_of(port);
    assert_eq!(holder.name, "rootlessport");
    let forwarder = holder.forwarder.expect("rootlessport is a forwarder");
    assert_eq!(forwarder.kind, "rootlessport");
    assert_eq!(forwarder.container.as_deref(), Some(name.as_str()));
    assert_eq!(forwarder.container_id.as_deref(), Some(id.as_str()));
    assert!(
        fixes_for(port)
            .iter()
            .any(|fix| fix.starts_with(&format!("podman stop {name}"))),
    );

    // rootlessport's helper joins the container's namespace first: the tag must still come
    // from the container's own process.
    let inner = inner_listeners(&id);
    assert_eq!(inner.len(), 1, "{inner:#?}");
    let tag = inner[0].namespace().container.as_ref().unwrap();
    assert_eq!(tag.name.as_deref(), Some(name.as_str()));
}

#[test]
fn a_host_network_container_s_process_is_in_its_container() {
    require_root!();
    let mut session = Session::new("host");
    let port = free_port();
    let name = session.name("host");
    let listen = format!("127.0.0.1:{port}");
    let id = session.run(
        &name,
        &["--network", "host"],
        &["/bin/busybox", "httpd", "-f", "-p", &listen],
        Some(port),
    );

    let holder = holder_of(port);
    assert_eq!(holder.name, "busybox");
    assert_eq!(holder.forwarder, None);
    let container = holder.container.expect("the process runs in the container");
    assert_eq!(container.runtime, "podman");
    assert_eq!(container.id.as_deref(), Some(id.as_str()));
    assert_eq!(container.name.as_deref(), Some(name.as_str()));
    assert!(
        fixes_for(port)
            .iter()
            .any(|fix| fix.starts_with(&format!("podman stop {name}"))),
    );
}

#[test]
fn all_netns_finds_a_bridge_container_s_listener_with_its_name() {
    require_root!();
    let mut session = Session::new("inner");
    let port = free_port();
    let name = session.name("inner");
    let publish = format!("127.0.0.1:{port}:8080");
    let id = session.run(&name, &["-p", &publish], HTTPD, Some(port));

    let inner = inner_listeners(&id);
    assert_eq!(inner.len(), 1, "{inner:#?}");
    let socket = &inner[0];
    assert!(!socket.namespace().current);
    assert_eq!(socket.state, "LISTEN");
    let process = &socket.processes[0];
    let container = process.container.as_ref().unwrap();
    assert_eq!(container.runtime, "podman");
    assert_eq!(container.name.as_deref(), Some(name.as_str()));
    let human = stdout(&portdoc(&["who", "8080", "--all-netns"]));
    assert!(
        human.contains(&format!("container podman {name} ({})", &id[..12])),
        "{human}"
    );
}

#[test]
fn a_kube_play_pod_is_reported_by_name_and_stopped_as_a_pod() {
    require_root!();
    let mut session = Session::new("kube");
    let port = free_port();
    let pod = session.name("pod");
    session.play_pod(&pod, port);

    let conmon = holder_of(port);
    let forwarder = conmon
        .forwarder
        .expect("the infra container's conmon forwards");
    assert_eq!(forwarder.kind, "conmon");
    assert_eq!(forwarder.pod_name.as_deref(), Some(pod.as_str()));
    assert!(forwarder.pod_id.is_some(), "{forwarder:?}");
    assert!(forwarder.target.is_some(), "{forwarder:?}");
    assert!(
        fixes_for(port)
            .iter()
            .any(|fix| fix.starts_with(&format!("podman pod stop {pod}"))),
    );

    // The pod's web container, inside the pod's namespace, carries the pod's name too.
    let web = format!("{pod}-web");
    let id = session.inspect(&web, "{{.Id}}");
    let (document, _) = who_json(&["8080", "--all-netns"]);
    let process = document
        .sockets
        .iter()
        .flat_map(|socket| &socket.processes)
        .find(|process| {
            process
                .container
                .as_ref()
                .is_some_and(|container| container.id.as_deref() == Some(id.as_str()))
        })
        .unwrap_or_else(|| panic!("no listener of {web}: {document:#?}"));
    let container = process.container.as_ref().unwrap();
    assert_eq!(container.name.as_deref(), Some(web.as_str()));
    assert_eq!(container.pod_name.as_deref(), Some(pod.as_str()));
    assert!(container.pod_id.is_some());
}
