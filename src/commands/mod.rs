//! One runner per subcommand: turn arguments into an engine call, print, return the status.

pub mod check;
pub mod explain;
pub mod suggest;
pub mod watch;
pub mod who;
