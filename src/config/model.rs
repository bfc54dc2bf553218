//! The plain data a configuration reader produces: where a program will bind, what its own
//! startup checks would reject, and what the reader could not resolve. No English here: the
//! renderers name every kind.

use std::net::IpAddr;
use std::path::PathBuf;

use serde::Serialize;

use crate::model::Protocol;

/// A configuration language portdoc reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Nginx,
    Apache,
    Haproxy,
    /// A docker compose file (`compose.yaml`, `docker-compose.yml`).
    Compose,
    /// Kubernetes manifests, one or more YAML documents.
    Kubernetes,
    /// A systemd `.socket` unit.
    SystemdSocket,
    /// Keycloak's `conf/keycloak.conf`.
    Keycloak,
    /// A Fluvio SPU: its `Spu`/`SpuGroup` resources or a `fluvio-run spu` command line.
    FluvioSpu,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Nginx,
        Format::Apache,
        Format::Haproxy,
        Format::Compose,
        Format::Kubernetes,
        Format::SystemdSocket,
        Format::Keycloak,
        Format::FluvioSpu,
    ];

    /// The name `--format` takes and the JSON carries.
    pub fn name(self) -> &'static str {
        match self {
            Format::Nginx => "nginx",
            Format::Apache => "apache",
            Format::Haproxy => "haproxy",
            Format::Compose => "compose",
            Format::Kubernetes => "kubernetes",
            Format::SystemdSocket => "systemd-socket",
            Format::Keycloak => "keycloak",
            Format::FluvioSpu => "fluvio-spu",
        }
    }

    /// The format a `--format` value names: the canonical name or a common alias
    /// (`httpd`, `docker-compose`, `k8s`, `systemd`, `fluvio`), case-insensitive.
    pub fn parse_name(name: &str) -> Option<Format> {
        let name = name.trim().to_ascii_lowercase();
        let format = match name.as_str() {
            "nginx" => Format::Nginx,
            "apache" | "apache2" | "httpd" => Format::Apache,
            "haproxy" => Format::Haproxy,
            "compose" | "docker-compose" | "docker" => Format::Compose,
            "kubernetes" | "k8s" | "kube" => Format::Kubernetes,
            "systemd-socket" | "systemd" | "socket" => Format::SystemdSocket,
            "keycloak" => Format::Keycloak,
            "fluvio-spu" | "fluvio" | "spu" => Format::FluvioSpu,
            _ => return None,
        };
        Some(format)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a binding, an issue or a skipped entry comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Origin {
    /// The file as the reader opened it (an included file names itself, not its includer).
    pub file: PathBuf,
    /// 1-based line of the directive or key.
    pub line: usize,
}

impl Origin {
    pub fn new(file: impl Into<PathBuf>, line: usize) -> Origin {
        Origin {
            file: file.into(),
            line,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// How the configuration makes the port bound on the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BindingKind {
    /// The program binds it itself (nginx `listen`, Apache `Listen`, HAProxy `bind`, a
    /// Keycloak or Fluvio port that the file sets).
    Listen,
    /// A published container port (compose `ports`, Kubernetes `hostPort`): the container
    /// runtime binds or forwards it on the host.
    HostPort,
    /// A declared `containerPort` of a pod on the host's network: the container's process
    /// binds it on the host.
    HostNetwork,
    /// A Kubernetes Service `nodePort`: kube-proxy forwards it on every node.
    NodePort,
    /// A systemd socket unit: systemd binds it before the service starts.
    SocketUnit,
    /// A port taken from the program's default because the configuration does not set it.
    Default,
}

impl BindingKind {
    pub fn name(self) -> &'static str {
        match self {
            BindingKind::Listen => "listen",
            BindingKind::HostPort => "host-port",
            BindingKind::HostNetwork => "host-network",
            BindingKind::NodePort => "node-port",
            BindingKind::SocketUnit => "socket-unit",
            BindingKind::Default => "default",
        }
    }

    /// Who calls `bind()`: the binding's `runs_as` is that process's user only for
    /// [`Binder::Program`].
    pub fn binder(self) -> Binder {
        match self {
            BindingKind::Listen | BindingKind::HostNetwork | BindingKind::Default => {
                Binder::Program
            }
            BindingKind::SocketUnit => Binder::Systemd,
            BindingKind::HostPort | BindingKind::NodePort => Binder::ContainerRuntime,
        }
    }
}

impl std::fmt::Display for BindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The process that calls `bind()` for a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Binder {
    /// The configured program, as the user it runs as.
    Program,
    /// systemd (PID 1, root), which hands the socket to the service.
    Systemd,
    /// The container runtime or kube-proxy (root): docker-proxy, a CNI portmap rule, a
    /// kube-proxy rule.
    ContainerRuntime,
}

/// One address, port and protocol a configuration will bind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Binding {
    /// `0.0.0.0` or `::` for wildcards.
    pub address: IpAddr,
    /// For IPv6 wildcards, whether the socket refuses IPv4 (`IPV6_V6ONLY`), when the format
    /// decides it; `None` for IPv4 and specific IPv6 addresses.
    pub v6only: Option<bool>,
    pub port: u16,
    pub protocol: Protocol,
    pub origin: Origin,
    pub kind: BindingKind,
    pub format: Format,
    /// What the binding serves: nginx `server_name`, HAProxy frontend, compose service,
    /// Kubernetes `Kind namespace/name`, systemd socket unit, ...
    pub service: Option<String>,
    /// The user the serving program runs as when the configuration says (systemd `User=`
    /// of the activated service, compose `user:`, Kubernetes `runAsUser`). Only for
    /// [`Binder::Program`] kinds is this the user that calls `bind()`.
    pub runs_as: Option<String>,
    /// Bindings with the same group and the same address, port and protocol share ONE
    /// socket by design (nginx server blocks on one `listen`), so they are not duplicates.
    pub socket_group: Option<String>,
    /// The socket sets `SO_REUSEPORT`.
    pub reuseport: bool,
}

impl Binding {
    /// A binding with the optional fields empty.
    pub fn new(
        address: IpAddr,
        port: u16,
        protocol: Protocol,
        origin: Origin,
        kind: BindingKind,
        format: Format,
    ) -> Binding {
        Binding {
            address,
            v6only: None,
            port,
            protocol,
            origin,
            kind,
            format,
            service: None,
            runs_as: None,
            socket_group: None,
            reuseport: false,
        }
    }
}

/// A problem the format's own program reports when it loads this configuration (it refuses
/// to start), or a silent misbehaviour it does not report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigIssue {
    pub origin: Origin,
    pub kind: ConfigIssueKind,
    /// The offending directive, as written.
    pub text: String,
    /// The earlier directive it clashes with, when there is one.
    pub related: Option<Origin>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfigIssueKind {
    /// nginx: the same `listen` twice in one `server` block ("a duplicate listen").
    DuplicateListen,
    /// nginx: two `default_server` for one address:port.
    DuplicateDefaultServer,
    /// nginx: socket options (`backlog`, `reuseport`, `bind`, `ipv6only`, ...) given for
    /// one address:port in two places ("duplicate listen options").
    DuplicateListenOptions,
    /// nginx stream/mail: two `server` blocks on one address:port ("duplicate address and
    /// port pair").
    DuplicateAddressPortPair,
    /// nginx stream/mail: a `server` block without `listen`.
    MissingListen,
    /// nginx: a `listen` parameter nginx rejects in this context (`udp` in `http`, ...).
    InvalidListenParameter,
    /// Apache: two `Listen` lines for the same address and port ("Cannot define multiple
    /// Listeners on the same IP:port").
    DuplicateListener,
    /// An include names a file that does not exist (nginx `include`, Apache `Include`).
    MissingInclude,
    /// Apache `Include` (not `IncludeOptional`) with a wildcard that matches no file.
    IncludeMatchedNothing,
    /// HAProxy: two `bind` lines on one address and port. HAProxy sets `SO_REUSEPORT`,
    /// both bind, and the kernel splits new connections between them.
    ReusePortSplit,
    /// HAProxy: two `bind` lines on overlapping addresses of one port (a wildcard and a
    /// specific address, the IPv4 wildcard and a dual-stack socket). Both bind thanks to
    /// `SO_REUSEPORT`, and the more specific one silently takes every connection it
    /// matches from the other.
    ReusePortShadow,
    /// Keycloak: neither HTTP nor HTTPS is enabled, so the server refuses to start.
    NoHttpListener,
}

impl ConfigIssueKind {
    pub fn name(self) -> &'static str {
        match self {
            ConfigIssueKind::DuplicateListen => "duplicate-listen",
            ConfigIssueKind::DuplicateDefaultServer => "duplicate-default-server",
            ConfigIssueKind::DuplicateListenOptions => "duplicate-listen-options",
            ConfigIssueKind::DuplicateAddressPortPair => "duplicate-address-port-pair",
            ConfigIssueKind::MissingListen => "missing-listen",
            ConfigIssueKind::InvalidListenParameter => "invalid-listen-parameter",
            ConfigIssueKind::DuplicateListener => "duplicate-listener",
            ConfigIssueKind::MissingInclude => "missing-include",
            ConfigIssueKind::IncludeMatchedNothing => "include-matched-nothing",
            ConfigIssueKind::ReusePortSplit => "reuseport-split",
            ConfigIssueKind::ReusePortShadow => "reuseport-shadow",
            ConfigIssueKind::NoHttpListener => "no-http-listener",
        }
    }
}

/// An entry that names a socket portdoc does not check, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub origin: Origin,
    pub reason: SkipReason,
    /// The entry as written.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// A unix-domain socket path, abstract socket or other non-IP endpoint.
    NotAnIpSocket,
    /// A variable (`${PORT}`) with no default, whose value is known only at deploy time.
    UnresolvedVariable,
    /// A host name other than `localhost`, resolved by the program at startup.
    HostName,
    /// The runtime picks the host port (compose `"80"`, a Service without `nodePort`, a
    /// host port range for one container port).
    RuntimeChosenPort,
    /// compose `network_mode: host`: Docker ignores `ports`.
    PortsIgnoredOnHostNetwork,
    /// A protocol portdoc does not model (SCTP, sequential-packet sockets).
    UnsupportedProtocol,
    /// A port on the pod network, not on the host (Fluvio `SpuGroup` pods).
    PodNetworkOnly,
    /// Keycloak: a port set for an interface that this configuration leaves off (HTTPS
    /// without a certificate, the management port without health or metrics).
    InterfaceDisabled,
}

impl SkipReason {
    pub fn name(self) -> &'static str {
        match self {
            SkipReason::NotAnIpSocket => "not-an-ip-socket",
            SkipReason::UnresolvedVariable => "unresolved-variable",
            SkipReason::HostName => "host-name",
            SkipReason::RuntimeChosenPort => "runtime-chosen-port",
            SkipReason::PortsIgnoredOnHostNetwork => "ports-ignored-on-host-network",
            SkipReason::UnsupportedProtocol => "unsupported-protocol",
            SkipReason::PodNetworkOnly => "pod-network-only",
            SkipReason::InterfaceDisabled => "interface-disabled",
        }
    }
}

/// Everything read from one configuration (a main file and what it includes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    pub bindings: Vec<Binding>,
    pub issues: Vec<ConfigIssue>,
    pub skipped: Vec<Skipped>,
    /// Every file read, the main file first, then includes in the order they were read.
    pub files: Vec<PathBuf>,
}

impl Extraction {
    pub(crate) fn skip(&mut self, origin: Origin, reason: SkipReason, text: impl Into<String>) {
        self.skipped.push(Skipped {
            origin,
            reason,
            text: text.into(),
        });
    }

    pub(crate) fn issue(
        &mut self,
        origin: Origin,
        kind: ConfigIssueKind,
        text: impl Into<String>,
        related: Option<Origin>,
    ) {
        self.issues.push(ConfigIssue {
            origin,
            kind,
            text: text.into(),
            related,
        });
    }
}
