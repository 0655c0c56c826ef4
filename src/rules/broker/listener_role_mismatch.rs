use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks that `listeners` fits the node's `process.roles`: a broker-only KRaft node must not
    /// listen on a controller listener (`controller.listener.names`), a controller-only node must
    /// listen only on controller listeners, and a ZooKeeper-mode broker that is not migrating must
    /// not set `controller.listener.names`.
    /// ## Why it fails in production
    /// Kafka refuses to start: `controller.listener.names must not contain a value appearing in
    /// the 'listeners' configuration when running KRaft with just the broker role`, `The listeners
    /// config must only contain KRaft controller listeners from controller.listener.names when
    /// process.roles=controller`, or `controller.listener.names must be empty when not running in
    /// KRaft mode`. A broker-only node reaches the controllers through `controller.quorum.voters`
    /// (or `controller.quorum.bootstrap.servers`); it does not serve the controller listener itself.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// process.roles=broker
    /// node.id=4
    /// controller.quorum.voters=1@controller-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// ```
    /// ## Use instead
    /// ```properties
    /// process.roles=broker
    /// node.id=4
    /// controller.quorum.voters=1@controller-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092
    /// ```
    /// ## Fix
    /// None: move the listener to the node whose role serves it.
    /// ## Versions
    /// 3.2 and later: the checks came with KAFKA-13456 (merged after the 3.1 branch was cut; 3.0
    /// does not have them). The ZooKeeper-mode case holds up to 3.9 (4.0 has no ZooKeeper mode).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues`, read at 3.0 (absent), 3.7, 3.9 and 4.1; KAFKA-13456
    /// (apache/kafka#11503).
    pub ListenerRoleMismatch {
        id: "broker/listener-role-mismatch",
        summary: "listeners or controller.listener.names do not fit the node's process.roles",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.2") => None,
        reads: ["process.roles", "controller.listener.names", "listeners", "zookeeper.metadata.migration.enable"],
        fix: None,
        source: "KafkaConfig.validateValues (KRaft listener checks)",
    }
}

impl Rule for ListenerRoleMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let mode = super::mode(cx);
        let controllers = super::controller_listener_names(cx);
        let is_controller = |n: &str| controllers.iter().any(|c| c.eq_ignore_ascii_case(n));
        match mode {
            super::Mode::ZooKeeper => {
                let Some(e) = cx.explicit("controller.listener.names") else { return };
                if controllers.is_empty() || crate::model::is_placeholder(&e.value) {
                    return;
                }
                if cx.get("zookeeper.metadata.migration.enable").and_then(|v| v.as_bool()) == Some(true) {
                    return;
                }
                if cx.release().at_least("4.0") {
                    return; // no ZooKeeper mode: schema/missing-required-key reports process.roles
                }
                out.report(&META, cx.id, e.value_span, "`controller.listener.names` is set on a ZooKeeper-mode broker (no `process.roles`, no migration): Kafka refuses to start")
                    .key("controller.listener.names")
                    .help("remove `controller.listener.names`, or set `process.roles` if this node runs in KRaft mode");
            }
            super::Mode::Broker | super::Mode::Controller => {
                let Some(lis) = super::listeners_of(cx, "listeners") else { return };
                if lis.entry.is_none() || lis.malformed > 0 || controllers.is_empty() {
                    return;
                }
                for ep in &lis.endpoints {
                    let name = ep.name.to_ascii_uppercase();
                    let (bad, msg, help) = if mode == super::Mode::Broker {
                        (
                            is_controller(&ep.name),
                            format!(
                                "broker-only node (`process.roles=broker`) listens on controller listener `{name}`: Kafka refuses to start"
                            ),
                            format!(
                                "remove `{name}` from `listeners`: this broker reaches the controllers through `controller.quorum.voters`"
                            ),
                        )
                    } else {
                        (
                            !is_controller(&ep.name),
                            format!("controller-only node (`process.roles=controller`) listens on `{name}`, which is not in `controller.listener.names`: Kafka refuses to start"),
                            format!("remove `{name}` from `listeners` (a controller-only node serves only its controller listeners)"),
                        )
                    };
                    if !bad {
                        continue;
                    }
                    let label = if mode == super::Mode::Broker { "a controller listener" } else { "not a controller listener" };
                    let b = out.report(&META, cx.id, lis.span_of(cx, ep), msg).key("listeners").primary_label(label).help(help);
                    if let Some(e) = cx.explicit("process.roles") {
                        b.label(cx.id, e.value_span, Some("process.roles"), "`process.roles` is set here");
                    }
                }
            }
            _ => {}
        }
    }
}
