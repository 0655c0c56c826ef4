//! Broker and controller files.
pub mod advertised_wildcard_address;
