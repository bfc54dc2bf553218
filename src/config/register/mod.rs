//! The port register (in progress).
