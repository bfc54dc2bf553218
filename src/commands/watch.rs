//! `portdoc watch`: poll the ports, print each change as it happens, and stop on `--for`,
//! an `--exit-on` event, Ctrl-C or SIGTERM (with a one-line summary), or a closed pipe
//! (silently).

use std::io::{ErrorKind, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::cli::OutputArgs;
use crate::cli::watch::{ExitOn, WatchArgs};
use crate::commands::check::PortBits;
use crate::exit::Status;
use crate::model::{Protocol, SocketState, Target};
use crate::render::{self, human};
use crate::verdict::PortStatus;
use crate::watch::{Event, EventKind, Expectations, Stamp, StopReason, WatchOptions, Watcher};

pub fn run(args: &WatchArgs, output: &OutputArgs) -> anyhow::Result<Status> {
    if args.exit_on.contains(&ExitOn::Unexpected) && args.expect.is_empty() {
        anyhow::bail!(
            "--exit-on unexpected needs --expect: name the program, unit or pid that may hold the ports"
        );
    }
    let mut watcher = Watcher::new(WatchOptions {
        targets: targets(args),
        expectations: Expectations::new(args.expect.clone()),
        time_wait_threshold: args.time_wait as usize,
        backend: crate::backend(output.backend),
        interval: args.interval,
        rerun: crate::cli::invocation(),
    });
    let interrupted = interruptions()?;
    let mut printer = Printer {
        json: output.json,
        palette: human::Palette::new(render::color_enabled(output.color)),
    };
    let ended = match watch(args, &mut watcher, &interrupted, &mut printer)? {
        Some(ended) => ended,
        // The reader of our output has gone: end without a word.
        None => return Ok(status_without_match(args)),
    };
    let summary = Event {
        time: Stamp::now(),
        kind: EventKind::Stopped {
            reason: ended.reason,
            events: ended.events,
            watched_ms: ended.watched.as_millis() as u64,
        },
    };
    if let Err(error) = printer.print(&[summary], watcher.targets())
        && error.kind() != ErrorKind::BrokenPipe
    {
        return Err(error.into());
    }
    Ok(match ended.reason {
        StopReason::ExitOn => Status::Success,
        _ => status_without_match(args),
    })
}

/// How a watch ended.
struct Ended {
    reason: StopReason,
    events: u64,
    watched: Duration,
}

/// Polls until `--for` runs out, an `--exit-on` event happens or a signal comes; `None`
/// when the output was closed.
fn watch(
    args: &WatchArgs,
    watcher: &mut Watcher,
    interrupted: &Receiver<()>,
    printer: &mut Printer,
) -> anyhow::Result<Option<Ended>> {
    let started = Instant::now();
    let deadline = args.run_time.map(|run_time| started + run_time);
    let opening = Event {
        time: Stamp::now(),
        kind: EventKind::Watching {
            targets: watcher.targets().to_vec(),
            interval_ms: args.interval.as_millis() as u64,
            full_read_interval_ms: (args.interval * watcher.full_read_every()).as_millis() as u64,
            time_wait_threshold: args.time_wait as usize,
            expected: args.expect.clone(),
        },
    };
    if !printed(printer.print(&[opening], watcher.targets()))? {
        return Ok(None);
    }
    let mut events: u64 = 0;
    let mut first = true;
    let mut next_poll = started;
    loop {
        let polled = watcher.poll()?;
        let matched = polled
            .iter()
            .any(|event| exit_on_matches(&args.exit_on, &event.kind, first));
        if !first {
            events += polled
                .iter()
                .filter(|event| !matches!(event.kind, EventKind::Warning { .. }))
                .count() as u64;
        }
        first = false;
        if !printed(printer.print(&polled, watcher.targets()))? {
            return Ok(None);
        }
        let ended = |reason| {
            Ok(Some(Ended {
                reason,
                events,
                watched: started.elapsed(),
            }))
        };
        if matched {
            return ended(StopReason::ExitOn);
        }
        let now = Instant::now();
        while next_poll <= now {
            next_poll += args.interval;
        }
        let wake = deadline.map_or(next_poll, |deadline| deadline.min(next_poll));
        if crate::source::output_closed() {
            return Ok(None);
        }
        match interrupted.recv_timeout(wake.saturating_duration_since(now)) {
            Ok(()) => return ended(StopReason::Interrupted),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(wake - now),
        }
        if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            return ended(StopReason::TimeUp);
        }
    }
}

/// `Ok(false)` when the reader has gone (a broken pipe), which ends the watch silently.
fn printed(result: std::io::Result<()>) -> anyhow::Result<bool> {
    match result {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(false),
        Err(error) => Err(error).context("cannot write the output"),
    }
}

/// The status of a watch that ended without an `--exit-on` event: 0, unless one was awaited.
fn status_without_match(args: &WatchArgs) -> Status {
    if args.exit_on.is_empty() {
        Status::Success
    } else {
        Status::Failure
    }
}

/// Ctrl-C and SIGTERM, as messages: the watch sleeps on this channel between polls, so it
/// ends at once.
fn interruptions() -> anyhow::Result<Receiver<()>> {
    let (sender, receiver) = mpsc::sync_channel(1);
    ctrlc::set_handler(move || {
        let _ = sender.try_send(());
    })
    .context("cannot handle Ctrl-C")?;
    Ok(receiver)
}

/// Whether the event is one `--exit-on` waits for. The state at the start counts for
/// `unexpected`, `free` and `listening`; `change` means a change after it.
pub fn exit_on_matches(exit_on: &[ExitOn], event: &EventKind, initial: bool) -> bool {
    let free = |status: &PortStatus| matches!(status, PortStatus::Free | PortStatus::TimeWait);
    let listening = |state: SocketState, protocol: Protocol| match protocol {
        Protocol::Tcp => state == SocketState::Listen,
        Protocol::Udp => state == SocketState::Unconn,
    };
    exit_on.iter().any(|wanted| match (wanted, event) {
        (ExitOn::Unexpected, EventKind::UnexpectedHolder { .. }) => true,
        (ExitOn::Free, EventKind::State { status, .. })
        | (ExitOn::Free, EventKind::Verdict { status, .. }) => free(status),
        (ExitOn::Listening, EventKind::State { sockets, .. }) => sockets
            .iter()
            .any(|watched| listening(watched.socket.state, watched.socket.protocol)),
        (ExitOn::Listening, EventKind::SocketAppeared { socket, .. })
        | (ExitOn::Listening, EventKind::SocketChanged { socket, .. }) => {
            listening(socket.state, socket.protocol)
        }
        (ExitOn::Change, EventKind::Warning { .. }) => false,
        (ExitOn::Change, event) => !initial && event.target().is_some(),
        _ => false,
    })
}

/// Every port of every argument, TCP unless `/udp` or `--udp`, each once.
fn targets(args: &WatchArgs) -> Vec<Target> {
    let default_protocol = if args.udp {
        Protocol::Udp
    } else {
        Protocol::Tcp
    };
    let mut wanted = [PortBits::default(), PortBits::default()];
    for spec in args.port_specs() {
        let protocol = spec.protocol.unwrap_or(default_protocol);
        wanted[protocol as usize].insert_range(spec.first, spec.last);
    }
    Protocol::ALL
        .into_iter()
        .flat_map(|protocol| {
            wanted[protocol as usize]
                .ports()
                .map(move |port| Target { protocol, port })
        })
        .collect()
}

/// Writes events as they come: JSON Lines, or human lines, flushed after each poll so that
/// a log shipper or `grep` sees them at once.
struct Printer {
    json: bool,
    palette: human::Palette,
}

impl Printer {
    fn print(&mut self, events: &[Event], targets: &[Target]) -> std::io::Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let mut text = Vec::new();
        for event in events {
            if self.json {
                render::json::line(&mut text, event)?;
            } else {
                text.extend_from_slice(
                    human::watch_event(event, targets, &self.palette).as_bytes(),
                );
            }
        }
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&text)?;
        stdout.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Target;

    fn verdict(status: PortStatus) -> EventKind {
        EventKind::Verdict {
            target: Target {
                protocol: Protocol::Tcp,
                port: 80,
            },
            status,
            previous_status: PortStatus::InUse,
        }
    }

    #[test]
    fn free_matches_a_port_a_typical_server_can_bind() {
        assert!(exit_on_matches(
            &[ExitOn::Free],
            &verdict(PortStatus::Free),
            false
        ));
        assert!(exit_on_matches(
            &[ExitOn::Free],
            &verdict(PortStatus::TimeWait),
            false
        ));
        assert!(!exit_on_matches(
            &[ExitOn::Free],
            &verdict(PortStatus::InUse),
            false
        ));
        assert!(!exit_on_matches(
            &[ExitOn::Unexpected],
            &verdict(PortStatus::Free),
            false
        ));
    }

    #[test]
    fn change_ignores_the_state_at_the_start_and_warnings() {
        let change = verdict(PortStatus::Free);
        assert!(exit_on_matches(&[ExitOn::Change], &change, false));
        assert!(!exit_on_matches(&[ExitOn::Change], &change, true));
        let warning = EventKind::Warning {
            message: "x".into(),
        };
        assert!(!exit_on_matches(&[ExitOn::Change], &warning, false));
    }
}
