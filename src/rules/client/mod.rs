//! Rules for every client role (producer, consumer, admin, streams, connect-worker).

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[];
