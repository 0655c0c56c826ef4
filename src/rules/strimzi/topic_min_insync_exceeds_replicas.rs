use crate::formats::Format;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a Strimzi `KafkaTopic` whose `spec.config` sets `min.insync.replicas` above the
    /// topic's `spec.replicas`.
    /// ## Why it fails in production
    /// A partition never has more in-sync replicas than replicas: every write with `acks=all`
    /// (the producer default since Kafka 3.0) fails with `NotEnoughReplicasException`, while
    /// reads and `acks=1` writes work, so the topic looks healthy until a producer retries
    /// forever.
    /// ## Example
    /// ```yaml
    /// apiVersion: kafka.strimzi.io/v1beta2
    /// kind: KafkaTopic
    /// metadata:
    ///   name: orders
    ///   labels:
    ///     strimzi.io/cluster: my-cluster
    /// spec:
    ///   partitions: 6
    ///   replicas: 2
    ///   config:
    ///     min.insync.replicas: 3
    /// ```
    /// ## Use instead
    /// ```yaml
    /// apiVersion: kafka.strimzi.io/v1beta2
    /// kind: KafkaTopic
    /// metadata:
    ///   name: orders
    ///   labels:
    ///     strimzi.io/cluster: my-cluster
    /// spec:
    ///   partitions: 6
    ///   replicas: 3
    ///   config:
    ///     min.insync.replicas: 2
    /// ```
    /// ## Fix
    /// None: raise `spec.replicas` or lower `min.insync.replicas`.
    /// ## Versions
    /// All.
    /// ## Source
    /// Kafka topic configuration docs (min.insync.replicas); Partition.appendRecordsToLeader
    /// (NotEnoughReplicasException); Strimzi KafkaTopic `spec.replicas`.
    pub TopicMinInsyncExceedsReplicas {
        id: "strimzi/topic-min-insync-exceeds-replicas",
        summary: "a KafkaTopic's min.insync.replicas exceeds its spec.replicas; acks=all writes fail",
        severity: Error,
        scope: Scope::File(&[Role::Topic]),
        versions: None => None,
        reads: ["min.insync.replicas"],
        fix: None,
        source: "topic docs (min.insync.replicas); Partition.appendRecordsToLeader",
    }
}

impl Rule for TopicMinInsyncExceedsReplicas {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if cx.file.format != Format::Strimzi {
            return;
        }
        let Some((replicas, rspan)) = cx.file.unit.as_ref().and_then(|u| u.topic_replicas) else { return };
        let Some(e) = cx.explicit("min.insync.replicas") else { return };
        let Some(m) = crate::model::parse_i64(&e.value) else { return };
        if m > replicas {
            out.report(
                &META,
                cx.id,
                e.value_span,
                format!("`min.insync.replicas` ({m}) exceeds the topic's `spec.replicas` ({replicas}): every `acks=all` write to it fails with NotEnoughReplicas"),
            )
            .key("min.insync.replicas")
            .label(cx.id, rspan, None, "the topic's replicas")
            .help(format!("set `min.insync.replicas` to at most {replicas} (below it, to survive a broker restart), or raise `spec.replicas`"));
        }
    }
}
