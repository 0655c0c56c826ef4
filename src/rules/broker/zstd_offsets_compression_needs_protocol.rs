use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `offsets.topic.compression.codec=4` (zstd) on a ZooKeeper-mode broker whose
    /// `inter.broker.protocol.version` writes a record version below V2 (a protocol before
    /// 0.11.0).
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed:
    /// offsets.topic.compression.codec zstd can only be used when inter.broker.protocol.version is
    /// set to version 2.1 or higher`. The message names 2.1, but Kafka compares record versions:
    /// any protocol from 0.11.0 (record version V2, as 2.1's) passes, so kafkalint reports only
    /// what Kafka refuses. KRaft nodes pin the protocol to 3.0-IV1 and are never refused.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=2.8
    /// zookeeper.connect=zk:2181
    /// inter.broker.protocol.version=0.10.2
    /// log.message.format.version=0.10.2
    /// offsets.topic.compression.codec=4
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=2.8
    /// zookeeper.connect=zk:2181
    /// inter.broker.protocol.version=0.10.2
    /// log.message.format.version=0.10.2
    /// offsets.topic.compression.codec=3
    /// ```
    /// ## Fix
    /// None: use another codec until the protocol is raised.
    /// ## Versions
    /// 2.2 to 3.9: `KafkaConfig.validateValues` read at apache/kafka tags 2.2.0, 2.4.0, 2.8.0, 3.0.0
    /// and the 3.9 branch (3.9.0); absent at 2.1.0. Kafka 4.0 removed
    /// `inter.broker.protocol.version`.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`if (offsetTopicCompressionType ==
    /// CompressionType.ZSTD) require(interBrokerProtocolVersion.highestSupportedRecordVersion().value
    /// >= IBP_2_1_IV0.highestSupportedRecordVersion().value, …)`).
    pub ZstdOffsetsCompressionNeedsProtocol {
        id: "broker/zstd-offsets-compression-needs-protocol",
        summary: "zstd for the offsets topic with an inter-broker protocol before 0.11.0: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("2.2") => Some("3.9"),
        reads: ["offsets.topic.compression.codec", "inter.broker.protocol.version", "process.roles"],
        fix: None,
        source: "KafkaConfig.validateValues (offsets.topic.compression.codec zstd can only be used when inter.broker.protocol.version is set to version 2.1 or higher)",
    }
}

impl Rule for ZstdOffsetsCompressionNeedsProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if super::mode(cx) != super::Mode::ZooKeeper || !super::holds_across_range(cx, "2.2") {
            return;
        }
        let Some((4, Some(codec))) = super::long_of(cx, "offsets.topic.compression.codec") else { return };
        let Some((ibp, ibp_e)) = super::ibp::explicit_ibp(cx) else { return };
        if ibp.record_version() >= 2 {
            return;
        }
        out.report(
            &META,
            cx.id,
            codec.value_span,
            format!(
                "`offsets.topic.compression.codec=4` (zstd) with `inter.broker.protocol.version={}`: the broker refuses to start (`offsets.topic.compression.codec zstd can only be used when inter.broker.protocol.version is set to version 2.1 or higher`)",
                ibp_e.value.trim()
            ),
        )
        .key("offsets.topic.compression.codec")
        .label(cx.id, ibp_e.value_span, Some("inter.broker.protocol.version"), "writes record version V0/V1, which has no zstd")
        .help("use codec 1 (gzip), 2 (snappy) or 3 (lz4), or raise `inter.broker.protocol.version` once every broker runs the new version");
    }
}
