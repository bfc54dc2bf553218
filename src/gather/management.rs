//! Finds the manager of each process that holds a port: from its pid and name (systemd,
//! PID 1), its cgroup (systemd service, container), its role (a runtime's forwarder), its PID
//! namespace (a container's init) and its parent (a supervisor that restarts it).

use std::collections::HashMap;

use crate::gather::units;
use crate::model::{Manager, Process};
use crate::source::{self, UserNames};

/// Parents that restart the children they supervise, by `comm`.
const SUPERVISORS: &[&str] = &["supervisord", "runsv", "s6-supervise", "PM2", "circusd"];

/// The manager of each process (by pid), `None` for a process nobody restarts.
pub fn managers<'a>(
    processes: impl IntoIterator<Item = &'a Process>,
    port: u16,
) -> HashMap<u32, Option<Manager>> {
    let mut users = UserNames::default();
    let mut found = HashMap::new();
    for process in processes {
        found
            .entry(process.pid)
            .or_insert_with(|| manager_of(process, port, &mut users));
    }
    found
}

fn manager_of(process: &Process, port: u16, users: &mut UserNames) -> Option<Manager> {
    let is_systemd = process.name == "systemd";
    if process.pid == 1 && is_systemd {
        return Some(Manager::SocketActivation {
            units: units::socket_units_for_port(port, None),
            user_unit: false,
        });
    }
    if process.pid == 1 {
        return Some(Manager::HostInit);
    }
    if is_systemd && process.cmdline.split(' ').any(|word| word == "--user") {
        let home = process.uid.and_then(units::home_of);
        let user = process.uid.zip(home.as_deref());
        return Some(Manager::SocketActivation {
            units: units::socket_units_for_port(port, user),
            user_unit: true,
        });
    }
    if let Some(forwarder) = &process.forwarder {
        return Some(Manager::Forwarder {
            forwarder: forwarder.clone(),
        });
    }
    if let Some(container) = &process.container {
        return Some(Manager::Container {
            container: container.clone(),
        });
    }
    if source::is_namespace_init(process.pid) {
        return Some(Manager::NamespaceInit);
    }
    if let Some(unit) = process
        .systemd_unit
        .as_deref()
        .filter(|unit| unit.ends_with(".service"))
    {
        let home = process
            .uid
            .filter(|_| process.systemd_user_unit)
            .and_then(units::home_of);
        let user = process.uid.zip(home.as_deref());
        return Some(Manager::SystemdService {
            unit: unit.to_string(),
            user_unit: process.systemd_user_unit,
            user: process
                .systemd_user_unit
                .then(|| process.user.as_deref().map(str::to_string))
                .flatten(),
            uid: process.uid,
            restart: units::service_file(unit, user).restart,
        });
    }
    let parent = source::describe_process(process.ppid, users)?;
    SUPERVISORS
        .iter()
        .any(|name| parent.name == *name || parent.name.starts_with("PM2 "))
        .then(|| Manager::Supervisor {
            program: parent.name.clone(),
            pid: parent.pid,
        })
}
