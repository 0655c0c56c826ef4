use crate::formats::go::Lib;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Notes a consumer built with `github.com/bsm/sarama-cluster` (`cluster.NewConfig()`,
    /// `cluster.NewConsumer`).
    /// ## Why it fails in production
    /// The library is archived and unmaintained: its README says it is deprecated since sarama
    /// v1.19.0 added `ConsumerGroup`. It pins old sarama behaviour (no KIP-345 static members, no
    /// fixes for group protocol changes) and gets no fixes for newer brokers.
    /// ## Example
    /// ```go
    /// config := cluster.NewConfig()
    /// consumer, err := cluster.NewConsumer(brokers, "orders", topics, config)
    /// ```
    /// ## Use instead
    /// ```go
    /// config := sarama.NewConfig()
    /// group, err := sarama.NewConsumerGroup(brokers, "orders", config)
    /// // group.Consume(ctx, topics, handler) in a loop, with a ConsumerGroupHandler
    /// ```
    /// ## Fix
    /// None: the consumer loop changes shape (a `ConsumerGroupHandler`).
    /// ## Versions
    /// All.
    /// ## Source
    /// bsm/sarama-cluster README ("DEPRECATED ... please use sarama's ConsumerGroup"); IBM/sarama
    /// CHANGELOG 1.19.0 (ConsumerGroup).
    pub SaramaClusterUnmaintained {
        id: "go/sarama-cluster-unmaintained",
        summary: "bsm/sarama-cluster is archived: use sarama's ConsumerGroup",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "bsm/sarama-cluster README; IBM/sarama CHANGELOG 1.19.0",
    }
}

impl Rule for SaramaClusterUnmaintained {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(g) = super::go(cx).filter(|g| g.lib == Lib::SaramaCluster) else { return };
        out.report(&META, cx.id, g.origin, "bsm/sarama-cluster is archived and unmaintained; sarama's own ConsumerGroup (since v1.19.0) replaces it")
            .help("use sarama.NewConsumerGroup with a ConsumerGroupHandler");
    }
}
