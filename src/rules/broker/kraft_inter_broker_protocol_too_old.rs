use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a KRaft node (`process.roles` set) whose file sets `inter.broker.protocol.version`
    /// below `3.0-IV1`, the oldest version KRaft supports.
    /// ## Why it fails in production
    /// The node refuses to start: `ConfigException: A non-KRaft version 2.8 given for
    /// inter.broker.protocol.version. The minimum version is 3.0-IV1`. A KRaft node reads the key
    /// only when it is set (it is deprecated in KRaft from 3.3: `metadata.version` decides), so
    /// a value copied from a ZooKeeper-era broker breaks it.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.7
    /// process.roles=broker
    /// node.id=1
    /// controller.quorum.voters=1@c1:9093
    /// controller.listener.names=CONTROLLER
    /// inter.broker.protocol.version=2.8
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.7
    /// process.roles=broker
    /// node.id=1
    /// controller.quorum.voters=1@c1:9093
    /// controller.listener.names=CONTROLLER
    /// ```
    /// ## Fix
    /// Unsafe: removes `inter.broker.protocol.version` (a KRaft cluster's protocol is its
    /// `metadata.version`, set by `kafka-storage format` and `kafka-features upgrade`).
    /// ## Versions
    /// 3.3 to 3.9: read in `KafkaConfig` (`interBrokerProtocolVersion`) at apache/kafka tags
    /// 3.3.0, 3.5.0, 3.8.0 and the 3.9 branch (3.9.0); absent at 3.0.0 and 3.2.0. Kafka 4.0
    /// removed the key (`schema/removed-key`).
    /// ## Source
    /// `kafka.server.KafkaConfig.interBrokerProtocolVersion` (`if
    /// (!configuredVersion.isKRaftSupported) throw new ConfigException("A non-KRaft version …")`);
    /// `MetadataVersion.MINIMUM_KRAFT_VERSION = IBP_3_0_IV1`.
    pub KraftInterBrokerProtocolTooOld {
        id: "broker/kraft-inter-broker-protocol-too-old",
        summary: "a KRaft node sets inter.broker.protocol.version below 3.0-IV1: it does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.3") => Some("3.9"),
        reads: ["inter.broker.protocol.version", "process.roles"],
        fix: Always,
        source: "KafkaConfig.interBrokerProtocolVersion (A non-KRaft version … given for inter.broker.protocol.version)",
    }
}

impl Rule for KraftInterBrokerProtocolTooOld {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::mode(cx).is_kraft() || !super::holds_across_range(cx, "3.3") {
            return;
        }
        let Some((ibp, e)) = super::ibp::explicit_ibp(cx) else { return };
        if !ibp.below_3_0_iv1() {
            return;
        }
        let value = e.value.trim();
        out.report(
            &META,
            cx.id,
            e.value_span,
            format!("`inter.broker.protocol.version={value}` on a KRaft node: the node refuses to start (`A non-KRaft version {value} given for inter.broker.protocol.version. The minimum version is 3.0-IV1`)"),
        )
        .key("inter.broker.protocol.version")
        .help("remove `inter.broker.protocol.version`: a KRaft cluster's protocol is its `metadata.version` (kafka-storage format, kafka-features upgrade)")
        .fix(crate::diagnostic::Fix::unsafe_("Remove `inter.broker.protocol.version`", vec![cx.delete_entry(e)]));
    }
}
