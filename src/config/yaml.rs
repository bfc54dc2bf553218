//! YAML documents as a small tree whose every node knows its line, built from
//! saphyr-parser's events without recursion, with a nesting limit and an alias budget so
//! no input can exhaust the stack or memory. Merge keys (`<<: *defaults`, common in
//! compose files) are followed on lookup.

use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::error::{ConfigError, ConfigErrorKind};

/// Deepest nesting of collections read (Kubernetes manifests stay under 20).
pub const MAX_DEPTH: usize = 128;
/// Most nodes that aliases may copy in one file ("billion laughs" stops here).
const ALIAS_BUDGET: usize = 100_000;
/// Deepest chain of merge keys followed on lookup.
const MAX_MERGE_DEPTH: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// 1-based line where the node starts.
    pub line: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar as written; `plain` when unquoted (so `"80"` and `80` can be told apart).
    Scalar {
        text: String,
        plain: bool,
    },
    Sequence(Vec<Node>),
    Mapping(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar's text, for scalars.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A plain `~`, `null` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if text.is_empty() || text == "~" || text.eq_ignore_ascii_case("null"))
    }

    /// YAML 1.1 and 1.2 true, as Kubernetes (`true`, `yes`, `on`) and compose read it.
    pub fn is_true(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if ["true", "yes", "on"].iter().any(|word| text.eq_ignore_ascii_case(word)))
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The mapping's own entries, merge keys left out.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Node)> {
        let entries: &[(Node, Node)] = match &self.value {
            Value::Mapping(entries) => entries,
            _ => &[],
        };
        entries.iter().filter_map(|(key, value)| {
            let key = key.as_str()?;
            (key != "<<").then_some((key, value))
        })
    }

    /// The value of `key`, looking through merge keys when the mapping lacks it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.get_within(key, 0)
    }

    fn get_within(&self, key: &str, depth: usize) -> Option<&Node> {
        let Value::Mapping(entries) = &self.value else {
            return None;
        };
        if let Some((_, value)) = entries.iter().find(|(k, _)| k.as_str() == Some(key)) {
            return Some(value);
        }
        if depth >= MAX_MERGE_DEPTH {
            return None;
        }
        let (_, merged) = entries.iter().find(|(k, _)| k.as_str() == Some("<<"))?;
        match &merged.value {
            Value::Mapping(_) => merged.get_within(key, depth + 1),
            Value::Sequence(sources) => sources
                .iter()
                .find_map(|source| source.get_within(key, depth + 1)),
            Value::Scalar { .. } => None,
        }
    }

    /// `self.get(a).get(b)...`
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    fn size(&self) -> usize {
        let mut count = 0;
        let mut pending = vec![self];
        while let Some(node) = pending.pop() {
            count += 1;
            match &node.value {
                Value::Scalar { .. } => {}
                Value::Sequence(items) => pending.extend(items),
                Value::Mapping(entries) => {
                    for (key, value) in entries {
                        pending.push(key);
                        pending.push(value);
                    }
                }
            }
        }
        count
    }
}

/// A collection being built, with its anchor.
enum Frame {
    Sequence {
        line: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Mapping {
        line: usize,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Every document of the text.
pub fn load(text: &str, path: &Path) -> Result<Vec<Node>, ConfigError> {
    let mut parser = Parser::new_from_str(text);
    let mut documents = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut alias_budget = ALIAS_BUDGET;

    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|error| {
            // The parser has a nesting limit of its own.
            let kind = if error.info().contains("recursion limit") {
                ConfigErrorKind::NestingTooDeep
            } else {
                ConfigErrorKind::YamlSyntax
            };
            ConfigError::at(path, error.marker().line().max(1), kind, error.info())
        })?;
        let line = span.start.line().max(1);
        let complete = match event {
            Event::Scalar(text, style, anchor, _) => {
                let node = Node {
                    line,
                    value: Value::Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                };
                if anchor != 0 {
                    anchors.insert(anchor, node.clone());
                }
                Some(node)
            }
            Event::Alias(anchor) => {
                let Some(node) = anchors.get(&anchor) else {
                    return Err(ConfigError::at(
                        path,
                        line,
                        ConfigErrorKind::YamlSyntax,
                        "unknown anchor",
                    ));
                };
                let size = node.size();
                if size > alias_budget {
                    return Err(ConfigError::at(
                        path,
                        line,
                        ConfigErrorKind::NestingTooDeep,
                        "alias expansion",
                    ));
                }
                alias_budget -= size;
                Some(node.clone())
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ConfigError::at(
                        path,
                        line,
                        ConfigErrorKind::NestingTooDeep,
                        "",
                    ));
                }
                stack.push(match event {
                    Event::SequenceStart(..) => Frame::Sequence {
                        line,
                        anchor,
                        items: Vec::new(),
                    },
                    _ => Frame::Mapping {
                        line,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                    },
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match stack.pop() {
                    Some(Frame::Sequence {
                        line,
                        anchor,
                        items,
                    }) => (
                        Node {
                            line,
                            value: Value::Sequence(items),
                        },
                        anchor,
                    ),
                    Some(Frame::Mapping {
                        line,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            line,
                            value: Value::Mapping(entries),
                        },
                        anchor,
                    ),
                    None => continue,
                };
                if anchor != 0 {
                    anchors.insert(anchor, node.clone());
                }
                Some(node)
            }
            Event::DocumentEnd => {
                anchors.clear();
                None
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::Nothing => {
                None
            }
        };
        let Some(node) = complete else {
            continue;
        };
        match stack.last_mut() {
            None => documents.push(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(key) => entries.push((key, node)),
            },
        }
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_ok(text: &str) -> Vec<Node> {
        load(text, Path::new("t.yaml")).unwrap()
    }

    #[test]
    fn nodes_know_their_lines_and_merge_keys_are_followed() {
        let documents = load_ok(
            "base: &base\n  user: app\n  ports:\n    - \"80:80\"\nweb:\n  <<: *base\n  image: x\n",
        );
        let web = documents[0].get("web").unwrap();
        assert_eq!(web.get("user").unwrap().as_str(), Some("app"));
        let port = &web.get("ports").unwrap().as_sequence().unwrap()[0];
        assert_eq!((port.as_str(), port.line), (Some("80:80"), 4));
    }

    #[test]
    fn several_documents() {
        let documents = load_ok("a: 1\n---\nb: 2\n---\n");
        assert_eq!(documents.len(), 3);
        assert_eq!(documents[1].get("b").unwrap().line, 3);
        assert!(documents[2].is_null());
    }

    #[test]
    fn syntax_errors_name_their_line() {
        let error = load("a: 1\nb: [1, 2\nc: 3\n", Path::new("t.yaml")).unwrap_err();
        assert_eq!(error.kind, ConfigErrorKind::YamlSyntax);
        assert!(error.line.is_some_and(|line| line >= 2), "{error}");
    }

    #[test]
    fn deep_nesting_and_alias_bombs_are_refused() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(
            load(&deep, Path::new("t.yaml")).unwrap_err().kind,
            ConfigErrorKind::NestingTooDeep
        );
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 0..8 {
            let previous = if level == 0 {
                "a".to_string()
            } else {
                format!("l{}", level - 1)
            };
            let items = vec![format!("*{previous} "); 10].join(", ");
            bomb.push_str(&format!("l{level}: &l{level} [{items}]\n"));
        }
        assert_eq!(
            load(&bomb, Path::new("t.yaml")).unwrap_err().kind,
            ConfigErrorKind::NestingTooDeep
        );
    }
}
