//! The pre-flight configuration readers (`check --from`) on arbitrary text, as each format and
//! as the format detection picks: bindings or a `ConfigError`, never a panic.
//!
//! The readers follow includes (nginx, Apache) and a socket unit's service file on disk. So
//! that the fuzzer reads only what it writes, the text claims to come from a directory that
//! does not exist, and where it names such files its `/` become `_`: every path it names
//! then resolves inside that missing directory.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use portdoc::config::{Format, read_bytes, read_text};

const ORIGIN_DIRECTORY: &str = "/nonexistent-portdoc-fuzz";

fuzz_target!(|data: &[u8]| {
    let origin = Path::new(ORIGIN_DIRECTORY).join("fuzz.conf");
    let _ = read_bytes(data.to_vec(), &origin, None);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in Format::ALL.into_iter().map(Some).chain([None]) {
        let confined = confined(text, format);
        if let Ok(extraction) = read_text(&confined, &origin, format) {
            let _ = format!("{extraction:?}");
        }
    }
});

/// The text with the `/` of its paths made harmless where the format reads other files.
fn confined(text: &str, format: Option<Format>) -> String {
    let lower = text.to_ascii_lowercase();
    let includes = lower.contains("include") || lower.contains("serverroot");
    let service = lower.contains("service");
    let reads_files = match format {
        Some(Format::Nginx | Format::Apache) => includes,
        Some(Format::SystemdSocket) => service,
        None => includes || service,
        Some(_) => false,
    };
    if reads_files {
        text.replace('/', "_")
    } else {
        text.to_string()
    }
}
