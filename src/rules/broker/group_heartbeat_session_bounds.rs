use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks the bounds of the KIP-848 consumer groups (`group.consumer.*`), the KIP-932 share
    /// groups (`group.share.*`, 3.9+) and the KIP-1071 Streams groups (`group.streams.*`, 4.1+)
    /// as the group coordinator's configuration does at start-up (explicit values or the
    /// defaults: session 45000, min 45000, max 60000; heartbeat 5000, min 5000, max 15000): the
    /// maximum heartbeat interval at least the minimum, the heartbeat interval within them, the
    /// same for the session timeout, and from 4.0 the heartbeat interval below the session
    /// timeout.
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException:
    /// group.consumer.heartbeat.interval.ms must be less than or equals to
    /// group.consumer.max.heartbeat.interval.ms` (and the like). The checks run whether or not the
    /// consumer or share protocol is enabled, so a stray value breaks a broker that never serves
    /// such a group. Lowering `group.consumer.session.timeout.ms` below its minimum (45000 by
    /// default) without lowering `group.consumer.min.session.timeout.ms` is the usual way in.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.9
    /// # kafkalint: role=broker
    /// group.consumer.session.timeout.ms=30000
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.9
    /// # kafkalint: role=broker
    /// group.consumer.min.session.timeout.ms=30000
    /// group.consumer.session.timeout.ms=30000
    /// ```
    /// ## Fix
    /// None: move the bound or the value.
    /// ## Versions
    /// `group.consumer.*`: 3.5+ (internal keys in 3.5 and 3.6, documented from 3.7), read in
    /// `KafkaConfig.validateValues` at apache/kafka tags 3.5.0, 3.6.0, 3.7.0, 3.8.0 and in
    /// `GroupCoordinatorConfig` at the 3.9 branch (3.9.0) and at the 4.0.0, 4.1.0 and 4.2.0 release
    /// commits of the apache branches (read in the confluentinc/kafka mirror: 4ae6814, the 4.0 head
    /// before the bump to 4.0.1-SNAPSHOT; 13f7025 and a18251b, `Bump version to 4.1.0` / `4.2.0`).
    /// `group.share.*`: 3.9+; `group.streams.*`: 4.1+ (same reads). Heartbeat below session: from
    /// 4.0 (KAFKA-17618, apache/kafka#17281; not in the 3.9 branch). Later trunks add
    /// assignment-interval bounds that kafkalint does not check.
    /// ## Source
    /// `org.apache.kafka.coordinator.group.GroupCoordinatorConfig` constructor (`require(…)`);
    /// `kafka.server.KafkaConfig.validateValues` before 3.9.
    pub GroupHeartbeatSessionBounds {
        id: "broker/group-heartbeat-session-bounds",
        summary: "group.consumer.* / group.share.* / group.streams.* heartbeat or session timeout outside its min/max bounds: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.5") => None,
        reads: [
            "group.consumer.heartbeat.interval.ms",
            "group.consumer.min.heartbeat.interval.ms",
            "group.consumer.max.heartbeat.interval.ms",
            "group.consumer.session.timeout.ms",
            "group.consumer.min.session.timeout.ms",
            "group.consumer.max.session.timeout.ms",
            "group.share.heartbeat.interval.ms",
            "group.share.min.heartbeat.interval.ms",
            "group.share.max.heartbeat.interval.ms",
            "group.share.session.timeout.ms",
            "group.share.min.session.timeout.ms",
            "group.share.max.session.timeout.ms",
            "group.streams.heartbeat.interval.ms",
            "group.streams.min.heartbeat.interval.ms",
            "group.streams.max.heartbeat.interval.ms",
            "group.streams.session.timeout.ms",
            "group.streams.min.session.timeout.ms",
            "group.streams.max.session.timeout.ms",
        ],
        fix: None,
        source: "GroupCoordinatorConfig (3.9+), KafkaConfig.validateValues (3.5-3.8): group.consumer/share/streams heartbeat and session bounds",
    }
}

/// A bound's effective value: explicit, else the version's documented default, else the default
/// in Kafka's code (the keys were internal in 3.5 and 3.6).
struct Bound<'a> {
    key: String,
    value: i64,
    entry: Option<&'a crate::properties::Entry>,
}

fn bound<'a>(cx: &FileCtx<'a>, key: String, code_default: i64) -> Option<Bound<'a>> {
    match cx.get(&key) {
        Some(v) => {
            if crate::model::is_placeholder(&v.text) {
                return None;
            }
            Some(Bound { value: v.as_i64()?, entry: v.entry(), key })
        }
        None => Some(Bound { key, value: code_default, entry: None }),
    }
}

impl Rule for GroupHeartbeatSessionBounds {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let mut kinds = vec!["consumer"];
        if super::holds_across_range(cx, "3.9") {
            kinds.push("share");
        }
        if super::holds_across_range(cx, "4.1") {
            kinds.push("streams");
        }
        let below_session = super::holds_across_range(cx, "4.0");
        for kind in kinds {
            let b = |name: &str, d: i64| bound(cx, format!("group.{kind}.{name}"), d);
            let (Some(hb), Some(hb_min), Some(hb_max), Some(s), Some(s_min), Some(s_max)) = (
                b("heartbeat.interval.ms", 5000),
                b("min.heartbeat.interval.ms", 5000),
                b("max.heartbeat.interval.ms", 15000),
                b("session.timeout.ms", 45000),
                b("min.session.timeout.ms", 45000),
                b("max.session.timeout.ms", 60000),
            ) else {
                continue;
            };
            // In Kafka's order: the first failing `require` is the one the broker reports.
            let checks: [(&Bound<'_>, &str, &Bound<'_>, bool); 7] = [
                (&hb_max, ">=", &hb_min, hb_max.value >= hb_min.value),
                (&hb, ">=", &hb_min, hb.value >= hb_min.value),
                (&hb, "<=", &hb_max, hb.value <= hb_max.value),
                (&s_max, ">=", &s_min, s_max.value >= s_min.value),
                (&s, ">=", &s_min, s.value >= s_min.value),
                (&s, "<=", &s_max, s.value <= s_max.value),
                (&hb, "<", &s, !below_session || hb.value < s.value),
            ];
            let Some((a, op, c, _)) = checks.into_iter().find(|(a, _, c, ok)| !ok && (a.entry.is_some() || c.entry.is_some())) else {
                continue;
            };
            let words = match op {
                ">=" => "must be greater than or equal to",
                "<=" => "must be less than or equal to",
                _ => "must be less than",
            };
            let shown = |x: &Bound<'_>| super::shown(cx, &x.key, x.value, x.entry);
            let (span, key, other) = match (a.entry, c.entry) {
                (Some(e), _) => (e.value_span, &a.key, c),
                (None, Some(e)) => (e.value_span, &c.key, a),
                (None, None) => continue,
            };
            let mut rep = out
                .report(
                    &META,
                    cx.id,
                    span,
                    format!("{} {words} {}: the broker refuses to start (`IllegalArgumentException` from the group coordinator's configuration)", shown(a), shown(c)),
                )
                .key(key)
                .help(format!("keep `{}` {op} `{}`", a.key, c.key));
            if let Some(e) = other.entry {
                rep = rep.label(cx.id, e.value_span, Some(other.key.as_str()), format!("`{}` is set here", other.key));
            }
            let _ = rep;
        }
    }
}
