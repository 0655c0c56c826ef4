use crate::model::{is_placeholder, parse_i64, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks a node that sets `zookeeper.metadata.migration.enable=true` (the ZooKeeper to KRaft
    /// migration, 3.4 to 3.9) against what Kafka requires of it. A ZooKeeper-mode broker (no
    /// `process.roles`) must not set `inter.broker.protocol.version` below 3.4, and with several
    /// log directories
    /// (JBOD) is refused in 3.6 and needs `inter.broker.protocol.version` 3.7-IV2 or later from
    /// 3.7. In 3.4 and 3.5 it must not set an `authorizer.class.name`; in 3.9 it needs a fixed
    /// `broker.id` (0 or more). A KRaft controller (`process.roles`) that migrates must set
    /// `zookeeper.connect`. The controllers a migrating broker must name are reported by
    /// `broker/kraft-without-quorum` (`controller.quorum.voters`) and
    /// `broker/kraft-without-controller-listener-names` (`controller.listener.names`).
    /// ## Why it fails in production
    /// The node refuses to start, with `IllegalArgumentException: requirement failed: Cannot
    /// enable ZooKeeper migration without setting 'inter.broker.protocol.version' to 3.4 or
    /// higher`, `Cannot enable ZooKeeper migration with multiple log
    /// directories (aka JBOD) without setting 'inter.broker.protocol.version' to 3.7-IV2 or
    /// higher`, ``ConfigException: If using `zookeeper.metadata.migration.enable` in KRaft mode,
    /// `zookeeper.connect` must also be set.``, and the like.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// broker.id=1
    /// zookeeper.connect=zk-1:2181
    /// zookeeper.metadata.migration.enable=true
    /// inter.broker.protocol.version=3.3
    /// controller.quorum.voters=3000@controller-1:9093
    /// controller.listener.names=CONTROLLER
    /// listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
    /// ```
    /// ## Use instead
    /// ```properties
    /// broker.id=1
    /// zookeeper.connect=zk-1:2181
    /// zookeeper.metadata.migration.enable=true
    /// inter.broker.protocol.version=3.9
    /// controller.quorum.voters=3000@controller-1:9093
    /// controller.listener.names=CONTROLLER
    /// listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
    /// ```
    /// ## Fix
    /// None: complete the migration settings as the Kafka migration guide lists them.
    /// ## Versions
    /// 3.4 to 3.9 (the migration came in 3.4 with KIP-866; 4.0 removed ZooKeeper and the key). Read in
    /// `KafkaConfig.validateValues` at apache/kafka tags 3.4.0, 3.5.0, 3.6.0, 3.7.0, 3.8.0 and
    /// 3.9.0-rc3 (and the 3.9.0 release commit cc53a63, whose `KafkaConfig` is the same): the
    /// authorizer check is in 3.4.0 and 3.5.0 only; JBOD is refused outright in 3.6.0 and needs 3.7-IV2
    /// from 3.7.0; a fixed `broker.id` (0 or more) is required from 3.9. With no version given, a
    /// finding that only later lines of the file's possible range refuse (JBOD from 3.6, the id from
    /// 3.9) is a warning.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (the ZooKeeper branch's `if (migrationEnabled)`,
    /// and the KRaft branch's `zkConnect == null` check); `MetadataVersion.isMigrationSupported`
    /// (IBP_3_4_IV0) and `isDirectoryAssignmentSupported` (IBP_3_7_IV2).
    pub ZookeeperMigrationIncomplete {
        id: "broker/zookeeper-migration-incomplete",
        summary: "zookeeper.metadata.migration.enable=true without what the migration requires: the node does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.4") => Some("3.9"),
        reads: [
            "zookeeper.metadata.migration.enable",
            "process.roles",
            "zookeeper.connect",
            "inter.broker.protocol.version",
            "log.dirs",
            "log.dir",
            "authorizer.class.name",
            "broker.id",
            "node.id",
        ],
        fix: None,
        source: "KafkaConfig.validateValues (ZooKeeper migration requirements)",
    }
}

/// `inter.broker.protocol.version` as `MetadataVersion.fromVersionString` reads it: the line
/// (first two segments, three for `0.x`) and the `-IVn` suffix (`None`: the line's newest).
fn protocol(text: &str) -> Option<((u32, u32, u32), Option<u32>)> {
    let t = text.trim();
    let (base, iv) = match t.split_once("-IV") {
        Some((b, iv)) => (b, Some(iv.parse::<u32>().ok()?)),
        None => (t, None),
    };
    let nums: Vec<u32> = base.split('.').map(|s| s.parse::<u32>().ok()).collect::<Option<Vec<_>>>()?;
    match nums.as_slice() {
        [0, b, c, ..] => Some(((0, *b, *c), iv)),
        [a, b, ..] if *a >= 1 => Some(((*a, *b, 0), iv)),
        _ => None,
    }
}

/// Whether a protocol is at least `line` with IV `iv` (a bare line means its newest IV).
fn at_least(p: ((u32, u32, u32), Option<u32>), line: (u32, u32, u32), iv: u32) -> bool {
    p.0 > line || (p.0 == line && p.1.is_none_or(|i| i >= iv))
}

impl Rule for ZookeeperMigrationIncomplete {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(flag) = cx.explicit("zookeeper.metadata.migration.enable") else { return };
        if cx.get("zookeeper.metadata.migration.enable").and_then(|v| v.as_bool()) != Some(true) {
            return;
        }
        let release = cx.release();
        // `since`: the line from which Kafka refuses it (an error when that holds for every line
        // the file may run, else a warning); `{verdict}` in the message is replaced accordingly.
        let mut report = |span: Span, key: &str, message: String, help: &str, since: &str| {
            let (severity, verdict) = super::refusal_from(cx, since);
            out.report(&META, cx.id, span, message.replace("{verdict}", &verdict))
                .severity(severity)
                .key(key)
                .label(cx.id, flag.value_span, Some("zookeeper.metadata.migration.enable"), "the migration is turned on here")
                .help(help.to_string());
        };
        match super::mode(cx) {
            super::Mode::ZooKeeper => {}
            m if m.is_kraft() => {
                if cx.explicit("zookeeper.connect").is_none() && super::declared_broker(cx) {
                    report(
                        flag.key_span,
                        "zookeeper.metadata.migration.enable",
                        "a KRaft node migrating from ZooKeeper needs `zookeeper.connect`: {verdict} (`If using zookeeper.metadata.migration.enable in KRaft mode, zookeeper.connect must also be set.`)".to_string(),
                        "set `zookeeper.connect` to the ZooKeeper ensemble the brokers are migrating from",
                        "3.4",
                    );
                }
                return;
            }
            _ => return,
        }
        // A ZooKeeper-mode broker being migrated.
        if release.at_least("3.9") {
            let id = cx.explicit("broker.id").or_else(|| cx.explicit("node.id"));
            match id {
                Some(e) if !is_placeholder(&e.value) => {
                    if let Some(v) = parse_i64(&e.value).filter(|v| *v < 0) {
                        report(
                            e.value_span,
                            &e.key,
                            format!(
                                "`{}={v}` asks for a generated broker id, which the ZooKeeper migration does not allow: {{verdict}}",
                                e.key
                            ),
                            "give the broker a fixed `broker.id` (0 or more) before enabling the migration",
                            "3.9",
                        );
                    }
                }
                None if super::declared_broker(cx) => report(
                    flag.key_span,
                    "broker.id",
                    "`broker.id` is not set (a generated id), which the ZooKeeper migration does not allow: {verdict}".to_string(),
                    "give the broker a fixed `broker.id` (0 or more) before enabling the migration",
                    "3.9",
                ),
                _ => {}
            }
        }
        let ibp_entry = cx.explicit("inter.broker.protocol.version").filter(|e| !is_placeholder(&e.value));
        let ibp = ibp_entry.and_then(|e| protocol(&e.value));
        if let (Some(e), Some(p)) = (ibp_entry, ibp) {
            if !at_least(p, (3, 4, 0), 0) {
                report(
                    e.value_span,
                    "inter.broker.protocol.version",
                    format!("`inter.broker.protocol.version={}` is below 3.4: {{verdict}} (`Cannot enable ZooKeeper migration without setting 'inter.broker.protocol.version' to 3.4 or higher`)", e.value.trim()),
                    "raise `inter.broker.protocol.version` to this Kafka's version (finish the rolling upgrade) before migrating",
                    "3.4",
                );
            }
        }
        let dirs = cx.explicit("log.dirs").or_else(|| cx.explicit("log.dir"));
        if let Some(d) = dirs.filter(|d| !is_placeholder(&d.value)) {
            let count = d.value.split(',').filter(|s| !s.trim().is_empty()).count();
            if count > 1 {
                if !release.at_least("3.7") {
                    report(
                        d.value_span,
                        &d.key,
                        format!("{count} log directories (JBOD): {{verdict}} (`Cannot enable ZooKeeper migration when multiple log directories (aka JBOD) are in use.`; allowed from 3.7 with inter.broker.protocol.version 3.7-IV2)"),
                        "migrate with one log directory, or upgrade to 3.7 or later first",
                        "3.6",
                    );
                } else if let (Some(e), Some(p)) = (ibp_entry, ibp) {
                    if !at_least(p, (3, 7, 0), 2) {
                        report(
                            d.value_span,
                            &d.key,
                            format!("{count} log directories (JBOD) with `inter.broker.protocol.version={}`: {{verdict}} (a migration with JBOD needs 3.7-IV2 or higher)", e.value.trim()),
                            "raise `inter.broker.protocol.version` to 3.7-IV2 or later before migrating a JBOD broker",
                            "3.6",
                        );
                    }
                }
            }
        }
        if !release.at_least("3.6") {
            if let Some(a) = cx.explicit("authorizer.class.name").filter(|a| !a.value.trim().is_empty() && !is_placeholder(&a.value)) {
                report(
                    a.value_span,
                    "authorizer.class.name",
                    "an authorizer is set: {verdict} (`ZooKeeper migration does not yet support authorizers. Remove authorizer.class.name before performing a migration.`)".to_string(),
                    "remove `authorizer.class.name` for the migration, or migrate with Kafka 3.6 or later",
                    "3.4",
                );
            }
        }
    }
}
