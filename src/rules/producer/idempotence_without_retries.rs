use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

use super::IdemSource;

declare_rule! {
    /// ## What it does
    /// Flags `retries=0` on an idempotent producer: an error when idempotence is asked for
    /// explicitly (before 3.0 also by `transactional.id`), a warning when it is only the default
    /// (3.0+), where Kafka silently turns idempotence off.
    /// ## Why it fails in production
    /// Idempotence exists to make retries safe; without retries it has nothing to do. With
    /// `enable.idempotence=true` the producer refuses to start: `ConfigException: Must set
    /// retries to non-zero when using the idempotent producer.` With idempotence only on by
    /// default (3.0+), the producer logs "Idempotence will be disabled because retries is set to
    /// 0." and every transient error (a leader election, `NOT_ENOUGH_REPLICAS`) fails the send.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// enable.idempotence=true
    /// retries=0
    /// ```
    /// ## Use instead
    /// ```properties
    /// enable.idempotence=true
    /// delivery.timeout.ms=30000
    /// ```
    /// ## Fix
    /// Where idempotence is asked for explicitly, safe: removes `retries=0` (the producer cannot
    /// start otherwise; bound the time spent retrying with `delivery.timeout.ms`). Where it is
    /// only the default: sets `enable.idempotence=false` (safe: states what Kafka already does) or
    /// removes `retries=0` (unsafe: the producer starts retrying).
    /// ## Versions
    /// 0.11.0 and later. Before 3.0 only a `retries` set in the file conflicts (Kafka raises the
    /// default for an idempotent producer); the silent fallback applies from 3.0 (KIP-679).
    /// ## Source
    /// `ProducerConfig.postProcessAndValidateIdempotenceConfigs` (3.0+); `KafkaProducer.configureRetries`
    /// (0.11–2.8); KIP-98; KIP-679.
    pub IdempotenceWithoutRetries {
        id: "producer/idempotence-without-retries",
        summary: "an idempotent producer needs retries above 0",
        severity: Error,
        scope: Scope::File(&[Role::Producer]),
        versions: Some("0.11.0") => None,
        reads: ["enable.idempotence", "retries", "transactional.id"],
        fix: Always,
        source: "ProducerConfig.postProcessAndValidateIdempotenceConfigs; KafkaProducer.configureRetries; KIP-98; KIP-679",
    }
}

impl Rule for IdempotenceWithoutRetries {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(src) = super::idempotence(cx) else { return };
        let Some(conflict) = super::retries_conflict(cx) else { return };
        let Some(entry) = conflict.value.entry() else { return };
        let release = cx.release();
        let remove = || cx.delete_entry(entry);
        match src {
            IdemSource::Explicit(e) | IdemSource::Transactional(e) => {
                out.report(&META, cx.id, entry.value_span, "`retries=0` on an idempotent producer: the producer refuses to start")
                    .key("retries")
                    .label(cx.id, e.value_span, Some(&e.key), super::idem_label(src, release))
                    .help("remove `retries=0` and bound the time spent retrying with `delivery.timeout.ms` instead")
                    .fix(Fix::safe("Remove `retries=0`", vec![remove()]));
            }
            IdemSource::Default => {
                if cx.explicit("transactional.id").is_some() {
                    return; // an error: producer/transactional-id-without-idempotence
                }
                out.report(
                    &META,
                    cx.id,
                    entry.value_span,
                    format!("`retries=0` silently disables idempotence, which is on by default in Kafka {release}"),
                )
                .key("retries")
                .severity(Severity::Warning)
                .primary_label(super::idem_label(src, release))
                .help("remove `retries=0` to keep idempotence (bound retrying with `delivery.timeout.ms`), or set `enable.idempotence=false` to say so")
                .fix(Fix::safe("Set `enable.idempotence=false`", vec![cx.insert_entry("enable.idempotence", "false")]))
                .fix(Fix::unsafe_("Remove `retries=0`", vec![remove()]));
            }
        }
    }
}
