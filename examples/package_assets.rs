//! Writes what a package installs besides the binary, from the clap types the binary parses
//! with: a man page per command (`portdoc.1`, `portdoc-who.1`, ...) and the bash, zsh and fish
//! completions. `scripts/cross` runs it before `cargo deb`:
//!
//! ```sh
//! cargo run --example package_assets -- target/cross/assets
//! ```

use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;
use portdoc::cli::Cli;

fn main() -> anyhow::Result<()> {
    let directory: PathBuf = std::env::args_os()
        .nth(1)
        .context("usage: package_assets DIRECTORY")?
        .into();
    let man = directory.join("man");
    let completions = directory.join("completions");
    for path in [&man, &completions] {
        std::fs::create_dir_all(path).with_context(|| format!("create {}", path.display()))?;
    }
    clap_mangen::generate_to(Cli::command(), &man).context("write the man pages")?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut Cli::command(), "portdoc", &completions)
            .with_context(|| format!("write the {shell} completions"))?;
    }
    Ok(())
}
