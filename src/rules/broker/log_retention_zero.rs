use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker whose effective log retention time is 0: `log.retention.ms=0`, or, with
    /// `log.retention.ms` unset, `log.retention.minutes=0`, or, with both unset,
    /// `log.retention.hours=0`. Kafka reads the first of the three that is set (a negative value
    /// means unlimited).
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed:
    /// log.retention.ms must be unlimited (-1) or, greater than or equal to 1`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// log.retention.hours=0
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// log.retention.hours=1
    /// ```
    /// ## Fix
    /// None: choose a retention (`-1` keeps data forever).
    /// ## Versions
    /// All. The same check and the same `logRetentionTimeMillis` (ms, else minutes, else hours) in
    /// `KafkaConfig` at apache/kafka tags 0.10.0.0 to 3.8.0 and 3.9.0-rc3 (and the 3.9.0 release commit
    /// cc53a63, whose `KafkaConfig` is the same), and at the 4.0.0, 4.1.0 and 4.2.0 release commits of
    /// the apache branches (read in the confluentinc/kafka mirror: 4.0 branch at 4ae6814, the head
    /// before the bump to 4.0.1-SNAPSHOT; 13f7025 and a18251b, `Bump version to 4.1.0` / `4.2.0`).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`require(logRetentionTimeMillis >= 1 ||
    /// logRetentionTimeMillis == -1)`) and `KafkaConfig.logRetentionTimeMillis` (ms, else minutes,
    /// else hours; negative is -1).
    pub LogRetentionZero {
        id: "broker/log-retention-zero",
        summary: "the effective log.retention.ms is 0: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["log.retention.ms", "log.retention.minutes", "log.retention.hours"],
        fix: None,
        source: "KafkaConfig.validateValues (log.retention.ms must be unlimited (-1) or, greater than or equal to 1)",
    }
}

impl Rule for LogRetentionZero {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        // The first of the three that is set decides (KafkaConfig.logRetentionTimeMillis).
        let Some(key) = ["log.retention.ms", "log.retention.minutes", "log.retention.hours"].into_iter().find(|k| cx.explicit(k).is_some())
        else {
            return;
        };
        let Some((0, Some(e))) = super::long_of(cx, key) else { return };
        out.report(&META, cx.id, e.value_span, format!("`{key}=0` makes the log retention 0 ms: the broker refuses to start (`log.retention.ms must be unlimited (-1) or, greater than or equal to 1`)"))
            .key(key)
            .help("set a retention of at least 1 ms, or -1 to keep data forever");
    }
}
