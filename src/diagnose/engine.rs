//! Evaluates the rule table against the facts of one subject and fills the templates.
//! Pure: no I/O, so rules are tested on hand-built facts.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::diagnose::facts::{Facts, HolderGroup, SubjectSource, primary_process};
use crate::diagnose::rules::{Rule, Severity, When};
use crate::logread::Platform;

/// One finding: what is wrong, why, and the commands that fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct Finding {
    /// The id of the rule that produced it.
    pub rule: String,
    pub severity: Severity,
    /// One line naming the actual holder, port and cause.
    pub summary: String,
    /// A short explanation.
    pub detail: String,
    /// Copy-pasteable commands, filled in with the real pid, unit, container and port.
    pub fixes: Vec<String>,
    /// The pid of the holder the finding is about, `null` for findings about the port.
    pub holder_pid: Option<u32>,
}

/// What the rules found, and the rules skipped for lack of Linux facts.
#[derive(Debug, Default)]
pub struct Diagnosis {
    pub findings: Vec<Finding>,
    pub skipped: Vec<String>,
}

/// Findings, most important first: errors, warnings, then information; within a severity,
/// in rule-table order.
pub fn diagnose(facts: &Facts, rules: &[Rule]) -> Diagnosis {
    let groups = facts.holder_groups();
    let mut findings: Vec<(usize, Finding, Vec<String>)> = Vec::new();
    let mut skipped = Vec::new();
    for (order, rule) in rules.iter().enumerate() {
        let mut matched_groups: Vec<usize> = Vec::new();
        let mut matched_port = false;
        for block in &rule.when {
            if block.needs_linux && !facts.linux_facts {
                if !skipped.contains(&rule.id) {
                    skipped.push(rule.id.clone());
                }
                continue;
            }
            if block.is_per_holder() {
                for (index, group) in groups.iter().enumerate() {
                    if matched_groups.contains(&index)
                        || !matches_port(block, facts)
                        || !matches_holder(block, facts, group)
                    {
                        continue;
                    }
                    matched_groups.push(index);
                    let values = |name: &str| facts.holder_value(group, name);
                    let fix_values = |name: &str| facts.fix_value(Some(group), name);
                    let pid = primary_process(group).pid;
                    findings.push((
                        order,
                        finding(rule, block, &values, &fix_values, Some(pid)),
                        rule.supersedes.clone(),
                    ));
                }
            } else if !matched_port && matched_groups.is_empty() && matches_port(block, facts) {
                matched_port = true;
                let values = |name: &str| facts.port_value(name);
                let fix_values = |name: &str| facts.fix_value(None, name);
                findings.push((
                    order,
                    finding(rule, block, &values, &fix_values, None),
                    rule.supersedes.clone(),
                ));
            }
        }
    }
    let superseded: Vec<(String, Option<u32>)> = findings
        .iter()
        .flat_map(|(_, finding, supersedes)| {
            supersedes
                .iter()
                .map(|rule| (rule.clone(), finding.holder_pid))
                .collect::<Vec<_>>()
        })
        .collect();
    findings.retain(|(_, finding, _)| {
        !superseded
            .iter()
            .any(|(rule, pid)| *rule == finding.rule && *pid == finding.holder_pid)
    });
    findings.sort_by_key(|(order, finding, _)| (finding.severity, *order));
    // A command a more important finding already gives is not printed again.
    let mut given: Vec<String> = Vec::new();
    let findings = findings
        .into_iter()
        .map(|(_, mut finding, _)| {
            finding.fixes.retain(|fix| {
                let command = fix.split("    #").next().unwrap_or(fix).trim().to_string();
                let new = !given.contains(&command);
                given.push(command);
                new
            });
            finding
        })
        .collect();
    Diagnosis { findings, skipped }
}

/// A finding from a rule's block: prose filled with the values as they are (the renderer
/// escapes them), fixes with shell-quoted values; a fix that needs a missing value is left out.
fn finding(
    rule: &Rule,
    block: &When,
    values: &dyn Fn(&str) -> Option<String>,
    fix_values: &dyn Fn(&str) -> Option<String>,
    holder_pid: Option<u32>,
) -> Finding {
    let summary = block.summary.as_deref().unwrap_or(&rule.summary);
    let detail = block.detail.as_deref().unwrap_or(&rule.detail);
    let fixes = block.fixes.as_ref().unwrap_or(&rule.fixes);
    Finding {
        rule: rule.id.clone(),
        severity: block.severity.unwrap_or(rule.severity),
        summary: fill(summary, values).unwrap_or_else(|partial| partial),
        detail: fill(detail, values).unwrap_or_else(|partial| partial),
        fixes: fixes
            .iter()
            .filter_map(|fix| fill(fix, fix_values).ok())
            .collect(),
        holder_pid,
    }
}

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{([a-z_]+)\}").unwrap());

/// Fills `{name}` placeholders. `Err` carries the text with unknown values shown as
/// `(unknown)`: a fix that needs a missing value is dropped, a summary keeps its words.
pub fn fill(template: &str, values: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut missing = false;
    let text = PLACEHOLDER
        .replace_all(template, |captures: &regex::Captures| {
            match values(&captures[1]) {
                Some(value) => value,
                None => {
                    missing = true;
                    "(unknown)".to_string()
                }
            }
        })
        .into_owned();
    if missing { Err(text) } else { Ok(text) }
}

fn matches_port(block: &When, facts: &Facts) -> bool {
    let subject = &facts.subject;
    if !block.ports.is_empty()
        && !subject
            .port
            .is_some_and(|port| block.ports.iter().any(|spec| spec.contains(port)))
    {
        return false;
    }
    if let Some(protocol) = &block.protocol
        && protocol != subject.protocol.name()
    {
        return false;
    }
    if !block.status.is_empty()
        && !facts
            .status()
            .is_some_and(|status| block.status.iter().any(|wanted| wanted == status.name()))
    {
        return false;
    }
    if !block.error.is_empty()
        && !subject
            .error
            .is_some_and(|error| block.error.iter().any(|wanted| wanted == error.name()))
    {
        return false;
    }
    if let Some(source) = &block.source {
        let actual = match subject.source {
            SubjectSource::Port => "port",
            SubjectSource::Log => "log",
        };
        if source != actual {
            return false;
        }
    }
    if let Some(program) = &block.program
        && !subject
            .program
            .as_deref()
            .is_some_and(|name| program.is_match(name))
    {
        return false;
    }
    if let Some(platform) = &block.platform {
        let actual = match subject.platform {
            Some(Platform::Linux) => "linux",
            Some(Platform::Macos) => "macos",
            Some(Platform::Windows) => "windows",
            None => "",
        };
        if platform != actual {
            return false;
        }
    }
    block
        .facts
        .iter()
        .all(|name| facts.port_fact(name) == Some(true))
        && block
            .not_facts
            .iter()
            .all(|name| facts.port_fact(name) == Some(false))
}

fn matches_holder(block: &When, facts: &Facts, group: &HolderGroup) -> bool {
    let any_process = |test: &dyn Fn(&crate::model::Process) -> bool| {
        group.processes.iter().any(|process| test(process))
    };
    if let Some(name) = &block.name
        && !any_process(&|process| name.is_match(&process.name))
    {
        return false;
    }
    if let Some(pattern) = &block.cmdline {
        let port = facts
            .subject
            .port
            .map(|port| port.to_string())
            .unwrap_or_default();
        let Ok(cmdline) = Regex::new(&pattern.replace("{port}", &port)) else {
            return false;
        };
        if !any_process(&|process| cmdline.is_match(&process.cmdline)) {
            return false;
        }
    }
    if let Some(exe) = &block.exe
        && !any_process(&|process| {
            process
                .exe
                .as_deref()
                .is_some_and(|path| exe.is_match(path))
        })
    {
        return false;
    }
    if let Some(unit) = &block.unit
        && !any_process(&|process| {
            process
                .systemd_unit
                .as_deref()
                .is_some_and(|name| unit.is_match(name))
        })
    {
        return false;
    }
    if let Some(runtime) = &block.container_runtime
        && !any_process(&|process| {
            process
                .container
                .as_ref()
                .is_some_and(|container| runtime.is_match(&container.runtime))
        })
    {
        return false;
    }
    block
        .holder_facts
        .iter()
        .all(|name| facts.holder_fact(group, name) == Some(true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::facts::Subject;
    use crate::diagnose::rules::parse_rules;
    use crate::model::{NetSettings, Protocol};

    fn facts_for_free_port(port: u16) -> Facts {
        Facts {
            subject: Subject::port(port, Protocol::Tcp, None),
            sockets: vec![],
            other_netns: vec![],
            verdict: None,
            settings: NetSettings::default(),
            is_root: false,
            listen_overflows: None,
            host_addresses: vec![],
            suggested_port: None,
            socket_units: vec![],
            managers: Default::default(),
            exhaustion: Default::default(),
            wildcard_free: None,
            rerun: "portdoc explain 1".into(),
            linux_facts: true,
            complete: true,
            warnings: vec![],
        }
    }

    #[test]
    fn fixes_that_need_an_unknown_value_are_dropped_and_summaries_say_unknown() {
        let values = |name: &str| (name == "port").then(|| "80".to_string());
        assert_eq!(fill("port {port}", &values), Ok("port 80".into()));
        assert_eq!(fill("kill {pid}", &values), Err("kill (unknown)".into()));
        assert_eq!(
            fill("awk '{ print $1 }'", &values),
            Ok("awk '{ print $1 }'".into())
        );
    }

    #[test]
    fn findings_come_errors_first_then_in_table_order() {
        let rules = parse_rules(
            r#"
[[rule]]
id = "note"
severity = "info"
detects = "d"
summary = "note on {port}"
[[rule.when]]
ports = ["9000-9100"]

[[rule]]
id = "bad"
severity = "warning"
detects = "d"
summary = "bad {port}"
fixes = ["fix {port}", "needs {suggested_port}"]
[[rule.when]]
ports = ["9010"]
severity = "error"
[[rule.when]]
ports = ["9000-9100"]
"#,
            "test",
        )
        .unwrap();
        let findings = diagnose(&facts_for_free_port(9010), &rules).findings;
        let order: Vec<(&str, Severity)> = findings
            .iter()
            .map(|finding| (finding.rule.as_str(), finding.severity))
            .collect();
        assert_eq!(order, [("bad", Severity::Error), ("note", Severity::Info)]);
        assert_eq!(
            findings[0].fixes,
            ["fix 9010"],
            "the block's severity, one finding per rule"
        );
        let other = diagnose(&facts_for_free_port(9050), &rules).findings;
        assert_eq!(other[0].severity, Severity::Warning);
        assert!(
            diagnose(&facts_for_free_port(8080), &rules)
                .findings
                .is_empty()
        );
    }
}
