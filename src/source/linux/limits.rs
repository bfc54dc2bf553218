//! Kernel-wide resource counters that explain exhaustion: the file table, the connection
//! tracking table, TIME_WAIT reuse for outgoing connections, and processes by name.

/// `fs.file-nr`: allocated file handles and the maximum (`fs.file-max`).
pub fn file_table() -> Option<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/sys/fs/file-nr").ok()?;
    parse_file_nr(&text)
}

/// `allocated  free  max` → (allocated, max).
pub fn parse_file_nr(text: &str) -> Option<(u64, u64)> {
    let numbers: Vec<u64> = text
        .split_whitespace()
        .map(|number| number.parse().ok())
        .collect::<Option<_>>()?;
    match numbers[..] {
        [allocated, _free, max] => Some((allocated, max)),
        _ => None,
    }
}

/// `nf_conntrack_count` of this network namespace and `nf_conntrack_max`; `None` when
/// connection tracking is not available here (module not loaded).
pub fn conntrack() -> Option<(u64, u64)> {
    let read = |name: &str| -> Option<u64> {
        std::fs::read_to_string(format!("/proc/sys/net/netfilter/{name}"))
            .ok()?
            .trim()
            .parse()
            .ok()
    };
    Some((read("nf_conntrack_count")?, read("nf_conntrack_max")?))
}

/// `net.ipv4.tcp_tw_reuse`: 0 off, 1 on, 2 loopback only (the default since Linux 4.19).
pub fn tcp_tw_reuse() -> Option<u8> {
    std::fs::read_to_string("/proc/sys/net/ipv4/tcp_tw_reuse")
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The pids whose command name (`comm`) is `name`, in order.
pub fn pids_named(name: &str) -> Vec<u32> {
    let wanted: String = name.chars().take(15).collect();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut pids: Vec<u32> = entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|comm| comm.trim_end_matches('\n') == wanted)
        })
        .collect();
    pids.sort_unstable();
    pids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_nr_gives_allocated_and_max() {
        assert_eq!(
            parse_file_nr("1856\t0\t9223372036854775807\n"),
            Some((1856, 9223372036854775807))
        );
        assert_eq!(parse_file_nr("12 0"), None);
        assert_eq!(parse_file_nr("x y z"), None);
    }

    #[test]
    fn this_process_is_found_by_its_name() {
        let comm = std::fs::read_to_string("/proc/self/comm").unwrap();
        assert!(pids_named(comm.trim()).contains(&std::process::id()));
    }
}
