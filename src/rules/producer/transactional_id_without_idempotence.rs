use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

use super::IdemSource;

declare_rule! {
    /// ## What it does
    /// Flags a `transactional.id` on a producer whose idempotence is off: disabled with
    /// `enable.idempotence=false`, or (from 3.0, where idempotence is only on by default) turned
    /// off by `acks` other than `all`, `retries=0` or, in 3.x, more than 5 requests in flight.
    /// ## Why it fails in production
    /// Transactions are built on the idempotent producer. The Java producer refuses to start:
    /// `ConfigException: Cannot set a transactional.id without also enabling idempotence.` From
    /// 3.0 the message is the same when another setting silently turned the default idempotence
    /// off, which makes it puzzling: the file never mentions idempotence.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// transactional.id=orders-tx-1
    /// enable.idempotence=false
    /// ```
    /// ## Use instead
    /// ```properties
    /// transactional.id=orders-tx-1
    /// ```
    /// ## Fix
    /// Safe (the producer cannot start otherwise): removes `enable.idempotence=false`, or sets
    /// the setting that turned idempotence off to what idempotence needs (`acks=all`, removes
    /// `retries=0`, `max.in.flight.requests.per.connection=5`).
    /// ## Versions
    /// 0.11.0 and later (KIP-98). Before 3.0 a `transactional.id` turns idempotence on by itself,
    /// and conflicting settings are reported by the `producer/idempotence-*` rules. From 4.0 more
    /// than 5 requests in flight fail earlier, as `producer/idempotence-vs-max-in-flight` reports.
    /// ## Source
    /// `ProducerConfig.idempotenceEnabled` (0.11–2.8); `ProducerConfig.postProcessAndValidateIdempotenceConfigs`
    /// (3.0+: "validate `transaction.id` after validating idempotence dependant configs"); KIP-98.
    pub TransactionalIdWithoutIdempotence {
        id: "producer/transactional-id-without-idempotence",
        summary: "a transactional producer needs idempotence",
        severity: Error,
        scope: Scope::File(&[Role::Producer]),
        versions: Some("0.11.0") => None,
        reads: ["transactional.id", "enable.idempotence", "acks", "retries", "max.in.flight.requests.per.connection"],
        fix: Always,
        source: "ProducerConfig.postProcessAndValidateIdempotenceConfigs; ProducerConfig.idempotenceEnabled; KIP-98",
    }
}

impl Rule for TransactionalIdWithoutIdempotence {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(tx) = cx.explicit("transactional.id") else { return };
        let release = cx.release();
        if let Some(e) = cx.explicit("enable.idempotence") {
            if e.value.trim().eq_ignore_ascii_case("false") {
                out.report(
                    &META,
                    cx.id,
                    e.value_span,
                    "`transactional.id` is set with `enable.idempotence=false`: the producer refuses to start",
                )
                .key("enable.idempotence")
                .label(cx.id, tx.value_span, Some("transactional.id"), "`transactional.id` is set here")
                .help("remove `enable.idempotence=false`: transactions need the idempotent producer")
                .fix(Fix::safe("Remove `enable.idempotence=false`", vec![cx.delete_entry(e)]));
            }
            return;
        }
        if !matches!(super::idempotence(cx), Some(IdemSource::Default)) {
            return;
        }
        let Some(conflict) = super::silently_disabled_by(cx) else { return };
        let v = &conflict.value;
        let Some(entry) = v.entry() else { return };
        let text = v.text.trim();
        let (change, fix) = match v.key {
            "acks" => ("set `acks=all`".to_string(), Fix::safe("Set `acks=all`", vec![cx.replace_value(entry, "all")])),
            "retries" => ("remove `retries=0`".to_string(), Fix::safe("Remove `retries=0`", vec![cx.delete_entry(entry)])),
            _ => {
                let limit = super::max_in_flight_limit(release);
                (
                    format!("set `max.in.flight.requests.per.connection` to at most {limit}"),
                    Fix::safe(
                        format!("Set `max.in.flight.requests.per.connection={limit}`"),
                        vec![cx.replace_value(entry, &limit.to_string())],
                    ),
                )
            }
        };
        out.report(
            &META,
            cx.id,
            entry.value_span,
            format!(
                "`{}={text}` turns off idempotence (on by default in Kafka {release}) while `transactional.id` is set: the producer refuses to start",
                v.key
            ),
        )
        .key(v.key)
        .label(cx.id, tx.value_span, Some("transactional.id"), "`transactional.id` is set here")
        .help(format!("{change}: transactions need the idempotent producer"))
        .fix(fix);
    }
}
