use super::{is_distributed, topic, STORAGE_TOPICS};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a distributed Connect worker that uses one topic for two of its storage topics
    /// (`config.storage.topic`, `offset.storage.topic`, `status.storage.topic`). Missing keys are
    /// `schema/missing-required-key`'s finding.
    /// ## Why it fails in production
    /// Each store reads every record of its topic: connector configs, source offsets and statuses
    /// end up mixed, and each store logs and discards the others' records. The config topic must
    /// have a single partition while the offset and status stores create theirs with 25 and 5
    /// partitions by default, so since Kafka 2.6 a worker whose config topic was created by
    /// another store refuses to start (`ConfigException: Topic 'connect' supplied via the
    /// 'config.storage.topic' property is required to have a single partition …`).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// bootstrap.servers=broker1:9092
    /// group.id=connect-cluster
    /// config.storage.topic=connect-internal
    /// offset.storage.topic=connect-internal
    /// status.storage.topic=connect-status
    /// ```
    /// ## Use instead
    /// ```properties
    /// bootstrap.servers=broker1:9092
    /// group.id=connect-cluster
    /// config.storage.topic=connect-configs
    /// offset.storage.topic=connect-offsets
    /// status.storage.topic=connect-status
    /// ```
    /// ## Fix
    /// None: pick a distinct name (and mind the data already written to the shared topic).
    /// ## Versions
    /// All; the single-partition check of the config topic from 2.6 (KAFKA-9216).
    /// ## Source
    /// `DistributedConfig` (storage topic docs); `KafkaConfigBackingStore`,
    /// `KafkaOffsetBackingStore`, `KafkaStatusBackingStore`; KAFKA-9216 (PR #8270).
    pub StorageTopicsNotDistinct {
        id: "connect/storage-topics-not-distinct",
        summary: "a distributed Connect worker uses one topic for two of its storage topics",
        severity: Warning,
        scope: Scope::File(&[Role::ConnectWorker]),
        versions: None => None,
        reads: ["config.storage.topic", "offset.storage.topic", "status.storage.topic", "group.id", "offset.storage.file.filename"],
        fix: None,
        source: "DistributedConfig; Kafka*BackingStore; KAFKA-9216",
    }
}

impl Rule for StorageTopicsNotDistinct {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !is_distributed(cx) {
            return;
        }
        let topics: Vec<(&str, &crate::properties::Entry, String)> =
            STORAGE_TOPICS.iter().filter_map(|k| topic(cx, k).map(|(e, v)| (*k, e, v))).collect();
        for (i, (key, e, name)) in topics.iter().enumerate() {
            let Some((first_key, first, _)) = topics[..i].iter().find(|(_, _, n)| n == name) else { continue };
            out.report(
                &META,
                cx.id,
                e.value_span,
                format!("`{key}` and `{first_key}` are the same topic, `{name}`: the worker's stores read each other's records"),
            )
            .key(key)
            .label(cx.id, first.value_span, Some(first_key), format!("`{first_key}` is set here"))
            .help(format!("give `{key}` its own topic (each distributed Connect cluster needs three distinct storage topics)"));
        }
    }
}
