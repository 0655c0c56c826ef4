use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a topic configuration whose `min.compaction.lag.ms` exceeds its
    /// `max.compaction.lag.ms` (explicit values or the version's defaults; one of them set).
    /// ## Why it fails in production
    /// Creating or altering the topic fails: `InvalidConfigurationException: conflict topic config
    /// setting min.compaction.lag.ms (…) > max.compaction.lag.ms (…)`. In KRaft the controller
    /// validates topic creation with its own configuration.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=topic
    /// cleanup.policy=compact
    /// min.compaction.lag.ms=86400000
    /// max.compaction.lag.ms=3600000
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=topic
    /// cleanup.policy=compact
    /// min.compaction.lag.ms=3600000
    /// max.compaction.lag.ms=86400000
    /// ```
    /// ## Fix
    /// None: choose lags with min at most max.
    /// ## Versions
    /// 2.3+ (`max.compaction.lag.ms` came with KIP-354; `LogConfig.validateValues` in apache/kafka
    /// tags 2.3.0 to 3.8.0, in `storage` from 3.6).
    /// ## Source
    /// `kafka.log.LogConfig.validateValues` (2.3-3.5), `org.apache.kafka.storage.internals.log.LogConfig.validateValues`
    /// (3.6+).
    pub MinCompactionLagExceedsMax {
        id: "topic/min-compaction-lag-exceeds-max",
        summary: "min.compaction.lag.ms above max.compaction.lag.ms: Kafka refuses the topic configuration",
        severity: Error,
        scope: Scope::File(&[Role::Topic]),
        versions: Some("2.3") => None,
        reads: ["min.compaction.lag.ms", "max.compaction.lag.ms"],
        fix: None,
        source: "LogConfig.validateValues (conflict topic config setting min.compaction.lag.ms > max.compaction.lag.ms)",
    }
}

fn long_of<'a>(cx: &FileCtx<'a>, key: &str) -> Option<(i64, Option<&'a crate::properties::Entry>)> {
    let v = cx.get(key)?;
    if crate::model::is_placeholder(&v.text) {
        return None;
    }
    Some((crate::model::parse_i64(&v.text)?, v.entry()))
}

impl Rule for MinCompactionLagExceedsMax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((min, min_e)) = long_of(cx, "min.compaction.lag.ms") else { return };
        let Some((max, max_e)) = long_of(cx, "max.compaction.lag.ms") else { return };
        if min <= max || (min_e.is_none() && max_e.is_none()) {
            return;
        }
        let span = min_e.or(max_e).map(|e| e.value_span).expect("one of them is explicit");
        out.report(
            &META,
            cx.id,
            span,
            format!("`min.compaction.lag.ms` ({min}) exceeds `max.compaction.lag.ms` ({max}): Kafka refuses this topic configuration"),
        )
        .key("min.compaction.lag.ms")
        .help("keep `min.compaction.lag.ms` at or below `max.compaction.lag.ms`");
    }
}
