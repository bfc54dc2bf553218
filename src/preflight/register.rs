//! The port register's findings as pre-flight findings: a port allocated to another
//! service or a protected port taken is an error; an unallocated port or one outside its
//! purpose's range is a warning.

use crate::config::Binding;
use crate::config::register::{Register, RegisterFindingKind, findings};
use crate::preflight::{Finding, FindingKind, Severity};

pub fn register_findings(register: &Register, bindings: &[Binding]) -> Vec<Finding> {
    findings(register, bindings)
        .into_iter()
        .map(|finding| {
            let binding = &bindings[finding.binding];
            let severity = match finding.kind {
                RegisterFindingKind::AllocatedToOther { .. }
                | RegisterFindingKind::ProtectedPort => Severity::Error,
                RegisterFindingKind::Unallocated | RegisterFindingKind::OutsidePurpose { .. } => {
                    Severity::Warning
                }
            };
            let kind = match finding.kind {
                RegisterFindingKind::ProtectedPort => FindingKind::ProtectedPort {
                    protected_by: "register",
                },
                other => FindingKind::Register { register: other },
            };
            let mut converted = Finding::about(binding, severity, kind);
            converted.related = finding.register;
            converted
        })
        .collect()
}
