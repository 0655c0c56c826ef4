use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a KRaft node (`process.roles` set), or a ZooKeeper-mode broker migrating to KRaft
    /// (`zookeeper.metadata.migration.enable=true`), that names no controller quorum: neither
    /// `controller.quorum.voters` nor (from 3.9) `controller.quorum.bootstrap.servers`.
    /// ## Why it fails in production
    /// The node cannot find the controllers. Kafka refuses to start: `ConfigException: If using
    /// process.roles, controller.quorum.voters must contain a parseable set of voters.` (3.9+:
    /// `If using process.roles, either controller.quorum.bootstrap.servers must contain the set of
    /// bootstrap controllers or controller.quorum.voters must contain a parseable set of
    /// controllers.`)
    /// ## Example
    /// ```properties,expect_diagnostic
    /// process.roles=broker
    /// node.id=4
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092
    /// ```
    /// ## Use instead
    /// ```properties
    /// process.roles=broker
    /// node.id=4
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092
    /// controller.quorum.bootstrap.servers=controller-1:9093,controller-2:9093,controller-3:9093
    /// ```
    /// ## Fix
    /// None: list the controllers (`controller.quorum.voters=1@controller-1:9093,…`, or from 3.9
    /// `controller.quorum.bootstrap.servers=controller-1:9093,…`).
    /// ## Versions
    /// 3.0 and later; `controller.quorum.bootstrap.servers` counts from 3.9 (for a migrating
    /// broker too: 3.9.0-rc3's `validateQuorumVotersAndQuorumBootstrapServerForMigration`); the
    /// migration case 3.4 to 3.9.
    /// Only files said to be brokers (by name, directive, kafkalint.toml or `--role`) are
    /// judged: a file whose role is guessed from its keys may be a tool's, or a fragment its
    /// environment completes.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`validateNonEmptyQuorumVotersForKRaft` in 3.7,
    /// `validateQuorumVotersAndQuorumBootstrapServerForKRaft` in 3.9 and 4.1,
    /// `validateNonEmptyQuorumVotersForMigration`).
    pub KraftWithoutQuorum {
        id: "broker/kraft-without-quorum",
        summary: "a KRaft node names no controller quorum (controller.quorum.voters or bootstrap servers)",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.0") => None,
        reads: ["process.roles", "controller.quorum.voters", "controller.quorum.bootstrap.servers", "zookeeper.metadata.migration.enable"],
        fix: None,
        source: "KafkaConfig.validateValues (quorum voters / bootstrap servers required in KRaft)",
    }
}

fn listed(cx: &FileCtx<'_>, key: &str) -> bool {
    cx.get(key).is_some_and(|v| crate::model::is_placeholder(&v.text) || !v.as_list().is_empty())
}

impl Rule for KraftWithoutQuorum {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let mode = super::mode(cx);
        let migration =
            mode == super::Mode::ZooKeeper && cx.get("zookeeper.metadata.migration.enable").and_then(|v| v.as_bool()) == Some(true);
        if (!mode.is_kraft() && !migration) || !super::declared_broker(cx) {
            return;
        }
        // 3.9 accepts bootstrap servers for a migrating broker too
        // (`validateQuorumVotersAndQuorumBootstrapServerForMigration`); 3.4-3.8 wanted voters.
        let bootstrap_ok = super::since(cx.release(), "quorum_bootstrap_servers.since");
        if listed(cx, "controller.quorum.voters") || (bootstrap_ok && listed(cx, "controller.quorum.bootstrap.servers")) {
            return;
        }
        let (anchor_key, why) = if migration {
            (
                "zookeeper.metadata.migration.enable",
                "this broker migrating to KRaft (`zookeeper.metadata.migration.enable=true`)".to_string(),
            )
        } else {
            ("process.roles", format!("this KRaft node (`process.roles={}`)", super::process_roles(cx).join(",")))
        };
        let span = cx
            .explicit("controller.quorum.voters")
            .map(|e| e.key_span)
            .or_else(|| cx.explicit(anchor_key).map(|e| e.span))
            .unwrap_or_else(|| cx.anchor(&[]));
        let names =
            if bootstrap_ok { "`controller.quorum.voters` or `controller.quorum.bootstrap.servers`" } else { "`controller.quorum.voters`" };
        out.report(&META, cx.id, span, format!("{why} names no controllers in {names}: Kafka refuses to start"))
            .key("controller.quorum.voters")
            .help(if bootstrap_ok {
                "list the controllers: `controller.quorum.bootstrap.servers=host:port,…` (dynamic quorum) or `controller.quorum.voters=id@host:port,…`"
            } else {
                "list the controllers: `controller.quorum.voters=id@host:port,…`"
            });
    }
}
