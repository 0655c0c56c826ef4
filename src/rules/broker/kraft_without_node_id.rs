use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a KRaft node (`process.roles` set) without a `node.id` (or with a negative one).
    /// `broker.id` counts: Kafka copies it into `node.id` when only `broker.id` is set.
    /// ## Why it fails in production
    /// Kafka refuses to start: ``ConfigException: Missing configuration `node.id` which is
    /// required when `process.roles` is defined (i.e. when running in KRaft mode).``
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.9
    /// process.roles=broker,controller
    /// controller.quorum.voters=1@kafka-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.9
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// ```
    /// ## Fix
    /// Display only: adds `node.id=<node-id>`; each node of the cluster needs its own id (a
    /// controller's id must be one of `controller.quorum.voters`).
    /// ## Versions
    /// 3.0 to 3.9. From 4.0 `node.id` has no default and `schema/missing-required-key` reports it.
    /// Only files said to be brokers (by name, directive, kafkalint.toml or `--role`) are
    /// judged: a file whose role is guessed from its keys may be a tool's, or a fragment its
    /// environment completes.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (3.0-3.9) and `KafkaConfig.populateSynonyms`
    /// (`broker.id` ↔ `node.id`).
    pub KraftWithoutNodeId {
        id: "broker/kraft-without-node-id",
        summary: "a KRaft node (process.roles) has no node.id",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.0") => Some("3.9"),
        reads: ["process.roles", "node.id", "broker.id"],
        fix: Always,
        source: "KafkaConfig.validateValues (Missing configuration `node.id`)",
    }
}

fn set(cx: &FileCtx<'_>, key: &str) -> bool {
    cx.explicit(key).is_some_and(|e| crate::model::is_placeholder(&e.value) || crate::model::parse_i64(&e.value).is_none_or(|v| v >= 0))
}

impl Rule for KraftWithoutNodeId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::mode(cx).is_kraft() || !super::declared_broker(cx) || set(cx, "node.id") || set(cx, "broker.id") {
            return;
        }
        let roles = cx.explicit("process.roles").expect("KRaft mode comes from process.roles");
        let (span, msg) = match cx.explicit("node.id") {
            Some(e) => (e.value_span, format!("`node.id` is {} while `process.roles` is set: Kafka refuses to start", e.value.trim())),
            None => (roles.key_span, "this KRaft node (`process.roles` is set) has no `node.id`: Kafka refuses to start".to_string()),
        };
        let (edit, what) = match cx.explicit("node.id") {
            Some(e) => (cx.replace_value(e, "<node-id>"), "Set"),
            None => (cx.insert_entry("node.id", "<node-id>"), "Add"),
        };
        out.report(&META, cx.id, span, msg)
            .key("node.id")
            .help("set `node.id` to this node's id, unique in the cluster")
            .fix(Fix::display_only(format!("{what} `node.id` (fill in this node's id)"), vec![edit]));
    }
}
