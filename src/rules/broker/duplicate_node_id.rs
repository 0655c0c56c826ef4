use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags two broker or controller files of one deployment with the same node id (`node.id`,
    /// else `broker.id`; ids left to automatic generation, -1, are skipped).
    /// ## Why it fails in production
    /// Node ids identify brokers and controllers. The second node with an id fails to register:
    /// ZooKeeper-mode brokers with `NodeExistsException` (`Error while creating ephemeral at
    /// /brokers/ids/1, node already exists`), KRaft brokers with `DuplicateBrokerRegistrationException`
    /// while the first one is alive; two controllers with one id break the quorum's votes. Usually
    /// a file was copied and its id not changed.
    /// ## Example
    /// Two broker files in one directory, both with `broker.id=1`:
    /// ```properties,expect_diagnostic
    /// # server-2.properties
    /// broker.id=1
    /// listeners=PLAINTEXT://kafka-2.example.com:9092
    /// ```
    /// ## Use instead
    /// ```properties
    /// # server-2.properties
    /// broker.id=2
    /// listeners=PLAINTEXT://kafka-2.example.com:9092
    /// ```
    /// ## Fix
    /// None: give each node its own id.
    /// ## Versions
    /// All.
    /// ## Source
    /// `KafkaZkClient.registerBroker` (ZooKeeper mode); `ClusterControlManager.registerBroker`
    /// (`DuplicateBrokerRegistrationException`, KRaft); KRaft quorum docs (unique voter ids).
    pub DuplicateNodeId {
        id: "broker/duplicate-node-id",
        summary: "two broker or controller files of a deployment use the same node id",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["node.id", "broker.id"],
        fix: None,
        source: "KafkaZkClient.registerBroker; ClusterControlManager.registerBroker",
    }
}

impl Rule for DuplicateNodeId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        // Files that are alternatives to each other (Kafka's config/kraft/) are not one cluster.
        if !cx.is_one_cluster() {
            return;
        }
        // The first node with each id (a map, not a search per broker).
        let mut seen: std::collections::HashMap<i64, (&crate::rules::FileCtx<'_>, &crate::properties::Entry)> =
            std::collections::HashMap::new();
        for f in cx.with_role(Role::Broker) {
            let Some((id, entry)) = super::node_id(f) else { continue };
            if id < 0 {
                continue;
            }
            if let Some((first, first_entry)) = seen.get(&id) {
                out.report(
                    &META,
                    f.id,
                    entry.value_span,
                    format!(
                        "`{}` ({id}) is also the id of {}: the second node with this id cannot register",
                        entry.key,
                        first.file.display_name()
                    ),
                )
                .key(&entry.key)
                .primary_label("duplicate node id")
                .label(first.id, first_entry.value_span, Some(&first_entry.key), format!("node {id} is defined here"))
                .help("give each broker and controller its own id");
                continue;
            }
            seen.insert(id, (f, entry));
        }
    }
}
