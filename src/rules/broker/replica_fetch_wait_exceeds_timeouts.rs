use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker whose `replica.fetch.wait.max.ms` exceeds `replica.socket.timeout.ms` or
    /// `replica.lag.time.max.ms` (explicit values or the version's defaults).
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed:
    /// replica.socket.timeout.ms should always be at least replica.fetch.wait.max.ms to prevent
    /// unnecessary socket timeouts` (or `replica.fetch.wait.max.ms should always be less than or
    /// equal to replica.lag.time.max.ms to prevent frequent changes in ISR`).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// replica.fetch.wait.max.ms=40000
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// replica.fetch.wait.max.ms=500
    /// ```
    /// ## Fix
    /// None: lower `replica.fetch.wait.max.ms` or raise the timeouts.
    /// ## Versions
    /// All. Both checks in `KafkaConfig.validateValues` at apache/kafka tags 0.10.0.0 to 3.8.0 and
    /// 3.9.0-rc3 (and the 3.9.0 release commit cc53a63, whose `KafkaConfig` is the same), and at the
    /// 4.0.0, 4.1.0 and 4.2.0 release commits of the apache branches (read in the confluentinc/kafka
    /// mirror: 4.0 branch at 4ae6814, the head before the bump to 4.0.1-SNAPSHOT; 13f7025 and a18251b,
    /// `Bump version to 4.1.0` / `4.2.0`).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`require(replicaFetchWaitMaxMs <=
    /// replicaSocketTimeoutMs)`, `require(replicaFetchWaitMaxMs <= replicaLagTimeMaxMs)`).
    pub ReplicaFetchWaitExceedsTimeouts {
        id: "broker/replica-fetch-wait-exceeds-timeouts",
        summary: "replica.fetch.wait.max.ms above replica.socket.timeout.ms or replica.lag.time.max.ms: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["replica.fetch.wait.max.ms", "replica.socket.timeout.ms", "replica.lag.time.max.ms"],
        fix: None,
        source: "KafkaConfig.validateValues (replica.fetch.wait.max.ms vs replica.socket.timeout.ms and replica.lag.time.max.ms)",
    }
}

impl Rule for ReplicaFetchWaitExceedsTimeouts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((wait, wait_e)) = super::long_of(cx, "replica.fetch.wait.max.ms") else { return };
        for (key, why) in [
            ("replica.socket.timeout.ms", "replica.socket.timeout.ms should always be at least replica.fetch.wait.max.ms"),
            ("replica.lag.time.max.ms", "replica.fetch.wait.max.ms should always be less than or equal to replica.lag.time.max.ms"),
        ] {
            let Some((limit, limit_e)) = super::long_of(cx, key) else { continue };
            if wait <= limit || (wait_e.is_none() && limit_e.is_none()) {
                continue;
            }
            let span = wait_e.or(limit_e).map(|e| e.value_span).expect("one of them is explicit");
            let b = out
                .report(
                    &META,
                    cx.id,
                    span,
                    format!(
                        "{} exceeds {}: the broker refuses to start (`{why}`)",
                        super::shown(cx, "replica.fetch.wait.max.ms", wait, wait_e),
                        super::shown(cx, key, limit, limit_e)
                    ),
                )
                .key("replica.fetch.wait.max.ms")
                .help(format!("keep `replica.fetch.wait.max.ms` at or below `{key}`"));
            if let (Some(_), Some(l)) = (wait_e, limit_e) {
                b.label(cx.id, l.value_span, Some(key), format!("`{key}` is {limit} here"));
            }
        }
    }
}
