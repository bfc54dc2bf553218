//! Gathering: everything portdoc reads from the system for one run (sockets, owners, bind
//! probes, free ports), as plain data for the verdict and the diagnosis.

pub mod exhaustion;
pub mod management;
pub mod owners;
pub mod probe;
pub mod snapshot;
pub mod suggest;
pub mod units;
