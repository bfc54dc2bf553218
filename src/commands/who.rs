//! `portdoc who`: every socket on the given ports and every process holding it.

use crate::cli::ports::protocols_for;
use crate::cli::{OutputArgs, WhoArgs};
use crate::exit::Status;
use crate::gather::owners::{Namespaces, inspect};
use crate::model::{MatchedBy, Protocol, WhoReport};
use crate::render::{self, human};
use crate::source::query::{PortSet, SocketQuery, StateFilter};

pub fn run(args: &WhoArgs, output: &OutputArgs) -> anyhow::Result<Status> {
    let query = query_for(args, crate::backend(output.backend));
    let rerun = crate::cli::invocation();
    let namespaces = if args.all_netns {
        Namespaces::All
    } else {
        Namespaces::Current
    };
    let inspection = inspect(&query, namespaces, &rerun)?;
    let mut report = WhoReport {
        host: crate::source::hostname(),
        sockets: inspection.sockets,
        complete: inspection.complete,
        warnings: inspection.warnings,
        other_netns: Vec::new(),
    };
    let found = report
        .sockets
        .iter()
        .any(|socket| socket.matched_by == MatchedBy::LocalPort);
    // Free here: say so, and whether a container or another namespace holds the port.
    if !found && !args.all_netns && !args.ports.is_empty() {
        let elsewhere = inspect(&query, Namespaces::Others, &rerun)?;
        report.other_netns = elsewhere
            .sockets
            .into_iter()
            .filter(|socket| socket.matched_by == MatchedBy::LocalPort)
            .collect();
        report.complete &= elsewhere.complete;
        report.warnings.extend(elsewhere.warnings);
    }
    render::output(output.json, &report, || {
        let mut palette = human::Palette::new(render::color_enabled(output.color));
        palette.every_socket = args.verbose;
        human::who(&report, &subject(args), &palette)
    })?;
    Ok(if found {
        Status::Success
    } else {
        Status::Failure
    })
}

/// Without ports: listeners of every port. With ports: every state, per protocol.
pub fn query_for(args: &WhoArgs, backend: crate::source::query::Backend) -> SocketQuery {
    let specs = args.port_specs();
    if specs.is_empty() {
        let protocols = match (args.tcp, args.udp) {
            (true, false) => vec![Protocol::Tcp],
            (false, true) => vec![Protocol::Udp],
            _ => Protocol::ALL.to_vec(),
        };
        return SocketQuery {
            ports: protocols
                .into_iter()
                .map(|protocol| (protocol, PortSet::any()))
                .collect(),
            states: StateFilter::ListeningOrBound,
            include_remote: false,
            include_bound: true,
            backend,
        };
    }
    let ports = Protocol::ALL
        .into_iter()
        .filter_map(|protocol| {
            let ranges: Vec<(u16, u16)> = specs
                .iter()
                .filter(|spec| protocols_for(spec, args.tcp, args.udp).contains(&protocol))
                .map(|spec| (spec.first, spec.last))
                .collect();
            (!ranges.is_empty()).then(|| (protocol, PortSet::from_ranges(ranges)))
        })
        .collect();
    SocketQuery {
        ports,
        states: StateFilter::All,
        include_remote: args.all,
        include_bound: true,
        backend,
    }
}

/// "8080/tcp", "80, 443" for the human report.
fn subject(args: &WhoArgs) -> String {
    args.port_specs()
        .iter()
        .map(|spec| {
            let protocols = protocols_for(spec, args.tcp, args.udp);
            let mut text = spec.to_string();
            if spec.protocol.is_none() && protocols.len() == 1 {
                text.push('/');
                text.push_str(protocols[0].name());
            }
            text
        })
        .collect::<Vec<_>>()
        .join(", ")
}
