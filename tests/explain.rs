//! `portdoc explain`: every rule against the real situation it describes, built by the test.
#![cfg(target_os = "linux")]

mod common;

use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::Duration;

use common::*;

const CONTAINER_ID: &str = "3f2a9c1e5b7d4f608a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071";
const POD_UID: &str = "8d4f1c2a-6b3e-4a5f-9c7d-1e2f3a4b5c6d";

#[test]
fn held_by_process_names_the_holder_and_the_command_that_stops_it() {
    let (port, holder) = held_listener("myserver", "myserver --listen");
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    assert_eq!(document.status.as_deref(), Some("in-use"));
    let finding = document.finding("held-by-process");
    assert_eq!(finding.severity, "error");
    assert_eq!(finding.holder_pid, Some(holder.pid()));
    assert!(
        finding
            .summary
            .contains(&format!("port {port}/tcp is held by PID {}", holder.pid())),
        "{}",
        finding.summary
    );
    assert!(
        finding.summary.contains("myserver --listen"),
        "{}",
        finding.summary
    );
    assert!(
        finding.fixes[0].starts_with(&format!("portdoc free {port}")),
        "{:?}",
        finding.fixes
    );
    assert!(
        finding
            .fixes
            .iter()
            .any(|fix| fix.contains(&format!("portdoc suggest {port}")))
    );
    let human = stdout(&portdoc(&["explain", &port.to_string()]));
    assert!(
        human.contains("[held-by-process]") && human.contains(&format!("fix: portdoc free {port}")),
        "{human}"
    );
}

#[test]
fn time_wait_is_a_warning_for_a_port_and_the_error_for_a_server_without_reuseaddr() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    make_time_wait(&listener);
    drop(listener);
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(
        code, 0,
        "TIME_WAIT does not stop servers that set SO_REUSEADDR"
    );
    assert_eq!(document.finding("time-wait").severity, "warning");
    let line = format!(
        "OSError: [Errno 98] error while attempting to bind on address ('127.0.0.1', {port}): address already in use"
    );
    let (document, _) = explain_json(&[&line]);
    let finding = document.finding("time-wait");
    assert!(
        finding.summary.contains("without SO_REUSEADDR")
            && finding.summary.contains(&port.to_string()),
        "{}",
        finding.summary
    );
    assert!(finding.fixes[0].contains(&format!("portdoc check {port} --strict --wait")));
    assert!(
        !document.has("nothing-listening"),
        "TIME_WAIT sockets remain: never call the port free"
    );
}

#[test]
fn privileged_port_as_an_unprivileged_user() {
    require_root!();
    let Some(port) =
        (1..1024u16).find(|&port| std::net::TcpListener::bind(("0.0.0.0", port)).is_ok())
    else {
        return;
    };
    let output = portdoc_as_nobody(&["explain", "--json", &port.to_string()]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let document = parse_json::<ExplainEnvelope>(&stdout(&output)).single();
    assert_eq!(document.status.as_deref(), Some("permission-denied"));
    let finding = document.finding("privileged-port");
    assert!(
        finding
            .summary
            .contains(&format!("port {port} is privileged"))
    );
    assert!(
        finding
            .fixes
            .iter()
            .any(|fix| fix.contains("cap_net_bind_service"))
    );
    assert!(
        finding
            .fixes
            .iter()
            .any(|fix| fix.contains(&format!("ip_unprivileged_port_start={port}")))
    );
    let (document, code) = explain_json(&[&format!("listen tcp :{port}: bind: permission denied")]);
    assert_eq!(
        code, 1,
        "a pasted EACCES line is explained even when root can bind the port"
    );
    assert!(document.has("privileged-port"));
}

#[test]
fn address_not_available_lists_this_hosts_addresses() {
    let port = free_port();
    let (document, code) = explain_json(&["--addr", "192.0.2.1", &port.to_string()]);
    assert_eq!(code, 1);
    let finding = document.finding("address-not-available");
    assert!(
        finding.summary.contains(&format!("192.0.2.1:{port}")),
        "{}",
        finding.summary
    );
    assert!(finding.detail.contains("127.0.0.1"), "{}", finding.detail);
    let line = format!(
        "nginx: [emerg] bind() to 192.0.2.1:{port} failed (99: Cannot assign requested address)"
    );
    let (document, code) = explain_json(&[&line]);
    assert_eq!(code, 1);
    assert!(document.has("address-not-available"));
    assert_eq!(document.subject.address.as_deref(), Some("192.0.2.1"));
}

#[test]
fn dual_stack_listener_blocking_an_ipv4_bind() {
    let dual = tcp_socket(any_v6(), 0, Some(8), Some(false));
    let port = port_of(&dual);
    let line =
        format!("nginx: [emerg] bind() to 0.0.0.0:{port} failed (98: Address already in use)");
    let (document, code) = explain_json(&[&line]);
    assert_eq!(code, 1);
    let finding = document.finding("dual-stack");
    assert!(
        finding.summary.contains(&format!(
            "[::]:{port} is a dual-stack [::] socket: it holds 0.0.0.0:{port}"
        )),
        "{}",
        finding.summary
    );
    // The holder is this test, not nginx: nginx's configuration is no fix for it.
    assert!(
        !finding.fixes.iter().any(|fix| fix.contains("ipv6only=on")),
        "{:?}",
        finding.fixes
    );
}

#[test]
fn dual_stack_fix_follows_the_holder_and_an_ipv4_holder_is_not_called_dual_stack() {
    let dual = tcp_socket(any_v6(), 0, Some(8), Some(false));
    let port = port_of(&dual);
    let nginx = hold(HolderSpec {
        name: Some("nginx"),
        fds: vec![raw_fd(&dual)],
        ..HolderSpec::default()
    });
    drop(dual);
    let (document, _) = explain_json(&["--addr", "0.0.0.0", &port.to_string()]);
    let finding = document.finding("dual-stack");
    assert_eq!(finding.holder_pid, Some(nginx.pid()));
    assert!(
        finding.fixes[0].starts_with(&format!("listen [::]:{port} ipv6only=on;")),
        "{:?}",
        finding.fixes
    );
    let ipv4 = local_listener();
    let port = ipv4.local_addr().unwrap().port();
    let (document, _) = explain_json(&["--addr", "::", &port.to_string()]);
    let finding = document.finding("dual-stack");
    assert!(
        finding
            .summary
            .contains(&format!("127.0.0.1:{port} holds the IPv4 port")),
        "{}",
        finding.summary
    );
}

#[test]
fn loopback_only_holder_blocks_the_wildcard() {
    let (port, holder) = held_listener("myserver", "myserver");
    let (document, _) = explain_json(&[&port.to_string()]);
    let finding = document.finding("loopback-only");
    assert_eq!(finding.holder_pid, Some(holder.pid()));
    assert!(
        finding.summary.contains(&format!("127.0.0.1:{port}")),
        "{}",
        finding.summary
    );
    let (document, _) = explain_json(&["--addr", "127.0.0.1", &port.to_string()]);
    assert!(
        !document.has("loopback-only"),
        "asking for loopback itself is not the mistake"
    );
}

#[test]
fn ephemeral_range_warns_and_an_outgoing_connection_on_the_port_is_the_error() {
    let (low, high) = ephemeral_range();
    // An outgoing connection goes to a service's port, outside the ephemeral range.
    let server = (1024..low)
        .rev()
        .find_map(|port| std::net::TcpListener::bind(("127.0.0.1", port)).ok())
        .expect("a free port below the ephemeral range");
    let client = TcpStream::connect(server.local_addr().unwrap()).unwrap();
    let port = client.local_addr().unwrap().port();
    assert!(
        (low..=high).contains(&port),
        "connect() picked {port} outside {low}-{high}"
    );
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    let finding = document.finding("ephemeral-range");
    assert_eq!(finding.severity, "error");
    assert!(
        finding.summary.contains("outgoing connection took port"),
        "{}",
        finding.summary
    );
    assert!(
        finding
            .fixes
            .iter()
            .any(|fix| fix.contains(&format!("ip_local_reserved_ports={port}")))
    );
    drop(client);
    let free = free_port();
    let (document, code) = explain_json(&[&free.to_string()]);
    assert_eq!(code, 0);
    assert_eq!(document.finding("ephemeral-range").severity, "warning");
}

#[test]
fn accept_queue_full_on_a_listener_that_never_accepts() {
    let listener = tcp_socket(localhost(), 0, Some(1), None);
    let port = port_of(&listener);
    let target: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let clients: Vec<socket2::Socket> = (0..4)
        .map(|_| {
            let client =
                socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
            client.set_nonblocking(true).unwrap();
            let _ = client.connect(&target.into());
            client
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (document, _) = explain_json(&[&port.to_string()]);
    let finding = document.finding("accept-queue-full");
    assert_eq!(finding.holder_pid, Some(std::process::id()));
    assert!(
        finding
            .summary
            .contains(&format!("127.0.0.1:{port} is full")),
        "{}",
        finding.summary
    );
    assert!(finding.detail.contains("overflows"), "{}", finding.detail);
    assert!(
        finding
            .fixes
            .iter()
            .any(|fix| fix.contains(&format!("sport = :{port}")))
    );
    drop(clients);
}

#[test]
fn owner_hidden_from_an_unprivileged_user() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let output = portdoc_as_nobody(&["explain", "--json", &port.to_string()]);
    assert_eq!(code(&output), 1, "{}\n{}", stdout(&output), stderr(&output));
    let document = parse_json::<ExplainEnvelope>(&stdout(&output)).single();
    assert!(!document.complete);
    let finding = document.finding("owner-hidden");
    assert_eq!(finding.severity, "error");
    assert!(
        finding.summary.contains("uid 0 root"),
        "{}",
        finding.summary
    );
    assert_eq!(
        finding.fixes,
        [format!("sudo portdoc explain --json {port}")]
    );
}

#[test]
fn bound_not_listening_socket() {
    // bind() without SO_REUSEADDR, as most programs do: it blocks every later bind.
    let bound = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    bound
        .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
        .unwrap();
    let port = port_of(&bound);
    let holder = hold(HolderSpec {
        name: Some("myserver"),
        fds: vec![raw_fd(&bound)],
        ..HolderSpec::default()
    });
    drop(bound);
    let (document, code) = explain_json(&[&port.to_string()]);
    assert!(
        !document.sockets.is_empty(),
        "this kernel does not list bound-only sockets (sock_diag needs Linux 6.5): the test cannot run here"
    );
    assert_eq!(code, 1);
    let finding = document.finding("bound-not-listening");
    assert_eq!(finding.holder_pid, Some(holder.pid()));
    assert!(finding.summary.contains("bound but not listening"));
    // The stop command is given once, by the first finding that needs it.
    let kill = format!("portdoc free {port}");
    let given: Vec<&String> = document
        .findings
        .iter()
        .flat_map(|finding| finding.fixes.iter())
        .filter(|fix| fix.starts_with(&kill))
        .collect();
    assert_eq!(given.len(), 1, "{:#?}", document.findings);
}

#[test]
fn inherited_socket_held_by_a_sleep_whose_parent_exited() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let orphan = hold_orphaned(vec![raw_fd(&listener)]);
    drop(listener);
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    let finding = document.finding("inherited-socket");
    assert_eq!(finding.holder_pid, Some(orphan.0));
    assert!(
        finding.summary.contains("is not a server"),
        "{}",
        finding.summary
    );
    assert_eq!(
        finding.fixes[0],
        format!("portdoc free {port}    # sleep is not serving anything")
    );
    assert!(
        !document.has("held-by-process"),
        "the specific finding replaces the generic one"
    );
}

#[test]
fn nothing_listening_on_a_free_port_and_a_transient_conflict_from_a_log_line() {
    let port = free_port();
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 0);
    assert_eq!(document.status.as_deref(), Some("free"));
    assert_eq!(document.finding("nothing-listening").severity, "info");
    let line = format!("Error: listen EADDRINUSE: address already in use 127.0.0.1:{port}");
    let (document, code) = explain_json(&[&line]);
    assert_eq!(code, 0);
    let finding = document.finding("nothing-listening");
    assert!(finding.summary.contains("transient"), "{}", finding.summary);
    assert!(finding.fixes[0].contains(&format!("portdoc check {port} --wait")));
}

#[test]
fn docker_proxy_is_a_forwarder_named_with_the_container_address() {
    let (port, holder) = held_listener_with("docker-proxy", |port| {
        format!(
            "/usr/bin/docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port {port} -container-ip 172.17.0.2 -container-port 80"
        )
    });
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    let finding = document.finding("docker-proxy");
    assert_eq!(finding.holder_pid, Some(holder.pid()));
    assert!(
        finding
            .summary
            .contains("forwards it to container 172.17.0.2:80"),
        "{}",
        finding.summary
    );
    assert_eq!(
        finding.fixes[0],
        format!("docker ps --filter publish={port}    # which container publishes the port")
    );
    assert!(
        !document.has("held-by-process"),
        "never advise killing docker-proxy"
    );
    let line = format!(
        "docker: Error response from daemon: driver failed programming external connectivity on endpoint web (3f2a): Bind for 0.0.0.0:{port} failed: port is already allocated."
    );
    let (document, _) = explain_json(&[&line]);
    assert!(document.has("docker-proxy"));
}

#[test]
fn kubernetes_scheduler_message_and_a_pod_holding_the_host_port() {
    let (document, code) = explain_json(&[
        "0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.",
    ]);
    assert_eq!(code, 1);
    assert_eq!(document.subject.error.as_deref(), Some("NO_FREE_PORTS"));
    assert!(
        document
            .finding("kubernetes-hostport")
            .summary
            .contains("no node where the pod's hostPort is free")
    );

    require_root!();
    let (port, holder) = held_listener("myserver", "myserver --host-network");
    let path = format!("kubepods/besteffort/pod{POD_UID}/{CONTAINER_ID}");
    let Some(_cgroup) = TestCgroup::place(holder.pid(), &path) else {
        panic!("cannot create a cgroup for the test");
    };
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    let finding = document.finding("kubernetes-hostport");
    assert_eq!(finding.holder_pid, Some(holder.pid()));
    assert!(finding.summary.contains(POD_UID), "{}", finding.summary);
    assert!(
        finding.fixes.iter().any(|fix| fix.contains(&format!(
            "crictl pods --label io.kubernetes.pod.uid={POD_UID}"
        ))),
        "crictl pods --id takes a sandbox id, not the pod uid: {:?}",
        finding.fixes
    );
}

#[test]
fn systemd_socket_when_pid_1_holds_the_port() {
    require_root!();
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    // systemd holding a .socket unit's port: PID 1 is named systemd and the unit listens there.
    let document = explain_as_pid_1("systemd", port, raw_fd(&listener));
    let finding = document.finding("systemd-socket");
    assert_eq!(finding.holder_pid, Some(1));
    assert!(
        finding.summary.contains("portdoc-test.socket"),
        "{}",
        finding.summary
    );
    assert_eq!(finding.fixes[0], "sudo systemctl stop portdoc-test.socket");
    assert!(!document.has("inherited-socket") && !document.has("held-by-process"));
    // In a container the application is PID 1: it is a holder like any other.
    let document = explain_as_pid_1("server", port, raw_fd(&listener));
    assert!(!document.has("systemd-socket"), "{:#?}", document.findings);
    assert_eq!(document.finding("held-by-process").holder_pid, Some(1));
}

/// `explain PORT` run in a PID namespace whose PID 1, named `name` (bash through a symlink),
/// holds the listener, with a .socket unit for the port in a private /run/systemd/system.
fn explain_as_pid_1(name: &str, port: u16, fd: i32) -> ExplainDocument {
    let directory = tempfile::tempdir().unwrap();
    let pid_1 = directory.path().join(name);
    std::os::unix::fs::symlink(which("bash"), &pid_1).unwrap();
    let script = format!(
        "mkdir -p /run/systemd/system && mount -t tmpfs tmpfs /run/systemd/system && \
         printf '[Socket]\\nListenStream=127.0.0.1:{port}\\n' > /run/systemd/system/portdoc-test.socket && \
         {} explain --json {port} 3>&-",
        public_binary().display()
    );
    let mut command = Command::new("unshare");
    command
        .args([
            "--pid",
            "--fork",
            "--mount-proc",
            "--mount",
            "--propagation",
            "private",
            "--",
        ])
        .arg(&pid_1)
        .args(["-c", &script]);
    // SAFETY: dup2 and fcntl are async-signal-safe; they leave the listener on fd 3 without
    // close-on-exec (dup2 onto itself would keep the flag, hence fcntl).
    unsafe {
        command.pre_exec(move || {
            let result = if fd == 3 {
                libc::fcntl(3, libc::F_SETFD, 0)
            } else {
                libc::dup2(fd, 3)
            };
            if result == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = command.output().unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    parse_json::<ExplainEnvelope>(&stdout(&output)).single()
}

#[test]
fn keycloak_management_port_taken_by_the_running_server() {
    let (port, holder) = held_listener_with("java", |port| {
        format!(
            "java -Dkc.home.dir=/opt/keycloak -Djboss.server.config.dir=/opt/keycloak/conf -jar /opt/keycloak/lib/quarkus-run.jar start --http-management-port={port}"
        )
    });
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    let finding = document.finding("keycloak-management");
    assert_eq!(finding.holder_pid, Some(holder.pid()));
    assert!(
        finding
            .summary
            .contains(&format!("port {port} is taken by PID {}", holder.pid())),
        "{}",
        finding.summary
    );
    assert!(
        finding.fixes[0].contains("--http-management-port="),
        "{:?}",
        finding.fixes
    );
    assert!(
        finding
            .fixes
            .iter()
            .any(|fix| fix.starts_with(&format!("portdoc free {port}")))
    );

    let text = format!(
        "2026-11-22 09:12:03,123 ERROR [org.keycloak] ERROR: Unable to start the management interface on 0.0.0.0:{port}\nERROR: Address already in use"
    );
    let output = portdoc_with_stdin(&["explain", "--json", "-"], &text);
    let document = parse_json::<ExplainEnvelope>(&stdout(&output)).single();
    assert_eq!(document.subject.program.as_deref(), Some("keycloak"));
    assert_eq!(document.subject.port, Some(port));
    assert!(document.has("keycloak-management"));
}

#[test]
fn fluvio_spu_holding_the_port() {
    let (port, holder) = held_listener(
        "fluvio-spu",
        "fluvio-run spu --id 5001 --public-server 0.0.0.0:9010 --private-server 0.0.0.0:9011",
    );
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    let finding = document.finding("fluvio-spu");
    assert_eq!(finding.holder_pid, Some(holder.pid()));
    assert!(
        finding
            .fixes
            .iter()
            .any(|fix| fix.contains("--public-server 0.0.0.0:"))
    );
    let line = format!(
        "2026-11-22T09:12:03Z ERROR fluvio_spu: error: Address already in use (os error 98) public server 0.0.0.0:{port}"
    );
    let (document, _) = explain_json(&[&line]);
    assert!(document.has("fluvio-spu"));
}

#[test]
fn uvicorn_app_gets_a_free_port_to_start_on() {
    let (port, _holder) = held_listener("myserver", "myserver");
    let line = format!(
        "ERROR (uvicorn.error): [Errno 98] error while attempting to bind on address ('127.0.0.1', {port}): address already in use"
    );
    let (document, code) = explain_json(&[&line]);
    assert_eq!(code, 1);
    let finding = document.finding("uvicorn-app");
    let suggested: u16 = finding
        .summary
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .expect("a suggested port");
    assert!(suggested > port);
    assert!(finding.fixes[0].contains(&format!("--port {suggested}")));
    assert!(document.finding("held-by-process").fixes[0].contains(&format!("portdoc free {port}")));
    let (port, holder) = held_listener(
        "uvicorn",
        "/usr/bin/python3 /usr/local/bin/uvicorn openui.server:app --port 7878",
    );
    let (document, _) = explain_json(&[&port.to_string()]);
    assert_eq!(
        document.finding("uvicorn-app").holder_pid,
        Some(holder.pid())
    );
}

#[test]
fn dev_server_leftover_on_the_port() {
    let (port, holder) = held_listener("python3", &format!("python3 -m http.server {}", 0));
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    let finding = document.finding("dev-server-leftover");
    assert_eq!(finding.holder_pid, Some(holder.pid()));
    assert_eq!(
        finding.fixes,
        [format!(
            "portdoc free {port}    # it is safe to stop a test server"
        )]
    );
}

#[test]
fn lb_port_when_another_load_balancer_holds_it() {
    let (port, holder) = held_listener("haproxy", "haproxy -f /etc/haproxy/haproxy.cfg -Ws");
    let line =
        format!("nginx: [emerg] bind() to 127.0.0.1:{port} failed (98: Address already in use)");
    let (document, code) = explain_json(&[&line]);
    assert_eq!(code, 1);
    let finding = document.finding("lb-port");
    assert_eq!(finding.holder_pid, Some(holder.pid()));
    assert!(finding.detail.contains("nginx -t"), "{}", finding.detail);
    // The holder is haproxy in master-worker mode: reload it with its own signal, never with
    // another program's command.
    assert_eq!(
        finding.fixes[0],
        format!(
            "kill -USR2 {}    # reload the running haproxy instead of starting a second one",
            holder.pid()
        )
    );
    assert!(
        !finding
            .fixes
            .iter()
            .any(|fix| fix.contains("nginx -s reload") || fix.contains("-sf")),
        "{:?}",
        finding.fixes
    );
}

#[test]
fn stdin_with_several_failures_gives_one_report_each() {
    let first = free_port();
    let second = free_port();
    let journal = format!(
        "Nov 22 09:12:03 web01 nginx[812]: nginx: [emerg] bind() to 0.0.0.0:{first} failed (98: Address already in use)\n\
         Nov 22 09:12:03 web01 nginx[812]: nginx: [emerg] bind() to 0.0.0.0:{first} failed (98: Address already in use)\n\
         Nov 22 09:12:04 web01 app[900]: listen tcp :{second}: bind: address already in use\n"
    );
    let output = portdoc_with_stdin(&["explain", "--json", "-"], &journal);
    let documents = parse_json::<ExplainEnvelope>(&stdout(&output)).reports;
    let ports: Vec<Option<u16>> = documents
        .iter()
        .map(|document| document.subject.port)
        .collect();
    assert_eq!(ports, [Some(first), Some(second)]);
}

#[test]
fn user_rules_map_a_port_to_a_company_service() {
    let directory = tempfile::tempdir().unwrap();
    let rules = directory.path().join("register.toml");
    let port = free_port();
    std::fs::write(
        &rules,
        format!(
            "[[rule]]\nid = \"acme-port-register\"\nseverity = \"info\"\ndetects = \"Ports allocated in ACME's port register\"\n\
             summary = \"port {{port}} belongs to ACME billing (team payments) in the port register\"\n\
             fixes = [\"https://wiki.acme.example/ports#{{port}}\"]\n[[rule.when]]\nports = [\"{port}\"]\n"
        ),
    )
    .unwrap();
    let rules_path = rules.to_str().unwrap();
    let (document, code) = explain_json(&["--rules", rules_path, &port.to_string()]);
    assert_eq!(code, 0);
    let finding = document.finding("acme-port-register");
    assert_eq!(
        finding.summary,
        format!("port {port} belongs to ACME billing (team payments) in the port register")
    );
    assert_eq!(
        finding.fixes,
        [format!("https://wiki.acme.example/ports#{port}")]
    );
    let listed = portdoc(&["explain", "--list-rules", "--json", "--rules", rules_path]);
    let listed: Vec<RuleRecord> = parse_json(&stdout(&listed));
    assert!(
        listed
            .iter()
            .any(|rule| rule.id == "acme-port-register" && rule.origin == rules_path)
    );
    assert!(listed.len() >= 21);

    std::fs::write(&rules, "[[rule]]\nid = \"broken\"\n").unwrap();
    let output = portdoc(&["explain", "--rules", rules_path, &port.to_string()]);
    assert_eq!(code_of(&output), 2);
    assert!(
        stderr(&output).contains("register.toml"),
        "{}",
        stderr(&output)
    );
}

fn code_of(output: &std::process::Output) -> i32 {
    common::code(output)
}

#[test]
fn list_rules_prints_every_rule_with_severity_and_what_it_detects() {
    let output = portdoc(&["explain", "--list-rules"]);
    assert_eq!(code_of(&output), 0);
    let text = stdout(&output);
    for id in [
        "held-by-process",
        "keycloak-management",
        "systemd-socket",
        "nothing-listening",
    ] {
        assert!(text.contains(id), "{id}: {text}");
    }
}

#[test]
fn nothing_to_explain_and_bad_input_exit_2_with_one_line() {
    for args in [
        vec!["explain", "hello world"],
        vec!["explain", "70000"],
        vec!["explain", "0"],
        vec!["explain"],
        vec!["explain", "9000-9100"],
    ] {
        let output = portdoc(&args);
        assert_eq!(code_of(&output), 2, "{args:?}");
        assert_eq!(
            stderr(&output).lines().count(),
            1,
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty());
    }
    let (document, code) = explain_json(&[
        "Error: Os { code: 98, kind: AddrInUse, message: \"Address already in use\" }",
    ]);
    assert_eq!(code, 0);
    assert_eq!(document.subject.port, None);
    assert!(document.finding("port-unknown").fixes[0].starts_with("portdoc explain <port>"));
}

#[test]
fn pasted_macos_and_windows_lines_get_their_platform_rules() {
    let airplay = "OSError: [Errno 48] error while attempting to bind on address ('127.0.0.1', 5000): address already in use";
    let (document, code) = explain_json(&[airplay]);
    assert_eq!(document.subject.platform.as_deref(), Some("macos"));
    assert_eq!(code, 1);
    assert!(document.finding("macos-airplay").fixes[0].contains("AirPlay Receiver"));

    let excluded = "OSError: [WinError 10013] An attempt was made to access a socket in a way forbidden by its access permissions: ('0.0.0.0', 50123)";
    let (document, code) = explain_json(&[excluded]);
    assert_eq!(
        (
            document.subject.platform.as_deref(),
            document.subject.error.as_deref()
        ),
        (Some("windows"), Some("EACCES"))
    );
    assert_eq!(code, 1);
    assert!(
        document.finding("windows-excluded-port-range").fixes[0]
            .starts_with("netsh interface ipv4 show excludedportrange protocol=tcp")
    );

    let http_sys = "OSError: [WinError 10048] Only one usage of each socket address (protocol/network address/port) is normally permitted: ('0.0.0.0', 80)";
    let (document, _) = explain_json(&[http_sys]);
    assert!(
        document.finding("windows-http-sys").fixes[0].starts_with("netsh http show servicestate")
    );
}

#[test]
fn control_center_holding_a_port_is_the_airplay_receiver() {
    let (port, holder) = held_listener(
        "ControlCenter",
        "/System/Library/CoreServices/ControlCenter.app/Contents/MacOS/ControlCenter",
    );
    let (document, code) = explain_json(&[&port.to_string()]);
    assert_eq!(code, 1);
    assert_eq!(
        document.finding("macos-airplay").holder_pid,
        Some(holder.pid())
    );
    assert!(!document.has("held-by-process"));
}
