//! portdoc: diagnoses port conflicts. Data flows one way: `source` gathers sockets and
//! processes into `model` types, `inspect` joins them, `check` and `suggest` add the bind
//! probe (`bindtest`) and classify (pure functions over the model), `commands` run each
//! subcommand, and `render` prints.

pub mod bindtest;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod duration;
pub mod exit;
pub mod explain;
pub mod inspect;
pub mod model;
pub mod parallel;
pub mod ports;
pub mod render;
pub mod source;
pub mod suggest;
pub mod text;

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
