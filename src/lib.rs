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
        Command::Free(args) => commands::free::run(args, &cli.output),
        Command::Watch(args) => commands::watch::run(args, &cli.output),
        Command::Completions { shell } => {
            refuse_json(&cli, "completions")?;
            // Generated into memory: clap_complete panics on a write error of its own.
            let mut script = Vec::new();
            let mut command = without_hidden(&Cli::command());
            clap_complete::generate(*shell, &mut command, "portdoc", &mut script);
            render::emit(&String::from_utf8_lossy(&script))?;
            Ok(Status::Success)
        }
        Command::Man { subcommand, dir } => {
            refuse_json(&cli, "man")?;
            let pages = render::man::pages(&Cli::command())?;
            if let Some(dir) = dir {
                std::fs::create_dir_all(dir)
                    .map_err(|error| anyhow::anyhow!("cannot create {}: {error}", dir.display()))?;
                let mut written = String::new();
                for (name, page) in &pages {
                    let path = dir.join(name);
                    std::fs::write(&path, page).map_err(|error| {
                        anyhow::anyhow!("cannot write {}: {error}", path.display())
                    })?;
                    written.push_str(&format!("{}\n", path.display()));
                }
                render::emit(&written)?;
                return Ok(Status::Success);
            }
            let wanted = match subcommand {
                Some(name) => format!("portdoc-{name}.1"),
                None => "portdoc.1".to_string(),
            };
            let Some((_, page)) = pages.iter().find(|(name, _)| *name == wanted) else {
                let names: Vec<&str> = pages
                    .iter()
                    .skip(1)
                    .filter_map(|(name, _)| name.strip_prefix("portdoc-")?.strip_suffix(".1"))
                    .collect();
                anyhow::bail!(
                    "no man page for '{}': pages exist for {}",
                    subcommand.as_deref().unwrap_or_default(),
                    names.join(", ")
                );
            };
            render::emit(&String::from_utf8_lossy(page))?;
            Ok(Status::Success)
        }
    }
}

/// The command line without its hidden arguments (`--backend`): clap_complete offers
/// hidden arguments too.
fn without_hidden(command: &clap::Command) -> clap::Command {
    let mut copy = clap::Command::new(command.get_name().to_owned());
    if let Some(about) = command.get_about() {
        copy = copy.about(about.clone());
    }
    if let Some(version) = command.get_version() {
        copy = copy.version(version.to_owned());
    }
    for argument in command
        .get_arguments()
        .filter(|argument| !argument.is_hide_set())
    {
        copy = copy.arg(argument.clone());
    }
    for subcommand in command
        .get_subcommands()
        .filter(|subcommand| !subcommand.is_hide_set())
    {
        copy = copy.subcommand(without_hidden(subcommand));
    }
    copy
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
