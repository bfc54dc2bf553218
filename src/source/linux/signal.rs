//! Signalling one process without racing pid reuse: a pidfd is opened while the pid still
//! names the process seen in the scan (same start time), and every signal goes through it.
//! A pid that was reused after that makes `pidfd_send_signal` fail with ESRCH instead of
//! reaching a stranger. Kernels without pidfds (before 5.3) get `kill()` after a fresh
//! start-time check, which narrows the race to microseconds; the handle says which it has.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use crate::model::Signal;
use crate::source::query::{Delivery, Opened as OpenedAny};

/// What opening a handle found, with this platform's handle.
pub type Opened = OpenedAny<ProcessHandle>;

/// A process held for signalling.
#[derive(Debug)]
pub struct ProcessHandle {
    pid: u32,
    start_ticks: u64,
    /// `None` on kernels without `pidfd_open`.
    pidfd: Option<OwnedFd>,
}

/// Holds the process `pid` if it is still the one that started at `start_ticks`.
pub fn open_process(pid: u32, start_ticks: u64) -> Opened {
    // SAFETY: pidfd_open takes a pid and flags and returns a new descriptor or -1.
    let raw = unsafe { libc::syscall(libc::SYS_pidfd_open, pid as libc::pid_t, 0) };
    let pidfd = if raw >= 0 {
        // SAFETY: the kernel just returned this descriptor to us; nothing else owns it.
        Some(unsafe { OwnedFd::from_raw_fd(raw as i32) })
    } else {
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::ESRCH) => return Opened::Gone,
            _ => None,
        }
    };
    // Read after opening: if the pid still started at the scanned time now, the pidfd (taken
    // before) refers to that very process.
    match start_ticks_of(pid) {
        None => Opened::Gone,
        Some(now) if now != start_ticks => Opened::Replaced,
        Some(_) => Opened::Handle(ProcessHandle {
            pid,
            start_ticks,
            pidfd,
        }),
    }
}

impl ProcessHandle {
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Whether the process is held through a pidfd (race-free) or by pid and start time.
    pub fn race_free(&self) -> bool {
        self.pidfd.is_some()
    }

    /// Sends `signal`; `None` only asks whether a signal would be allowed.
    pub fn send(&self, signal: Option<Signal>) -> Delivery {
        let number = signal.map_or(0, number);
        let result = match &self.pidfd {
            // SAFETY: pidfd_send_signal takes a descriptor we own, a signal number, a null
            // siginfo and flags 0.
            Some(pidfd) => unsafe {
                libc::syscall(
                    libc::SYS_pidfd_send_signal,
                    pidfd.as_raw_fd(),
                    number,
                    std::ptr::null::<libc::siginfo_t>(),
                    0,
                )
            },
            None => {
                if start_ticks_of(self.pid) != Some(self.start_ticks) {
                    return Delivery::Gone;
                }
                // SAFETY: kill has no memory-safety preconditions.
                i64::from(unsafe { libc::kill(self.pid as libc::pid_t, number) })
            }
        };
        if result == 0 {
            return Delivery::Sent;
        }
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::ESRCH) => Delivery::Gone,
            Some(libc::EPERM) => Delivery::NotPermitted,
            Some(errno) => Delivery::Failed(
                crate::source::errno_name(errno).map_or_else(|| errno.to_string(), str::to_string),
            ),
            None => Delivery::Failed("unknown".into()),
        }
    }

    /// Whether the process has exited (a zombie counts: it holds no descriptors).
    pub fn has_exited(&self) -> bool {
        match &self.pidfd {
            Some(pidfd) => {
                let mut poll = libc::pollfd {
                    fd: pidfd.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, timeout 0.
                let ready = unsafe { libc::poll(&mut poll, 1, 0) };
                ready > 0 && poll.revents & (libc::POLLIN | libc::POLLHUP) != 0
            }
            None => start_ticks_of(self.pid) != Some(self.start_ticks) || is_zombie(self.pid),
        }
    }
}

/// Field 22 of `/proc/PID/stat`: clock ticks from boot to the process's start.
pub fn start_ticks_of(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: count from the last `)`.
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(19)?.parse().ok()
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rfind(')')
            .and_then(|end| stat[end + 1..].split_whitespace().next())
            .is_some_and(|state| state == "Z" || state == "X")
    })
}

/// Whether the process is PID 1 of a PID namespace below the host's (a container's init):
/// the last `NSpid` entry of `/proc/PID/status` is 1.
pub fn is_namespace_init(pid: u32) -> bool {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return false;
    };
    status
        .lines()
        .find_map(|line| line.strip_prefix("NSpid:"))
        .is_some_and(|ids| {
            let ids: Vec<&str> = ids.split_whitespace().collect();
            ids.len() > 1 && ids.last() == Some(&"1")
        })
}

fn number(signal: Signal) -> libc::c_int {
    match signal {
        Signal::Term => libc::SIGTERM,
        Signal::Int => libc::SIGINT,
        Signal::Hup => libc::SIGHUP,
        Signal::Quit => libc::SIGQUIT,
        Signal::Kill => libc::SIGKILL,
        Signal::Usr1 => libc::SIGUSR1,
        Signal::Usr2 => libc::SIGUSR2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_is_held_signalled_and_seen_to_exit() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let pid = child.id();
        let ticks = start_ticks_of(pid).unwrap();
        assert!(matches!(open_process(pid, ticks + 1), Opened::Replaced));
        let Opened::Handle(handle) = open_process(pid, ticks) else {
            panic!("the child is there");
        };
        assert!(!handle.has_exited());
        assert_eq!(handle.send(None), Delivery::Sent);
        assert_eq!(handle.send(Some(Signal::Term)), Delivery::Sent);
        child.wait().unwrap();
        assert!(handle.has_exited());
        assert_eq!(handle.send(Some(Signal::Term)), Delivery::Gone);
        assert!(matches!(open_process(pid, ticks), Opened::Gone));
    }

    #[test]
    fn a_process_of_the_host_pid_namespace_is_no_namespace_init() {
        assert!(!is_namespace_init(std::process::id()));
    }
}
