use crate::model::{is_placeholder, parse_i64, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// On a ZooKeeper-mode broker (no `process.roles`), checks `broker.id` as Kafka does: with
    /// broker id generation on (`broker.id.generation.enable`, default `true`) it must lie between
    /// -1 (generate one) and `reserved.broker.max.id` (default 1000), because generated ids start
    /// above that; with generation off it must be 0 or more. From 3.1 a `node.id` set without
    /// `broker.id` is copied into `broker.id` and judged the same way. On a KRaft node, flags a
    /// negative `node.id` (or `broker.id` copied into it).
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed: broker.id must
    /// be greater than or equal to -1 and not greater than reserved.broker.max.id` (or `broker.id
    /// must be greater than or equal to 0`). A broker numbered 1001 under the defaults collides
    /// with the range ZooKeeper hands out to brokers that ask for an id.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// zookeeper.connect=zk-1:2181
    /// broker.id=1001
    /// ```
    /// ## Use instead
    /// ```properties
    /// zookeeper.connect=zk-1:2181
    /// broker.id=1001
    /// reserved.broker.max.id=2000
    /// ```
    /// ## Fix
    /// None: choose an id below `reserved.broker.max.id` (or raise it), or, with generation off,
    /// a fixed id of 0 or more.
    /// ## Versions
    /// Up to 3.9 (ZooKeeper mode; 4.0 removed it together with `reserved.broker.max.id` and
    /// `broker.id.generation.enable`). Before 2.8 every broker is checked; from 2.8 only brokers
    /// without `process.roles`. A KRaft node (2.8+) has no id generation and no
    /// `reserved.broker.max.id`: its `node.id` (from 3.1 also a `broker.id` copied into it) must be 0
    /// or more; up to 3.9 a negative one counts as missing, from 4.0 `node.id` has `atLeast(0)` (an
    /// explicit negative `node.id` is `schema/invalid-value`'s there; a missing one
    /// `broker/kraft-without-node-id`'s). Read in `KafkaConfig.validateValues` at apache/kafka tags
    /// 0.10.0.0, 0.11.0.0, 1.0.0, 2.0.0, 2.4.0, 2.8.0, 3.0.0, 3.3.0, 3.8.0 and 3.9.0-rc3 (and the 3.9.0
    /// release commit cc53a63, whose `KafkaConfig` is the same); 4.0 (the 4.0 branch at the 4.0.0
    /// release) no longer has the ZooKeeper check.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`if (brokerIdGenerationEnable) require(brokerId
    /// >= -1 && brokerId <= maxReservedBrokerId) else require(brokerId >= 0)`, inside `if
    /// (requiresZookeeper)` from 2.8; the KRaft branch's `if (nodeId < 0)`, 2.8.0 to 3.9.0-rc3);
    /// `KafkaConfig.populateSynonyms` (3.1+); `KRaftConfigs` (`node.id` with `atLeast(0)`, the
    /// 4.0.0 to 4.2.0 release commits).
    pub BrokerIdOutOfRange {
        id: "broker/broker-id-out-of-range",
        summary: "broker.id is outside -1..reserved.broker.max.id (negative with id generation off, or a negative KRaft node.id): the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["broker.id", "node.id", "broker.id.generation.enable", "reserved.broker.max.id", "process.roles", "zookeeper.metadata.migration.enable"],
        fix: None,
        source: "KafkaConfig.validateValues (broker.id must be greater than or equal to -1 and not greater than reserved.broker.max.id)",
    }
}

impl Rule for BrokerIdOutOfRange {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let mode = super::mode(cx);
        if mode.is_kraft() {
            return self.check_kraft(cx, out);
        }
        if mode != super::Mode::ZooKeeper || cx.release().at_least("4.0") {
            return;
        }
        // `broker.id`, else (3.1+, populateSynonyms) `node.id`.
        let id_entry = cx.explicit("broker.id").or_else(|| cx.release().at_least("3.1").then(|| cx.explicit("node.id")).flatten());
        let generation = cx.get("broker.id.generation.enable");
        let Some(generation_on) = generation.as_ref().map_or(Some(true), |g| if is_placeholder(&g.text) { None } else { g.as_bool() })
        else {
            return;
        };
        let Some(e) = id_entry else {
            // No id at all: `broker.id` defaults to -1, which only id generation accepts. Judged
            // for files declared brokers (an environment often supplies the id).
            if let (false, Some(g)) = (generation_on, generation.as_ref().and_then(|g| g.entry())) {
                if super::declared_broker(cx) {
                    out.report(
                        &META,
                        cx.id,
                        g.value_span,
                        "broker id generation is off and `broker.id` is not set (it defaults to -1): the broker refuses to start (`broker.id must be greater than or equal to 0`)",
                    )
                    .key("broker.id.generation.enable")
                    .help("set `broker.id` to this broker's fixed id (0 or more), or turn id generation back on");
                }
            }
            return;
        };
        if is_placeholder(&e.value) {
            return;
        }
        let Some(id) = parse_i64(&e.value) else { return };
        // 3.9 checks a migrating broker's id first: `broker/zookeeper-migration-incomplete`.
        let migrating = cx.get("zookeeper.metadata.migration.enable").and_then(|v| v.as_bool()) == Some(true);
        if id < 0 && migrating && cx.release().at_least("3.9") {
            return;
        }
        let shown_id = format!("`{}={id}`", e.key);
        if generation_on {
            let Some((max, max_e)) = super::long_of(cx, "reserved.broker.max.id") else { return };
            if (-1..=max).contains(&id) {
                return;
            }
            let why =
                if id < -1 { "below -1".to_string() } else { format!("above {}", super::shown(cx, "reserved.broker.max.id", max, max_e)) };
            let b = out
                .report(
                    &META,
                    cx.id,
                    e.value_span,
                    format!(
                        "{shown_id} is {why} while broker id generation is on: the broker refuses to start (`broker.id must be greater than or equal to -1 and not greater than reserved.broker.max.id`)"
                    ),
                )
                .key(&e.key)
                .help(if id < -1 {
                    "use -1 (a generated id) or a fixed id of 0 or more".to_string()
                } else {
                    format!("use an id of at most {max}, or raise `reserved.broker.max.id` to {id} or more")
                });
            if let Some(m) = max_e {
                b.label(cx.id, m.value_span, Some("reserved.broker.max.id"), "`reserved.broker.max.id` is set here");
            }
        } else if id < 0 {
            let b = out
                .report(
                    &META,
                    cx.id,
                    e.value_span,
                    format!("{shown_id} is negative while broker id generation is off: the broker refuses to start (`broker.id must be greater than or equal to 0`)"),
                )
                .key(&e.key)
                .help("give the broker a fixed id of 0 or more, or turn `broker.id.generation.enable` back on");
            if let Some(g) = generation.as_ref().and_then(|g| g.entry()) {
                b.label(cx.id, g.value_span, Some("broker.id.generation.enable"), "id generation is turned off here");
            }
        }
    }
}

impl BrokerIdOutOfRange {
    /// KRaft: the node's id must be 0 or more. Up to 3.9 a negative `node.id` counts as missing
    /// (`validateValues`); from 4.0 `node.id` has `atLeast(0)` (`schema/invalid-value` reports an
    /// explicit one), and a negative `broker.id` copied into it by `populateSynonyms` fails the same.
    fn check_kraft(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let release = cx.release();
        let (e, copied) = match cx.explicit("node.id") {
            Some(n) => (n, false),
            // `broker.id` is copied into `node.id` from 3.1 (2.8 and 3.0 leave `node.id` at -1,
            // which broker/kraft-without-node-id reports as missing).
            None => match cx.explicit("broker.id").filter(|_| release.at_least("3.1")) {
                Some(b) => (b, true),
                None => return,
            },
        };
        if is_placeholder(&e.value) {
            return;
        }
        let Some(id) = parse_i64(&e.value).filter(|v| *v < 0) else { return };
        let message = if release.at_least("4.0") {
            if !copied {
                return; // `node.id` itself: schema/invalid-value
            }
            format!("`broker.id={id}` is copied into `node.id`, which must be 0 or more: Kafka {release} refuses to start (`Invalid value {id} for configuration node.id`)")
        } else if copied {
            format!("`broker.id={id}` is copied into `node.id`, and a KRaft node with a negative id counts as having none: Kafka {release} refuses to start (`Missing configuration node.id which is required when process.roles is defined`)")
        } else {
            format!("`node.id={id}`: a KRaft node with a negative id counts as having none: Kafka {release} refuses to start (`Missing configuration node.id which is required when process.roles is defined`)")
        };
        out.report(&META, cx.id, e.value_span, message)
            .key(&e.key)
            .help("give the node its id (0 or more), the one it has in `controller.quorum.voters` if it is a controller");
    }
}
