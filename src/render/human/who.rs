//! `who`: sockets grouped by the processes holding them.

use std::fmt::Write as _;

use owo_colors::OwoColorize;

use super::*;
use crate::model::{Forwarder, MatchedBy, Socket, WhoReport, short_id};
use crate::text::count_by;

/// Renders `who`. `subject` names what was asked ("8080/tcp"), empty for the overview.
pub fn who(report: &WhoReport, subject: &str, palette: &Palette) -> String {
    let mut out = String::new();
    let local: Vec<&Socket> = report
        .sockets
        .iter()
        .filter(|socket| socket.matched_by == MatchedBy::LocalPort)
        .collect();
    let remote: Vec<&Socket> = report
        .sockets
        .iter()
        .filter(|socket| socket.matched_by == MatchedBy::RemotePort)
        .collect();
    if local.is_empty() {
        let what = if subject.is_empty() {
            "no listening socket".to_string()
        } else {
            format!("nothing holds {subject}")
        };
        let _ = writeln!(
            out,
            "{} {}",
            what.style(palette.good),
            "(no socket on it in this network namespace)".style(palette.dim)
        );
    }
    for (holder, sockets) in group_by_holder(&local) {
        write_group(&mut out, &holder, &sockets, palette, 0);
        out.push('\n');
    }
    if !report.other_netns.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            format!(
                "but other network namespaces hold it (containers, ip netns); `portdoc who {subject} --all-netns` lists them with the rest:"
            )
            .style(palette.warn)
        );
        let elsewhere: Vec<&Socket> = report.other_netns.iter().collect();
        for (holder, sockets) in group_by_holder(&elsewhere) {
            write_group(&mut out, &holder, &sockets, palette, 2);
        }
        out.push('\n');
    }
    if !remote.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            "Outgoing connections to the port (remote port matches; they do not hold it here):"
                .style(palette.heading)
        );
        for socket in &remote {
            write_socket_line(&mut out, socket, palette, 2);
            let names: Vec<String> = socket
                .processes
                .iter()
                .map(|process| process_label(process))
                .collect();
            if !names.is_empty() {
                let _ = write!(out, "  {}", names.join(", ").style(palette.dim));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if !local.is_empty() {
        let _ = writeln!(out, "{}", summary(&local, subject).style(palette.dim));
    }
    write_warnings(&mut out, &report.warnings, palette);
    out
}

/// `forwards to container web (aba68c1af92d) at 10.88.0.2:8080`: the container a forwarder
/// stands for, and where the port of these sockets goes when the runtime's files say.
pub(super) fn forwarder_text(forwarder: &Forwarder, sockets: &[&Socket]) -> String {
    let published = forwarder.published.iter().find(|port| {
        sockets.iter().any(|socket| {
            socket.local_port == port.host_port
                && socket.protocol.name().eq_ignore_ascii_case(&port.protocol)
        })
    });
    let target = published
        .and_then(|port| port.target.as_deref())
        .or(forwarder.target.as_deref());
    let id = forwarder.container_id.as_deref().map(short_id);
    let container = match (forwarder.container.as_deref(), id) {
        (Some(name), Some(id)) => Some(format!("{name} ({id})")),
        (Some(name), None) => Some(name.to_string()),
        (None, Some(id)) => Some(id.to_string()),
        (None, None) => None,
    };
    let mut text = match (container, target) {
        (Some(container), Some(target)) => format!("forwards to container {container} at {target}"),
        (Some(container), None) => format!("forwards to container {container}"),
        (None, Some(target)) => format!("forwards to container {target}"),
        (None, None) if forwarder.kind == "dockerd" => {
            "publishes container ports itself (userland proxy off)".to_string()
        }
        (None, None) => format!("container port forwarder ({})", forwarder.kind),
    };
    match (&forwarder.pod_name, &forwarder.pod_id) {
        (Some(pod), _) => text.push_str(&format!(", pod {pod}")),
        (None, Some(id)) => text.push_str(&format!(", pod {}", short_id(id))),
        (None, None) => {}
    }
    text
}

fn summary(sockets: &[&Socket], subject: &str) -> String {
    let on = if subject.is_empty() {
        String::new()
    } else {
        format!(" on {subject}")
    };
    let noun = if sockets.len() == 1 {
        "socket"
    } else {
        "sockets"
    };
    let states = count_by(sockets.iter().map(|socket| socket.state));
    format!("{} {noun}{on}: {states}", sockets.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Family, Process, Protocol, SocketState};

    fn socket(
        state: SocketState,
        port: u16,
        processes: Vec<Process>,
        owner_visible: bool,
    ) -> Socket {
        Socket {
            protocol: Protocol::Tcp,
            family: Family::Ipv4,
            local_address: "0.0.0.0".parse().unwrap(),
            local_port: port,
            remote_address: None,
            remote_port: None,
            state,
            inode: 1,
            uid: Some(0),
            user: Some("root".into()),
            expires_in_ms: None,
            recv_queue: Some(0),
            send_queue: Some(511),
            v6only: None,
            matched_by: MatchedBy::LocalPort,
            processes: processes.into_iter().map(std::sync::Arc::new).collect(),
            owner_visible,
            netns: Default::default(),
        }
    }

    fn process(pid: u32, name: &str) -> Process {
        Process {
            pid,
            ppid: 1,
            name: name.into(),
            cmdline: format!("{name} --serve"),
            user: Some("www-data".into()),
            uid: Some(33),
            exe: None,
            started_at: None,
            start_ticks: None,
            systemd_unit: Some("web.service".into()),
            systemd_user_unit: false,
            container: None,
            forwarder: None,
            open_fds: None,
            fd_limit: None,
            fd_limit_hard: None,
        }
    }

    fn report(sockets: Vec<Socket>) -> WhoReport {
        WhoReport {
            host: "test".into(),
            sockets,
            complete: true,
            warnings: vec![],
            other_netns: vec![],
        }
    }

    #[test]
    fn groups_sockets_held_by_the_same_processes() {
        let holders = vec![process(812, "nginx"), process(813, "nginx")];
        let text = who(
            &report(vec![
                socket(SocketState::Listen, 80, holders.clone(), true),
                socket(SocketState::Listen, 443, holders, true),
            ]),
            "80, 443",
            &Palette::new(false),
        );
        assert_eq!(text.matches("nginx[812]").count(), 1, "{text}");
        assert!(
            text.contains("nginx[813]  user www-data  unit web.service"),
            "{text}"
        );
        assert!(
            text.contains("tcp LISTEN      0.0.0.0:80   accept queue 0/511"),
            "{text}"
        );
        assert!(text.contains("2 sockets on 80, 443: 2 LISTEN"), "{text}");
    }

    #[test]
    fn hidden_owners_and_kernel_held_sockets_are_labelled() {
        let mut time_wait = socket(SocketState::TimeWait, 8080, vec![], true);
        time_wait.expires_in_ms = Some(41_230);
        let text = who(
            &report(vec![
                socket(SocketState::Listen, 22, vec![], false),
                time_wait,
            ]),
            "22, 8080",
            &Palette::new(false),
        );
        assert!(
            text.contains("owner not visible (socket created by uid 0 root"),
            "{text}"
        );
        assert!(text.contains("no process: TIME_WAIT"), "{text}");
        assert!(text.contains("expires in 41.2s"), "{text}");
    }

    #[test]
    fn escape_sequences_in_process_names_are_neutralised() {
        let mut evil = process(666, "ev\x1b[2Jil");
        evil.cmdline = "\x1b]0;owned\x07 --x".into();
        let text = who(
            &report(vec![socket(SocketState::Listen, 80, vec![evil], true)]),
            "80",
            &Palette::new(false),
        );
        assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
        assert!(text.contains("ev\\x1b[2Jil[666]"), "{text}");
    }

    #[test]
    fn a_forwarder_names_its_container_and_the_target_of_this_port() {
        let mut conmon = process(4242, "conmon");
        conmon.systemd_unit = None;
        conmon.forwarder = Some(Forwarder {
            kind: "conmon".into(),
            container: Some("web".into()),
            container_id: Some(
                "aba68c1af92df636783464ee349b600d0aa83863ad2b35a930d830d9bd906dd4".into(),
            ),
            runtime: Some("podman".into()),
            published: vec![
                crate::model::PublishedPort {
                    protocol: "tcp".into(),
                    host_address: Some("127.0.0.1".into()),
                    host_port: 80,
                    target: Some("10.88.0.2:8080".into()),
                },
                crate::model::PublishedPort {
                    protocol: "tcp".into(),
                    host_address: Some("127.0.0.1".into()),
                    host_port: 443,
                    target: Some("10.88.0.2:8443".into()),
                },
            ],
            ..Forwarder::default()
        });
        let text = who(
            &report(vec![socket(
                SocketState::Listen,
                443,
                vec![conmon.clone()],
                true,
            )]),
            "443",
            &Palette::new(false),
        );
        assert!(
            text.contains("forwards to container web (aba68c1af92d) at 10.88.0.2:8443"),
            "{text}"
        );
        let forwarder = conmon.forwarder.as_mut().unwrap();
        forwarder.published.clear();
        forwarder.pod_name = Some("pdpod".into());
        let text = who(
            &report(vec![socket(SocketState::Listen, 443, vec![conmon], true)]),
            "443",
            &Palette::new(false),
        );
        assert!(
            text.contains("forwards to container web (aba68c1af92d), pod pdpod"),
            "{text}"
        );
    }

    #[test]
    fn says_nothing_holds_the_port_without_claiming_more() {
        let text = who(&report(vec![]), "8080/tcp", &Palette::new(false));
        assert!(
            text.starts_with("nothing holds 8080/tcp (no socket on it in this network namespace)")
        );
    }
}
