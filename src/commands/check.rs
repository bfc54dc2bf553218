//! `portdoc check`: arguments to targets, the poll loop, progress on a terminal, output.

use std::io::IsTerminal;
use std::time::Duration;

use crate::check::{self, CheckOptions, Target};
use crate::cli::{CheckArgs, OutputArgs};
use crate::exit::Status;
use crate::model::{CheckReport, Protocol};
use crate::render::{self, human};

pub fn run(args: &CheckArgs, output: &OutputArgs) -> anyhow::Result<Status> {
    let targets = targets(args);
    let options = CheckOptions {
        address: args.addr,
        strict: args.strict,
        listening: args.listening,
        backend: crate::backend(output.backend),
    };
    let rerun = crate::cli::invocation();
    let show_progress = args.wait.is_some() && !args.quiet && std::io::stderr().is_terminal();
    let wait = args.wait;
    let mut print_progress = |report: &CheckReport, elapsed: Duration| {
        eprint!(
            "\r\x1b[K{}",
            human::check_progress(report, elapsed, wait.unwrap_or_default())
        );
    };
    let progress: Option<check::Progress> = if show_progress {
        Some(&mut print_progress)
    } else {
        None
    };
    let report = check::run_until(&targets, &options, args.wait, !args.quiet, &rerun, progress)?;
    if show_progress {
        eprint!("\r\x1b[K");
    }
    let status = check::overall(&report, options.strict);
    if args.quiet {
        return Ok(status);
    }
    render::output(output.json, &report, || {
        human::check(
            &report,
            &human::Palette::new(render::color_enabled(output.color)),
        )
    })?;
    Ok(status)
}

/// Every port of every argument, TCP unless `/udp` or `--udp`, each once, in order.
fn targets(args: &CheckArgs) -> Vec<Target> {
    let default_protocol = if args.udp {
        Protocol::Udp
    } else {
        Protocol::Tcp
    };
    let mut targets: Vec<Target> = args
        .port_specs()
        .iter()
        .flat_map(|spec| {
            let protocol = spec.protocol.unwrap_or(default_protocol);
            spec.ports().map(move |port| Target { protocol, port })
        })
        .collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}
