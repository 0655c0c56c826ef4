use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a KRaft node (`process.roles` set) without `controller.listener.names`, and a
    /// ZooKeeper-mode broker in migration (`zookeeper.metadata.migration.enable=true`) without it.
    /// ## Why it fails in production
    /// The node cannot tell which listener reaches (or is) the controller quorum, and Kafka refuses
    /// to start: `IllegalArgumentException: requirement failed: controller.listener.names must
    /// contain at least one value when running KRaft with just the broker role` (for a
    /// controller: `controller.listener.names must contain at least one value appearing in the
    /// 'listeners' configuration when running the KRaft controller role`).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// process.roles=broker
    /// node.id=4
    /// controller.quorum.voters=1@controller-1:9093
    /// listeners=PLAINTEXT://:9092
    /// ```
    /// ## Use instead
    /// ```properties
    /// process.roles=broker
    /// node.id=4
    /// controller.quorum.voters=1@controller-1:9093
    /// listeners=PLAINTEXT://:9092
    /// controller.listener.names=CONTROLLER
    /// ```
    /// ## Fix
    /// None: name the listener the controllers use (often `CONTROLLER`); on a controller it must
    /// also be in `listeners`.
    /// ## Versions
    /// 3.0 and later; the migration case 3.4 to 3.9.
    /// Only files said to be brokers (by name, directive, kafkalint.toml or `--role`) are
    /// judged: a file whose role is guessed from its keys may be a tool's, or a fragment its
    /// environment completes.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues`, read at 3.0, 3.7, 3.9 and 4.1.
    pub KraftWithoutControllerListenerNames {
        id: "broker/kraft-without-controller-listener-names",
        summary: "a KRaft node has no controller.listener.names",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.0") => None,
        reads: ["process.roles", "controller.listener.names", "zookeeper.metadata.migration.enable"],
        fix: None,
        source: "KafkaConfig.validateValues (controller.listener.names must contain at least one value)",
    }
}

impl Rule for KraftWithoutControllerListenerNames {
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
        if cx.explicit("controller.listener.names").is_some_and(|e| crate::model::is_placeholder(&e.value)) {
            return;
        }
        if !super::controller_listener_names(cx).is_empty() {
            return;
        }
        let (anchor, why) = if migration {
            (
                cx.explicit("zookeeper.metadata.migration.enable").map(|e| e.span),
                "this broker migrating to KRaft (`zookeeper.metadata.migration.enable=true`)".to_string(),
            )
        } else {
            (
                cx.explicit("process.roles").map(|e| e.span),
                format!("this KRaft node (`process.roles={}`)", super::process_roles(cx).join(",")),
            )
        };
        let span = cx.explicit("controller.listener.names").map_or_else(|| anchor.unwrap_or_else(|| cx.anchor(&[])), |e| e.key_span);
        out.report(&META, cx.id, span, format!("`controller.listener.names` is not set on {why}: Kafka refuses to start"))
            .key("controller.listener.names")
            .help(if mode.runs_controller() {
                "set `controller.listener.names` to the controller listener (`CONTROLLER`) and add it to `listeners`"
            } else {
                "set `controller.listener.names` to the name of the controllers' listener (`CONTROLLER`) and map it in `listener.security.protocol.map`"
            });
    }
}
