//! Keys and values checked against the knowledge base.
pub mod deprecated_key;
pub mod deprecated_value;
pub mod duplicate_key;
pub mod invalid_value;
pub mod key_not_yet_available;
pub mod keys;
pub mod missing_required_key;
pub mod redundant_default;
pub mod removed_key;
pub mod unchecked_placeholder;
pub mod unknown_key;
pub mod wrong_role_key;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &deprecated_key::DeprecatedKey,
    &deprecated_value::DeprecatedValue,
    &duplicate_key::DuplicateKey,
    &invalid_value::InvalidValue,
    &key_not_yet_available::KeyNotYetAvailable,
    &missing_required_key::MissingRequiredKey,
    &redundant_default::RedundantDefault,
    &removed_key::RemovedKey,
    &unchecked_placeholder::UncheckedPlaceholder,
    &unknown_key::UnknownKey,
    &wrong_role_key::WrongRoleKey,
];
