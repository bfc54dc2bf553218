//! `portdoc completions` and `portdoc man`: the shell scripts and roff pages, generated from
//! the same clap definition as the command line.

use std::path::Path;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit::Status;
use crate::render;

/// Prints the completion script for `shell`, without hidden arguments.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<Status> {
    // Generated into memory: clap_complete panics on a write error of its own.
    let mut script = Vec::new();
    let mut command = without_hidden(&Cli::command());
    clap_complete::generate(shell, &mut command, "portdoc", &mut script);
    render::emit(&String::from_utf8_lossy(&script))?;
    Ok(Status::Success)
}

/// Prints one man page (`portdoc.1`, or `portdoc-SUBCOMMAND.1`), or writes every page into
/// `dir` and prints their paths.
pub fn man(subcommand: Option<&str>, dir: Option<&Path>) -> anyhow::Result<Status> {
    let pages = render::man::pages(&Cli::command())?;
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)
            .map_err(|error| anyhow::anyhow!("cannot create {}: {error}", dir.display()))?;
        let mut written = String::new();
        for (name, page) in &pages {
            let path = dir.join(name);
            std::fs::write(&path, page)
                .map_err(|error| anyhow::anyhow!("cannot write {}: {error}", path.display()))?;
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
            subcommand.unwrap_or_default(),
            names.join(", ")
        );
    };
    render::emit(&String::from_utf8_lossy(page))?;
    Ok(Status::Success)
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
