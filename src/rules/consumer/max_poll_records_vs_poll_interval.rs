use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Divides `max.poll.interval.ms` by `max.poll.records` (effective values) and flags a
    /// budget under 100 ms per record: the time each record of a full `poll()` may take before
    /// the consumer misses its poll deadline.
    /// ## Why it fails in production
    /// A consumer that does not call `poll()` again within `max.poll.interval.ms` leaves its
    /// group: its partitions go to another member, and its next commit fails with
    /// `CommitFailedException` ("the time between subsequent calls to poll() was longer than the
    /// configured max.poll.interval.ms"). The records it processed but could not commit are
    /// consumed again by the new owner, which may run into the same deadline: a rebalance loop
    /// that consumes the same records over and over. With a small budget per record, one slow
    /// call per record (a database write, an HTTP request) is enough.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// group.id=orders
    /// max.poll.interval.ms=30000
    /// max.poll.records=1000
    /// ```
    /// ## Use instead
    /// ```properties
    /// group.id=orders
    /// max.poll.interval.ms=300000
    /// max.poll.records=200
    /// ```
    /// ## Fix
    /// Unsafe: lowers `max.poll.records` so that each record gets 100 ms (smaller batches, more
    /// `poll()` calls). Raising `max.poll.interval.ms` is the other way; it delays the detection
    /// of a stuck consumer.
    /// ## Versions
    /// 0.10.1 and later (KIP-62 added `max.poll.interval.ms`). The threshold is kafkalint's, not
    /// Kafka's: a sixth of the 600 ms per record that Kafka's defaults give (300000 / 500); it is
    /// `poll_budget.min_ms_per_record` in `knowledge/facts/consumer.toml`. Consumers without a
    /// `group.id` (assign() only) are skipped.
    /// ## Source
    /// KIP-62; `ConsumerConfig` docs for `max.poll.interval.ms` and `max.poll.records`;
    /// `CommitFailedException` message.
    pub MaxPollRecordsVsPollInterval {
        id: "consumer/max-poll-records-vs-poll-interval",
        summary: "max.poll.interval.ms leaves little time per record of a full poll()",
        severity: Info,
        scope: Scope::File(&[Role::Consumer]),
        versions: Some("0.10.1") => None,
        reads: ["max.poll.interval.ms", "max.poll.records", "group.id"],
        fix: Sometimes,
        source: "KIP-62; ConsumerConfig (max.poll.interval.ms, max.poll.records)",
    }
}

impl Rule for MaxPollRecordsVsPollInterval {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if super::group_id_missing(cx) {
            return;
        }
        let (Some(interval), Some(records)) = (cx.get("max.poll.interval.ms"), cx.get("max.poll.records")) else { return };
        let (Some(i), Some(r)) = (interval.as_i64(), records.as_i64()) else { return };
        if r <= 0 || i <= 0 {
            return;
        }
        let threshold: i64 = super::fact("poll_budget.min_ms_per_record").parse().expect("poll_budget.min_ms_per_record is a number");
        let budget = i / r;
        if budget >= threshold {
            return;
        }
        let release = cx.release();
        let (primary, key, other) = match (records.entry(), interval.entry()) {
            (Some(e), _) => (e.value_span, "max.poll.records", &interval),
            (None, Some(e)) => (e.value_span, "max.poll.interval.ms", &records),
            (None, None) => return,
        };
        let per = if budget < 1 { "less than 1 ms".to_string() } else { format!("{budget} ms") };
        let b = out
            .report(
                &META,
                cx.id,
                primary,
                format!(
                    "`max.poll.interval.ms` ({i}{}) / `max.poll.records` ({r}{}) leaves {per} per record: a slow batch misses the poll deadline, and its records are consumed again after the rebalance",
                    super::default_note(&interval, release),
                    super::default_note(&records, release)
                ),
            )
            .key(key)
            .help(format!("give each record at least {threshold} ms: lower `max.poll.records` or raise `max.poll.interval.ms`"));
        let b = match other.entry() {
            Some(e) => b.label(cx.id, e.value_span, Some(other.key), other.origin_text()),
            None => b.primary_label(other.origin_text()),
        };
        let target = i / threshold;
        if target >= 1 {
            let edit = match records.entry() {
                Some(e) => cx.replace_value(e, &target.to_string()),
                None => cx.insert_entry("max.poll.records", &target.to_string()),
            };
            b.fix(Fix::unsafe_(format!("Set `max.poll.records={target}`"), vec![edit]));
        }
    }
}
