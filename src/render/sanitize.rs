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

/// Controls (C0, DEL, C1), bidirectional controls, and invisible characters that hide in a
/// name (`ngin\u{200b}x` would show as `nginx`): zero-width spaces and joiners, the word
/// joiner and invisible operators, the byte-order mark, the soft hyphen, the Arabic letter
/// mark, the line and paragraph separators.
pub fn needs_escape(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{00ad}'
                | '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
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

    #[test]
    fn escapes_invisible_characters_that_disguise_a_name() {
        assert_eq!(sanitize("ngin\u{200b}x"), "ngin\\u{200b}x");
        for invisible in [
            '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{00ad}', '\u{061c}',
            '\u{2028}', '\u{2029}',
        ] {
            let shown = sanitize(&format!("a{invisible}b")).into_owned();
            assert!(
                !shown.contains(invisible) && shown.contains('\\'),
                "{invisible:?}"
            );
        }
    }
}
