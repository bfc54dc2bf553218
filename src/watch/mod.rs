//! The watch engine behind `portdoc watch`: poll the watched ports, compare each reading with
//! the last, and turn the differences into timestamped events. `poll` reads the system,
//! `tracker` compares (pure), `expect` says which holders are expected, `event` is the data
//! the renderers print.

pub mod event;
pub mod expect;
mod poll;
mod tracker;

use std::collections::VecDeque;
use std::time::Duration;

use crate::model::Target;
use crate::source::query::Backend;

pub use event::{Event, EventKind, Owner, Stamp, StopReason, WatchedSocket};
pub use expect::Expectations;
pub use poll::{BindFacts, FULL_READ_PERIOD};
pub use tracker::{Reading, Seen, Tracker};

/// Distinct warnings remembered so that each is printed once; bounded, so that a watch of
/// hours keeps constant memory even if warnings vary.
const REMEMBERED_WARNINGS: usize = 64;

/// What to watch and how.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    pub targets: Vec<Target>,
    pub expectations: Expectations,
    /// The TIME_WAIT count that is reported when a port reaches it.
    pub time_wait_threshold: usize,
    pub backend: Backend,
    /// The time between polls.
    pub interval: Duration,
    /// The command line to suggest with `sudo` when owners are hidden.
    pub rerun: String,
}

/// A running watch: the poller and the tracker's memory.
#[derive(Debug)]
pub struct Watcher {
    poller: poll::Poller,
    tracker: Tracker,
    warned: VecDeque<String>,
}

impl Watcher {
    pub fn new(options: WatchOptions) -> Watcher {
        Watcher {
            poller: poll::Poller::new(
                options.targets,
                options.backend,
                options.rerun,
                options.interval,
            ),
            tracker: Tracker::new(options.expectations, options.time_wait_threshold),
            warned: VecDeque::new(),
        }
    }

    pub fn targets(&self) -> &[Target] {
        self.poller.targets()
    }

    /// How many polls apart bound-only sockets, TIME_WAIT and connections are read.
    pub fn full_read_every(&self) -> u32 {
        self.poller.full_read_every()
    }

    /// Reads every port once; on the first poll, each port's state, afterwards what changed.
    pub fn poll(&mut self) -> anyhow::Result<Vec<Event>> {
        let at = Stamp::now();
        let poll = self.poller.poll(&self.tracker)?;
        let mut events = Vec::new();
        for reading in poll.readings {
            events.extend(self.tracker.observe(reading, at));
        }
        for warning in poll.warnings {
            if !self.warned.contains(&warning) {
                if self.warned.len() == REMEMBERED_WARNINGS {
                    self.warned.pop_front();
                }
                self.warned.push_back(warning.clone());
                events.push(Event {
                    time: at,
                    kind: EventKind::Warning { message: warning },
                });
            }
        }
        Ok(events)
    }
}
