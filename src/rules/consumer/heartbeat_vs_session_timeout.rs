use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a `heartbeat.interval.ms` that is not well below `session.timeout.ms`: an error when
    /// it is not below it at all, a warning when it is above a third of it. Effective values
    /// count: a default session timeout of the target version is compared too.
    /// ## Why it fails in production
    /// The group coordinator evicts a member that sends no heartbeat within the session timeout.
    /// With a heartbeat interval at or above the session timeout the Java consumer refuses to
    /// start (`IllegalArgumentException: Heartbeat must be set lower than the session timeout`);
    /// above a third of it, one or two delayed heartbeats (a GC pause, a slow network) get the
    /// member evicted: endless rebalancing and `CommitFailedException`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// group.id=orders
    /// session.timeout.ms=10000
    /// heartbeat.interval.ms=5000
    /// ```
    /// ## Use instead
    /// ```properties
    /// group.id=orders
    /// session.timeout.ms=10000
    /// heartbeat.interval.ms=3000
    /// ```
    /// ## Fix
    /// Safe: sets `heartbeat.interval.ms` to a third of the session timeout, as Kafka's
    /// documentation recommends (more frequent heartbeats, nothing else changes).
    /// ## Versions
    /// All. Skipped with `group.protocol=consumer` (KIP-848, 3.7+), where the broker owns both
    /// settings and the client refuses them.
    /// ## Source
    /// `ConsumerConfig` docs for `heartbeat.interval.ms` ("must be set lower than
    /// session.timeout.ms, but typically should be set no higher than 1/3 of that value");
    /// `org.apache.kafka.clients.consumer.internals.Heartbeat` (the start-up check).
    pub HeartbeatVsSessionTimeout {
        id: "consumer/heartbeat-vs-session-timeout",
        summary: "heartbeat.interval.ms must stay below a third of session.timeout.ms",
        severity: Warning,
        scope: Scope::File(&[Role::Consumer]),
        versions: None => None,
        reads: ["heartbeat.interval.ms", "session.timeout.ms", "group.protocol"],
        fix: Sometimes,
        source: "ConsumerConfig (heartbeat.interval.ms); consumer.internals.Heartbeat",
    }
}

impl Rule for HeartbeatVsSessionTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if super::uses_consumer_protocol(cx) {
            return;
        }
        let (Some(hb), Some(st)) = (cx.get("heartbeat.interval.ms"), cx.get("session.timeout.ms")) else { return };
        let (Some(h), Some(s)) = (hb.as_i64(), st.as_i64()) else { return };
        if h.saturating_mul(3) <= s {
            return;
        }
        let fatal = h >= s;
        let message = if fatal {
            format!("`heartbeat.interval.ms` ({h}) is not below `session.timeout.ms` ({s}): the consumer refuses to start")
        } else {
            format!("`heartbeat.interval.ms` ({h}) is above a third of `session.timeout.ms` ({s}): a few late heartbeats get this member evicted")
        };
        // The primary span goes to the key to change: the heartbeat when set here, else the session timeout.
        let (primary, key, other) = match (hb.entry(), st.entry()) {
            (Some(e), _) => (e.value_span, "heartbeat.interval.ms", &st),
            (None, Some(e)) => (e.value_span, "session.timeout.ms", &hb),
            (None, None) => (cx.anchor(&["group.id"]), "heartbeat.interval.ms", &st),
        };
        let target = s / 3;
        let b = out
            .report(&META, cx.id, primary, message)
            .key(key)
            .severity(if fatal { Severity::Error } else { Severity::Warning })
            .help(format!("keep `heartbeat.interval.ms` at most a third of `session.timeout.ms` (here {target})"));
        let b = match other.entry() {
            Some(e) => b.label(cx.id, e.value_span, Some(other.key), other.origin_text()),
            None => b.primary_label(other.origin_text()),
        };
        if target >= 1 {
            let edit = match hb.entry() {
                Some(e) => cx.replace_value(e, &target.to_string()),
                None => cx.insert_entry("heartbeat.interval.ms", &target.to_string()),
            };
            b.fix(Fix::safe(format!("Set `heartbeat.interval.ms={target}`"), vec![edit]));
        }
    }
}
