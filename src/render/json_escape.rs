//! A JSON formatter that writes, as `\uXXXX`, every character a terminal would act on or
//! hide: DEL and the C1 controls (U+009B is a CSI), bidirectional controls and invisible
//! characters, which serde_json keeps raw. The JSON stays the same value; a user who prints
//! a field with `jq -r` gets the escape back, but a viewer of the raw document does not.

use std::io::{self, Write};

use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::render::sanitize::needs_escape;

/// A formatter (pretty or compact) with the extra escapes.
pub struct SafeFormatter<F>(pub F);

impl<F: Formatter> Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // serde_json escapes C0 controls, quotes and backslashes itself before this.
        let mut start = 0;
        for (index, character) in fragment.char_indices() {
            if needs_escape(character) {
                writer.write_all(&fragment.as_bytes()[start..index])?;
                let mut units = [0u16; 2];
                for unit in character.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = index + character.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// Serializes `value` pretty-printed with the extra escapes.
pub fn to_writer<W: Write, T: serde::Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let formatter = SafeFormatter(PrettyFormatter::new());
    value.serialize(&mut serde_json::Serializer::with_formatter(
        writer, formatter,
    ))
}

/// Serializes `value` on one line with the extra escapes (JSON Lines).
pub fn to_writer_compact<W: Write, T: serde::Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let formatter = SafeFormatter(CompactFormatter);
    value.serialize(&mut serde_json::Serializer::with_formatter(
        writer, formatter,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_actors_and_invisible_characters_are_escaped_and_the_value_is_kept() {
        let name = "ngin\u{200b}x\u{9b}2J\u{7f}\u{202e}\u{1F600}é\n";
        let mut out = Vec::new();
        to_writer(&mut out, &serde_json::json!({ "name": name })).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(r"ngin\u200bx\u009b2J\u007f\u202e😀é\n"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], name);
    }
}
