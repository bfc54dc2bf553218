//! The command line's value parsers: port lists, port specs and ranges, single ports and
//! durations. Never a panic; what they accept is in range and reads back the same.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use portdoc::cli::duration::parse_duration;
use portdoc::cli::ports::{parse_port, parse_port_list, parse_port_spec};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(specs) = parse_port_list(&text) {
        assert!(!specs.is_empty());
        for spec in specs {
            assert!(spec.first >= 1 && spec.first <= spec.last);
            assert_eq!(spec.count(), spec.ports().count());
            assert_eq!(parse_port_spec(&spec.to_string()), Ok(spec));
        }
    }
    if let Ok(spec) = parse_port_spec(&text) {
        assert!(spec.first >= 1 && spec.first <= spec.last);
    }
    if let Ok(port) = parse_port(&text) {
        assert!(port >= 1);
        assert_eq!(parse_port(&port.to_string()), Ok(port));
    }
    if let Ok(duration) = parse_duration(&text) {
        assert!(duration <= Duration::from_secs(86_400));
    }
});
