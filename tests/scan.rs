//! The owner scan's fast paths against a plain walk of /proc. In a test binary of its own:
//! its 1500 UDP sockets would otherwise share port numbers with other tests' sockets.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;

use common::*;

/// The fast scan (parallel, large tables split into chunks, skipped when nothing can have an
/// owner) must find exactly the owners a plain walk of every /proc/*/fd link finds.
#[test]
fn the_fast_owner_scan_finds_the_same_owners_as_a_full_scan() {
    raise_descriptor_limit(4096);
    let shared = local_listener();
    let shared_port = shared.local_addr().unwrap().port();
    let child = hold(HolderSpec {
        fds: vec![raw_fd(&shared)],
        ..HolderSpec::default()
    });
    // A process with more descriptors than one scan chunk, its socket among the last.
    let many: Vec<std::net::UdpSocket> = (0..1500).map(|_| udp_socket()).collect();
    let last_port = many.last().unwrap().local_addr().unwrap().port();
    let big = hold(HolderSpec {
        fds: many.iter().map(raw_fd).collect(),
        ..HolderSpec::default()
    });
    drop(many);

    let (document, _) = who_json(&[&format!("{shared_port}/tcp,{last_port}/udp")]);
    let found: std::collections::BTreeMap<u64, BTreeSet<u32>> = document
        .sockets
        .iter()
        .map(|socket| (socket.inode, socket.pids().into_iter().collect()))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    let full = full_scan(&found.keys().copied().collect());
    assert_eq!(found, full);
    assert!(
        found
            .values()
            .any(|pids| pids.contains(&child.pid()) && pids.contains(&std::process::id()))
    );
    assert!(
        found
            .values()
            .any(|pids| pids == &BTreeSet::from([big.pid()]))
    );
}

/// Every process's every descriptor, with std: the slow reference.
fn full_scan(inodes: &BTreeSet<u64>) -> std::collections::BTreeMap<u64, BTreeSet<u32>> {
    let mut owners: std::collections::BTreeMap<u64, BTreeSet<u32>> =
        std::collections::BTreeMap::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            let Ok(target) = std::fs::read_link(fd.path()) else {
                continue;
            };
            let target = target.to_string_lossy().into_owned();
            if let Some(inode) = target
                .strip_prefix("socket:[")
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|digits| digits.parse().ok())
                && inodes.contains(&inode)
            {
                owners.entry(inode).or_default().insert(pid);
            }
        }
    }
    owners
}

fn raise_descriptor_limit(wanted: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit write to and read from the struct passed.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        if limit.rlim_cur < wanted {
            limit.rlim_cur = wanted.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}
