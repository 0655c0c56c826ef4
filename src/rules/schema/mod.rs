//! Keys and values checked against the knowledge base.
pub mod duplicate_key;
