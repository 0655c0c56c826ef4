use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks `control.plane.listener.name` (KIP-291: a separate listener for the ZooKeeper-mode
    /// controller's requests to brokers) as Kafka does: it must not be empty, must be mapped in
    /// `listener.security.protocol.map`, must be one of the broker's advertised listeners
    /// (`advertised.listeners`, else `listeners`) and must not be the inter-broker listener
    /// (`inter.broker.listener.name`, else the listener named by `security.inter.broker.protocol`,
    /// default `PLAINTEXT`). From 3.1 a KRaft node (`process.roles`) must not set it at all. The
    /// advertised-listener check judges only a file that sets `listeners` or
    /// `advertised.listeners` (an environment often writes them).
    /// ## Why it fails in production
    /// The broker refuses to start: `ConfigException: Listener with CONTROL defined in
    /// control.plane.listener.name not found in listener.security.protocol.map.`,
    /// `IllegalArgumentException: requirement failed: control.plane.listener.name must be a
    /// listener name defined in advertised.listeners`, `control.plane.listener.name, when defined,
    /// should have a different value from the inter broker listener name`, or
    /// `control.plane.listener.name is not supported in KRaft mode.`
    /// ## Example
    /// ```properties,expect_diagnostic
    /// zookeeper.connect=zk-1:2181
    /// listeners=PLAINTEXT://:9092,CONTROL://:9091
    /// listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROL:PLAINTEXT
    /// control.plane.listener.name=PLAINTEXT
    /// ```
    /// ## Use instead
    /// ```properties
    /// zookeeper.connect=zk-1:2181
    /// listeners=PLAINTEXT://:9092,CONTROL://:9091
    /// listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROL:PLAINTEXT
    /// control.plane.listener.name=CONTROL
    /// ```
    /// ## Fix
    /// None: point it at a listener of its own that the broker listens on and advertises, or
    /// remove it (in KRaft mode the controllers use `controller.listener.names`).
    /// ## Versions
    /// 2.2 to 3.9 (the key came with KIP-291 in 2.2; 4.0 removed it, and `schema/removed-key` reports
    /// it there). The KRaft prohibition holds from 3.1 (with no version given, a warning unless the
    /// file's keys rule out 2.8 and 3.0). Read in `KafkaConfig` at apache/kafka tags 2.2.0, 2.4.0,
    /// 2.8.0, 3.0.0 (no KRaft prohibition), 3.1.0, 3.2.0, 3.3.0, 3.6.0, 3.8.0 and 3.9.0-rc3 (and the
    /// 3.9.0 release commit cc53a63, whose `KafkaConfig` is the same).
    /// ## Source
    /// `kafka.server.KafkaConfig.getControlPlaneListenerNameAndSecurityProtocol` (the protocol map)
    /// and `validateValues` (`advertisedListenerNames.contains(controlPlaneListenerName.get)`, the
    /// inter-broker listener comparison, `validateControlPlaneListenerEmptyForKRaft`);
    /// `ListenerName.normalised` (an empty name).
    pub ControlPlaneListenerInvalid {
        id: "broker/control-plane-listener-invalid",
        summary: "control.plane.listener.name is empty, unmapped, not advertised, the inter-broker listener, or set in KRaft mode",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("2.2") => Some("3.9"),
        reads: [
            "control.plane.listener.name",
            "listener.security.protocol.map",
            "listeners",
            "advertised.listeners",
            "inter.broker.listener.name",
            "security.inter.broker.protocol",
            "process.roles",
            "controller.listener.names",
            "zookeeper.metadata.migration.enable",
        ],
        fix: None,
        source: "KafkaConfig.validateValues / getControlPlaneListenerNameAndSecurityProtocol (control.plane.listener.name)",
    }
}

impl Rule for ControlPlaneListenerInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(e) = cx.explicit("control.plane.listener.name") else { return };
        if is_placeholder(&e.value) {
            return;
        }
        let release = cx.release();
        let name = e.value.trim().to_ascii_uppercase();
        let mode = super::mode(cx);
        if mode.is_kraft() && release.at_least("3.1") {
            let (severity, verdict) = super::refusal_from(cx, "3.1");
            out.report(&META, cx.id, e.key_span, format!("`control.plane.listener.name` is not supported in KRaft mode: {verdict}"))
                .severity(severity)
                .key("control.plane.listener.name")
                .help("remove it: KRaft controllers are reached through `controller.listener.names` and `controller.quorum.voters`");
            return;
        }
        if mode == super::Mode::Invalid {
            return;
        }
        if name.is_empty() {
            out.report(
                &META,
                cx.id,
                e.key_span,
                format!("`control.plane.listener.name` is set but empty: Kafka {release} refuses to start (it names no listener)"),
            )
            .key("control.plane.listener.name")
            .help("remove the line, or name the listener that carries the controller's requests");
            return;
        }
        let span = e.value_span;
        if let Some(map) = super::security_protocol_map(cx) {
            if super::protocol_of(&map, &name).is_none() {
                let mapped: Vec<&str> = map.iter().map(|(n, _)| n.as_str()).collect();
                out.report(
                    &META,
                    cx.id,
                    span,
                    format!(
                        "control plane listener `{name}` is not in `listener.security.protocol.map` ({}): Kafka {release} refuses to start",
                        mapped.join(", ")
                    ),
                )
                .key("control.plane.listener.name")
                .help(format!("map `{name}` in `listener.security.protocol.map` (`{name}:PLAINTEXT`, `{name}:SSL`, …)"));
                return;
            }
        }
        // One of the advertised broker listeners (judged when the file sets them).
        let adv = match super::listeners_of(cx, "advertised.listeners").filter(|l| l.entry.is_some()) {
            Some(a) => Some((a, "advertised.listeners")),
            None => super::listeners_of(cx, "listeners").map(|l| (l, "listeners")),
        };
        if let Some((adv, key)) = adv.filter(|(a, _)| a.entry.is_some() && a.malformed == 0) {
            let migrating = cx.get("zookeeper.metadata.migration.enable").and_then(|v| v.as_bool()) == Some(true);
            let controllers = if release.at_least("3.9") && !migrating { super::controller_listener_names(cx) } else { Vec::new() };
            let names: Vec<String> = adv.names().into_iter().filter(|n| !controllers.iter().any(|c| c.eq_ignore_ascii_case(n))).collect();
            if !names.contains(&name) {
                let b = out
                    .report(
                        &META,
                        cx.id,
                        span,
                        format!(
                            "control plane listener `{name}` is not among the broker's advertised listeners ({}): Kafka {release} refuses to start",
                            if names.is_empty() { "none".to_string() } else { names.join(", ") }
                        ),
                    )
                    .key("control.plane.listener.name")
                    .help(format!("add `{name}://host:port` to `listeners` (and to `advertised.listeners` when that is set)"));
                if let Some(a) = adv.entry {
                    b.label(cx.id, a.value_span, Some(key), format!("`{key}` is set here"));
                }
                return;
            }
        }
        // The listener brokers talk to each other on.
        let by_name = cx.explicit("inter.broker.listener.name").filter(|i| !is_placeholder(&i.value));
        let by_protocol = cx.get("security.inter.broker.protocol");
        let both = by_name.is_some() && by_protocol.as_ref().is_some_and(|p| p.is_explicit());
        let inter = match (by_name, &by_protocol) {
            (Some(i), _) => Some((i.value.trim().to_ascii_uppercase(), Some(i), "inter.broker.listener.name")),
            (None, Some(p)) if !is_placeholder(&p.text) => {
                Some((p.text.trim().to_ascii_uppercase(), p.entry(), "security.inter.broker.protocol"))
            }
            _ => None,
        };
        if let Some((ibl, ibl_entry, ibl_key)) = inter.filter(|_| !both) {
            if ibl == name {
                let b = out
                    .report(
                        &META,
                        cx.id,
                        span,
                        format!("control plane listener `{name}` is also the inter-broker listener: Kafka {release} refuses to start (`control.plane.listener.name, when defined, should have a different value from the inter broker listener name`)"),
                    )
                    .key("control.plane.listener.name")
                    .help("give the controller's requests a listener of their own (add it to `listeners` and the protocol map)");
                match ibl_entry {
                    Some(i) => b.label(cx.id, i.value_span, Some(ibl_key), format!("the inter-broker listener is `{ibl}` here")),
                    None => b.primary_label(format!(
                        "`security.inter.broker.protocol` defaults to {ibl} in Kafka {release}, naming the `{ibl}` listener"
                    )),
                };
            }
        }
    }
}
