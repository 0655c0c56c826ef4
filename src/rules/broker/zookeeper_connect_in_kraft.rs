use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `zookeeper.connect` on a KRaft node (`process.roles` set) that is not migrating from
    /// ZooKeeper (`zookeeper.metadata.migration.enable` is not `true`).
    /// ## Why it fails in production
    /// A KRaft node keeps its metadata in the controller quorum; outside a migration it never
    /// connects to ZooKeeper, so `zookeeper.connect` is silently ignored. A file with both usually
    /// means a half-finished conversion: operators believe ZooKeeper still holds the metadata (ACLs,
    /// configs, quotas written there are not seen by this node), or meant to run a migration that
    /// is not enabled.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.7
    /// process.roles=broker
    /// node.id=4
    /// controller.quorum.voters=1@controller-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092
    /// zookeeper.connect=zk-1:2181
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.7
    /// process.roles=broker
    /// node.id=4
    /// controller.quorum.voters=1@controller-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092
    /// ```
    /// ## Fix
    /// Unsafe: removes `zookeeper.connect` (nothing changes for this node, but if you meant to
    /// migrate, set `zookeeper.metadata.migration.enable=true` instead).
    /// ## Versions
    /// 3.0 to 3.9 (migration exists from 3.4). In 4.0 `zookeeper.connect` is gone and
    /// `schema/removed-key` reports it.
    /// ## Source
    /// `kafka.server.KafkaConfig` (`requiresZookeeper = processRoles.isEmpty`; ZooKeeper is only
    /// used in KRaft mode when `migrationEnabled`), ZooKeeper to KRaft migration docs (3.4-3.9).
    pub ZookeeperConnectInKraft {
        id: "broker/zookeeper-connect-in-kraft",
        summary: "zookeeper.connect on a KRaft node that is not migrating: it is ignored",
        severity: Warning,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.0") => Some("3.9"),
        reads: ["process.roles", "zookeeper.connect", "zookeeper.metadata.migration.enable"],
        fix: Always,
        source: "KafkaConfig.requiresZookeeper / migrationEnabled",
    }
}

impl Rule for ZookeeperConnectInKraft {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::mode(cx).is_kraft() {
            return;
        }
        let Some(zk) = cx.explicit("zookeeper.connect") else { return };
        if zk.value.trim().is_empty() || cx.get("zookeeper.metadata.migration.enable").and_then(|v| v.as_bool()) == Some(true) {
            return;
        }
        let mut b = out
            .report(&META, cx.id, zk.key_span, "`zookeeper.connect` is set on a KRaft node that is not migrating: it is ignored")
            .key("zookeeper.connect")
            .primary_label("never used in KRaft mode")
            .help(if cx.release().at_least("3.4") {
                "remove `zookeeper.connect`, or set `zookeeper.metadata.migration.enable=true` if this node takes part in a ZooKeeper migration"
            } else {
                "remove `zookeeper.connect`"
            });
        if let Some(e) = cx.explicit("process.roles") {
            b = b.label(cx.id, e.span, Some("process.roles"), "KRaft mode: `process.roles` is set");
        }
        b.fix(Fix::unsafe_("Remove `zookeeper.connect`", vec![cx.delete_entry(zk)]));
    }
}
