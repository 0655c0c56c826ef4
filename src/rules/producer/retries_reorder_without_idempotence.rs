use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a producer that retries (`retries` above 0) with more than one request in flight
    /// per connection (`max.in.flight.requests.per.connection`) and without idempotence
    /// (`enable.idempotence=false`, or before 3.0 the default). Effective values count: Kafka
    /// 2.1–2.8 producers do this with their defaults.
    /// ## Why it fails in production
    /// When a batch fails and is retried while later batches to the same partition already
    /// succeeded, the retried records land after them: records of a partition are written out
    /// of order (and a retry after a lost acknowledgement writes them twice). Nothing is logged;
    /// consumers see the reordering. The idempotent producer keeps order with up to 5 requests in
    /// flight.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// enable.idempotence=false
    /// retries=3
    /// max.in.flight.requests.per.connection=5
    /// ```
    /// ## Use instead
    /// ```properties
    /// enable.idempotence=true
    /// acks=all
    /// ```
    /// ## Fix
    /// Unsafe: sets `max.in.flight.requests.per.connection=1` (keeps order at the cost of
    /// throughput). Enabling idempotence (with `acks=all`) keeps order without that cost; do it
    /// by hand, it needs brokers of 0.11 or later (and the `IDEMPOTENT_WRITE` ACL before 2.8).
    /// ## Versions
    /// All. With idempotence only on by default (3.0+) but turned off by another setting, the
    /// rules that report that setting apply instead.
    /// ## Source
    /// `ProducerConfig` docs for `max.in.flight.requests.per.connection` ("if this config is set to
    /// be greater than 1 and enable.idempotence is set to false, there is a risk of message
    /// re-ordering after a failed send due to retries") and `retries`.
    pub RetriesReorderWithoutIdempotence {
        id: "producer/retries-reorder-without-idempotence",
        summary: "retries with several requests in flight and no idempotence can reorder records",
        severity: Info,
        scope: Scope::File(&[Role::Producer]),
        versions: None => None,
        reads: ["retries", "max.in.flight.requests.per.connection", "enable.idempotence", "transactional.id"],
        fix: Always,
        source: "ProducerConfig docs (max.in.flight.requests.per.connection, retries)",
    }
}

impl Rule for RetriesReorderWithoutIdempotence {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if super::idempotence(cx).is_some() {
            return; // idempotent, or its default is turned off by a setting another rule reports
        }
        let (Some(retries), Some(inflight)) = (cx.get("retries"), cx.get("max.in.flight.requests.per.connection")) else { return };
        let (Some(r), Some(n)) = (retries.as_i64(), inflight.as_i64()) else { return };
        if r <= 0 || n <= 1 {
            return;
        }
        let release = cx.release();
        let primary = inflight.entry().or(retries.entry()).map_or_else(|| cx.anchor(&["enable.idempotence"]), |e| e.value_span);
        let key = if inflight.is_explicit() || !retries.is_explicit() { "max.in.flight.requests.per.connection" } else { "retries" };
        let idem = cx.get("enable.idempotence");
        let b = out
            .report(
                &META,
                cx.id,
                primary,
                format!(
                    "`retries` ({r}{}) with {n} requests in flight (`max.in.flight.requests.per.connection`{}) and no idempotence: a retried batch can land after later ones",
                    super::default_note(&retries, release),
                    if inflight.is_explicit() { String::new() } else { format!(", the default in Kafka {release}") }
                ),
            )
            .key(key)
            .help("enable idempotence (`enable.idempotence=true` with `acks=all`), or set `max.in.flight.requests.per.connection=1`");
        let b = match idem.as_ref().and_then(|v| v.entry()) {
            Some(e) => b.label(cx.id, e.value_span, Some("enable.idempotence"), "idempotence is disabled here"),
            None => match &idem {
                Some(v) => b.primary_label(v.origin_text()),
                None => b,
            },
        };
        let edit = match inflight.entry() {
            Some(e) => cx.replace_value(e, "1"),
            None => cx.insert_entry("max.in.flight.requests.per.connection", "1"),
        };
        b.fix(Fix::unsafe_("Set `max.in.flight.requests.per.connection=1`", vec![edit]));
    }
}
