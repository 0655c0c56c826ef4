use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, BrokerSetting, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares a consumer's effective `session.timeout.ms` with the bounds its brokers accept,
    /// `group.min.session.timeout.ms` and `group.max.session.timeout.ms`: effective values of the
    /// broker files (a default counts), or the values kafkalint.toml declares for the cluster
    /// (`[clusters.facts]`).
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

const MIN: &str = "group.min.session.timeout.ms";
const MAX: &str = "group.max.session.timeout.ms";

impl Rule for SessionTimeoutVsBrokerBounds {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let mins = cx.broker_settings(MIN);
        let maxs = cx.broker_settings(MAX);
        for consumer in cx.reported_with_role(Role::Consumer) {
            if super::uses_consumer_protocol(consumer) {
                continue;
            }
            let Some(st) = consumer.get("session.timeout.ms") else { continue };
            let Some(s) = st.as_i64() else { continue };
            // The first bound that the session timeout breaks, with the other bound for the help.
            let below = mins.iter().find_map(|m| m.as_i64().filter(|lo| s < *lo).map(|lo| (m, lo)));
            let above = maxs.iter().find_map(|m| m.as_i64().filter(|hi| s > *hi).map(|hi| (m, hi)));
            let (bound, key, bound_value, relation): (&BrokerSetting<'_, '_>, &str, i64, &str) = match (below, above) {
                (Some((m, lo)), _) => (m, MIN, lo, "below"),
                (None, Some((m, hi))) => (m, MAX, hi, "above"),
                (None, None) => continue,
            };
            let lo = mins.iter().filter_map(BrokerSetting::as_i64).max();
            let hi = maxs.iter().filter_map(BrokerSetting::as_i64).min();
            let primary = st.entry().map_or_else(|| consumer.anchor(&["group.id"]), |e| e.value_span);
            let origin = if st.is_explicit() { String::new() } else { format!(", the default in Kafka {}", consumer.release()) };
            let mut bounds = match (lo, hi) {
                (Some(lo), Some(hi)) => format!("set `session.timeout.ms` between {lo} and {hi}, the bounds the brokers accept"),
                _ => format!("set `session.timeout.ms` {} {bound_value}", if relation == "below" { "to at least" } else { "to at most" }),
            };
            if bound.location().is_none() {
                bounds = format!("{bounds} ({})", bound.origin(key));
            }
            let b = out
                .report(
                    &META,
                    consumer.id,
                    primary,
                    format!("`session.timeout.ms` ({s}{origin}) is {relation} the broker's `{key}` ({bound_value}): the consumer cannot join its group"),
                )
                .key("session.timeout.ms")
                .primary_label(if st.is_explicit() { String::new() } else { format!("`session.timeout.ms` is not set: it defaults to {s}") })
                .help(bounds);
            let b = match bound.location() {
                Some((file, span)) => b.label(file, span, Some(key), bound.origin(key)),
                None => b,
            };
            let edit = match st.entry() {
                Some(e) => consumer.replace_value(e, &bound_value.to_string()),
                None => consumer.insert_entry("session.timeout.ms", &bound_value.to_string()),
            };
            b.fix(Fix::unsafe_(format!("Set `session.timeout.ms={bound_value}`"), vec![edit]));
        }
    }
}
