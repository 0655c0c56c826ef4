use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a `batch.size` larger than `max.request.size` (effective values).
    /// ## Why it fails in production
    /// The producer fills each partition's batch up to `batch.size`. A batch larger than
    /// `max.request.size` is still sent, alone in its request, so `max.request.size` no longer
    /// bounds what reaches the broker; the broker refuses batches above its `message.max.bytes`
    /// (the topic's `max.message.bytes`) with `MESSAGE_TOO_LARGE`, and the producer has to split
    /// the batch and send it again: extra requests, latency spikes and, for a single large
    /// record, `RecordTooLargeException`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// batch.size=4194304
    /// max.request.size=1048576
    /// ```
    /// ## Use instead
    /// ```properties
    /// batch.size=262144
    /// max.request.size=1048576
    /// ```
    /// ## Fix
    /// Unsafe: sets `batch.size` to `max.request.size` (smaller batches), or raise
    /// `max.request.size` (and the broker's limits) by hand.
    /// ## Versions
    /// All.
    /// ## Source
    /// `RecordAccumulator.drain` ("there is a rare case that a single batch size is larger than
    /// the request size ... we will still eventually send this batch in a single request");
    /// `Sender` batch splitting on `MESSAGE_TOO_LARGE` (KIP-126); `ProducerConfig` docs.
    pub BatchSizeExceedsMaxRequestSize {
        id: "producer/batch-size-exceeds-max-request-size",
        summary: "batch.size is larger than max.request.size",
        severity: Warning,
        scope: Scope::File(&[Role::Producer]),
        versions: None => None,
        reads: ["batch.size", "max.request.size"],
        fix: Always,
        source: "RecordAccumulator.drain; Sender (MESSAGE_TOO_LARGE split, KIP-126)",
    }
}

impl Rule for BatchSizeExceedsMaxRequestSize {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let (Some(batch), Some(max)) = (cx.get("batch.size"), cx.get("max.request.size")) else { return };
        let (Some(b), Some(m)) = (batch.as_i64(), max.as_i64()) else { return };
        if b <= m {
            return;
        }
        let release = cx.release();
        let (primary, key, other) = match (batch.entry(), max.entry()) {
            (Some(e), _) => (e.value_span, "batch.size", &max),
            (None, Some(e)) => (e.value_span, "max.request.size", &batch),
            (None, None) => return, // Kafka's own defaults never conflict
        };
        let builder = out
            .report(
                &META,
                cx.id,
                primary,
                format!(
                    "`batch.size` ({b}{}) is larger than `max.request.size` ({m}{}): batches above the request limit are still sent and may be refused by the broker",
                    super::default_note(&batch, release),
                    super::default_note(&max, release)
                ),
            )
            .key(key)
            .help(format!("keep `batch.size` at most `max.request.size` ({m}), or raise `max.request.size` together with the broker's `message.max.bytes`"));
        let builder = match other.entry() {
            Some(e) => builder.label(cx.id, e.value_span, Some(other.key), other.origin_text()),
            None => builder.primary_label(other.origin_text()),
        };
        let edit = match batch.entry() {
            Some(e) => cx.replace_value(e, &m.to_string()),
            None => cx.insert_entry("batch.size", &m.to_string()),
        };
        builder.fix(Fix::unsafe_(format!("Set `batch.size={m}`"), vec![edit]));
    }
}
