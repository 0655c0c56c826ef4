use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a producer that never retries (`retries=0`): a warning when set in the file,
    /// advice when it is the default (before Kafka 2.1). Idempotent producers are left to
    /// `producer/idempotence-without-retries`.
    /// ## Why it fails in production
    /// Brokers answer with retriable errors all the time in a healthy cluster: a leader moved
    /// (`NOT_LEADER_OR_FOLLOWER`), a rolling restart, `NOT_ENOUGH_REPLICAS` for a moment, a
    /// request timeout. Without retries each of these fails the send and the application gets
    /// the exception; unless it resends by itself, the records are lost.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// enable.idempotence=false
    /// retries=0
    /// ```
    /// ## Use instead
    /// ```properties
    /// enable.idempotence=false
    /// delivery.timeout.ms=30000
    /// ```
    /// ## Fix
    /// From 2.1, unsafe: removes `retries=0` (the default retries until `delivery.timeout.ms`;
    /// without idempotence a retry can duplicate or reorder records). Before 2.1 none: choose a
    /// number of retries (there is no delivery timeout to bound them).
    /// ## Versions
    /// All. The default was 0 before 2.1, `Integer.MAX_VALUE` from 2.1 (KIP-91).
    /// ## Source
    /// `ProducerConfig` docs for `retries`; KIP-91; Kafka 2.1 upgrade notes.
    pub RetriesDisabled {
        id: "producer/retries-disabled",
        summary: "retries=0 turns every transient broker error into a failed send",
        severity: Warning,
        scope: Scope::File(&[Role::Producer]),
        versions: None => None,
        reads: ["retries", "enable.idempotence", "transactional.id"],
        fix: Sometimes,
        source: "ProducerConfig (retries); KIP-91",
    }
}

impl Rule for RetriesDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if super::idempotence(cx).is_some() {
            return; // producer/idempotence-without-retries (or Kafka raises the default)
        }
        let Some(retries) = cx.get("retries") else { return };
        if retries.as_i64() != Some(0) {
            return;
        }
        let release = cx.release();
        let bounded = cx.file.info("delivery.timeout.ms").is_some_and(|i| i.def.exists_in(release));
        match retries.entry() {
            Some(e) => {
                let help = if bounded {
                    "let the producer retry, bounded by `delivery.timeout.ms` (enable idempotence to keep retries free of duplicates)"
                } else {
                    "set `retries` above 0 (with `max.in.flight.requests.per.connection=1` to keep records in order)"
                };
                out.report(&META, cx.id, e.value_span, "`retries=0`: a leader change or a timeout fails the send instead of being retried")
                    .key("retries")
                    .help(help)
                    .fix_if(bounded, || Fix::unsafe_("Remove `retries=0`", vec![cx.delete_entry(e)]));
            }
            None => {
                out.report(
                    &META,
                    cx.id,
                    cx.anchor(&[]),
                    format!("`retries` is 0, the default in Kafka {release}: a leader change or a timeout fails the send instead of being retried"),
                )
                .key("retries")
                .severity(Severity::Info)
                .primary_label(retries.origin_text())
                .help("set `retries` above 0 (with `max.in.flight.requests.per.connection=1` to keep records in order); Kafka 2.1 and later retry until `delivery.timeout.ms` by default");
            }
        }
    }
}
