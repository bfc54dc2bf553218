//! Template values: what a rule's summary, detail and fixes may name, filled from the facts.
//! Values that go into a fix are shell-quoted unless they are commands built here for it.

use std::collections::BTreeSet;
use std::net::IpAddr;

use crate::diagnose::exhaustion::EXHAUSTION_COMMANDS;
use crate::diagnose::facts::{Facts, HolderGroup, is_live, primary_process, queue_is_full};
use crate::model::{Process, Socket, SocketState};
use crate::text::{duration, shell_quote, short_time, shorten};
use crate::verdict::Reason;

/// Placeholders whose values are whole commands, already quoted where they hold values from
/// other processes: a fix uses them as they are.
const COMMANDS: &[&str] = &[
    "stop_command",
    "reload_command",
    "command_on_port",
    "pod_lookup",
    "rerun",
];

impl Facts {
    /// A value as it goes into a fix: a command as built, anything else shell-quoted.
    pub fn fix_value(&self, group: Option<&HolderGroup>, name: &str) -> Option<String> {
        let value = match group {
            Some(group) => self.holder_value(group, name)?,
            None => self.port_value(name)?,
        };
        Some(
            if COMMANDS.contains(&name) || EXHAUSTION_COMMANDS.contains(&name) {
                value
            } else {
                shell_quote(&value)
            },
        )
    }

    /// A template value available to every rule; `None` when unknown.
    pub fn port_value(&self, name: &str) -> Option<String> {
        let port = self.subject.port;
        let check = self.verdict.as_ref();
        Some(match name {
            "port" => port?.to_string(),
            "protocol" => self.subject.protocol.to_string(),
            "address" => self
                .subject
                .address
                .map(|address| address.to_string())
                .or_else(|| self.subject.host.clone())
                .unwrap_or_else(|| "0.0.0.0".into()),
            "error" => self.subject.error?.name().to_string(),
            "program" => self
                .subject
                .program
                .clone()
                .unwrap_or_else(|| "the server".into()),
            "status" => check?.status.to_string(),
            "line" => self.subject.line.clone()?,
            "suggested_port" => self.suggested_port?.to_string(),
            "unprivileged_port_start" => self.settings.unprivileged_port_start.to_string(),
            "reserved_ports_with_port" => {
                let mut ranges = self.settings.reserved_ports.clone();
                ranges.push((port?, port?));
                crate::text::port_list(&ranges)
            }
            "ephemeral_range" => {
                let (first, last) = self.settings.ephemeral_ports;
                format!("{first}-{last}")
            }
            "host_addresses" => {
                let list: Vec<String> = self.host_addresses.iter().map(IpAddr::to_string).collect();
                if list.is_empty() {
                    "none".into()
                } else {
                    list.join(", ")
                }
            }
            "time_wait_count" => self
                .sockets
                .iter()
                .filter(|socket| socket.state == SocketState::TimeWait)
                .count()
                .to_string(),
            "time_wait_left" => {
                let left = self
                    .sockets
                    .iter()
                    .filter_map(|socket| socket.expires_in_ms)
                    .max()?;
                duration(left)
            }
            "holders" => {
                let names: BTreeSet<String> = self
                    .blockers()
                    .iter()
                    .flat_map(|socket| {
                        socket
                            .processes
                            .iter()
                            .map(|process| format!("{}[{}]", process.name, process.pid))
                    })
                    .collect();
                if names.is_empty() {
                    return None;
                } else {
                    names.into_iter().collect::<Vec<_>>().join(", ")
                }
            }
            "owner_uid" => self.hidden_socket()?.uid?.to_string(),
            "owner_user" => self
                .hidden_socket()?
                .user
                .as_deref()
                .unwrap_or_default()
                .to_string(),
            "rerun" => self.rerun.clone(),
            "dual_socket" => self.reason(|reason| match reason {
                Reason::DualStackHolder { endpoint } | Reason::Ipv4BlocksDualStack { endpoint } => {
                    Some(endpoint.clone())
                }
                _ => None,
            })?,
            "socket_unit" => self.socket_units.first()?.clone(),
            "netns" => {
                let places: BTreeSet<String> = self
                    .other_netns
                    .iter()
                    .map(|socket| {
                        let holders: Vec<String> = socket
                            .processes
                            .iter()
                            .map(|process| format!("{}[{}]", process.name, process.pid))
                            .collect();
                        let netns = socket.netns.as_ref().map_or_else(
                            || "another namespace".to_string(),
                            |netns| netns.to_string(),
                        );
                        if holders.is_empty() {
                            netns
                        } else {
                            format!("{netns} by {}", holders.join(", "))
                        }
                    })
                    .collect();
                if places.is_empty() {
                    return None;
                }
                places.into_iter().collect::<Vec<_>>().join("; ")
            }
            "netns_pid" => self
                .other_netns
                .iter()
                .flat_map(|socket| socket.processes.iter())
                .map(|process| process.pid.to_string())
                .next()?,
            "listen_overflows" => {
                let ((overflows_before, drops_before), (overflows, drops)) =
                    self.listen_overflows?;
                let rising = if overflows > overflows_before || drops > drops_before {
                    ", rising"
                } else {
                    ", not rising during 200 ms"
                };
                format!("{overflows} overflows, {drops} drops since boot{rising}")
            }
            _ => return self.exhaustion_value(name),
        })
    }

    fn hidden_socket(&self) -> Option<&Socket> {
        self.sockets
            .iter()
            .find(|socket| is_live(socket) && !socket.owner_visible)
    }

    /// A template value about a holder group; falls back to port values.
    pub fn holder_value(&self, group: &HolderGroup, name: &str) -> Option<String> {
        let primary = primary_process(group);
        Some(match name {
            "pid" => primary.pid.to_string(),
            "pids" => group
                .processes
                .iter()
                .map(|process| process.pid.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            "ppid" => primary.ppid.to_string(),
            "name" => primary.name.clone(),
            "cmdline" => shorten(&primary.cmdline, 120),
            "user" => crate::model::user_label(primary.user.as_deref(), primary.uid),
            "uid" => primary.uid?.to_string(),
            "unit" => primary.systemd_unit.clone()?,
            "container" => primary.container.as_ref()?.to_string(),
            "container_id" => primary
                .container
                .as_ref()?
                .id
                .as_ref()?
                .chars()
                .take(12)
                .collect(),
            "container_runtime" => primary.container.as_ref()?.runtime.clone(),
            "pod_uid" => primary.container.as_ref()?.pod_uid.clone()?,
            "pod" => {
                let container = primary.container.as_ref()?;
                match (&container.pod_namespace, &container.pod_name) {
                    (Some(namespace), Some(name)) => format!("{namespace}/{name}"),
                    _ => format!("uid {}", container.pod_uid.as_ref()?),
                }
            }
            "since" => primary.started_at.as_deref().and_then(short_time)?,
            "holder" => describe_holder(primary, group),
            "endpoints" => group
                .sockets
                .iter()
                .map(|socket| socket.local_endpoint())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
                .join(", "),
            "stop_command" => self.stop_command(primary)?,
            "reload_command" => self.reload_command(primary)?,
            "command_on_port" => self.command_on_port(primary)?,
            "pod_lookup" => self.pod_lookup(primary)?,
            "docker_target" => {
                let forwarder = primary.forwarder.as_ref()?;
                match (&forwarder.target, &forwarder.container) {
                    (Some(target), Some(container)) => format!("container {container} at {target}"),
                    (Some(target), None) => format!("container {target}"),
                    (None, _) => return None,
                }
            }
            "queue" => group
                .sockets
                .iter()
                .find(|socket| queue_is_full(socket))?
                .recv_queue?
                .to_string(),
            "backlog" => group
                .sockets
                .iter()
                .find(|socket| queue_is_full(socket))?
                .send_queue?
                .to_string(),
            _ => return self.port_value(name),
        })
    }
}

/// `PID 4121 `java ... start` (user keycloak, unit keycloak.service) since 09:12`.
pub fn describe_holder(process: &Process, group: &HolderGroup) -> String {
    let mut text = format!("PID {} `{}`", process.pid, shorten(&process.cmdline, 80));
    let mut context = vec![format!(
        "user {}",
        crate::model::user_label(process.user.as_deref(), process.uid)
    )];
    if let Some(unit) = &process.systemd_unit {
        context.push(format!("unit {unit}"));
    }
    if let Some(container) = &process.container {
        context.push(container.to_string());
    }
    let others = group.processes.len() - 1;
    if others > 0 {
        context.push(format!("and {others} more process(es) sharing the socket"));
    }
    text.push_str(&format!(" ({})", context.join(", ")));
    if let Some(since) = process.started_at.as_deref().and_then(short_time) {
        text.push_str(&format!(" since {since}"));
    }
    text
}
