use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a producer whose `acks` (effective value) is `0` or `1` while its brokers (broker
    /// files, or the cluster's `min.insync.replicas` declared in kafkalint.toml) or a topic file
    /// of the deployment require `min.insync.replicas` above 1.
    /// ## Why it fails in production
    /// `min.insync.replicas` only applies to writes with `acks=all`: the broker then refuses a
    /// write that fewer replicas could take (`NotEnoughReplicasException`). A producer with
    /// `acks=1` is acknowledged by the leader alone, whatever `min.insync.replicas` says; if the
    /// leader fails before a follower copied the write, it is lost. The cluster's durability
    /// setting looks like it protects this producer, and does not.
    /// ## Example
    /// A producer and a broker in one directory:
    /// ```properties
    /// # producer.properties
    /// acks=1
    /// # server.properties
    /// min.insync.replicas=2
    /// ```
    /// ## Use instead
    /// ```properties
    /// # producer.properties
    /// acks=all
    /// ```
    /// ## Fix
    /// Unsafe: sets `acks=all` (writes wait for the in-sync replicas: more latency, and
    /// `NotEnoughReplicasException` when too few are in sync, which is the point).
    /// ## Versions
    /// All. The producer default became `acks=all` in 3.0 (KIP-679); before, idempotent and
    /// transactional producers raise the default to `all`.
    /// ## Source
    /// Broker and topic docs for `min.insync.replicas` ("When a producer sets acks to "all" (or
    /// "-1"), min.insync.replicas specifies the minimum number of replicas that must acknowledge
    /// a write"); `ProducerConfig` docs for `acks`.
    pub AcksWeakerThanMinInsync {
        id: "producer/acks-weaker-than-min-insync",
        summary: "acks is not all while the cluster requires min.insync.replicas above 1",
        severity: Warning,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["acks", "min.insync.replicas", "enable.idempotence", "transactional.id"],
        fix: Always,
        source: "KafkaConfig/TopicConfig (min.insync.replicas); ProducerConfig (acks)",
    }
}

impl Rule for AcksWeakerThanMinInsync {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let limits = super::limits(cx, "min.insync.replicas", Some("min.insync.replicas"));
        for producer in cx.reported_with_role(Role::Producer) {
            let Some((a, acks)) = super::effective_acks(producer) else { continue };
            if a != 0 && a != 1 {
                continue;
            }
            let Some(limit) = limits.iter().filter(|l| l.value > 1).max_by_key(|l| l.value) else { continue };
            let release = producer.release();
            let primary = acks.entry().map_or_else(|| producer.anchor(&[]), |e| e.value_span);
            let b = out
                .report(
                    &META,
                    producer.id,
                    primary,
                    format!(
                        "`acks={}`{} ignores {} ({}): writes are acknowledged by the leader alone and lost if it fails",
                        acks.text.trim(),
                        if acks.is_explicit() { String::new() } else { format!(" (the default in Kafka {release})") },
                        limit.what,
                        limit.value
                    ),
                )
                .key("acks")
                .primary_label(if acks.is_explicit() { String::new() } else { acks.origin_text() });
            let b = match limit.location {
                Some((file, span)) => b.label(file, span, None, limit.origin.clone()),
                None => b,
            };
            let help = "set `acks=all` so that `min.insync.replicas` protects this producer's writes".to_string();
            let b = b.help(if limit.location.is_none() { format!("{help} ({})", limit.origin) } else { help });
            let edit = match acks.entry() {
                Some(e) => producer.replace_value(e, "all"),
                None => producer.insert_entry("acks", "all"),
            };
            b.fix(Fix::unsafe_("Set `acks=all`", vec![edit]));
        }
    }
}
