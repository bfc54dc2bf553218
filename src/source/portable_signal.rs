//! Signalling on macOS and Windows through sysinfo: the pid and its start time are checked
//! right before each signal. Without pidfds a small race remains, and the handle says so
//! (`race_free` is false). Windows has no signals: every one ends the process
//! (TerminateProcess), and sysinfo refuses the others.
#![cfg_attr(target_os = "linux", allow(dead_code))]

use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System};

use crate::model::Signal;
use crate::source::query::{Delivery, Opened as OpenedAny};

/// What opening a handle found, with this platform's handle.
pub type Opened = OpenedAny<ProcessHandle>;

/// A process held for signalling, by pid and start time.
#[derive(Debug)]
pub struct ProcessHandle {
    pid: u32,
    start_ticks: u64,
}

fn start_time_of(pid: u32) -> Option<u64> {
    let mut system = System::new().ok()?;
    let pid = Pid::from_u32(pid);
    system.refresh_processes_specifics(
        ProcessesToUpdate::Some(&[pid]),
        true,
        ProcessRefreshKind::nothing(),
    );
    system.process(pid).map(|process| process.start_time())
}

pub fn open_process(pid: u32, start_ticks: u64) -> Opened {
    match start_time_of(pid) {
        None => Opened::Gone,
        Some(now) if now != start_ticks => Opened::Replaced,
        Some(_) => Opened::Handle(ProcessHandle { pid, start_ticks }),
    }
}

impl ProcessHandle {
    pub fn pid(&self) -> u32 {
        self.pid
    }

    pub fn race_free(&self) -> bool {
        false
    }

    pub fn send(&self, signal: Option<Signal>) -> Delivery {
        let Ok(mut system) = System::new() else {
            return Delivery::Failed("cannot read processes".into());
        };
        let pid = Pid::from_u32(self.pid);
        system.refresh_processes_specifics(
            ProcessesToUpdate::Some(&[pid]),
            true,
            ProcessRefreshKind::nothing(),
        );
        let Some(process) = system
            .process(pid)
            .filter(|process| process.start_time() == self.start_ticks)
        else {
            return Delivery::Gone;
        };
        let Some(signal) = signal else {
            return Delivery::Sent;
        };
        let wanted = match signal {
            Signal::Term => sysinfo::Signal::Term,
            Signal::Int => sysinfo::Signal::Interrupt,
            Signal::Hup => sysinfo::Signal::Hangup,
            Signal::Quit => sysinfo::Signal::Quit,
            Signal::Kill => sysinfo::Signal::Kill,
            Signal::Usr1 => sysinfo::Signal::User1,
            Signal::Usr2 => sysinfo::Signal::User2,
        };
        match process.kill_with(wanted) {
            Some(true) => Delivery::Sent,
            Some(false) => Delivery::NotPermitted,
            None => Delivery::Failed(format!("{signal} is not supported on this platform")),
        }
    }

    pub fn has_exited(&self) -> bool {
        start_time_of(self.pid) != Some(self.start_ticks)
    }
}

/// PID namespaces are Linux's.
pub fn is_namespace_init(_: u32) -> bool {
    false
}
