//! Judging a port for `--listening`: is a service up on it (and for `--addr`, serving that
//! address)? No probe: the table alone answers, so it works without privileges.

use std::net::{IpAddr, Ipv4Addr};

use crate::kernel::{self, Endpoint};
use crate::model::{Protocol, Socket, SocketState};
use crate::verdict::{Holder, PortFacts, PortStatus, PortVerdict, Reason};

/// The verdict for `check --listening`.
pub fn judge_listening(facts: &PortFacts) -> PortVerdict {
    let settings = facts.settings;
    let serving_anything = |socket: &Socket| match socket.protocol {
        Protocol::Tcp => socket.state == SocketState::Listen,
        Protocol::Udp => socket.state == SocketState::Unconn,
    };
    let serving = |socket: &Socket| {
        serving_anything(socket)
            && facts.address.is_none_or(|address| {
                kernel::serves(Endpoint::of_socket(socket, settings), address)
            })
    };
    let listeners: Vec<&Socket> = facts
        .sockets
        .iter()
        .copied()
        .filter(|socket| serving(socket))
        .collect();
    let mut verdict = PortVerdict {
        port: facts.target.port,
        protocol: facts.target.protocol,
        address: facts.address.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        status: if listeners.is_empty() {
            PortStatus::NotListening
        } else {
            PortStatus::Listening
        },
        holders: Vec::new(),
        time_wait: 0,
        time_wait_expires_in_ms: None,
        binds: Vec::new(),
        probes: Vec::new(),
        ephemeral: settings.is_ephemeral(facts.target.port),
        reasons: Vec::new(),
    };
    let mut shown: Vec<&Socket> = listeners.clone();
    if listeners.is_empty() {
        if let Some(bound) = facts
            .sockets
            .iter()
            .find(|socket| socket.state == SocketState::Bound)
        {
            verdict.reasons.push(Reason::NotListeningYet {
                endpoint: bound.local_endpoint(),
            });
            shown.push(bound);
        }
        if let Some(address) = facts.address
            && let Some(elsewhere) = facts.sockets.iter().find(|socket| serving_anything(socket))
        {
            verdict.reasons.push(Reason::ListensElsewhere {
                endpoint: elsewhere.local_endpoint(),
                address,
            });
            shown.push(elsewhere);
        }
    }
    verdict.holders = shown
        .into_iter()
        .map(|socket| Holder {
            socket: socket.clone(),
            blocks: Vec::new(),
        })
        .collect();
    verdict
}
