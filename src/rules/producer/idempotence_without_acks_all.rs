use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

use super::IdemSource;

declare_rule! {
    /// ## What it does
    /// Flags an idempotent producer whose `acks` is not `all` (or `-1`): an error when
    /// idempotence is asked for explicitly (or, before 3.0, by `transactional.id`), a warning when
    /// it is only the default.
    /// ## Why it fails in production
    /// Idempotence needs every in-sync replica to acknowledge a write. With
    /// `enable.idempotence=true` set explicitly and `acks` other than `all`, the Java producer
    /// refuses to start: `ConfigException: Must set acks to all in order to use the idempotent
    /// producer. Otherwise we cannot guarantee idempotence.` Before 3.0 a `transactional.id`
    /// turns idempotence on by itself and the same error follows. From Kafka 3.0 idempotence is
    /// on by default; when it is only the default, the producer silently turns it off instead (a
    /// log line, "Idempotence will be disabled because acks is set to 1"), and duplicates on
    /// retry come back. (With a `transactional.id` that is an error too:
    /// `producer/transactional-id-without-idempotence` reports it.)
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
    /// When idempotence is asked for explicitly, safe: sets `acks=all` (the producer cannot
    /// start otherwise). When idempotence is only the default, two fixes are offered: `acks=all`
    /// (unsafe: more latency per write) or `enable.idempotence=false` (safe: states what Kafka
    /// already does).
    /// ## Versions
    /// 0.11.0 and later (KIP-98). Before 3.0 only an `acks` set in the file conflicts (Kafka
    /// raises the default `acks=1` to `all` for an idempotent producer). The silent fallback
    /// applies from 3.0 (KIP-679), where idempotence became the default (3.0.0 and 3.1.0 kept it
    /// off by a bug, KAFKA-13598; kafkalint follows 3.0.1 and 3.1.1).
    /// ## Source
    /// `ProducerConfig.postProcessAndValidateIdempotenceConfigs` (3.0+), `KafkaProducer.configureAcks`
    /// and `ProducerConfig.idempotenceEnabled` (0.11–2.8); KIP-98, KIP-679.
    pub IdempotenceWithoutAcksAll {
        id: "producer/idempotence-without-acks-all",
        summary: "an idempotent producer needs acks=all",
        severity: Error,
        scope: Scope::File(&[Role::Producer]),
        versions: Some("0.11.0") => None,
        reads: ["enable.idempotence", "acks", "transactional.id"],
        fix: Always,
        source: "ProducerConfig.postProcessAndValidateIdempotenceConfigs; KIP-98; KIP-679",
    }
}

impl Rule for IdempotenceWithoutAcksAll {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(src) = super::idempotence(cx) else { return };
        let Some(conflict) = super::acks_conflict(cx) else { return };
        let acks = &conflict.value;
        let a = acks.text.trim();
        let Some(acks_entry) = acks.entry() else { return };
        let set_acks = cx.replace_value(acks_entry, "all");
        match src {
            IdemSource::Explicit(e) | IdemSource::Transactional(e) => {
                let why = match src {
                    IdemSource::Transactional(_) => "`transactional.id` (which turns idempotence on)",
                    _ => "`enable.idempotence=true`",
                };
                out.report(&META, cx.id, acks_entry.value_span, format!("`acks={a}` with {why}: the producer refuses to start"))
                    .key("acks")
                    .label(cx.id, e.value_span, Some(&e.key), super::idem_label(src, cx.release()))
                    .help("set `acks=all`, or disable idempotence if duplicates on retry are acceptable")
                    .fix(Fix::safe("Set `acks=all`", vec![set_acks]));
            }
            IdemSource::Default => {
                if cx.explicit("transactional.id").is_some() {
                    return; // an error: producer/transactional-id-without-idempotence
                }
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
                .primary_label(super::idem_label(src, cx.release()))
                .help("set `acks=all` to keep idempotence, or set `enable.idempotence=false` to say that duplicates are acceptable")
                .fix(Fix::unsafe_("Set `acks=all`", vec![set_acks]))
                .fix(Fix::safe("Set `enable.idempotence=false`", vec![cx.insert_entry("enable.idempotence", "false")]));
            }
        }
    }
}
