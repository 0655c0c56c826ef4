//! Producer files.
pub mod idempotence_without_acks_all;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[&idempotence_without_acks_all::IdempotenceWithoutAcksAll];
