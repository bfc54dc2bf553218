//! The verdict: from one snapshot's probes and socket table to a status per port, the typed
//! reasons behind it, and the sockets that block which server profile. Pure: no I/O, no prose.
//!
//! The probes decide; the table explains and never overrules them. When they disagree the
//! reason says so instead of guessing.

mod judge;
mod listening;
pub mod reason;

use std::net::IpAddr;

use serde::Serialize;

use crate::exit::Status;
use crate::gather::probe::{Probe, ProbeResult};
use crate::kernel::Profile;
use crate::model::{NetSettings, Protocol, Socket, Target};

pub use judge::judge;
pub use listening::judge_listening;
pub use reason::{ElsewhereHolder, Reason};

/// The answer for one port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "kebab-case")]
pub enum PortStatus {
    /// Every server profile binds.
    Free,
    /// A server with SO_REUSEADDR binds; one without fails because of TIME_WAIT sockets only.
    TimeWait,
    /// A typical server (with SO_REUSEADDR) fails with EADDRINUSE.
    InUse,
    /// The bind fails with EACCES (privileged port, security module) and nothing visible holds it.
    PermissionDenied,
    /// The bind fails with EADDRNOTAVAIL (the address is not on this host).
    AddressUnavailable,
    /// `--listening`: something listens on the port.
    Listening,
    /// `--listening`: nothing listens on the port.
    NotListening,
}

impl PortStatus {
    pub fn name(self) -> &'static str {
        match self {
            PortStatus::Free => "free",
            PortStatus::TimeWait => "time-wait",
            PortStatus::InUse => "in-use",
            PortStatus::PermissionDenied => "permission-denied",
            PortStatus::AddressUnavailable => "address-unavailable",
            PortStatus::Listening => "listening",
            PortStatus::NotListening => "not-listening",
        }
    }
}

impl std::fmt::Display for PortStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A socket that stands in the way, and the server profiles it stops.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct Holder {
    #[serde(flatten)]
    pub socket: Socket,
    /// The profiles this socket stops under the kernel's rules. For TIME_WAIT, bound-only and
    /// connected sockets, whose SO_REUSEADDR the kernel does not report, `reuseaddr` is
    /// included when the probes show that such a socket stopped it.
    pub blocks: Vec<Profile>,
}

/// What the kernel answered to a typical server's bind, in the shape of portdoc 0.1's `binds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct BindAttempt {
    /// The address bound (`::` is bound dual-stack).
    pub address: IpAddr,
    /// `bound`, `in-use`, `permission-denied`, `address-unavailable`, `family-unsupported`,
    /// or `{"failed": "<errno>"}`.
    pub outcome: BindOutcome,
}

/// The outcome names of `binds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "kebab-case")]
pub enum BindOutcome {
    Bound,
    InUse,
    PermissionDenied,
    AddressUnavailable,
    FamilyUnsupported,
    Failed(String),
}

impl From<&ProbeResult> for BindOutcome {
    fn from(result: &ProbeResult) -> BindOutcome {
        match result {
            ProbeResult::Bound => BindOutcome::Bound,
            ProbeResult::InUse => BindOutcome::InUse,
            ProbeResult::Denied => BindOutcome::PermissionDenied,
            ProbeResult::AddressUnavailable => BindOutcome::AddressUnavailable,
            ProbeResult::FamilyUnsupported => BindOutcome::FamilyUnsupported,
            ProbeResult::Other(name) => BindOutcome::Failed(name.clone()),
        }
    }
}

/// The verdict for one port.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct PortVerdict {
    pub port: u16,
    pub protocol: Protocol,
    /// The address a server would bind: `0.0.0.0` for the default wildcard check (which also
    /// binds `[::]` dual-stack), or the `--addr` given.
    pub address: IpAddr,
    pub status: PortStatus,
    /// Sockets that make a bind fail (or, when free, that remain on the port and matter),
    /// with owners once resolved.
    pub holders: Vec<Holder>,
    /// TIME_WAIT sockets on the port that overlap the address.
    pub time_wait: usize,
    /// When the last of them expires.
    pub time_wait_expires_in_ms: Option<u64>,
    /// The typical server's binds (kept from portdoc 0.1; `probes` has every profile).
    pub binds: Vec<BindAttempt>,
    /// Every probe: profile, address and the kernel's answer.
    pub probes: Vec<Probe>,
    /// The port lies in `net.ipv4.ip_local_port_range` and is not reserved.
    pub ephemeral: bool,
    /// Why, as typed reasons (the human notes are written from these).
    pub reasons: Vec<Reason>,
}

impl PortVerdict {
    /// A TCP verdict on the wildcard with only a status and holders, for other stages' tests.
    #[cfg(test)]
    pub(crate) fn for_tests(port: u16, status: PortStatus, holders: Vec<Holder>) -> PortVerdict {
        PortVerdict {
            port,
            protocol: Protocol::Tcp,
            address: IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
            status,
            holders,
            time_wait: 0,
            time_wait_expires_in_ms: None,
            binds: vec![],
            probes: vec![],
            ephemeral: false,
            reasons: vec![],
        }
    }

    pub fn target(&self) -> Target {
        Target {
            protocol: self.protocol,
            port: self.port,
        }
    }

    /// Whether any probe of a deciding profile met EADDRINUSE (what `--strict` fails on).
    pub fn any_profile_in_use(&self) -> bool {
        self.probes
            .iter()
            .any(|probe| probe.profile != Profile::ReusePort && probe.result == ProbeResult::InUse)
    }

    /// The exit status this port contributes.
    pub fn exit_status(&self, strict: bool) -> Status {
        match self.status {
            PortStatus::Free | PortStatus::Listening if strict && self.any_profile_in_use() => {
                Status::Failure
            }
            PortStatus::Free | PortStatus::Listening => Status::Success,
            PortStatus::TimeWait if strict => Status::Failure,
            PortStatus::TimeWait => Status::Success,
            PortStatus::InUse | PortStatus::NotListening => Status::Failure,
            PortStatus::PermissionDenied | PortStatus::AddressUnavailable => Status::CannotBind,
        }
    }

    /// Whether waiting can change the answer (`--wait` stops polling otherwise).
    pub fn may_change(&self) -> bool {
        self.status != PortStatus::PermissionDenied
    }
}

/// What the verdict reads about one port.
#[derive(Debug, Clone, Copy)]
pub struct PortFacts<'a> {
    pub target: Target,
    /// The address asked for (`--addr`); `None` = the wildcard, probed as `0.0.0.0` and `[::]`.
    pub address: Option<IpAddr>,
    /// The probes made for the port (none with `--listening`).
    pub probes: &'a [Probe],
    /// Every socket on the port in this network namespace, in every state.
    pub sockets: &'a [&'a Socket],
    pub settings: &'a NetSettings,
    /// Whether the kernel lists bound-only sockets here.
    pub bound_sockets_listed: bool,
}

/// The JSON document of `check --json` before the notes are written.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct CheckReport {
    /// True when the exit status is 0.
    pub ok: bool,
    pub ports: Vec<PortVerdict>,
    /// `false` when some owner could not be inspected.
    pub complete: bool,
    /// Milliseconds spent waiting (`--wait`), 0 otherwise.
    pub waited_ms: u64,
    pub warnings: Vec<String>,
}

impl CheckReport {
    /// The worst exit status over all ports.
    pub fn exit_status(&self, strict: bool) -> Status {
        self.ports
            .iter()
            .map(|port| port.exit_status(strict))
            .fold(Status::Success, Status::merge)
    }
}

/// Adds the reason that owners of some holders stayed hidden, once owners are resolved.
/// `rerun_with_sudo` is the command to repeat, `None` when portdoc already runs as root.
pub fn note_hidden_owners(verdict: &mut PortVerdict, rerun_with_sudo: Option<String>) {
    let hidden = verdict
        .holders
        .iter()
        .filter(|holder| !holder.socket.owner_visible)
        .count();
    if hidden > 0 {
        verdict.reasons.push(Reason::OwnersHidden {
            count: hidden,
            rerun_with_sudo,
        });
    }
}

/// Adds the sockets that hold a free port in other network namespaces.
pub fn note_other_netns(verdict: &mut PortVerdict, elsewhere: &[&Socket]) {
    if !matches!(verdict.status, PortStatus::Free | PortStatus::TimeWait) {
        return;
    }
    let holders: Vec<ElsewhereHolder> = elsewhere
        .iter()
        .filter(|socket| {
            socket.protocol == verdict.protocol
                && socket.local_port == verdict.port
                && socket.state != crate::model::SocketState::TimeWait
        })
        .filter_map(|socket| {
            Some(ElsewhereHolder {
                endpoint: socket.local_endpoint(),
                netns: socket.netns.as_deref()?.clone(),
            })
        })
        .collect();
    if !holders.is_empty() {
        verdict.reasons.push(Reason::OtherNetns { holders });
    }
}

#[cfg(test)]
mod tests;
