//! Carrying out the plans of `free`: hold every planned process (pidfd and start time)
//! right after the scan, signal the leaders, then their followers once a leader is gone,
//! escalate to SIGKILL only when asked, and poll the port with `check`'s verdict until it
//! binds or the time runs out.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::act::plan::PortPlan;
use crate::model::{Signal, Target};
use crate::source::{self, Opened, ProcessHandle};
use crate::verdict::{PortStatus, PortVerdict};

/// How to act.
#[derive(Debug, Clone)]
pub struct ActOptions {
    /// How long to wait, from the first signal, for every port to bind.
    pub timeout: Duration,
    /// Send SIGKILL to what is still alive this long after the first signal.
    pub kill_after: Option<Duration>,
    /// Time between polls of the ports.
    pub poll_interval: Duration,
}

/// One planned process, held or found gone.
#[derive(Debug)]
struct HeldProcess {
    pid: u32,
    name: String,
    signal: Signal,
    /// For a follower: its leader's pid.
    leader: Option<u32>,
    handle: Option<ProcessHandle>,
    /// Why there is no handle: `gone` or `replaced`.
    missing: Option<DeliveryResult>,
    signalled: bool,
    killed: bool,
}

/// Every planned process, held right after the scan, before any confirmation: a pid reused
/// while the user reads the plan is never signalled.
#[derive(Debug, Default)]
pub struct Holds {
    targets: Vec<HeldProcess>,
}

impl Holds {
    /// Whether every held process is known to be race-free (pidfd).
    pub fn race_free(&self) -> bool {
        self.targets
            .iter()
            .filter_map(|target| target.handle.as_ref())
            .all(ProcessHandle::race_free)
    }
}

/// What a signal did, as the report says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliveryResult {
    /// The kernel delivered it.
    Sent,
    /// The process had exited already; nothing was sent.
    Gone,
    /// Its pid names another process since the scan; nothing was sent.
    Replaced,
    /// EPERM.
    NotPermitted,
    /// Another errno.
    Failed(String),
}

/// One signal sent, or not sent and why.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub pid: u32,
    pub name: String,
    pub signal: Signal,
    /// Milliseconds after the first signal.
    pub after_ms: u64,
    pub result: DeliveryResult,
    /// True for a follower signalled because it outlived its leader, or for the SIGKILL of
    /// `--kill-after`.
    pub escalation: bool,
}

/// What acting did.
#[derive(Debug, Default)]
pub struct Execution {
    pub deliveries: Vec<Delivery>,
    /// When each port first bound, in milliseconds after the first signal.
    pub freed_after_ms: HashMap<Target, u64>,
    /// How long portdoc waited after the first signal.
    pub waited_ms: u64,
}

/// Holds every process of the actionable plans.
pub fn hold(plans: &[PortPlan]) -> Holds {
    let mut holds = Holds::default();
    for plan in plans.iter().filter(|plan| plan.actionable()) {
        let members = plan
            .signal
            .iter()
            .map(|planned| (&planned.process, planned.signal, None))
            .chain(
                plan.follow
                    .iter()
                    .map(|follower| (&follower.process, plan_signal(plan), Some(follower.leader))),
            );
        for (process, signal, leader) in members {
            if holds.targets.iter().any(|known| known.pid == process.pid) {
                continue;
            }
            let (handle, missing) = match process
                .start_ticks
                .map(|ticks| source::open_process(process.pid, ticks))
            {
                Some(Opened::Handle(handle)) => (Some(handle), None),
                Some(Opened::Replaced) => (None, Some(DeliveryResult::Replaced)),
                Some(Opened::Gone) | None => (None, Some(DeliveryResult::Gone)),
            };
            holds.targets.push(HeldProcess {
                pid: process.pid,
                name: process.name.clone(),
                signal,
                leader,
                handle,
                missing,
                signalled: false,
                killed: false,
            });
        }
    }
    holds
}

fn plan_signal(plan: &PortPlan) -> Signal {
    plan.signal
        .first()
        .map_or(Signal::Term, |planned| planned.signal)
}

/// Signals, waits and polls. `poll` judges the given ports, like `check` without owners.
pub fn execute(
    plans: &[PortPlan],
    mut holds: Holds,
    options: &ActOptions,
    mut poll: impl FnMut(&[Target]) -> anyhow::Result<Vec<PortVerdict>>,
) -> anyhow::Result<Execution> {
    let ports: Vec<Target> = plans
        .iter()
        .filter(|plan| plan.actionable())
        .map(|plan| Target {
            protocol: plan.protocol,
            port: plan.port,
        })
        .collect();
    let mut execution = Execution::default();
    let started = Instant::now();
    let elapsed_ms = || started.elapsed().as_millis() as u64;
    for target in holds.targets.iter_mut() {
        if let Some(missing) = target.missing.clone() {
            execution.deliveries.push(Delivery {
                pid: target.pid,
                name: target.name.clone(),
                signal: target.signal,
                after_ms: 0,
                result: missing,
                escalation: false,
            });
        }
    }
    let mut last_exit: Option<Instant> = None;
    loop {
        // Leaders at once; followers once their leader has exited.
        let exited: Vec<u32> = holds
            .targets
            .iter()
            .filter(|target| target.handle.as_ref().is_none_or(ProcessHandle::has_exited))
            .map(|target| target.pid)
            .collect();
        for target in holds.targets.iter_mut() {
            let Some(handle) = &target.handle else {
                continue;
            };
            let due = match target.leader {
                None => true,
                Some(leader) => exited.contains(&leader),
            };
            if due && !target.signalled && !handle.has_exited() {
                let result = result_of(handle.send(Some(target.signal)));
                target.signalled = true;
                execution.deliveries.push(Delivery {
                    pid: target.pid,
                    name: target.name.clone(),
                    signal: target.signal,
                    after_ms: elapsed_ms(),
                    result,
                    escalation: target.leader.is_some(),
                });
            }
            let kill_due = options
                .kill_after
                .is_some_and(|after| started.elapsed() >= after);
            if kill_due && !target.killed && target.signal != Signal::Kill && !handle.has_exited() {
                let result = result_of(handle.send(Some(Signal::Kill)));
                target.killed = true;
                target.signalled = true;
                execution.deliveries.push(Delivery {
                    pid: target.pid,
                    name: target.name.clone(),
                    signal: Signal::Kill,
                    after_ms: elapsed_ms(),
                    result,
                    escalation: true,
                });
            }
        }
        let verdicts = poll(&ports)?;
        let mut busy = Vec::new();
        for verdict in &verdicts {
            let target = verdict.target();
            if matches!(verdict.status, PortStatus::Free | PortStatus::TimeWait) {
                execution
                    .freed_after_ms
                    .entry(target)
                    .or_insert_with(elapsed_ms);
            } else {
                execution.freed_after_ms.remove(&target);
                busy.push(verdict);
            }
        }
        if busy.is_empty() || started.elapsed() >= options.timeout {
            break;
        }
        let all_exited = holds
            .targets
            .iter()
            .all(|target| target.handle.as_ref().is_none_or(ProcessHandle::has_exited));
        if all_exited {
            let since = *last_exit.get_or_insert_with(Instant::now);
            // Everything signalled is gone and the port still does not bind: unless only
            // TIME_WAIT remains and expires before the timeout, waiting cannot help.
            let remaining = options.timeout.saturating_sub(started.elapsed());
            let helps = busy.iter().all(|verdict| {
                verdict.holders.iter().all(|holder| {
                    holder.socket.state == crate::model::SocketState::TimeWait
                        && holder
                            .socket
                            .expires_in_ms
                            .is_some_and(|left| Duration::from_millis(left) < remaining)
                })
            });
            if !helps && since.elapsed() >= Duration::from_secs(1) {
                break;
            }
        }
        let remaining = options.timeout.saturating_sub(started.elapsed());
        std::thread::sleep(options.poll_interval.min(remaining));
    }
    execution.waited_ms = elapsed_ms();
    Ok(execution)
}

fn result_of(delivery: source::Delivery) -> DeliveryResult {
    match delivery {
        source::Delivery::Sent => DeliveryResult::Sent,
        source::Delivery::Gone => DeliveryResult::Gone,
        source::Delivery::NotPermitted => DeliveryResult::NotPermitted,
        source::Delivery::Failed(errno) => DeliveryResult::Failed(errno),
    }
}

/// Whether this user may signal each process, as the kernel answers a null signal.
pub fn permissions<'a>(
    processes: impl IntoIterator<Item = &'a crate::model::Process>,
) -> HashMap<u32, bool> {
    let mut permitted = HashMap::new();
    for process in processes {
        permitted.entry(process.pid).or_insert_with(|| {
            match process
                .start_ticks
                .map(|ticks| source::open_process(process.pid, ticks))
            {
                Some(Opened::Handle(handle)) => {
                    !matches!(handle.send(None), source::Delivery::NotPermitted)
                }
                // Gone since the scan: nothing to refuse; acting will report it.
                _ => true,
            }
        });
    }
    permitted
}
