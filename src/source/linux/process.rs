//! Details of one process from `/proc/PID`: name, parent, command line, user, executable,
//! start time, systemd unit and container. Read only for the processes that hold a socket.

use std::sync::OnceLock;

use crate::model::Process;
use crate::source::linux::users::UserNames;
use crate::source::linux::{cgroup, containers, forwarder};

/// Whether the process still runs: `/proc/PID/stat` exists and it is not a zombie (a zombie
/// holds no descriptors). Cheaper than [`describe`]: one small read.
pub fn is_alive(pid: u32) -> bool {
    match std::fs::read(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which ends with the last `)`.
        Ok(stat) => stat
            .iter()
            .rposition(|&byte| byte == b')')
            .and_then(|end| stat.get(end + 2))
            .is_some_and(|state| !matches!(state, b'Z' | b'X')),
        Err(_) => false,
    }
}

/// Reads a process; `None` when it exited meanwhile.
pub fn describe(pid: u32, users: &mut UserNames) -> Option<Process> {
    let process = procfs::process::Process::new(pid as i32).ok()?;
    let stat = process.stat().ok()?;
    let uid = process.uid().ok()?;
    let cmdline = read_cmdline(pid).unwrap_or_default();
    let mut cgroup = std::fs::read_to_string(format!("/proc/{pid}/cgroup"))
        .map(|text| cgroup::parse(&text))
        .unwrap_or_default();
    if let Some(container) = cgroup.container.as_mut() {
        containers::name(container);
    }
    let mut forwarder = forwarder::forwarder_of(&stat.comm, &cmdline);
    if let Some(forwarder) = forwarder.as_mut() {
        forwarder::link(forwarder, pid, &cmdline, &cgroup);
    }
    let fd_limits = process.limits().ok().map(|limits| limits.max_open_files);
    let value = |limit: &procfs::process::LimitValue| match limit {
        procfs::process::LimitValue::Value(limit) => Some(*limit),
        procfs::process::LimitValue::Unlimited => None,
    };
    Some(Process {
        pid,
        ppid: stat.ppid.max(0) as u32,
        cmdline: if cmdline.is_empty() {
            format!("[{}]", stat.comm)
        } else {
            cmdline
        },
        name: stat.comm,
        user: users.name(uid),
        uid: Some(uid),
        exe: process
            .exe()
            .ok()
            .map(|path| path.to_string_lossy().into_owned()),
        started_at: started_at(stat.starttime),
        start_ticks: Some(stat.starttime),
        systemd_unit: cgroup.systemd_unit,
        systemd_user_unit: cgroup.user_unit,
        container: cgroup.container,
        forwarder,
        open_fds: process
            .fd_count()
            .ok()
            .and_then(|count| u32::try_from(count).ok()),
        fd_limit: fd_limits
            .as_ref()
            .and_then(|limit| value(&limit.soft_limit)),
        fd_limit_hard: fd_limits
            .as_ref()
            .and_then(|limit| value(&limit.hard_limit)),
    })
}

/// `/proc/PID/cmdline` with NULs turned into spaces; invalid UTF-8 replaced, not rejected.
fn read_cmdline(pid: u32) -> Option<String> {
    let bytes = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let trimmed = bytes.strip_suffix(b"\0").unwrap_or(&bytes);
    let text = String::from_utf8_lossy(trimmed);
    // Programs that rewrite their title (nginx, postgres) pad it with spaces or NULs.
    Some(text.replace('\0', " ").trim_end().to_string())
}

/// Start time as RFC 3339 in local time, from boot time and clock ticks since boot.
fn started_at(start_ticks: u64) -> Option<String> {
    static BOOT: OnceLock<Option<(u64, u64)>> = OnceLock::new();
    let (boot_seconds, ticks_per_second) =
        (*BOOT.get_or_init(|| Some((procfs::boot_time_secs().ok()?, procfs::ticks_per_second()))))?;
    let ticks_per_second = ticks_per_second.max(1);
    let seconds = boot_seconds + start_ticks / ticks_per_second;
    let nanos = (start_ticks % ticks_per_second) * 1_000_000_000 / ticks_per_second;
    let time = chrono::DateTime::from_timestamp(seconds as i64, nanos as u32)?;
    Some(
        time.with_timezone(&chrono::Local)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_this_process() {
        let mut users = UserNames::default();
        let me = describe(std::process::id(), &mut users).unwrap();
        assert_eq!(me.pid, std::process::id());
        assert_eq!(me.ppid, std::os::unix::process::parent_id());
        assert!(!me.cmdline.is_empty());
        assert!(me.started_at.unwrap().contains('T'));
        assert_eq!(me.uid, Some(rustix::process::geteuid().as_raw()));
    }
}
