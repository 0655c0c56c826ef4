use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Compares a consumer's effective `session.timeout.ms` with the bounds its brokers accept,
    /// `group.min.session.timeout.ms` and `group.max.session.timeout.ms` (effective values on both
    /// sides: a default counts).
    /// ## Why it fails in production
    /// The group coordinator rejects a JoinGroup whose session timeout is outside its bounds: the
    /// consumer fails with `InvalidSessionTimeoutException` ("The session timeout is not within the
    /// range allowed by the broker") and never joins its group.
    /// ## Example
    /// A consumer file and a broker file in one directory:
    /// ```properties,expect_diagnostic
    /// # consumer.properties
    /// group.id=orders
    /// session.timeout.ms=3000
    /// ```
    /// ## Use instead
    /// ```properties
    /// # consumer.properties
    /// group.id=orders
    /// session.timeout.ms=10000
    /// ```
    /// ## Fix
    /// Unsafe: sets the consumer's `session.timeout.ms` to the nearest bound the broker accepts
    /// (this changes how fast failed members are detected).
    /// ## Versions
    /// All. Skipped with `group.protocol=consumer` (KIP-848), where the broker's
    /// `group.consumer.*` settings apply instead.
    /// ## Source
    /// `GroupCoordinator.handleJoinGroup` (INVALID_SESSION_TIMEOUT); broker docs for
    /// `group.min.session.timeout.ms` / `group.max.session.timeout.ms`.
    pub SessionTimeoutVsBrokerBounds {
        id: "consumer/session-timeout-vs-broker-bounds",
        summary: "the consumer's session.timeout.ms is outside the broker's group session bounds",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["session.timeout.ms", "group.min.session.timeout.ms", "group.max.session.timeout.ms", "group.protocol"],
        fix: Always,
        source: "GroupCoordinator (INVALID_SESSION_TIMEOUT); KafkaConfig group.min/max.session.timeout.ms",
    }
}

impl Rule for SessionTimeoutVsBrokerBounds {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        for consumer in cx.with_role(Role::Consumer) {
            if super::uses_consumer_protocol(consumer) {
                continue;
            }
            let Some(st) = consumer.get("session.timeout.ms") else { continue };
            let Some(s) = st.as_i64() else { continue };
            for broker in cx.brokers() {
                let (Some(min), Some(max)) = (broker.get("group.min.session.timeout.ms"), broker.get("group.max.session.timeout.ms"))
                else {
                    continue;
                };
                let (Some(lo), Some(hi)) = (min.as_i64(), max.as_i64()) else { continue };
                let (bound, bound_value, relation) = if s < lo {
                    (&min, lo, "below")
                } else if s > hi {
                    (&max, hi, "above")
                } else {
                    continue;
                };
                let broker_path = broker.file.source.display_path();
                let primary = st.entry().map_or_else(|| consumer.anchor(&["group.id"]), |e| e.value_span);
                let origin = if st.is_explicit() { String::new() } else { format!(", the default in Kafka {}", consumer.release()) };
                let b = out
                    .report(&META, consumer.id, primary, format!("`session.timeout.ms` ({s}{origin}) is {relation} the broker's `{}` ({bound_value}): the consumer cannot join its group", bound.key))
                    .key("session.timeout.ms")
                    .primary_label(if st.is_explicit() { String::new() } else { format!("`session.timeout.ms` is not set: it defaults to {s}") })
                    .help(format!("set `session.timeout.ms` between {lo} and {hi}, the bounds of {broker_path}"));
                let b = match bound.entry() {
                    Some(e) => b.label(broker.id, e.value_span, Some(bound.key), format!("the broker sets `{}` here", bound.key)),
                    None => b.label(
                        broker.id,
                        Span::empty(0),
                        Some(bound.key),
                        format!("the broker leaves `{}` at its default, {bound_value}", bound.key),
                    ),
                };
                let edit = match st.entry() {
                    Some(e) => consumer.replace_value(e, &bound_value.to_string()),
                    None => consumer.insert_entry("session.timeout.ms", &bound_value.to_string()),
                };
                b.fix(Fix::unsafe_(format!("Set `session.timeout.ms={bound_value}`"), vec![edit]));
                break;
            }
        }
    }
}
