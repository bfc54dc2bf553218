//! `portdoc check`: can a server bind these ports? One snapshot per poll, a verdict per port,
//! owners for the report, and `--wait` polling until the answer is yes or cannot change.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use crate::cli::{CheckArgs, OutputArgs};
use crate::exit::Status;
use crate::gather::owners;
use crate::gather::snapshot::{self, Probing, Request};
use crate::model::{Protocol, Target};
use crate::render::{self, human};
use crate::source::query::Backend;
use crate::verdict::{self, CheckReport, PortStatus, PortVerdict};

/// How to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The address the server will bind; `None` = the wildcard, `0.0.0.0` and `[::]`.
    pub address: Option<IpAddr>,
    /// Fail unless every server profile binds (also without SO_REUSEADDR).
    pub strict: bool,
    /// Ask "is something listening?" instead of "can a server bind?".
    pub listening: bool,
    pub backend: Backend,
}

pub fn run(args: &CheckArgs, output: &OutputArgs) -> anyhow::Result<Status> {
    // clap rejects `check --quiet --json`, but not a --json given before the subcommand.
    if args.quiet && output.json {
        anyhow::bail!("the argument '--quiet' cannot be used with '--json' (see 'portdoc --help')");
    }
    if !args.from.is_empty() {
        return crate::commands::check_from::run(args, output);
    }
    // clap's `requires` is not enforced for an argument of a group (clap-rs/clap#4707).
    let only_with_from = [
        (args.format.is_some(), "--format"),
        (args.register.is_some(), "--register"),
        (args.offline, "--offline"),
        (args.node_port_range.is_some(), "--node-port-range"),
    ];
    if let Some((_, option)) = only_with_from.iter().find(|(given, _)| *given) {
        anyhow::bail!("{option} goes with --from FILE (see 'portdoc check --help')");
    }
    let targets = targets(&args.target);
    let options = CheckOptions {
        address: args.target.addr,
        strict: args.strict,
        listening: args.listening,
        backend: crate::backend(output.backend),
    };
    let rerun = crate::cli::invocation();
    let show_progress = args.wait.is_some() && !args.quiet && std::io::stderr().is_terminal();
    let palette = human::Palette::new(render::color_enabled(output.color));
    let report = run_until(&targets, &options, args, &rerun, show_progress)?;
    if show_progress {
        render::progress("")?;
    }
    let status = report.exit_status(options.strict);
    if args.quiet {
        return Ok(status);
    }
    render::output(output.json, &render::json::check(&report), || {
        human::check(&report, &palette)
    })?;
    Ok(status)
}

/// Polls until every port is satisfied, cannot change, or `--wait` runs out. Owners are
/// resolved for the final report and for the progress line only, never on silent polls.
fn run_until(
    targets: &[Target],
    options: &CheckOptions,
    args: &CheckArgs,
    rerun: &str,
    show_progress: bool,
) -> anyhow::Result<CheckReport> {
    let started = Instant::now();
    let poll_interval = Duration::from_millis(100);
    let full_report = !args.quiet;
    loop {
        let mut report = check_once(targets, options, full_report)?;
        let elapsed = started.elapsed();
        let satisfied = report.exit_status(options.strict) == Status::Success;
        let hopeless = report
            .ports
            .iter()
            .all(|port| port.exit_status(options.strict) == Status::Success || !port.may_change());
        let done = satisfied || hopeless || args.wait.is_none_or(|wait| elapsed >= wait);
        if (done && full_report) || show_progress {
            attach_owners(&mut report, rerun)?;
        }
        report.waited_ms = if args.wait.is_some() {
            elapsed.as_millis() as u64
        } else {
            0
        };
        if done {
            return Ok(report);
        }
        if show_progress {
            let wait = args.wait.unwrap_or_default();
            render::progress(&human::check_progress(&report, elapsed, wait))?;
        }
        let remaining = args.wait.unwrap_or_default().saturating_sub(elapsed);
        std::thread::sleep(poll_interval.min(remaining));
    }
}

/// One poll: a snapshot, a verdict per port. With `full_report` false (`--quiet`) only the
/// ports that are not free are kept, with their status, which keeps `check 1-65535` small.
pub fn check_once(
    targets: &[Target],
    options: &CheckOptions,
    full_report: bool,
) -> anyhow::Result<CheckReport> {
    let probing = if options.listening {
        Probing::None
    } else if !full_report && !options.strict {
        Probing::Typical
    } else {
        Probing::Deciding
    };
    let snapshot = snapshot::take(&Request {
        targets,
        address: options.address,
        probing,
        bound_everywhere: false,
        explain: full_report,
        backend: options.backend,
    })?;
    let judge_one = |&target: &Target| -> PortVerdict {
        let sockets = snapshot.sockets_on(target);
        let facts = snapshot.facts(target, options.address, &sockets);
        if options.listening {
            verdict::judge_listening(&facts)
        } else {
            verdict::judge(&facts)
        }
    };
    let mut ports: Vec<PortVerdict> = targets
        .iter()
        .map(judge_one)
        .filter(|port| full_report || port.exit_status(options.strict) != Status::Success)
        .map(|mut port| {
            if !full_report {
                // Only the status is wanted: drop what explains it.
                port.holders = Vec::new();
                port.probes = Vec::new();
                port.binds = Vec::new();
                port.reasons = Vec::new();
            }
            port
        })
        .collect();
    let mut warnings = snapshot.warnings;
    if full_report && !options.listening {
        let free: Vec<Target> = ports
            .iter()
            .filter(|port| matches!(port.status, PortStatus::Free | PortStatus::TimeWait))
            .map(PortVerdict::target)
            .collect();
        let (elsewhere, more_warnings) = snapshot::other_namespaces(&free, options.backend)?;
        let elsewhere: Vec<&crate::model::Socket> = elsewhere.iter().collect();
        for port in &mut ports {
            verdict::note_other_netns(port, &elsewhere);
        }
        for warning in more_warnings {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }
    let mut report = CheckReport {
        ok: false,
        ports,
        complete: true,
        waited_ms: 0,
        warnings,
    };
    report.ok = report.exit_status(options.strict) == Status::Success;
    Ok(report)
}

/// Resolves the owners of every holder and notes the ones that stay hidden.
pub fn attach_owners(report: &mut CheckReport, rerun: &str) -> anyhow::Result<()> {
    let visibility = owners::resolve_owners(
        report
            .ports
            .iter_mut()
            .flat_map(|port| port.holders.iter_mut().map(|holder| &mut holder.socket)),
        rerun,
    )?;
    report.complete &= visibility.complete;
    for warning in visibility.warnings {
        if !report.warnings.contains(&warning) {
            report.warnings.push(warning);
        }
    }
    let rerun_with_sudo = (!crate::source::is_privileged()).then(|| format!("sudo {rerun}"));
    for port in &mut report.ports {
        port.reasons
            .retain(|reason| !matches!(reason, verdict::Reason::OwnersHidden { .. }));
        verdict::note_hidden_owners(port, rerun_with_sudo.clone());
    }
    Ok(())
}

/// Every port of every argument, TCP unless `/udp` or `--udp`, each once, in order.
pub fn targets(args: &crate::cli::TargetArgs) -> Vec<Target> {
    targets_of(&args.port_specs(), args.udp)
}

/// Every port of the specs, TCP unless `/udp` or `udp`, each once, in order. The specs are
/// folded into a set of 65,536 bits per protocol first, so that repeating a range costs
/// nothing.
pub fn targets_of(specs: &[crate::cli::ports::PortSpec], udp: bool) -> Vec<Target> {
    let default_protocol = if udp { Protocol::Udp } else { Protocol::Tcp };
    let mut wanted = [PortBits::default(), PortBits::default()];
    for spec in specs {
        let protocol = spec.protocol.unwrap_or(default_protocol);
        wanted[protocol as usize].insert_range(spec.first, spec.last);
    }
    Protocol::ALL
        .into_iter()
        .flat_map(|protocol| {
            wanted[protocol as usize]
                .ports()
                .map(move |port| Target { protocol, port })
        })
        .collect()
}

/// A set of ports as 65,536 bits.
pub struct PortBits {
    words: Box<[u64; 1024]>,
}

impl Default for PortBits {
    fn default() -> PortBits {
        PortBits {
            words: Box::new([0; 1024]),
        }
    }
}

impl PortBits {
    /// Adds `first..=last`, a word at a time.
    pub fn insert_range(&mut self, first: u16, last: u16) {
        let (first, last) = (usize::from(first), usize::from(last));
        for word in first / 64..=last / 64 {
            let low = if word == first / 64 { first % 64 } else { 0 };
            let high = if word == last / 64 { last % 64 } else { 63 };
            let mask = (u64::MAX >> (63 - high)) & (u64::MAX << low);
            self.words[word] |= mask;
        }
    }

    pub fn ports(&self) -> impl Iterator<Item = u16> + '_ {
        self.words.iter().enumerate().flat_map(|(index, &word)| {
            (0..64)
                .filter(move |bit| word & (1 << bit) != 0)
                .map(move |bit| (index * 64 + bit) as u16)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::PortBits;

    #[test]
    fn port_bits_hold_ranges_across_word_edges() {
        let mut bits = PortBits::default();
        bits.insert_range(60, 70);
        bits.insert_range(65535, 65535);
        bits.insert_range(1, 1);
        bits.insert_range(65, 66);
        let ports: Vec<u16> = bits.ports().collect();
        let mut expected: Vec<u16> = vec![1];
        expected.extend(60..=70);
        expected.push(65535);
        assert_eq!(ports, expected);
        let mut full = PortBits::default();
        full.insert_range(1, 65535);
        assert_eq!(full.ports().count(), 65535);
    }
}
