//! The command line: clap definitions for every subcommand and option.

use std::net::IpAddr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub mod duration;
pub mod ports;
pub mod watch;

use crate::cli::ports::{PortSpec, parse_port_list};
pub use crate::cli::watch::WatchArgs;
use crate::model::Signal;

const WHO_EXIT_CODES: &str = "\
Exit status:
  0  at least one socket found on the ports (or, without ports, any listener)
  1  nothing on those ports
  2  usage error, or portdoc failed";

const CHECK_EXIT_CODES: &str = "\
Each port is probed like real servers bind it, on 0.0.0.0 and [::] (or --addr):
  reuseaddr  TCP bind+listen with SO_REUSEADDR (nginx, Node, Go, Java: the typical server)
  plain      TCP bind+listen without SO_REUSEADDR (Python's socketserver)
  udp        UDP bind without SO_REUSEADDR

Statuses: free (every profile binds), time-wait (only TIME_WAIT stops a plain server),
in-use (the typical server gets EADDRINUSE), permission-denied, address-unavailable
(with --listening: listening, not-listening).

Exit status (the worst port wins; every port is still checked):
  0  a typical server binds every port (free, time-wait); with --strict, every profile does;
     with --listening: something listens on every port
  1  a port is in use (with --strict: a profile fails); with --listening: a port has no listener
  2  usage error, or portdoc failed
  3  nothing in use, but a port cannot be bound: permission denied or address unavailable

Examples:
  portdoc check 8080 || exit 1
  portdoc check 5432 --listening --wait 30s
  portdoc check 9000-9100 --json | jq '.ports[] | select(.status != \"free\")'";

const EXPLAIN_EXIT_CODES: &str = "\
Input: a port (9010, 9010/udp), a pasted error line (any argument that is not a port), or -
to read log text from stdin, e.g. journalctl -u nginx | portdoc explain -

Exit status:
  0  no finding of severity error
  1  at least one error finding (the reason the bind fails)
  2  usage error, nothing to explain, or portdoc failed

Examples:
  portdoc explain 9010
  portdoc explain \"nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\"
  portdoc explain --list-rules";

const FREE_EXIT_CODES: &str = "\
Acts only on sockets that stop a server: listening and bound TCP sockets and bound UDP
sockets on the address. Never on client connections from the port, never on TIME_WAIT.
Processes run by systemd, a container runtime, a supervisor or init are left to them: the
right command is printed instead. A group that shares a socket (nginx's master and workers)
is signalled through its leader. Processes are held by pidfd from the scan on, so a pid
reused meanwhile is never signalled.

Exit status (the worst port wins):
  0  every port binds now (or did already); --dry-run: the plan would free every port
  1  a port is still busy after --timeout, or only TIME_WAIT or client connections hold it
  2  usage error, or portdoc failed
  3  refused: a managed holder, another user's process, a hidden owner, or not confirmed

Examples:
  portdoc free 8080
  portdoc free 80 443 --dry-run
  portdoc free 9010 --yes --timeout 20s --kill-after 15s";

const SUGGEST_EXIT_CODES: &str = "\
Exit status:
  0  found as many free ports as asked (--count)
  1  the range ran out first (the ports found are still printed)
  2  usage error, or portdoc failed

Example:
  PORT=$(portdoc suggest 7878) && uvicorn app:app --port \"$PORT\"";

/// `portdoc --version` in full: the commit, the target and the socket backends (`-V` prints
/// the number alone).
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ncommit: ",
    env!("PORTDOC_COMMIT"),
    "\ntarget: ",
    env!("PORTDOC_TARGET"),
    "\nbackends: ",
    env!("PORTDOC_BACKENDS"),
);

/// Diagnose port conflicts: who holds a port, whether a server can bind it, and what to do.
#[derive(Debug, Parser)]
#[command(
    name = "portdoc",
    version,
    long_version = LONG_VERSION,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Options every subcommand accepts.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Print one JSON document (keys documented in docs/json.md)
    #[arg(long, global = true)]
    pub json: bool,

    /// When to color the output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Socket source, for tests and diagnosis
    #[arg(long, global = true, value_enum, default_value_t = BackendChoice::Auto, hide = true)]
    pub backend: BackendChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color when printing to a terminal and NO_COLOR is not set
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackendChoice {
    Auto,
    Netlink,
    Procfs,
    /// netstat2 + sysinfo (needs a build with `--features portable` on Linux)
    Portable,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show every socket on the given ports and every process holding it
    #[command(after_help = WHO_EXIT_CODES)]
    Who(WhoArgs),

    /// Check whether a server can bind the ports: a real bind() test, explained
    #[command(after_help = CHECK_EXIT_CODES)]
    Check(CheckArgs),

    /// Diagnose a port conflict from a port or a pasted error line, with fixes
    #[command(after_help = EXPLAIN_EXIT_CODES)]
    Explain(ExplainArgs),

    /// Print free ports a server can use
    #[command(after_help = SUGGEST_EXIT_CODES)]
    Suggest(SuggestArgs),

    /// Give ports back safely: stop what holds them, the right way for each holder
    #[command(after_help = FREE_EXIT_CODES)]
    Free(FreeArgs),
    /// Watch ports over time: who takes, drops and blocks them, one line per change
    #[command(after_help = watch::WATCH_HELP)]
    Watch(WatchArgs),

    /// Print a shell completion script
    Completions {
        /// Shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print a man page (roff), or write every page into a directory
    Man {
        /// The subcommand whose page to print (`portdoc man who` is portdoc-who(1))
        #[arg(value_name = "SUBCOMMAND")]
        subcommand: Option<String>,

        /// Write portdoc.1 and a page per subcommand into this directory, e.g.
        /// /usr/local/share/man/man1
        #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
        dir: Option<std::path::PathBuf>,
    },
}

/// One command-line port argument, which may list several ports.
#[derive(Debug, Clone)]
pub struct PortList(pub Vec<PortSpec>);

/// Every port spec of every argument, in order.
fn specs_of(lists: &[PortList]) -> Vec<PortSpec> {
    lists
        .iter()
        .flat_map(|list| list.0.iter().copied())
        .collect()
}

pub(crate) fn parse_port_argument(argument: &str) -> Result<PortList, String> {
    parse_port_list(argument).map(PortList)
}

#[derive(Debug, Args)]
pub struct WhoArgs {
    /// Ports: 80, 80/tcp, 53/udp, 8080,8443 or 9000-9100. Without ports, list every listening
    /// TCP socket and every bound UDP socket, grouped by process
    #[arg(value_name = "PORT", value_parser = parse_port_argument)]
    pub ports: Vec<PortList>,

    /// Only TCP (for ports given without /tcp or /udp)
    #[arg(long)]
    pub tcp: bool,

    /// Only UDP (for ports given without /tcp or /udp)
    #[arg(long)]
    pub udp: bool,

    /// Also show outgoing connections whose remote port matches, in a separate group
    #[arg(long, short)]
    pub all: bool,

    /// Look in every network namespace on the host (containers, ip netns), not only this one
    #[arg(long)]
    pub all_netns: bool,

    /// List every connection and TIME_WAIT socket (more than 5 of one state on one port are
    /// folded into one line otherwise)
    #[arg(long, short)]
    pub verbose: bool,
}

impl WhoArgs {
    pub fn port_specs(&self) -> Vec<PortSpec> {
        specs_of(&self.ports)
    }
}

/// The ports a server will bind, as `check` and `free` take them.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Ports: 8080, 8080/udp, 8080,8443 or 9000-9100 (TCP unless /udp or --udp)
    #[arg(value_name = "PORT", value_parser = parse_port_argument)]
    pub ports: Vec<PortList>,

    /// The address the server will bind [default: the wildcard, tested as 0.0.0.0 and as
    /// [::] dual-stack]
    #[arg(long, value_name = "IP", value_parser = parse_address)]
    pub addr: Option<IpAddr>,

    /// UDP for ports given without /tcp or /udp
    #[arg(long)]
    pub udp: bool,
}

impl TargetArgs {
    pub fn port_specs(&self) -> Vec<PortSpec> {
        specs_of(&self.ports)
    }
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["ports", "from"])))]
pub struct CheckArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// Check the ports a configuration will bind, before it is deployed (repeatable; - for
    /// stdin): nginx, Apache, HAProxy, docker compose, Kubernetes YAML, systemd .socket,
    /// keycloak.conf, a Fluvio SPU unit or config
    #[arg(long, value_name = "FILE", conflicts_with_all = ["ports", "addr", "udp", "strict", "listening", "wait"])]
    pub from: Vec<std::path::PathBuf>,

    /// The format of --from input when its name and content do not tell: nginx, apache,
    /// haproxy, compose, kubernetes, systemd-socket, keycloak, fluvio-spu
    #[arg(long, value_name = "NAME", value_parser = parse_format)]
    pub format: Option<crate::config::Format>,

    /// The port register to check --from against [default: /etc/portdoc/ports.toml when it
    /// exists]
    #[arg(long, value_name = "FILE")]
    pub register: Option<std::path::PathBuf>,

    /// With --from: check the configuration only, not this host (CI away from the target)
    #[arg(long)]
    pub offline: bool,

    /// With --from: the cluster's NodePort range [default: 30000-32767]
    #[arg(long, value_name = "LO-HI", value_parser = parse_range)]
    pub node_port_range: Option<(u16, u16)>,

    /// Fail unless every profile binds, also without SO_REUSEADDR (like Python's socketserver)
    #[arg(long, conflicts_with = "listening")]
    pub strict: bool,

    /// Succeed when something listens on every port instead (UDP: bound); needs no root
    #[arg(long)]
    pub listening: bool,

    /// Poll until the answer is yes or the time runs out: seconds (30) or 500ms, 30s, 2m, 1h
    #[arg(long, value_name = "DURATION", value_parser = parse_wait)]
    pub wait: Option<Duration>,

    /// Print nothing; the exit status is the answer
    #[arg(long, short, conflicts_with = "json")]
    pub quiet: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["ports"])))]
pub struct FreeArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// The signal to send: TERM, INT, HUP, QUIT, KILL, USR1 or USR2
    #[arg(long, value_name = "NAME", default_value = "TERM", value_parser = parse_signal)]
    pub signal: Signal,

    /// How long to wait after signalling for the ports to bind
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_wait)]
    pub timeout: Duration,

    /// Send SIGKILL to what still runs this long after the first signal (less than --timeout)
    #[arg(long, value_name = "DURATION", value_parser = parse_wait)]
    pub kill_after: Option<Duration>,

    /// Print the plan only; signal nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,

    /// Act without asking (needed when stdin is not a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Also signal the processes of a systemd service (systemd may restart them)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A port, an error line (quote it), or - for log text on stdin
    #[arg(value_name = "PORT|LINE|-", required_unless_present = "list_rules")]
    pub input: Vec<String>,

    /// The address the server binds [default: the one in the line, else the wildcard]
    #[arg(long, value_name = "IP", value_parser = parse_address)]
    pub addr: Option<IpAddr>,

    /// Explain UDP for a port given without /tcp or /udp
    #[arg(long)]
    pub udp: bool,

    /// Also load rules from this file (repeatable), after /etc/portdoc/rules.d/*.toml and
    /// $XDG_CONFIG_HOME/portdoc/rules.toml
    #[arg(long, value_name = "FILE")]
    pub rules: Vec<std::path::PathBuf>,

    /// Print every rule: id, severity, what it detects
    #[arg(long, conflicts_with = "input")]
    pub list_rules: bool,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// First port to try [default: 8000]
    #[arg(value_name = "PORT", value_parser = parse_single_port)]
    pub start: Option<u16>,

    /// How many ports to print
    #[arg(long, short = 'n', default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub count: u16,

    /// Search only this range, e.g. 8000-8100
    #[arg(long, value_name = "LO-HI", value_parser = parse_range)]
    pub range: Option<(u16, u16)>,

    /// Also require the ports to be free for UDP
    #[arg(long)]
    pub udp: bool,

    /// The address the server will bind [default: the wildcard]
    #[arg(long, value_name = "IP", value_parser = parse_address)]
    pub addr: Option<IpAddr>,

    /// Allow ports in net.ipv4.ip_local_port_range and ip_local_reserved_ports
    #[arg(long)]
    pub allow_ephemeral: bool,

    /// Pick from this purpose's ranges in the port register, skipping allocated and
    /// protected ports (e.g. --purpose metrics)
    #[arg(long, value_name = "NAME")]
    pub purpose: Option<String>,

    /// The port register for --purpose [default: /etc/portdoc/ports.toml]
    #[arg(long, value_name = "FILE", requires = "purpose")]
    pub register: Option<std::path::PathBuf>,
}

fn parse_single_port(text: &str) -> Result<u16, String> {
    crate::cli::ports::parse_port(text)
}

fn parse_range(text: &str) -> Result<(u16, u16), String> {
    let spec = crate::cli::ports::parse_port_spec(text)?;
    if spec.protocol.is_some() {
        return Err(format!("'{text}': a range takes no protocol"));
    }
    Ok((spec.first, spec.last))
}

fn parse_wait(text: &str) -> Result<Duration, String> {
    crate::cli::duration::parse_duration(text)
}

fn parse_format(text: &str) -> Result<crate::config::Format, String> {
    crate::config::Format::parse_name(text).ok_or_else(|| {
        format!(
            "'{text}' is not a format portdoc reads: use nginx, apache, haproxy, compose, kubernetes, systemd-socket, keycloak or fluvio-spu"
        )
    })
}

fn parse_signal(text: &str) -> Result<Signal, String> {
    Signal::parse(text).ok_or_else(|| {
        format!(
            "'{text}' is not a signal portdoc sends: use TERM, INT, HUP, QUIT, KILL, USR1 or USR2"
        )
    })
}

fn parse_address(text: &str) -> Result<IpAddr, String> {
    let trimmed = text.trim().trim_start_matches('[').trim_end_matches(']');
    if trimmed.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    }
    // fe80::1%eth0 (or %2): a link-local address with its interface.
    let (bare, interface) = match trimmed.split_once('%') {
        Some((bare, interface)) => (bare, Some(interface)),
        None => (trimmed, None),
    };
    let address: IpAddr = bare.parse().map_err(|_| {
        format!(
            "'{text}' is not an IP address: use e.g. 127.0.0.1, 0.0.0.0, ::1, :: or fe80::1%eth0"
        )
    })?;
    match (address, interface) {
        (IpAddr::V6(v6), Some(interface)) => {
            let scope = interface
                .parse::<u32>()
                .ok()
                .or_else(|| crate::source::interface_index(interface))
                .ok_or_else(|| format!("'{text}': no network interface '{interface}' here"))?;
            crate::gather::probe::remember_scope(v6, scope);
        }
        (IpAddr::V6(v6), None) if crate::gather::probe::is_link_local(v6) => {
            return Err(format!(
                "'{text}' is link-local: give its interface, e.g. {v6}%eth0"
            ));
        }
        (IpAddr::V4(_), Some(_)) => {
            return Err(format!(
                "'{text}': only IPv6 addresses take an interface (%name)"
            ));
        }
        _ => {}
    }
    // An IPv4-mapped IPv6 address is the IPv4 address to the kernel's bind rules.
    Ok(crate::kernel::normalized(address))
}

/// The command line as the user typed it, for "run `sudo ...`" hints.
pub fn invocation() -> String {
    // args_os: an argument that is not UTF-8 must not panic here.
    let mut words: Vec<String> = std::env::args_os()
        .map(|word| word.to_string_lossy().into_owned())
        .collect();
    if let Some(program) = words.first_mut() {
        *program = "portdoc".into();
    }
    words
        .iter()
        .map(|word| crate::text::shell_quote(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A clap error as one line: its first paragraph, without the `error:` prefix, followed by
/// where to get help. Usage errors must not spill a usage block over a script's log.
pub fn one_line_error(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let first_paragraph: Vec<&str> = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = first_paragraph.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    // clap's tips ("a similar subcommand exists: 'who'") stand in later paragraphs.
    let tips: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .filter_map(|line| line.strip_prefix("tip: "))
        .collect();
    if tips.is_empty() {
        format!("{message} (see 'portdoc --help')")
    } else {
        format!("{message}; {} (see 'portdoc --help')", tips.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_typo_keeps_clap_s_suggestion_on_the_one_line() {
        let error = Cli::try_parse_from(["portdoc", "wh", "80"]).unwrap_err();
        let line = one_line_error(&error);
        assert!(line.contains("'wh'") && line.contains("'who'"), "{line}");
        assert!(!line.contains('\n'));
        let error = Cli::try_parse_from(["portdoc", "check", "80", "--quite"]).unwrap_err();
        assert!(
            one_line_error(&error).contains("--quiet"),
            "{}",
            one_line_error(&error)
        );
    }

    #[test]
    fn link_local_addresses_need_their_interface() {
        assert!(
            parse_address("fe80::1")
                .unwrap_err()
                .contains("fe80::1%eth0")
        );
        assert_eq!(parse_address("[fe80::1%1]"), Ok("fe80::1".parse().unwrap()));
        assert!(
            parse_address("fe80::1%nosuchif0")
                .unwrap_err()
                .contains("no network interface")
        );
        assert!(parse_address("127.0.0.1%lo").is_err());
    }

    #[test]
    fn addresses_accept_brackets_and_localhost() {
        assert_eq!(parse_address("[::1]"), Ok("::1".parse().unwrap()));
        assert_eq!(parse_address("localhost"), Ok("127.0.0.1".parse().unwrap()));
        assert!(
            parse_address("db.internal")
                .unwrap_err()
                .contains("not an IP address")
        );
    }
}
