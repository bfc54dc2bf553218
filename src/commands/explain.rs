//! `portdoc explain`: reads the input (port, line, or stdin), gathers facts per subject,
//! runs the rule table, prints findings.

use std::io::Read;

use serde::Serialize;

use crate::cli::ports::parse_port_spec;
use crate::cli::{ExplainArgs, OutputArgs};
use crate::diagnose::facts::{self, Subject, SubjectSource};
use crate::diagnose::rules::{self, Rule, Severity};
use crate::diagnose::{ExplainReport, engine::diagnose};
use crate::exit::Status;
use crate::logread as logline;
use crate::model::Protocol;
use crate::render::{self, human};

/// The most log text read from stdin.
const STDIN_LIMIT: u64 = 64 * 1024 * 1024;

pub fn run(args: &ExplainArgs, output: &OutputArgs) -> anyhow::Result<Status> {
    let rules = rules::load(&rules::user_rule_files(&args.rules))?;
    let palette = human::Palette::new(render::color_enabled(output.color));
    if args.list_rules {
        render::output(output.json, &rule_list(&rules), || {
            human::rule_list(&rules, &palette)
        })?;
        return Ok(Status::Success);
    }
    let subjects = subjects(args)?;
    let rerun = crate::cli::invocation();
    let backend = crate::backend(output.backend);
    let mut reports = Vec::with_capacity(subjects.len());
    for subject in subjects {
        let mut facts = facts::gather(subject, rerun.clone(), backend)?;
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
    match reports.as_slice() {
        [single] => render::output(output.json, single, human)?,
        several => render::output(output.json, &several, human)?,
    }
    Ok(if reports.iter().any(ExplainReport::has_error) {
        Status::Failure
    } else {
        Status::Success
    })
}

/// Ports become port subjects; anything else is log text, and each bind failure in it a
/// subject.
fn subjects(args: &ExplainArgs) -> anyhow::Result<Vec<Subject>> {
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
            .collect();
    }
    let text = if args.input == ["-"] {
        let mut text = String::new();
        std::io::stdin()
            .take(STDIN_LIMIT)
            .read_to_string(&mut text)
            .map_err(|error| anyhow::anyhow!("cannot read stdin: {error}"))?;
        text
    } else {
        args.input.join(" ")
    };
    let failures = logline::parse(&text);
    if failures.is_empty() {
        anyhow::bail!(
            "no bind failure found in the text (such as 'Address already in use', 'Permission denied' or 'Cannot assign requested address' with an address or port); give the port instead: portdoc explain 8080"
        );
    }
    Ok(failures
        .into_iter()
        .map(|failure| Subject {
            port: failure.port,
            protocol: failure.protocol.unwrap_or(default_protocol),
            address: args.addr.or(failure.address),
            host: failure.host,
            error: Some(failure.error),
            source: SubjectSource::Log,
            line: Some(failure.line),
            program: failure.program,
            platform: failure.platform,
        })
        .collect())
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
