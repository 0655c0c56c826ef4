//! docker-compose files: one unit per service that runs Kafka or configures a Kafka client.

use super::Read;
use std::path::Path;

/// Whether a YAML text is a compose file (a top-level `services:` map).
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| l.trim_end() == "services:")
}

pub fn read(_path: &Path, text: &str) -> Read {
    Read { comments: super::yaml_comments(text), ..Read::default() }
}
