//! What `explain` is asked about: ports given as arguments, or the failures read out of a
//! pasted line or a log on stdin, as subjects.

use std::io::Read as _;

use crate::cli::ExplainArgs;
use crate::cli::ports::parse_port_spec;
use crate::diagnose::facts::{Subject, SubjectSource};
use crate::logread as logline;
use crate::model::Protocol;

/// The most log text read from stdin.
const STDIN_LIMIT: u64 = 64 * 1024 * 1024;

/// The most failures of one text explained: each is a look at the live host.
const SUBJECT_LIMIT: usize = 20;

/// The subjects to explain, and how many distinct failures of the text were left out.
pub fn subjects(args: &ExplainArgs) -> anyhow::Result<(Vec<Subject>, usize)> {
    let default_protocol = if args.udp {
        Protocol::Udp
    } else {
        Protocol::Tcp
    };
    if args.input.iter().all(|input| looks_like_port(input)) {
        return args
            .input
            .iter()
            .map(|input| {
                let spec = parse_port_spec(input.trim()).map_err(anyhow::Error::msg)?;
                if spec.first != spec.last {
                    anyhow::bail!("explain takes single ports, not the range '{input}'; `portdoc check {input}` checks a range");
                }
                Ok(Subject::port(
                    spec.first,
                    spec.protocol.unwrap_or(default_protocol),
                    args.addr,
                ))
            })
            .collect::<anyhow::Result<Vec<_>>>()
            .map(|subjects| (subjects, 0));
    }
    let mut notices = Vec::new();
    let text = if args.input == ["-"] {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(STDIN_LIMIT + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| anyhow::anyhow!("cannot read stdin: {error}"))?;
        if bytes.len() as u64 > STDIN_LIMIT {
            bytes.truncate(STDIN_LIMIT as usize);
            notices.push(format!(
                "only the first {} MiB of stdin were read",
                STDIN_LIMIT / (1024 * 1024)
            ));
        }
        // A log may hold bytes that are not UTF-8 (a binary field, another encoding): read
        // what can be read.
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        args.input.join(" ")
    };
    let reading = logline::read(&text, SUBJECT_LIMIT);
    if reading.failures.is_empty() {
        anyhow::bail!(
            "no bind failure or exhausted resource found in the text (such as 'Address already in use', 'Permission denied', 'Cannot assign requested address' or 'Too many open files'); give the port instead: portdoc explain 8080"
        );
    }
    if reading.more > 0 {
        notices.push(format!(
            "the text holds {} more distinct bind failures; the first {SUBJECT_LIMIT} are explained",
            reading.more
        ));
    }
    let mut subjects: Vec<Subject> = reading
        .failures
        .into_iter()
        .map(|failure| {
            let exhaustion = failure.is_exhaustion();
            let endpoint = match (exhaustion, failure.address, failure.port) {
                (true, Some(address), Some(port)) => Some(crate::model::endpoint(&address, port)),
                (true, None, Some(port)) => Some(format!(":{port}")),
                _ => None,
            };
            Subject {
                // A resource that ran out holds no port twice: the port the line names is the
                // destination or the listener, kept in `endpoint`.
                port: if exhaustion { None } else { failure.port },
                protocol: if args.udp {
                    Protocol::Udp
                } else {
                    failure.protocol.unwrap_or(default_protocol)
                },
                protocol_named: args.udp || failure.protocol.is_some(),
                address: if exhaustion {
                    None
                } else {
                    args.addr.or(failure.address)
                },
                host: failure.host,
                error: failure.error,
                source: SubjectSource::Log,
                line: Some(failure.line),
                program: failure.program,
                platform: failure.platform,
                operation: failure.operation,
                endpoint,
                notices: Vec::new(),
            }
        })
        .collect();
    if let Some(first) = subjects.first_mut() {
        first.notices = notices;
    }
    Ok((subjects, reading.more))
}

/// `8080`, `8080/udp`, `70000`, `9000-9100` (a bad port is still meant as a port, and gets
/// its error); `0/3 nodes are available` is text.
fn looks_like_port(input: &str) -> bool {
    let input = input.trim();
    let (number, protocol) = input.split_once('/').unwrap_or((input, "tcp"));
    !number.is_empty()
        && number
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'-')
        && number.bytes().any(|byte| byte.is_ascii_digit())
        && !protocol.is_empty()
        && protocol.len() <= 8
        && protocol.bytes().all(|byte| byte.is_ascii_alphanumeric())
}
