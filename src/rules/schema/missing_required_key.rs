use crate::knowledge::{self, DefaultVal};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker or Connect distributed-worker file that lacks a key Kafka requires (a key
    /// with no default in the target version): `process.roles` and `node.id` from Kafka 4.0,
    /// `controller.listener.names` from 4.2, `zookeeper.connect` for a ZooKeeper-mode broker, and
    /// the group and storage topics of a distributed Connect worker. Client files are not checked:
    /// applications often pass `bootstrap.servers` and serializers in code. Nor are files whose
    /// role was only guessed from their keys.
    /// ## Why it fails in production
    /// The process refuses to start: `ConfigException: Missing required configuration "node.id"
    /// which has no default value.`
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=4.0
    /// # kafkalint: role=broker
    /// process.roles=broker,controller
    /// controller.quorum.voters=1@kafka-1:9093
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=4.0
    /// # kafkalint: role=broker
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093
    /// ```
    /// ## Fix
    /// None: the value is yours to choose.
    /// ## Versions
    /// Per key, from the releases where it has no default (knowledge/keys). Before 2.8
    /// `zookeeper.connect` has no default; from 2.8 to 3.9 it is required unless `process.roles`
    /// makes the node a KRaft node.
    /// ## Source
    /// `ConfigDef` (keys defined without a default: `ConfigDef.NO_DEFAULT_VALUE`); `KafkaConfig`
    /// (ZooKeeper vs KRaft); Connect `DistributedConfig`.
    pub MissingRequiredKey {
        id: "schema/missing-required-key",
        summary: "a key Kafka requires (no default) is missing: the process does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker, Role::ConnectWorker]),
        versions: None => None,
        reads: ["process.roles", "zookeeper.connect", "offset.storage.file.filename"],
        fix: None,
        source: "ConfigDef.NO_DEFAULT_VALUE; KafkaConfig; DistributedConfig",
    }
}

impl Rule for MissingRequiredKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(role) = cx.role() else { return };
        // Only for a file said to be a broker or worker: a role guessed from a few keys may be a
        // tool's file (the raft test server's), and a missing key would then be a false alarm.
        if cx.file.role_source == crate::model::RoleSource::Keys {
            return;
        }
        let release = cx.release();
        let kind = match role {
            Role::Broker => "broker",
            // A standalone worker (offsets in a file) needs no group or storage topics.
            Role::ConnectWorker if cx.explicit("offset.storage.file.filename").is_none() => "connect",
            _ => return,
        };
        let Some(table) = knowledge::kind(kind) else { return };
        // A value the platform writes counts (Strimzi generates process.roles, node.id, …).
        let set = |k: &str| cx.explicit(k).is_some() || cx.file.platform_default(k).is_some();
        let kraft = cx.get("process.roles").is_some_and(|v| !v.text.trim().is_empty());
        let zk = set("zookeeper.connect");
        let mut missing: Vec<&str> = Vec::new();
        for def in table.keys {
            if def.default_in(release) != Some(DefaultVal::Required) || set(def.name) {
                continue;
            }
            // A ZooKeeper-mode broker on 4.x is `schema/removed-key`'s error; KRaft keys on it are noise.
            if role == Role::Broker && zk && !kraft && release.at_least("4.0") {
                continue;
            }
            // KafkaConfig copies `broker.id` into a missing `node.id` (populateSynonyms).
            if def.name == "node.id" && set("broker.id") {
                continue;
            }
            // Before 2.8 every broker is a ZooKeeper broker; the KRaft keys come later.
            if def.name == "zookeeper.connect" && kraft {
                continue;
            }
            missing.push(def.name);
        }
        // 2.8 to 3.9: zookeeper.connect is optional in the table, but a broker without
        // process.roles is a ZooKeeper broker and needs it.
        if role == Role::Broker && !kraft && !zk && release.at_least("2.8") && !release.at_least("4.0") {
            missing.push("zookeeper.connect");
        }
        for key in missing {
            let why = match key {
                "zookeeper.connect" => " (a broker without `process.roles` runs in ZooKeeper mode)".to_string(),
                _ => String::new(),
            };
            out.report(
                &META,
                cx.id,
                cx.anchor(&["process.roles", "node.id", "broker.id", "group.id"]),
                format!("`{key}` is required in Kafka {release}{why} and is not set: the {role} does not start"),
            )
            .key(key)
            .primary_label(format!("`{key}` is missing from this file"))
            .help(format!("set `{key}` (see `kafkalint explain {key}`)"));
        }
    }
}
