//! The JSON contract as types with `deny_unknown_fields`: a renamed, dropped or undocumented
//! key fails these tests. Keep in step with docs/json.md.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhoDocument {
    pub host: String,
    pub sockets: Vec<SocketRecord>,
    pub complete: bool,
    pub warnings: Vec<String>,
    pub other_netns: Vec<SocketRecord>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocketRecord {
    pub protocol: String,
    pub family: String,
    pub local_address: String,
    pub local_port: u16,
    pub remote_address: Option<String>,
    pub remote_port: Option<u16>,
    pub state: String,
    pub inode: u64,
    pub uid: Option<u32>,
    pub user: Option<String>,
    pub expires_in_ms: Option<u64>,
    pub recv_queue: Option<u32>,
    pub send_queue: Option<u32>,
    pub v6only: Option<bool>,
    pub matched_by: String,
    pub processes: Vec<ProcessRecord>,
    pub owner_visible: bool,
    pub netns: Option<NetnsRecord>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NetnsRecord {
    pub inode: u64,
    pub name: Option<String>,
    pub current: bool,
    pub container: Option<ContainerRecord>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessRecord {
    pub pid: u32,
    pub ppid: u32,
    pub name: String,
    pub cmdline: String,
    pub user: Option<String>,
    pub uid: Option<u32>,
    pub exe: Option<String>,
    pub started_at: Option<String>,
    pub systemd_unit: Option<String>,
    pub systemd_user_unit: bool,
    pub container: Option<ContainerRecord>,
    pub forwarder: Option<ForwarderRecord>,
    pub open_fds: Option<u32>,
    pub fd_limit: Option<u64>,
    pub fd_limit_hard: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContainerRecord {
    pub runtime: String,
    pub id: Option<String>,
    pub pod_uid: Option<String>,
    pub name: Option<String>,
    pub pod_namespace: Option<String>,
    pub pod_name: Option<String>,
    pub pod_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ForwarderRecord {
    pub kind: String,
    pub target: Option<String>,
    pub container: Option<String>,
    pub container_id: Option<String>,
    pub runtime: Option<String>,
    pub pod_name: Option<String>,
    pub pod_id: Option<String>,
    pub published: Vec<PublishedRecord>,
    pub target_source: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PublishedRecord {
    pub protocol: String,
    pub host_address: Option<String>,
    pub host_port: u16,
    pub target: Option<String>,
}

impl WhoDocument {
    /// Sockets on `port` that hold it locally.
    pub fn on_port(&self, port: u16) -> Vec<&SocketRecord> {
        self.sockets
            .iter()
            .filter(|socket| socket.local_port == port && socket.matched_by == "local_port")
            .collect()
    }
}

impl SocketRecord {
    /// The namespace, which Linux always reports.
    pub fn namespace(&self) -> &NetnsRecord {
        self.netns
            .as_ref()
            .expect("Linux reports every socket's network namespace")
    }

    pub fn pids(&self) -> Vec<u32> {
        self.processes.iter().map(|process| process.pid).collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDocument {
    pub ok: bool,
    pub ports: Vec<PortRecord>,
    pub complete: bool,
    pub waited_ms: u64,
    pub warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortRecord {
    pub port: u16,
    pub protocol: String,
    pub address: String,
    pub status: String,
    pub holders: Vec<HolderRecord>,
    pub time_wait: usize,
    pub time_wait_expires_in_ms: Option<u64>,
    pub binds: Vec<BindRecord>,
    pub probes: Vec<ProbeRecord>,
    pub ephemeral: bool,
    pub reasons: Vec<serde_json::Value>,
    pub notes: Vec<String>,
}

impl PortRecord {
    /// The `kind` of every reason, in order.
    pub fn reason_kinds(&self) -> Vec<&str> {
        self.reasons
            .iter()
            .map(|reason| reason["kind"].as_str().expect("every reason has a kind"))
            .collect()
    }

    /// The result of the probes of a profile, e.g. `["EADDRINUSE", "EADDRINUSE"]`.
    pub fn results_of(&self, profile: &str) -> Vec<&str> {
        self.probes
            .iter()
            .filter(|probe| probe.profile == profile)
            .map(|probe| probe.result.as_str())
            .collect()
    }
}

/// A socket that stands in the way, with the profiles it stops (`check` only).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolderRecord {
    pub protocol: String,
    pub family: String,
    pub local_address: String,
    pub local_port: u16,
    pub remote_address: Option<String>,
    pub remote_port: Option<u16>,
    pub state: String,
    pub inode: u64,
    pub uid: Option<u32>,
    pub user: Option<String>,
    pub expires_in_ms: Option<u64>,
    pub recv_queue: Option<u32>,
    pub send_queue: Option<u32>,
    pub v6only: Option<bool>,
    pub matched_by: String,
    pub processes: Vec<ProcessRecord>,
    pub owner_visible: bool,
    pub netns: Option<NetnsRecord>,
    pub blocks: Vec<String>,
}

impl HolderRecord {
    pub fn pids(&self) -> Vec<u32> {
        self.processes.iter().map(|process| process.pid).collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeRecord {
    pub profile: String,
    pub address: String,
    pub dual_stack: bool,
    pub result: String,
    pub as_uid: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindRecord {
    pub address: String,
    pub outcome: serde_json::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestDocument {
    pub ports: Vec<u16>,
}

impl CheckDocument {
    pub fn port(&self, port: u16) -> &PortRecord {
        self.ports
            .iter()
            .find(|record| record.port == port)
            .unwrap_or_else(|| panic!("port {port} not in {self:?}"))
    }
}

/// `explain --json`: the reports, always a list, and the failures left out.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainEnvelope {
    pub reports: Vec<ExplainDocument>,
    pub omitted: usize,
}

impl ExplainEnvelope {
    /// The one report of a single subject.
    pub fn single(self) -> ExplainDocument {
        assert_eq!(self.reports.len(), 1, "{:#?}", self.reports);
        self.reports.into_iter().next().unwrap()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainDocument {
    pub subject: SubjectRecord,
    pub status: Option<String>,
    pub probes: Vec<ProbeRecord>,
    pub reasons: Vec<serde_json::Value>,
    pub findings: Vec<FindingRecord>,
    pub sockets: Vec<SocketRecord>,
    pub other_netns: Vec<SocketRecord>,
    pub complete: bool,
    pub warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectRecord {
    pub port: Option<u16>,
    pub protocol: String,
    pub protocol_named: bool,
    pub address: Option<String>,
    pub host: Option<String>,
    pub error: Option<String>,
    pub source: String,
    pub line: Option<String>,
    pub program: Option<String>,
    pub platform: Option<String>,
    pub operation: Option<String>,
    pub endpoint: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingRecord {
    pub rule: String,
    pub severity: String,
    pub summary: String,
    pub detail: String,
    pub fixes: Vec<String>,
    pub holder_pid: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleRecord {
    pub id: String,
    pub severity: String,
    pub detects: String,
    pub origin: String,
}

impl ExplainDocument {
    /// The finding of a rule; panics with every finding when it is missing.
    pub fn finding(&self, rule: &str) -> &FindingRecord {
        self.findings
            .iter()
            .find(|finding| finding.rule == rule)
            .unwrap_or_else(|| panic!("no {rule} finding in {:#?}", self.findings))
    }

    pub fn has(&self, rule: &str) -> bool {
        self.findings.iter().any(|finding| finding.rule == rule)
    }
}

/// `free --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeDocument {
    pub ok: bool,
    pub dry_run: bool,
    pub ports: Vec<FreePortRecord>,
    pub deliveries: Vec<DeliveryRecord>,
    pub race_free: bool,
    pub waited_ms: u64,
    pub complete: bool,
    pub warnings: Vec<String>,
}

impl FreeDocument {
    pub fn single(&self) -> &FreePortRecord {
        assert_eq!(self.ports.len(), 1, "{self:#?}");
        &self.ports[0]
    }

    /// Pids that a signal reached, with the signal: `(pid, "SIGTERM")`.
    pub fn sent(&self) -> Vec<(u32, &str)> {
        self.deliveries
            .iter()
            .filter(|delivery| delivery.result == "sent")
            .map(|delivery| (delivery.pid, delivery.signal.as_str()))
            .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreePortRecord {
    pub port: u16,
    pub protocol: String,
    pub address: String,
    pub status: String,
    pub signal: Vec<PlannedRecord>,
    pub follow: Vec<FollowerRecord>,
    pub refused: Vec<RefusalRecord>,
    pub untouched: Vec<UntouchedRecord>,
    pub result: String,
    pub freed_after_ms: Option<u64>,
    pub after: Option<PortRecord>,
}

impl FreePortRecord {
    pub fn planned_pids(&self) -> Vec<u32> {
        self.signal
            .iter()
            .map(|planned| planned.process.pid)
            .collect()
    }

    pub fn untouched(&self, kind: &str) -> Option<&UntouchedRecord> {
        self.untouched.iter().find(|entry| entry.kind == kind)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedRecord {
    pub process: ProcessRecord,
    pub signal: String,
    pub sockets: Vec<String>,
    pub overriding: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowerRecord {
    pub process: ProcessRecord,
    pub leader: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalRecord {
    pub kind: String,
    pub pids: Vec<u32>,
    pub names: Vec<String>,
    pub manager: Option<serde_json::Value>,
    pub command: Option<String>,
    pub sockets: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UntouchedRecord {
    pub kind: String,
    pub count: usize,
    pub blocking: bool,
    pub pids: Vec<u32>,
    pub expires_in_ms: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryRecord {
    pub pid: u32,
    pub name: String,
    pub signal: String,
    pub after_ms: u64,
    pub result: serde_json::Value,
    pub escalation: bool,
}

/// `check --from --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreflightDocument {
    pub ok: bool,
    pub files: Vec<String>,
    pub bindings: Vec<BindingRecord>,
    pub skipped: Vec<SkippedRecord>,
    pub findings: Vec<PreflightFindingRecord>,
    pub register: Option<String>,
    pub live: bool,
    pub complete: bool,
    pub warnings: Vec<String>,
}

impl PreflightDocument {
    /// The findings of a kind, e.g. `in-use`.
    pub fn of_kind(&self, kind: &str) -> Vec<&PreflightFindingRecord> {
        self.findings
            .iter()
            .filter(|finding| finding.kind == kind)
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OriginRecord {
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingRecord {
    pub address: String,
    pub v6only: Option<bool>,
    pub port: u16,
    pub protocol: String,
    pub origin: OriginRecord,
    pub kind: String,
    pub format: String,
    pub service: Option<String>,
    pub runs_as: Option<String>,
    pub socket_group: Option<String>,
    pub reuseport: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkippedRecord {
    pub origin: OriginRecord,
    pub reason: String,
    pub text: String,
}

/// One finding: the common keys, then the keys of its kind (absent for other kinds).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreflightFindingRecord {
    pub severity: String,
    pub origin: OriginRecord,
    pub binding: Option<BindingRecord>,
    pub kind: String,
    pub related: Option<OriginRecord>,
    pub other: Option<BindingRecord>,
    pub issue: Option<String>,
    pub text: Option<String>,
    pub status: Option<String>,
    pub holders: Option<Vec<HolderRecord>>,
    pub runs_as: Option<String>,
    pub unprivileged_port_start: Option<u16>,
    pub first: Option<u16>,
    pub last: Option<u16>,
    pub protected_by: Option<String>,
    pub register: Option<serde_json::Value>,
}

impl PreflightFindingRecord {
    pub fn holder_pids(&self) -> Vec<u32> {
        self.holders
            .iter()
            .flatten()
            .flat_map(|holder| holder.pids())
            .collect()
    }
}

/// One line of `watch --json`: every event has its `time` and its `event` kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case", deny_unknown_fields)]
pub enum WatchEventRecord {
    Watching {
        time: String,
        targets: Vec<TargetRecord>,
        interval_ms: u64,
        full_read_interval_ms: u64,
        time_wait_threshold: usize,
        expected: Vec<String>,
    },
    State {
        time: String,
        protocol: String,
        port: u16,
        status: String,
        sockets: Vec<WatchedSocketRecord>,
        time_wait: usize,
        complete: bool,
    },
    SocketAppeared {
        time: String,
        protocol: String,
        port: u16,
        socket: SocketRecord,
        owner: String,
    },
    SocketGone {
        time: String,
        protocol: String,
        port: u16,
        socket: SocketRecord,
        seen_for_ms: u64,
    },
    SocketChanged {
        time: String,
        protocol: String,
        port: u16,
        socket: SocketRecord,
        previous_state: String,
    },
    HolderChanged {
        time: String,
        protocol: String,
        port: u16,
        socket: SocketRecord,
        owner: String,
        previous: Vec<ProcessRecord>,
    },
    Verdict {
        time: String,
        protocol: String,
        port: u16,
        status: String,
        previous_status: String,
    },
    AcceptQueueFull {
        time: String,
        protocol: String,
        port: u16,
        socket: SocketRecord,
        queued: u32,
        backlog: u32,
    },
    AcceptQueueCleared {
        time: String,
        protocol: String,
        port: u16,
        socket: SocketRecord,
        queued: u32,
        backlog: u32,
    },
    TimeWaitAbove {
        time: String,
        protocol: String,
        port: u16,
        count: usize,
        threshold: usize,
        last_expires_in_ms: Option<u64>,
    },
    TimeWaitBelow {
        time: String,
        protocol: String,
        port: u16,
        count: usize,
        threshold: usize,
    },
    UnexpectedHolder {
        time: String,
        protocol: String,
        port: u16,
        socket: SocketRecord,
        owner: String,
        processes: Vec<ProcessRecord>,
        expected: Vec<String>,
    },
    Warning {
        time: String,
        message: String,
    },
    Stopped {
        time: String,
        reason: String,
        events: u64,
        watched_ms: u64,
    },
}

/// A socket of `watch`'s `state` event: a socket record and how far its owner is known.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WatchedSocketRecord {
    pub protocol: String,
    pub family: String,
    pub local_address: String,
    pub local_port: u16,
    pub remote_address: Option<String>,
    pub remote_port: Option<u16>,
    pub state: String,
    pub inode: u64,
    pub uid: Option<u32>,
    pub user: Option<String>,
    pub expires_in_ms: Option<u64>,
    pub recv_queue: Option<u32>,
    pub send_queue: Option<u32>,
    pub v6only: Option<bool>,
    pub matched_by: String,
    pub processes: Vec<ProcessRecord>,
    pub owner_visible: bool,
    pub netns: Option<NetnsRecord>,
    pub owner: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TargetRecord {
    pub protocol: String,
    pub port: u16,
}

impl WatchEventRecord {
    /// The event's `time`.
    pub fn time(&self) -> &str {
        use WatchEventRecord::*;
        match self {
            Watching { time, .. }
            | State { time, .. }
            | SocketAppeared { time, .. }
            | SocketGone { time, .. }
            | SocketChanged { time, .. }
            | HolderChanged { time, .. }
            | Verdict { time, .. }
            | AcceptQueueFull { time, .. }
            | AcceptQueueCleared { time, .. }
            | TimeWaitAbove { time, .. }
            | TimeWaitBelow { time, .. }
            | UnexpectedHolder { time, .. }
            | Warning { time, .. }
            | Stopped { time, .. } => time,
        }
    }

    /// The socket the event is about, if any.
    pub fn socket(&self) -> Option<&SocketRecord> {
        use WatchEventRecord::*;
        match self {
            SocketAppeared { socket, .. }
            | SocketGone { socket, .. }
            | SocketChanged { socket, .. }
            | HolderChanged { socket, .. }
            | AcceptQueueFull { socket, .. }
            | AcceptQueueCleared { socket, .. }
            | UnexpectedHolder { socket, .. } => Some(socket),
            _ => None,
        }
    }
}
