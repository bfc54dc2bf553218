//! Commands a fix prints, built from the holder's own data: how to stop it (its unit, its
//! container, or a signal), how to reload it, how to run it on another port, how to find its
//! pod. Every value from another process is shell-quoted, so a unit or container named by a
//! user cannot inject a command into what root pastes.

use crate::diagnose::facts::Facts;
use crate::diagnose::knowledge;
use crate::model::Process;
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

    /// The gentlest command that stops a holder: its systemd service, its container, or a
    /// plain SIGTERM.
    pub fn stop_command(&self, process: &Process) -> Option<String> {
        if process.pid == 1 {
            return None;
        }
        let sudo = self.sudo_for(process);
        if let Some(unit) = process
            .systemd_unit
            .as_deref()
            .filter(|unit| unit.ends_with(".service"))
        {
            return Some(if process.systemd_user_unit {
                format!("systemctl --user stop {}", shell_quote(unit))
            } else {
                format!("{sudo}systemctl stop {}", shell_quote(unit))
            });
        }
        if let Some(container) = &process.container
            && let Some(id) = &container.id
        {
            let short: String = id.chars().take(12).collect();
            let tool = match container.runtime.as_str() {
                "docker" => "docker",
                "podman" => "podman",
                _ => "crictl",
            };
            return Some(format!("{sudo}{tool} stop {}", shell_quote(&short)));
        }
        Some(format!("{sudo}kill {}", process.pid))
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
