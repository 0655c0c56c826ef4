use crate::formats::Format;
use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a Strimzi `KafkaTopic` whose `spec.replicas` exceeds the number of brokers of the
    /// `Kafka` cluster its `strimzi.io/cluster` label names, when that resource (with
    /// `spec.kafka.replicas` or its `KafkaNodePool`s) is in the same file or directory.
    /// ## Why it fails in production
    /// Kafka cannot place more replicas than there are brokers: the Topic Operator's create
    /// request fails with `InvalidReplicationFactorException`, the topic is never created and
    /// the `KafkaTopic` stays not ready, while producers and consumers of the topic wait for it.
    /// ## Example
    /// ```yaml
    /// apiVersion: kafka.strimzi.io/v1beta2
    /// kind: KafkaTopic
    /// metadata:
    ///   name: orders
    ///   labels:
    ///     strimzi.io/cluster: my-cluster   # a Kafka with spec.kafka.replicas: 1
    /// spec:
    ///   partitions: 6
    ///   replicas: 3
    /// ```
    /// ## Use instead
    /// ```yaml
    /// apiVersion: kafka.strimzi.io/v1beta2
    /// kind: KafkaTopic
    /// metadata:
    ///   name: orders
    ///   labels:
    ///     strimzi.io/cluster: my-cluster
    /// spec:
    ///   partitions: 6
    ///   replicas: 1
    /// ```
    /// ## Fix
    /// None: lower `spec.replicas` or add brokers.
    /// ## Versions
    /// All.
    /// ## Source
    /// Kafka CreateTopics (InvalidReplicationFactorException); Strimzi KafkaTopic `spec.replicas`,
    /// Kafka `spec.kafka.replicas`, KafkaNodePool `spec.replicas`/`spec.roles`.
    pub TopicReplicasExceedBrokers {
        id: "strimzi/topic-replicas-exceed-brokers",
        summary: "a KafkaTopic asks for more replicas than its cluster has brokers",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: [],
        fix: None,
        source: "Kafka CreateTopics (InvalidReplicationFactorException); Strimzi KafkaTopic spec.replicas",
    }
}

impl Rule for TopicReplicasExceedBrokers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let strimzi = |f: &&crate::rules::FileCtx<'_>| f.file.format == Format::Strimzi;
        for topic in cx.with_role(Role::Topic).filter(strimzi) {
            let Some(u) = &topic.file.unit else { continue };
            let (Some((replicas, span)), Some(cluster)) = (u.topic_replicas, u.cluster.as_deref()) else { continue };
            let kafka = cx
                .with_role(Role::Broker)
                .filter(strimzi)
                .find(|b| b.file.unit.as_ref().is_some_and(|m| m.cluster.as_deref() == Some(cluster) && m.broker_count.is_some()));
            let Some(kafka) = kafka else { continue };
            let Some(n) = kafka.file.unit.as_ref().and_then(|m| m.broker_count) else { continue };
            if replicas > n as i64 {
                let anchor = kafka.file.unit.as_ref().map_or_else(|| kafka.anchor(&[]), |m| m.anchor);
                out.report(
                    &META,
                    topic.id,
                    span,
                    format!("`spec.replicas` ({replicas}) exceeds the {n} broker{} of cluster `{cluster}`: the topic cannot be created (InvalidReplicationFactorException)", if n == 1 { "" } else { "s" }),
                )
                .primary_label(format!("{replicas} replicas"))
                .label(kafka.id, anchor, None, format!("the Kafka resource `{cluster}` has {n} broker{}", if n == 1 { "" } else { "s" }))
                .help(format!("set `spec.replicas` to at most {n}, or add brokers"));
            }
        }
    }
}
