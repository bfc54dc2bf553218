//! The socket and process source. The one place that chooses the platform: the Linux
//! source (sock_diag, /proc), or the portable one (netstat2 + sysinfo) on macOS and
//! Windows. With the `portable` feature, Linux builds both and the hidden `--backend
//! portable` option selects the portable one, so that it can be tested against Linux's.

pub mod query;

pub use query::{Delivery, OwnerScan, SocketList};

#[cfg(target_os = "linux")]
mod linux;
#[cfg(any(not(target_os = "linux"), feature = "portable"))]
mod portable;
#[cfg(any(not(target_os = "linux"), feature = "portable"))]
mod portable_signal;

#[cfg(target_os = "linux")]
pub use linux::*;
#[cfg(not(target_os = "linux"))]
pub use portable::*;
#[cfg(not(target_os = "linux"))]
pub use portable_signal::*;

/// Lists the sockets of the current network namespace that match the query, from the
/// backend the query names.
#[cfg(target_os = "linux")]
pub fn list_sockets(query: &query::SocketQuery) -> anyhow::Result<SocketList> {
    match query.backend {
        query::Backend::Portable => portable_sockets(query),
        _ => linux::list_sockets(query),
    }
}

#[cfg(all(target_os = "linux", feature = "portable"))]
fn portable_sockets(query: &query::SocketQuery) -> anyhow::Result<SocketList> {
    portable::list_sockets(query)
}

#[cfg(all(target_os = "linux", not(feature = "portable")))]
fn portable_sockets(_: &query::SocketQuery) -> anyhow::Result<SocketList> {
    anyhow::bail!(
        "this build has no portable backend: build with `cargo build --features portable`"
    )
}
