//! Who, besides a process itself, decides whether it runs: systemd, a container runtime, a
//! supervisor. `free` leaves such processes to their manager.

use serde::Serialize;

use crate::model::{Container, Forwarder};

/// The manager of a process that holds a port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Manager {
    /// A systemd service: stop it with systemctl, or systemd will restart it or mark it failed.
    SystemdService {
        unit: String,
        /// A unit of a user's service manager (`systemctl --user`).
        user_unit: bool,
        /// The user whose manager runs it, for `--user` units.
        user: Option<String>,
        /// That user's id.
        uid: Option<u32>,
        /// `Restart=` from the unit file and drop-ins (`no` when unset); `null` when the unit
        /// file was not found.
        restart: Option<String>,
    },
    /// systemd itself holds the socket for socket activation (the process is PID 1 or a
    /// user's `systemd --user`).
    SocketActivation {
        /// `.socket` units whose `ListenStream=`/`ListenDatagram=` name the port.
        units: Vec<String>,
        user_unit: bool,
    },
    /// A container or pod (from the process's cgroup).
    Container { container: Container },
    /// A runtime's port forwarder (docker-proxy, rootlessport, conmon, kube-proxy...).
    Forwarder { forwarder: Forwarder },
    /// A process supervisor that restarts its children (supervisord, runit, s6, pm2).
    Supervisor { program: String, pid: u32 },
    /// PID 1 of a PID namespace below the host's: a container's init.
    NamespaceInit,
    /// PID 1 of the host: stopping it stops the machine.
    HostInit,
}
