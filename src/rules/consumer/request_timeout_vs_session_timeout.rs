use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a `request.timeout.ms` that is not greater than `session.timeout.ms` (effective
    /// values) in consumers for Kafka 1.1 and older, which refuse that combination.
    /// ## Why it fails in production
    /// Up to 1.1 the consumer's constructor checks both timeouts and refuses to start:
    /// `ConfigException: request.timeout.ms should be greater than session.timeout.ms and
    /// fetch.max.wait.ms`. Raising `session.timeout.ms` (a common fix for rebalances) without
    /// raising `request.timeout.ms` hits it.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=1.1
    /// group.id=orders
    /// session.timeout.ms=60000
    /// request.timeout.ms=40000
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=1.1
    /// group.id=orders
    /// session.timeout.ms=60000
    /// request.timeout.ms=305000
    /// ```
    /// ## Fix
    /// None: raise `request.timeout.ms` above `session.timeout.ms` (the 0.10.1–1.1 default,
    /// 305000, is also above `max.poll.interval.ms`, which a JoinGroup may wait for).
    /// ## Versions
    /// Up to 1.1. Kafka 2.0 removed the check (KIP-266); the JoinGroup request got its own
    /// timeout.
    /// ## Source
    /// `KafkaConsumer` constructor 0.10–1.1 (`requestTimeoutMs <= sessionTimeOutMs`); KIP-266.
    pub RequestTimeoutVsSessionTimeout {
        id: "consumer/request-timeout-vs-session-timeout",
        summary: "up to Kafka 1.1, request.timeout.ms must be greater than session.timeout.ms",
        severity: Error,
        scope: Scope::File(&[Role::Consumer]),
        versions: None => Some("1.1"),
        reads: ["request.timeout.ms", "session.timeout.ms"],
        fix: None,
        source: "KafkaConsumer constructor (0.10-1.1); KIP-266",
    }
}

impl Rule for RequestTimeoutVsSessionTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let release = cx.release();
        if !super::until(release, "request_timeout_check.until") {
            return;
        }
        let (Some(rt), Some(st)) = (cx.get("request.timeout.ms"), cx.get("session.timeout.ms")) else { return };
        let (Some(r), Some(s)) = (rt.as_i64(), st.as_i64()) else { return };
        if r > s {
            return;
        }
        let (primary, key, other) = match (rt.entry(), st.entry()) {
            (Some(e), _) => (e.value_span, "request.timeout.ms", &st),
            (None, Some(e)) => (e.value_span, "session.timeout.ms", &rt),
            (None, None) => return,
        };
        let b = out
            .report(
                &META,
                cx.id,
                primary,
                format!(
                    "`request.timeout.ms` ({r}{}) is not greater than `session.timeout.ms` ({s}{}): the consumer refuses to start",
                    super::default_note(&rt, release),
                    super::default_note(&st, release)
                ),
            )
            .key(key)
            .help(if cx.file.info("max.poll.interval.ms").is_some_and(|i| i.def.exists_in(release)) {
                "raise `request.timeout.ms` above `session.timeout.ms` (and above `max.poll.interval.ms`, as Kafka's default is)"
            } else {
                "raise `request.timeout.ms` above `session.timeout.ms`"
            });
        match other.entry() {
            Some(e) => b.label(cx.id, e.value_span, Some(other.key), other.origin_text()),
            None => b.primary_label(other.origin_text()),
        };
    }
}
