use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags an idempotent producer whose `acks` is not `all` (or `-1`).
    /// ## Why it fails in production
    /// Idempotence needs every in-sync replica to acknowledge a write. With
    /// `enable.idempotence=true` set explicitly and `acks` other than `all`, the Java producer
    /// refuses to start: `ConfigException: Must set acks to all in order to use the idempotent
    /// producer. Otherwise we cannot guarantee idempotence.` From Kafka 3.0 idempotence is on by
    /// default; when it is only the default, the producer silently turns it off instead (a log
    /// line), and duplicates on retry come back.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// enable.idempotence=true
    /// acks=1
    /// ```
    /// ## Use instead
    /// ```properties
    /// enable.idempotence=true
    /// acks=all
    /// ```
    /// ## Fix
    /// When idempotence is set explicitly, safe: sets `acks=all` (the producer cannot start
    /// otherwise). When idempotence is only the default, two fixes are offered: `acks=all`
    /// (unsafe: more latency per write) or `enable.idempotence=false` (safe: states what Kafka
    /// already does).
    /// ## Versions
    /// 0.11.0 and later (KIP-98). The silent fallback applies from 3.0 (KIP-679), where
    /// idempotence became the default.
    /// ## Source
    /// `ProducerConfig.postProcessAndValidateIdempotenceConfigs` (3.0+), `KafkaProducer.configureAcks`
    /// (0.11–2.8); KIP-98, KIP-679.
    pub IdempotenceWithoutAcksAll {
        id: "producer/idempotence-without-acks-all",
        summary: "an idempotent producer needs acks=all",
        severity: Error,
        scope: Scope::File(&[Role::Producer]),
        versions: Some("0.11.0") => None,
        reads: ["enable.idempotence", "acks"],
        fix: Always,
        source: "ProducerConfig.postProcessAndValidateIdempotenceConfigs; KIP-98; KIP-679",
    }
}

impl Rule for IdempotenceWithoutAcksAll {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let (Some(idem), Some(acks)) = (cx.get("enable.idempotence"), cx.get("acks")) else { return };
        if idem.as_bool() != Some(true) {
            return;
        }
        let a = acks.text.trim();
        if a.eq_ignore_ascii_case("all") || a == "-1" {
            return;
        }
        let Some(acks_entry) = acks.entry() else { return };
        let set_acks = cx.replace_value(acks_entry, "all");
        match idem.entry() {
            Some(e) => {
                out.report(
                    &META,
                    cx.id,
                    acks_entry.value_span,
                    format!("`acks={a}` with `enable.idempotence=true`: the producer refuses to start"),
                )
                .key("acks")
                .label(cx.id, e.value_span, Some("enable.idempotence"), "idempotence is enabled here")
                .help("set `acks=all`, or disable idempotence if duplicates on retry are acceptable")
                .fix(Fix::safe("Set `acks=all`", vec![set_acks]));
            }
            None => {
                out.report(
                    &META,
                    cx.id,
                    acks_entry.value_span,
                    format!(
                        "`acks={a}` silently disables idempotence, which is on by default in Kafka {}: retries may write duplicates",
                        cx.release()
                    ),
                )
                .key("acks")
                .severity(Severity::Warning)
                .primary_label(idem.origin_text())
                .help("set `acks=all` to keep idempotence, or set `enable.idempotence=false` to say that duplicates are acceptable")
                .fix(Fix::unsafe_("Set `acks=all`", vec![set_acks]))
                .fix(Fix::safe("Set `enable.idempotence=false`", vec![cx.insert_entry("enable.idempotence", "false")]));
            }
        }
    }
}
