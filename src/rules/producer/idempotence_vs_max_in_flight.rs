use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

use super::IdemSource;

declare_rule! {
    /// ## What it does
    /// Flags `max.in.flight.requests.per.connection` above what an idempotent producer accepts:
    /// 5 (1 in Kafka 0.11). An error when idempotence is asked for explicitly (before 3.0 also by
    /// `transactional.id`) and, from Kafka 4.0, whenever idempotence is not explicitly disabled; a
    /// warning in 3.x, where the default idempotence is silently turned off instead.
    /// ## Why it fails in production
    /// The broker remembers the last 5 batches of each idempotent producer to recognise
    /// retried duplicates; more requests in flight would break that guarantee. With
    /// `enable.idempotence=true` the producer refuses to start (`ConfigException: Must set
    /// max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.`). In
    /// 3.x, with idempotence only on by default, it logs "Idempotence will be disabled because
    /// max.in.flight.requests.per.connection is set to 10, which is greater than 5. Please note
    /// that in v4.0.0 and onward, this will become an error." and retries may duplicate and
    /// reorder records. From 4.0 the default case fails too: `ConfigException: To use the
    /// idempotent producer, max.in.flight.requests.per.connection must be set to at most 5.
    /// Current value is 10.`
    /// ## Example
    /// ```properties,expect_diagnostic
    /// enable.idempotence=true
    /// max.in.flight.requests.per.connection=10
    /// ```
    /// ## Use instead
    /// ```properties
    /// enable.idempotence=true
    /// max.in.flight.requests.per.connection=5
    /// ```
    /// ## Fix
    /// Where idempotence is asked for explicitly, safe: sets the value to the limit (the
    /// producer cannot start otherwise). Where idempotence is only the default: in 3.x, sets
    /// `enable.idempotence=false` (safe: states what Kafka already does) or the limit (unsafe:
    /// turns idempotence back on); from 4.0, sets `enable.idempotence=false` (safe: keeps what
    /// 3.x did with this file) or the limit (unsafe).
    /// ## Versions
    /// 0.11.0 and later. The limit is 1 in 0.11 (KIP-98), 5 from 1.0 (KAFKA-5494); the silent
    /// fallback applies in 3.x; 4.0 refuses the value unless `enable.idempotence=false`
    /// (KAFKA-17927).
    /// ## Source
    /// `KafkaProducer.configureInflightRequests` (1.0–2.8); `ProducerConfig.postProcessAndValidateIdempotenceConfigs`
    /// (3.x `log.warn`, 4.x `ConfigException`); KIP-98; KAFKA-5494; KAFKA-17927.
    pub IdempotenceVsMaxInFlight {
        id: "producer/idempotence-vs-max-in-flight",
        summary: "an idempotent producer allows at most 5 requests in flight per connection",
        severity: Error,
        scope: Scope::File(&[Role::Producer]),
        versions: Some("0.11.0") => None,
        reads: ["enable.idempotence", "max.in.flight.requests.per.connection", "transactional.id"],
        fix: Always,
        source: "ProducerConfig.postProcessAndValidateIdempotenceConfigs; KafkaProducer.configureInflightRequests; KAFKA-5494; KAFKA-17927",
    }
}

impl Rule for IdempotenceVsMaxInFlight {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(src) = super::idempotence(cx) else { return };
        let Some(conflict) = super::in_flight_conflict(cx) else { return };
        let v = &conflict.value;
        let Some(entry) = v.entry() else { return };
        let n = v.as_i64().unwrap_or_default();
        let limit = super::max_in_flight_limit(cx.release());
        let release = cx.release();
        let refused_by_default = super::since(release, "idempotence.max_in_flight.refused_by_default_since");
        let set_limit = || cx.replace_value(entry, &limit.to_string());
        let disable = || cx.insert_entry("enable.idempotence", "false");
        match src {
            IdemSource::Explicit(e) | IdemSource::Transactional(e) => {
                out.report(
                    &META,
                    cx.id,
                    entry.value_span,
                    format!("`max.in.flight.requests.per.connection` ({n}) is above {limit} for an idempotent producer: the producer refuses to start"),
                )
                .key("max.in.flight.requests.per.connection")
                .label(cx.id, e.value_span, Some(&e.key), super::idem_label(src, release))
                .help(format!("set `max.in.flight.requests.per.connection` to at most {limit}"))
                .fix(Fix::safe(format!("Set `max.in.flight.requests.per.connection={limit}`"), vec![set_limit()]));
            }
            IdemSource::Default if refused_by_default => {
                out.report(
                    &META,
                    cx.id,
                    entry.value_span,
                    format!(
                        "`max.in.flight.requests.per.connection` ({n}) is above {limit} while idempotence is on by default: Kafka {release} refuses to start the producer"
                    ),
                )
                .key("max.in.flight.requests.per.connection")
                .primary_label(super::idem_label(src, release))
                .help(format!(
                    "set `max.in.flight.requests.per.connection` to at most {limit}, or set `enable.idempotence=false` to keep more requests in flight without idempotence"
                ))
                .fix(Fix::safe("Set `enable.idempotence=false`", vec![disable()]))
                .fix(Fix::unsafe_(format!("Set `max.in.flight.requests.per.connection={limit}`"), vec![set_limit()]));
            }
            IdemSource::Default => {
                if cx.explicit("transactional.id").is_some() {
                    return; // an error: producer/transactional-id-without-idempotence
                }
                if super::retries_conflict(cx).is_some() || super::acks_conflict(cx).is_some() {
                    return; // already turned off by another setting (reported by its own rule)
                }
                out.report(
                    &META,
                    cx.id,
                    entry.value_span,
                    format!(
                        "`max.in.flight.requests.per.connection` ({n}) above {limit} silently disables idempotence, which is on by default in Kafka {release}: retries may duplicate and reorder records"
                    ),
                )
                .key("max.in.flight.requests.per.connection")
                .severity(Severity::Warning)
                .primary_label(super::idem_label(src, release))
                .help(format!(
                    "set `max.in.flight.requests.per.connection` to at most {limit} to keep idempotence, or set `enable.idempotence=false`; Kafka 4.0 refuses this combination"
                ))
                .fix(Fix::safe("Set `enable.idempotence=false`", vec![disable()]))
                .fix(Fix::unsafe_(format!("Set `max.in.flight.requests.per.connection={limit}`"), vec![set_limit()]));
            }
        }
    }
}
