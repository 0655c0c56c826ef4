//! Broker and controller files.
pub mod advertised_wildcard_address;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[&advertised_wildcard_address::AdvertisedWildcardAddress];
