//! Facts and template values about resources that ran out: a process's descriptors, the
//! file table, the local ports of outgoing connections, the conntrack table, piles of
//! TIME_WAIT. Read from `Facts::exhaustion`, gathered once by `explain`.

use crate::diagnose::facts::Facts;
use crate::logread::{BindError, Operation};
use crate::text::shell_quote;

/// TIME_WAIT sockets on one port that make a pile worth explaining.
pub const TIME_WAIT_PILE: usize = 100;

/// Placeholders whose values are whole commands built here.
pub const EXHAUSTION_COMMANDS: &[&str] = &["fd_raise_now", "fd_unit_dropin"];

/// The descriptor limit suggested: four times the current one, at least 65,536.
fn raised_limit(limit: u64) -> u64 {
    (limit.saturating_mul(4)).max(65_536)
}

impl Facts {
    /// A named fact about exhaustion; `None` for names that are not exhaustion facts.
    pub fn exhaustion_fact(&self, name: &str) -> Option<bool> {
        let facts = &self.exhaustion;
        let sides = facts.time_wait_sides;
        Some(match name {
            "too_many_open_files" => self.subject.error == Some(BindError::TooManyOpenFiles),
            "file_table_full" => {
                self.subject.error == Some(BindError::FileTableFull)
                    || facts
                        .file_table
                        .is_some_and(|(allocated, max)| allocated * 100 >= max * 95)
            }
            "fd_holder_known" => facts
                .descriptors
                .iter()
                .any(|process| process.open_fds.is_some()),
            "connect_failure" => self.subject.operation == Some(Operation::Connect),
            "ephemeral_exhausted" => facts
                .ephemeral
                .as_ref()
                .is_some_and(|usage| usage.exhausted()),
            "conntrack_full" => {
                self.subject.error == Some(BindError::ConntrackFull)
                    || facts
                        .conntrack
                        .is_some_and(|(count, max)| max > 0 && count * 100 >= max * 95)
            }
            "conntrack_full_now" => facts
                .conntrack
                .is_some_and(|(count, max)| max > 0 && count * 100 >= max * 95),
            "file_table_full_now" => facts
                .file_table
                .is_some_and(|(allocated, max)| allocated * 100 >= max * 95),
            "conntrack_unavailable" => facts.conntrack.is_none(),
            "time_wait_pile" => {
                sides.is_some_and(|sides| sides.server_side + sides.client_side >= TIME_WAIT_PILE)
            }
            "time_wait_pile_client_side" => {
                sides.is_some_and(|sides| sides.client_side >= TIME_WAIT_PILE)
            }
            "time_wait_pile_server_side" => {
                sides.is_some_and(|sides| sides.server_side >= TIME_WAIT_PILE)
            }
            _ => return None,
        })
    }

    /// A template value about exhaustion; `None` when unknown or not such a value.
    pub fn exhaustion_value(&self, name: &str) -> Option<String> {
        let facts = &self.exhaustion;
        let fullest = facts
            .descriptors
            .iter()
            .find(|process| process.open_fds.is_some());
        let ephemeral = facts.ephemeral.as_ref();
        Some(match name {
            "endpoint" => self.subject.endpoint.clone()?,
            "fd_holder" => {
                let process = fullest?;
                match &process.systemd_unit {
                    Some(unit) => format!("{}[{}] (unit {unit})", process.name, process.pid),
                    None => format!("{}[{}]", process.name, process.pid),
                }
            }
            "open_fds" => fullest?.open_fds?.to_string(),
            "fd_limit" => fullest
                .and_then(|process| process.fd_limit)
                .map_or_else(|| "unlimited".into(), |limit| limit.to_string()),
            "fd_raise_now" => {
                // Up to the hard limit, the process's own user may raise it (prlimit(2) on
                // another process needs matching uids, or CAP_SYS_RESOURCE, which even root
                // lacks in many containers); past the hard limit only CAP_SYS_RESOURCE helps.
                let process = fullest?;
                let soft = process.fd_limit?;
                match process.fd_limit_hard {
                    Some(hard) if hard > soft => {
                        let user = match (&process.user, process.uid) {
                            (Some(name), _) => name.to_string(),
                            (None, Some(uid)) => format!("#{uid}"),
                            (None, None) => return None,
                        };
                        format!(
                            "sudo -u {} prlimit --pid {} --nofile={hard}:{hard}",
                            shell_quote(&user),
                            process.pid
                        )
                    }
                    _ => {
                        let limit = raised_limit(soft);
                        format!(
                            "sudo prlimit --pid {} --nofile={limit}:{limit}",
                            process.pid
                        )
                    }
                }
            }
            "fd_unit_dropin" => {
                let process = fullest?;
                let unit = process
                    .systemd_unit
                    .as_deref()
                    .filter(|unit| unit.ends_with(".service"))?;
                let limit = raised_limit(process.fd_limit?).max(process.fd_limit_hard.unwrap_or(0));
                let directory = format!("/etc/systemd/system/{unit}.d");
                format!(
                    "sudo mkdir -p {dir} && printf '[Service]\\nLimitNOFILE={limit}\\n' | sudo tee {dir}/nofile.conf && sudo systemctl daemon-reload && sudo systemctl restart {unit}",
                    dir = shell_quote(&directory),
                    unit = shell_quote(unit)
                )
            }
            "file_nr" => facts.file_table?.0.to_string(),
            "file_max" => facts.file_table?.1.to_string(),
            "ephemeral_size" => ephemeral?.size.to_string(),
            "ephemeral_in_use" => ephemeral?.in_use.to_string(),
            "ephemeral_time_wait" => ephemeral?.time_wait.to_string(),
            "destination" => ephemeral?.destination.clone()?,
            "destination_connections" => ephemeral?.to_destination.to_string(),
            "destination_time_wait" => ephemeral?.time_wait_to_destination.to_string(),
            "tw_reuse" => facts.tcp_tw_reuse?.to_string(),
            "conntrack_count" => facts.conntrack?.0.to_string(),
            "conntrack_max" => facts.conntrack?.1.to_string(),
            "conntrack_max_doubled" => (facts.conntrack?.1 * 2).to_string(),
            "conntrack_hashsize" => (facts.conntrack?.1 * 2 / 4).to_string(),
            "time_wait_server_side" => facts.time_wait_sides?.server_side.to_string(),
            "time_wait_client_side" => facts.time_wait_sides?.client_side.to_string(),
            _ => return None,
        })
    }
}
