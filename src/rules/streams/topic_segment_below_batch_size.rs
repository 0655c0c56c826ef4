use crate::model::{parse_i64, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a Streams application whose `topic.segment.bytes` (the segment size of the internal
    /// topics it creates) is smaller than its producer's `batch.size`. Streams compares the two
    /// only when both are set: `batch.size` resolved as Streams resolves its producer's keys
    /// (`producer.batch.size` wins over the unprefixed key), `topic.segment.bytes` with its
    /// prefix.
    /// ## Why it fails in production
    /// The application does not start: building its main consumer's configuration, Streams throws
    /// `IllegalArgumentException: Specified topic segment size 16384 is is smaller than the
    /// configured producer batch size 65536, this will cause produced batch not able to be
    /// appended to the topic` (the stream threads are built in the `KafkaStreams` constructor).
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=4.2
    /// # kafkalint: role=streams
    /// application.id=orders
    /// topic.segment.bytes=16384
    /// producer.batch.size=65536
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=streams
    /// application.id=orders
    /// topic.segment.bytes=104857600
    /// producer.batch.size=65536
    /// ```
    /// ## Fix
    /// None: raise `topic.segment.bytes` or lower `batch.size`.
    /// ## Versions
    /// 1.1+ (KIP-204, KAFKA-6150). Verified in `StreamsConfig` at apache/kafka tags 1.1.0, 2.0.0 to
    /// 2.6.0, 3.0.0, 3.8.0 and 3.9.0, and at the 4.0.0, 4.1.0 and 4.2.0 releases (the same check
    /// in `getConsumerConfigs`, later `getMainConsumerConfigs`). It is a refusal, not a warning;
    /// `InternalTopicManager` does not compare the two.
    /// ## Source
    /// `StreamsConfig.getMainConsumerConfigs` (`originalsWithPrefix(TOPIC_PREFIX, false)` and
    /// `getClientPropsWithPrefix(PRODUCER_PREFIX, ProducerConfig.configNames())`).
    pub TopicSegmentBelowBatchSize {
        id: "streams/topic-segment-below-batch-size",
        summary: "topic.segment.bytes is smaller than the producer's batch.size: the Streams application does not start",
        severity: Error,
        scope: Scope::File(&[Role::Streams]),
        versions: Some("1.1") => None,
        reads: ["topic.segment.bytes", "batch.size", "producer.batch.size"],
        fix: None,
        source: "StreamsConfig.getMainConsumerConfigs",
    }
}

impl Rule for TopicSegmentBelowBatchSize {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(seg) = cx.explicit("topic.segment.bytes") else { return };
        if !crate::rules::client::holds_from(cx, "1.1", None) {
            return;
        }
        let Some(batch) = super::producer_setting(cx, "batch.size") else { return };
        let (Some(s), Some(b)) = (parse_i64(&seg.value), parse_i64(&batch.value)) else { return };
        if s >= b {
            return;
        }
        out.report(
            &META,
            cx.id,
            seg.value_span,
            format!("`topic.segment.bytes={s}` is smaller than `{}={b}`: the Streams application refuses to start", batch.key),
        )
        .key("topic.segment.bytes")
        .label(cx.id, batch.value_span, Some(&batch.key), "the producer's batch size")
        .help(format!("raise `topic.segment.bytes` to at least {b}, or lower `{}`", batch.key));
    }
}
