//! Commands a fix prints, built from the holder's own data: how to stop it (its unit, its
//! container, or a signal), how to reload it, how to run it on another port, how to find its
//! pod. Every value from another process is shell-quoted, so a unit or container named by a
//! user cannot inject a command into what root pastes.

use crate::diagnose::facts::Facts;
use crate::diagnose::knowledge;
use crate::model::{Container, Forwarder, Manager, Process, short_id};
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
        Manager::Forwarder { forwarder } => forwarder_stop_command(forwarder, port, sudo),
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

/// A forwarder stands for its container: `podman stop web`, `podman pod stop web-pod` for a
/// pod's infra container, `docker stop web`, `crictl stop ID`; without a container, the
/// runtime's listing of who publishes the port. Never the forwarder's own pid, which would
/// cut the container off and leave it running.
fn forwarder_stop_command(forwarder: &Forwarder, port: u16, sudo: &str) -> String {
    let tool = match (forwarder.runtime.as_deref(), forwarder.kind.as_str()) {
        (_, "kube-proxy") => {
            return format!("kubectl get services --all-namespaces -o wide | grep -w {port}");
        }
        (Some("docker"), _) | (None, "docker-proxy" | "dockerd") => "docker",
        (Some("podman"), _) | (None, "rootlessport" | "slirp4netns" | "pasta" | "conmon") => {
            "podman"
        }
        _ => "crictl",
    };
    let named = forwarder.container.clone().or_else(|| {
        forwarder
            .container_id
            .as_deref()
            .map(|id| short_id(id).to_string())
    });
    let pod = forwarder.pod_name.clone().or_else(|| {
        forwarder
            .pod_id
            .as_deref()
            .map(|id| short_id(id).to_string())
    });
    match (tool, pod, named) {
        ("podman", Some(pod), _) => format!("{sudo}podman pod stop {}", shell_quote(&pod)),
        ("crictl", _, _) => match &forwarder.container_id {
            Some(id) => format!("{sudo}crictl stop {}", shell_quote(short_id(id))),
            None => format!("{sudo}crictl ps"),
        },
        (_, _, Some(name)) => format!("{sudo}{tool} stop {}", shell_quote(&name)),
        (_, _, None) => format!("{sudo}{tool} ps --filter publish={port}"),
    }
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
    let short = short_id(id);
    let name = container.name.as_deref().unwrap_or(short);
    Some(match container.runtime.as_str() {
        "docker" => format!("{sudo}docker stop {}", shell_quote(name)),
        "podman" => format!("{sudo}podman stop {}", shell_quote(name)),
        "lxc" => format!("{sudo}lxc-stop -n {}", shell_quote(id)),
        _ => format!("{sudo}crictl stop {}", shell_quote(short)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "aba68c1af92df636783464ee349b600d0aa83863ad2b35a930d830d9bd906dd4";

    fn stop(forwarder: Forwarder) -> Option<String> {
        manager_command(&Manager::Forwarder { forwarder }, 8080, "")
    }

    #[test]
    fn a_forwarder_is_stopped_as_its_container_never_by_its_pid() {
        let conmon = Forwarder {
            kind: "conmon".into(),
            container: Some("web".into()),
            container_id: Some(ID.into()),
            runtime: Some("podman".into()),
            ..Forwarder::default()
        };
        assert_eq!(stop(conmon.clone()).as_deref(), Some("podman stop web"));
        let infra = Forwarder {
            pod_name: Some("my pod".into()),
            ..conmon.clone()
        };
        assert_eq!(
            stop(infra.clone()).as_deref(),
            Some("podman pod stop 'my pod'")
        );
        let unnamed_pod = Forwarder {
            pod_name: None,
            pod_id: Some(ID.into()),
            ..infra
        };
        assert_eq!(
            stop(unnamed_pod).as_deref(),
            Some("podman pod stop aba68c1af92d")
        );
        let unnamed = Forwarder {
            container: None,
            ..conmon
        };
        assert_eq!(stop(unnamed).as_deref(), Some("podman stop aba68c1af92d"));
        let rootlessport = Forwarder {
            kind: "rootlessport".into(),
            ..Forwarder::default()
        };
        assert_eq!(
            stop(rootlessport).as_deref(),
            Some("podman ps --filter publish=8080")
        );
        let shim = Forwarder {
            kind: "containerd".into(),
            container_id: Some(ID.into()),
            runtime: Some("containerd".into()),
            ..Forwarder::default()
        };
        assert_eq!(stop(shim).as_deref(), Some("crictl stop aba68c1af92d"));
        let docker_shim = Forwarder {
            kind: "containerd".into(),
            container: Some("db".into()),
            runtime: Some("docker".into()),
            ..Forwarder::default()
        };
        assert_eq!(stop(docker_shim).as_deref(), Some("docker stop db"));
        let proxy = Forwarder {
            kind: "docker-proxy".into(),
            container: Some("web; rm -rf /".into()),
            ..Forwarder::default()
        };
        assert_eq!(stop(proxy).as_deref(), Some("docker stop 'web; rm -rf /'"));
    }
}
