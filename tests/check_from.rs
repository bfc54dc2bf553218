//! `portdoc check --from`: configuration checked against itself, the live host (listeners
//! and real nginx the tests open, in a private network namespace), the host's settings and
//! a port register. The seeds' scenarios: Keycloak's management port, a Fluvio SPU on 9010,
//! a hostNetwork DaemonSet on 443 beside nginx, nginx listening twice on one ip:port, a
//! register violation. Needs root.
#![cfg(target_os = "linux")]

mod common;

use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::contract::PreflightDocument;
use common::netns::in_private_netns;
use common::*;
use socket2::{Domain, SockAddr, Socket, Type};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(relative)
}

/// `check --from ... --json ARGS`: the document, the exit code, the whole output.
fn preflight(args: &[&str]) -> (PreflightDocument, i32, Output) {
    let mut full = vec!["check", "--json"];
    full.extend_from_slice(args);
    let output = portdoc(&full);
    assert!(output.stderr.is_empty(), "stderr: {}", stderr(&output));
    (parse_json(&stdout(&output)), code(&output), output)
}

/// A `sleep` named `name` holding a listener on 0.0.0.0:port (no SO_REUSEADDR).
fn listening(name: &str, port: u16) -> Held {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket
        .bind(&SockAddr::from(SocketAddr::new(
            "0.0.0.0".parse().unwrap(),
            port,
        )))
        .unwrap();
    socket.listen(16).unwrap();
    hold(HolderSpec {
        name: Some(name),
        fds: vec![socket.as_raw_fd()],
        ..HolderSpec::default()
    })
}

fn write(directory: &Path, name: &str, text: &str) -> PathBuf {
    let path = directory.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn keycloaks_management_port_held_by_the_running_server_is_a_conflict() {
    require_root!();
    in_private_netns(|| {
        let directory = tempfile::tempdir().unwrap();
        let conf = write(
            directory.path(),
            "keycloak.conf",
            "health-enabled=true\nhttp-enabled=true\nhttp-port=8180\nhttp-management-port=9000\n",
        );
        let server = listening("java", 9000);
        let (document, code, output) = preflight(&["--from", conf.to_str().unwrap()]);
        assert_eq!(code, 1, "{}", stdout(&output));
        let in_use = document.of_kind("in-use");
        assert_eq!(in_use.len(), 1, "{:#?}", document.findings);
        assert_eq!(in_use[0].origin.line, 4);
        assert_eq!(in_use[0].binding.as_ref().unwrap().port, 9000);
        assert_eq!(in_use[0].holder_pids(), vec![server.pid()]);
        assert!(document.live && !document.ok);
        let human = stdout(&portdoc(&["check", "--from", conf.to_str().unwrap()]));
        assert!(
            human.contains("keycloak.conf:4") && human.contains(&format!("java[{}]", server.pid())),
            "{human}"
        );
        // The configuration alone is fine: --offline does not look at the host.
        let (offline, code, _) = preflight(&["--from", conf.to_str().unwrap(), "--offline"]);
        assert_eq!((code, offline.live), (0, false));
    });
}

#[test]
fn a_fluvio_spu_on_9010_held_by_another_program_is_a_conflict() {
    require_root!();
    in_private_netns(|| {
        let other = listening("metrics-agent", 9010);
        let unit = fixture("fluvio/fluvio-spu.service");
        let (document, code, output) = preflight(&["--from", unit.to_str().unwrap()]);
        assert_eq!(code, 1, "{}", stdout(&output));
        let in_use = document.of_kind("in-use");
        assert_eq!(in_use.len(), 1, "{:#?}", document.findings);
        assert_eq!(in_use[0].origin.line, 10);
        assert_eq!(in_use[0].holder_pids(), vec![other.pid()]);
        assert_eq!(in_use[0].status.as_deref(), Some("in-use"));
    });
}

#[test]
fn a_host_network_daemonset_on_443_beside_nginx_on_the_host_is_a_conflict() {
    require_root!();
    in_private_netns(|| {
        let nginx = start_nginx(443, 1).expect("nginx starts on 443 in a fresh namespace");
        let manifest = fixture("kubernetes/app.yaml");
        let (document, code, output) = preflight(&["--from", manifest.to_str().unwrap()]);
        assert_eq!(code, 1, "{}", stdout(&output));
        let in_use = document.of_kind("in-use");
        assert_eq!(in_use.len(), 1, "{:#?}", document.findings);
        let finding = in_use[0];
        assert_eq!(finding.binding.as_ref().unwrap().kind, "host-network");
        assert_eq!(finding.binding.as_ref().unwrap().port, 443);
        assert!(finding.holder_pids().contains(&nginx.master.pid()));
        // Without a register, 80 and 443 are only warned about for host-network pods.
        let protected: Vec<u16> = document
            .of_kind("protected-port")
            .iter()
            .map(|finding| finding.binding.as_ref().unwrap().port)
            .collect();
        assert_eq!(protected, vec![80, 443]);
        assert!(
            document
                .of_kind("protected-port")
                .iter()
                .all(|finding| finding.severity == "warning")
        );
    });
}

#[test]
fn nginx_listening_twice_on_one_address_and_port_is_found_without_the_host() {
    let conf = fixture("nginx/duplicate-listen/nginx.conf");
    let (document, code, _) = preflight(&["--from", conf.to_str().unwrap(), "--offline"]);
    assert_eq!(code, 1);
    let issues: Vec<&str> = document
        .of_kind("config-issue")
        .iter()
        .map(|finding| finding.issue.as_deref().unwrap())
        .collect();
    assert!(issues.contains(&"duplicate-listen"), "{issues:?}");
    let duplicate = document
        .of_kind("config-issue")
        .into_iter()
        .find(|finding| finding.issue.as_deref() == Some("duplicate-listen"))
        .unwrap();
    assert_eq!(
        (
            duplicate.origin.line,
            duplicate.related.as_ref().unwrap().line
        ),
        (13, 5)
    );
}

#[test]
fn the_same_port_in_two_files_is_a_duplicate_dual_stack_included() {
    let directory = tempfile::tempdir().unwrap();
    let nginx = write(
        directory.path(),
        "nginx.conf",
        "events {}\nhttp {\n  server {\n    listen [::]:8080 ipv6only=off;\n  }\n}\n",
    );
    let compose = write(
        directory.path(),
        "compose.yaml",
        "services:\n  web:\n    image: nginx\n    ports:\n      - \"127.0.0.1:8080:80\"\n      - \"8081:80\"\n",
    );
    let (document, code, output) = preflight(&[
        "--from",
        nginx.to_str().unwrap(),
        "--from",
        compose.to_str().unwrap(),
        "--offline",
    ]);
    assert_eq!(code, 1, "{}", stdout(&output));
    let duplicates = document.of_kind("duplicate");
    assert_eq!(duplicates.len(), 1, "{:#?}", document.findings);
    let finding = duplicates[0];
    // The IPv4 loopback address of compose overlaps nginx's dual-stack [::]:8080.
    assert_eq!(finding.binding.as_ref().unwrap().address, "127.0.0.1");
    assert_eq!(finding.other.as_ref().unwrap().address, "::");
    assert_eq!(finding.related.as_ref().unwrap().line, 4);
    assert!(document.files.len() == 2);
}

#[test]
fn a_register_violation_is_an_error_and_suggest_picks_from_the_purpose() {
    let register = fixture("register/ports.toml");
    let directory = tempfile::tempdir().unwrap();
    // Keycloak's management port on the Fluvio SPU's allocation.
    let conf = write(
        directory.path(),
        "keycloak.conf",
        "health-enabled=true\nhttp-enabled=true\nhttp-port=8080\nhttp-management-port=9010\n",
    );
    let (document, code, output) = preflight(&[
        "--from",
        conf.to_str().unwrap(),
        "--register",
        register.to_str().unwrap(),
        "--offline",
    ]);
    assert_eq!(code, 1, "{}", stdout(&output));
    let register_findings = document.of_kind("register");
    let other = register_findings
        .iter()
        .find(|finding| finding.register.as_ref().unwrap()["kind"] == "allocated-to-other")
        .expect("9010 belongs to fluvio-spu");
    assert_eq!(other.severity, "error");
    assert_eq!(other.register.as_ref().unwrap()["service"], "fluvio-spu");
    assert_eq!(other.origin.line, 4);
    assert!(other.related.as_ref().unwrap().file.ends_with("ports.toml"));
    assert!(
        document
            .register
            .as_deref()
            .unwrap()
            .ends_with("ports.toml")
    );

    let output = portdoc(&[
        "suggest",
        "--purpose",
        "internal",
        "--register",
        register.to_str().unwrap(),
        "-n",
        "2",
    ]);
    assert_eq!(code_of(&output), 0, "{}", stderr(&output));
    let ports: Vec<u16> = stdout(&output)
        .lines()
        .map(|line| line.parse().unwrap())
        .collect();
    // internal is 9101-9200; nothing there is allocated.
    assert!(
        ports.iter().all(|port| (9101..=9200).contains(port)),
        "{ports:?}"
    );
    let unknown = portdoc(&[
        "suggest",
        "--purpose",
        "nope",
        "--register",
        register.to_str().unwrap(),
    ]);
    assert_eq!(code_of(&unknown), 2);
    assert!(stderr(&unknown).contains("public-api, internal, metrics"));
}

fn code_of(output: &Output) -> i32 {
    code(output)
}

#[test]
fn a_privileged_port_for_a_non_root_program_cannot_bind_exit_3() {
    let directory = tempfile::tempdir().unwrap();
    let manifest = write(
        directory.path(),
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: true\n  securityContext:\n    runAsUser: 1000\n  containers:\n    - name: web\n      image: nginx\n      ports:\n        - containerPort: 81\n",
    );
    let (document, code, output) = preflight(&["--from", manifest.to_str().unwrap(), "--offline"]);
    assert_eq!(code, 3, "{}", stdout(&output));
    let finding = &document.of_kind("privileged-port")[0];
    assert_eq!(finding.severity, "cannot-bind");
    assert_eq!(finding.runs_as.as_deref(), Some("1000"));
}

#[test]
fn node_ports_outside_the_range_and_ephemeral_host_ports_are_found() {
    require_root!();
    in_private_netns(|| {
        std::fs::write("/proc/sys/net/ipv4/ip_local_port_range", "40000 50000").unwrap();
        let directory = tempfile::tempdir().unwrap();
        let manifest = write(
            directory.path(),
            "svc.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 8080\n",
        );
        let compose = write(
            directory.path(),
            "compose.yml",
            "services:\n  api:\n    image: api\n    ports:\n      - \"45000:8000\"\n",
        );
        let (document, code, output) = preflight(&[
            "--from",
            manifest.to_str().unwrap(),
            "--from",
            compose.to_str().unwrap(),
        ]);
        assert_eq!(code, 1, "{}", stdout(&output));
        let range = &document.of_kind("node-port-range")[0];
        assert_eq!((range.first, range.last), (Some(30000), Some(32767)));
        let ephemeral = &document.of_kind("ephemeral-range")[0];
        assert_eq!(ephemeral.severity, "warning");
        assert_eq!(ephemeral.binding.as_ref().unwrap().port, 45000);
        assert_eq!(
            (ephemeral.first, ephemeral.last),
            (Some(40000), Some(50000))
        );
        let (wider, code, _) = preflight(&[
            "--from",
            manifest.to_str().unwrap(),
            "--node-port-range",
            "1-32767",
        ]);
        assert_eq!(code, 0, "{:#?}", wider.findings);
    });
}

#[test]
fn stdin_with_a_format_is_read_and_a_malformed_file_is_one_line_exit_2() {
    let output = portdoc_with_stdin(
        &[
            "check",
            "--json",
            "--from",
            "-",
            "--format",
            "compose",
            "--offline",
        ],
        "services:\n  web:\n    image: nginx\n    ports:\n      - \"18080:80\"\n",
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let document: PreflightDocument = parse_json(&stdout(&output));
    assert_eq!(document.files, vec!["-".to_string()]);
    assert_eq!(document.bindings[0].port, 18080);

    let directory = tempfile::tempdir().unwrap();
    let broken = write(
        directory.path(),
        "nginx.conf",
        "events {}\nhttp {\n  server {\n    listen 80\n  }\n",
    );
    let output = portdoc(&["check", "--from", broken.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(output.stdout.is_empty(), "nothing is reported as checked");
    let error = stderr(&output);
    assert_eq!(error.lines().count(), 1, "{error}");
    assert!(error.contains("nginx.conf:"), "{error}");

    let unknown = portdoc_with_stdin(&["check", "--from", "-"], "just some words\n");
    assert_eq!(code(&unknown), 2);
    assert_eq!(stderr(&unknown).lines().count(), 1);
    let binary = portdoc_with_stdin_bytes(
        &["check", "--from", "-", "--format", "nginx"],
        b"listen \xff;\n",
    );
    assert_eq!(code(&binary), 2);
    for args in [
        vec!["check", "--from", "x.conf", "80"],
        vec!["check", "--format", "nginx", "80"],
        vec!["check", "--from", "x.conf", "--format", "yaml"],
        vec!["check"],
    ] {
        let output = portdoc(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert_eq!(stderr(&output).lines().count(), 1, "{args:?}");
    }
}
