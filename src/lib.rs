//! kafkalint: a linter and advisor for Apache Kafka configuration files.
//!
//! `lint::lint` is the one entry: the CLI, the language server and the tests call it.

pub mod advisor;
pub mod bytes;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod effective;
pub mod explain;
pub mod fix;
pub mod formats;
pub mod init;
pub mod kafka;
pub mod knowledge;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod properties;
pub mod redact;
pub mod render;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod version;
pub mod walk;
pub mod write;
