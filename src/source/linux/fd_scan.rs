//! Maps socket inodes to the processes holding them by scanning `/proc/*/fd`.
//!
//! This scan dominates portdoc's cost on a loaded host, so it does the least the kernel
//! allows: one `getdents64` loop per process and one `readlinkat` per descriptor, relative to
//! the process's `fd` directory (no path walk from `/`), into stack buffers (no allocation
//! per entry). Threads take processes from a shared counter, and the descriptors of large
//! processes are split into chunks that every thread shares, so that the cores stay busy
//! however the descriptors are spread. Processes that exit mid-scan are skipped; processes
//! whose descriptors cannot be read are counted, never silently dropped.
//!
//! When a process's main thread has exited while other threads run on, `/proc/PID/fd` is
//! empty (the leader is a zombie) and the descriptors are only under `/proc/PID/task/TID/fd`;
//! an empty table is therefore looked up through the other threads.

use std::ffi::CStr;
use std::fmt::Write as _;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::atomic::{AtomicUsize, Ordering};

use rustix::fs::{Mode, OFlags, RawDir};
use rustix::io::Errno;

use crate::source::query::OwnerScan;

/// Descriptor tables larger than this are read in chunks of this size by all threads.
const CHUNK: usize = 1024;

/// A large descriptor table, listed in the first pass and read in chunks in the second.
struct LargeTable {
    pid: u32,
    directory: OwnedFd,
    fds: Vec<u32>,
}

/// What one thread found.
#[derive(Default)]
struct Partial {
    found: Vec<(u64, u32)>,
    denied: Vec<u32>,
    inspected: usize,
    large: Vec<LargeTable>,
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
        .min(pids.len() / 32 + 1);
    let next_pid = AtomicUsize::new(0);
    let partials = run_workers(workers, || {
        scan_processes(proc_dir.as_fd(), &pids, &next_pid, &wanted)
    })?;
    let mut result = OwnerScan::default();
    let mut found = Vec::new();
    let mut large = Vec::new();
    for partial in partials {
        result.inspected += partial.inspected;
        result.denied.extend(partial.denied);
        found.extend(partial.found);
        large.extend(partial.large);
    }
    let chunks: Vec<(usize, usize)> = large
        .iter()
        .enumerate()
        .flat_map(|(table, entry)| {
            (0..entry.fds.len())
                .step_by(CHUNK)
                .map(move |start| (table, start))
        })
        .collect();
    let next_chunk = AtomicUsize::new(0);
    for partial in run_workers(workers.min(chunks.len()), || {
        scan_chunks(&large, &chunks, &next_chunk, &wanted)
    })? {
        result.denied.extend(partial.denied);
        found.extend(partial.found);
    }
    for (inode, pid) in found {
        result.holders.entry(inode).or_default().push(pid);
    }
    for pids in result.holders.values_mut() {
        pids.sort_unstable();
        pids.dedup();
    }
    result.denied.sort_unstable();
    result.denied.dedup();
    Ok(result)
}

/// Runs `work` on `workers` threads (on this one when there is one) and collects the results.
/// A thread that panicked is an error, never an empty result that would show sockets as
/// ownerless.
fn run_workers<F>(workers: usize, work: F) -> std::io::Result<Vec<Partial>>
where
    F: Fn() -> Partial + Sync,
{
    if workers <= 1 {
        return Ok(vec![work()]);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(&work)).collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .map_err(|_| std::io::Error::other("an owner-scan thread failed"))
            })
            .collect()
    })
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

/// First pass: takes processes one at a time; reads small descriptor tables at once and sets
/// large ones aside for the second pass.
fn scan_processes(
    proc_dir: BorrowedFd<'_>,
    pids: &[u32],
    next: &AtomicUsize,
    wanted: &[u64],
) -> Partial {
    let mut partial = Partial::default();
    let mut directory_buffer = [MaybeUninit::<u8>::uninit(); 16 * 1024];
    let mut path = String::with_capacity(32);
    let mut fds: Vec<u32> = Vec::with_capacity(256);
    while let Some(&pid) = pids.get(next.fetch_add(1, Ordering::Relaxed)) {
        path.clear();
        let _ = write!(path, "{pid}/fd");
        let directory = match rustix::fs::openat(
            proc_dir,
            path.as_str(),
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        ) {
            Ok(directory) => directory,
            Err(Errno::NOENT | Errno::SRCH) => continue,
            Err(_) => {
                partial.denied.push(pid);
                continue;
            }
        };
        fds.clear();
        match list_fds(&directory, &mut directory_buffer, &mut fds) {
            Ok(()) => {}
            Err(Errno::NOENT | Errno::SRCH) => continue,
            Err(_) => {
                partial.denied.push(pid);
                continue;
            }
        }
        let directory = if fds.is_empty() {
            match thread_table(proc_dir, pid, &mut directory_buffer, &mut fds) {
                Some(thread_directory) => thread_directory,
                None => continue,
            }
        } else {
            directory
        };
        partial.inspected += 1;
        if fds.len() > CHUNK {
            partial.large.push(LargeTable {
                pid,
                directory,
                fds: std::mem::take(&mut fds),
            });
        } else if read_links(&directory, pid, &fds, wanted, &mut partial.found).is_err() {
            partial.denied.push(pid);
        }
    }
    partial
}

/// The descriptor table of a process whose own `fd` directory is empty, through its other
/// threads (`/proc/PID/task/TID/fd`): the first thread that has descriptors.
fn thread_table(
    proc_dir: BorrowedFd<'_>,
    pid: u32,
    buffer: &mut [MaybeUninit<u8>],
    fds: &mut Vec<u32>,
) -> Option<OwnedFd> {
    let tasks = rustix::fs::openat(
        proc_dir,
        format!("{pid}/task").as_str(),
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .ok()?;
    let mut tids = Vec::new();
    let mut entries = RawDir::new(&tasks, &mut *buffer);
    while let Some(Ok(entry)) = entries.next() {
        if let Some(tid) = parse_decimal(entry.file_name().to_bytes())
            && tid != u64::from(pid)
        {
            tids.push(tid);
        }
    }
    for tid in tids {
        let Ok(directory) = rustix::fs::openat(
            &tasks,
            format!("{tid}/fd").as_str(),
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        ) else {
            continue;
        };
        fds.clear();
        if list_fds(&directory, buffer, fds).is_ok() && !fds.is_empty() {
            return Some(directory);
        }
    }
    None
}

/// Second pass: chunks of the large tables, shared by all threads.
fn scan_chunks(
    large: &[LargeTable],
    chunks: &[(usize, usize)],
    next: &AtomicUsize,
    wanted: &[u64],
) -> Partial {
    let mut partial = Partial::default();
    while let Some(&(table, start)) = chunks.get(next.fetch_add(1, Ordering::Relaxed)) {
        let entry = &large[table];
        let end = (start + CHUNK).min(entry.fds.len());
        let fds = &entry.fds[start..end];
        if read_links(&entry.directory, entry.pid, fds, wanted, &mut partial.found).is_err() {
            partial.denied.push(entry.pid);
        }
    }
    partial
}

/// The descriptor numbers of one process.
fn list_fds(
    directory: &OwnedFd,
    buffer: &mut [MaybeUninit<u8>],
    fds: &mut Vec<u32>,
) -> Result<(), Errno> {
    let mut entries = RawDir::new(directory, buffer);
    while let Some(entry) = entries.next() {
        if let Some(fd) = parse_decimal(entry?.file_name().to_bytes()) {
            fds.push(fd as u32);
        }
    }
    Ok(())
}

/// One `readlinkat` per descriptor into stack buffers; records the wanted socket inodes.
fn read_links(
    directory: &OwnedFd,
    pid: u32,
    fds: &[u32],
    wanted: &[u64],
    found: &mut Vec<(u64, u32)>,
) -> Result<(), Errno> {
    let mut link = [0u8; 64];
    let mut name = [0u8; 12];
    for &fd in fds {
        let target = fd_name(fd, &mut name);
        let length = match rustix::fs::readlinkat_raw(directory, target, &mut link[..]) {
            Ok(length) => length,
            Err(Errno::NOENT) => continue,
            Err(error) => return Err(error),
        };
        if let Some(inode) = socket_inode(&link[..length])
            && wanted.binary_search(&inode).is_ok()
        {
            found.push((inode, pid));
        }
    }
    Ok(())
}

/// The descriptor number as a NUL-terminated name, in the caller's buffer.
fn fd_name(fd: u32, buffer: &mut [u8; 12]) -> &CStr {
    let mut digits = [0u8; 10];
    let mut count = 0;
    let mut value = fd;
    loop {
        digits[count] = b'0' + (value % 10) as u8;
        count += 1;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for (index, digit) in digits[..count].iter().rev().enumerate() {
        buffer[index] = *digit;
    }
    buffer[count] = 0;
    CStr::from_bytes_with_nul(&buffer[..=count]).unwrap_or_default()
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
    fn descriptor_names_are_decimal() {
        let mut buffer = [0u8; 12];
        assert_eq!(fd_name(0, &mut buffer).to_bytes(), b"0");
        assert_eq!(fd_name(1024, &mut buffer).to_bytes(), b"1024");
        assert_eq!(fd_name(u32::MAX, &mut buffer).to_bytes(), b"4294967295");
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

    #[test]
    fn finds_sockets_in_a_table_larger_than_a_chunk() {
        let listeners: Vec<std::net::TcpListener> = (0..CHUNK + 50)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
            .collect();
        let last = listeners.last().unwrap();
        let inode = {
            use std::os::fd::AsRawFd;
            let target = std::fs::read_link(format!("/proc/self/fd/{}", last.as_raw_fd())).unwrap();
            socket_inode(target.to_string_lossy().as_bytes()).unwrap()
        };
        let scan = scan(&[inode]).unwrap();
        assert_eq!(scan.holders[&inode], vec![std::process::id()]);
    }
}
