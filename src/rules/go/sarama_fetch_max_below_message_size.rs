use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a sarama consumer whose `Consumer.Fetch.Max` (set, not 0) is below the
    /// `message.max.bytes` of the brokers it runs against (their files, the compose file it pairs
    /// with, or kafkalint.toml's cluster facts), or below the `max.message.bytes` of a topic its
    /// code consumes (`group.Consume(ctx, []string{"orders"}, h)`, `ConsumePartition("orders", …)`,
    /// sarama-cluster's topics) when that topic's configuration is part of the deployment (a
    /// Strimzi `KafkaTopic` of the same declared cluster). Topics the code does not name are not
    /// compared.
    /// ## Why it fails in production
    /// sarama grows its per-partition fetch size up to `Consumer.Fetch.Max`; a record batch larger
    /// than that never fits, and sarama skips it: it sends `ErrMessageTooLarge` to the error
    /// channel (or the discarding logger) and moves the offset past it. The batch's records are
    /// silently not processed.
    /// ## Example
    /// ```go
    /// config := sarama.NewConfig()
    /// config.Consumer.Fetch.Max = 512 * 1024 // the brokers accept batches up to 1048588 bytes
    /// ```
    /// ## Use instead
    /// ```go
    /// config.Consumer.Fetch.Max = 0 // no limit (sarama's default), or at least message.max.bytes
    /// ```
    /// ## Fix
    /// None.
    /// ## Versions
    /// All.
    /// ## Source
    /// IBM/sarama `consumer.go` (`parseResponse`: "we can't ask for more data, we've hit the
    /// configured limit", `sendError(ErrMessageTooLarge)`, `child.offset++`) and `config.go`
    /// (`Consumer.Fetch.Max`, default 0) at v1.43.0; Kafka's `message.max.bytes`.
    pub SaramaFetchMaxBelowMessageSize {
        id: "go/sarama-fetch-max-below-message-size",
        summary: "sarama Consumer.Fetch.Max below the brokers' message.max.bytes: larger batches are skipped",
        severity: Warning,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["message.max.bytes", "max.message.bytes"],
        fix: None,
        source: "IBM/sarama consumer.go parseResponse (ErrMessageTooLarge, offset++) at v1.43.0",
    }
}

impl Rule for SaramaFetchMaxBelowMessageSize {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let settings = cx.broker_settings("message.max.bytes");
        let largest = settings.iter().filter_map(|s| s.as_i64().map(|v| (v, s))).max_by_key(|(v, _)| *v);
        for f in &cx.files {
            let Some(g) = super::sarama(f) else { continue };
            if !g.calls.iter().any(|c| c.name.starts_with("NewConsumer")) {
                continue;
            }
            let Some(field) = g.field("Consumer.Fetch.Max") else { continue };
            let Some(max) = field.value.as_ref().and_then(|v| v.as_i64()) else { continue };
            if max <= 0 {
                continue;
            }
            if let Some(largest) = largest.filter(|(v, _)| max < *v) {
                let mut b = out.report(&META, f.id, field.span, format!("`{}.Consumer.Fetch.Max` is {max} bytes, below the brokers' `message.max.bytes` ({}): sarama skips a larger record batch with ErrMessageTooLarge and its records are never processed", g.var, largest.0));
                if let Some((file, span)) = largest.1.location() {
                    b = b.label(file, span, Some("message.max.bytes"), largest.1.origin("message.max.bytes"));
                }
                b.help("leave Consumer.Fetch.Max at 0 (no limit) or raise it to at least message.max.bytes");
                continue;
            }
            // A topic the code consumes whose own limit is larger.
            for t in g.topics.iter().filter(|t| t.how == "consume") {
                for topic in cx.with_role(crate::model::Role::Topic).filter(|x| x.file.unit_name() == Some(t.name.as_str())) {
                    let Some(e) = topic.explicit("max.message.bytes") else { continue };
                    let Some(limit) = crate::model::parse_i64(&e.value) else { continue };
                    if max >= limit {
                        continue;
                    }
                    out.report(&META, f.id, field.span, format!("`{}.Consumer.Fetch.Max` is {max} bytes, below `max.message.bytes` ({limit}) of the topic `{}` this consumer reads: sarama skips a larger record batch with ErrMessageTooLarge and its records are never processed", g.var, t.name))
                        .label(topic.id, e.value_span, Some("max.message.bytes"), format!("the topic `{}` accepts batches up to {limit} bytes", t.name))
                        .help("leave Consumer.Fetch.Max at 0 (no limit) or raise it to at least the topic's max.message.bytes");
                }
            }
        }
    }
}
