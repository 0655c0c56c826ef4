use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a sarama consumer whose `Consumer.Fetch.Max` (set, not 0) is below the
    /// `message.max.bytes` of the brokers it runs against (their files, a compose file of the same
    /// directory, or kafkalint.toml's cluster facts).
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
        reads: ["message.max.bytes"],
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
        let Some(largest) = settings.iter().filter_map(|s| s.as_i64().map(|v| (v, s))).max_by_key(|(v, _)| *v) else { return };
        for f in &cx.files {
            let Some(g) = super::sarama(f) else { continue };
            if !g.calls.iter().any(|c| c.name.starts_with("NewConsumer")) {
                continue;
            }
            let Some(field) = g.field("Consumer.Fetch.Max") else { continue };
            let Some(max) = field.value.as_ref().and_then(|v| v.as_i64()) else { continue };
            if max <= 0 || max >= largest.0 {
                continue;
            }
            let mut b = out.report(&META, f.id, field.span, format!("`{}.Consumer.Fetch.Max` is {max} bytes, below the brokers' `message.max.bytes` ({}): sarama skips a larger record batch with ErrMessageTooLarge and its records are never processed", g.var, largest.0));
            if let Some((file, span)) = largest.1.location() {
                b = b.label(file, span, Some("message.max.bytes"), largest.1.origin("message.max.bytes"));
            }
            b.help("leave Consumer.Fetch.Max at 0 (no limit) or raise it to at least message.max.bytes");
        }
    }
}
