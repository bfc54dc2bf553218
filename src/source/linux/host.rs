//! Host facts for `explain`: the addresses of this network namespace, the kernel's listen
//! overflow counters, and systemd socket units that listen on a port.

use std::net::IpAddr;

/// Every address configured on an interface, as `getifaddrs(3)` lists them.
pub fn host_addresses() -> Vec<IpAddr> {
    let mut addresses = Vec::new();
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list` on success; it is freed below with freeifaddrs.
    if unsafe { libc::getifaddrs(&mut list) } != 0 {
        return addresses;
    }
    let mut cursor = list;
    while !cursor.is_null() {
        // SAFETY: `cursor` is a node of the list getifaddrs returned and has not been freed.
        let entry = unsafe { &*cursor };
        if !entry.ifa_addr.is_null() {
            // SAFETY: ifa_addr points to a sockaddr whose family says which struct it is.
            let family = i32::from(unsafe { (*entry.ifa_addr).sa_family });
            if family == libc::AF_INET {
                // SAFETY: the family is AF_INET, so this is a sockaddr_in.
                let v4 = unsafe { &*(entry.ifa_addr as *const libc::sockaddr_in) };
                addresses.push(IpAddr::from(u32::from_be(v4.sin_addr.s_addr).to_be_bytes()));
            } else if family == libc::AF_INET6 {
                // SAFETY: the family is AF_INET6, so this is a sockaddr_in6.
                let v6 = unsafe { &*(entry.ifa_addr as *const libc::sockaddr_in6) };
                addresses.push(IpAddr::from(v6.sin6_addr.s6_addr));
            }
        }
        cursor = entry.ifa_next;
    }
    // SAFETY: `list` came from getifaddrs and is freed once.
    unsafe { libc::freeifaddrs(list) };
    addresses.sort();
    addresses.dedup();
    addresses
}

/// `ListenOverflows` and `ListenDrops` from `/proc/net/netstat` (TcpExt).
pub fn listen_overflows() -> Option<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/net/netstat").ok()?;
    parse_listen_overflows(&text)
}

pub fn parse_listen_overflows(text: &str) -> Option<(u64, u64)> {
    let mut lines = text.lines().filter(|line| line.starts_with("TcpExt:"));
    let names: Vec<&str> = lines.next()?.split_whitespace().collect();
    let values: Vec<&str> = lines.next()?.split_whitespace().collect();
    let value = |wanted: &str| -> Option<u64> {
        let index = names.iter().position(|name| *name == wanted)?;
        values.get(index)?.parse().ok()
    };
    Some((value("ListenOverflows")?, value("ListenDrops")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tcpext_counters() {
        let text = "TcpExt: SyncookiesSent ListenOverflows ListenDrops\nTcpExt: 0 17 21\nIpExt: InNoRoutes\nIpExt: 0\n";
        assert_eq!(parse_listen_overflows(text), Some((17, 21)));
        assert_eq!(parse_listen_overflows("garbage"), None);
    }

    #[test]
    fn this_host_has_a_loopback_address() {
        assert!(host_addresses().contains(&"127.0.0.1".parse().unwrap()));
    }
}
