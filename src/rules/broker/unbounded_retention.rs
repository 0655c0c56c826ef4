use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker whose default retention is unlimited in both time and size: the effective
    /// retention time (`log.retention.ms`, else `.minutes`, else `.hours`) is negative and
    /// `log.retention.bytes` is negative (its default, -1), while `log.cleanup.policy` deletes.
    /// ## Why it fails in production
    /// Nothing is ever deleted from topics that keep the broker defaults: the disks fill up, a
    /// full log directory goes offline (`KafkaStorageException`), and with every directory
    /// offline the broker shuts down. Keeping data forever is a per-topic decision
    /// (`retention.ms=-1` on that topic), not a broker-wide default.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// log.retention.hours=-1
    /// ```
    /// ## Use instead
    /// ```properties
    /// log.retention.hours=168
    /// ```
    /// ## Fix
    /// None: choose a retention time or size.
    /// ## Versions
    /// All.
    /// ## Source
    /// `KafkaConfig.logRetentionTimeMillis` (ms over minutes over hours; negative means
    /// unlimited); broker docs of `log.retention.bytes` (-1: no size limit).
    pub UnboundedRetention {
        id: "broker/unbounded-retention",
        summary: "the broker's default retention is unlimited in time and size",
        severity: Warning,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["log.retention.ms", "log.retention.minutes", "log.retention.hours", "log.retention.bytes", "log.cleanup.policy"],
        fix: None,
        source: "KafkaConfig.logRetentionTimeMillis; broker docs (log.retention.bytes)",
    }
}

impl Rule for UnboundedRetention {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(time) = ["log.retention.ms", "log.retention.minutes", "log.retention.hours"].iter().find_map(|k| cx.get(k)) else {
            return;
        };
        let Some(t) = time.as_i64() else { return };
        if t >= 0 {
            return;
        }
        let Some(bytes) = cx.get("log.retention.bytes") else { return };
        if bytes.as_i64().is_none_or(|b| b >= 0) {
            return;
        }
        if cx.get("log.cleanup.policy").is_some_and(|p| !p.as_list().iter().any(|x| x.trim() == "delete")) {
            return;
        }
        let Some(entry) = time.entry() else { return };
        let b = out
            .report(
                &META,
                cx.id,
                entry.value_span,
                format!("`{}={t}` with `log.retention.bytes={}`{}: topics on broker defaults are never cleaned up and the disks fill up", time.key, bytes.text, super::default_note(&bytes, cx.release())),
            )
            .key(time.key)
            .help("set a retention time (`log.retention.hours=168`) or size (`log.retention.bytes`); keep data forever only on the topics that need it (`retention.ms=-1`)");
        match bytes.entry() {
            Some(e) => b.label(cx.id, e.value_span, Some("log.retention.bytes"), "`log.retention.bytes` is set here"),
            None => b.primary_label("no time limit, and no size limit either"),
        };
    }
}
