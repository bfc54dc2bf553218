//! Kernel settings of a network namespace that decide what can be bound.

use serde::Serialize;

/// Kernel settings of the current network namespace that decide what can be bound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetSettings {
    /// `net.ipv4.ip_local_port_range`: ports the kernel picks for outgoing connections.
    pub ephemeral_ports: (u16, u16),
    /// `net.ipv4.ip_local_reserved_ports`: excluded from the ephemeral range.
    pub reserved_ports: Vec<(u16, u16)>,
    /// `net.ipv4.ip_unprivileged_port_start`: ports below need CAP_NET_BIND_SERVICE.
    pub unprivileged_port_start: u16,
    /// `net.ipv6.bindv6only`: the default of IPV6_V6ONLY for new sockets.
    pub bindv6only: bool,
    /// Whether this process may bind ports below `unprivileged_port_start`.
    pub can_bind_privileged_ports: bool,
    /// `net.ipv4.ip_nonlocal_bind`: binding addresses not on the host is allowed.
    pub nonlocal_bind: bool,
    /// This host is a Kubernetes node (`/var/lib/kubelet` exists): NodePorts matter.
    pub kubernetes_node: bool,
}

impl Default for NetSettings {
    fn default() -> NetSettings {
        NetSettings {
            ephemeral_ports: (32768, 60999),
            reserved_ports: Vec::new(),
            unprivileged_port_start: 1024,
            bindv6only: false,
            can_bind_privileged_ports: false,
            nonlocal_bind: false,
            kubernetes_node: false,
        }
    }
}

impl NetSettings {
    /// Inside the ephemeral range and not reserved: outgoing connections may take it.
    pub fn is_ephemeral(&self, port: u16) -> bool {
        let (first, last) = self.ephemeral_ports;
        (first..=last).contains(&port) && !self.is_reserved(port)
    }

    pub fn is_reserved(&self, port: u16) -> bool {
        self.reserved_ports
            .iter()
            .any(|&(first, last)| (first..=last).contains(&port))
    }

    pub fn is_privileged(&self, port: u16) -> bool {
        port < self.unprivileged_port_start
    }

    /// Kubernetes' default NodePort range, 30000-32767, on a Kubernetes node.
    pub fn is_nodeport(&self, port: u16) -> bool {
        self.kubernetes_node && (30000..=32767).contains(&port)
    }
}
