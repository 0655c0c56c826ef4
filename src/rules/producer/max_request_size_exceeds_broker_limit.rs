use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares a producer's `max.request.size` with the largest record batch its brokers
    /// accept: the broker's `message.max.bytes` (a broker file's effective value, or the
    /// cluster's value declared in kafkalint.toml) and the `max.message.bytes` of topic files in
    /// the deployment. At least one side must be set explicitly: Kafka's defaults before 2.5
    /// (1048576 against 1000012) are a known, tiny gap that this rule does not report.
    /// ## Why it fails in production
    /// The producer checks each record against `max.request.size` only. A record (or batch)
    /// larger than the broker's limit passes that check, travels to the broker and is refused:
    /// the send fails with `RecordTooLargeException: The request included a message larger than
    /// the max message size the server will accept.` Raising `max.request.size` alone is the
    /// classic half-done fix for large messages.
    /// ## Example
    /// A producer and a broker in one directory:
    /// ```properties
    /// # producer.properties
    /// max.request.size=5242880
    /// # server.properties: message.max.bytes left at its default (1048588)
    /// ```
    /// ## Use instead
    /// ```properties
    /// # producer.properties
    /// max.request.size=5242880
    /// # server.properties
    /// message.max.bytes=5242880
    /// ```
    /// ## Fix
    /// Unsafe: lowers `max.request.size` to the broker's limit (large records then fail in the
    /// producer, with a clear message). Or raise `message.max.bytes` / `max.message.bytes` (and
    /// the consumers' `max.partition.fetch.bytes`) by hand.
    /// ## Versions
    /// All.
    /// ## Source
    /// `ProducerConfig` docs for `max.request.size`; broker docs for `message.max.bytes` and topic
    /// docs for `max.message.bytes`; `RecordTooLargeException`.
    pub MaxRequestSizeExceedsBrokerLimit {
        id: "producer/max-request-size-exceeds-broker-limit",
        summary: "max.request.size allows records larger than the broker accepts",
        severity: Warning,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["max.request.size", "message.max.bytes", "max.message.bytes"],
        fix: Always,
        source: "ProducerConfig (max.request.size); KafkaConfig (message.max.bytes); TopicConfig (max.message.bytes)",
    }
}

impl Rule for MaxRequestSizeExceedsBrokerLimit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let limits = super::limits(cx, "message.max.bytes", Some("max.message.bytes"));
        for producer in cx.reported_with_role(Role::Producer) {
            let Some(mrs) = producer.get("max.request.size") else { continue };
            let Some(m) = mrs.as_i64() else { continue };
            let Some(limit) = limits.iter().filter(|l| m > l.value && (mrs.is_explicit() || l.stated)).min_by_key(|l| l.value) else {
                continue;
            };
            let release = producer.release();
            let help =
                format!("raise {} to {m} (and the consumers' fetch sizes), or lower `max.request.size` to {}", limit.what, limit.value);
            let b = limit.report(
                out,
                &META,
                producer,
                &mrs,
                producer.anchor(&[]),
                (
                    format!(
                    "`max.request.size` ({m}{}) is above {} ({}): records between the two pass the producer and are refused by the broker",
                    super::default_note(&mrs, release),
                    limit.what,
                    limit.value
                ),
                    help,
                ),
            );
            let edit = match mrs.entry() {
                Some(e) => producer.replace_value(e, &limit.value.to_string()),
                None => producer.insert_entry("max.request.size", &limit.value.to_string()),
            };
            b.fix(Fix::unsafe_(format!("Set `max.request.size={}`", limit.value), vec![edit]));
        }
    }
}
