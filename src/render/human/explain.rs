//! `explain`: the subject, the findings with their fixes, the sockets on the port.

use std::fmt::Write as _;

use owo_colors::OwoColorize;

use super::*;
/// Renders `explain` for one subject: what was asked, the findings with their fixes, then
/// the sockets on the port as `who` shows them.
pub fn explain(report: &ExplainReport, palette: &Palette) -> String {
    let mut out = String::new();
    let subject = &report.subject;
    if let Some(line) = &subject.line {
        let _ = writeln!(
            out,
            "{} {}",
            "explain:".style(palette.heading),
            sanitize(line)
        );
    }
    let mut about = Vec::new();
    match (subject.port, &subject.endpoint) {
        (Some(port), _) => about.push(format!("port {port}/{}", subject.protocol)),
        (None, Some(endpoint)) => about.push(match subject.operation {
            Some(crate::logread::Operation::Connect) => {
                format!("connect() to {}", sanitize(endpoint))
            }
            Some(crate::logread::Operation::Accept) => {
                format!("accept() on {}", sanitize(endpoint))
            }
            _ => sanitize(endpoint).into_owned(),
        }),
        (None, None) if subject.is_exhaustion() => {}
        (None, None) => about.push("no port named".to_string()),
    }
    if let Some(address) = subject.address {
        about.push(format!("address {address}"));
    } else if let Some(host) = &subject.host {
        about.push(format!("host {}", sanitize(host)));
    }
    if let Some(error) = subject.error {
        about.push(format!("{} ({})", error.name(), error.describe()));
    }
    if let Some(program) = &subject.program {
        about.push(format!("printed by {}", sanitize(program)));
    }
    if let Some(platform) = subject.platform {
        about.push(format!("a {platform:?} error").to_lowercase());
    }
    if let Some(status) = report.status {
        about.push(format!("now: {status}"));
    }
    let _ = writeln!(out, "{}\n", about.join(" · ").style(palette.dim));
    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            "no rule matched: nothing known is wrong with this port".style(palette.good)
        );
    }
    for finding in &report.findings {
        let style = match finding.severity {
            Severity::Error => palette.bad,
            Severity::Warning => palette.warn,
            Severity::Info => palette.good,
        };
        let _ = writeln!(
            out,
            "{} {} {}",
            format!("{:<7}", finding.severity.name()).style(style),
            format!("[{}]", sanitize(&finding.rule)).style(palette.dim),
            sanitize(&finding.summary).style(palette.heading)
        );
        if !finding.detail.is_empty() {
            let _ = writeln!(out, "        {}", sanitize(&finding.detail));
        }
        for (index, fix) in finding.fixes.iter().enumerate() {
            let label = if index == 0 { "fix:" } else { "    " };
            let _ = writeln!(
                out,
                "        {} {}",
                label.style(palette.good),
                sanitize(fix)
            );
        }
        out.push('\n');
    }
    let local: Vec<&Socket> = report.sockets.iter().collect();
    if !local.is_empty() {
        let _ = writeln!(out, "{}", "sockets on the port:".style(palette.heading));
        for (holder, sockets) in group_by_holder(&local) {
            write_group(&mut out, &holder, &sockets, palette, 2);
        }
    }
    write_warnings(&mut out, &report.warnings, palette);
    out
}

/// `explain --list-rules`: one rule a line.
pub fn rule_list(rules: &[Rule], palette: &Palette) -> String {
    let width = rules.iter().map(|rule| rule.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in rules {
        let origin = if rule.origin == "built-in" {
            String::new()
        } else {
            format!("  ({})", sanitize(&rule.origin))
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:<7}  {}{}",
            rule.id.style(palette.heading),
            rule.severity.name(),
            sanitize(&rule.detects),
            origin.style(palette.dim)
        );
    }
    out
}
