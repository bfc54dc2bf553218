//! Apache's configuration syntax: `\` continuation lines, `#` comment lines, and words as
//! `ap_getword_conf` splits them.

use crate::config::error::ConfigErrorKind;

/// Lines with `\` continuations joined, comments and blanks dropped, each with the line
/// it starts on.
pub fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let raw = raw.trim_end_matches('\r');
        let (start, mut joined) = pending.take().unwrap_or((index + 1, String::new()));
        let continued = raw.ends_with('\\');
        joined.push_str(raw.strip_suffix('\\').unwrap_or(raw));
        if continued {
            joined.push(' ');
            pending = Some((start, joined));
            continue;
        }
        let trimmed = joined.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            lines.push((start, trimmed.to_string()));
        }
    }
    if let Some((start, joined)) = pending {
        let trimmed = joined.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            lines.push((start, trimmed.to_string()));
        }
    }
    lines
}

/// Words as `ap_getword_conf` splits them: blanks separate, `"..."` and `'...'` quote.
pub fn words(line: &str) -> Result<Vec<String>, ConfigErrorKind> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&next) = chars.peek() {
        if next.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
        if next == '"' || next == '\'' {
            chars.next();
            let mut closed = false;
            while let Some(character) = chars.next() {
                match character {
                    '\\' => {
                        if let Some(escaped) = chars.next() {
                            word.push(escaped);
                        }
                    }
                    quote if quote == next => {
                        closed = true;
                        break;
                    }
                    other => word.push(other),
                }
            }
            if !closed {
                return Err(ConfigErrorKind::UnterminatedQuote);
            }
        } else {
            while let Some(&character) = chars.peek() {
                if character.is_whitespace() {
                    break;
                }
                word.push(character);
                chars.next();
            }
        }
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_keep_their_first_line_number() {
        let lines = logical_lines("# c\nListen \\\n  8080\n\nServerName x\n");
        assert_eq!(lines[0].0, 2);
        assert_eq!(words(&lines[0].1).unwrap(), ["Listen", "8080"]);
        assert_eq!(lines[1].0, 5);
    }

    #[test]
    fn quoted_words_keep_their_blanks() {
        assert_eq!(
            words("Include \"sites enabled/*.conf\" x").unwrap(),
            ["Include", "sites enabled/*.conf", "x"]
        );
        assert_eq!(
            words("a \"b").unwrap_err(),
            ConfigErrorKind::UnterminatedQuote
        );
    }
}
