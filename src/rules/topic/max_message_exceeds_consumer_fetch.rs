use crate::diagnostic::Severity;
use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares a topic's `max.message.bytes` override with the fetch sizes of the deployment's
    /// consumers: `max.partition.fetch.bytes` and `fetch.max.bytes` (effective values: the
    /// defaults, 1 MiB and 50 MiB, count). One finding per topic, with every consumer below it
    /// as a related location; silent when the topic writes out its own default (as good as not
    /// setting it).
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

/// A consumer whose fetch size is below the topic's `max.message.bytes`.
struct Short<'c, 'a> {
    consumer: &'c crate::rules::FileCtx<'a>,
    key: &'static str,
    fetch: i64,
    value: crate::model::Value<'a>,
    progress: bool,
}

/// The topic's own default of `max.message.bytes` in its Kafka version.
fn topic_default(release: crate::version::Release) -> Option<i64> {
    let def = crate::knowledge::kind("topic")?.get("max.message.bytes")?;
    match def.default_in(release)? {
        crate::knowledge::DefaultVal::Value(v) => crate::model::parse_i64(v),
        _ => None,
    }
}

impl Rule for MaxMessageExceedsConsumerFetch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    /// One finding per topic, with the consumers whose fetch sizes are below it as related
    /// locations (not one per topic and consumer: a tree of many topics and consumers would drown
    /// in copies of one fact).
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let consumers: Vec<_> = cx.with_role(Role::Consumer).collect();
        if consumers.is_empty() {
            return;
        }
        for topic in cx.with_role(Role::Topic) {
            let Some(e) = topic.explicit("max.message.bytes") else { continue };
            let Some(max) = crate::model::parse_i64(&e.value) else { continue };
            // The default written out is the default: the same as not setting it.
            if topic_default(topic.release()) == Some(max) {
                continue;
            }
            let short: Vec<Short> = consumers
                .iter()
                .filter_map(|&consumer| {
                    ["max.partition.fetch.bytes", "fetch.max.bytes"].into_iter().find_map(|key| {
                        let value = consumer.get(key)?;
                        let fetch = value.as_i64()?;
                        (fetch < max).then(|| Short {
                            consumer,
                            key,
                            fetch,
                            value,
                            progress: crate::rules::broker::since(consumer.release(), "consumer_fetch_progress.since"),
                        })
                    })
                })
                .collect();
            let Some(first) = short.first() else { continue };
            let stuck: Vec<&Short> = short.iter().filter(|s| !s.progress).collect();
            let sev = if stuck.is_empty() { Severity::Info } else { Severity::Error };
            let msg = if short.len() == 1 {
                let s = first;
                let path = s.consumer.file.display_name();
                let dflt = if s.value.is_explicit() { String::new() } else { format!(", the default in Kafka {}", s.consumer.release()) };
                if s.progress {
                    format!("`max.message.bytes` ({max}) exceeds `{}` ({}{dflt}) of {path}: that consumer still receives large batches (KIP-74), one per fetch", s.key, s.fetch)
                } else {
                    format!(
                        "`max.message.bytes` ({max}) exceeds `{}` ({}{dflt}) of {path}: a Kafka {} consumer stops for good at a larger message (RecordTooLargeException)",
                        s.key,
                        s.fetch,
                        s.consumer.release()
                    )
                }
            } else {
                let names: Vec<String> = short.iter().take(3).map(|s| s.consumer.file.display_name()).collect();
                let more = if short.len() > 3 { format!(" and {} more", short.len() - 3) } else { String::new() };
                let what = if stuck.is_empty() {
                    "they still receive large batches (KIP-74), one per fetch".to_string()
                } else {
                    format!("{} of them (Kafka before 0.10.1) stop for good at a larger message (RecordTooLargeException)", stuck.len())
                };
                format!(
                    "`max.message.bytes` ({max}) exceeds the fetch sizes of {} consumers ({}{more}): {what}",
                    short.len(),
                    names.join(", ")
                )
            };
            let keys: std::collections::BTreeSet<&str> = short.iter().map(|s| s.key).collect();
            let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            let mut b = out.report(&META, topic.id, e.value_span, msg).key("max.message.bytes").severity(sev).help(if short.len() == 1 {
                format!("raise the consumer's `{}` to at least {max}", first.key)
            } else {
                format!("raise the consumers' {} to at least {max}", keys.join(" and "))
            });
            for s in &short {
                let span = s.value.entry().map_or_else(|| s.consumer.anchor(&["group.id"]), |x| x.value_span);
                b = b.label(s.consumer.id, span, Some(s.key), s.value.origin_text());
            }
        }
    }
}
