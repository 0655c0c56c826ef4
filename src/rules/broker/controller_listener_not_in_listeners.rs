use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// On a KRaft controller (`process.roles` includes `controller`), flags a name of
    /// `controller.listener.names` that `listeners` does not define.
    /// ## Why it fails in production
    /// A controller must listen on its controller listener. Kafka refuses to start:
    /// `IllegalArgumentException: requirement failed: controller.listener.names must only contain
    /// values appearing in the 'listeners' configuration when running the KRaft controller role`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092
    /// ```
    /// ## Use instead
    /// ```properties
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// ```
    /// ## Fix
    /// None: add the controller listener to `listeners` with the port of this node's entry in
    /// `controller.quorum.voters`.
    /// ## Versions
    /// 3.0 and later (KRaft).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues`
    /// (`validateControllerListenerNamesMustAppearInListenersForKRaftController`), read at 3.7,
    /// 3.9 and 4.1; 3.0 requires at least one controller listener in `listeners`.
    pub ControllerListenerNotInListeners {
        id: "broker/controller-listener-not-in-listeners",
        summary: "a controller's controller.listener.names names a listener that listeners does not define",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.0") => None,
        reads: ["process.roles", "controller.listener.names", "listeners"],
        fix: None,
        source: "KafkaConfig.validateValues (controller.listener.names must only contain values appearing in listeners)",
    }
}

impl Rule for ControllerListenerNotInListeners {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::mode(cx).runs_controller() {
            return;
        }
        let Some(names) = cx.explicit("controller.listener.names") else { return };
        let Some(lis) = super::listeners_of(cx, "listeners") else { return };
        if lis.malformed > 0 {
            return;
        }
        for (name, range) in super::list_items(names.value.trim()) {
            if lis.has(&name) {
                continue;
            }
            let b = out
                .report(
                    &META,
                    cx.id,
                    super::entry_range_span(cx, names, range),
                    format!("controller listener `{name}` is not in `listeners` ({}): Kafka refuses to start", lis.names().join(", ")),
                )
                .key("controller.listener.names")
                .primary_label("this controller does not listen on it")
                .help(format!("add `{name}://:<port>` to `listeners`, with the port of this node in `controller.quorum.voters`"));
            match lis.entry {
                Some(e) => b.label(cx.id, e.value_span, Some("listeners"), "`listeners` is set here"),
                None => b.label(
                    cx.id,
                    names.key_span,
                    Some("listeners"),
                    format!("`listeners` defaults to {} in Kafka {}", lis.text, cx.release()),
                ),
            };
        }
    }
}
