//! Variable interpolation as docker compose does it (`${PORT:-8080}`, `$PORT`, `$$`), with
//! every variable unset: the readers do not look at the environment, so a default is
//! used when the text gives one and the value is unknown otherwise.

/// Deepest nesting of defaults followed (`${A:-${B:-80}}`).
const MAX_NESTING: usize = 8;

/// The text with every variable replaced, or `None` when one has no default.
pub fn compose(text: &str) -> Option<String> {
    compose_within(text, 0)
}

fn compose_within(text: &str, depth: usize) -> Option<String> {
    if depth > MAX_NESTING {
        return None;
    }
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(position) = rest.find('$') {
        result.push_str(&rest[..position]);
        let after = &rest[position + 1..];
        if let Some(escaped) = after.strip_prefix('$') {
            result.push('$');
            rest = escaped;
        } else if let Some(braced) = after.strip_prefix('{') {
            let close = matching_brace(braced)?;
            result.push_str(&braced_value(&braced[..close], depth)?);
            rest = &braced[close + 1..];
        } else if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            // `$NAME`: an unset variable without a default.
            return None;
        } else {
            result.push('$');
            rest = after;
        }
    }
    result.push_str(rest);
    Some(result)
}

/// The inside of `${...}` with the variable unset.
fn braced_value(inside: &str, depth: usize) -> Option<String> {
    let name_end = inside
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inside.len());
    if name_end == 0 {
        return None;
    }
    let operator = &inside[name_end..];
    for (prefix, uses_word) in [(":-", true), ("-", true), (":+", false), ("+", false)] {
        if let Some(word) = operator.strip_prefix(prefix) {
            return if uses_word {
                compose_within(word, depth + 1)
            } else {
                Some(String::new())
            };
        }
    }
    // `${NAME}`, `${NAME:?error}`, `${NAME?error}` and anything else: unknown.
    None
}

/// Position of the `}` closing a `${`, counting nested braces.
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (position, character) in text.char_indices() {
        match character {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(position),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_used_and_bare_variables_are_unknown() {
        assert_eq!(compose("${PORT:-8080}:80").as_deref(), Some("8080:80"));
        assert_eq!(compose("${PORT-81}").as_deref(), Some("81"));
        assert_eq!(compose("${A:-${B:-82}}").as_deref(), Some("82"));
        assert_eq!(compose("x${TLS:+s}").as_deref(), Some("x"));
        assert_eq!(compose("$$HOME").as_deref(), Some("$HOME"));
        assert_eq!(compose("80").as_deref(), Some("80"));
        assert_eq!(compose("${PORT}:80"), None);
        assert_eq!(compose("$PORT:80"), None);
        assert_eq!(compose("${PORT:?set it}"), None);
        assert_eq!(compose("${PORT:-80"), None);
    }
}
