//! One runner per subcommand: turn arguments into an engine call, print, return the status.

pub mod check;
pub mod check_from;
pub mod docs;
pub mod explain;
pub mod explain_facts;
pub mod explain_input;
pub mod free;
pub mod suggest;
pub mod watch;
pub mod who;
