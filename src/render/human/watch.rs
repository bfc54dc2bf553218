//! `watch`: one line per event, stamped with the local time of the poll that saw it, so that
//! a log of hours reads (and greps) line by line. Markers: `+` appeared, `-` gone, `~`
//! changed, `!` needs attention.

use std::fmt::Write as _;

use owo_colors::OwoColorize;

use super::*;
use crate::model::Target;
use crate::text::duration;
use crate::verdict::PortStatus;
use crate::watch::{Event, EventKind, Owner, StopReason};

/// Longest command line on a watch line; JSON keeps all of it.
const WATCH_CMDLINE_LIMIT: usize = 120;

/// The line (or lines, for a port's state at the start) of one event.
pub fn watch_event(event: &Event, targets: &[Target], palette: &Palette) -> String {
    let time = event.time.0.format("%H:%M:%S%.3f").to_string();
    let mut out = String::new();
    let mut line = |target: Option<Target>, text: String| {
        let _ = write!(out, "{}  ", time.style(palette.dim));
        if let Some(target) = target {
            let _ = write!(out, "{}  ", target.style(palette.heading));
        }
        out.push_str(&text);
        out.push('\n');
    };
    let target = event.kind.target();
    match &event.kind {
        EventKind::Watching {
            targets,
            interval_ms,
            full_read_interval_ms,
            time_wait_threshold,
            expected,
        } => {
            let interval = duration_text(*interval_ms);
            let mut text = format!(
                "watching {} every {interval} from {} (a listener that lives at least {interval} is seen; bound-only sockets, TIME_WAIT and connections every {}; TIME_WAIT reported at {time_wait_threshold})",
                list_targets(targets),
                event.time.0.format("%Y-%m-%d"),
                duration_text(*full_read_interval_ms),
            );
            if !expected.is_empty() {
                let names: Vec<String> = expected
                    .iter()
                    .map(|value| sanitize(value).into_owned())
                    .collect();
                let _ = write!(text, "; expected holders: {}", names.join(", "));
            }
            line(None, text);
        }
        EventKind::State {
            status,
            sockets,
            time_wait,
            complete,
            ..
        } => {
            let mut text = status_text(*status, palette);
            let mut counts = Vec::new();
            if !sockets.is_empty() {
                counts.push(crate::text::count_by(
                    sockets.iter().map(|watched| watched.socket.state),
                ));
            }
            if *time_wait > 0 {
                counts.push(format!("{time_wait} TIME_WAIT"));
            }
            if !counts.is_empty() {
                let _ = write!(text, "  {}", counts.join(", ").style(palette.dim));
            }
            if !complete {
                let _ = write!(text, "  {}", "(some owners are hidden)".style(palette.warn));
            }
            line(target, text);
            for watched in sockets {
                line(
                    target,
                    format!("  {}", socket_text(&watched.socket, watched.owner, palette)),
                );
            }
        }
        EventKind::SocketAppeared { socket, owner, .. } => line(
            target,
            format!(
                "{} {}",
                "+".style(palette.good),
                socket_text(socket, *owner, palette)
            ),
        ),
        EventKind::SocketGone {
            socket,
            seen_for_ms,
            ..
        } => line(
            target,
            format!(
                "{} {}  {}",
                "-".style(palette.warn),
                brief_socket_text(socket, palette),
                format!("(seen for {})", duration(*seen_for_ms)).style(palette.dim)
            ),
        ),
        EventKind::SocketChanged {
            socket,
            previous_state,
            ..
        } => line(
            target,
            format!(
                "~ {} → {}",
                previous_state.style(palette.state),
                brief_socket_text(socket, palette)
            ),
        ),
        EventKind::HolderChanged {
            socket,
            owner,
            previous,
            ..
        } => {
            let before: Vec<String> = previous
                .iter()
                .map(|process| process_label(process))
                .collect();
            let before = if before.is_empty() {
                "no known process".to_string()
            } else {
                before.join(", ")
            };
            line(
                target,
                format!(
                    "~ holder changed (was {before}): {}",
                    socket_text(socket, *owner, palette)
                ),
            );
        }
        EventKind::Verdict {
            status,
            previous_status,
            ..
        } => line(
            target,
            format!(
                "{} {}",
                status_text(*status, palette),
                format!("(was {previous_status})").style(palette.dim)
            ),
        ),
        EventKind::AcceptQueueFull {
            socket,
            queued,
            backlog,
            ..
        } => line(
            target,
            format!(
                "{} accept queue full: {queued} waiting, backlog {backlog}; new connections are dropped  {}",
                "!".style(palette.bad),
                brief_socket_text(socket, palette)
            ),
        ),
        EventKind::AcceptQueueCleared {
            socket,
            queued,
            backlog,
            ..
        } => line(
            target,
            format!(
                "~ accept queue below its backlog again: {queued} waiting, backlog {backlog}  {}",
                brief_socket_text(socket, palette)
            ),
        ),
        EventKind::TimeWaitAbove {
            count,
            threshold,
            last_expires_in_ms,
            ..
        } => {
            let mut text = format!(
                "{} {count} TIME_WAIT sockets (--time-wait {threshold})",
                "!".style(palette.warn)
            );
            if let Some(expires) = last_expires_in_ms {
                let _ = write!(text, "; the last expires in {}", duration(*expires));
            }
            line(target, text);
        }
        EventKind::TimeWaitBelow {
            count, threshold, ..
        } => line(
            target,
            format!("~ TIME_WAIT sockets down to {count} (--time-wait {threshold})"),
        ),
        EventKind::UnexpectedHolder {
            socket,
            owner,
            processes,
            expected,
            ..
        } => {
            let who = if processes.is_empty() {
                owner_text(socket, *owner)
            } else {
                processes
                    .iter()
                    .map(|process| process_label(process))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let expected: Vec<String> = expected
                .iter()
                .map(|value| sanitize(value).into_owned())
                .collect();
            line(
                target,
                format!(
                    "{} {}: {who} holds {} {}  {}",
                    "!".style(palette.bad),
                    "unexpected holder".style(palette.bad),
                    socket.state,
                    socket.local_endpoint(),
                    format!("(expected: {})", expected.join(", ")).style(palette.dim)
                ),
            );
        }
        EventKind::Warning { message } => line(
            None,
            format!("{} {}", "warning:".style(palette.warn), sanitize(message)),
        ),
        EventKind::Stopped {
            reason,
            events,
            watched_ms,
        } => {
            let why = match reason {
                StopReason::Interrupted => "interrupted",
                StopReason::TimeUp => "--for ran out",
                StopReason::ExitOn => "an --exit-on event happened",
            };
            let changes = match events {
                1 => "1 change".to_string(),
                count => format!("{count} changes"),
            };
            line(
                None,
                format!(
                    "watched {} for {}: {changes}; stopped: {why}",
                    list_targets(targets),
                    duration(*watched_ms)
                ),
            );
        }
    }
    out
}

/// `8080/tcp, 53/udp`, or the first ones and a count.
fn list_targets(targets: &[Target]) -> String {
    const SHOWN: usize = 8;
    let mut text = targets
        .iter()
        .take(SHOWN)
        .map(Target::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if targets.len() > SHOWN {
        let _ = write!(text, " and {} more", targets.len() - SHOWN);
    }
    text
}

fn duration_text(milliseconds: u64) -> String {
    if milliseconds < 1000 {
        format!("{milliseconds}ms")
    } else if milliseconds.is_multiple_of(1000) && milliseconds < 60_000 {
        format!("{}s", milliseconds / 1000)
    } else {
        duration(milliseconds)
    }
}

fn status_text(status: PortStatus, palette: &Palette) -> String {
    let style = match status {
        PortStatus::Free | PortStatus::Listening => palette.good,
        PortStatus::TimeWait => palette.warn,
        _ => palette.bad,
    };
    status.name().style(style).to_string()
}

/// `LISTEN 0.0.0.0:8080 dual-stack  nginx[812] user www-data unit nginx.service  nginx: master`.
fn socket_text(socket: &Socket, owner: Owner, palette: &Palette) -> String {
    let mut text = format!(
        "{} {}",
        socket.state.style(palette.state),
        socket.local_endpoint()
    );
    if let Some(remote) = socket.remote_endpoint() {
        let _ = write!(text, " peer {remote}");
    }
    if socket.v6only == Some(false) && socket.local_address.is_unspecified() {
        let _ = write!(text, " {}", "dual-stack".style(palette.dim));
    }
    text.push_str("  ");
    match socket.processes.first() {
        Some(process) => {
            let _ = write!(text, "{}", process_label(process).style(palette.process));
            let _ = write!(
                text,
                " user {}",
                sanitize(&crate::model::user_label(
                    process.user.as_deref(),
                    process.uid
                ))
            );
            if let Some(unit) = &process.systemd_unit {
                let _ = write!(text, " unit {}", sanitize(unit));
            }
            if let Some(container) = &process.container {
                let _ = write!(text, " {}", sanitize(&container.to_string()));
            }
            if socket.processes.len() > 1 {
                let others: Vec<String> = socket.processes[1..]
                    .iter()
                    .take(4)
                    .map(|process| process_label(process))
                    .collect();
                let more = socket.processes.len() - 1 - others.len();
                let _ = write!(text, " (also {}", others.join(", "));
                if more > 0 {
                    let _ = write!(text, " and {more} more");
                }
                text.push(')');
            }
            let cmdline = sanitize(&process.cmdline);
            let _ = write!(
                text,
                "  {}",
                shorten(&cmdline, WATCH_CMDLINE_LIMIT).style(palette.dim)
            );
        }
        None => {
            let _ = write!(text, "{}", owner_text(socket, owner).style(palette.warn));
        }
    }
    text
}

/// `LISTEN 127.0.0.1:8080  python3[4242]`: a socket already described when it appeared.
fn brief_socket_text(socket: &Socket, palette: &Palette) -> String {
    let mut text = format!(
        "{} {}",
        socket.state.style(palette.state),
        socket.local_endpoint()
    );
    let holders: Vec<String> = socket
        .processes
        .iter()
        .take(5)
        .map(|process| process_label(process))
        .collect();
    if !holders.is_empty() {
        let _ = write!(text, "  {}", holders.join(", ").style(palette.process));
        if socket.processes.len() > holders.len() {
            let _ = write!(text, " and {} more", socket.processes.len() - holders.len());
        }
    }
    text
}

/// Who holds a socket whose processes are not known.
fn owner_text(socket: &Socket, owner: Owner) -> String {
    let uid = match (socket.uid, socket.user.as_deref()) {
        (Some(uid), Some(user)) => format!("uid {uid} {}", sanitize(user)),
        (Some(uid), None) => format!("uid {uid}"),
        (None, _) => "uid unknown".to_string(),
    };
    match owner {
        Owner::Hidden => {
            format!("owner not visible ({uid}; its process cannot be inspected as this user)")
        }
        Owner::Exited => format!("owner exited before it could be identified ({uid})"),
        Owner::None | Owner::Found => format!("no process holds it ({uid})"),
    }
}
