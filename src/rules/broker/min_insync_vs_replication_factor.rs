use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares a broker's `min.insync.replicas` with its `default.replication.factor`, and
    /// `transaction.state.log.min.isr` with `transaction.state.log.replication.factor`
    /// (effective values): more in-sync replicas required than replicas exist is an error, as
    /// many as replicas exist (2 or more) a warning. That holds with `default.replication.factor`
    /// left at its default (1) too: every topic created without its own replication factor
    /// (auto-created topics, `kafka-topics.sh --create` without `--replication-factor`, admin
    /// clients that leave it unset) gets it, and no `acks=all` write to it can succeed.
    /// ## Why it fails in production
    /// A write with `acks=all` needs `min.insync.replicas` replicas in sync. With more required
    /// than exist, every such write fails: `NotEnoughReplicasException: Messages are rejected since
    /// there are fewer in-sync replicas than required` (for the transaction log: transactional
    /// producers cannot initialise or commit). With exactly as many, losing any one broker stops
    /// every `acks=all` producer of those topics: no broker may be restarted without an outage.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// default.replication.factor=2
    /// min.insync.replicas=2
    /// ```
    /// ## Use instead
    /// ```properties
    /// default.replication.factor=3
    /// min.insync.replicas=2
    /// ```
    /// ## Fix
    /// Unsafe, for an error: lowers the minimum to the replication factor minus one (at least 1),
    /// which weakens the durability guarantee; raising the replication factor is the other way.
    /// ## Versions
    /// All; the transaction log from 0.11.
    /// ## Source
    /// Broker docs of `min.insync.replicas` and `transaction.state.log.min.isr`;
    /// `Partition.appendRecordsToLeader` (`NotEnoughReplicasException`).
    pub MinInsyncVsReplicationFactor {
        id: "broker/min-insync-vs-replication-factor",
        summary: "min.insync.replicas is not below the replication factor",
        severity: Warning,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["min.insync.replicas", "default.replication.factor", "transaction.state.log.min.isr", "transaction.state.log.replication.factor"],
        fix: Sometimes,
        source: "broker docs (min.insync.replicas, transaction.state.log.min.isr); Partition.appendRecordsToLeader",
    }
}

const PAIRS: &[(&str, &str, &str)] = &[
    ("min.insync.replicas", "default.replication.factor", "topics created with the default replication factor"),
    ("transaction.state.log.min.isr", "transaction.state.log.replication.factor", "the transaction log (__transaction_state)"),
];

impl Rule for MinInsyncVsReplicationFactor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        for (min_key, rf_key, what) in PAIRS {
            let (Some(min), Some(rf)) = (cx.get(min_key), cx.get(rf_key)) else { continue };
            let (Some(m), Some(r)) = (min.as_i64(), rf.as_i64()) else { continue };
            if m < r || r < 1 || (m == r && r < 2) {
                continue;
            }
            let (primary, key, other) = match (min.entry(), rf.entry()) {
                (Some(e), _) => (e.value_span, *min_key, &rf),
                (None, Some(e)) => (e.value_span, *rf_key, &min),
                (None, None) => continue,
            };
            let fatal = m > r;
            // Above the replication factor, every `acks=all` write to such a topic fails, also when
            // the factor is the broker's default: topics created without one get it.
            let severity = if fatal { Severity::Error } else { Severity::Warning };
            let msg = if fatal {
                format!(
                    "`{min_key}` ({m}{}) exceeds `{rf_key}` ({r}{}): every `acks=all` write to {what} fails with NotEnoughReplicas",
                    super::default_note(&min, cx.release()),
                    super::default_note(&rf, cx.release())
                )
            } else {
                format!(
                    "`{min_key}` ({m}{}) equals `{rf_key}` ({r}{}): with one broker down, `acks=all` writes to {what} fail",
                    super::default_note(&min, cx.release()),
                    super::default_note(&rf, cx.release())
                )
            };
            let b = out
                .report(&META, cx.id, primary, msg)
                .key(key)
                .severity(severity)
                .help(format!("keep `{min_key}` below `{rf_key}` (replication factor 3 with minimum 2 tolerates one broker down)"));
            let b = match other.entry() {
                Some(e) => b.label(cx.id, e.value_span, Some(other.key), other.origin_text()),
                None => b.primary_label(other.origin_text()),
            };
            if severity == Severity::Error {
                let target = (r - 1).max(1).to_string();
                let edit = match min.entry() {
                    Some(e) => cx.replace_value(e, &target),
                    None => cx.insert_entry(min_key, &target),
                };
                b.fix(Fix::unsafe_(format!("Set `{min_key}={target}`"), vec![edit]));
            }
        }
    }
}
