use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// On a broker with tiered storage on (`remote.log.storage.system.enable=true`), flags
    /// `log.local.retention.ms` / `log.local.retention.bytes` that Kafka refuses against the
    /// broker's `log.retention.*`: `-1` (keep forever locally) while the total retention is
    /// bounded, or a local retention above the total one. `-2` (the default) means "the same as
    /// the total retention" and is always accepted; a total retention of `-1` accepts anything.
    /// The time retention is the effective one (`log.retention.ms`, else `.minutes`, else
    /// `.hours`).
    /// ## Why it fails in production
    /// The broker refuses to start: `ConfigException: Invalid value 1209600000 for configuration
    /// local.retention.ms: Value must not be more than retention.ms property value: 604800000`
    /// (the broker defaults are checked as the topic defaults they become, under the topic-level
    /// names). Only nodes that run a broker check it (the log manager's start-up).
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.9
    /// # kafkalint: role=broker
    /// remote.log.storage.system.enable=true
    /// log.retention.hours=168
    /// log.local.retention.ms=1209600000
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.9
    /// # kafkalint: role=broker
    /// remote.log.storage.system.enable=true
    /// log.retention.hours=168
    /// log.local.retention.ms=86400000
    /// ```
    /// ## Fix
    /// None: keep the local part of the retention within the total.
    /// ## Versions
    /// 3.6+: `LogConfig.validateBrokerLogConfigValues` called from `LogManager.apply`, read at
    /// apache/kafka tags 3.6.0, 3.7.0, 3.8.0, the 3.9 branch (3.9.0) and at the 4.0.0, 4.1.0 and
    /// 4.2.0 release commits of the apache branches (read in the confluentinc/kafka mirror:
    /// 4ae6814, the 4.0 head before the bump to 4.0.1-SNAPSHOT; 13f7025 and a18251b, `Bump version
    /// to 4.1.0` / `4.2.0`).
    /// ## Source
    /// `org.apache.kafka.storage.internals.log.LogConfig.validateBrokerLogConfigValues`
    /// (`validateRemoteStorageRetentionSize`, `validateRemoteStorageRetentionTime`);
    /// `KafkaConfig.extractLogConfigMap`, `logRetentionTimeMillis`.
    pub LocalRetentionExceedsRetention {
        id: "broker/local-retention-exceeds-retention",
        summary: "log.local.retention.* is -1 or above log.retention.* with tiered storage on: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.6") => None,
        reads: [
            "remote.log.storage.system.enable",
            "log.local.retention.ms",
            "log.local.retention.bytes",
            "log.retention.ms",
            "log.retention.minutes",
            "log.retention.hours",
            "log.retention.bytes",
        ],
        fix: None,
        source: "LogConfig.validateBrokerLogConfigValues (validateRemoteStorageRetentionSize/Time), LogManager.apply",
    }
}

/// The broker's effective `log.retention.ms` (`KafkaConfig.logRetentionTimeMillis`): the first
/// of `.ms`, `.minutes`, `.hours` set, in ms; negative means -1. With its explicit entry.
pub(crate) fn broker_retention_ms<'a>(cx: &FileCtx<'a>) -> Option<(i64, Option<&'a crate::properties::Entry>)> {
    for (key, factor) in [("log.retention.ms", 1i64), ("log.retention.minutes", 60_000), ("log.retention.hours", 3_600_000)] {
        if let Some(e) = cx.explicit(key) {
            if crate::model::is_placeholder(&e.value) {
                return None;
            }
            let v = crate::model::parse_i64(&e.value)?.saturating_mul(factor);
            return Some((if v < 0 { -1 } else { v }, Some(e)));
        }
    }
    let (hours, _) = super::long_of(cx, "log.retention.hours")?;
    let v = hours.saturating_mul(3_600_000);
    Some((if v < 0 { -1 } else { v }, None))
}

/// What `validateRemoteStorageRetentionSize/Time` say of a (total, local) pair: `None` when
/// accepted, else the message after `Invalid value … for configuration …:`.
pub(crate) fn refusal(total: i64, local: i64, bytes: bool, total_key: &str) -> Option<String> {
    let bounded = if bytes { total > -1 } else { total != -1 };
    if !bounded || local == -2 {
        return None;
    }
    if local == -1 {
        return Some(format!("Value must not be -1 as {total_key} value is set as {total}."));
    }
    (local > total).then(|| format!("Value must not be more than {total_key} property value: {total}"))
}

impl Rule for LocalRetentionExceedsRetention {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::mode(cx).runs_broker() {
            return;
        }
        if cx.get("remote.log.storage.system.enable").and_then(|v| v.as_bool()) != Some(true) {
            return;
        }
        let time = broker_retention_ms(cx).map(|(v, e)| (v, e, "retention.ms", "log.local.retention.ms", "local.retention.ms", false));
        let bytes = super::long_of(cx, "log.retention.bytes")
            .map(|(v, e)| (v, e, "retention.bytes", "log.local.retention.bytes", "local.retention.bytes", true));
        for (total, total_e, total_topic_key, local_key, local_topic_key, is_bytes) in [time, bytes].into_iter().flatten() {
            let Some((local, local_e)) = super::long_of(cx, local_key) else { continue };
            if local_e.is_none() && total_e.is_none() {
                continue;
            }
            let Some(why) = refusal(total, local, is_bytes, total_topic_key) else { continue };
            let total_shown = match total_e {
                Some(e) => format!("`{}={}`", e.key, e.value.trim()),
                None => format!("the total retention ({total}, the default in Kafka {})", cx.release()),
            };
            let span = local_e.or(total_e).map(|e| e.value_span).expect("one of them is explicit");
            let mut b = out
                .report(
                    &META,
                    cx.id,
                    span,
                    format!(
                        "{} against {total_shown} with tiered storage on: the broker refuses to start (`Invalid value {local} for configuration {local_topic_key}: {why}`)",
                        super::shown(cx, local_key, local, local_e)
                    ),
                )
                .key(local_key)
                .help(format!("keep `{local_key}` at most the total retention, or `-2` to use the total retention locally"));
            if let (Some(_), Some(t)) = (local_e, total_e) {
                b = b.label(cx.id, t.value_span, Some(t.key.as_str()), "the total retention is set here");
            }
            let _ = b;
        }
    }
}
