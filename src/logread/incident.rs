//! One incident: the cue lines that report one failure, read into failures with the most
//! specific endpoint, the protocol and the program the text names.

use std::collections::BTreeSet;
use std::net::IpAddr;

use crate::logread::endpoint::{self, Found};
use crate::logread::lexicon::{self, LEXICON_DATA};
use crate::logread::{
    CueLine, Layout, LogFailure, NEIGHBOURS, Operation, PortGroup, WHOLE_TEXT, blocks, programs,
};

/// How far into its message block (a stack trace) an incident looks for its endpoint.
const BLOCK_REACH: usize = 200;

/// The failures of one incident: one per distinct port its cue lines name (usually one).
pub fn read_incident(layout: &Layout, incident: &[CueLine]) -> Vec<LogFailure> {
    let lines = layout.lines;
    let first = incident[0].0;
    let last = incident[incident.len() - 1].0;
    // The scope: the incident's message blocks (at most a few hundred lines of a stack trace)
    // and its neighbours.
    let mut scope: BTreeSet<usize> =
        (first.saturating_sub(NEIGHBOURS)..=(last + NEIGHBOURS).min(lines.len() - 1)).collect();
    for &(index, _) in incident {
        scope.extend(layout.block_around(index, BLOCK_REACH));
    }
    let scope: Vec<usize> = scope.into_iter().collect();
    let scope_text: String = scope
        .iter()
        .map(|&index| lines[index])
        .collect::<Vec<_>>()
        .join("\n");
    // Ports the cue lines themselves name split the incident.
    let mut by_port: Vec<PortGroup> = Vec::new();
    for &(index, cue) in incident {
        let found = endpoint::find(lines[index])
            .into_iter()
            .find(|found| found.rank >= 1);
        match by_port.iter_mut().find(|(seen, _)| {
            seen.as_ref().map(|seen| seen.port) == found.as_ref().map(|found| found.port)
                || (seen.is_none() || found.is_none())
        }) {
            Some((seen, members)) => {
                if seen.is_none() {
                    *seen = found;
                }
                members.push((index, cue));
            }
            None => by_port.push((found, vec![(index, cue)])),
        }
    }
    by_port
        .into_iter()
        .map(|(found_on_cue, members)| {
            let found = found_on_cue.clone();
            // In one program's output pasted whole, the port may be anywhere in it (thin
            // prints `Listening on 0.0.0.0:P` after its failure).
            let whole: Vec<usize> = (0..lines.len()).collect();
            let found = found
                .or_else(|| nearest_endpoint(lines, &scope, &members))
                .or_else(|| {
                    (lines.len() <= WHOLE_TEXT)
                        .then(|| nearest_endpoint(lines, &whole, &members))
                        .flatten()
                });
            // A cause nested in a wrapper wins over the wrapper's own wording: RMI's "Port
            // already in use: 80; nested exception is:" wraps any BindException, here
            // "Permission denied".
            let error = members
                .iter()
                .filter(|(index, _)| is_nested_cause(lines, *index))
                .find_map(|(_, cue)| cue.error)
                .or_else(|| members.iter().find_map(|(_, cue)| cue.error));
            let (reporting, _) = members
                .iter()
                .find(|(_, cue)| cue.error.is_some())
                .copied()
                .unwrap_or(members[0]);
            // An address the failing line writes apart from a port (`unable to bind to wildcard
            // address 0.0.0.0`) wins over one borrowed with the port from a neighbour; any
            // other (`Bind to port 22 on 0.0.0.0`, Node's `address: '::'`) completes a port
            // found without one.
            let on_cue = members
                .iter()
                .find_map(|(index, _)| endpoint::lone_address(lines[*index]));
            let address = found.as_ref().and_then(|found| {
                let borrowed = found_on_cue.is_none();
                match (found.address, on_cue) {
                    (_, Some(written)) if borrowed => Some(written),
                    (Some(address), _) => Some(address),
                    (None, _) => on_cue.or_else(|| {
                        scope
                            .iter()
                            .find_map(|index| endpoint::lone_address(lines[*index]))
                    }),
                }
            });
            let mut addresses: Vec<IpAddr> = address.into_iter().collect();
            // The cue lines' addresses for the port first, then the scope's (Go prints
            // `listen tcp 0.0.0.0:P` for a server configured on `[::]:P`, which it logged).
            let cue_lines = members.iter().map(|(index, _)| *index);
            for index in cue_lines.chain(scope.iter().copied()) {
                for named in endpoint::find(lines[index]) {
                    if let Some(other) = named.address
                        && Some(named.port) == found.as_ref().map(|found| found.port)
                        && !addresses.contains(&other)
                    {
                        addresses.push(other);
                    }
                }
            }
            // Protocol words in the source lines a Python traceback echoes are code, not the
            // program's statement (`StartUdpServer if mode == 'udp' else StartTcpServer`).
            // Nor do other records of the same log (`[net] Initializing UDP listeners` beside
            // a TCP listener's failure).
            let member_shapes: Vec<String> = members
                .iter()
                .filter_map(|&(member, _)| blocks::record_shape(lines[member]))
                .collect();
            let stated_text: String = scope
                .iter()
                .filter(|&&index| index == 0 || !is_traceback_frame(lines[index - 1]))
                .filter(|&&index| !is_other_record(layout, &members, &member_shapes, index))
                .map(|&index| lines[index])
                .collect::<Vec<_>>()
                .join("\n");
            let cue_text: String = members
                .iter()
                .map(|(index, _)| lines[*index])
                .collect::<Vec<_>>()
                .join("\n");
            LogFailure {
                line: lines[reporting].trim().chars().take(2000).collect(),
                address,
                addresses,
                host: found.as_ref().and_then(|found| found.host.clone()),
                port: found.as_ref().map(|found| found.port),
                protocol: LEXICON_DATA
                    .protocol(&cue_text)
                    .or_else(|| LEXICON_DATA.protocol(&stated_text)),
                error,
                operation: operation_of(layout, reporting),
                program: program_of(lines[reporting], &scope_text, layout.head_program),
                platform: members
                    .iter()
                    .find_map(|(index, cue)| lexicon::platform_of(lines[*index], cue)),
            }
        })
        .collect()
}

/// The call that failed: named on the reporting line, else in its message block, else in the
/// few lines just before it (a Python traceback's frames precede its exception line).
fn operation_of(layout: &Layout, reporting: usize) -> Option<Operation> {
    let lines = layout.lines;
    let text_of = |range: std::ops::RangeInclusive<usize>| -> String {
        range
            .map(|index| lines[index])
            .collect::<Vec<_>>()
            .join("\n")
    };
    LEXICON_DATA
        .operation(lines[reporting])
        .or_else(|| LEXICON_DATA.operation(&text_of(layout.block_around(reporting, 64))))
        .or_else(|| {
            // Only lines that carry no log prefix of their own: a separate log record before
            // the failure ("Anyone who can connect to this server") names no call of it.
            let before: Vec<&str> = (reporting.saturating_sub(NEIGHBOURS)..reporting)
                .map(|index| lines[index])
                .filter(|line| blocks::message(line).len() == line.len())
                .chain(std::iter::once(lines[reporting]))
                .collect();
            LEXICON_DATA.operation(&before.join("\n"))
        })
}

/// Whether a line states the cause nested in the message before it: Java's `Caused by:`, or
/// the line after one that ends `nested exception is:`.
fn is_nested_cause(lines: &[&str], index: usize) -> bool {
    let message = blocks::message(lines[index]).trim_start();
    message.starts_with("Caused by:")
        || (index > 0
            && blocks::message(lines[index - 1])
                .trim_end()
                .ends_with("nested exception is:"))
}

/// Whether a line is a record of its own in the log of the incident's cue lines: the same
/// shape of start as one of them (`member_shapes`), in none of their message blocks, and no
/// cue line itself.
fn is_other_record(
    layout: &Layout,
    members: &[CueLine],
    member_shapes: &[String],
    index: usize,
) -> bool {
    blocks::record_shape(layout.lines[index]).is_some_and(|shape| member_shapes.contains(&shape))
        && members.iter().all(|&(member, _)| {
            member != index && layout.block_of[member] != layout.block_of[index]
        })
}

/// A Python traceback's frame line (`  File "x.py", line 4, in <module>`): the line after
/// it echoes source code.
fn is_traceback_frame(line: &str) -> bool {
    let line = blocks::message(line).trim_start();
    line.starts_with("File \"") && line.contains("\", line ")
}

/// The best endpoint in the scope: the highest rank, then the nearest to a cue line.
fn nearest_endpoint(lines: &[&str], scope: &[usize], members: &[CueLine]) -> Option<Found> {
    // At equal distance a line before a cue wins: a program says what it binds, then fails
    // (`Creating HTTP acceptor for address: 0.0.0.0, port: 8080`, then `bind: Address already
    // in use`), and goes on to its next socket.
    let distance = |index: usize| {
        members
            .iter()
            .map(|&(cue, _)| 2 * cue.abs_diff(index) + usize::from(index > cue))
            .min()
            .unwrap_or(usize::MAX)
    };
    scope
        .iter()
        .flat_map(|&index| {
            endpoint::find(lines[index])
                .into_iter()
                .map(move |found| (index, found))
        })
        // `port 1: INITIALIZING` on another line is a numbered port of something else (PTP,
        // a switch): a one-digit port named only by the word is not borrowed.
        .filter(|(_, found)| found.rank >= 2 || found.port >= 10)
        .max_by_key(|(index, found)| (found.rank, std::cmp::Reverse(distance(*index))))
        .map(|(_, found)| found)
}

/// The program: named by the reporting line, else by the incident's scope, else by the head
/// of the whole text (one program's output pasted whole).
fn program_of(line: &str, scope: &str, head: Option<&'static str>) -> Option<String> {
    programs::identify(line)
        .or_else(|| programs::identify(scope))
        .or(head)
        .map(str::to_string)
}
