//! `portdoc watch`: its options, and the help text that states its time resolution and
//! exit codes.

use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::cli::ports::PortSpec;
use crate::cli::{PortList, parse_port_argument};

pub const WATCH_HELP: &str = "\
Prints each port's state, then one line per change, stamped with the time: a listening,
bound-only or UDP socket appears or goes (with its pid, program, unit and container), its
holder changes, the verdict changes (free, time-wait, in-use), an accept queue reaches its
backlog or leaves it, the TIME_WAIT count reaches --time-wait. With --json: one JSON object
per line (JSON Lines, RFC 3339 times; keys in docs/json.md).

Time resolution: listeners and UDP sockets are read every --interval. A socket that lives
at least one interval is seen; a shorter one may be missed. Bound-only TCP sockets, TIME_WAIT
sockets and connections are read every 5s (and whenever a listener change has the port
judged again): listing them makes the kernel walk its whole bind and connection tables.
Owners are looked up when a socket is first seen: a process that exits before that is
reported by the socket's uid, owner `exited`. Bind probes run only when the sockets that
decide a bind change.

Exit status:
  0  an --exit-on event happened; without --exit-on: --for ran out, Ctrl-C or SIGTERM
  1  with --exit-on: the watch ended (--for, Ctrl-C, SIGTERM, a closed pipe) before any
     such event
  2  usage error, or portdoc failed

--exit-on events (the state at the start counts, except for `change`):
  unexpected  a holder that no --expect value names (or that cannot be identified)
  free        the verdict is free or time-wait: a typical server can bind
  listening   a TCP listener or a bound UDP socket is on the port
  change      any change after the state at the start

Examples:
  portdoc watch 8080
  portdoc watch 443 --expect nginx --exit-on unexpected && page-someone
  portdoc watch 5432 --json --for 1h >> port-5432.jsonl";

/// What ends a watch early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExitOn {
    /// A holder that no --expect value names
    Unexpected,
    /// The port becomes free (or time-wait): a typical server can bind it
    Free,
    /// A listener (TCP) or bound socket (UDP) is on the port
    Listening,
    /// Any change after the state at the start
    Change,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Ports: 8080, 53/udp, 8080,8443 or 9000-9100 (TCP unless /udp or --udp)
    #[arg(value_name = "PORT", required = true, value_parser = parse_port_argument)]
    pub ports: Vec<PortList>,

    /// Watch UDP for ports given without /tcp or /udp
    #[arg(long)]
    pub udp: bool,

    /// How often to read the socket table (10ms to 1h): a socket that lives at least this
    /// long is seen
    #[arg(long, value_name = "DURATION", default_value = "200ms", value_parser = parse_interval)]
    pub interval: Duration,

    /// Stop after this long, e.g. 30s, 10m, 1h [default: until Ctrl-C]
    #[arg(long = "for", value_name = "DURATION", value_parser = parse_run_time)]
    pub run_time: Option<Duration>,

    /// A holder the ports may have: a program name, a systemd unit or a pid (repeatable).
    /// Any other holder is an unexpected-holder event
    #[arg(long, value_name = "PROGRAM|UNIT|PID", value_parser = parse_expected)]
    pub expect: Vec<String>,

    /// Exit at the first event of this kind (repeatable, or comma-separated)
    #[arg(long, value_enum, value_name = "EVENT", value_delimiter = ',')]
    pub exit_on: Vec<ExitOn>,

    /// Report when a port's TIME_WAIT sockets reach this many (and when they fall back to
    /// half as many)
    #[arg(long, value_name = "COUNT", default_value_t = 1000,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub time_wait: u32,
}

impl WatchArgs {
    pub fn port_specs(&self) -> Vec<PortSpec> {
        self.ports
            .iter()
            .flat_map(|list| list.0.iter().copied())
            .collect()
    }
}

fn parse_interval(text: &str) -> Result<Duration, String> {
    let interval = crate::cli::duration::parse_duration(text)?;
    if interval < Duration::from_millis(10) {
        return Err(format!(
            "'{text}' is too short: the shortest interval is 10ms"
        ));
    }
    if interval > Duration::from_secs(3600) {
        return Err(format!("'{text}' is too long: the longest interval is 1h"));
    }
    Ok(interval)
}

fn parse_run_time(text: &str) -> Result<Duration, String> {
    let run_time = crate::cli::duration::parse_duration(text)?;
    if run_time.is_zero() {
        return Err(format!("'{text}' is no time: give e.g. 30s or 1h"));
    }
    Ok(run_time)
}

fn parse_expected(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("an empty --expect names no holder: give a program, unit or pid".into());
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_bounded() {
        assert_eq!(parse_interval("200ms"), Ok(Duration::from_millis(200)));
        assert!(parse_interval("5ms").unwrap_err().contains("shortest"));
        assert!(parse_interval("2h").unwrap_err().contains("longest"));
        assert!(parse_run_time("0s").is_err());
        assert!(parse_expected("  ").is_err());
    }
}
