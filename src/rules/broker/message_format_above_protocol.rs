use crate::model::Role;
use crate::rules::broker::ibp::Ibp;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker whose `log.message.format.version` (explicit or the version's default) is
    /// newer than its `inter.broker.protocol.version` allows: from 1.1 a message format whose
    /// record version (V0 before 0.10.0, V1 for 0.10.x, V2 from 0.11.0) is above the protocol's;
    /// up to 1.0 any message format version after the protocol version.
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed:
    /// log.message.format.version 2.0 can only be used when inter.broker.protocol.version is set
    /// to version 0.11.0 or higher` (up to 1.0: `… cannot be used when
    /// inter.broker.protocol.version is set to …`). It happens during rolling upgrades when the
    /// protocol is pinned to the old version but the message format is left at the new default.
    /// From 3.0 the message format is ignored once the protocol is 3.0-IV1 or later (and on KRaft
    /// nodes), so the check only bites a ZooKeeper broker pinned below 3.0
    /// (`broker/message-format-version-ignored` covers the ignored case).
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=2.8
    /// zookeeper.connect=zk:2181
    /// inter.broker.protocol.version=0.10.2
    /// log.message.format.version=2.8
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=2.8
    /// zookeeper.connect=zk:2181
    /// inter.broker.protocol.version=0.10.2
    /// log.message.format.version=0.10.2
    /// ```
    /// ## Fix
    /// None: raise the protocol after every broker runs the new version, then the message format.
    /// ## Versions
    /// 0.10.0 to 3.9. `KafkaConfig.validateValues` read at apache/kafka tags 0.10.0.0, 0.10.2.0,
    /// 0.11.0.0, 1.0.0 (direct version comparison), 1.1.0 (message format value), 2.0.0, 2.1.0,
    /// 2.2.0, 2.4.0, 2.8.0, 3.0.0 (record version) and the 3.9 branch (3.9.0); from 3.0
    /// `logMessageFormatVersion` is the default when `LogConfig.shouldIgnoreMessageFormatVersion`
    /// (protocol ≥ 3.0-IV1). Kafka 4.0 removed both keys.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`require(interBrokerProtocolVersion
    /// .highestSupportedRecordVersion().value >= recordVersion.value, …)`);
    /// `MetadataVersion.highestSupportedRecordVersion` / `ApiVersion.recordVersion`.
    pub MessageFormatAboveProtocol {
        id: "broker/message-format-above-protocol",
        summary: "log.message.format.version is newer than inter.broker.protocol.version allows: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => Some("3.9"),
        reads: ["log.message.format.version", "inter.broker.protocol.version", "process.roles"],
        fix: None,
        source: "KafkaConfig.validateValues (log.message.format.version … can only be used when inter.broker.protocol.version is set to …)",
    }
}

impl Rule for MessageFormatAboveProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        // A KRaft node pins the protocol to 3.0-IV1, which ignores the message format.
        if super::mode(cx) != super::Mode::ZooKeeper {
            return;
        }
        let (Some(mf), Some(ibp)) = (cx.get("log.message.format.version"), cx.get("inter.broker.protocol.version")) else { return };
        if !mf.is_explicit() && !ibp.is_explicit() {
            return;
        }
        // The message format's default is the release's own version: with the version inferred
        // it is not one value across the range.
        if (!mf.is_explicit() || !ibp.is_explicit()) && super::ibp::version_inferred(cx) {
            return;
        }
        let (Some(m), Some(p)) = (Ibp::parse(&mf.text), Ibp::parse(&ibp.text)) else { return };
        let release = cx.release();
        if release.at_least("3.0") && !p.below_3_0_iv1() {
            return;
        }
        let refused = if release.at_least("1.1") { m.record_version() > p.record_version() } else { m.newer_than(p) == Some(true) };
        if !refused {
            return;
        }
        let shown = |v: &crate::model::Value<'_>| {
            if v.is_explicit() {
                format!("`{}={}`", v.key, v.text)
            } else {
                format!("`{}` ({}, the default in Kafka {release})", v.key, v.text)
            }
        };
        let min = match m.record_version() {
            2 => "0.11.0",
            _ => "0.10.0",
        };
        let (span, key, other) = match (mf.entry(), ibp.entry()) {
            (Some(e), _) => (e.value_span, mf.key, &ibp),
            (None, Some(e)) => (e.value_span, ibp.key, &mf),
            (None, None) => return,
        };
        let quoted = if release.at_least("1.1") {
            format!(
                "log.message.format.version {} can only be used when inter.broker.protocol.version is set to version {min} or higher",
                mf.text
            )
        } else {
            format!("log.message.format.version {} cannot be used when inter.broker.protocol.version is set to {}", mf.text, ibp.text)
        };
        let b = out
            .report(&META, cx.id, span, format!("{} is newer than {} allows: the broker refuses to start (`{quoted}`)", shown(&mf), shown(&ibp)))
            .key(key)
            .help("keep `log.message.format.version` at or below `inter.broker.protocol.version` until every broker runs the new version and the protocol is raised");
        match other.entry() {
            Some(e) => b.label(cx.id, e.value_span, Some(other.key), other.origin_text()),
            None => b.primary_label(other.origin_text()),
        };
    }
}
