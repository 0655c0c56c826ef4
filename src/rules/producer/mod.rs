//! Producer files.
pub mod acks_weaker_than_min_insync;
pub mod batch_size_exceeds_max_request_size;
pub mod buffer_memory_below_batch_size;
pub mod delivery_timeout_vs_linger_and_request_timeout;
pub mod idempotence_vs_max_in_flight;
pub mod idempotence_without_acks_all;
pub mod idempotence_without_retries;
pub mod invalid_serializer_class;
pub mod max_request_size_exceeds_broker_limit;
pub mod request_timeout_vs_replica_lag;
pub mod retries_disabled;
pub mod retries_reorder_without_idempotence;
pub mod transaction_timeout_exceeds_broker_max;
pub mod transactional_id_without_idempotence;
pub mod two_phase_commit_with_transaction_timeout;
pub mod weak_acks;

use crate::model::{is_placeholder, Value};
use crate::properties::Entry;
use crate::rules::FileCtx;
use crate::version::Release;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &acks_weaker_than_min_insync::AcksWeakerThanMinInsync,
    &batch_size_exceeds_max_request_size::BatchSizeExceedsMaxRequestSize,
    &buffer_memory_below_batch_size::BufferMemoryBelowBatchSize,
    &delivery_timeout_vs_linger_and_request_timeout::DeliveryTimeoutVsLingerAndRequestTimeout,
    &idempotence_vs_max_in_flight::IdempotenceVsMaxInFlight,
    &idempotence_without_acks_all::IdempotenceWithoutAcksAll,
    &idempotence_without_retries::IdempotenceWithoutRetries,
    &invalid_serializer_class::InvalidSerializerClass,
    &max_request_size_exceeds_broker_limit::MaxRequestSizeExceedsBrokerLimit,
    &request_timeout_vs_replica_lag::RequestTimeoutVsReplicaLag,
    &retries_disabled::RetriesDisabled,
    &retries_reorder_without_idempotence::RetriesReorderWithoutIdempotence,
    &transaction_timeout_exceeds_broker_max::TransactionTimeoutExceedsBrokerMax,
    &transactional_id_without_idempotence::TransactionalIdWithoutIdempotence,
    &two_phase_commit_with_transaction_timeout::TwoPhaseCommitWithTransactionTimeout,
    &weak_acks::WeakAcks,
];

/// A fact of `knowledge/facts/producer.toml` (`"idempotence.since"`). A missing fact is a bug in
/// the knowledge base (the rule tests read every fact).
pub(crate) fn fact(path: &str) -> &'static str {
    crate::knowledge::fact_in("producer", path).unwrap_or_else(|| panic!("knowledge/facts/producer.toml lacks `producer.{path}`"))
}

/// A numeric fact of `knowledge/facts/producer.toml`.
pub(crate) fn fact_i64(path: &str) -> i64 {
    fact(path).parse().unwrap_or_else(|_| panic!("producer.{path} is not a number"))
}

/// Whether `release` is at or after the version a fact names.
pub(crate) fn since(release: Release, path: &str) -> bool {
    release.at_least(fact(path))
}

/// `acks` as Kafka reads it (`ProducerConfig.parseAcks`): `all` is -1; `None` when not a number
/// (or a placeholder).
pub(crate) fn parse_acks(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("all") {
        return Some(-1);
    }
    if is_placeholder(t) {
        return None;
    }
    t.parse::<i16>().ok().map(i64::from)
}

/// Why a producer asks for idempotence.
#[derive(Clone, Copy)]
pub(crate) enum IdemSource<'a> {
    /// `enable.idempotence=true` in the file.
    Explicit(&'a Entry),
    /// Before 3.0: `transactional.id` is set and `enable.idempotence` is not (Kafka then enables it).
    Transactional(&'a Entry),
    /// From 3.0: the default.
    Default,
}

/// Whether and why the producer asks for idempotence. `None`: it does not (disabled explicitly,
/// or off by default before 3.0), or `enable.idempotence` is not a boolean.
pub(crate) fn idempotence<'a>(cx: &FileCtx<'a>) -> Option<IdemSource<'a>> {
    let release = cx.release();
    if !since(release, "idempotence.since") {
        return None;
    }
    if let Some(e) = cx.explicit("enable.idempotence") {
        return match e.value.trim().to_ascii_lowercase().as_str() {
            "true" => Some(IdemSource::Explicit(e)),
            _ => None,
        };
    }
    // The default as the file's client has it: a librdkafka file gets librdkafka's (false).
    let default_on = match crate::rules::schema::keys::declared_librdkafka(cx.file) {
        Some(_) => cx.get("enable.idempotence").and_then(|v| v.as_bool()) == Some(true),
        None => since(release, "idempotence.default_on_since"),
    };
    if default_on {
        return Some(IdemSource::Default);
    }
    cx.explicit("transactional.id").map(IdemSource::Transactional)
}

/// A label text for why idempotence is on.
pub(crate) fn idem_label(src: IdemSource<'_>, release: Release) -> String {
    match src {
        IdemSource::Explicit(_) => "idempotence is enabled here".to_string(),
        IdemSource::Transactional(_) => {
            format!("`transactional.id` turns idempotence on in Kafka {release} (`enable.idempotence` is not set)")
        }
        IdemSource::Default => format!("`enable.idempotence` defaults to true in Kafka {release}"),
    }
}

/// The most in-flight requests an idempotent producer accepts in `release`.
pub(crate) fn max_in_flight_limit(release: Release) -> i64 {
    if since(release, "idempotence.max_in_flight.limit_since") {
        fact_i64("idempotence.max_in_flight.limit")
    } else {
        fact_i64("idempotence.max_in_flight.limit_0_11")
    }
}

/// A conflict with idempotence: the key and its effective value. Before 3.0 only values set in
/// the file conflict (Kafka overrides the defaults of `acks`, `retries` and, in 0.11,
/// `max.in.flight.requests.per.connection` for an idempotent producer).
pub(crate) struct Conflict<'a> {
    pub value: Value<'a>,
}

fn effective<'a>(cx: &FileCtx<'a>, key: &str) -> Option<Value<'a>> {
    let v = cx.get(key)?;
    if !v.is_explicit() && !since(cx.release(), "idempotence.default_on_since") {
        return None;
    }
    Some(v)
}

/// `acks` other than `all` (effective value).
pub(crate) fn acks_conflict<'a>(cx: &FileCtx<'a>) -> Option<Conflict<'a>> {
    let v = effective(cx, "acks")?;
    (parse_acks(&v.text)? != -1).then_some(Conflict { value: v })
}

/// `retries=0` (effective value).
pub(crate) fn retries_conflict<'a>(cx: &FileCtx<'a>) -> Option<Conflict<'a>> {
    let v = effective(cx, "retries")?;
    (v.as_i64()? == 0).then_some(Conflict { value: v })
}

/// `max.in.flight.requests.per.connection` above what idempotence allows (effective value).
pub(crate) fn in_flight_conflict<'a>(cx: &FileCtx<'a>) -> Option<Conflict<'a>> {
    let v = cx.get("max.in.flight.requests.per.connection")?;
    if !v.is_explicit() && !since(cx.release(), "idempotence.max_in_flight.limit_since") {
        return None; // 0.11 lowers the default to 1 for an idempotent producer
    }
    (v.as_i64()? > max_in_flight_limit(cx.release())).then_some(Conflict { value: v })
}

/// From 3.0, with idempotence only on by default: the first setting that turns it off silently,
/// in the order `postProcessAndValidateIdempotenceConfigs` checks them (`max.in.flight...` only
/// before 4.0, which refuses it instead).
pub(crate) fn silently_disabled_by<'a>(cx: &FileCtx<'a>) -> Option<Conflict<'a>> {
    if !matches!(idempotence(cx), Some(IdemSource::Default)) {
        return None;
    }
    retries_conflict(cx).or_else(|| acks_conflict(cx)).or_else(|| {
        if since(cx.release(), "idempotence.max_in_flight.refused_by_default_since") {
            None
        } else {
            in_flight_conflict(cx)
        }
    })
}

/// Whether the producer ends up idempotent (asked for it and nothing turned it off).
pub(crate) fn is_idempotent(cx: &FileCtx<'_>) -> bool {
    match idempotence(cx) {
        None => false,
        Some(IdemSource::Default) => silently_disabled_by(cx).is_none(),
        Some(_) => true,
    }
}

/// `, the default in Kafka 3.9` for a value left at its default, else nothing.
pub(crate) fn default_note(v: &Value<'_>, release: Release) -> String {
    if v.is_explicit() {
        String::new()
    } else {
        format!(", the default in Kafka {release}")
    }
}

/// The `acks` a producer really uses: its effective value, except that before 3.0 an
/// idempotent (or transactional) producer raises a default `acks=1` to `all`. `None` when it is
/// not a number.
pub(crate) fn effective_acks<'a>(cx: &FileCtx<'a>) -> Option<(i64, Value<'a>)> {
    let v = cx.get("acks")?;
    let a = parse_acks(&v.text)?;
    if !v.is_explicit() && idempotence(cx).is_some() && !since(cx.release(), "idempotence.default_on_since") {
        return Some((-1, v));
    }
    Some((a, v))
}

/// A broker-side limit a producer must respect: a cluster fact, a broker file's value, or a
/// topic file's value.
pub(crate) struct Limit {
    pub value: i64,
    /// Set in a file or declared in kafkalint.toml (not a default).
    pub stated: bool,
    /// Where to put a label, when the value is in a file.
    pub location: Option<(crate::diagnostic::FileId, crate::source::Span)>,
    /// Words for the label (or the help when there is no location).
    pub origin: String,
    /// Whose setting it is: "the broker's `message.max.bytes`", "the topic's `max.message.bytes`".
    pub what: String,
}

impl Limit {
    /// Reports a producer value against this limit: the primary span on the producer's value (else
    /// `fallback`), a label where the limit is set (or its origin in the help when it is not in a
    /// file), the value's default origin when it is not set.
    pub(crate) fn report<'s>(
        &self,
        out: &'s mut crate::rules::Sink,
        meta: &'static crate::rules::RuleMeta,
        producer: &crate::rules::FileCtx<'_>,
        value: &crate::model::Value<'_>,
        fallback: crate::source::Span,
        (message, help): (String, String),
    ) -> crate::rules::Builder<'s> {
        let primary = value.entry().map_or(fallback, |e| e.value_span);
        let b = out.report(meta, producer.id, primary, message).key(value.key).primary_label(if value.is_explicit() {
            String::new()
        } else {
            value.origin_text()
        });
        let b = match self.location {
            Some((file, span)) => b.label(file, span, None, self.origin.clone()),
            None => b,
        };
        b.help(if self.location.is_none() { format!("{help} ({})", self.origin) } else { help })
    }
}

/// The broker settings of `broker_key` (cluster fact or each broker file's effective value) and
/// the explicit `topic_key` of each topic file of the deployment.
pub(crate) fn limits(cx: &crate::rules::DeploymentCtx<'_>, broker_key: &str, topic_key: Option<&str>) -> Vec<Limit> {
    let mut out = Vec::new();
    for s in cx.broker_settings(broker_key) {
        let Some(value) = s.as_i64() else { continue };
        let stated = match &s {
            crate::rules::BrokerSetting::Fact { .. } => true,
            crate::rules::BrokerSetting::File { value, .. } => value.is_explicit(),
        };
        out.push(Limit {
            value,
            stated,
            location: s.location(),
            origin: s.origin(broker_key),
            what: format!("the broker's `{broker_key}`"),
        });
    }
    if let Some(topic_key) = topic_key {
        for t in cx.with_role(crate::model::Role::Topic) {
            let Some(e) = t.explicit(topic_key) else { continue };
            let Some(value) = crate::model::parse_i64(&e.value) else { continue };
            out.push(Limit {
                value,
                stated: true,
                location: Some((t.id, e.value_span)),
                origin: format!("the topic sets `{topic_key}` here"),
                what: format!("the topic's `{topic_key}`"),
            });
        }
    }
    out
}
