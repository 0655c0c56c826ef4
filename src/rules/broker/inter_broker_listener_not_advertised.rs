use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks that brokers can talk to each other: the inter-broker listener, named by
    /// `inter.broker.listener.name`, else by `security.inter.broker.protocol` (default
    /// `PLAINTEXT`, which names the listener `PLAINTEXT`), must be one of the broker's advertised
    /// listeners (`advertised.listeners`, else `listeners`; controller listeners excluded). Files
    /// that set neither `listeners` nor `advertised.listeners` are skipped: such files are often
    /// completed by their environment (Docker images write the listeners from variables).
    /// ## Why it fails in production
    /// Kafka refuses to start: `IllegalArgumentException: requirement failed:
    /// inter.broker.listener.name must be a listener name defined in advertised.listeners. The
    /// valid options based on currently configured listeners are SSL`. The usual cause is a
    /// broker whose only listener is `SSL` or `SASL_SSL` while `security.inter.broker.protocol`
    /// is left at its default, `PLAINTEXT`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// listeners=SSL://0.0.0.0:9093
    /// advertised.listeners=SSL://kafka-1.example.com:9093
    /// ssl.keystore.location=/etc/kafka/secrets/kafka-1.keystore.jks
    /// ```
    /// ## Use instead
    /// ```properties
    /// listeners=SSL://0.0.0.0:9093
    /// advertised.listeners=SSL://kafka-1.example.com:9093
    /// ssl.keystore.location=/etc/kafka/secrets/kafka-1.keystore.jks
    /// security.inter.broker.protocol=SSL
    /// ```
    /// ## Fix
    /// Unsafe, when the broker has exactly one broker listener and neither key is set: sets
    /// `inter.broker.listener.name` to it (brokers then replicate over that listener). Otherwise
    /// none: choose the listener brokers should use.
    /// ## Versions
    /// 0.10.2 and later (named listeners, KIP-103). Brokers only: ZooKeeper mode, and KRaft nodes
    /// whose `process.roles` includes `broker`. When both keys are set,
    /// `broker/inter-broker-listener-with-protocol` reports that instead.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` and `getInterBrokerListenerNameAndSecurityProtocol`
    /// (`ListenerName.forSecurityProtocol` when only the protocol is set), read at 3.0, 3.7, 3.9
    /// and 4.1.
    pub InterBrokerListenerNotAdvertised {
        id: "broker/inter-broker-listener-not-advertised",
        summary: "the inter-broker listener is not one of the broker's advertised listeners",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("0.10.2") => None,
        reads: [
            "inter.broker.listener.name",
            "security.inter.broker.protocol",
            "advertised.listeners",
            "listeners",
            "controller.listener.names",
            "process.roles",
        ],
        fix: Sometimes,
        source: "KafkaConfig.validateValues (inter.broker.listener.name must be a listener name defined in advertised.listeners)",
    }
}

impl Rule for InterBrokerListenerNotAdvertised {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let mode = super::mode(cx);
        if !mode.runs_broker() {
            return;
        }
        // Controller listeners without `process.roles`: not a broker file Kafka could read
        // (`broker/listener-role-mismatch`, `schema/missing-required-key`); nothing to add.
        if mode == super::Mode::ZooKeeper && !super::controller_listener_names(cx).is_empty() {
            return;
        }
        let by_name = cx.explicit("inter.broker.listener.name");
        let by_protocol = cx.get("security.inter.broker.protocol");
        if by_name.is_some() && by_protocol.as_ref().is_some_and(|p| p.is_explicit()) {
            return;
        }
        let (name, key) = match (by_name, &by_protocol) {
            (Some(e), _) => (e.value.trim().to_string(), "inter.broker.listener.name"),
            (None, Some(p)) => (p.text.to_string(), "security.inter.broker.protocol"),
            (None, None) => return,
        };
        if name.is_empty() || crate::model::is_placeholder(&name) {
            return;
        }
        let advertised = match super::listeners_of(cx, "advertised.listeners").filter(|l| l.entry.is_some()) {
            Some(a) => a,
            None => match super::listeners_of(cx, "listeners") {
                Some(l) => l,
                None => return,
            },
        };
        // A file that sets neither is often completed by its environment (Docker images write
        // `listeners` from variables): the defaults alone are not judged.
        if advertised.malformed > 0 || advertised.entry.is_none() {
            return;
        }
        let controllers = super::controller_listener_names(cx);
        let broker_listeners: Vec<String> =
            advertised.names().into_iter().filter(|n| !controllers.iter().any(|c| c.eq_ignore_ascii_case(n))).collect();
        let upper = name.to_ascii_uppercase();
        if broker_listeners.contains(&upper) {
            return;
        }
        let which = if advertised.entry.is_some_and(|e| e.key == "advertised.listeners") { "advertised.listeners" } else { "listeners" };
        let options = if broker_listeners.is_empty() { "none".to_string() } else { broker_listeners.join(", ") };
        let message = match (key, &by_protocol) {
            ("security.inter.broker.protocol", Some(p)) if !p.is_explicit() => format!(
                "brokers talk to each other on the `{upper}` listener (`security.inter.broker.protocol` defaults to {upper}), which is not among the advertised listeners ({options}): Kafka refuses to start"
            ),
            ("security.inter.broker.protocol", _) => format!(
                "`security.inter.broker.protocol={name}` makes brokers talk to each other on the `{upper}` listener, which is not among the advertised listeners ({options}): Kafka refuses to start"
            ),
            _ => format!("`inter.broker.listener.name` ({upper}) is not among the advertised listeners ({options}): Kafka refuses to start"),
        };
        let (primary, primary_key) = match (by_name, by_protocol.as_ref().and_then(|p| p.entry())) {
            (Some(e), _) => (e.value_span, "inter.broker.listener.name"),
            (None, Some(e)) => (e.value_span, "security.inter.broker.protocol"),
            (None, None) => (advertised.entry.map_or_else(|| cx.anchor(&[]), |e| e.value_span), which),
        };
        let mut b = out
            .report(&META, cx.id, primary, message)
            .key(primary_key)
            .help(match (key, by_protocol.as_ref().is_some_and(|p| p.is_explicit())) {
                ("security.inter.broker.protocol", true) => format!(
                    "replace `security.inter.broker.protocol` with `inter.broker.listener.name` naming one of the advertised listeners ({options})"
                ),
                ("security.inter.broker.protocol", false) if broker_listeners.len() == 1 => {
                    format!("set `inter.broker.listener.name={}`, the broker's only listener", broker_listeners[0])
                }
                _ => format!("set `inter.broker.listener.name` to the advertised listener brokers use to reach each other ({options})"),
            });
        if primary_key != which {
            b = match advertised.entry {
                Some(e) => b.label(cx.id, e.value_span, Some(which), format!("`{which}` is set here")),
                None => b.primary_label(format!("`listeners` defaults to {} in Kafka {}", advertised.text, cx.release())),
            };
        } else {
            b = b.primary_label(format!("no `{upper}` listener here"));
        }
        if by_name.is_none() && by_protocol.as_ref().is_none_or(|p| !p.is_explicit()) && broker_listeners.len() == 1 {
            let l = &broker_listeners[0];
            b.fix(Fix::unsafe_(format!("Set `inter.broker.listener.name={l}`"), vec![cx.insert_entry("inter.broker.listener.name", l)]));
        }
    }
}
