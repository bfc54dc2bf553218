//! Commands a fix prints, built from the holder's own data: how to stop it (its unit, its
//! container, or a signal), how to reload it, how to run it on another port, how to find its
//! pod. Every value from another process is shell-quoted, so a unit or container named by a
//! user cannot inject a command into what root pastes.

use crate::diagnose::facts::Facts;
use crate::diagnose::knowledge;
use crate::model::{Container, Manager, Process};
use crate::text::shell_quote;

impl Facts {
    /// `sudo ` when the holder is another user's and portdoc is not root.
    fn sudo_for(&self, process: &Process) -> &'static str {
        if self.is_root || process.uid == crate::source::current_uid() {
            ""
        } else {
            "sudo "
        }
    }

    /// The gentlest command that stops a holder: through its manager (systemd, a container
    /// runtime, a supervisor), or `portdoc free PORT` for a process nobody manages, which
    /// plans, asks and signals safely. `None` for PID 1.
    pub fn stop_command(&self, process: &Process) -> Option<String> {
        let sudo = self.sudo_for(process);
        match self.managers.get(&process.pid).cloned().flatten() {
            Some(manager) => manager_command(&manager, self.subject.port?, sudo),
            None if process.pid == 1 => None,
            None => Some(format!("{sudo}{}", self.free_command()?)),
        }
    }

    /// `portdoc free 8080`, with `/udp` and `--addr` as the subject needs.
    pub fn free_command(&self) -> Option<String> {
        let mut command = format!("portdoc free {}", self.subject.port?);
        if self.subject.protocol == crate::model::Protocol::Udp {
            command.push_str("/udp");
        }
        if let Some(address) = self
            .subject
            .address
            .filter(|address| !address.is_unspecified())
        {
            command.push_str(&format!(" --addr {address}"));
        }
        Some(command)
    }

    /// How to make the holder reload its configuration instead of starting a second one: its
    /// unit's reload, or the program's own signal (programs.toml).
    pub fn reload_command(&self, process: &Process) -> Option<String> {
        let sudo = self.sudo_for(process);
        if let Some(unit) = process
            .systemd_unit
            .as_deref()
            .filter(|unit| unit.ends_with(".service"))
        {
            return Some(if process.systemd_user_unit {
                format!("systemctl --user reload {}", shell_quote(unit))
            } else {
                format!("{sudo}systemctl reload {}", shell_quote(unit))
            });
        }
        let reload = knowledge::program(&process.name)?.reload_for(&process.cmdline)?;
        Some(format!(
            "{sudo}{}",
            reload.replace("{pid}", &process.pid.to_string())
        ))
    }

    /// The holder's own command line with `--port N` (or `--port=N`, `-p N`) set to the
    /// suggested port, for a server started by hand (uvicorn, flask, http.server).
    pub fn command_on_port(&self, process: &Process) -> Option<String> {
        let suggested = self.suggested_port?.to_string();
        let current = self.subject.port?.to_string();
        let mut words: Vec<String> = process.cmdline.split(' ').map(str::to_string).collect();
        let mut replaced = false;
        for index in 0..words.len() {
            let word = words[index].clone();
            if (word == "--port" || word == "-p") && words.get(index + 1) == Some(&current) {
                words[index + 1] = suggested.clone();
                replaced = true;
            } else if let Some(value) = word.strip_prefix("--port=")
                && value == current
            {
                words[index] = format!("--port={suggested}");
                replaced = true;
            } else if word == current && index > 0 && !replaced {
                // `python3 -m http.server 8080`: the port as a bare argument.
                words[index] = suggested.clone();
                replaced = true;
            }
        }
        if !replaced {
            words.push("--port".into());
            words.push(suggested);
        }
        Some(
            words
                .iter()
                .map(|word| shell_quote(word))
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// How to see the holder's pod: by name when its log directory names it, else by the uid
    /// label that the kubelet puts on every pod sandbox.
    pub fn pod_lookup(&self, process: &Process) -> Option<String> {
        let container = process.container.as_ref()?;
        match (&container.pod_namespace, &container.pod_name) {
            (Some(namespace), Some(name)) => Some(format!(
                "kubectl -n {} get pod {} -o wide",
                shell_quote(namespace),
                shell_quote(name)
            )),
            _ => Some(format!(
                "crictl pods --label io.kubernetes.pod.uid={}",
                shell_quote(container.pod_uid.as_deref()?)
            )),
        }
    }
}

/// How to stop what a manager runs, for a port it holds: `systemctl stop`, the runtime's
/// `stop`, the supervisor's own command. `None` where no command is right (PID 1).
pub fn manager_command(manager: &Manager, port: u16, sudo: &str) -> Option<String> {
    Some(match manager {
        Manager::SystemdService {
            unit,
            user_unit: true,
            user,
            uid,
            ..
        } => match user.as_deref() {
            Some(user) if *uid != crate::source::current_uid() => {
                format!(
                    "systemctl --user -M {} stop {}",
                    shell_quote(&format!("{user}@")),
                    shell_quote(unit)
                )
            }
            _ => format!("systemctl --user stop {}", shell_quote(unit)),
        },
        Manager::SystemdService { unit, .. } => {
            format!("{sudo}systemctl stop {}", shell_quote(unit))
        }
        Manager::SocketActivation { units, user_unit } => {
            let systemctl = if *user_unit {
                "systemctl --user".to_string()
            } else {
                format!("{sudo}systemctl")
            };
            if units.is_empty() {
                format!("{systemctl} list-sockets --all")
            } else {
                let names: Vec<String> = units.iter().map(|unit| shell_quote(unit)).collect();
                format!("{systemctl} stop {}", names.join(" "))
            }
        }
        Manager::Container { container } => container_stop_command(container, sudo)?,
        Manager::Forwarder { forwarder } => {
            let tool = match forwarder.kind.as_str() {
                "docker-proxy" | "dockerd" => "docker",
                "rootlessport" | "slirp4netns" | "pasta" | "conmon" => "podman",
                "kube-proxy" => {
                    return Some(format!(
                        "kubectl get services --all-namespaces -o wide | grep -w {port}"
                    ));
                }
                _ => "crictl",
            };
            match &forwarder.container {
                Some(name) if tool != "crictl" => {
                    format!("{sudo}{tool} stop {}", shell_quote(name))
                }
                _ if tool == "crictl" => format!("{sudo}crictl ps"),
                _ => format!("{sudo}{tool} ps --filter publish={port}"),
            }
        }
        Manager::Supervisor { program, .. } => match program.as_str() {
            "supervisord" => format!("{sudo}supervisorctl status"),
            "runsv" => format!("{sudo}sv status /etc/service/*"),
            "s6-supervise" => format!("{sudo}s6-svstat /run/service/*"),
            "circusd" => format!("{sudo}circusctl status"),
            _ => "pm2 list".to_string(),
        },
        Manager::NamespaceInit | Manager::HostInit => return None,
    })
}

/// `docker stop web`, `podman stop 3f2a9c1e5b7d`, `kubectl delete pod -n NS NAME` (its
/// owner recreates it), `crictl stop ID`, `lxc-stop -n NAME`.
fn container_stop_command(container: &Container, sudo: &str) -> Option<String> {
    if let (Some(namespace), Some(name)) = (&container.pod_namespace, &container.pod_name) {
        return Some(format!(
            "kubectl delete pod -n {} {}",
            shell_quote(namespace),
            shell_quote(name)
        ));
    }
    let Some(id) = &container.id else {
        return Some(format!(
            "{sudo}crictl pods --label io.kubernetes.pod.uid={}",
            shell_quote(container.pod_uid.as_deref()?)
        ));
    };
    let short = crate::model::short_id(id);
    let name = container.name.as_deref().unwrap_or(short);
    Some(match container.runtime.as_str() {
        "docker" => format!("{sudo}docker stop {}", shell_quote(name)),
        "podman" => format!("{sudo}podman stop {}", shell_quote(name)),
        "lxc" => format!("{sudo}lxc-stop -n {}", shell_quote(id)),
        _ => format!("{sudo}crictl stop {}", shell_quote(short)),
    })
}
