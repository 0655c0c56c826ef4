//! About kafkalint's own inputs: roles, suppressions.
pub mod role_undetermined;
pub mod unsupported_format;
pub mod unused_suppression;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] =
    &[&role_undetermined::RoleUndetermined, &unsupported_format::UnsupportedFormat, &unused_suppression::UnusedSuppression];
