//! About kafkalint's own inputs: roles, suppressions.
pub mod role_undetermined;
pub mod unused_suppression;
