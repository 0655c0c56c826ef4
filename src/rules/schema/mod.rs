//! Keys and values checked against the knowledge base.
pub mod duplicate_key;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[&duplicate_key::DuplicateKey];
