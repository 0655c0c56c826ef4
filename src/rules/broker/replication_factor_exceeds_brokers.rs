use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, BrokerSetting, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares the replication factors a broker uses by default with the number of brokers in
    /// the cluster, when that number is known (declared in kafkalint.toml, counted from the broker
    /// files, or a single broker file that describes a one-node cluster):
    /// `offsets.topic.replication.factor`, `transaction.state.log.replication.factor` and
    /// `default.replication.factor`. Effective values count: the internal topics default to 3.
    /// ## Why it fails in production
    /// A topic cannot have more replicas than there are brokers. For `__consumer_offsets` Kafka
    /// (from 0.11) waits until enough brokers are alive, so on a smaller cluster consumer groups
    /// never work: consumers get `GROUP_COORDINATOR_NOT_AVAILABLE` (`COORDINATOR_NOT_AVAILABLE`)
    /// forever and never receive anything, and the broker logs `Number of alive brokers '1' does
    /// not meet the required replication factor '3' for the offsets topic`
    /// (`InvalidReplicationFactorException: Replication factor: 3 larger than available brokers:
    /// 1` in KRaft). For `__transaction_state` every transactional producer fails in
    /// `initTransactions()` (an error when a producer of the deployment sets `transactional.id`);
    /// topics created with the default replication factor fail with `INVALID_REPLICATION_FACTOR`.
    /// ## Example
    /// A single-node development broker that keeps the internal topics' defaults:
    /// ```properties,expect_diagnostic
    /// # server.properties
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@localhost:9093
    /// listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093
    /// controller.listener.names=CONTROLLER
    /// ```
    /// ## Use instead
    /// ```properties
    /// # server.properties
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@localhost:9093
    /// listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093
    /// controller.listener.names=CONTROLLER
    /// offsets.topic.replication.factor=1
    /// transaction.state.log.replication.factor=1
    /// transaction.state.log.min.isr=1
    /// ```
    /// ## Fix
    /// Unsafe: sets the replication factor to the number of brokers (less redundancy than
    /// intended; adding brokers is the other way). Silent when the broker count is unknown: one
    /// broker file may be a template for many brokers.
    /// ## Versions
    /// All. Before 0.11 the offsets topic was created with fewer replicas instead (a warning: it
    /// stays under-replicated after the cluster grows).
    /// ## Source
    /// KIP-115 / KAFKA-3959 (0.11 upgrade notes: "offsets.topic.replication.factor is now enforced
    /// upon auto topic creation"); `KafkaApis.createInternalTopic`; `ReplicationControlManager`
    /// (`InvalidReplicationFactorException`).
    pub ReplicationFactorExceedsBrokers {
        id: "broker/replication-factor-exceeds-brokers",
        summary: "a default or internal-topic replication factor exceeds the number of brokers",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: [
            "offsets.topic.replication.factor",
            "transaction.state.log.replication.factor",
            "default.replication.factor",
            "transactional.id",
        ],
        fix: Always,
        source: "KIP-115 (offsets.topic.replication.factor enforced); KafkaApis.createInternalTopic",
    }
}

impl Rule for ReplicationFactorExceedsBrokers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let Some(n) = cx.broker_count() else { return };
        let origin = cx.broker_count_origin();
        let transactional =
            cx.with_role(Role::Producer).any(|p| p.explicit("transactional.id").is_some_and(|e| !e.value.trim().is_empty()));
        let plural = if n == 1 { "" } else { "s" };
        for key in ["offsets.topic.replication.factor", "transaction.state.log.replication.factor", "default.replication.factor"] {
            for setting in cx.broker_settings(key) {
                let BrokerSetting::File { file, value } = &setting else { continue };
                let Some(rf) = value.as_i64() else { continue };
                if rf <= n as i64 {
                    continue;
                }
                let release = file.release();
                let dflt = super::default_note(value, release);
                let (message, severity) = match key {
                    "offsets.topic.replication.factor" if super::since(release, "offsets_topic_rf_enforced.since") => (
                        format!("`offsets.topic.replication.factor` ({rf}{dflt}) exceeds the {n} broker{plural} of this cluster: __consumer_offsets is never created, so consumer groups never work (consumers get COORDINATOR_NOT_AVAILABLE and never receive anything)"),
                        Severity::Error,
                    ),
                    "offsets.topic.replication.factor" => (
                        format!("`offsets.topic.replication.factor` ({rf}{dflt}) exceeds the {n} broker{plural} of this cluster: Kafka {release} creates __consumer_offsets with fewer replicas and it stays under-replicated"),
                        Severity::Warning,
                    ),
                    "transaction.state.log.replication.factor" => (
                        format!("`transaction.state.log.replication.factor` ({rf}{dflt}) exceeds the {n} broker{plural} of this cluster: __transaction_state is never created, so transactional producers fail in initTransactions()"),
                        if transactional { Severity::Error } else { Severity::Warning },
                    ),
                    _ => (
                        format!("`default.replication.factor` ({rf}{dflt}) exceeds the {n} broker{plural} of this cluster: creating a topic with the default replication factor fails (INVALID_REPLICATION_FACTOR)"),
                        Severity::Warning,
                    ),
                };
                let span = value.entry().map_or_else(|| file.anchor(&[]), |e| e.value_span);
                let target = n.to_string();
                let edit = match value.entry() {
                    Some(e) => file.replace_value(e, &target),
                    None => file.insert_entry(key, &target),
                };
                out.report(&META, file.id, span, message)
                    .key(key)
                    .severity(severity)
                    .primary_label(if value.is_explicit() { origin.clone() } else { format!("`{key}` is not set; {origin}") })
                    .help(format!("set `{key}` to at most {n}, or add brokers"))
                    .fix(Fix::unsafe_(format!("Set `{key}={n}`"), vec![edit]));
            }
        }
    }
}
