//! `free`, before acting: the plan (what will be signalled, left to a parent, refused and
//! why, left alone) and the confirmation question.

use std::fmt::Write as _;

use owo_colors::OwoColorize;

use super::*;
use crate::act::plan::{PortPlan, Refusal, RefusalKind};
use crate::act::untouched::{Untouched, UntouchedKind};
use crate::model::Manager;
use crate::text::duration;
use crate::verdict::PortStatus;

/// The plan, port by port.
pub fn free_plan(plans: &[PortPlan], dry_run: bool, palette: &Palette) -> String {
    let mut out = String::new();
    for plan in plans {
        let status_style = match plan.status {
            PortStatus::Free => palette.good,
            PortStatus::TimeWait => palette.warn,
            _ => palette.bad,
        };
        let _ = write!(
            out,
            "{}/{}  {}",
            plan.port,
            plan.protocol,
            plan.status.name().style(status_style)
        );
        if plan.already_free() {
            let _ = writeln!(
                out,
                "  {}",
                "a server can bind it: nothing to do".style(palette.dim)
            );
        } else {
            out.push('\n');
        }
        for planned in &plan.signal {
            let _ = writeln!(
                out,
                "  {}  {}  {}",
                format!("{:<8}", planned.signal.name()).style(palette.bad),
                process_words(&planned.process).style(palette.process),
                format!("holds {}", planned.sockets.join(", ")).style(palette.dim)
            );
            let _ = writeln!(
                out,
                "            {}",
                shorten(&sanitize(&planned.process.cmdline), CMDLINE_LIMIT).style(palette.dim)
            );
            if let Some(manager) = &planned.overriding {
                let _ = writeln!(
                    out,
                    "            {} {} (--force): {}",
                    "warning:".style(palette.warn),
                    manager_words(manager),
                    restart_warning(manager)
                );
            }
        }
        let mut followers: Vec<(u32, Vec<String>)> = Vec::new();
        for follower in &plan.follow {
            let label = process_label(&follower.process);
            match followers
                .iter_mut()
                .find(|(leader, _)| *leader == follower.leader)
            {
                Some((_, labels)) => labels.push(label),
                None => followers.push((follower.leader, vec![label])),
            }
        }
        for (leader, labels) in followers {
            let (shares, outlive) = if labels.len() == 1 {
                ("shares its sockets with its parent", "it outlives")
            } else {
                ("share their sockets with their parent", "they outlive")
            };
            let _ = writeln!(
                out,
                "  {}  {} {shares} {leader}: left to it, signalled only if {outlive} it",
                format!("{:<8}", "then").style(palette.dim),
                labels.join(", ")
            );
        }
        for refusal in &plan.refused {
            write_refusal(&mut out, plan, refusal, palette);
        }
        for untouched in &plan.untouched {
            write_untouched(&mut out, plan, untouched, palette);
        }
        if !plan.refused.is_empty() && !plan.signal.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                "nothing on this port is signalled while a holder is refused: it would not free the port"
                    .style(palette.dim)
            );
        } else if !plan.already_free() && plan.refused.is_empty() && plan.signal.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                "nothing to signal: no process holds a socket that stops a server"
                    .style(palette.dim)
            );
        }
    }
    if dry_run {
        let _ = writeln!(
            out,
            "{}",
            "dry run: nothing is signalled".style(palette.dim)
        );
    }
    out
}

/// `python3 (pid 4242, user root)`.
fn process_words(process: &Process) -> String {
    format!(
        "{} (pid {}, user {})",
        sanitize(&process.name),
        process.pid,
        sanitize(&crate::model::user_label(
            process.user.as_deref(),
            process.uid
        ))
    )
}

fn manager_words(manager: &Manager) -> String {
    match manager {
        Manager::SystemdService {
            unit,
            user_unit,
            restart,
            ..
        } => {
            let scope = if *user_unit {
                "user service"
            } else {
                "systemd service"
            };
            match restart.as_deref() {
                Some("no") => format!("{scope} {}", sanitize(unit)),
                Some(policy) => {
                    format!("{scope} {} (Restart={})", sanitize(unit), sanitize(policy))
                }
                None => format!("{scope} {} (unit file not found)", sanitize(unit)),
            }
        }
        Manager::SocketActivation { units, user_unit } => {
            let manager = if *user_unit {
                "a user's systemd"
            } else {
                "systemd (PID 1)"
            };
            if units.is_empty() {
                format!("{manager}, for socket activation")
            } else {
                format!(
                    "{manager}, for socket activation by {}",
                    sanitize(&units.join(", "))
                )
            }
        }
        Manager::Container { container } => sanitize(&container.to_string()).into_owned(),
        Manager::Forwarder { forwarder } => match &forwarder.container {
            Some(container) => format!(
                "{}, forwarding to container {}",
                sanitize(&forwarder.kind),
                sanitize(container)
            ),
            None => format!("{}, a container port forwarder", sanitize(&forwarder.kind)),
        },
        Manager::Supervisor { program, pid } => {
            format!(
                "supervisor {} (pid {pid}), which restarts it",
                sanitize(program)
            )
        }
        Manager::NamespaceInit => "PID 1 of its PID namespace (a container's init)".into(),
        Manager::HostInit => "PID 1 of this machine: stopping it stops the machine".into(),
    }
}

fn restart_warning(manager: &Manager) -> &'static str {
    match manager {
        Manager::SystemdService {
            restart: Some(policy),
            ..
        } if policy == "no" => "systemd will mark it failed; `systemctl stop` is cleaner",
        _ => "systemd may start it again; portdoc reports whether the port stays free",
    }
}

fn write_refusal(out: &mut String, plan: &PortPlan, refusal: &Refusal, palette: &Palette) {
    let who = if refusal.pids.is_empty() {
        refusal.sockets.join(", ")
    } else {
        let mut names: Vec<String> = Vec::new();
        for (name, pid) in refusal.names.iter().zip(&refusal.pids) {
            names.push(format!("{}[{pid}]", sanitize(name)));
        }
        names.join(", ")
    };
    let why = match refusal.kind {
        RefusalKind::Managed => match &refusal.manager {
            Some(manager) => format!("run by {}", manager_words(manager)),
            None => "managed".into(),
        },
        RefusalKind::NotPermitted => "another user's process: this user may not signal it".into(),
        RefusalKind::OwnerHidden => "its owner is hidden from this user".into(),
        RefusalKind::NoProcess => {
            "no process holds it: the kernel does (nfsd, lockd, a tunnel), or it was closing".into()
        }
        RefusalKind::NotHeld => format!(
            "nothing holds the port, yet binding fails ({}): signalling cannot help",
            plan.status
        ),
    };
    let _ = writeln!(
        out,
        "  {}  {}: {}",
        format!("{:<8}", "refused").style(palette.warn),
        who.style(palette.process),
        why
    );
    let instead = match (&refusal.command, refusal.kind) {
        (Some(command), _) => Some(sanitize(command).into_owned()),
        (None, RefusalKind::NotHeld) => {
            Some(format!("portdoc explain {}/{}", plan.port, plan.protocol))
        }
        (None, RefusalKind::NoProcess) => {
            Some(format!("portdoc who {}/{}", plan.port, plan.protocol))
        }
        (None, _) => None,
    };
    if let Some(instead) = instead {
        let _ = writeln!(
            out,
            "            instead: {}",
            instead.style(palette.heading)
        );
    }
}

fn write_untouched(out: &mut String, plan: &PortPlan, untouched: &Untouched, palette: &Palette) {
    let count = untouched.count;
    let plural = |one: &str, many: &str| {
        if count == 1 {
            format!("1 {one}")
        } else {
            format!("{count} {many}")
        }
    };
    let text = match untouched.kind {
        UntouchedKind::ClientConnection => {
            let pids: Vec<String> = untouched.pids.iter().map(u32::to_string).collect();
            format!(
                "{} from this port (pid {}): clients, never signalled",
                plural("connection", "connections"),
                pids.join(", ")
            )
        }
        UntouchedKind::TimeWait => {
            let mut text = plural("TIME_WAIT socket", "TIME_WAIT sockets");
            text.push_str(": nothing holds them, the kernel drops them");
            if let Some(left) = untouched.expires_in_ms {
                let _ = write!(text, " within {}", duration(left));
                if untouched.blocking {
                    let _ = write!(
                        text,
                        "; they stop servers now: portdoc check {}/{} --wait {}s",
                        plan.port,
                        plan.protocol,
                        left / 1000 + 2
                    );
                }
            }
            text
        }
        UntouchedKind::Closing => format!(
            "{} no process holds (closing, or not yet accepted)",
            plural("connection", "connections")
        ),
    };
    let _ = writeln!(
        out,
        "  {}  {}",
        format!("{:<8}", "leave").style(palette.dim),
        text
    );
}

/// The confirmation question.
pub fn free_prompt(plans: &[PortPlan]) -> String {
    let planned: Vec<_> = plans
        .iter()
        .filter(|plan| plan.actionable())
        .flat_map(|plan| plan.signal.iter())
        .collect();
    let signal = planned
        .first()
        .map_or("SIGTERM", |planned| planned.signal.name());
    let first = planned
        .first()
        .map(|planned| process_label(&planned.process))
        .unwrap_or_default();
    let more = match planned.len() {
        0 | 1 => String::new(),
        count => format!(" and {} more", count - 1),
    };
    format!("Send {signal} to {first}{more}? [y/N] ")
}
