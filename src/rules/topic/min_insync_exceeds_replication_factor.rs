use crate::diagnostic::Severity;
use crate::model::Role;
use crate::rules::{declare_rule, BrokerSetting, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares a topic's `min.insync.replicas` override with the replicas the topic can have:
    /// the number of brokers when known, and its replication factor — a `replication.factor`
    /// line in the topic file (written for provisioning tools; Kafka itself takes it from
    /// `kafka-topics.sh --replication-factor`), else the brokers' `default.replication.factor`
    /// when a broker file sets it or kafkalint.toml declares it.
    /// ## Why it fails in production
    /// A write with `acks=all` needs `min.insync.replicas` replicas in sync; with more required
    /// than the topic has, every such write fails: `NotEnoughReplicasException: Messages are
    /// rejected since there are fewer in-sync replicas than required`. Producers retry until
    /// `delivery.timeout.ms` and then drop the records.
    /// ## Example
    /// A topic file and a broker file in one directory:
    /// ```properties,expect_diagnostic
    /// # topic-orders.properties
    /// min.insync.replicas=3
    /// # server.properties
    /// default.replication.factor=2
    /// ```
    /// ## Use instead
    /// ```properties
    /// # topic-orders.properties
    /// min.insync.replicas=2
    /// # server.properties
    /// default.replication.factor=3
    /// ```
    /// ## Fix
    /// None: lower the topic's minimum or create the topic with more replicas.
    /// ## Versions
    /// All. An error when the replication factor is stated (topic file, or fewer brokers than the
    /// minimum); a warning when it is the brokers' default, since the topic may be created with
    /// another factor.
    /// ## Source
    /// Topic docs of `min.insync.replicas`; `Partition.appendRecordsToLeader`
    /// (`NotEnoughReplicasException`).
    pub MinInsyncExceedsReplicationFactor {
        id: "topic/min-insync-exceeds-replication-factor",
        summary: "a topic's min.insync.replicas exceeds its replication factor or the broker count",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["min.insync.replicas", "replication.factor", "default.replication.factor"],
        fix: None,
        source: "topic docs (min.insync.replicas); Partition.appendRecordsToLeader",
    }
}

impl Rule for MinInsyncExceedsReplicationFactor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let defaults: Vec<BrokerSetting<'_, '_>> = cx
            .broker_settings("default.replication.factor")
            .into_iter()
            .filter(|s| matches!(s, BrokerSetting::Fact { .. }) || matches!(s, BrokerSetting::File { value, .. } if value.is_explicit()))
            .collect();
        let n = cx.broker_count();
        for topic in cx.with_role(Role::Topic) {
            let Some(e) = topic.explicit("min.insync.replicas") else { continue };
            let Some(m) = crate::model::parse_i64(&e.value) else { continue };
            if let Some(n) = n.filter(|n| m > *n as i64) {
                out.report(
                    &META,
                    topic.id,
                    e.value_span,
                    format!("`min.insync.replicas` ({m}) exceeds the {n} broker{} of this cluster ({}): every `acks=all` write to this topic fails with NotEnoughReplicas", if n == 1 { "" } else { "s" }, cx.broker_count_origin()),
                )
                .key("min.insync.replicas")
                .help(format!("keep `min.insync.replicas` below the topic's replication factor, which cannot exceed {n}"));
                continue;
            }
            if let Some(rf_entry) = topic.explicit("replication.factor") {
                let Some(r) = crate::model::parse_i64(&rf_entry.value) else { continue };
                if m > r {
                    out.report(&META, topic.id, e.value_span, format!("`min.insync.replicas` ({m}) exceeds this topic's `replication.factor` ({r}): every `acks=all` write to it fails with NotEnoughReplicas"))
                        .key("min.insync.replicas")
                        .label(topic.id, rf_entry.value_span, Some("replication.factor"), "the replication factor is stated here")
                        .help(format!("set `min.insync.replicas` below {r}, or create the topic with more replicas"));
                }
                continue;
            }
            let Some(setting) = defaults.iter().find(|s| s.as_i64().is_some_and(|r| m > r)) else { continue };
            let r = setting.as_i64().unwrap_or_default();
            let b = out
                .report(
                    &META,
                    topic.id,
                    e.value_span,
                    format!("`min.insync.replicas` ({m}) exceeds the brokers' `default.replication.factor` ({r}): if this topic is created with the default replication factor, every `acks=all` write to it fails"),
                )
                .key("min.insync.replicas")
                .severity(Severity::Warning)
                .help(format!("create the topic with more than {m} replicas (`--replication-factor {}`), or lower `min.insync.replicas`", m + 1));
            match setting.location() {
                Some((file, span)) => b.label(file, span, Some("default.replication.factor"), setting.origin("default.replication.factor")),
                None => b.primary_label(setting.origin("default.replication.factor")),
            };
        }
    }
}
