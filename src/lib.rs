//! portdoc: diagnoses port conflicts. Data flows one way:
//! `source` (the platform) and `gather` read sockets, owners, settings and bind probes into
//! `model` types, one snapshot per run; `kernel` holds the bind rules; `verdict` turns a
//! snapshot into a status and typed reasons per port; `diagnose` runs the rule table over
//! them (`logread` reads pasted error text); `render` writes text or JSON; `commands` wire one
//! subcommand each.

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
pub mod render;
pub mod source;
pub mod text;
pub mod verdict;
pub mod watch;

use clap::CommandFactory;

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
        Command::Watch(args) => commands::watch::run(args, &cli.output),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(*shell, &mut command, "portdoc", &mut std::io::stdout());
            Ok(Status::Success)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            render::emit(&String::from_utf8_lossy(&page))?;
            Ok(Status::Success)
        }
    }
}

pub(crate) fn backend(choice: BackendChoice) -> Backend {
    match choice {
        BackendChoice::Auto => Backend::Auto,
        BackendChoice::Netlink => Backend::Netlink,
        BackendChoice::Procfs => Backend::Procfs,
        BackendChoice::Portable => Backend::Portable,
    }
}
