//! `free`, after acting: each signal sent (or why not), each port's ending, and `check`'s
//! verdict on a port that is still busy.

use std::fmt::Write as _;

use owo_colors::OwoColorize;

use super::*;
use crate::act::execute::{Delivery, DeliveryResult};
use crate::act::report::{Ending, FreeReport};
use crate::render::notes::notes;
use crate::text::duration;

/// What happened: each signal, then each port's ending and its verdict after.
pub fn free_outcome(report: &FreeReport, unconfirmed: bool, palette: &Palette) -> String {
    let mut out = String::new();
    for delivery in &report.deliveries {
        let _ = writeln!(out, "{}", delivery_line(delivery));
    }
    for port in &report.ports {
        let label = format!("{}/{}", port.plan.port, port.plan.protocol);
        match port.result {
            Ending::AlreadyFree | Ending::WouldFree | Ending::WouldStayBusy => {}
            Ending::Freed => {
                let after = port
                    .freed_after_ms
                    .map(|ms| format!(" after {}", elapsed(ms)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{label}  {}{after}: a server can bind it now",
                    "free".style(palette.good)
                );
            }
            Ending::StillBusy => {
                let status = port
                    .after
                    .as_ref()
                    .map_or(port.plan.status, |after| after.status);
                let when = if port.after.is_some() {
                    format!(" after {}", duration(report.waited_ms))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{label}  still {}{when}",
                    status.name().style(palette.bad)
                );
                if let Some(after) = &port.after {
                    let holders: Vec<&Socket> =
                        after.holders.iter().map(|holder| &holder.socket).collect();
                    for (holder, sockets) in group_by_holder(&holders) {
                        write_group(&mut out, &holder, &sockets, palette, 2);
                    }
                    for note in notes(after) {
                        let _ =
                            writeln!(out, "  {} {}", "note:".style(palette.warn), sanitize(&note));
                    }
                }
            }
            Ending::Refused => {
                let _ = writeln!(
                    out,
                    "{label}  {}: nothing signalled; run the command shown instead",
                    "refused".style(palette.warn)
                );
            }
            Ending::Declined => {
                let why = if unconfirmed && !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                    "stdin is not a terminal: pass --yes to act"
                } else {
                    "not confirmed"
                };
                let _ = writeln!(
                    out,
                    "{label}  {}: nothing signalled ({why})",
                    "not freed".style(palette.warn)
                );
            }
        }
    }
    if !report.race_free && !report.deliveries.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            "note: this kernel has no pidfds: each pid's start time was checked just before signalling"
                .style(palette.dim)
        );
    }
    write_warnings(&mut out, &report.warnings, palette);
    out
}

/// `35ms` below a second, `1.2s` above: how long the port took matters at both scales.
fn elapsed(milliseconds: u64) -> String {
    if milliseconds < 1000 {
        format!("{milliseconds}ms")
    } else {
        duration(milliseconds)
    }
}

fn delivery_line(delivery: &Delivery) -> String {
    let who = format!("{}[{}]", sanitize(&delivery.name), delivery.pid);
    let when = if delivery.after_ms > 0 {
        format!(" after {}", elapsed(delivery.after_ms))
    } else {
        String::new()
    };
    match &delivery.result {
        DeliveryResult::Sent
            if delivery.escalation && delivery.signal == crate::model::Signal::Kill =>
        {
            format!("sent SIGKILL to {who}{when} (--kill-after): it was still running")
        }
        DeliveryResult::Sent if delivery.escalation => {
            format!(
                "sent {} to {who}{when}: it outlived its parent",
                delivery.signal
            )
        }
        DeliveryResult::Sent => format!("sent {} to {who}", delivery.signal),
        DeliveryResult::Gone => format!("{who} had exited: nothing sent"),
        DeliveryResult::Replaced => format!(
            "pid {} names another process since the scan: nothing sent",
            delivery.pid
        ),
        DeliveryResult::NotPermitted => format!("{who}: not permitted (EPERM)"),
        DeliveryResult::Failed(errno) => format!("{who}: {} failed ({errno})", delivery.signal),
    }
}
