//! JSON output: serde serializes the model types; nothing is assembled by hand.

use serde::Serialize;

/// The document, pretty-printed, with a final newline.
pub fn document<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| serde_json::json!({ "error": error.to_string() }).to_string());
    text.push('\n');
    text
}
