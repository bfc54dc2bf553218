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
            // Help and version go to stdout: a closed pipe (`| head`) is fine, any other
            // write error is a failure.
            return match portdoc::render::emit(&error.render().to_string()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(write_error) => {
                    portdoc::render::error_line(&write_error.to_string());
                    Status::Error.into()
                }
            };
        }
        Err(error) if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                error.render().to_string().as_bytes(),
            );
            return Status::Error.into();
        }
        Err(error) => {
            portdoc::render::error_line(&portdoc::cli::one_line_error(&error));
            return Status::Error.into();
        }
    };
    match portdoc::run(cli) {
        Ok(status) => status.into(),
        Err(error) => {
            portdoc::render::error_line(&format!("{error:#}"));
            Status::Error.into()
        }
    }
}
