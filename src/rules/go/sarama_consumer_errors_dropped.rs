use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a sarama consumer (`NewConsumerGroup`, `NewConsumer`) whose
    /// `Consumer.Return.Errors` is false — sarama's default — so its errors are handed to
    /// `sarama.Logger`, which discards everything unless the program replaces it.
    /// ## Why it fails in production
    /// The consumer that "receives nothing and logs nothing": an authorization failure, an
    /// offset out of range or a broker that keeps refusing fetches goes to `sarama.Logger`
    /// (`log.New(io.Discard, …)` by default) and nowhere else. The loop just waits.
    /// ## Example
    /// ```go
    /// config := sarama.NewConfig()
    /// group, err := sarama.NewConsumerGroup(brokers, "orders", config)
    /// ```
    /// ## Use instead
    /// ```go
    /// config := sarama.NewConfig()
    /// config.Consumer.Return.Errors = true
    /// group, err := sarama.NewConsumerGroup(brokers, "orders", config)
    /// go func() {
    ///     for err := range group.Errors() {
    ///         log.Printf("consumer error: %v", err)
    ///     }
    /// }()
    /// ```
    /// ## Fix
    /// None: setting the field without reading `Errors()` would block the consumer (see
    /// go/sarama-channel-not-read).
    /// ## Versions
    /// All.
    /// ## Source
    /// IBM/sarama `config.go` NewConfig (`c.Consumer.Return.Errors = false`), `consumer.go`
    /// `sendError` and `consumer_group.go` `handleError` (`Logger.Println` unless Return.Errors),
    /// `sarama.go` (`Logger = log.New(io.Discard, …)`) at v1.43.0.
    pub SaramaConsumerErrorsDropped {
        id: "go/sarama-consumer-errors-dropped",
        summary: "sarama consumer with Consumer.Return.Errors false: its errors go to a logger that discards them",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "IBM/sarama config.go, consumer.go, consumer_group.go, sarama.go at v1.43.0",
    }
}

impl Rule for SaramaConsumerErrorsDropped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(g) = super::sarama(cx) else { return };
        let Some(call) = g.calls.iter().find(|c| {
            matches!(c.name.as_str(), "NewConsumerGroup" | "NewConsumer" | "NewConsumerGroupFromClient" | "NewConsumerFromClient")
        }) else {
            return;
        };
        let Some((Some(v), field)) = g.value("Consumer.Return.Errors") else { return };
        if v.as_bool() != Some(false) {
            return;
        }
        let span = field.map_or(call.span, |f| f.span);
        let how = if field.is_some() { "is set to false" } else { "is false (sarama's default)" };
        out.report(&META, cx.id, span, format!("`{}.Consumer.Return.Errors` {how}: this consumer's errors go to sarama.Logger, which discards them unless replaced — a consumer that receives nothing logs nothing", g.var))
            .help("set `Consumer.Return.Errors = true` and read `Errors()` in a goroutine (or set sarama.Logger)");
    }
}
