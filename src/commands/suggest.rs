//! `portdoc suggest`: free ports, one per line, so that `PORT=$(portdoc suggest)` works.

use std::fmt::Write as _;

use crate::cli::{OutputArgs, SuggestArgs};
use crate::config::register::{self, Register};
use crate::exit::Status;
use crate::gather::suggest::{self, DEFAULT_START, SuggestOptions, Suggestion};
use crate::render;

pub fn run(args: &SuggestArgs, output: &OutputArgs) -> anyhow::Result<Status> {
    let range = match (args.start, args.range) {
        (Some(start), Some((first, last))) => {
            if start > last {
                anyhow::bail!("the start port {start} lies above the range {first}-{last}");
            }
            (start.max(first), last)
        }
        (None, Some(range)) => range,
        (start, None) => (start.unwrap_or(DEFAULT_START), u16::MAX),
    };
    let options = SuggestOptions {
        range,
        count: usize::from(args.count),
        udp_too: args.udp,
        address: args.addr,
        allow_ephemeral: args.allow_ephemeral,
        avoid: Vec::new(),
        backend: crate::backend(output.backend),
    };
    let ranges = match &args.purpose {
        Some(purpose) => purpose_ranges(args, purpose, range)?,
        None => vec![range],
    };
    let mut suggestion = Suggestion { ports: Vec::new() };
    for range in &ranges {
        if suggestion.ports.len() >= options.count {
            break;
        }
        let found = suggest::suggest(&SuggestOptions {
            range: *range,
            count: options.count - suggestion.ports.len(),
            ..options.clone()
        })?;
        suggestion.ports.extend(found.ports);
    }
    render::output(output.json, &suggestion, || {
        suggestion
            .ports
            .iter()
            .fold(String::new(), |mut text, port| {
                let _ = writeln!(text, "{port}");
                text
            })
    })?;
    if suggestion.ports.len() < options.count {
        let searched: Vec<String> = ranges
            .iter()
            .map(|(first, last)| format!("{first}-{last}"))
            .collect();
        render::error_line(&format!(
            "found {} of {} free port(s) in {} (busy, ephemeral or reserved ports are skipped; --allow-ephemeral or a wider --range may help)",
            suggestion.ports.len(),
            options.count,
            if searched.is_empty() {
                "no range".to_string()
            } else {
                searched.join(", ")
            }
        ));
        return Ok(Status::Failure);
    }
    Ok(Status::Success)
}

/// The ranges of the register's purpose that no allocation takes and that are not
/// protected, cut to `within` (the start port and `--range`).
fn purpose_ranges(
    args: &SuggestArgs,
    purpose: &str,
    within: (u16, u16),
) -> anyhow::Result<Vec<(u16, u16)>> {
    let path = args
        .register
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from(register::DEFAULT_PATH));
    let register = Register::load(&path).map_err(|error| anyhow::anyhow!("{error}"))?;
    let Some(free) = register.free_ranges(purpose) else {
        let known: Vec<&str> = register
            .purposes
            .iter()
            .map(|purpose| purpose.name.as_str())
            .collect();
        anyhow::bail!(
            "the register {} defines no purpose '{purpose}' (it defines: {})",
            path.display(),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        );
    };
    // Without a start port or --range, the purpose's ranges are the whole search.
    let (low, high) = if args.start.is_none() && args.range.is_none() {
        (1, u16::MAX)
    } else {
        within
    };
    Ok(free
        .iter()
        .filter_map(|range| {
            let first = range.start.max(low);
            let last = range.end.min(high);
            (first <= last).then_some((first, last))
        })
        .collect())
}
