//! What `watch` reports: one event per change on a watched port, each stamped with the time
//! of the poll that saw it. The JSON Lines of `watch --json` are these types, serialized
//! (keys documented in docs/json.md).

use std::sync::Arc;

use chrono::{DateTime, Local, SecondsFormat};
use serde::{Serialize, Serializer};

use crate::model::{Process, Socket, SocketState, Target};
use crate::verdict::PortStatus;

/// The wall-clock time of a poll; serialized as RFC 3339 with milliseconds and the local
/// offset (`2026-11-23T10:12:05.321+01:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(pub DateTime<Local>);

impl Stamp {
    pub fn now() -> Stamp {
        Stamp(Local::now())
    }

    /// Milliseconds from `earlier` to this stamp, 0 if it is not earlier.
    pub fn millis_since(self, earlier: Stamp) -> u64 {
        u64::try_from((self.0 - earlier.0).num_milliseconds()).unwrap_or(0)
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_rfc3339_opts(SecondsFormat::Millis, false))
    }
}

/// One line of `watch`: when, and what.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// When the poll that saw it read the socket table.
    pub time: Stamp,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Who holds a socket, as far as portdoc could tell when it looked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Owner {
    /// The holding processes are in the socket's `processes`.
    Found,
    /// It may be held by a process this user cannot inspect.
    Hidden,
    /// Its process exited before it could be identified: the socket's `uid` is all that is
    /// known.
    Exited,
    /// The socket is still there and no process holds it (a kernel socket).
    None,
}

/// A socket with how far its holders are known (the sockets of a port's state).
#[derive(Debug, Clone, Serialize)]
pub struct WatchedSocket {
    #[serde(flatten)]
    pub socket: Socket,
    pub owner: Owner,
}

/// Why the watch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StopReason {
    /// Ctrl-C or SIGTERM.
    Interrupted,
    /// `--for` ran out.
    TimeUp,
    /// An `--exit-on` event happened.
    ExitOn,
}

/// What happened.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum EventKind {
    /// The first line: what is watched, and how often.
    Watching {
        /// The watched ports.
        targets: Vec<Target>,
        /// Milliseconds between polls: a listener or UDP socket that lives at least this long
        /// is seen.
        interval_ms: u64,
        /// Milliseconds between reads of bound-only TCP sockets, TIME_WAIT sockets and
        /// connections.
        full_read_interval_ms: u64,
        /// `--time-wait`: the TIME_WAIT count that is reported.
        time_wait_threshold: usize,
        /// `--expect` values.
        expected: Vec<String>,
    },
    /// A port's state when the watch began.
    State {
        #[serde(flatten)]
        target: Target,
        /// `free`, `time-wait`, `in-use`, `permission-denied` or `address-unavailable`.
        status: PortStatus,
        /// The listening, bound-only and UDP sockets on the port, with their owners.
        sockets: Vec<WatchedSocket>,
        /// TIME_WAIT sockets on the port.
        time_wait: usize,
        /// `false` when some owner could not be inspected.
        complete: bool,
    },
    /// A listening, bound-only or UDP socket appeared on the port.
    SocketAppeared {
        #[serde(flatten)]
        target: Target,
        socket: Socket,
        owner: Owner,
    },
    /// A socket that was there is gone.
    SocketGone {
        #[serde(flatten)]
        target: Target,
        /// The socket as last seen, with the owners found when it appeared.
        socket: Socket,
        /// Milliseconds from the poll that first saw it to the one that found it gone.
        seen_for_ms: u64,
    },
    /// A socket changed state (a bound socket started listening).
    SocketChanged {
        #[serde(flatten)]
        target: Target,
        socket: Socket,
        previous_state: SocketState,
    },
    /// A socket's holders changed (a holder exited, another process holds it now).
    HolderChanged {
        #[serde(flatten)]
        target: Target,
        socket: Socket,
        owner: Owner,
        /// The processes that held it before.
        previous: Vec<Arc<Process>>,
    },
    /// The answer to "can a server bind the port?" changed.
    Verdict {
        #[serde(flatten)]
        target: Target,
        status: PortStatus,
        previous_status: PortStatus,
    },
    /// A listener's accept queue reached its backlog: new connections may be dropped.
    AcceptQueueFull {
        #[serde(flatten)]
        target: Target,
        socket: Socket,
        /// Connections waiting to be accepted.
        queued: u32,
        /// The listener's backlog.
        backlog: u32,
    },
    /// A full accept queue went back below its backlog.
    AcceptQueueCleared {
        #[serde(flatten)]
        target: Target,
        socket: Socket,
        queued: u32,
        backlog: u32,
    },
    /// The port's TIME_WAIT sockets reached `--time-wait`.
    TimeWaitAbove {
        #[serde(flatten)]
        target: Target,
        count: usize,
        threshold: usize,
        /// Milliseconds until the last of them expires.
        last_expires_in_ms: Option<u64>,
    },
    /// They fell back to half the threshold or fewer.
    TimeWaitBelow {
        #[serde(flatten)]
        target: Target,
        count: usize,
        threshold: usize,
    },
    /// A holder that no `--expect` value names.
    UnexpectedHolder {
        #[serde(flatten)]
        target: Target,
        socket: Socket,
        /// How the holder was found; anything but `found` cannot match an expectation.
        owner: Owner,
        /// The holding processes that match no `--expect` value.
        processes: Vec<Arc<Process>>,
        expected: Vec<String>,
    },
    /// Something portdoc could not see (printed once per distinct text).
    Warning { message: String },
    /// The last line.
    Stopped {
        reason: StopReason,
        /// Events after the initial state.
        events: u64,
        /// Milliseconds watched.
        watched_ms: u64,
    },
}

impl EventKind {
    /// The watched port this event is about, if any.
    pub fn target(&self) -> Option<Target> {
        use EventKind::*;
        match self {
            State { target, .. }
            | SocketAppeared { target, .. }
            | SocketGone { target, .. }
            | SocketChanged { target, .. }
            | HolderChanged { target, .. }
            | Verdict { target, .. }
            | AcceptQueueFull { target, .. }
            | AcceptQueueCleared { target, .. }
            | TimeWaitAbove { target, .. }
            | TimeWaitBelow { target, .. }
            | UnexpectedHolder { target, .. } => Some(*target),
            Watching { .. } | Warning { .. } | Stopped { .. } => None,
        }
    }
}
