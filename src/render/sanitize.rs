//! Escapes untrusted text (other users' process names and command lines) before it reaches
//! a terminal: control characters could move the cursor, retitle the window or hide text,
//! and bidirectional overrides could reorder what the reader sees.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Returns the text with control and bidi-control characters shown as escapes (`\x1b`,
/// `\u{202e}`); a backslash stays as it is.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if needs_escape(character) {
            let code = u32::from(character);
            if code < 0x100 {
                let _ = write!(clean, "\\x{code:02x}");
            } else {
                let _ = write!(clean, "\\u{{{code:04x}}}");
            }
        } else {
            clean.push(character);
        }
    }
    Cow::Owned(clean)
}

fn needs_escape(character: char) -> bool {
    character.is_control()
        || matches!(character, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            sanitize("nginx: master process /usr/sbin/nginx"),
            Cow::Borrowed(_)
        ));
        assert_eq!(sanitize("café ✓ \\n"), "café ✓ \\n");
    }

    #[test]
    fn escapes_terminal_controls_and_bidi_overrides() {
        assert_eq!(sanitize("evil\x1b[31mred\x07"), "evil\\x1b[31mred\\x07");
        assert_eq!(sanitize("a\nb\tc\rd"), "a\\x0ab\\x09c\\x0dd");
        assert_eq!(sanitize("\u{9b}2J"), "\\x9b2J");
        assert_eq!(sanitize("file\u{202e}gnp.exe"), "file\\u{202e}gnp.exe");
        assert_eq!(sanitize("\u{7f}"), "\\x7f");
    }
}
