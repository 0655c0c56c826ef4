use crate::model::Role;
use crate::rules::broker::local_retention_exceeds_retention::{broker_retention_ms, refusal};
use crate::rules::topic::remote_storage_invalid::{copy_disabled_refusal, explicit_long, remote_enabled};
use crate::rules::{declare_rule, DeploymentCtx, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks a topic configuration with `remote.storage.enable=true` against the node that
    /// validates it, as Kafka merges them (the topic's own values over the node's broker
    /// defaults): in KRaft the controllers of the deployment (their own configuration, not the
    /// brokers'), in ZooKeeper mode the brokers. It flags a validating node without
    /// `remote.log.storage.system.enable=true`; a `local.retention.*` that is `-1` or above the
    /// total retention when one side comes from the node (`log.retention.ms`/`.minutes`/`.hours`,
    /// `log.retention.bytes`, `log.local.retention.*`; `-2` means "the total retention"); and from
    /// 3.9 `remote.log.copy.disable=true` or `remote.log.delete.on.disable=true` on any topic under
    /// ZooKeeper, and in KRaft copying disabled with a local retention that is neither `-2` nor
    /// the total. Deployments whose validating node is not among the files (only
    /// broker-only KRaft nodes) are not judged.
    /// ## Why it fails in production
    /// Creating or altering the topic fails: `ConfigException: Tiered Storage functionality is
    /// disabled in the broker. Topic cannot be configured with remote log storage.` A KRaft cluster
    /// that turns tiered storage on in the brokers' files only is the common case: the controller
    /// validates the topic with its own `remote.log.storage.system.enable`, which defaults to
    /// `false`. Inherited retentions fail with `Invalid value … for configuration
    /// local.retention.ms: Value must not be more than retention.ms property value: …`.
    /// ## Example
    /// A controller file `controller.properties` without `remote.log.storage.system.enable`, and
    /// a topic file beside it:
    /// ```properties
    /// # kafkalint: role=topic
    /// remote.storage.enable=true
    /// ```
    /// ## Use instead
    /// `remote.log.storage.system.enable=true` in the controllers' files too (and the brokers').
    /// ## Fix
    /// None: enable tiered storage on the validating nodes, or align the retentions.
    /// ## Versions
    /// 3.6+ (`remote.log.copy.disable` from 3.9). `ControllerConfigurationValidator` (KRaft) and
    /// `AdminZkClient` (ZooKeeper) call `LogConfig.validate` with the node's
    /// `extractLogConfigMap` and `remote.log.storage.system.enable`: read at apache/kafka tags
    /// 3.6.0, the 3.9 branch (3.9.0) and at the 4.0.0, 4.1.0 and 4.2.0 release commits of the
    /// apache branches (read in the confluentinc/kafka mirror: 4ae6814, the 4.0 head before the
    /// bump to 4.0.1-SNAPSHOT; 13f7025 and a18251b, `Bump version to 4.1.0` / `4.2.0`)
    /// (`ControllerConfigurationValidator`, `LogConfig`).
    /// ## Source
    /// `kafka.server.ControllerConfigurationValidator.validate`; `kafka.zk.AdminZkClient`;
    /// `org.apache.kafka.storage.internals.log.LogConfig.validate` (`validateRemoteStorageOnlyIfSystemEnabled`,
    /// `validateRemoteStorageRetentionSize/Time`, `validateNoInvalidRemoteStorageConfigsInZK`,
    /// `validateRetentionConfigsWhenRemoteCopyDisabled`).
    pub RemoteStorageVsBroker {
        id: "topic/remote-storage-vs-broker",
        summary: "a tiered-storage topic that its validating node (the KRaft controller) refuses: tiered storage off there, or retentions that clash with its defaults",
        severity: Error,
        scope: Scope::Deployment,
        versions: Some("3.6") => None,
        reads: [
            "remote.storage.enable",
            "remote.log.storage.system.enable",
            "local.retention.ms",
            "local.retention.bytes",
            "retention.ms",
            "retention.bytes",
            "log.local.retention.ms",
            "log.local.retention.bytes",
            "log.retention.ms",
            "log.retention.bytes",
            "remote.log.copy.disable",
        ],
        fix: None,
        source: "ControllerConfigurationValidator / AdminZkClient → LogConfig.validate with the node's configuration",
    }
}

/// The nodes that validate topic configurations: the KRaft controllers when the deployment has
/// any, else ZooKeeper-mode brokers; with the mode's name for messages.
fn validating_nodes<'a, 's>(cx: &'s DeploymentCtx<'a>) -> Vec<(&'s FileCtx<'a>, bool)> {
    let controllers: Vec<&FileCtx<'a>> = cx.controllers().collect();
    if !controllers.is_empty() {
        return controllers.into_iter().map(|c| (c, true)).collect();
    }
    cx.brokers().filter(|b| crate::rules::broker::mode(b) == crate::rules::broker::Mode::ZooKeeper).map(|b| (b, false)).collect()
}

impl Rule for RemoteStorageVsBroker {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let nodes = validating_nodes(cx);
        if nodes.is_empty() || !cx.is_one_cluster() {
            return;
        }
        for topic in cx.with_role(Role::Topic) {
            if !META.applies_to(topic.release()) {
                continue;
            }
            // Under ZooKeeper (3.9) the two KRaft-only flags are refused on any topic.
            let zk_node = nodes.iter().find(|(n, kraft)| !kraft && n.release().at_least("3.9")).map(|(n, _)| *n);
            let zk_flag = ["remote.log.copy.disable", "remote.log.delete.on.disable"]
                .into_iter()
                .find_map(|k| topic.explicit(k).filter(|e| e.value.trim().eq_ignore_ascii_case("true")).map(|e| (k, e)));
            if let (Some(node), Some((key, e))) = (zk_node, zk_flag) {
                let mut b = out
                    .report(
                        &META,
                        topic.id,
                        e.value_span,
                        format!("`{key}=true` on a ZooKeeper-mode cluster: Kafka refuses the topic (`It is invalid to set remote.log.delete.on.disable or remote.log.copy.disable under Zookeeper's mode.`)"),
                    )
                    .key(key)
                    .help("remove `remote.log.copy.disable` and `remote.log.delete.on.disable` until the cluster runs in KRaft mode");
                if let Some(z) = node.explicit("zookeeper.connect") {
                    b = b.label(node.id, z.value_span, Some("zookeeper.connect"), "this broker runs in ZooKeeper mode");
                }
                let _ = b;
                continue;
            }
            let Some(enabled) = remote_enabled(topic) else { continue };
            // The first validating node that refuses the topic, as the request meets one of them.
            for &(node, kraft) in &nodes {
                let who =
                    if kraft { "the KRaft controller, which validates topic configurations with its own settings," } else { "the broker" };
                let flag = node.get("remote.log.storage.system.enable");
                if flag.as_ref().and_then(|v| v.as_bool()) != Some(true) {
                    let mut b = out
                        .report(
                            &META,
                            topic.id,
                            enabled.value_span,
                            format!("`remote.storage.enable=true`, but {who} does not enable tiered storage: Kafka refuses the topic (`Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.`)"),
                        )
                        .key("remote.storage.enable")
                        .help(if kraft {
                            "set `remote.log.storage.system.enable=true` on the controllers as well as on the brokers"
                        } else {
                            "set `remote.log.storage.system.enable=true` on every broker"
                        });
                    let (span, text) = match flag.as_ref().and_then(|v| v.entry()) {
                        Some(e) => (e.value_span, "tiered storage is off here".to_string()),
                        None => (node.anchor(&[]), "this node leaves `remote.log.storage.system.enable` at its default, false".to_string()),
                    };
                    b = b.label(node.id, span, Some("remote.log.storage.system.enable"), text);
                    let _ = b;
                    break;
                }
                if let Some((span, msg, key, node_key)) = retention_refusal(topic, node, kraft) {
                    let (at, text) = match node.explicit(&node_key) {
                        Some(e) => (e.value_span, format!("the validating node sets `{node_key}` here")),
                        None => (node.anchor(&[]), format!("the validating node leaves `{node_key}` at its default")),
                    };
                    out.report(&META, topic.id, span, msg)
                        .key(&key)
                        .label(node.id, at, Some(node_key.as_str()), text)
                        .help("keep the topic's local retention within its total retention as the node's defaults complete them, or set both in the topic");
                    break;
                }
            }
        }
    }
}

/// Why the node's merge of the topic's retentions is refused, when one side comes from the node:
/// (span in the topic, message, topic key, node key).
fn retention_refusal(topic: &FileCtx<'_>, node: &FileCtx<'_>, kraft: bool) -> Option<(crate::source::Span, String, String, String)> {
    let copy_disabled = kraft
        && node.release().at_least("3.9")
        && topic.explicit("remote.log.copy.disable").is_some_and(|e| e.value.trim().eq_ignore_ascii_case("true"));
    for (what, bytes) in [("bytes", true), ("ms", false)] {
        let total_key = format!("retention.{what}");
        let local_key = format!("local.retention.{what}");
        let node_total_key = if bytes {
            "log.retention.bytes"
        } else {
            ["log.retention.ms", "log.retention.minutes", "log.retention.hours"]
                .into_iter()
                .find(|k| node.explicit(k).is_some())
                .unwrap_or("log.retention.hours")
        };
        let node_local_key = format!("log.local.retention.{what}");
        let topic_total = explicit_long(topic, &total_key);
        let topic_local = explicit_long(topic, &local_key);
        if topic_total.is_some() && topic_local.is_some() {
            // Both in the topic: `topic/remote-storage-invalid` judges them.
            continue;
        }
        let total = match topic_total {
            Some((v, _)) => v,
            None if bytes => crate::rules::broker::long_of(node, "log.retention.bytes")?.0,
            None => broker_retention_ms(node)?.0,
        };
        let local = match topic_local {
            Some((v, _)) => v,
            None => crate::rules::broker::long_of(node, &node_local_key)?.0,
        };
        let why = refusal(total, local, bytes, &total_key)
            .map(|w| format!("Invalid value {local} for configuration {local_key}: {w}"))
            .or_else(|| copy_disabled.then(|| copy_disabled_refusal(total, local, what)).flatten());
        let Some(why) = why else { continue };
        let (span, key) = match (topic_local, topic_total) {
            (Some((_, e)), _) => (e.value_span, local_key.clone()),
            (None, Some((_, e))) => (e.value_span, total_key.clone()),
            (None, None) => (topic.explicit("remote.storage.enable")?.value_span, "remote.storage.enable".to_string()),
        };
        let node_key = if topic_local.is_none() { node_local_key.clone() } else { node_total_key.to_string() };
        let msg = format!(
            "with the validating node's defaults the topic's `{local_key}` is {local} and its `{total_key}` is {total}: Kafka refuses the topic (`{why}`)"
        );
        return Some((span, msg, key, node_key));
    }
    None
}
