use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares a Kafka Streams application's effective `replication.factor` (for its internal
    /// repartition and changelog topics) with the number of brokers the deployment has (declared
    /// in kafkalint.toml, or known from its broker files). `-1` (the default from 3.0, KIP-733)
    /// uses the broker's `default.replication.factor` and is not judged here.
    /// ## Why it fails in production
    /// Streams creates its internal topics when it starts and the brokers refuse a replication
    /// factor above their number: `InvalidReplicationFactorException: Replication factor: 3
    /// larger than available brokers: 1`, wrapped in `StreamsException: Could not create topic`;
    /// the stream threads die and the application goes to ERROR.
    /// ## Example
    /// A Streams file and a one-node broker (a single-voter KRaft quorum) in one directory:
    /// ```properties
    /// # streams.properties
    /// application.id=orders
    /// replication.factor=3
    /// ```
    /// ## Use instead
    /// ```properties
    /// # streams.properties
    /// application.id=orders
    /// replication.factor=-1
    /// ```
    /// ## Fix
    /// Unsafe: sets `replication.factor` to the number of brokers (fewer replicas than intended
    /// for production).
    /// ## Versions
    /// All. Before 3.0 the default is 1, which never exceeds the broker count.
    /// ## Source
    /// `StreamsConfig` (`replication.factor`); KIP-733; `InternalTopicManager.makeReady`.
    pub ReplicationFactorExceedsBrokers {
        id: "streams/replication-factor-exceeds-brokers",
        summary: "Streams' internal-topic replication.factor is above the cluster's broker count",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["replication.factor"],
        fix: Always,
        source: "StreamsConfig replication.factor; KIP-733; InternalTopicManager",
    }
}

impl Rule for ReplicationFactorExceedsBrokers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let Some(count) = cx.broker_count() else { return };
        for app in cx.with_role(Role::Streams) {
            let Some(rf) = app.get("replication.factor") else { continue };
            let Some(n) = rf.as_i64() else { continue };
            if n <= count as i64 {
                continue;
            }
            let origin = if rf.is_explicit() { String::new() } else { format!(", the default in Kafka {}", app.release()) };
            let primary = rf.entry().map_or_else(|| app.anchor(&["application.id"]), |e| e.value_span);
            let b = out
                .report(&META, app.id, primary, format!("`replication.factor` ({n}{origin}) is above the cluster's {count} broker{} ({}): Streams cannot create its internal topics", if count == 1 { "" } else { "s" }, cx.broker_count_origin()))
                .key("replication.factor")
                .help(format!("set `replication.factor` to at most {count} (or -1 for the brokers' default.replication.factor, 3.0+)"));
            let edit = match rf.entry() {
                Some(e) => app.replace_value(e, &count.to_string()),
                None => app.insert_entry("replication.factor", &count.to_string()),
            };
            b.fix(Fix::unsafe_(format!("Set `replication.factor={count}`"), vec![edit]));
        }
    }
}
