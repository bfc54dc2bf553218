//! The error-text reader on arbitrary bytes (read as lossy UTF-8, as `explain -` reads stdin):
//! never a panic, the limit kept, and a limited read the start of the unlimited one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portdoc::logread;

/// Small, so that texts with more failures than the limit are common.
const LIMIT: usize = 3;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let reading = logread::read(&text, LIMIT);
    assert!(reading.failures.len() <= LIMIT);
    if reading.more > 0 {
        let every = logread::parse(&text);
        assert_eq!(every.len(), LIMIT + reading.more);
        assert_eq!(every[..LIMIT], reading.failures[..]);
    }
    for failure in &reading.failures {
        let _ = logread::process_ids(&failure.line);
    }
});
