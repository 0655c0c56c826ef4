//! Kafka Connect worker files.

pub mod listeners_empty;
pub mod response_http_headers_invalid;
pub mod signature_algorithm_not_verified;
pub mod storage_replication_factor_exceeds_brokers;
pub mod storage_topics_not_distinct;
pub mod storage_topics_vs_group;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &listeners_empty::ListenersEmpty,
    &response_http_headers_invalid::ResponseHttpHeadersInvalid,
    &signature_algorithm_not_verified::SignatureAlgorithmNotVerified,
    &storage_replication_factor_exceeds_brokers::StorageReplicationFactorExceedsBrokers,
    &storage_topics_not_distinct::StorageTopicsNotDistinct,
    &storage_topics_vs_group::StorageTopicsVsGroup,
];

use crate::rules::FileCtx;

/// The three storage topics of a distributed worker, with their keys.
pub(crate) const STORAGE_TOPICS: [&str; 3] = ["config.storage.topic", "offset.storage.topic", "status.storage.topic"];

/// Whether a Connect worker file is a distributed worker: it names its group or storage topics
/// and keeps no offsets in a file (a standalone worker).
pub(crate) fn is_distributed(cx: &FileCtx<'_>) -> bool {
    cx.explicit("offset.storage.file.filename").is_none()
        && (cx.explicit("group.id").is_some() || STORAGE_TOPICS.iter().any(|k| cx.explicit(k).is_some()))
}

/// A storage topic's name as set in the file (trimmed), unless a placeholder.
pub(crate) fn topic<'a>(cx: &FileCtx<'a>, key: &str) -> Option<(&'a crate::properties::Entry, String)> {
    let e = cx.explicit(key)?;
    let v = e.value.trim().to_string();
    (!v.is_empty() && !crate::model::is_placeholder(&v)).then_some((e, v))
}
