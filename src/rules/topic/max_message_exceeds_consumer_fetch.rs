use crate::diagnostic::Severity;
use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares a topic's `max.message.bytes` override with the fetch sizes of the deployment's
    /// consumers: `max.partition.fetch.bytes` and `fetch.max.bytes` (effective values: the
    /// defaults, 1 MiB and 50 MiB, count).
    /// ## Why it fails in production
    /// Before Kafka 0.10.1 a consumer could not fetch a message larger than
    /// `max.partition.fetch.bytes`: it stopped on that partition for good with
    /// `RecordTooLargeException: There are some messages at [Partition=Offset]: {orders-0=42}
    /// whose size is larger than the fetch size 1048576 and hence cannot be ever returned` — an
    /// error. Since KIP-74 (0.10.1) the consumer returns an oversized batch on its own, so it
    /// makes progress, but each such fetch brings only that batch (slower consumption): an info.
    /// ## Example
    /// A topic file and a consumer file in one directory:
    /// ```properties,expect_diagnostic
    /// # topic-images.properties
    /// max.message.bytes=10485760
    /// # consumer.properties
    /// group.id=thumbnails
    /// ```
    /// ## Use instead
    /// ```properties
    /// # topic-images.properties
    /// max.message.bytes=10485760
    /// # consumer.properties
    /// group.id=thumbnails
    /// max.partition.fetch.bytes=10485760
    /// ```
    /// ## Fix
    /// None: raise the consumer's `max.partition.fetch.bytes` (and `fetch.max.bytes`) to at least
    /// the topic's `max.message.bytes`.
    /// ## Versions
    /// All; an error before 0.10.1 (judged by each consumer file's Kafka version), an info after.
    /// ## Source
    /// KIP-74 (Add Fetch Response Size Limit in Bytes); consumer docs of
    /// `max.partition.fetch.bytes`; `Fetcher` (`RecordTooLargeException`, before 0.10.1).
    pub MaxMessageExceedsConsumerFetch {
        id: "topic/max-message-exceeds-consumer-fetch",
        summary: "a topic's max.message.bytes exceeds a consumer's fetch sizes",
        severity: Info,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["max.message.bytes", "max.partition.fetch.bytes", "fetch.max.bytes"],
        fix: None,
        source: "KIP-74; consumer docs (max.partition.fetch.bytes)",
    }
}

impl Rule for MaxMessageExceedsConsumerFetch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        for topic in cx.with_role(Role::Topic) {
            let Some(e) = topic.explicit("max.message.bytes") else { continue };
            let Some(max) = crate::model::parse_i64(&e.value) else { continue };
            for consumer in cx.with_role(Role::Consumer) {
                let progress = crate::rules::broker::since(consumer.release(), "consumer_fetch_progress.since");
                for key in ["max.partition.fetch.bytes", "fetch.max.bytes"] {
                    let Some(v) = consumer.get(key) else { continue };
                    let Some(fetch) = v.as_i64() else { continue };
                    if fetch >= max {
                        continue;
                    }
                    let path = consumer.file.source.display_path();
                    let dflt = if v.is_explicit() { String::new() } else { format!(", the default in Kafka {}", consumer.release()) };
                    let (msg, sev) = if progress {
                        (
                            format!("`max.message.bytes` ({max}) exceeds `{key}` ({fetch}{dflt}) of {path}: that consumer still receives large batches (KIP-74), one per fetch"),
                            Severity::Info,
                        )
                    } else {
                        (
                            format!("`max.message.bytes` ({max}) exceeds `{key}` ({fetch}{dflt}) of {path}: a Kafka {} consumer stops for good at a larger message (RecordTooLargeException)", consumer.release()),
                            Severity::Error,
                        )
                    };
                    let span = v.entry().map_or_else(|| consumer.anchor(&["group.id"]), |x| x.value_span);
                    out.report(&META, topic.id, e.value_span, msg)
                        .key("max.message.bytes")
                        .severity(sev)
                        .label(consumer.id, span, Some(key), v.origin_text())
                        .help(format!("raise the consumer's `{key}` to at least {max}"));
                    break;
                }
            }
        }
    }
}
