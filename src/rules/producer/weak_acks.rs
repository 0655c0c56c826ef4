use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `acks=1` (advice) and `acks=0` (a warning): writes that are acknowledged before
    /// they are replicated. Effective values count: before Kafka 3.0 the default was `acks=1`
    /// (unless idempotence or a `transactional.id` raised it to `all`).
    /// ## Why it fails in production
    /// With `acks=1` the leader acknowledges a write as soon as it has it in its own log. If the
    /// leader then fails before a follower copied the write, a follower without it becomes
    /// leader and the acknowledged records are gone: no error, no log line, just missing data
    /// (`min.insync.replicas` does not help, it only applies to `acks=all`). With `acks=0` the
    /// producer does not wait for any answer: records lost in the network or refused by the
    /// broker (a full disk, a too-large record, a missing topic) are lost silently, retries
    /// never happen, and the offsets the callbacks return are `-1`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// enable.idempotence=false
    /// acks=0
    /// ```
    /// ## Use instead
    /// ```properties
    /// acks=all
    /// ```
    /// ## Fix
    /// Unsafe: sets `acks=all` (each write waits for the in-sync replicas: more latency).
    /// ## Versions
    /// All. The default became `acks=all` in 3.0 (KIP-679).
    /// ## Source
    /// `ProducerConfig` docs for `acks`; KIP-679; broker docs for `min.insync.replicas`.
    pub WeakAcks {
        id: "producer/weak-acks",
        summary: "acks=0 or acks=1 loses acknowledged writes when a leader fails",
        severity: Info,
        scope: Scope::File(&[Role::Producer]),
        versions: None => None,
        reads: ["acks", "enable.idempotence", "transactional.id"],
        fix: Always,
        source: "ProducerConfig (acks); KIP-679",
    }
}

impl Rule for WeakAcks {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(acks) = cx.get("acks") else { return };
        let Some(a) = super::parse_acks(&acks.text) else { return };
        if a != 0 && a != 1 {
            return;
        }
        let release = cx.release();
        // Before 3.0, an idempotent (or transactional) producer raises a default acks to all.
        if !acks.is_explicit() && super::idempotence(cx).is_some() {
            return;
        }
        let (message, severity) = if a == 0 {
            (
                format!(
                    "`acks=0`{}: the producer never learns whether a write arrived; failed writes are lost silently and never retried",
                    super::default_note(&acks, release)
                ),
                Severity::Warning,
            )
        } else {
            (
                format!(
                    "`acks=1`{}: a write is acknowledged before any follower has it, and is lost if the leader fails right after",
                    super::default_note(&acks, release)
                ),
                Severity::Info,
            )
        };
        let b =
            out.report(&META, cx.id, acks.entry().map_or_else(|| cx.anchor(&[]), |e| e.value_span), message).key("acks").severity(severity);
        let b = if acks.is_explicit() { b } else { b.primary_label(acks.origin_text()) };
        let b = b.help("set `acks=all` (with `min.insync.replicas` of 2 or more on the topic) for writes that survive a broker failure");
        let edit = match acks.entry() {
            Some(e) => cx.replace_value(e, "all"),
            None => cx.insert_entry("acks", "all"),
        };
        b.fix(Fix::unsafe_("Set `acks=all`", vec![edit]));
    }
}
