use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::{Release, Version};

declare_rule! {
    /// ## What it does
    /// Flags a consumer with `isolation.level=read_committed` whose brokers are, or may be,
    /// older than Kafka 0.11: a cluster declared in kafkalint.toml with an older `kafka-version`,
    /// a broker file whose target version is older, or a broker file that sets
    /// `inter.broker.protocol.version` below 0.11 (the setting of a rolling upgrade that is not
    /// finished: Kafka's upgrade notes keep it at the old version until every broker runs the
    /// new one).
    /// ## Why it fails in production
    /// `read_committed` needs the transaction-aware fetch and offset requests of KIP-98, which
    /// brokers before 0.11 do not have. The consumer fails when it looks up offsets:
    /// `UnsupportedVersionException: The broker does not support LIST_OFFSETS with version in
    /// range [2,...]`.
    /// ## Example
    /// A consumer with `isolation.level=read_committed` beside a `server.properties` with
    /// `inter.broker.protocol.version=0.10.2`:
    /// ```properties
    /// # consumer.properties
    /// group.id=orders
    /// isolation.level=read_committed
    /// ```
    /// ## Use instead
    /// ```properties
    /// # consumer.properties
    /// group.id=orders
    /// isolation.level=read_uncommitted
    /// ```
    /// ## Fix
    /// None: upgrade the brokers to 0.11 or later and finish the upgrade by raising
    /// `inter.broker.protocol.version` (transactions need both), or read uncommitted.
    /// ## Versions
    /// Consumers of 0.11 and later (`isolation.level` exists from 0.11).
    /// ## Source
    /// KIP-98; `ListOffsetsRequest.Builder.forConsumer` (minimum version 2 for `READ_COMMITTED`);
    /// `../shared/compat/features.json` `read-committed` (min_broker 0.11.0, confirmed).
    pub ReadCommittedVsBrokerVersion {
        id: "consumer/read-committed-vs-broker-version",
        summary: "isolation.level=read_committed needs brokers of 0.11 or later",
        severity: Warning,
        scope: Scope::Deployment,
        versions: Some("0.11.0") => None,
        reads: ["isolation.level", "inter.broker.protocol.version"],
        fix: None,
        source: "KIP-98; ListOffsetsRequest.Builder.forConsumer",
    }
}

impl Rule for ReadCommittedVsBrokerVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let min = super::fact("read_committed.min_broker");
        for consumer in cx.with_role(Role::Consumer) {
            if !consumer.release().at_least(min) {
                continue;
            }
            let Some(level) = consumer.get("isolation.level") else { continue };
            if !level.text.eq_ignore_ascii_case("read_committed") {
                continue;
            }
            let span = level.entry().map_or_else(|| consumer.anchor(&["group.id"]), |e| e.value_span);
            let declared = cx.cluster.and_then(|c| c.kafka_version.map(|v| (c.name.clone(), v)));
            if let Some((name, v)) = declared.filter(|(_, v)| !v.at_least(min)) {
                out.report(
                    &META,
                    consumer.id,
                    span,
                    format!("`isolation.level=read_committed` but cluster `{name}` runs Kafka {v} (kafkalint.toml): brokers before {min} cannot serve it"),
                )
                .key("isolation.level")
                .help(format!("upgrade the brokers to {min} or later, or use `isolation.level=read_uncommitted`"));
                continue;
            }
            let old: Vec<(&crate::rules::FileCtx<'_>, Release)> =
                cx.brokers().map(|b| (b, b.release())).filter(|(_, r)| !r.at_least(min)).collect();
            if let Some((broker, release)) = old.first() {
                out.report(
                    &META,
                    consumer.id,
                    span,
                    format!(
                        "`isolation.level=read_committed` but {} targets Kafka {release}: brokers before {min} cannot serve it",
                        broker.file.display_name()
                    ),
                )
                .key("isolation.level")
                .label(broker.id, broker.anchor(&[]), None, format!("this broker targets Kafka {release}"))
                .help(format!("upgrade the brokers to {min} or later, or use `isolation.level=read_uncommitted`"));
                continue;
            }
            let min_v = Version::parse(min).expect("read_committed.min_broker is a version");
            let upgrading = cx.brokers().find_map(|b| {
                let e = b.explicit("inter.broker.protocol.version")?;
                let v = Version::parse(e.value.trim().split('-').next().unwrap_or_default())?;
                (v < min_v).then_some((b, e))
            });
            let Some((broker, ibp)) = upgrading else { continue };
            out.report(
                &META,
                consumer.id,
                span,
                format!(
                    "`isolation.level=read_committed` while a broker sets `inter.broker.protocol.version={}`: brokers before {min} may still be in the cluster, and they cannot serve it",
                    ibp.value.trim()
                ),
            )
            .key("isolation.level")
            .label(broker.id, ibp.value_span, Some("inter.broker.protocol.version"), "a rolling upgrade from this version is not finished")
            .help(format!("finish the upgrade (every broker on {min} or later, then raise `inter.broker.protocol.version`) before reading committed data"));
        }
    }
}
