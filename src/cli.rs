//! The command line: clap definitions for every subcommand and option.

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::ports::{PortSpec, parse_port_list};

const WHO_EXIT_CODES: &str = "\
Exit status:
  0  at least one socket found on the ports (or, without ports, any listener)
  1  nothing on those ports
  2  usage error, or portdoc failed";

/// Diagnose port conflicts: who holds a port, whether a server can bind it, and what to do.
#[derive(Debug, Parser)]
#[command(
    name = "portdoc",
    version,
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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show every socket on the given ports and every process holding it
    #[command(after_help = WHO_EXIT_CODES)]
    Who(WhoArgs),

    /// Print a shell completion script
    Completions {
        /// Shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff)
    Man,
}

/// One command-line port argument, which may list several ports.
#[derive(Debug, Clone)]
pub struct PortList(pub Vec<PortSpec>);

fn parse_port_argument(argument: &str) -> Result<PortList, String> {
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
}

impl WhoArgs {
    pub fn port_specs(&self) -> Vec<PortSpec> {
        self.ports
            .iter()
            .flat_map(|list| list.0.iter().copied())
            .collect()
    }
}

/// The command line as the user typed it, for "run `sudo ...`" hints.
pub fn invocation() -> String {
    let mut words: Vec<String> = std::env::args().collect();
    if let Some(program) = words.first_mut() {
        *program = "portdoc".into();
    }
    words
        .iter()
        .map(|word| {
            if !word.is_empty()
                && word
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || b"-_./:,=@%+".contains(&byte))
            {
                word.clone()
            } else {
                format!("'{}'", word.replace('\'', r"'\''"))
            }
        })
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
    format!("{message} (see 'portdoc --help')")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
