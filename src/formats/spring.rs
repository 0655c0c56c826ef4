//! Spring Boot application files: `spring.kafka.*` mapped as Spring Boot's `KafkaProperties` binds it.

use super::Read;
use std::path::Path;

/// `application*.properties` with `spring.kafka.` keys.
pub fn is_spring_properties(name: &str, text: &str) -> bool {
    name.starts_with("application") && text.contains("spring.kafka.")
}

/// `application*.yml` (or any YAML) with a `spring:` → `kafka:` section.
pub fn is_spring_yaml(name: &str, text: &str) -> bool {
    (name.starts_with("application") || name.starts_with("bootstrap")) && text.contains("kafka")
}

pub fn read(_path: &Path, text: &str) -> Read {
    Read { comments: super::yaml_comments(text), ..Read::default() }
}
