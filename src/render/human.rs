//! The human report: compact, colored on a terminal. The only module that knows about color.

use std::fmt::Write as _;

use owo_colors::{OwoColorize, Style};

use std::time::Duration;

use crate::diagnose::ExplainReport;
use crate::diagnose::rules::{Rule, Severity};
use crate::model::{
    CheckReport, MatchedBy, PortCheck, PortStatus, Process, Socket, SocketState, WhoReport,
};
use crate::render::sanitize::sanitize;
use crate::text::{count_by, duration, short_time, shorten};

/// Styles for each kind of text; all plain when color is off.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub heading: Style,
    pub process: Style,
    pub dim: Style,
    pub good: Style,
    pub bad: Style,
    pub warn: Style,
    pub state: Style,
}

impl Palette {
    pub fn new(color: bool) -> Palette {
        if !color {
            let plain = Style::new();
            return Palette {
                heading: plain,
                process: plain,
                dim: plain,
                good: plain,
                bad: plain,
                warn: plain,
                state: plain,
            };
        }
        Palette {
            heading: Style::new().bold(),
            process: Style::new().bold().cyan(),
            dim: Style::new().dimmed(),
            good: Style::new().green(),
            bad: Style::new().red().bold(),
            warn: Style::new().yellow(),
            state: Style::new().magenta(),
        }
    }
}

/// Longest command line shown; JSON keeps all of it.
const CMDLINE_LIMIT: usize = 240;

/// Who holds a group of sockets.
#[derive(Debug, PartialEq, Eq, Clone)]
enum Holder {
    Processes(Vec<u32>),
    Hidden,
    NoProcess,
}

fn holder_of(socket: &Socket) -> Holder {
    if !socket.processes.is_empty() {
        Holder::Processes(socket.processes.iter().map(|process| process.pid).collect())
    } else if !socket.owner_visible {
        Holder::Hidden
    } else {
        Holder::NoProcess
    }
}

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

fn write_warnings(out: &mut String, warnings: &[String], palette: &Palette) {
    for warning in warnings {
        let _ = writeln!(
            out,
            "{} {}",
            "warning:".style(palette.warn),
            sanitize(warning)
        );
    }
}

/// Groups sockets by the exact set of processes holding them, keeping first-seen order.
fn group_by_holder<'a>(sockets: &[&'a Socket]) -> Vec<(Holder, Vec<&'a Socket>)> {
    let mut groups: Vec<(Holder, Vec<&Socket>)> = Vec::new();
    for socket in sockets {
        let holder = holder_of(socket);
        match groups.iter_mut().find(|(existing, _)| *existing == holder) {
            Some((_, members)) => members.push(socket),
            None => groups.push((holder, vec![socket])),
        }
    }
    groups
}

fn write_group(
    out: &mut String,
    holder: &Holder,
    sockets: &[&Socket],
    palette: &Palette,
    indent: usize,
) {
    let _ = write!(out, "{:indent$}", "");
    match holder {
        Holder::Processes(_) => {
            for (index, process) in sockets[0].processes.iter().enumerate() {
                if index > 0 {
                    let _ = write!(out, "{:indent$}", "");
                }
                write_process(out, process, palette, indent);
            }
        }
        Holder::Hidden => {
            let first = sockets[0];
            let user = first.user.as_deref().map(sanitize).unwrap_or_default();
            let _ = writeln!(
                out,
                "{} {}",
                "owner not visible".style(palette.warn),
                format!(
                    "(socket created by uid {} {user}; its process cannot be inspected as this user)",
                    first.uid.map_or_else(|| "?".to_string(), |uid| uid.to_string())
                )
                    .style(palette.dim)
            );
        }
        Holder::NoProcess => {
            let all_time_wait = sockets
                .iter()
                .all(|socket| socket.state == SocketState::TimeWait);
            let text = if all_time_wait {
                "no process: TIME_WAIT sockets, kept by the kernel until their timer expires"
            } else {
                "no process holds these sockets (closing, or closed while portdoc looked)"
            };
            let _ = writeln!(out, "{}", text.style(palette.heading));
        }
    }
    let width = sockets
        .iter()
        .map(|socket| socket.local_endpoint().len())
        .max()
        .unwrap_or(0);
    for socket in sockets {
        write_socket_line_padded(out, socket, palette, indent + 4, width);
        out.push('\n');
    }
}

fn process_label(process: &Process) -> String {
    format!("{}[{}]", sanitize(&process.name), process.pid)
}

fn write_process(out: &mut String, process: &Process, palette: &Palette, indent: usize) {
    let _ = write!(out, "{}", process_label(process).style(palette.process));
    let user = sanitize(&crate::model::user_label(
        process.user.as_deref(),
        process.uid,
    ))
    .into_owned();
    let _ = write!(out, "  user {user}");
    if let Some(unit) = &process.systemd_unit {
        let scope = if process.systemd_user_unit {
            " (user unit)"
        } else {
            ""
        };
        let _ = write!(out, "  unit {}{scope}", sanitize(unit));
    }
    if let Some(container) = &process.container {
        let _ = write!(out, "  {}", sanitize(&container.to_string()));
    }
    if let Some(forwarder) = &process.forwarder {
        let text = match (&forwarder.target, &forwarder.container) {
            (Some(target), Some(container)) => {
                format!("forwards to container {target} ({container})")
            }
            (Some(target), None) => format!("forwards to container {target}"),
            (None, _) if forwarder.kind == "dockerd" => {
                "publishes container ports itself (userland proxy off)".to_string()
            }
            (None, _) => format!("container port forwarder ({})", forwarder.kind),
        };
        let _ = write!(out, "  {}", sanitize(&text).style(palette.warn));
    }
    if let Some(since) = process.started_at.as_deref().and_then(short_time) {
        let _ = write!(out, "  {}", format!("started {since}").style(palette.dim));
    }
    out.push('\n');
    let cmdline = sanitize(&process.cmdline);
    let shown = shorten(&cmdline, CMDLINE_LIMIT);
    let _ = writeln!(out, "{:indent$}  {}", "", shown.style(palette.dim));
}

/// Renders `check`: each port that is not plainly fine in detail, with its holders and
/// notes; every port when there are few.
pub fn check(report: &CheckReport, palette: &Palette) -> String {
    let mut out = String::new();
    let detailed = report.ports.len() <= 20;
    for port in &report.ports {
        if !detailed && matches!(port.status, PortStatus::Free | PortStatus::Listening) {
            continue;
        }
        let status_style = match port.status {
            PortStatus::Free | PortStatus::Listening => palette.good,
            PortStatus::TimeWait => palette.warn,
            _ => palette.bad,
        };
        let _ = writeln!(
            out,
            "{}/{}  {}  {}",
            port.port,
            port.protocol,
            port.status.name().style(status_style),
            status_sentence(port).style(palette.dim)
        );
        let holders: Vec<&Socket> = port.holders.iter().collect();
        for (holder, sockets) in group_by_holder(&holders) {
            write_group(&mut out, &holder, &sockets, palette, 2);
        }
        for note in &port.notes {
            let _ = writeln!(out, "  {} {}", "note:".style(palette.warn), sanitize(note));
        }
    }
    if report.ports.len() > 1 {
        let _ = writeln!(out, "{}", check_summary(report).style(palette.dim));
    }
    write_warnings(&mut out, &report.warnings, palette);
    out
}

fn status_sentence(port: &PortCheck) -> String {
    let endpoint = match port.binds.as_slice() {
        [single] => crate::model::endpoint(&single.address, port.port),
        _ if port.address.is_unspecified() => format!("0.0.0.0:{0} and [::]:{0}", port.port),
        _ => crate::model::endpoint(&port.address, port.port),
    };
    match port.status {
        PortStatus::Free => format!("a server can bind {endpoint}"),
        PortStatus::TimeWait => format!(
            "{endpoint} binds with SO_REUSEADDR; {} TIME_WAIT socket(s) remain",
            port.time_wait
        ),
        PortStatus::InUse => format!("binding {endpoint} fails: address already in use"),
        PortStatus::PermissionDenied => format!("binding {endpoint} fails: permission denied"),
        PortStatus::AddressUnavailable => {
            format!("binding {endpoint} fails: cannot assign requested address")
        }
        PortStatus::Listening => "something is listening".into(),
        PortStatus::NotListening => "nothing is listening".into(),
    }
}

fn check_summary(report: &CheckReport) -> String {
    let statuses = count_by(report.ports.iter().map(|port| port.status));
    let mut summary = format!("{} ports checked: {statuses}", report.ports.len());
    let ephemeral = report.ports.iter().filter(|port| port.ephemeral).count();
    if ephemeral > 0 && report.ports.len() > 20 {
        let _ = write!(
            summary,
            "; {ephemeral} lie in the ephemeral range (net.ipv4.ip_local_port_range), where outgoing connections can take them"
        );
    }
    summary
}

/// One line for `check --wait` on a terminal: what is still not ready, and by whom.
pub fn check_progress(report: &CheckReport, elapsed: Duration, wait: Duration) -> String {
    let pending: Vec<String> = report
        .ports
        .iter()
        .filter(|port| !matches!(port.status, PortStatus::Free | PortStatus::Listening))
        .take(3)
        .map(|port| {
            let mut text = format!("{}/{} {}", port.port, port.protocol, port.status);
            let holders: Vec<String> = port
                .holders
                .iter()
                .flat_map(|socket| {
                    socket
                        .processes
                        .iter()
                        .map(|process| process_label(process))
                })
                .take(2)
                .collect();
            if !holders.is_empty() {
                let _ = write!(text, " by {}", holders.join(", "));
            }
            if port.status == PortStatus::TimeWait
                && let Some(left) = port.time_wait_expires_in_ms
            {
                let _ = write!(text, " ({} left)", duration(left));
            }
            text
        })
        .collect();
    format!(
        "waiting {}/{}: {}",
        duration(elapsed.as_millis() as u64),
        duration(wait.as_millis() as u64),
        pending.join("; ")
    )
}

/// Renders `explain` for one subject: what was asked, the findings with their fixes, then
/// the sockets on the port as `who` shows them.
pub fn explain(report: &ExplainReport, palette: &Palette) -> String {
    let mut out = String::new();
    let subject = &report.subject;
    if let Some(line) = &subject.line {
        let _ = writeln!(
            out,
            "{} {}",
            "explain:".style(palette.heading),
            sanitize(line)
        );
    }
    let mut about = Vec::new();
    match subject.port {
        Some(port) => about.push(format!("port {port}/{}", subject.protocol)),
        None => about.push("no port named".to_string()),
    }
    if let Some(address) = subject.address {
        about.push(format!("address {address}"));
    } else if let Some(host) = &subject.host {
        about.push(format!("host {}", sanitize(host)));
    }
    if let Some(error) = subject.error {
        about.push(format!("{} ({})", error.name(), error.describe()));
    }
    if let Some(program) = &subject.program {
        about.push(format!("printed by {}", sanitize(program)));
    }
    if let Some(platform) = subject.platform {
        about.push(format!("a {platform:?} error").to_lowercase());
    }
    if let Some(status) = report.status {
        about.push(format!("now: {status}"));
    }
    let _ = writeln!(out, "{}\n", about.join(" · ").style(palette.dim));
    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            "no rule matched: nothing known is wrong with this port".style(palette.good)
        );
    }
    for finding in &report.findings {
        let style = match finding.severity {
            Severity::Error => palette.bad,
            Severity::Warning => palette.warn,
            Severity::Info => palette.good,
        };
        let _ = writeln!(
            out,
            "{} {} {}",
            format!("{:<7}", finding.severity.name()).style(style),
            format!("[{}]", finding.rule).style(palette.dim),
            sanitize(&finding.summary).style(palette.heading)
        );
        if !finding.detail.is_empty() {
            let _ = writeln!(out, "        {}", sanitize(&finding.detail));
        }
        for (index, fix) in finding.fixes.iter().enumerate() {
            let label = if index == 0 { "fix:" } else { "    " };
            let _ = writeln!(
                out,
                "        {} {}",
                label.style(palette.good),
                sanitize(fix)
            );
        }
        out.push('\n');
    }
    let local: Vec<&Socket> = report.sockets.iter().collect();
    if !local.is_empty() {
        let _ = writeln!(out, "{}", "sockets on the port:".style(palette.heading));
        for (holder, sockets) in group_by_holder(&local) {
            write_group(&mut out, &holder, &sockets, palette, 2);
        }
    }
    write_warnings(&mut out, &report.warnings, palette);
    out
}

/// `explain --list-rules`: one rule a line.
pub fn rule_list(rules: &[Rule], palette: &Palette) -> String {
    let width = rules.iter().map(|rule| rule.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in rules {
        let origin = if rule.origin == "built-in" {
            String::new()
        } else {
            format!("  ({})", rule.origin)
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:<7}  {}{}",
            rule.id.style(palette.heading),
            rule.severity.name(),
            sanitize(&rule.detects),
            origin.style(palette.dim)
        );
    }
    out
}

fn write_socket_line(out: &mut String, socket: &Socket, palette: &Palette, indent: usize) {
    let width = socket.local_endpoint().len();
    write_socket_line_padded(out, socket, palette, indent, width);
}

fn write_socket_line_padded(
    out: &mut String,
    socket: &Socket,
    palette: &Palette,
    indent: usize,
    width: usize,
) {
    let _ = write!(
        out,
        "{:indent$}{} {} {:<width$}",
        "",
        socket.protocol,
        format!("{:<11}", socket.state.name()).style(palette.state),
        socket.local_endpoint(),
    );
    if let Some(remote) = socket.remote_endpoint() {
        let _ = write!(out, "  peer {remote}");
    }
    for detail in socket_details(socket) {
        let _ = write!(out, "  {}", detail.style(palette.dim));
    }
    if let Some(netns) = socket.netns.as_ref().filter(|netns| !netns.current) {
        let _ = write!(
            out,
            "  {}",
            sanitize(&netns.to_string()).style(palette.warn)
        );
    }
}

fn socket_details(socket: &Socket) -> Vec<String> {
    let mut details = Vec::new();
    match socket.state {
        SocketState::Listen => {
            if let (Some(waiting), Some(backlog)) = (socket.recv_queue, socket.send_queue) {
                details.push(format!("accept queue {waiting}/{backlog}"));
            }
        }
        SocketState::TimeWait => {
            if let Some(expires) = socket.expires_in_ms {
                details.push(format!("expires in {}", duration(expires)));
            }
        }
        _ => {}
    }
    match socket.v6only {
        Some(true) => details.push("IPv6 only".into()),
        Some(false) if socket.local_address.is_unspecified() => {
            details.push("dual-stack: also takes IPv4".into())
        }
        _ => {}
    }
    if socket.state == SocketState::Bound {
        details.push("bound, not listening".into());
    }
    details
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
    use crate::model::{Family, Protocol};

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
            systemd_unit: Some("web.service".into()),
            systemd_user_unit: false,
            container: None,
            forwarder: None,
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
    fn says_nothing_holds_the_port_without_claiming_more() {
        let text = who(&report(vec![]), "8080/tcp", &Palette::new(false));
        assert!(
            text.starts_with("nothing holds 8080/tcp (no socket on it in this network namespace)")
        );
    }
}
