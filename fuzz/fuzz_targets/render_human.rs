//! The human renderers of `who`, `check` and `explain` over arbitrary model values: never a
//! panic, and without color no terminal control or bidi character in the text, whatever
//! the untrusted fields (process names, command lines, units, warnings) hold.
#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use portdoc::diagnose::ExplainReport;
use portdoc::model::WhoReport;
use portdoc::render::human::{Palette, check, check_progress, explain, who};
use portdoc::render::sanitize::sanitize;
use portdoc::verdict::CheckReport;

#[derive(Debug, Arbitrary)]
enum Input {
    Who {
        report: WhoReport,
        /// The ports asked about; `who` names them as `8080, 8443` (none: the overview).
        ports: Vec<u16>,
        color: bool,
    },
    Check {
        report: CheckReport,
        color: bool,
    },
    CheckProgress {
        report: CheckReport,
        elapsed_ms: u32,
        wait_ms: u32,
    },
    Explain {
        report: ExplainReport,
        color: bool,
    },
}

fuzz_target!(|input: Input| {
    let (text, color) = match &input {
        Input::Who {
            report,
            ports,
            color,
        } => {
            let subject = ports
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            (who(report, &subject, &Palette::new(*color)), *color)
        }
        Input::Check { report, color } => (check(report, &Palette::new(*color)), *color),
        Input::CheckProgress {
            report,
            elapsed_ms,
            wait_ms,
        } => (
            check_progress(
                report,
                Duration::from_millis(u64::from(*elapsed_ms)),
                Duration::from_millis(u64::from(*wait_ms)),
            ),
            false,
        ),
        Input::Explain { report, color } => (explain(report, &Palette::new(*color)), *color),
    };
    if !color {
        for line in text.split('\n') {
            assert_eq!(sanitize(line), line, "unescaped control character");
        }
    }
});
