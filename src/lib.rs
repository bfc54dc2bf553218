//! portdoc: diagnoses port conflicts. Data flows one way:
//! `source` (the platform) and `gather` read sockets, owners, settings and bind probes into
//! `model` types, one snapshot per run; `kernel` holds the bind rules; `verdict` turns a
//! snapshot into a status and typed reasons per port; `diagnose` runs the rule table over
//! them (`logread` reads pasted error text); `render` writes text or JSON; `commands` wire one
//! subcommand each.

pub mod act;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnose;
pub mod exit;
pub mod gather;
pub mod kernel;
pub mod logread;
pub mod model;
pub mod parallel;
pub mod preflight;
pub mod render;
pub mod source;
pub mod text;
pub mod verdict;
pub mod watch;

use crate::cli::{BackendChoice, Cli, Command};
use crate::exit::Status;
use crate::source::query::Backend;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match &cli.command {
        Command::Who(args) => commands::who::run(args, &cli.output),
        Command::Check(args) => commands::check::run(args, &cli.output),
        Command::Explain(args) => commands::explain::run(args, &cli.output),
        Command::Suggest(args) => commands::suggest::run(args, &cli.output),
        Command::Free(args) => commands::free::run(args, &cli.output),
        Command::Watch(args) => commands::watch::run(args, &cli.output),
        Command::Completions { shell } => {
            refuse_json(&cli, "completions")?;
            commands::docs::completions(*shell)
        }
        Command::Man { subcommand, dir } => {
            refuse_json(&cli, "man")?;
            commands::docs::man(subcommand.as_deref(), dir.as_deref())
        }
    }
}

/// `--json` promises one JSON document; `man` and `completions` print none.
fn refuse_json(cli: &Cli, command: &str) -> anyhow::Result<()> {
    if cli.output.json {
        anyhow::bail!("{command} prints no JSON: drop --json");
    }
    Ok(())
}

pub(crate) fn backend(choice: BackendChoice) -> Backend {
    match choice {
        BackendChoice::Auto => Backend::Auto,
        BackendChoice::Netlink => Backend::Netlink,
        BackendChoice::Procfs => Backend::Procfs,
        BackendChoice::Portable => Backend::Portable,
    }
}
