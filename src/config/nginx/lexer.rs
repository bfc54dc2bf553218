//! nginx's configuration syntax as `ngx_conf_read_token` reads it: words separated by
//! blanks, `;` ending a directive, `{ }` blocks, `#` comments, `"..."`/`'...'` quotes and
//! backslash escapes. Builds the directive tree of one file without recursion.

use std::path::Path;

use crate::config::error::{ConfigError, ConfigErrorKind};

/// Deepest block nesting read (nginx configurations rarely pass 5).
pub const MAX_BLOCK_DEPTH: usize = 128;

/// One directive and, for `http { ... }` and the like, its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub args: Vec<String>,
    /// Index of the file in the reader's file table.
    pub file: usize,
    /// Line of the directive's name.
    pub line: usize,
    pub block: Option<Vec<Directive>>,
}

impl Directive {
    /// The directive as written, for issues and skipped entries: `listen 80 default_server`.
    pub fn text(&self) -> String {
        let mut text = self.name.clone();
        for arg in &self.args {
            text.push(' ');
            if arg.is_empty() || arg.contains([' ', '\t', ';', '{', '}', '#']) {
                text.push('"');
                text.push_str(arg);
                text.push('"');
            } else {
                text.push_str(arg);
            }
        }
        text
    }
}

/// A word and the line it starts on.
struct Word {
    text: String,
    line: usize,
}

/// A directive being read, with the block it opened when it did.
struct Open {
    words: Vec<Word>,
    children: Vec<Directive>,
}

/// Parses one file's text into its top-level directives.
pub fn parse(text: &str, path: &Path, file: usize) -> Result<Vec<Directive>, ConfigError> {
    let error = |line: usize, kind: ConfigErrorKind, text: String| {
        Err(ConfigError::at(path, line, kind, text))
    };
    // The blocks open around the cursor: the outermost is the file itself.
    let mut blocks: Vec<Open> = vec![Open {
        words: Vec::new(),
        children: Vec::new(),
    }];
    let mut words: Vec<Word> = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;

    while let Some(character) = chars.next() {
        match character {
            '\n' => line += 1,
            ' ' | '\t' | '\r' => {}
            '#' => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            ';' => {
                if words.is_empty() {
                    return error(line, ConfigErrorKind::BadLine, ";".into());
                }
                let directive = finish(std::mem::take(&mut words), file, None);
                if let Some(block) = blocks.last_mut() {
                    block.children.push(directive);
                }
            }
            '{' => {
                if words.is_empty() {
                    return error(line, ConfigErrorKind::BadLine, "{".into());
                }
                if blocks.len() > MAX_BLOCK_DEPTH {
                    return error(line, ConfigErrorKind::NestingTooDeep, words_text(&words));
                }
                blocks.push(Open {
                    words: std::mem::take(&mut words),
                    children: Vec::new(),
                });
            }
            '}' => {
                if let Some(first) = words.first() {
                    return error(
                        first.line,
                        ConfigErrorKind::UnterminatedDirective,
                        words_text(&words),
                    );
                }
                if blocks.len() < 2 {
                    return error(line, ConfigErrorKind::UnexpectedBlockEnd, "}".into());
                }
                let Some(closed) = blocks.pop() else {
                    return error(line, ConfigErrorKind::UnexpectedBlockEnd, "}".into());
                };
                let directive = finish(closed.words, file, Some(closed.children));
                if let Some(parent) = blocks.last_mut() {
                    parent.children.push(directive);
                }
            }
            '"' | '\'' => {
                let start = line;
                let mut word = String::new();
                let mut closed = false;
                while let Some(next) = chars.next() {
                    match next {
                        '\\' => match chars.next() {
                            Some(escaped) => {
                                if escaped == '\n' {
                                    line += 1;
                                }
                                push_escaped(&mut word, escaped);
                            }
                            None => break,
                        },
                        quote if quote == character => {
                            closed = true;
                            break;
                        }
                        other => {
                            if other == '\n' {
                                line += 1;
                            }
                            word.push(other);
                        }
                    }
                }
                if !closed {
                    return error(start, ConfigErrorKind::UnterminatedQuote, word);
                }
                words.push(Word {
                    text: word,
                    line: start,
                });
            }
            first => {
                let start = line;
                let mut word = String::new();
                let mut pending = Some(first);
                // Inside `${name}`, braces belong to the word.
                let mut in_variable = false;
                while let Some(current) = pending.take() {
                    match current {
                        '\\' => match chars.next() {
                            Some(escaped) => {
                                if escaped == '\n' {
                                    line += 1;
                                }
                                word.push('\\');
                                word.push(escaped);
                            }
                            None => word.push('\\'),
                        },
                        '$' if chars.peek() == Some(&'{') => {
                            in_variable = true;
                            word.push('$');
                        }
                        '}' if in_variable => {
                            in_variable = false;
                            word.push('}');
                        }
                        other => word.push(other),
                    }
                    match chars.peek() {
                        Some(' ' | '\t' | '\r' | '\n' | ';') | None => {}
                        Some('{') if !in_variable && !word.ends_with('$') => {}
                        Some('}') if !in_variable => {}
                        Some(_) => pending = chars.next(),
                    }
                }
                words.push(Word {
                    text: word,
                    line: start,
                });
            }
        }
    }

    if let Some(first) = words.first() {
        return error(
            first.line,
            ConfigErrorKind::UnterminatedDirective,
            words_text(&words),
        );
    }
    if blocks.len() > 1
        && let Some(innermost) = blocks.last()
    {
        let line = innermost.words.first().map_or(line, |word| word.line);
        return error(
            line,
            ConfigErrorKind::UnterminatedBlock,
            words_text(&innermost.words),
        );
    }
    Ok(blocks.pop().map(|file| file.children).unwrap_or_default())
}

/// nginx turns `\"`, `\'`, `\\`, `\t`, `\r` and `\n` into the character; other escapes
/// keep their backslash.
fn push_escaped(word: &mut String, escaped: char) {
    match escaped {
        '"' | '\'' | '\\' => word.push(escaped),
        't' => word.push('\t'),
        'r' => word.push('\r'),
        'n' => word.push('\n'),
        other => {
            word.push('\\');
            word.push(other);
        }
    }
}

fn finish(words: Vec<Word>, file: usize, block: Option<Vec<Directive>>) -> Directive {
    let line = words.first().map_or(0, |word| word.line);
    let mut words = words.into_iter().map(|word| word.text);
    let name = words.next().unwrap_or_default();
    Directive {
        name,
        args: words.collect(),
        file,
        line,
        block,
    }
}

fn words_text(words: &[Word]) -> String {
    words
        .iter()
        .map(|word| word.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Vec<Directive> {
        parse(text, Path::new("t.conf"), 0).unwrap()
    }

    fn parse_error(text: &str) -> (ConfigErrorKind, Option<usize>) {
        let error = parse(text, Path::new("t.conf"), 0).unwrap_err();
        (error.kind, error.line)
    }

    #[test]
    fn directives_blocks_comments_and_quotes() {
        let tree = parse_ok(
            "# top\nhttp {\n  server { # comment\n    listen \"127.0.0.1:80\" 'default_server';\n    server_name a\\;b;\n  }\n}\n",
        );
        assert_eq!(tree.len(), 1);
        let http = &tree[0];
        assert_eq!((http.name.as_str(), http.line), ("http", 2));
        let server = &http.block.as_ref().unwrap()[0];
        let listen = &server.block.as_ref().unwrap()[0];
        assert_eq!(listen.args, ["127.0.0.1:80", "default_server"]);
        assert_eq!(listen.line, 4);
        let name = &server.block.as_ref().unwrap()[1];
        assert_eq!(name.args, ["a\\;b"]);
    }

    #[test]
    fn variables_keep_their_braces() {
        let tree = parse_ok("set $x ${host}abc;");
        assert_eq!(tree[0].args, ["$x", "${host}abc"]);
    }

    #[test]
    fn an_unclosed_block_is_reported_where_it_opens() {
        assert_eq!(
            parse_error("http {\n  server {\n    listen 80;\n"),
            (ConfigErrorKind::UnterminatedBlock, Some(2))
        );
    }

    #[test]
    fn a_stray_close_and_a_missing_semicolon_are_errors_at_their_lines() {
        assert_eq!(
            parse_error("events {}\n}\n"),
            (ConfigErrorKind::UnexpectedBlockEnd, Some(2))
        );
        assert_eq!(
            parse_error("server {\n listen 80\n}"),
            (ConfigErrorKind::UnterminatedDirective, Some(2))
        );
        assert_eq!(
            parse_error("a 'b;\n\n"),
            (ConfigErrorKind::UnterminatedQuote, Some(1))
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = "a {".repeat(100_000);
        assert_eq!(parse_error(&text).0, ConfigErrorKind::NestingTooDeep);
    }
}
