//! Producer files.
pub mod idempotence_without_acks_all;
