//! `portdoc explain`: reads the input (port, line, or stdin), gathers facts per subject,
//! runs the rule table, prints findings.

use std::io::Read as _;
use std::net::IpAddr;

use serde::Serialize;

use crate::cli::ports::parse_port_spec;
use crate::cli::{ExplainArgs, OutputArgs};
use crate::diagnose::facts::{Facts, Subject, SubjectSource};
use crate::diagnose::rules::{self, Rule, Severity};
use crate::diagnose::{ExplainReport, engine::diagnose};
use crate::exit::Status;
use crate::gather::owners::{self, Namespaces};
use crate::gather::snapshot::{self, Probing, Request};
use crate::gather::suggest::{self, SuggestOptions};
use crate::logread as logline;
use crate::model::{Protocol, SocketState, Target};
use crate::render::{self, human};
use crate::source::query::Backend;
use crate::verdict::{self, PortStatus};

/// The most log text read from stdin.
const STDIN_LIMIT: u64 = 64 * 1024 * 1024;

/// The most failures of one text explained: each is a look at the live host.
const SUBJECT_LIMIT: usize = 20;

pub fn run(args: &ExplainArgs, output: &OutputArgs) -> anyhow::Result<Status> {
    let rules = rules::load(&rules::user_rule_files(&args.rules))?;
    let palette = human::Palette::new(render::color_enabled(output.color));
    if args.list_rules {
        render::output(output.json, &rule_list(&rules), || {
            human::rule_list(&rules, &palette)
        })?;
        return Ok(Status::Success);
    }
    let (subjects, omitted) = subjects(args)?;
    let rerun = crate::cli::invocation();
    let backend = crate::backend(output.backend);
    let mut reports = Vec::with_capacity(subjects.len());
    for subject in subjects {
        let mut facts = gather_facts(subject, rerun.clone(), backend)?;
        let diagnosis = diagnose(&facts, &rules);
        if !diagnosis.skipped.is_empty() {
            facts.warnings.push(format!(
                "rules that need Linux facts (sysctls, cgroups, namespaces) were skipped on this platform: {}",
                diagnosis.skipped.join(", ")
            ));
        }
        reports.push(ExplainReport::new(facts, diagnosis.findings));
    }
    let human = || {
        reports
            .iter()
            .map(|report| human::explain(report, &palette))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let document = ExplainDocument {
        reports: &reports,
        omitted,
    };
    render::output(output.json, &document, human)?;
    Ok(if reports.iter().any(ExplainReport::has_error) {
        Status::Failure
    } else {
        Status::Success
    })
}

/// Gathers what the rules read about a subject: one snapshot of the port (every socket with
/// its owners, the probes, the settings), its verdict, and what the verdict calls for.
fn gather_facts(mut subject: Subject, rerun: String, backend: Backend) -> anyhow::Result<Facts> {
    let host_addresses = crate::source::host_addresses();
    let mut warnings = std::mem::take(&mut subject.notices);
    if !subject.protocol_named
        && let Some(port) = subject.port
    {
        subject.protocol = held_protocol(port, backend)?;
    }
    let address = probe_address(&subject, &host_addresses, &mut warnings);
    let mut facts = Facts {
        settings: crate::source::net_settings(),
        subject,
        sockets: Vec::new(),
        other_netns: Vec::new(),
        verdict: None,
        is_root: crate::source::is_privileged(),
        listen_overflows: None,
        host_addresses,
        suggested_port: None,
        socket_units: Vec::new(),
        managers: Default::default(),
        wildcard_free: None,
        rerun,
        linux_facts: crate::source::PROVIDES_LINUX_FACTS && backend != Backend::Portable,
        complete: true,
        warnings,
    };
    let Some(port) = facts.subject.port else {
        return Ok(facts);
    };
    let target = Target {
        protocol: facts.subject.protocol,
        port,
    };
    let mut taken = snapshot::take(&Request {
        targets: &[target],
        address,
        probing: Probing::Deciding,
        bound_everywhere: true,
        explain: true,
        backend,
    })?;
    let visibility = owners::resolve_owners(taken.sockets.iter_mut(), &facts.rerun)?;
    facts.complete = visibility.complete;
    facts.warnings.append(&mut taken.warnings);
    facts.warnings.extend(visibility.warnings);
    let sockets = taken.sockets_on(target);
    let mut judged = verdict::judge(&taken.facts(target, address, &sockets));
    verdict::note_hidden_owners(
        &mut judged,
        (!facts.is_root).then(|| format!("sudo {}", facts.rerun)),
    );
    facts.settings = taken.settings.clone();
    facts.sockets = sockets.into_iter().cloned().collect();
    if facts
        .sockets
        .iter()
        .all(|socket| socket.state == SocketState::TimeWait)
    {
        let query = snapshot::table_query(&[target], backend, true);
        let elsewhere = owners::inspect(&query, Namespaces::Others, &facts.rerun)?;
        facts.other_netns = elsewhere
            .sockets
            .into_iter()
            .filter(|socket| {
                socket.matched_by == crate::model::MatchedBy::LocalPort
                    && socket.state != SocketState::TimeWait
            })
            .collect();
    }
    if judged.status != PortStatus::Free {
        // Never suggest one of the program's own other ports (Fluvio's private port, Keycloak's
        // management port).
        let programs: Vec<&str> = facts
            .subject
            .program
            .as_deref()
            .into_iter()
            .chain(judged.holders.iter().flat_map(|holder| {
                holder
                    .socket
                    .processes
                    .iter()
                    .map(|process| process.name.as_str())
            }))
            .collect();
        facts.suggested_port = suggest::suggest(&SuggestOptions {
            range: (port.saturating_add(1).max(1024), u16::MAX),
            count: 1,
            udp_too: target.protocol == crate::model::Protocol::Udp,
            address: None,
            allow_ephemeral: false,
            avoid: crate::diagnose::knowledge::default_ports(programs),
            backend,
        })?
        .ports
        .first()
        .copied();
    }
    if judged.status == PortStatus::AddressUnavailable {
        facts.wildcard_free = Some(wildcard_binds(target, backend)?);
    }
    if facts
        .sockets
        .iter()
        .any(crate::diagnose::facts::queue_is_full)
    {
        let before = crate::source::listen_overflows();
        std::thread::sleep(std::time::Duration::from_millis(200));
        facts.listen_overflows = before.zip(crate::source::listen_overflows());
    }
    if judged.holders.iter().any(|holder| {
        holder
            .socket
            .processes
            .iter()
            .any(|process| process.pid == 1)
    }) {
        facts.socket_units = crate::gather::units::socket_units_for_port(port, None);
    }
    facts.managers = crate::gather::management::managers(
        facts
            .sockets
            .iter()
            .flat_map(|socket| socket.processes.iter().map(|process| &**process)),
        port,
    );
    facts.verdict = Some(judged);
    Ok(facts)
}

/// Whether a typical server could bind the port on the wildcard instead of an address this
/// host does not have.
fn wildcard_binds(target: Target, backend: Backend) -> anyhow::Result<bool> {
    let taken = snapshot::take(&Request {
        targets: &[target],
        address: None,
        probing: Probing::Deciding,
        bound_everywhere: false,
        explain: false,
        backend,
    })?;
    let sockets = taken.sockets_on(target);
    let judged = verdict::judge(&taken.facts(target, None, &sockets));
    Ok(matches!(
        judged.status,
        PortStatus::Free | PortStatus::TimeWait
    ))
}

/// The protocol whose port is held, for a text that names none: UDP when only a UDP socket
/// holds it, TCP otherwise. (DNS, NTP, syslog and socat print the same words for both.)
fn held_protocol(port: u16, backend: Backend) -> anyhow::Result<Protocol> {
    let targets = [
        Target {
            protocol: Protocol::Tcp,
            port,
        },
        Target {
            protocol: Protocol::Udp,
            port,
        },
    ];
    let list = crate::source::list_sockets(&snapshot::table_query(&targets, backend, true))?;
    let held = |protocol: Protocol| {
        list.sockets.iter().any(|socket| {
            socket.protocol == protocol
                && socket.local_port == port
                && socket.state != SocketState::TimeWait
        })
    };
    Ok(if held(Protocol::Udp) && !held(Protocol::Tcp) {
        Protocol::Udp
    } else {
        Protocol::Tcp
    })
}

/// The address to test: `--addr` as given; the one a log line names when it is local (or
/// the error is about the address itself); otherwise the wildcard, with a warning that the
/// line may come from another machine.
fn probe_address(
    subject: &Subject,
    host_addresses: &[IpAddr],
    warnings: &mut Vec<String>,
) -> Option<IpAddr> {
    let address = subject.address?;
    if subject.source == SubjectSource::Port {
        return Some(address);
    }
    let local =
        address.is_unspecified() || address.is_loopback() || host_addresses.contains(&address);
    if local || subject.error == Some(crate::logread::BindError::AddrNotAvailable) {
        return Some(address);
    }
    warnings.push(format!(
        "{address} is not an address of this host: the line may come from another machine; the live facts are for port {} here",
        subject.port.unwrap_or_default()
    ));
    None
}

/// Ports become port subjects; anything else is log text, and each bind failure in it a
/// subject.
/// The document of `explain --json`: one report per subject, always in a list.
#[derive(Debug, Serialize)]
struct ExplainDocument<'a> {
    reports: &'a [ExplainReport],
    /// Distinct failures found in the text beyond the 20 explained.
    omitted: usize,
}

/// The subjects to explain, and how many distinct failures of the text were left out.
fn subjects(args: &ExplainArgs) -> anyhow::Result<(Vec<Subject>, usize)> {
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
            "no bind failure found in the text (such as 'Address already in use', 'Permission denied' or 'Cannot assign requested address' with an address or port); give the port instead: portdoc explain 8080"
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
        .map(|failure| Subject {
            port: failure.port,
            protocol: if args.udp {
                Protocol::Udp
            } else {
                failure.protocol.unwrap_or(default_protocol)
            },
            protocol_named: args.udp || failure.protocol.is_some(),
            address: args.addr.or(failure.address),
            host: failure.host,
            error: failure.error,
            source: SubjectSource::Log,
            line: Some(failure.line),
            program: failure.program,
            platform: failure.platform,
            notices: Vec::new(),
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

#[derive(Debug, Serialize)]
struct RuleSummary<'a> {
    id: &'a str,
    severity: Severity,
    detects: &'a str,
    origin: &'a str,
}

fn rule_list(rules: &[Rule]) -> Vec<RuleSummary<'_>> {
    rules
        .iter()
        .map(|rule| RuleSummary {
            id: &rule.id,
            severity: rule.severity,
            detects: &rule.detects,
            origin: &rule.origin,
        })
        .collect()
}
