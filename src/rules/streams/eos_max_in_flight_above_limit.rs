use crate::diagnostic::Fix;
use crate::model::{parse_i64, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a Streams application under exactly-once (`processing.guarantee` `exactly_once`,
    /// `exactly_once_beta` or `exactly_once_v2`, as the version accepts them) whose embedded
    /// producer gets more than 5 `max.in.flight.requests.per.connection`. The producer's value is
    /// resolved as Streams resolves it: `producer.max.in.flight.requests.per.connection` wins over
    /// the unprefixed key.
    /// ## Why it fails in production
    /// The application does not start: Streams checks the value when it builds its producer's
    /// configuration and throws `ConfigException: Invalid value 10 for configuration
    /// max.in.flight.requests.per.connection: Can't exceed 5 when exactly-once processing is
    /// enabled` (2.0–2.3: `max.in.flight.requests.per.connection can't exceed 5 when using the
    /// idempotent producer`). The exactly-once producer is idempotent, and the broker keeps the
    /// sequence state of only the last 5 batches per producer.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=streams
    /// application.id=orders
    /// processing.guarantee=exactly_once_v2
    /// producer.max.in.flight.requests.per.connection=10
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=streams
    /// application.id=orders
    /// processing.guarantee=exactly_once_v2
    /// producer.max.in.flight.requests.per.connection=5
    /// ```
    /// ## Fix
    /// Safe (the application cannot start otherwise): sets the value to 5.
    /// ## Versions
    /// 2.0+. Verified in `StreamsConfig` at apache/kafka tags 2.0.0, 2.1.0, 2.4.0, 2.6.0, 2.8.0,
    /// 3.0.0, 3.3.0, 3.6.0, 3.8.0 and 3.9.0, and at the 4.0.0, 4.1.0 and 4.2.0 releases. In 1.x
    /// Streams overrides the value under exactly-once (to 1) with a warning instead. 2.0–2.3 cast
    /// the value to `Integer` (a string value fails with a `ClassCastException`; only a value
    /// above 5 is reported here); 2.4 and later parse it. From 4.0 only `exactly_once_v2`
    /// exists.
    /// ## Source
    /// `StreamsConfig.checkIfUnexpectedUserSpecifiedConsumerConfig` (2.0–4.1, named
    /// `checkIfUnexpectedUserSpecifiedClientConfig` in 4.2) and `verifyMaxInFlightRequestPerConnection`
    /// (2.4+), on the map of `getClientPropsWithPrefix(PRODUCER_PREFIX, ProducerConfig.configNames())`.
    pub EosMaxInFlightAboveLimit {
        id: "streams/eos-max-in-flight-above-limit",
        summary: "under exactly-once, the embedded producer's max.in.flight.requests.per.connection is above 5: the application does not start",
        severity: Error,
        scope: Scope::File(&[Role::Streams]),
        versions: Some("2.0") => None,
        reads: ["processing.guarantee", "max.in.flight.requests.per.connection", "producer.max.in.flight.requests.per.connection"],
        fix: Always,
        source: "StreamsConfig.checkIfUnexpectedUserSpecifiedConsumerConfig / verifyMaxInFlightRequestPerConnection",
    }
}

/// The most in-flight requests Streams accepts under exactly-once.
const LIMIT: i64 = 5;

impl Rule for EosMaxInFlightAboveLimit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(pg) = super::eos_guarantee(cx) else { return };
        // 1.x overrides the value instead: with an inferred version the range must start at 2.0.
        if !crate::rules::client::holds_from(cx, "2.0", super::guarantee_floor(pg)) {
            return;
        }
        let Some(e) = super::producer_setting(cx, "max.in.flight.requests.per.connection") else { return };
        let Some(n) = parse_i64(&e.value) else { return };
        if n <= LIMIT {
            return;
        }
        out.report(
            &META,
            cx.id,
            e.value_span,
            format!(
                "`{}={n}` under exactly-once: Streams refuses more than {LIMIT} in-flight requests and the application does not start",
                e.key
            ),
        )
        .key(&e.key)
        .label(cx.id, pg.value_span, Some("processing.guarantee"), "exactly-once is on here")
        .help(format!("set `{}` to at most {LIMIT}", e.key))
        .fix(Fix::safe(format!("Set `{}={LIMIT}`", e.key), vec![cx.replace_value(e, &LIMIT.to_string())]));
    }
}
