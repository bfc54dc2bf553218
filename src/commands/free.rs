//! `portdoc free`: one `check` snapshot with owners, a plan per port (signal, leave to the
//! parent, refuse), every planned process held by pidfd at once, confirmation, signals, and
//! `check`'s verdict polled until the ports bind or the time runs out.

use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

use crate::act::execute::{self, ActOptions, Execution};
use crate::act::plan::{self, PlanOptions, PortPlan};
use crate::act::report::{Ending, FreeReport, PortOutcome};
use crate::cli::{FreeArgs, OutputArgs};
use crate::commands::check::{self, CheckOptions};
use crate::exit::Status;
use crate::gather::management;
use crate::gather::snapshot::{self, Probing, Request};
use crate::model::Target;
use crate::render::{self, human};
use crate::verdict::{self, PortVerdict};

pub fn run(args: &FreeArgs, output: &OutputArgs) -> anyhow::Result<Status> {
    if let Some(kill_after) = args.kill_after
        && kill_after >= args.timeout
    {
        anyhow::bail!(
            "--kill-after ({}) must be shorter than --timeout ({}): SIGKILL is sent while portdoc still waits",
            crate::text::duration(kill_after.as_millis() as u64),
            crate::text::duration(args.timeout.as_millis() as u64)
        );
    }
    let targets = check::targets(&args.target);
    let check_options = CheckOptions {
        address: args.target.addr,
        strict: false,
        listening: false,
        backend: crate::backend(output.backend),
    };
    let rerun = crate::cli::invocation();
    let palette = human::Palette::new(render::color_enabled(output.color));

    let mut before = check::check_once(&targets, &check_options, true)?;
    check::attach_owners(&mut before, &rerun)?;
    let plan_options = PlanOptions {
        signal: args.signal,
        force: args.force,
        rerun_with_sudo: (!crate::source::is_privileged()).then(|| format!("sudo {rerun}")),
    };
    let plans: Vec<PortPlan> = before
        .ports
        .iter()
        .map(|verdict| plan_for(verdict, &plan_options))
        .collect();
    // Held now, before the user reads the plan: a pid reused meanwhile is never signalled.
    let holds = execute::hold(&plans);
    let race_free = holds.race_free();

    if !output.json {
        render::emit(&human::free_plan(&plans, args.dry_run, &palette))?;
    }
    let acting = !args.dry_run && plans.iter().any(PortPlan::actionable);
    let confirmed = acting && (args.yes || confirm(&plans)?);
    let execution = if confirmed {
        execute::execute(
            &plans,
            holds,
            &ActOptions {
                timeout: args.timeout,
                kill_after: args.kill_after,
                poll_interval: Duration::from_millis(50),
            },
            |ports| poll(ports, &check_options),
        )?
    } else {
        Execution::default()
    };
    let mut after = if confirmed {
        let mut after = check::check_once(&targets, &check_options, true)?;
        check::attach_owners(&mut after, &rerun)?;
        Some(after)
    } else {
        None
    };
    let mut report = FreeReport {
        ok: false,
        dry_run: args.dry_run,
        ports: Vec::new(),
        deliveries: execution.deliveries.clone(),
        race_free,
        waited_ms: execution.waited_ms,
        complete: before.complete && after.as_ref().is_none_or(|after| after.complete),
        warnings: before.warnings.clone(),
    };
    for plan in plans {
        let target = Target {
            protocol: plan.protocol,
            port: plan.port,
        };
        let verdict_after = after.as_mut().and_then(|after| {
            let index = after
                .ports
                .iter()
                .position(|verdict| verdict.target() == target)?;
            Some(after.ports.remove(index))
        });
        let ending = ending(&plan, args.dry_run, confirmed, verdict_after.as_ref());
        report.ports.push(PortOutcome {
            result: ending,
            freed_after_ms: execution.freed_after_ms.get(&target).copied(),
            after: verdict_after.filter(|_| plan.actionable()),
            plan,
        });
    }
    if let Some(after) = &after {
        for warning in &after.warnings {
            if !report.warnings.contains(warning) {
                report.warnings.push(warning.clone());
            }
        }
    }
    let status = report.exit_status();
    report.ok = status == Status::Success;
    render::output(output.json, &render::json::free(&report), || {
        human::free_outcome(&report, acting && !confirmed, &palette)
    })?;
    Ok(status)
}

/// The plan for one port, with the managers and permissions of its holders.
fn plan_for(verdict: &PortVerdict, options: &PlanOptions) -> PortPlan {
    let processes = || {
        verdict
            .holders
            .iter()
            .flat_map(|holder| holder.socket.processes.iter().map(|process| &**process))
    };
    let managers = management::managers(processes(), verdict.port);
    let permitted = execute::permissions(processes());
    plan::plan_port(verdict, &managers, &permitted, options)
}

/// How one port ended.
fn ending(plan: &PortPlan, dry_run: bool, confirmed: bool, after: Option<&PortVerdict>) -> Ending {
    if plan.already_free() {
        return Ending::AlreadyFree;
    }
    if !plan.refused.is_empty() {
        return Ending::Refused;
    }
    if !plan.actionable() {
        return if dry_run {
            Ending::WouldStayBusy
        } else {
            Ending::StillBusy
        };
    }
    if dry_run {
        return Ending::WouldFree;
    }
    if !confirmed {
        return Ending::Declined;
    }
    match after.map(|verdict| verdict.exit_status(false)) {
        Some(Status::Success) => Ending::Freed,
        _ => Ending::StillBusy,
    }
}

/// Asks on the terminal; without one, declines (the plan says to pass `--yes`).
fn confirm(plans: &[PortPlan]) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    let mut stderr = std::io::stderr().lock();
    write!(stderr, "{}", human::free_prompt(plans))?;
    stderr.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    let answer = answer.trim().to_ascii_lowercase();
    Ok(answer == "y" || answer == "yes")
}

/// A light verdict per port: the typical server's probe and the table, without owners.
fn poll(targets: &[Target], options: &CheckOptions) -> anyhow::Result<Vec<PortVerdict>> {
    let snapshot = snapshot::take(&Request {
        targets,
        address: options.address,
        probing: Probing::Typical,
        bound_everywhere: false,
        explain: false,
        backend: options.backend,
    })?;
    Ok(targets
        .iter()
        .map(|&target| {
            let sockets = snapshot.sockets_on(target);
            verdict::judge(&snapshot.facts(target, options.address, &sockets))
        })
        .collect())
}
