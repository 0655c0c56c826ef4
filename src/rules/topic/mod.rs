//! Topic-level override files.
pub mod max_message_exceeds_consumer_fetch;
pub mod min_compaction_lag_exceeds_max;
pub mod min_insync_exceeds_replication_factor;
pub mod remote_storage_invalid;
pub mod remote_storage_vs_broker;
pub mod retention_without_delete_policy;
pub mod segment_exceeds_retention;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &max_message_exceeds_consumer_fetch::MaxMessageExceedsConsumerFetch,
    &min_compaction_lag_exceeds_max::MinCompactionLagExceedsMax,
    &min_insync_exceeds_replication_factor::MinInsyncExceedsReplicationFactor,
    &retention_without_delete_policy::RetentionWithoutDeletePolicy,
    &segment_exceeds_retention::SegmentExceedsRetention,
    &remote_storage_invalid::RemoteStorageInvalid,
    &remote_storage_vs_broker::RemoteStorageVsBroker,
];

/// Whether a topic's effective `cleanup.policy` deletes old segments.
pub(crate) fn deletes(cx: &crate::rules::FileCtx<'_>) -> bool {
    cx.get("cleanup.policy").is_none_or(|p| crate::model::is_placeholder(&p.text) || p.as_list().contains(&"delete"))
}
