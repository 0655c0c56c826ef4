//! Strimzi custom resources: `Kafka`, `KafkaNodePool`, `KafkaTopic`.

use super::Read;
use std::path::Path;

/// Whether a YAML text holds a Strimzi resource (`apiVersion: kafka.strimzi.io/...`).
pub fn looks_like(text: &str) -> bool {
    text.contains("kafka.strimzi.io/")
}

pub fn read(_path: &Path, text: &str) -> Read {
    Read { comments: super::yaml_comments(text), ..Read::default() }
}
