//! `portdoc suggest`: free ports, one per line, so that `PORT=$(portdoc suggest)` works.

use std::fmt::Write as _;

use crate::cli::{OutputArgs, SuggestArgs};
use crate::exit::Status;
use crate::gather::suggest::{self, DEFAULT_START, SuggestOptions};
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
    let suggestion = suggest::suggest(&options)?;
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
        let (first, last) = range;
        eprintln!(
            "portdoc: found {} of {} free port(s) in {first}-{last} (busy, ephemeral or reserved ports are skipped; --allow-ephemeral or a wider --range may help)",
            suggestion.ports.len(),
            options.count
        );
        return Ok(Status::Failure);
    }
    Ok(Status::Success)
}
