use crate::formats::go::Lib;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Notes a consumer built with `github.com/bsm/sarama-cluster` (`cluster.NewConfig()`,
    /// `cluster.NewConsumer`).
    /// ## Why it fails in production
    /// The library is no longer maintained: its README's deprecation notice says it is officially
    /// deprecated since sarama's own consumer group (Shopify/sarama#1099) was released in v1.19.0,
    /// and its last commit is from April 2019. Nothing in it follows newer brokers or newer sarama.
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
    /// bsm/sarama-cluster README ("DEPRECATION NOTICE", last commit d577925, 2019-04-23).
    pub SaramaClusterUnmaintained {
        id: "go/sarama-cluster-unmaintained",
        summary: "bsm/sarama-cluster is deprecated and unmaintained: use sarama's ConsumerGroup",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "bsm/sarama-cluster README (DEPRECATION NOTICE)",
    }
}

impl Rule for SaramaClusterUnmaintained {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(g) = super::go(cx).filter(|g| g.lib == Lib::SaramaCluster) else { return };
        out.report(
            &META,
            cx.id,
            g.origin,
            "bsm/sarama-cluster is deprecated and unmaintained (its README); sarama's own ConsumerGroup (since v1.19.0) replaces it",
        )
        .help("use sarama.NewConsumerGroup with a ConsumerGroupHandler");
    }
}
