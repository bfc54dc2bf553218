//! What `explain` is asked about: arbitrary arguments (NUL-separated in the input) after
//! `portdoc explain` become ports or failures read from the text, or a one-line refusal,
//! never a panic. `-` (stdin) is left out: the fuzzer has no stdin to give.
#![no_main]

use clap::Parser;
use libfuzzer_sys::fuzz_target;
use portdoc::cli::{Cli, Command};
use portdoc::commands::explain_input::subjects;

/// The most failures of one text `explain` explains.
const SUBJECT_LIMIT: usize = 20;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let arguments = ["portdoc", "explain"].into_iter().chain(text.split('\0'));
    let Ok(cli) = Cli::try_parse_from(arguments) else {
        return;
    };
    let Command::Explain(args) = &cli.command else {
        return;
    };
    if args.input.is_empty() || args.input == ["-"] {
        return;
    }
    match subjects(args) {
        Ok((subjects, _more)) => {
            assert!(!subjects.is_empty() && subjects.len() <= SUBJECT_LIMIT);
            for subject in &subjects {
                assert!(subject.port.is_none_or(|port| port >= 1));
            }
        }
        Err(error) => {
            let _ = format!("{error:#}");
        }
    }
});
