use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Notes a sarama consumer group (`NewConsumerGroup`) that leaves `Consumer.Offsets.Initial`
    /// at sarama's default, `OffsetNewest`. Setting it explicitly (to either value) says the choice
    /// was made and silences the note.
    /// ## Why it fails in production
    /// A group without committed offsets — a new group, a renamed one, or one whose offsets
    /// expired (`offsets.retention.minutes`) — starts at the end of each partition: the records
    /// already in the topic, and those written before the group's first commit, are never read.
    /// The service looks healthy and "receives nothing".
    /// ## Example
    /// ```go
    /// config := sarama.NewConfig()
    /// group, err := sarama.NewConsumerGroup(brokers, "billing", config)
    /// ```
    /// ## Use instead
    /// ```go
    /// config := sarama.NewConfig()
    /// config.Consumer.Offsets.Initial = sarama.OffsetOldest
    /// ```
    /// ## Fix
    /// None: whether to start at the beginning is the application's choice.
    /// ## Versions
    /// All.
    /// ## Source
    /// IBM/sarama `config.go` (`c.Consumer.Offsets.Initial = OffsetNewest`; "The initial offset to
    /// use if no offset was previously committed") at v1.43.0; bsm/sarama-cluster README
    /// ("Consumer not receiving any messages?").
    pub SaramaOffsetsInitialDefaultNewest {
        id: "go/sarama-offsets-initial-default-newest",
        summary: "a sarama consumer group starts at the newest offset by default: a new group skips existing records",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "IBM/sarama config.go NewConfig (Consumer.Offsets.Initial) at v1.43.0",
    }
}

impl Rule for SaramaOffsetsInitialDefaultNewest {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(g) = super::sarama(cx) else { return };
        let Some(call) = g.calls.iter().find(|c| c.name == "NewConsumerGroup" || c.name == "NewConsumerGroupFromClient") else { return };
        if g.field("Consumer.Offsets.Initial").is_some() {
            return;
        }
        if g.known("Consumer.Offsets.Initial").and_then(|v| v.as_i64()) != Some(-1) {
            return;
        }
        out.report(&META, cx.id, call.span, format!("`{}.Consumer.Offsets.Initial` is left at OffsetNewest (the default of {}): a group without committed offsets starts at the end of each partition and never reads the records already there", g.var, g.lib_text()))
            .help("set `Consumer.Offsets.Initial = sarama.OffsetOldest` to read from the beginning, or set OffsetNewest explicitly to say so");
    }
}
