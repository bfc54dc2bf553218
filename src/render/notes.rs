//! The sentences behind a verdict: one note per typed reason, as `check` prints them and
//! `check --json` carries them in `notes`.

use crate::kernel::Profile;
use crate::render::sanitize::sanitize;
use crate::text::{duration, port_list};
use crate::verdict::{PortVerdict, Reason};

/// Every note of a verdict, in the order of its reasons.
pub fn notes(verdict: &PortVerdict) -> Vec<String> {
    verdict
        .reasons
        .iter()
        .map(|reason| note(reason, verdict))
        .collect()
}

/// `, the last expires in 41.2s`.
fn expiry(last_expires_in_ms: Option<u64>) -> String {
    last_expires_in_ms
        .map(|ms| format!(", the last expires in {}", duration(ms)))
        .unwrap_or_default()
}

/// `1 TIME_WAIT socket`, `3 connections`.
fn count(number: usize, singular: &str, plural: &str) -> String {
    if number == 1 {
        format!("1 {singular}")
    } else {
        format!("{number} {plural}")
    }
}

/// The verb that agrees with a count: `verb(1, "blocks", "block")`.
fn verb<'a>(number: usize, singular: &'a str, plural: &'a str) -> &'a str {
    if number == 1 { singular } else { plural }
}

/// A server of a profile, as a reader knows it.
pub fn profile_server(profile: Profile) -> &'static str {
    match profile {
        Profile::ReuseAddress => {
            "a server that sets SO_REUSEADDR (nginx, Node, Go, Java, Rust, uvicorn)"
        }
        Profile::Plain => "a server without SO_REUSEADDR (Python's socketserver, a plain bind)",
        Profile::Datagram => "a UDP server",
        Profile::ReusePort => "a server that sets SO_REUSEPORT",
    }
}

/// The note for one reason.
pub fn note(reason: &Reason, verdict: &PortVerdict) -> String {
    let port = verdict.port;
    match reason {
        Reason::DualStackHolder { endpoint } => format!(
            "{endpoint} is a dual-stack socket (IPV6_V6ONLY off): it also holds 0.0.0.0:{port}"
        ),
        Reason::Ipv4BlocksDualStack { endpoint } => format!(
            "{endpoint} holds the IPv4 port, so a dual-stack [::]:{port} bind fails too; an IPv6-only bind (IPV6_V6ONLY on) would succeed"
        ),
        Reason::TimeWaitBlocksPlain {
            count: number,
            last_expires_in_ms,
        } => format!(
            "{} {} from closed connections{}: {} binds; {} fails until then (`check --strict` fails too)",
            count(*number, "TIME_WAIT socket", "TIME_WAIT sockets"),
            verb(*number, "remains", "remain"),
            expiry(*last_expires_in_ms),
            profile_server(Profile::ReuseAddress),
            profile_server(Profile::Plain),
        ),
        Reason::TimeWaitBlocksEveryServer {
            count: number,
            last_expires_in_ms,
        } => format!(
            "{} {} every server{}: the kernel lets a new socket past a TIME_WAIT only when both set SO_REUSEADDR, and {} left by a socket that did not (the client side of a connection, or a server without it); wait (`portdoc check {port} --wait 70s`)",
            count(*number, "TIME_WAIT socket", "TIME_WAIT sockets"),
            verb(*number, "blocks", "block"),
            expiry(*last_expires_in_ms),
            verb(*number, "it was", "they were"),
        ),
        Reason::ConnectionsHoldPort {
            count: number,
            outgoing,
            ephemeral,
        } => {
            // Saturating: a count below its outgoing part (never from the kernel's table,
            // but a report is data) must not panic.
            let how = match (*outgoing, number.saturating_sub(*outgoing)) {
                (_, 0) => format!(
                    "outgoing connections got it as their source port{}",
                    if *ephemeral {
                        " (it lies in the ephemeral range)"
                    } else {
                        ""
                    }
                ),
                (0, _) => "a server that has stopped left connections it had accepted".to_string(),
                (out, accepted) => format!(
                    "{out} went out from it as a source port, {accepted} came in to a server that has stopped"
                ),
            };
            format!(
                "{} {} the port and nothing listens: {how}; the port is free when {}",
                count(*number, "connection", "connections"),
                verb(*number, "holds", "hold"),
                verb(*number, "it closes", "they close"),
            )
        }
        Reason::ConnectionsBlockPlain { count: number } => format!(
            "{} accepted by an earlier server that set SO_REUSEADDR {}: {} binds, {} fails until {} (`check --strict` fails)",
            count(*number, "connection", "connections"),
            verb(*number, "remains", "remain"),
            profile_server(Profile::ReuseAddress),
            profile_server(Profile::Plain),
            verb(*number, "it closes", "they close"),
        ),
        Reason::ConnectionsOfHolder { count: number } => format!(
            "{} on the port {} to the holder",
            count(*number, "connection", "connections"),
            verb(*number, "belongs", "belong")
        ),
        Reason::BoundNotListening { endpoint } => format!(
            "{endpoint} is bound but not listening (bind() without listen()): it holds the port, though `ss -tl` does not show it"
        ),
        Reason::LatentConflict { endpoint } => format!(
            "{endpoint} is bound with SO_REUSEADDR but not listening: a new server binds and listens, and then the bound socket's own listen() fails with EADDRINUSE; {} fails now (`check --strict` fails)",
            profile_server(Profile::Plain),
        ),
        Reason::ReusePortShared { endpoint, uid } => format!(
            "{endpoint} set SO_REUSEPORT: a server running as uid {uid} that sets SO_REUSEPORT too would bind as well, and the kernel would split new connections between the two"
        ),
        Reason::Privileged {
            unprivileged_port_start,
        } => format!(
            "port {port} is privileged: it is below net.ipv4.ip_unprivileged_port_start ({unprivileged_port_start}) and this user lacks CAP_NET_BIND_SERVICE, so the kernel refuses the bind before it looks for conflicts; give the server the capability (`setcap cap_net_bind_service=+ep /path/to/server`, or AmbientCapabilities=CAP_NET_BIND_SERVICE in its unit), lower the sysctl, or use a port >= {unprivileged_port_start} behind a proxy"
        ),
        Reason::HeldBehindPrivilege => format!(
            "the test bind is refused as privileged before the kernel looks for conflicts, but the socket table shows {port} held: a server with the privilege fails with EADDRINUSE"
        ),
        Reason::TimeWaitUntestable {
            count: number,
            last_expires_in_ms,
        } => format!(
            "{} {}{}: whether {} a server cannot be tested as this user (`sudo portdoc check {port}`)",
            count(*number, "TIME_WAIT socket", "TIME_WAIT sockets"),
            verb(*number, "remains", "remain"),
            expiry(*last_expires_in_ms),
            verb(*number, "it stops", "they stop"),
        ),
        Reason::PrivilegedBindsHere {
            unprivileged_port_start,
        } => format!(
            "port {port} is below net.ipv4.ip_unprivileged_port_start ({unprivileged_port_start}): it binds here because portdoc has CAP_NET_BIND_SERVICE; a server running as another user needs that capability"
        ),
        Reason::SecurityPolicy => format!(
            "the kernel denied binding port {port} although it is not privileged for this user: a security module (SELinux: `semanage port -l | grep -w {port}`; AppArmor) or a cgroup BPF program refuses it"
        ),
        Reason::AddressNotLocal { address } => format!(
            "{address} is not an address of this host (in this network namespace): pick one from `ip -brief address`, or if it appears later (VRRP, DHCP) set net.ipv4.ip_nonlocal_bind=1 or order the service after network-online.target"
        ),
        Reason::NoIpv6 => "this host has no IPv6: only 0.0.0.0 was tested".to_string(),
        Reason::Unexplained {
            profile,
            bound_sockets_listed,
        } => {
            let causes = if *bound_sockets_listed {
                "a socket opened and closed again while portdoc looked"
            } else {
                "a socket bound without listen(), which this kernel does not list (sock_diag lists them from Linux 6.5; /proc/net never does), or a socket opened and closed again while portdoc looked"
            };
            format!(
                "the kernel refused the bind of {}, yet no socket in this network namespace explains it (portdoc looked twice): {causes}",
                profile_server(*profile)
            )
        }
        Reason::Ephemeral {
            first,
            last,
            reserved,
        } => {
            let mut extended = reserved.clone();
            extended.push((port, port));
            format!(
                "port {port} is inside net.ipv4.ip_local_port_range ({first}-{last}): outgoing connections can take it at random before the server starts; reserve it with `sysctl -w net.ipv4.ip_local_reserved_ports={}`",
                port_list(&extended)
            )
        }
        Reason::NodePort => format!(
            "port {port} is in Kubernetes' NodePort range (30000-32767) on this node: kube-proxy may take it for a NodePort Service (`kubectl get svc -A | grep :{port}`)"
        ),
        Reason::OtherNetns { holders } => {
            let places: Vec<String> = holders
                .iter()
                .map(|holder| format!("{} in {}", holder.endpoint, sanitize(&holder.netns.to_string())))
                .collect();
            format!(
                "free in this network namespace, but held in another: {}; a server started there cannot bind it (`portdoc who {port} --all-netns`)",
                places.join("; ")
            )
        }
        Reason::OwnersHidden {
            count: number,
            rerun_with_sudo,
        } => format!(
            "the owner of {} on this port could not be inspected: {}",
            count(*number, "socket", "sockets"),
            match rerun_with_sudo {
                Some(command) => format!("run `{command}` to see every owner"),
                None => "even root was refused (a security module, or a process with capabilities portdoc lacks, as in a container's sandbox)".to_string(),
            }
        ),
        Reason::NotListeningYet { endpoint } => format!(
            "{endpoint} is bound but not listening: the server called bind() and has not called listen() yet (or never will)"
        ),
        Reason::ListensElsewhere { endpoint, address } => {
            format!("something listens on {endpoint}, which does not serve {address}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::PortStatus;

    /// Found by fuzz/fuzz_targets/render_human.rs: more outgoing connections than
    /// connections overflowed a subtraction.
    #[test]
    fn a_count_below_its_outgoing_part_does_not_panic() {
        let verdict = PortVerdict::for_tests(8080, PortStatus::InUse, vec![]);
        let reason = Reason::ConnectionsHoldPort {
            count: 1,
            outgoing: 2,
            ephemeral: true,
        };
        assert!(note(&reason, &verdict).contains("outgoing connections"));
    }
}
