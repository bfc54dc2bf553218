//! The whole command line through clap: arbitrary arguments (NUL-separated in the input)
//! are parsed or refused, never a panic; a refusal renders as the one line main prints.
#![no_main]

use clap::Parser;
use clap::error::ErrorKind;
use libfuzzer_sys::fuzz_target;
use portdoc::cli::{Cli, one_line_error};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let arguments = std::iter::once("portdoc").chain(text.split('\0'));
    match Cli::try_parse_from(arguments) {
        Ok(cli) => {
            let _ = format!("{cli:?}");
        }
        Err(error) => {
            let line = one_line_error(&error);
            if !matches!(
                error.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                assert!(!line.is_empty());
            }
        }
    }
});
