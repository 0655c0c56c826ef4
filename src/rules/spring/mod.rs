//! Spring Boot application files: `spring.kafka.*` names Spring Boot does not bind, YAML it refuses.
pub mod duplicate_key;
pub mod unbound_property;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[&duplicate_key::DuplicateKey, &unbound_property::UnboundProperty];
