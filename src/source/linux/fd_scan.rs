//! Maps socket inodes to the processes holding them by scanning `/proc/*/fd`.
//!
//! This scan dominates portdoc's cost on a loaded host, so it does the least the kernel
//! allows: one `getdents64` loop per process and one `readlinkat` per descriptor into stack
//! buffers (no allocation per entry), split across the available cores. Processes that exit
//! mid-scan are skipped; processes whose descriptors cannot be read are counted, never
//! silently dropped.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, OwnedFd};

use rustix::fs::{Mode, OFlags, RawDir};
use rustix::io::Errno;

/// What the scan found.
#[derive(Debug, Default)]
pub struct OwnerScan {
    /// Socket inode → pids with a descriptor on it, ascending.
    pub holders: HashMap<u64, Vec<u32>>,
    /// Pids whose descriptors could not be read (permission denied).
    pub denied: Vec<u32>,
    /// Number of processes whose descriptors were read.
    pub inspected: usize,
    /// Why some processes are missing from `/proc` altogether (hidepid, a PID namespace), as
    /// a sentence; `RERUN` stands for the command line to repeat with sudo.
    pub hidden_by: Option<String>,
}

/// Scans every process for descriptors on the given socket inodes.
pub fn scan(inodes: &[u64]) -> std::io::Result<OwnerScan> {
    let mut wanted = inodes.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let proc_dir = rustix::fs::open(
        "/proc",
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    let pids = list_pids(&proc_dir)?;
    let workers = std::thread::available_parallelism()
        .map_or(1, |cores| cores.get())
        .min(8)
        .min(pids.len() / 64 + 1);
    let chunk = pids.len().div_ceil(workers.max(1)).max(1);
    let partials: Vec<OwnerScan> = std::thread::scope(|scope| {
        let handles: Vec<_> = pids
            .chunks(chunk)
            .map(|pids| {
                let proc_dir = proc_dir.as_fd();
                let wanted = &wanted;
                scope.spawn(move || scan_pids(proc_dir, pids, wanted))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_default())
            .collect()
    });
    let mut result = OwnerScan::default();
    for partial in partials {
        result.inspected += partial.inspected;
        result.denied.extend(partial.denied);
        for (inode, pids) in partial.holders {
            result.holders.entry(inode).or_default().extend(pids);
        }
    }
    for pids in result.holders.values_mut() {
        pids.sort_unstable();
        pids.dedup();
    }
    result.denied.sort_unstable();
    Ok(result)
}

/// Every numeric entry of `/proc`: the thread-group leaders.
fn list_pids(proc_dir: &OwnedFd) -> std::io::Result<Vec<u32>> {
    let mut buffer = vec![MaybeUninit::<u8>::uninit(); 32 * 1024];
    let mut pids = Vec::with_capacity(1024);
    let mut entries = RawDir::new(proc_dir, &mut buffer);
    while let Some(entry) = entries.next() {
        if let Some(pid) = parse_decimal(entry?.file_name().to_bytes()) {
            pids.push(pid as u32);
        }
    }
    Ok(pids)
}

fn scan_pids(proc_dir: std::os::fd::BorrowedFd<'_>, pids: &[u32], wanted: &[u64]) -> OwnerScan {
    let mut result = OwnerScan::default();
    let mut directory_buffer = [MaybeUninit::<u8>::uninit(); 8 * 1024];
    let mut path = String::with_capacity(32);
    for &pid in pids {
        path.clear();
        let _ = write!(path, "{pid}/fd");
        let fd_dir = match rustix::fs::openat(
            proc_dir,
            path.as_str(),
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        ) {
            Ok(fd_dir) => fd_dir,
            Err(Errno::NOENT | Errno::SRCH) => continue,
            Err(_) => {
                result.denied.push(pid);
                continue;
            }
        };
        match holders_in(&fd_dir, &mut directory_buffer, wanted) {
            Ok(found) => {
                result.inspected += 1;
                for inode in found {
                    result.holders.entry(inode).or_default().push(pid);
                }
            }
            Err(Errno::NOENT | Errno::SRCH) => {}
            Err(_) => result.denied.push(pid),
        }
    }
    result
}

/// Wanted inodes among one process's descriptors (a process rarely holds more than a few).
fn holders_in(
    fd_dir: &OwnedFd,
    buffer: &mut [MaybeUninit<u8>],
    wanted: &[u64],
) -> Result<Vec<u64>, Errno> {
    let mut found = Vec::new();
    let mut link = [0u8; 64];
    let mut entries = RawDir::new(fd_dir, buffer);
    while let Some(entry) = entries.next() {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_bytes().first() == Some(&b'.') {
            continue;
        }
        let length = match rustix::fs::readlinkat_raw(fd_dir, name, &mut link[..]) {
            Ok(length) => length,
            Err(Errno::NOENT) => continue,
            Err(error) => return Err(error),
        };
        if let Some(inode) = socket_inode(&link[..length])
            && wanted.binary_search(&inode).is_ok()
            && !found.contains(&inode)
        {
            found.push(inode);
        }
    }
    Ok(found)
}

/// Parses a descriptor link target `socket:[12345]`.
pub fn socket_inode(target: &[u8]) -> Option<u64> {
    let digits = target.strip_prefix(b"socket:[")?.strip_suffix(b"]")?;
    parse_decimal(digits)
}

fn parse_decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    digits.iter().try_fold(0u64, |value, &digit| {
        digit
            .is_ascii_digit()
            .then(|| value * 10 + u64::from(digit - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_socket_inodes_from_link_targets() {
        assert_eq!(socket_inode(b"socket:[12345]"), Some(12345));
        assert_eq!(socket_inode(b"socket:[]"), None);
        assert_eq!(socket_inode(b"pipe:[12345]"), None);
        assert_eq!(socket_inode(b"/dev/null"), None);
        assert_eq!(socket_inode(b"socket:[12a]"), None);
        assert_eq!(socket_inode(b"socket:[99999999999999999999]"), None);
    }

    #[test]
    fn finds_a_socket_held_by_this_process() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let inode = {
            use std::os::fd::AsRawFd;
            let target =
                std::fs::read_link(format!("/proc/self/fd/{}", listener.as_raw_fd())).unwrap();
            socket_inode(target.to_string_lossy().as_bytes()).unwrap()
        };
        let scan = scan(&[inode]).unwrap();
        assert_eq!(scan.holders[&inode], vec![std::process::id()]);
        assert!(scan.inspected > 1);
    }
}
