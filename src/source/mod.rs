//! The socket and process source. The one place that chooses the platform.

pub mod query;

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
pub use linux::*;
