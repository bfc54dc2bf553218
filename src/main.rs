//! Entry point: parse, run, map the outcome to an exit code, print an error once.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use portdoc::cli::Cli;
use portdoc::exit::Status;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error)
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            return Status::Error.into();
        }
        Err(error) => {
            eprintln!("portdoc: {}", portdoc::cli::one_line_error(&error));
            return Status::Error.into();
        }
    };
    match portdoc::run(cli) {
        Ok(status) => status.into(),
        Err(error) => {
            eprintln!("portdoc: {error:#}");
            Status::Error.into()
        }
    }
}
