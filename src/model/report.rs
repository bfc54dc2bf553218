//! The document `who` prints.

use serde::Serialize;

use crate::model::Socket;

/// What `who` found: the JSON document of `who --json`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub struct WhoReport {
    /// Host name of the machine.
    pub host: String,
    /// Matching sockets, local-port matches first.
    pub sockets: Vec<Socket>,
    /// `false` when some process could not be inspected, so owners may be missing.
    pub complete: bool,
    /// Human-readable warnings about what could not be seen.
    pub warnings: Vec<String>,
    /// When nothing holds the ports here (and `--all-netns` was not given): the sockets on
    /// them in other network namespaces (containers, `ip netns`).
    pub other_netns: Vec<Socket>,
}
