use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `log.roll.ms` below 1 or `log.roll.jitter.ms` below 0 on a broker. `ConfigDef` has
    /// no range for these two (their `*.hours` twins have one), so Kafka checks them when it
    /// validates the broker's configuration.
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed: log.roll.ms
    /// must be greater than or equal to 1` (or `log.roll.jitter.ms must be greater than or equal
    /// to 0`).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// log.roll.ms=0
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// log.roll.ms=3600000
    /// ```
    /// ## Fix
    /// None: choose a segment roll time.
    /// ## Versions
    /// All. The same check in `KafkaConfig.validateValues` at apache/kafka tags 0.10.0.0 to 3.8.0 and
    /// 3.9.0-rc3 (and the 3.9.0 release commit cc53a63, whose `KafkaConfig` is the same), and at the
    /// 4.0.0, 4.1.0 and 4.2.0 release commits of the apache branches (read in the confluentinc/kafka
    /// mirror: 4.0 branch at 4ae6814, the head before the bump to 4.0.1-SNAPSHOT; 13f7025 and a18251b,
    /// `Bump version to 4.1.0` / `4.2.0`); `log.roll.ms` and `log.roll.jitter.ms` keep no validator of
    /// their own there.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`require(logRollTimeMillis >= 1)`,
    /// `require(logRollTimeJitterMillis >= 0)`).
    pub LogRollInvalid {
        id: "broker/log-roll-invalid",
        summary: "log.roll.ms below 1 or log.roll.jitter.ms below 0: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["log.roll.ms", "log.roll.jitter.ms"],
        fix: None,
        source: "KafkaConfig.validateValues (log.roll.ms >= 1, log.roll.jitter.ms >= 0)",
    }
}

impl Rule for LogRollInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        for (key, min) in [("log.roll.ms", 1), ("log.roll.jitter.ms", 0)] {
            let Some((v, Some(e))) = super::long_of(cx, key) else { continue };
            if v < min {
                out.report(
                    &META,
                    cx.id,
                    e.value_span,
                    format!("`{key}={v}`: the broker refuses to start (`{key} must be greater than or equal to {min}`)"),
                )
                .key(key)
                .help(format!("set `{key}` to {min} or more"));
            }
        }
    }
}
