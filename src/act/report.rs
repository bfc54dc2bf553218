//! What `free` did, per port and in all: the plan, the result, the verdict after.

use serde::Serialize;

use crate::act::execute::Delivery;
use crate::act::plan::PortPlan;
use crate::exit::Status;
use crate::verdict::PortVerdict;

/// How freeing one port ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ending {
    /// A typical server could bind it before portdoc did anything.
    AlreadyFree,
    /// It binds now.
    Freed,
    /// It still does not bind: after the timeout, or with nothing portdoc may signal
    /// (TIME_WAIT, client connections).
    StillBusy,
    /// A holder is managed, another user's or hidden, or nothing holds it: nothing signalled.
    Refused,
    /// The user did not confirm (or could not: no terminal and no `--yes`).
    Declined,
    /// `--dry-run`: the plan would act.
    WouldFree,
    /// `--dry-run`: nothing portdoc may signal would free it.
    WouldStayBusy,
}

impl Ending {
    pub fn exit_status(self) -> Status {
        match self {
            Ending::AlreadyFree | Ending::Freed | Ending::WouldFree => Status::Success,
            Ending::StillBusy | Ending::WouldStayBusy => Status::Failure,
            Ending::Refused | Ending::Declined => Status::Refused,
        }
    }
}

/// One port: the plan, how it ended, and `check`'s verdict after acting. (`render::json`
/// writes it out, with the verdict's notes.)
#[derive(Debug, Clone)]
pub struct PortOutcome {
    pub plan: PortPlan,
    pub result: Ending,
    /// Milliseconds from the first signal until the port bound.
    pub freed_after_ms: Option<u64>,
    /// The verdict after acting (`null` when nothing was done).
    pub after: Option<PortVerdict>,
}

/// The whole run.
#[derive(Debug, Clone)]
pub struct FreeReport {
    /// True when the exit status is 0.
    pub ok: bool,
    pub dry_run: bool,
    pub ports: Vec<PortOutcome>,
    /// Every signal sent (or found unnecessary), in order.
    pub deliveries: Vec<Delivery>,
    /// Whether every process was held through a pidfd (no pid-reuse race at all).
    pub race_free: bool,
    /// Milliseconds portdoc waited after the first signal.
    pub waited_ms: u64,
    pub complete: bool,
    pub warnings: Vec<String>,
}

impl FreeReport {
    pub fn exit_status(&self) -> Status {
        self.ports
            .iter()
            .map(|port| port.result.exit_status())
            .fold(Status::Success, Status::merge)
    }
}
