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

/// Every ```json block of a Markdown file.
fn json_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    // The block being read: its first line's number, its text, and whether it is JSON Lines
    // (```jsonl: every line one document, as `watch --json` prints them).
    let mut current: Option<(usize, String, bool)> = None;
    for (number, line) in markdown.lines().enumerate() {
        match (&mut current, line.trim_start()) {
            (None, "```json") => current = Some((number + 2, String::new(), false)),
            (None, "```jsonl") => current = Some((number + 2, String::new(), true)),
            (Some(_), "```") => {
                if let Some((first, text, lines)) = current.take() {
                    if lines {
                        blocks.extend(
                            text.lines()
                                .enumerate()
                                .map(|(offset, line)| (first + offset, line.to_string())),
                        );
                    } else {
                        blocks.push((first, text));
                    }
                }
            }
            (Some((_, text, _)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// The keys of `live` that `example` lacks, as paths. An object with a `"..."` key stands for
/// any keys; objects in arrays are compared merged (the union of the elements' keys); an
/// array of tagged objects (with `kind`) is a union documented in a table, not compared.
fn missing_keys(example: &serde_json::Value, live: &serde_json::Value, path: &str) -> Vec<String> {
    use serde_json::Value;
    let merged = |values: &[Value]| -> Option<Value> {
        let mut object = serde_json::Map::new();
        for value in values {
            for (key, field) in value.as_object()? {
                let keep = object.get(key).is_none_or(|known: &Value| known.is_null());
                if keep {
                    object.insert(key.clone(), field.clone());
                }
            }
        }
        Some(Value::Object(object))
    };
    match (example, live) {
        (Value::Object(documented), Value::Object(emitted)) => {
            if documented.contains_key("...") {
                return Vec::new();
            }
            let mut missing = Vec::new();
            for (key, value) in emitted {
                let here = format!("{path}.{key}");
                match documented.get(key) {
                    None => missing.push(here),
                    Some(documented) => missing.extend(missing_keys(documented, value, &here)),
                }
            }
            missing
        }
        (Value::Array(documented), Value::Array(emitted))
            if !documented.is_empty() && !emitted.is_empty() =>
        {
            let tagged = documented
                .iter()
                .chain(emitted)
                .any(|value| value.get("kind").is_some());
            match (tagged, merged(documented), merged(emitted)) {
                (false, Some(documented), Some(emitted)) => {
                    missing_keys(&documented, &emitted, &format!("{path}[]"))
                }
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// What each documented document is, by its keys.
fn kind_of(example: &serde_json::Value) -> Option<&'static str> {
    let has = |key: &str| example.get(key).is_some();
    Some(if has("host") && has("sockets") {
        "who"
    } else if has("dry_run") {
        "free"
    } else if has("files") && has("bindings") {
        "check-from"
    } else if has("waited_ms") {
        "check"
    } else if has("subject") {
        "explain"
    } else {
        return None;
    })
}

#[test]
fn the_json_examples_parse_and_carry_every_key_the_code_emits() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port().to_string();
    let holder = hold(HolderSpec {
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    drop(listener);
    let live = |args: &[&str]| -> serde_json::Value { parse_json(&stdout(&portdoc(args))) };
    let explain: serde_json::Value = live(&["explain", "--json", &port]);
    let samples = [
        ("who", live(&["who", "--json", &port])),
        ("check", live(&["check", "--json", &port])),
        ("free", live(&["free", "--json", "--dry-run", &port])),
        ("explain", explain["reports"][0].clone()),
    ];
    let mut checked = Vec::new();
    for file in ["README.md", "docs/json.md"] {
        for (line, text) in json_blocks(&read(file)) {
            let example: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|error| panic!("{file}:{line}: not JSON: {error}\n{text}"));
            let Some(kind) = kind_of(&example) else {
                continue;
            };
            if kind == "who" {
                let _: common::contract::WhoDocument = serde_json::from_value(example.clone())
                    .unwrap_or_else(|error| panic!("{file}:{line}: {error}"));
            }
            if let Some((_, sample)) = samples.iter().find(|(name, _)| *name == kind) {
                let missing = missing_keys(&example, sample, "");
                assert!(
                    missing.is_empty(),
                    "{file}:{line}: the {kind} example lacks keys the code emits: {missing:?}"
                );
                checked.push(format!("{file}:{line} {kind}"));
            }
        }
    }
    for kind in ["who", "check", "free", "explain"] {
        assert!(
            checked.iter().any(|entry| entry.ends_with(kind)),
            "no {kind} example was checked: {checked:?}"
        );
    }
    drop(holder);
}
