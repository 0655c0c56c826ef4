use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a non-idempotent producer whose `request.timeout.ms` is below its brokers'
    /// `replica.lag.time.max.ms` (effective values, or the cluster's value declared in
    /// kafkalint.toml).
    /// ## Why it fails in production
    /// With `acks=all` the leader answers once the in-sync followers have the write. A slow
    /// follower stays in sync for up to `replica.lag.time.max.ms` before the leader drops it; a
    /// request timeout shorter than that gives up while the write is still on its way and
    /// retries it. Without idempotence the retry writes the records a second time: duplicates,
    /// exactly what Kafka's docs warn about ("This should be larger than
    /// replica.lag.time.max.ms ... to reduce the possibility of message duplication due to
    /// unnecessary producer retries").
    /// ## Example
    /// A producer and a broker in one directory:
    /// ```properties
    /// # producer.properties
    /// enable.idempotence=false
    /// request.timeout.ms=10000
    /// # server.properties: replica.lag.time.max.ms left at its default (30000 from 2.5)
    /// ```
    /// ## Use instead
    /// ```properties
    /// # producer.properties
    /// enable.idempotence=false
    /// request.timeout.ms=30000
    /// ```
    /// ## Fix
    /// None: raise `request.timeout.ms` above `replica.lag.time.max.ms`, or enable idempotence.
    /// ## Versions
    /// All. Idempotent producers are skipped (their retries do not duplicate).
    /// ## Source
    /// `ProducerConfig` docs for `request.timeout.ms`; broker docs for `replica.lag.time.max.ms`
    /// (default 10000, 30000 from 2.5, KIP-537).
    pub RequestTimeoutVsReplicaLag {
        id: "producer/request-timeout-vs-replica-lag",
        summary: "request.timeout.ms below the broker's replica.lag.time.max.ms causes duplicate retries",
        severity: Info,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["request.timeout.ms", "replica.lag.time.max.ms", "enable.idempotence", "acks"],
        fix: None,
        source: "ProducerConfig (request.timeout.ms); KafkaConfig (replica.lag.time.max.ms)",
    }
}

impl Rule for RequestTimeoutVsReplicaLag {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let limits = super::limits(cx, "replica.lag.time.max.ms", None);
        for producer in cx.reported_with_role(Role::Producer) {
            if super::is_idempotent(producer) {
                continue;
            }
            let Some(rt) = producer.get("request.timeout.ms") else { continue };
            let Some(r) = rt.as_i64() else { continue };
            let Some(limit) = limits.iter().filter(|l| r < l.value).max_by_key(|l| l.value) else { continue };
            let release = producer.release();
            let help = format!("raise `request.timeout.ms` above {}, or enable idempotence", limit.value);
            limit.report(out, &META, producer, &rt, producer.anchor(&[]), (format!(
                        "`request.timeout.ms` ({r}{}) is below {} ({}): a write still waiting for a slow follower is retried, and without idempotence written twice",
                        super::default_note(&rt, release),
                        limit.what,
                        limit.value
                    ), help));
        }
    }
}
