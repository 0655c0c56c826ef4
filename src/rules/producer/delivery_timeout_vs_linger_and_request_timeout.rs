use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a `delivery.timeout.ms` below `linger.ms + request.timeout.ms` (effective values):
    /// an error when `delivery.timeout.ms` is set in the file, advice when it is the default,
    /// which Kafka then raises.
    /// ## Why it fails in production
    /// A record must be able to wait out `linger.ms` and one request within its delivery
    /// timeout. With `delivery.timeout.ms` set explicitly below the sum, the producer refuses to
    /// start: `ConfigException: delivery.timeout.ms should be equal to or larger than linger.ms
    /// + request.timeout.ms`. Left at its default, Kafka logs a warning and raises it to the sum,
    /// so sends may take longer to fail than the default suggests. Kafka 4.0 raised the default
    /// `linger.ms` to 5: a file that set both timeouts to the same value starts failing on 4.0.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// delivery.timeout.ms=30000
    /// request.timeout.ms=30000
    /// linger.ms=20
    /// ```
    /// ## Use instead
    /// ```properties
    /// delivery.timeout.ms=60000
    /// request.timeout.ms=30000
    /// linger.ms=20
    /// ```
    /// ## Fix
    /// Safe when `delivery.timeout.ms` is set: raises it to `linger.ms + request.timeout.ms`
    /// (the smallest value Kafka accepts). Otherwise none: Kafka already uses the sum.
    /// ## Versions
    /// 2.1 and later (KIP-91 added `delivery.timeout.ms`).
    /// ## Source
    /// `KafkaProducer.configureDeliveryTimeout`; KIP-91; KIP-1030 (`linger.ms` default 5 in 4.0).
    pub DeliveryTimeoutVsLingerAndRequestTimeout {
        id: "producer/delivery-timeout-vs-linger-and-request-timeout",
        summary: "delivery.timeout.ms must be at least linger.ms + request.timeout.ms",
        severity: Error,
        scope: Scope::File(&[Role::Producer]),
        versions: Some("2.1") => None,
        reads: ["delivery.timeout.ms", "linger.ms", "request.timeout.ms"],
        fix: Sometimes,
        source: "KafkaProducer.configureDeliveryTimeout; KIP-91",
    }
}

impl Rule for DeliveryTimeoutVsLingerAndRequestTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let (Some(dt), Some(linger), Some(rt)) = (cx.get("delivery.timeout.ms"), cx.get("linger.ms"), cx.get("request.timeout.ms")) else {
            return;
        };
        let (Some(d), Some(l), Some(r)) = (dt.as_i64(), linger.as_i64(), rt.as_i64()) else { return };
        // Kafka clamps linger.ms to an int and the sum to Integer.MAX_VALUE.
        let sum = (l.min(i64::from(i32::MAX)) + r).min(i64::from(i32::MAX));
        if d >= sum {
            return;
        }
        let release = cx.release();
        let parts = format!(
            "`linger.ms` ({l}{}) + `request.timeout.ms` ({r}{})",
            super::default_note(&linger, release),
            super::default_note(&rt, release)
        );
        // Labels on the explicit summands, except the one the primary span already points at.
        fn labels<'b>(
            mut b: crate::rules::Builder<'b>,
            cx: &FileCtx<'_>,
            values: [&crate::model::Value<'_>; 2],
            skip: Option<&str>,
        ) -> crate::rules::Builder<'b> {
            for v in values {
                if let Some(e) = v.entry() {
                    if skip != Some(v.key) {
                        b = b.label(cx.id, e.value_span, Some(v.key), v.origin_text());
                    }
                }
            }
            b
        }
        match dt.entry() {
            Some(e) => {
                let b = out
                    .report(
                        &META,
                        cx.id,
                        e.value_span,
                        format!("`delivery.timeout.ms` ({d}) is below {parts} = {sum}: the producer refuses to start"),
                    )
                    .key("delivery.timeout.ms")
                    .help(format!("set `delivery.timeout.ms` to at least {sum}, or lower `linger.ms` or `request.timeout.ms`"));
                labels(b, cx, [&linger, &rt], None)
                    .fix(Fix::safe(format!("Set `delivery.timeout.ms={sum}`"), vec![cx.replace_value(e, &sum.to_string())]));
            }
            None => {
                let (primary, key) = match (rt.entry(), linger.entry()) {
                    (Some(e), _) => (e.value_span, "request.timeout.ms"),
                    (None, Some(e)) => (e.value_span, "linger.ms"),
                    (None, None) => (cx.anchor(&[]), "request.timeout.ms"),
                };
                let b = out
                    .report(
                        &META,
                        cx.id,
                        primary,
                        format!(
                            "{parts} = {sum} is above the default `delivery.timeout.ms` ({d}): Kafka raises the delivery timeout to {sum}"
                        ),
                    )
                    .key(key)
                    .severity(Severity::Info)
                    .primary_label(dt.origin_text())
                    .help(format!("set `delivery.timeout.ms` explicitly (at least {sum}) to bound how long a send may take"));
                labels(b, cx, [&linger, &rt], Some(key));
            }
        }
    }
}
