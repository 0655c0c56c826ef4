use crate::knowledge::DefaultVal;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::Release;

declare_rule! {
    /// ## What it does
    /// Flags a sarama (or goka) producer whose retry budget is shorter than the time a cluster
    /// takes to elect new leaders after a broker process dies: `Producer.Retry.Max` ×
    /// (`Producer.Retry.Backoff` + `Metadata.Retry.Max` × `Metadata.Retry.Backoff`), against the
    /// default broker session timeout of the cluster's Kafka version (`broker.session.timeout.ms`,
    /// 9 s, in KRaft; `zookeeper.session.timeout.ms` before KRaft). A configuration that sets a
    /// `BackoffFunc` is not judged.
    /// ## Why it fails in production
    /// When a broker process dies, its connections are refused at once, so sarama burns its
    /// retries in milliseconds; its leaders move only when the controller fences the broker, after
    /// the broker session timeout. With sarama's defaults (3 × (100 ms + 3 × 250 ms) ≈ 2.6 s) the
    /// messages in flight fail with `kafka: Failed to deliver N messages` and, for goka, the
    /// processor stops: the failover the cluster handles becomes an outage of the service.
    /// ## Example
    /// ```go
    /// config := sarama.NewConfig()
    /// producer, err := sarama.NewSyncProducer(brokers, config)
    /// ```
    /// ## Use instead
    /// ```go
    /// config := sarama.NewConfig()
    /// config.Producer.Retry.Max = 10
    /// config.Producer.Retry.Backoff = 500 * time.Millisecond
    /// ```
    /// ## Fix
    /// None: the budget to aim for depends on the cluster.
    /// ## Versions
    /// All; the failover time is that of the cluster's Kafka version's defaults.
    /// ## Source
    /// IBM/sarama `config.go` at v1.43.0 (`Metadata.Retry`: "retry a metadata request when the
    /// cluster is in the middle of a leader election", "How long to wait for leader election to
    /// occur before retrying"; `Producer.Retry`), `async_producer.go` (retries with backoff and a
    /// metadata refresh); Kafka `broker.session.timeout.ms` and `zookeeper.session.timeout.ms`.
    pub SaramaRetryBudgetBelowFailover {
        id: "go/sarama-retry-budget-below-failover",
        summary: "a sarama producer gives up retrying before the cluster can elect new leaders",
        severity: Warning,
        scope: Scope::File(&[Role::Producer, Role::Consumer]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "IBM/sarama config.go Metadata.Retry / Producer.Retry at v1.43.0; broker.session.timeout.ms",
    }
}

/// The default of a broker key at a Kafka version, in milliseconds.
fn broker_default(key: &str, release: Release) -> Option<i64> {
    let info = crate::model::lookup(Role::Broker, key, release)?;
    match info.def.default_in(release)? {
        DefaultVal::Value(v) => v.trim().parse().ok(),
        _ => None,
    }
}

impl Rule for SaramaRetryBudgetBelowFailover {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(g) = super::sarama(cx) else { return };
        let produces =
            g.calls.iter().any(|c| matches!(c.name.as_str(), "NewSyncProducer" | "NewAsyncProducer" | "NewEmitter" | "NewProcessor"));
        if !produces || g.fields.iter().any(|f| f.path.ends_with("BackoffFunc")) {
            return;
        }
        const MS: i64 = 1_000_000;
        let int = |p: &str| g.known(p).and_then(|v| v.as_i64());
        let (Some(max), Some(backoff), Some(meta_max), Some(meta_backoff)) =
            (int("Producer.Retry.Max"), int("Producer.Retry.Backoff"), int("Metadata.Retry.Max"), int("Metadata.Retry.Backoff"))
        else {
            return;
        };
        let Some(budget) = max.checked_mul(backoff.saturating_add(meta_max.saturating_mul(meta_backoff))).map(|ns| ns / MS) else { return };
        let release = cx.cluster_release();
        let (key, failover) = match broker_default("broker.session.timeout.ms", release) {
            Some(v) => ("broker.session.timeout.ms", v),
            None => match broker_default("zookeeper.session.timeout.ms", release) {
                Some(v) => ("zookeeper.session.timeout.ms", v),
                None => return,
            },
        };
        if budget >= failover {
            return;
        }
        let span =
            ["Producer.Retry.Max", "Producer.Retry.Backoff"].iter().rev().find_map(|p| g.field(p).map(|f| f.span)).unwrap_or(g.origin);
        out.report(&META, cx.id, span, format!("{}'s producer retries for about {budget} ms ({max} × ({} + {meta_max} × {})), less than the {failover} ms a Kafka {release} cluster takes by default to move the leaders of a dead broker (`{key}`): messages in flight fail during the failover", g.lib_text(), crate::formats::go::show_duration(backoff), crate::formats::go::show_duration(meta_backoff)))
            .help("raise Producer.Retry.Max and Producer.Retry.Backoff so that their product covers the failover");
    }
}
