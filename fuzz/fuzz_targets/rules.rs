//! The rule-file loader (`explain --rules FILE`) on arbitrary text: parsed and validated, or
//! refused with an error, never a panic; the rules it accepts list without one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portdoc::diagnose::rules::parse_rules;
use portdoc::render::human::{Palette, rule_list};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_rules(text, "fuzz.toml") {
        Ok(rules) => {
            for color in [false, true] {
                let _ = rule_list(&rules, &Palette::new(color));
            }
        }
        Err(error) => {
            let _ = format!("{error:#}");
        }
    }
});
