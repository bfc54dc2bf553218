//! `portdoc explain`: reads the input (port, line, or stdin) into subjects, gathers facts
//! per subject, runs the rule table, prints findings. The input is `explain_input`, the
//! facts `explain_facts`.

use serde::Serialize;

use crate::cli::{ExplainArgs, OutputArgs};
use crate::commands::{explain_facts, explain_input};
use crate::diagnose::rules::{self, Rule, Severity};
use crate::diagnose::{ExplainReport, engine::diagnose};
use crate::exit::Status;
use crate::render::{self, human};

pub fn run(args: &ExplainArgs, output: &OutputArgs) -> anyhow::Result<Status> {
    let rules = rules::load(&rules::user_rule_files(&args.rules))?;
    let palette = human::Palette::new(render::color_enabled(output.color));
    if args.list_rules {
        render::output(output.json, &rule_list(&rules), || {
            human::rule_list(&rules, &palette)
        })?;
        return Ok(Status::Success);
    }
    let (subjects, omitted) = explain_input::subjects(args)?;
    let rerun = crate::cli::invocation();
    let backend = crate::backend(output.backend);
    let mut reports = Vec::with_capacity(subjects.len());
    for subject in subjects {
        let mut facts = explain_facts::gather_facts(subject, rerun.clone(), backend)?;
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

/// The document of `explain --json`: one report per subject, always in a list.
#[derive(Debug, Serialize)]
struct ExplainDocument<'a> {
    reports: &'a [ExplainReport],
    /// Distinct failures found in the text beyond the 20 explained.
    omitted: usize,
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
