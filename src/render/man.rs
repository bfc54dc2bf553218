//! Man pages: `portdoc(1)` and one page per subcommand (`portdoc-who(1)`, ...), each with
//! the options clap knows and the EXIT STATUS and EXAMPLES sections written from the
//! subcommand's own help text, so that the pages and `--help` never disagree.

use std::fmt::Write as _;

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

/// Subcommands that get no page of their own.
const WITHOUT_PAGE: &[&str] = &["help", "completions", "man"];

/// The exit status every subcommand shares, for `portdoc(1)`.
const COMMON_EXIT_STATUS: &str = "\
Exit status (each subcommand's page says what 0, 1 and 3 mean for it):
  0  the answer is yes (found, free, freed, no conflict)
  1  the answer is no (in use, nothing found, a conflict)
  2  usage error, or portdoc failed
  3  check: cannot bind for another reason; free: refused";

/// Every page: `(file name, roff)`, `portdoc.1` first.
pub fn pages(command: &clap::Command) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut command = command.clone();
    command.build();
    let names: Vec<String> = command
        .get_subcommands()
        .filter(|subcommand| !subcommand.is_hide_set())
        .map(|subcommand| subcommand.get_name().to_string())
        .filter(|name| !WITHOUT_PAGE.contains(&name.as_str()))
        .collect();
    let mut pages = vec![(
        "portdoc.1".to_string(),
        page(&command, "portdoc", COMMON_EXIT_STATUS, &names)?,
    )];
    for name in &names {
        let Some(subcommand) = command.find_subcommand(name) else {
            continue;
        };
        let title = format!("portdoc-{name}");
        let subcommand = subcommand
            .clone()
            .name(title.clone())
            .bin_name(format!("portdoc {name}"));
        let after = subcommand
            .get_after_help()
            .map(ToString::to_string)
            .unwrap_or_default();
        pages.push((
            format!("{title}.1"),
            page(&subcommand, &title, &after, &[])?,
        ));
    }
    Ok(pages)
}

/// One page: clap's sections, then DETAILS, EXIT STATUS and EXAMPLES from `after_help`,
/// then SEE ALSO.
fn page(
    command: &clap::Command,
    title: &str,
    after_help: &str,
    subcommands: &[String],
) -> std::io::Result<Vec<u8>> {
    let man = Man::new(command.clone()).title(title.to_uppercase());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    if !subcommands.is_empty() {
        man.render_subcommands_section(&mut out)?;
    }
    let mut roff = Roff::default();
    let (details, exit_status, examples) = split_after_help(after_help);
    for (heading, text) in [
        ("DETAILS", details),
        ("EXIT STATUS", exit_status),
        ("EXAMPLES", examples),
    ] {
        if !text.trim().is_empty() {
            roff.control("SH", [heading]);
            roff.control("nf", []);
            roff.text([roman(text.trim_end())]);
            roff.control("fi", []);
        }
    }
    roff.control("SH", ["SEE ALSO"]);
    let see_also: Vec<String> = if subcommands.is_empty() {
        vec!["portdoc(1)".to_string()]
    } else {
        subcommands
            .iter()
            .map(|name| format!("portdoc-{name}(1)"))
            .collect()
    };
    roff.text([bold(see_also.join(", "))]);
    roff.to_writer(&mut out)?;
    if command.get_version().is_some() {
        man.render_version_section(&mut out)?;
    }
    Ok(out)
}

/// The help text after the options, split into what comes before the exit status, the exit
/// status (its heading line dropped), and the examples.
fn split_after_help(text: &str) -> (String, String, String) {
    let mut details = String::new();
    let mut exit_status = String::new();
    let mut examples = String::new();
    let mut target = &mut details;
    for line in text.lines() {
        if line.starts_with("Exit status") {
            target = &mut exit_status;
            if let Some((_, rest)) = line.split_once(':')
                && !rest.trim().is_empty()
            {
                let _ = writeln!(target, "{}", rest.trim());
            }
            let heading = line.trim_end_matches(':');
            if heading != "Exit status" {
                let _ = writeln!(target, "{heading}");
            }
            continue;
        }
        if line.starts_with("Example") {
            target = &mut examples;
            continue;
        }
        let _ = writeln!(target, "{line}");
    }
    (details, exit_status, examples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_text_splits_into_exit_status_and_examples() {
        let (details, exit, examples) = split_after_help(
            "Probes:\n  x\n\nExit status:\n  0  yes\n  1  no\n\nExamples:\n  portdoc check 80\n",
        );
        assert!(details.contains("Probes") && !details.contains("yes"));
        assert!(exit.contains("0  yes") && !exit.contains("Examples"));
        assert!(examples.contains("portdoc check 80"));
    }
}
