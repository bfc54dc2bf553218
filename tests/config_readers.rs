//! The configuration readers on fixture files written the way real projects write them:
//! every binding, issue and skipped entry in a stable one-line form, compared with a
//! checked-in `.golden` file (`UPDATE_GOLDEN=1 cargo test --test config_readers` rewrites
//! them; review the diff). Malformed inputs give exactly one error at the right line, and
//! no input makes a reader panic.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use portdoc::config::register::{Register, findings};
use portdoc::config::{
    Binding, ConfigError, ConfigErrorKind, ConfigIssueKind, Extraction, Format, read_file,
    read_text,
};
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config")
}

fn fixture(relative: &str) -> PathBuf {
    fixtures().join(relative)
}

/// A path relative to the fixture directory, so golden files do not depend on checkouts.
fn shown(path: &Path) -> String {
    path.strip_prefix(fixtures())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn address(binding: &Binding) -> String {
    match binding.address {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// `0.0.0.0:80/tcp  listen  nginx.conf:12  service=example.com group=... reuseport`
fn binding_line(binding: &Binding) -> String {
    let stack = match binding.v6only {
        Some(true) => " v6only",
        Some(false) => " dual-stack",
        None => "",
    };
    let mut line = format!(
        "{}:{}/{}{stack}  {}  {}:{}",
        address(binding),
        binding.port,
        binding.protocol,
        binding.kind,
        shown(&binding.origin.file),
        binding.origin.line
    );
    if let Some(service) = &binding.service {
        let _ = write!(line, "  service={service}");
    }
    if let Some(user) = &binding.runs_as {
        let _ = write!(line, "  runs-as={user}");
    }
    if let Some(group) = &binding.socket_group {
        let group = group.replace(&format!("{}/", fixtures().display()), "");
        let _ = write!(line, "  group=\"{group}\"");
    }
    if binding.reuseport {
        line.push_str("  reuseport");
    }
    line
}

fn render(extraction: &Extraction) -> String {
    let mut text = String::new();
    for binding in &extraction.bindings {
        let _ = writeln!(text, "{}", binding_line(binding));
    }
    for issue in &extraction.issues {
        let _ = write!(
            text,
            "issue {}  {}:{}  {}",
            issue.kind.name(),
            shown(&issue.origin.file),
            issue.origin.line,
            issue.text
        );
        if let Some(related) = &issue.related {
            let _ = write!(text, "  related={}:{}", shown(&related.file), related.line);
        }
        text.push('\n');
    }
    for skipped in &extraction.skipped {
        let _ = writeln!(
            text,
            "skip {}  {}:{}  {}",
            skipped.reason.name(),
            shown(&skipped.origin.file),
            skipped.origin.line,
            skipped.text
        );
    }
    for file in &extraction.files {
        let _ = writeln!(text, "file {}", shown(file));
    }
    text
}

/// Compares with `NAME.golden` beside the fixtures, or rewrites it under UPDATE_GOLDEN.
fn assert_golden(name: &str, actual: &str) {
    let path = fixtures().join(format!("{name}.golden"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error} (run with UPDATE_GOLDEN=1)", path.display()));
    assert_eq!(
        expected,
        actual,
        "{} differs: run with UPDATE_GOLDEN=1 and review the diff",
        path.display()
    );
}

fn golden_read(relative: &str, format: Option<Format>, golden: &str) -> Extraction {
    let extraction =
        read_file(&fixture(relative), format).unwrap_or_else(|error| panic!("{relative}: {error}"));
    assert_golden(golden, &render(&extraction));
    extraction
}

fn error_of(relative: &str, format: Option<Format>) -> ConfigError {
    match read_file(&fixture(relative), format) {
        Ok(extraction) => panic!("{relative} read without error: {extraction:?}"),
        Err(error) => error,
    }
}

#[test]
fn nginx_debian_layout_with_includes_sites_enabled_and_stream() {
    let extraction = golden_read("nginx/debian/nginx.conf", None, "nginx/debian");
    assert!(extraction.issues.is_empty(), "{:?}", extraction.issues);
    assert!(
        !extraction
            .bindings
            .iter()
            .any(|binding| binding.port == 9999),
        "sites-available is not enabled"
    );
}

#[test]
fn nginx_reports_the_duplicates_nginx_itself_refuses() {
    let extraction = golden_read(
        "nginx/duplicate-listen/nginx.conf",
        Some(Format::Nginx),
        "nginx/duplicate-listen",
    );
    let kinds: Vec<ConfigIssueKind> = extraction.issues.iter().map(|issue| issue.kind).collect();
    assert_eq!(
        kinds,
        [
            ConfigIssueKind::DuplicateListen,
            ConfigIssueKind::DuplicateDefaultServer,
            ConfigIssueKind::DuplicateListenOptions,
        ]
    );
    assert_eq!(extraction.issues[0].origin.line, 13);
}

#[test]
fn apache_debian_layout_with_ifmodule_and_the_folded_ipv4_wildcard() {
    let extraction = golden_read("apache/debian/apache2.conf", None, "apache/debian");
    assert!(extraction.issues.is_empty(), "{:?}", extraction.issues);
}

#[test]
fn apache_reports_a_listen_given_twice() {
    let extraction = golden_read(
        "apache/duplicate/httpd.conf",
        Some(Format::Apache),
        "apache/duplicate",
    );
    assert_eq!(extraction.issues.len(), 1);
    assert_eq!(
        extraction.issues[0].kind,
        ConfigIssueKind::DuplicateListener
    );
}

#[test]
fn haproxy_frontends_ranges_prefixes_and_the_reuseport_split() {
    let extraction = golden_read("haproxy/haproxy.cfg", None, "haproxy/haproxy");
    let splits: Vec<usize> = extraction
        .issues
        .iter()
        .filter(|issue| issue.kind == ConfigIssueKind::ReusePortSplit)
        .map(|issue| issue.origin.line)
        .collect();
    assert_eq!(splits, [45]);
}

#[test]
fn compose_short_and_long_syntax_ranges_udp_and_host_network() {
    golden_read("compose/compose.yaml", None, "compose/compose");
}

#[test]
fn kubernetes_deployment_service_and_host_network_daemonset() {
    let extraction = golden_read("kubernetes/app.yaml", None, "kubernetes/app");
    let daemon_443 = extraction.bindings.iter().find(|binding| {
        binding.port == 443
            && binding.service.as_deref()
                == Some("DaemonSet ingress-nginx/ingress-nginx-controller")
    });
    assert!(daemon_443.is_some());
}

#[test]
fn kubernetes_list_with_pod_and_cronjob() {
    golden_read(
        "kubernetes/list.yaml",
        Some(Format::Kubernetes),
        "kubernetes/list",
    );
}

#[test]
fn systemd_socket_units_with_their_services() {
    golden_read("systemd/web.socket", None, "systemd/web");
    golden_read("systemd/dns.socket", None, "systemd/dns");
    golden_read("systemd/sshd.socket", None, "systemd/sshd");
}

#[test]
fn keycloak_management_port_moved_to_9010() {
    let extraction = golden_read("keycloak/conf/keycloak.conf", None, "keycloak/keycloak");
    assert!(
        extraction
            .bindings
            .iter()
            .any(|binding| binding.port == 9010)
    );
}

#[test]
fn fluvio_spu_from_its_systemd_unit_and_its_spu_resource() {
    let unit = golden_read("fluvio/fluvio-spu.service", None, "fluvio/fluvio-spu");
    assert!(unit.bindings.iter().any(|binding| binding.port == 9010));
    golden_read("fluvio/custom-spu.yaml", None, "fluvio/custom-spu");
}

#[test]
fn register_findings_for_keycloak_and_fluvio_on_one_host() {
    let register = Register::load(&fixture("register/ports.toml")).expect("register");
    let mut bindings = read_file(&fixture("keycloak/conf/keycloak.conf"), None)
        .expect("keycloak")
        .bindings;
    bindings.extend(
        read_file(&fixture("fluvio/fluvio-spu.service"), None)
            .expect("fluvio")
            .bindings,
    );
    let mut text = String::new();
    for finding in findings(&register, &bindings) {
        let binding = &bindings[finding.binding];
        let _ = write!(text, "{}  {}", finding.kind.name(), binding_line(binding));
        match &finding.kind {
            portdoc::config::register::RegisterFindingKind::AllocatedToOther { service, owner } => {
                let _ = write!(
                    text,
                    "  allocated-to={service} owner={}",
                    owner.as_deref().unwrap_or("-")
                );
            }
            portdoc::config::register::RegisterFindingKind::OutsidePurpose { purpose } => {
                let _ = write!(text, "  purpose={purpose}");
            }
            _ => {}
        }
        if let Some(origin) = &finding.register {
            let _ = write!(text, "  register={}:{}", shown(&origin.file), origin.line);
        }
        text.push('\n');
    }
    for purpose in ["public-api", "internal", "metrics"] {
        let free: Vec<String> = register
            .free_ranges(purpose)
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect();
        let _ = writeln!(text, "free {purpose} {}", free.join(","));
    }
    assert_golden("register/findings", &text);
}

/// One malformed file: exactly one error, of this kind, at this line.
fn assert_error(relative: &str, format: Option<Format>, kind: ConfigErrorKind, line: usize) {
    let error = error_of(relative, format);
    assert_eq!(
        (error.kind, error.line),
        (kind, Some(line)),
        "{relative}: {error}"
    );
    let message = error.to_string();
    assert!(!message.contains('\n'), "one line: {message:?}");
    assert!(message.contains(&format!(":{line}: ")), "{message}");
}

#[test]
fn an_unterminated_block_is_an_error_where_the_block_opens() {
    assert_error(
        "nginx/malformed/unterminated.conf",
        Some(Format::Nginx),
        ConfigErrorKind::UnterminatedBlock,
        3,
    );
}

#[test]
fn listen_99999_is_a_bad_port_at_its_line() {
    assert_error(
        "nginx/malformed/bad-port.conf",
        Some(Format::Nginx),
        ConfigErrorKind::BadPort,
        6,
    );
}

#[test]
fn an_include_cycle_is_an_error_at_the_include_that_closes_it() {
    let error = error_of("nginx/malformed/cycle/nginx.conf", None);
    assert_eq!(error.kind, ConfigErrorKind::IncludeCycle, "{error}");
    assert_eq!(shown(&error.file), "nginx/malformed/cycle/conf.d/loop.inc");
    assert_eq!(error.line, Some(3));
}

#[test]
fn binary_garbage_is_an_error_at_the_line_it_starts() {
    assert_error(
        "nginx/malformed/garbage.bin",
        Some(Format::Nginx),
        ConfigErrorKind::Binary,
        1,
    );
    assert_error(
        "nginx/malformed/garbage-after-text.conf",
        Some(Format::Nginx),
        ConfigErrorKind::Binary,
        3,
    );
    let error = error_of("nginx/malformed/garbage.bin", None);
    assert_eq!(error.kind, ConfigErrorKind::Binary);
}

#[test]
fn a_yaml_syntax_error_is_an_error_at_its_line() {
    let text =
        "services:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\n      - 443:443\n";
    let error = read_text(text, Path::new("compose.yaml"), None).unwrap_err();
    assert_eq!(error.kind, ConfigErrorKind::YamlSyntax, "{error}");
    assert_eq!(error.line, Some(5), "{error}");

    let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    ports: [{containerPort: 80, hostPort: 80}\n";
    let error = read_text(text, Path::new("pod.yaml"), Some(Format::Kubernetes)).unwrap_err();
    assert_eq!(error.kind, ConfigErrorKind::YamlSyntax, "{error}");
}

#[test]
fn bad_ports_are_errors_in_every_format() {
    let cases: [(&str, Format, usize); 8] = [
        ("http {\n server {\n  listen 0;\n }\n}\n", Format::Nginx, 3),
        ("Listen 80\nListen 70000\n", Format::Apache, 2),
        ("frontend a\n    bind :80,:66000\n", Format::Haproxy, 2),
        (
            "services:\n  a:\n    ports:\n      - \"99999:80\"\n",
            Format::Compose,
            4,
        ),
        (
            "kind: Pod\nspec:\n  containers:\n    - ports:\n        - containerPort: 80\n          hostPort: 123456\n",
            Format::Kubernetes,
            6,
        ),
        ("[Socket]\nListenStream=65536\n", Format::SystemdSocket, 2),
        ("http-enabled=true\nhttp-port=80800\n", Format::Keycloak, 2),
        ("fluvio-run spu -p 0.0.0.0:900100\n", Format::FluvioSpu, 1),
    ];
    for (text, format, line) in cases {
        let error = read_text(text, Path::new("stdin"), Some(format))
            .expect_err(&format!("{format}: {text}"));
        assert_eq!(error.kind, ConfigErrorKind::BadPort, "{format}: {error}");
        assert_eq!(error.line, Some(line), "{format}: {error}");
    }
}

#[test]
fn an_unknown_format_asks_for_one() {
    let error = read_text("hello\n", Path::new("notes.txt"), None).unwrap_err();
    assert_eq!(error.kind, ConfigErrorKind::UnknownFormat);
    assert_eq!(error.line, None);
}

#[test]
fn every_format_has_a_name_format_parses_back() {
    for format in Format::ALL {
        assert_eq!(Format::parse_name(format.name()), Some(format));
    }
    assert_eq!(Format::parse_name("k8s"), Some(Format::Kubernetes));
    assert_eq!(Format::parse_name("nope"), None);
}

/// Text that looks like configuration: the characters the readers treat specially.
fn config_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "listen",
        "server",
        "http",
        "{",
        "}",
        ";",
        " ",
        "\n",
        "\"",
        "'",
        "\\",
        "#",
        "80",
        ":",
        "[::]",
        "*",
        "include",
        "bind",
        "frontend",
        "Listen",
        "<IfModule x>",
        "</IfModule>",
        "ports:",
        "- ",
        "  ",
        "\"8080:80\"",
        "${PORT:-",
        "hostPort: ",
        "kind: Pod",
        "[Socket]",
        "ListenStream=",
        "=",
        "http-port",
        "fluvio-run spu -p",
        "&a",
        "*a",
        "<<: ",
        "---",
        "99999999999999999999",
        "-",
        "/udp",
        "unix:",
        "@",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_reader_panics_on_config_like_text(text in config_like()) {
        for format in Format::ALL {
            let _ = read_text(&text, Path::new("/nonexistent/fuzz.conf"), Some(format));
        }
        let _ = read_text(&text, Path::new("/nonexistent/fuzz.conf"), None);
        let _ = Register::parse(&text, Path::new("fuzz.toml"));
    }

    #[test]
    fn no_reader_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        for format in Format::ALL {
            let _ = read_text(&text, Path::new("/nonexistent/fuzz.conf"), Some(format));
        }
        let _ = Register::parse(&text, Path::new("fuzz.toml"));
    }
}

#[test]
fn deep_nesting_is_an_error_in_every_nesting_format() {
    let nginx = "a {".repeat(50_000) + &"}".repeat(50_000);
    let error = read_text(&nginx, Path::new("deep.conf"), Some(Format::Nginx)).unwrap_err();
    assert_eq!(error.kind, ConfigErrorKind::NestingTooDeep);
    let yaml = "- ".repeat(50_000) + "x";
    for format in [Format::Compose, Format::Kubernetes] {
        let error = read_text(&yaml, Path::new("deep.yaml"), Some(format)).unwrap_err();
        assert_eq!(error.kind, ConfigErrorKind::NestingTooDeep, "{format}");
    }
    let apache = "<IfModule a>\n".repeat(1000);
    let error = read_text(&apache, Path::new("deep.conf"), Some(Format::Apache)).unwrap_err();
    assert_eq!(error.kind, ConfigErrorKind::NestingTooDeep);
}

#[test]
fn huge_port_ranges_are_capped() {
    let mut text = String::from("frontend a\n");
    for index in 0..10 {
        let _ = writeln!(text, "    bind 127.0.0.{index}:1-65535");
    }
    let error = read_text(&text, Path::new("h.cfg"), Some(Format::Haproxy)).unwrap_err();
    assert_eq!(error.kind, ConfigErrorKind::TooManyBindings);
}
