use super::{fact, fact_release};
use crate::diagnostic::Severity;
use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, BrokerSetting, DeploymentCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks, against the deployment's broker files (or `[clusters.facts]`), the broker side of
    /// two client features that brokers must switch on:
    /// - `group.protocol=consumer` (KIP-848) needs `consumer` in every broker's
    ///   `group.coordinator.rebalance.protocols` (default `classic` on 3.7–3.9, `classic,consumer`
    ///   from 4.0);
    /// - `client.rack` (follower fetching, KIP-392) needs `replica.selector.class` on the brokers
    ///   (default none: always the leader).
    /// ## Why it fails in production
    /// A consumer with `group.protocol=consumer` against brokers that do not enable it fails with
    /// `UnsupportedVersionException` (the brokers offer no CONSUMER_GROUP_HEARTBEAT) and never
    /// joins its group. Without `replica.selector.class`, `client.rack` changes nothing: fetches
    /// cross availability zones (and are billed that way).
    /// ## Example
    /// A consumer and a 3.9 broker in one directory:
    /// ```properties
    /// # consumer.properties
    /// group.id=orders
    /// group.protocol=consumer
    /// # server.properties does not set group.coordinator.rebalance.protocols (default: classic)
    /// ```
    /// ## Use instead
    /// ```properties
    /// # server.properties
    /// group.coordinator.rebalance.protocols=classic,consumer
    /// ```
    /// ## Fix
    /// None: the change belongs in the broker files.
    /// ## Versions
    /// `group.protocol`: 3.7 and later; `replica.selector.class`: 2.4 and later (older brokers are
    /// `compat/feature-needs-newer-broker`'s finding).
    /// ## Source
    /// KIP-848 (docs/operations/consumer-rebalance-protocol.md; GroupCoordinatorConfig); KIP-392
    /// (KafkaConfig `replica.selector.class`, `RackAwareReplicaSelector`).
    pub BrokerFeatureNotEnabled {
        id: "compat/broker-feature-not-enabled",
        summary: "a client feature the deployment's brokers do not switch on",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["group.protocol", "group.coordinator.rebalance.protocols", "client.rack", "replica.selector.class"],
        fix: None,
        source: "KIP-848 GroupCoordinatorConfig; KIP-392 replica.selector.class",
    }
}

fn label_span(s: &BrokerSetting<'_, '_>) -> Option<(usize, Span)> {
    s.location()
}

impl Rule for BrokerFeatureNotEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let protocol_key = fact("features.consumer_protocol.broker_key");
        let protocol_value = fact("features.consumer_protocol.broker_value");
        let min = fact_release("features.consumer_protocol.min_broker");
        let rack_key = fact("features.follower_fetching.broker_key");
        let rack_min = fact_release("features.follower_fetching.min_broker");
        for consumer in cx.with_role(Role::Consumer) {
            // group.protocol=consumer: every broker must enable the protocol.
            if let Some(e) = consumer.explicit("group.protocol").filter(|e| e.value.trim().eq_ignore_ascii_case("consumer")) {
                let settings = cx.broker_settings(protocol_key);
                let off = settings.iter().find(|s| {
                    let in_file = matches!(s, BrokerSetting::File { file, .. } if file.release() >= min);
                    let fact = matches!(s, BrokerSetting::Fact { .. });
                    (in_file || fact)
                        && !is_placeholder(s.text())
                        && !s.text().split(',').any(|p| p.trim().eq_ignore_ascii_case(protocol_value))
                });
                if let Some(s) = off {
                    let b = out
                        .report(&META, consumer.id, e.value_span, format!("`group.protocol=consumer` needs `{protocol_value}` in the brokers' `{protocol_key}`, which is `{}`: the consumer fails with `UnsupportedVersionException` and never joins", s.text()))
                        .key("group.protocol")
                        .help(format!("add `{protocol_value}` to `{protocol_key}` on every broker (3.7–3.9: early access), or keep `group.protocol=classic`"));
                    let origin = s.origin(protocol_key);
                    match label_span(s) {
                        Some((file, span)) => {
                            b.label(file, span, Some(protocol_key), origin);
                        }
                        None => {
                            b.primary_label(origin);
                        }
                    }
                }
            }
            // client.rack: some broker must select replicas by rack.
            if let Some(e) = consumer.explicit("client.rack").filter(|e| !e.value.trim().is_empty()) {
                if consumer.release() < rack_min || cx.fact(rack_key).is_some() {
                    continue;
                }
                let brokers: Vec<_> = cx.brokers().collect();
                if brokers.is_empty() || brokers.iter().any(|b| b.get(rack_key).is_some()) {
                    continue;
                }
                let b = out
                    .report(&META, consumer.id, e.value_span, format!("`client.rack` has no effect: no broker of this deployment sets `{rack_key}`, so every fetch goes to the partition leader"))
                    .key("client.rack")
                    .severity(Severity::Warning)
                    .help(format!("set `{rack_key}=org.apache.kafka.common.replica.RackAwareReplicaSelector` and `broker.rack` on the brokers"));
                let first = brokers[0];
                b.label(
                    first.id,
                    first.anchor(&["broker.rack", "broker.id", "node.id"]),
                    None,
                    format!("this broker leaves `{rack_key}` unset (leader only)"),
                );
            }
        }
    }
}
