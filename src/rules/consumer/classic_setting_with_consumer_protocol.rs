use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `session.timeout.ms`, `heartbeat.interval.ms` and `partition.assignment.strategy`
    /// in a consumer that sets `group.protocol=consumer` (KIP-848): an error from Kafka 4.0,
    /// which refuses them, a warning in 3.7–3.9, which ignores them.
    /// ## Why it fails in production
    /// With the consumer rebalance protocol the group coordinator owns session timeouts,
    /// heartbeats and assignment (`group.consumer.session.timeout.ms`,
    /// `group.consumer.heartbeat.interval.ms` and `group.consumer.assignors` on the broker;
    /// `group.remote.assignor` on the client). From 4.0 the consumer refuses to start:
    /// `ConfigException: partition.assignment.strategy, session.timeout.ms cannot be set when
    /// group.protocol=CONSUMER`. Before, the settings are silently not used, so a session
    /// timeout tuned here has no effect.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// group.id=orders
    /// group.protocol=consumer
    /// session.timeout.ms=30000
    /// ```
    /// ## Use instead
    /// ```properties
    /// group.id=orders
    /// group.protocol=consumer
    /// ```
    /// ## Fix
    /// Safe: removes the setting (refused or ignored in this mode). Tune the broker's
    /// `group.consumer.*` settings, or `group.remote.assignor`, instead.
    /// ## Versions
    /// 3.7 and later (`group.protocol` exists from 3.7); an error from 4.0 (KAFKA-17338).
    /// ## Source
    /// `ConsumerConfig.checkUnsupportedConfigsPostProcess` (`CONSUMER_PROTOCOL_UNSUPPORTED_CONFIGS`,
    /// 4.0+); KIP-848; `docs/operations/consumer-rebalance-protocol.md`.
    pub ClassicSettingWithConsumerProtocol {
        id: "consumer/classic-setting-with-consumer-protocol",
        summary: "a classic-protocol setting is set with group.protocol=consumer",
        severity: Error,
        scope: Scope::File(&[Role::Consumer]),
        versions: Some("3.7") => None,
        reads: ["group.protocol", "session.timeout.ms", "heartbeat.interval.ms", "partition.assignment.strategy"],
        fix: Always,
        source: "ConsumerConfig.checkUnsupportedConfigsPostProcess; KAFKA-17338; KIP-848",
    }
}

impl Rule for ClassicSettingWithConsumerProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(protocol) = cx.explicit("group.protocol") else { return };
        if !protocol.value.trim().eq_ignore_ascii_case("consumer") {
            return;
        }
        let release = cx.release();
        let refused = super::since(release, "consumer_protocol.refused_since");
        for key in super::fact_list("consumer_protocol.classic_only") {
            let Some(e) = cx.explicit(key) else { continue };
            if e.value.trim().is_empty() {
                continue;
            }
            let (message, severity) = if refused {
                (format!("`{key}` cannot be set with `group.protocol=consumer`: the consumer refuses to start"), Severity::Error)
            } else {
                (
                    format!("`{key}` is not used with `group.protocol=consumer` (the group coordinator owns it), and Kafka 4.0 refuses it"),
                    Severity::Warning,
                )
            };
            out.report(&META, cx.id, e.key_span, message)
                .key(key)
                .severity(severity)
                .label(cx.id, protocol.value_span, Some("group.protocol"), "the consumer rebalance protocol is chosen here")
                .help(match key {
                    "partition.assignment.strategy" => {
                        "remove it; choose a server-side assignor with `group.remote.assignor` (or the broker's `group.consumer.assignors`)"
                    }
                    _ => "remove it; the broker's `group.consumer.session.timeout.ms` and `group.consumer.heartbeat.interval.ms` apply",
                })
                .fix(Fix::safe(format!("Remove `{key}`"), vec![cx.delete_entry(e)]));
        }
    }
}
