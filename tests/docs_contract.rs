//! The documentation lists what the code accepts: every built-in rule is in the README's rule
//! table, and every fact and placeholder a rule file may use is in docs/rules.md. A rule or
//! fact added without its documentation fails here. The helpers in tests/common are Linux's.
#![cfg(target_os = "linux")]

mod common;

use std::path::Path;

use common::*;
use portdoc::diagnose::rules::{HOLDER_FACTS, HOLDER_PLACEHOLDERS, PORT_FACTS, PORT_PLACEHOLDERS};

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn every_built_in_rule_is_in_the_readme_table() {
    let readme = read("README.md");
    let rules: Vec<RuleRecord> =
        parse_json(&stdout(&portdoc(&["explain", "--list-rules", "--json"])));
    assert!(rules.len() >= 27, "{rules:?}");
    for rule in rules.iter().filter(|rule| rule.origin == "built-in") {
        assert!(
            readme.contains(&format!("| `{}` |", rule.id)),
            "README's rule table lacks {}",
            rule.id
        );
    }
}

#[test]
fn every_fact_and_placeholder_is_in_docs_rules_md() {
    let docs = read("docs/rules.md");
    for fact in PORT_FACTS.iter().chain(HOLDER_FACTS) {
        assert!(
            docs.contains(&format!("`{fact}`")),
            "docs/rules.md lacks the fact {fact}"
        );
    }
    for placeholder in PORT_PLACEHOLDERS.iter().chain(HOLDER_PLACEHOLDERS) {
        assert!(
            docs.contains(&format!("`{{{placeholder}}}`")),
            "docs/rules.md lacks the placeholder {{{placeholder}}}"
        );
    }
}
