//! `portdoc check --from FILE...`: read every configuration (one clear line and exit 2 for
//! a file that cannot be read), then find what would collide: with each other, with the
//! live host (`check`'s verdict per address, owners named), with the host's settings and
//! the cluster's rules, and with the port register.

use std::collections::BTreeMap;
use std::io::Read;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use crate::cli::{CheckArgs, OutputArgs};
use crate::commands::check::{self, CheckOptions};
use crate::config::register::{self, Register};
use crate::config::{self, Binding, Extraction};
use crate::exit::Status;
use crate::model::Target;
use crate::preflight::duplicates::{duplicates, reader_issues};
use crate::preflight::host::{
    DEFAULT_NODE_PORT_RANGE, DEFAULT_PROTECTED, HostRules, host_findings,
};
use crate::preflight::live::{LiveVerdicts, live_findings, probe_address, target};
use crate::preflight::register::register_findings;
use crate::preflight::report::PreflightReport;
use crate::preflight::{Finding, dedupe};
use crate::render::{self, human};

pub fn run(args: &CheckArgs, output: &OutputArgs) -> anyhow::Result<Status> {
    let mut extractions = Vec::new();
    for path in &args.from {
        extractions.push(read(path, args.format)?);
    }
    let register = load_register(args.register.as_deref())?;
    let mut report = PreflightReport {
        ok: false,
        files: extractions
            .iter()
            .flat_map(|extraction| extraction.files.iter().cloned())
            .collect(),
        bindings: Vec::new(),
        skipped: Vec::new(),
        findings: Vec::new(),
        register: register.as_ref().map(|register| register.file.clone()),
        live: !args.offline,
        complete: true,
        warnings: Vec::new(),
    };
    let mut issues = Vec::new();
    for extraction in extractions {
        report.bindings.extend(extraction.bindings);
        report.skipped.extend(extraction.skipped);
        issues.extend(extraction.issues);
    }
    let settings = crate::source::net_settings();
    let mut findings: Vec<Finding> = reader_issues(&issues);
    findings.extend(duplicates(&report.bindings, &settings));
    findings.extend(host_findings(
        &report.bindings,
        &HostRules {
            settings: &settings,
            protected: register.is_none().then_some(DEFAULT_PROTECTED),
            node_port_range: args.node_port_range.unwrap_or(DEFAULT_NODE_PORT_RANGE),
        },
    ));
    if let Some(register) = &register {
        findings.extend(register_findings(register, &report.bindings));
    }
    if !args.offline {
        let (live, complete, warnings) = check_live(&report.bindings, output)?;
        report.complete = complete;
        report.warnings = warnings;
        findings.extend(live_findings(&report.bindings, &live, &settings));
    }
    let mut findings = dedupe(findings);
    findings.sort_by(|left, right| {
        right
            .severity
            .cmp(&left.severity)
            .then_with(|| left.origin.file.cmp(&right.origin.file))
            .then_with(|| left.origin.line.cmp(&right.origin.line))
    });
    report.findings = findings;
    let status = report.exit_status();
    report.ok = status == Status::Success;
    if args.quiet {
        return Ok(status);
    }
    let palette = human::Palette::new(render::color_enabled(output.color));
    render::output(output.json, &report, || human::preflight(&report, &palette))?;
    Ok(status)
}

/// One configuration: a file, or stdin for `-`.
fn read(path: &Path, format: Option<config::Format>) -> anyhow::Result<Extraction> {
    let result = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(config::MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)?;
        config::read_bytes(bytes, Path::new("-"), format)
    } else {
        config::read_file(path, format)
    };
    result.map_err(|error| anyhow::anyhow!("{error}"))
}

/// `--register FILE`, else the default register when it exists.
fn load_register(path: Option<&Path>) -> anyhow::Result<Option<Register>> {
    let path = match path {
        Some(path) => path.to_path_buf(),
        None => {
            let default = PathBuf::from(register::DEFAULT_PATH);
            if !default.exists() {
                return Ok(None);
            }
            default
        }
    };
    Register::load(&path)
        .map(Some)
        .map_err(|error| anyhow::anyhow!("{error}"))
}

/// `check`'s verdict, owners resolved, for every binding: one snapshot per address asked.
/// Also whether every owner was visible, and the warnings.
fn check_live(
    bindings: &[Binding],
    output: &OutputArgs,
) -> anyhow::Result<(LiveVerdicts, bool, Vec<String>)> {
    let mut complete = true;
    let mut warnings: Vec<String> = Vec::new();
    let mut by_address: BTreeMap<Option<IpAddr>, Vec<Target>> = BTreeMap::new();
    for binding in bindings {
        let targets = by_address.entry(probe_address(binding)).or_default();
        if !targets.contains(&target(binding)) {
            targets.push(target(binding));
        }
    }
    let rerun = crate::cli::invocation();
    let mut verdicts = LiveVerdicts::new();
    for (address, targets) in by_address {
        let options = CheckOptions {
            address,
            strict: false,
            listening: false,
            backend: crate::backend(output.backend),
        };
        let mut checked = check::check_once(&targets, &options, true)?;
        check::attach_owners(&mut checked, &rerun)?;
        complete &= checked.complete;
        for warning in checked.warnings {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
        for verdict in checked.ports {
            verdicts.insert((address, verdict.target()), verdict);
        }
    }
    Ok((verdicts, complete, warnings))
}
