use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a sarama configuration that asks for a result channel nobody reads in the file:
    /// `Consumer.Return.Errors = true` for a consumer, `Producer.Return.Errors` (true by default)
    /// or `Producer.Return.Successes = true` for an `AsyncProducer`, with no `.Errors()` /
    /// `.Successes()` call on the client that constructor returns. The reader is looked for on
    /// the client's own variable (`group, err := sarama.NewConsumerGroup(…)` → `group.Errors()`
    /// anywhere in the file, a goroutine's closure included); another client's reader does not
    /// count. When the client leaves kafkalint's sight (returned, passed to a function, stored
    /// in a struct field or another variable), someone else may read it and nothing is
    /// reported; a client discarded with `_` can never be read. The sync producer reads both
    /// channels itself and is not flagged.
    /// ## Why it fails in production
    /// sarama sends each error or success on a channel of `ChannelBufferSize` (256) entries and
    /// blocks when it is full: after 256 unread results the producer stops producing (and
    /// `Input()` blocks), the consumer stops consuming. It works in tests and hangs under load.
    /// ## Example
    /// ```go
    /// config := sarama.NewConfig()
    /// config.Producer.Return.Successes = true
    /// producer, _ := sarama.NewAsyncProducer(brokers, config)
    /// producer.Input() <- msg
    /// ```
    /// ## Use instead
    /// ```go
    /// go func() {
    ///     for range producer.Successes() {
    ///     }
    /// }()
    /// go func() {
    ///     for err := range producer.Errors() {
    ///         log.Println(err)
    ///     }
    /// }()
    /// ```
    /// ## Fix
    /// None.
    /// ## Versions
    /// All.
    /// ## Source
    /// IBM/sarama `async_producer.go` (`Errors()`/`Successes()` doc: "you must read from this
    /// channel or the Producer will deadlock"), `consumer.go` (`sendError`), `config.go`
    /// (`Producer.Return.Errors = true`, `ChannelBufferSize = 256`) at v1.43.0.
    pub SaramaChannelNotRead {
        id: "go/sarama-channel-not-read",
        summary: "a sarama result channel is enabled but never read: the client blocks once it is full",
        severity: Error,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "IBM/sarama async_producer.go, consumer.go, config.go at v1.43.0",
    }
}

impl Rule for SaramaChannelNotRead {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(g) = super::sarama(cx) else { return };
        let consumer = g.calls.iter().find(|c| {
            matches!(c.name.as_str(), "NewConsumerGroup" | "NewConsumer" | "NewConsumerGroupFromClient" | "NewConsumerFromClient")
        });
        let async_producer = g.calls.iter().find(|c| matches!(c.name.as_str(), "NewAsyncProducer" | "NewAsyncProducerFromClient"));
        let on = |p: &str| g.value(p).and_then(|(v, f)| (v?.as_bool() == Some(true)).then_some(f.map(|f| f.span)));
        if let Some(c) = consumer {
            if let Some(at) = on("Consumer.Return.Errors") {
                if !c.reads_errors {
                    out.report(&META, cx.id, at.unwrap_or(c.span), format!("`{}.Consumer.Return.Errors` is true but nothing in this file reads {}: the consumer blocks after {} unread errors", g.var, channel(c, "Errors()"), buffer(g)))
                        .help("read `Errors()` in a goroutine");
                }
            }
        }
        if let Some(c) = async_producer {
            for (path, reads, chan) in
                [("Producer.Return.Errors", c.reads_errors, "Errors()"), ("Producer.Return.Successes", c.reads_successes, "Successes()")]
            {
                let Some(at) = on(path) else { continue };
                if reads {
                    continue;
                }
                let how = if at.is_some() { "is true" } else { "is true (sarama's default)" };
                out.report(&META, cx.id, at.unwrap_or(c.span), format!("`{}.{path}` {how} but nothing in this file reads {} of the AsyncProducer: it stops producing after {} unread results", g.var, channel(c, chan), buffer(g)))
                    .help(format!("read `{chan}` in a goroutine, or set `{path} = false`"));
            }
        }
    }
}

/// `` `group.Errors()` `` for a client held in a variable, else `` `Errors()` ``.
fn channel(c: &crate::formats::go::GoCall, chan: &str) -> String {
    match &c.binding {
        crate::formats::go::Binding::Var(v) => format!("`{v}.{chan}`"),
        _ => format!("`{chan}`"),
    }
}

fn buffer(g: &crate::formats::go::GoFacts) -> String {
    g.known("ChannelBufferSize").and_then(|v| v.as_i64()).map_or("ChannelBufferSize".into(), |n| n.to_string())
}
