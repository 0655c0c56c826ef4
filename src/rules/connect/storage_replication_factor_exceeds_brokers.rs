use super::is_distributed;
use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares a distributed Connect worker's effective `config.storage.replication.factor`,
    /// `offset.storage.replication.factor` and `status.storage.replication.factor` (default 3) with
    /// the number of brokers the deployment has (declared in kafkalint.toml, or known from its
    /// broker files). `-1` (2.6+, KIP-605: the broker's default) is not judged.
    /// ## Why it fails in production
    /// The worker creates its storage topics at start-up and the brokers refuse a replication
    /// factor above their number (`InvalidReplicationFactorException: Replication factor: 3 larger
    /// than available brokers: 1`): the worker stops (`ConnectException: Error while attempting to
    /// create/find topic(s) 'connect-offsets'`). The default of 3 is the classic trap of a
    /// one-broker development cluster.
    /// ## Example
    /// A distributed worker and a one-node broker in one directory:
    /// ```properties
    /// # connect-distributed.properties
    /// group.id=connect-cluster
    /// config.storage.topic=connect-configs
    /// offset.storage.topic=connect-offsets
    /// status.storage.topic=connect-status
    /// ```
    /// ## Use instead
    /// ```properties
    /// # connect-distributed.properties
    /// group.id=connect-cluster
    /// config.storage.topic=connect-configs
    /// config.storage.replication.factor=1
    /// offset.storage.topic=connect-offsets
    /// offset.storage.replication.factor=1
    /// status.storage.topic=connect-status
    /// status.storage.replication.factor=1
    /// ```
    /// ## Fix
    /// Unsafe: sets the replication factor to the number of brokers (fewer replicas than a
    /// production cluster wants).
    /// ## Versions
    /// 0.11.0 and later (the replication-factor keys); `-1` accepted from 2.6.
    /// ## Source
    /// `DistributedConfig` (`*.storage.replication.factor`, default 3); KIP-605; `TopicAdmin`.
    pub StorageReplicationFactorExceedsBrokers {
        id: "connect/storage-replication-factor-exceeds-brokers",
        summary: "a Connect storage topic's replication factor is above the cluster's broker count",
        severity: Error,
        scope: Scope::Deployment,
        versions: Some("0.11.0") => None,
        reads: [
            "config.storage.replication.factor",
            "offset.storage.replication.factor",
            "status.storage.replication.factor",
            "group.id",
            "config.storage.topic",
            "offset.storage.topic",
            "status.storage.topic",
            "offset.storage.file.filename"
        ],
        fix: Always,
        source: "DistributedConfig *.storage.replication.factor; KIP-605; TopicAdmin",
    }
}

const KEYS: [&str; 3] = ["config.storage.replication.factor", "offset.storage.replication.factor", "status.storage.replication.factor"];

impl Rule for StorageReplicationFactorExceedsBrokers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let Some(count) = cx.broker_count() else { return };
        for w in cx.with_role(Role::ConnectWorker).filter(|w| is_distributed(w)) {
            for key in KEYS {
                let Some(rf) = w.get(key) else { continue };
                let Some(n) = rf.as_i64() else { continue };
                if n <= count as i64 {
                    continue;
                }
                let origin = if rf.is_explicit() { String::new() } else { format!(", the default in Kafka {}", w.release()) };
                let primary = rf.entry().map_or_else(|| w.anchor(&["group.id"]), |e| e.value_span);
                let b = out
                    .report(&META, w.id, primary, format!("`{key}` ({n}{origin}) is above the cluster's {count} broker{} ({}): the worker cannot create its storage topic and stops", if count == 1 { "" } else { "s" }, cx.broker_count_origin()))
                    .key(key)
                    .help(format!("set `{key}` to at most {count}"));
                let b = if rf.is_explicit() { b } else { b.primary_label(format!("`{key}` is not set: it defaults to {n}")) };
                let edit = match rf.entry() {
                    Some(e) => w.replace_value(e, &count.to_string()),
                    None => w.insert_entry(key, &count.to_string()),
                };
                b.fix(Fix::unsafe_(format!("Set `{key}={count}`"), vec![edit]));
            }
        }
    }
}
