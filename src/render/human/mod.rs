//! The human report: compact, colored on a terminal. The only module that knows about color.
//! Shared pieces here (palette, process and socket lines); one file per command.

mod check;
mod explain;
mod free;
mod free_outcome;
mod preflight;
mod watch;
mod who;

pub use check::{check, check_progress};
pub use explain::{explain, rule_list};
pub use free::{free_plan, free_prompt};
pub use free_outcome::free_outcome;
pub use preflight::preflight;
pub use watch::watch_event;
pub use who::who;

use std::fmt::Write as _;

use owo_colors::{OwoColorize, Style};

use crate::diagnose::ExplainReport;
use crate::diagnose::rules::{Rule, Severity};
use crate::model::{Process, Socket, SocketState};
use crate::render::sanitize::sanitize;
use crate::text::{duration, short_time, shorten};

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
    /// List every connection and TIME_WAIT socket; by default more than a few of one state
    /// on one port fold into one line (`who --verbose`).
    pub every_socket: bool,
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
                every_socket: false,
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
            every_socket: false,
        }
    }
}

/// Longest command line shown; JSON keeps all of it.
const CMDLINE_LIMIT: usize = 240;

/// Who holds a group of sockets.
#[derive(Debug, PartialEq, Eq, Clone)]
pub(super) enum Holder {
    Processes(Vec<u32>),
    Hidden,
    NoProcess(Ownerless),
}

/// Why no process holds a socket.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub(super) enum Ownerless {
    /// TIME_WAIT: the kernel keeps it until its timer expires.
    TimeWait,
    /// A connection the listener has not accepted yet (inode 0, established or closing).
    AcceptQueue,
    /// Closed by its process; the kernel finishes the connection (FIN_WAIT, LAST_ACK...).
    Orphaned,
    /// A socket with an inode and no process: a kernel socket, or closed while portdoc looked.
    Unheld,
}

fn ownerless(socket: &Socket) -> Ownerless {
    match (socket.state, socket.inode) {
        (SocketState::TimeWait, _) => Ownerless::TimeWait,
        (SocketState::Established | SocketState::CloseWait | SocketState::SynRecv, 0) => {
            Ownerless::AcceptQueue
        }
        (_, 0) => Ownerless::Orphaned,
        _ => Ownerless::Unheld,
    }
}

fn holder_of(socket: &Socket) -> Holder {
    if !socket.processes.is_empty() {
        Holder::Processes(socket.processes.iter().map(|process| process.pid).collect())
    } else if !socket.owner_visible {
        Holder::Hidden
    } else {
        Holder::NoProcess(ownerless(socket))
    }
}

pub(super) fn write_warnings(out: &mut String, warnings: &[String], palette: &Palette) {
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
pub(super) fn group_by_holder<'a>(sockets: &[&'a Socket]) -> Vec<(Holder, Vec<&'a Socket>)> {
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

pub(super) fn write_group(
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
                write_process(out, process, sockets, palette, indent);
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
        Holder::NoProcess(kind) => {
            let text = match kind {
                Ownerless::TimeWait => {
                    "no process: TIME_WAIT sockets, kept by the kernel until their timer expires"
                }
                Ownerless::AcceptQueue => {
                    "no process yet: connections waiting in the accept queue (the server has not accepted them)"
                }
                Ownerless::Orphaned => {
                    "no process: closed by their process, the kernel is finishing the connections"
                }
                Ownerless::Unheld => {
                    "no process holds these sockets: kernel sockets (NFS, RPC), or closed while portdoc looked"
                }
            };
            let _ = writeln!(out, "{}", text.style(palette.heading));
        }
    }
    let (listed, folded) = if palette.every_socket {
        (sockets.to_vec(), Vec::new())
    } else {
        fold(sockets)
    };
    let width = listed
        .iter()
        .map(|socket| socket.local_endpoint().len())
        .max()
        .unwrap_or(0);
    for socket in listed {
        write_socket_line_padded(out, socket, palette, indent + 4, width);
        out.push('\n');
    }
    for pile in folded {
        write_pile(out, &pile, palette, indent + 4);
    }
}

/// More connections or TIME_WAIT sockets of one state on one port than this fold into one
/// line.
const FOLD_ABOVE: usize = 5;

/// Connections (any state but listening or bound) of one protocol, state and local port.
struct Pile<'a> {
    sockets: Vec<&'a Socket>,
}

/// The sockets to list one by one, and the piles of connections to fold.
fn fold<'a>(sockets: &[&'a Socket]) -> (Vec<&'a Socket>, Vec<Pile<'a>>) {
    let mut piles: Vec<Pile> = Vec::new();
    let mut listed = Vec::new();
    for &socket in sockets {
        if socket.state.is_listening_or_bound() {
            listed.push(socket);
            continue;
        }
        let same = |other: &&Socket| {
            other.protocol == socket.protocol
                && other.state == socket.state
                && other.local_port == socket.local_port
        };
        match piles.iter_mut().find(|pile| same(&pile.sockets[0])) {
            Some(pile) => pile.sockets.push(socket),
            None => piles.push(Pile {
                sockets: vec![socket],
            }),
        }
    }
    let (small, large): (Vec<Pile>, Vec<Pile>) = piles
        .into_iter()
        .partition(|pile| pile.sockets.len() <= FOLD_ABOVE);
    listed.extend(small.into_iter().flat_map(|pile| pile.sockets));
    (listed, large)
}

/// `tcp TIME_WAIT   300 sockets on port 8080, 42 peers  the last expires in 58.0s`.
fn write_pile(out: &mut String, pile: &Pile, palette: &Palette, indent: usize) {
    let first = pile.sockets[0];
    let peers: std::collections::BTreeSet<Option<std::net::IpAddr>> = pile
        .sockets
        .iter()
        .map(|socket| socket.remote_address)
        .collect();
    let _ = write!(
        out,
        "{:indent$}{} {} {} sockets on port {}, {} {}",
        "",
        first.protocol,
        format!("{:<11}", first.state.name()).style(palette.state),
        pile.sockets.len(),
        first.local_port,
        peers.len(),
        if peers.len() == 1 {
            "peer address"
        } else {
            "peer addresses"
        },
    );
    if first.state == SocketState::TimeWait
        && let Some(last) = pile
            .sockets
            .iter()
            .filter_map(|socket| socket.expires_in_ms)
            .max()
    {
        let _ = write!(
            out,
            "  {}",
            format!("the last expires in {}", duration(last)).style(palette.dim)
        );
    }
    let _ = writeln!(out, "  {}", "(--verbose lists them)".style(palette.dim));
}

pub(super) fn process_label(process: &Process) -> String {
    format!("{}[{}]", sanitize(&process.name), process.pid)
}

fn write_process(
    out: &mut String,
    process: &Process,
    sockets: &[&Socket],
    palette: &Palette,
    indent: usize,
) {
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
        let text = who::forwarder_text(forwarder, sockets);
        let _ = write!(out, "  {}", sanitize(&text).style(palette.warn));
    }
    if let Some(since) = process.started_at.as_deref().and_then(short_time) {
        let _ = write!(out, "  {}", format!("started {since}").style(palette.dim));
    }
    if let Some((open, limit)) = process.near_fd_limit() {
        let _ = write!(
            out,
            "  {}",
            format!("{open} of {limit} file descriptors open (RLIMIT_NOFILE): accept() fails with EMFILE at the limit")
                .style(palette.warn)
        );
    }
    out.push('\n');
    let cmdline = sanitize(&process.cmdline);
    let shown = shorten(&cmdline, CMDLINE_LIMIT);
    let _ = writeln!(out, "{:indent$}  {}", "", shown.style(palette.dim));
}

pub(super) fn write_socket_line(
    out: &mut String,
    socket: &Socket,
    palette: &Palette,
    indent: usize,
) {
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
