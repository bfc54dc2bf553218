//! Acting on a diagnosis: `free` plans which holders of a port to signal (and which to leave
//! to their manager), then signals them race-free and watches the port until it binds. The
//! last stage of the flow, the only one that changes the system.

pub mod execute;
pub mod plan;
pub mod report;
pub mod untouched;

#[cfg(test)]
mod tests;
