use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a listener name in `listeners` or `advertised.listeners` that
    /// `listener.security.protocol.map` does not map to a security protocol. The map counts with
    /// its effective value: the default maps `PLAINTEXT`, `SSL`, `SASL_PLAINTEXT` and `SASL_SSL`
    /// to themselves, and in KRaft mode, when the map is left at its default and no listener uses
    /// SSL or SASL, each controller listener (`controller.listener.names`) is mapped to
    /// `PLAINTEXT` too. On a KRaft broker-only node the names of `controller.listener.names` must
    /// be mapped as well.
    /// ## Why it fails in production
    /// Kafka cannot tell how to secure the listener and refuses to start:
    /// `IllegalArgumentException: Error creating broker listeners from 'INTERNAL://:9092':
    /// No security protocol defined for listener INTERNAL` (for a broker-only node:
    /// `Controller listener with name CONTROLLER defined in controller.listener.names not found in
    /// listener.security.protocol.map`).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// listeners=INTERNAL://0.0.0.0:9092,EXTERNAL://0.0.0.0:9094
    /// advertised.listeners=INTERNAL://kafka-1.internal:9092,EXTERNAL://kafka-1.example.com:9094
    /// inter.broker.listener.name=INTERNAL
    /// ```
    /// ## Use instead
    /// ```properties
    /// listeners=INTERNAL://0.0.0.0:9092,EXTERNAL://0.0.0.0:9094
    /// advertised.listeners=INTERNAL://kafka-1.internal:9092,EXTERNAL://kafka-1.example.com:9094
    /// listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:SSL
    /// inter.broker.listener.name=INTERNAL
    /// ```
    /// ## Fix
    /// Display only: adds `NAME:<security-protocol>` to the map (the default entries are kept when
    /// the map was not set); you choose the protocol.
    /// ## Versions
    /// 0.10.2 and later (named listeners, KIP-103). The implicit `PLAINTEXT` mapping of controller
    /// listeners came with KAFKA-13456 (3.1/3.2); kafkalint assumes it for every KRaft version, so
    /// it never reports a controller listener Kafka would accept.
    /// ## Source
    /// `kafka.cluster.EndPoint.createEndPoint` / `SocketServerConfigs.listenerListToEndPoints`
    /// (`No security protocol defined for listener`); `KafkaConfig.effectiveListenerSecurityProtocolMap`
    /// and `validateValues` (broker-only controller listener mapping), read at 3.7, 3.9 and 4.1.
    pub ListenerWithoutSecurityProtocol {
        id: "broker/listener-without-security-protocol",
        summary: "a listener name has no security protocol in listener.security.protocol.map",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("0.10.2") => None,
        reads: ["listeners", "advertised.listeners", "listener.security.protocol.map", "controller.listener.names", "process.roles"],
        fix: Always,
        source: "EndPoint.createEndPoint; KafkaConfig.effectiveListenerSecurityProtocolMap",
    }
}

const PLACEHOLDER: &str = "<security-protocol>";

impl Rule for ListenerWithoutSecurityProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(map) = super::security_protocol_map(cx) else { return };
        let Some(map_value) = cx.get("listener.security.protocol.map") else { return };
        let mut reported: Vec<String> = Vec::new();
        let mut report = |name: &str, key: &str, span: crate::source::Span, out: &mut Sink, what: &str| {
            let upper = name.to_ascii_uppercase();
            if super::protocol_of(&map, &upper).is_some() || reported.contains(&upper) {
                return;
            }
            reported.push(upper.clone());
            let mapped: Vec<&str> = map.iter().map(|(n, _)| n.as_str()).collect();
            let b = out
                .report(
                    &META,
                    cx.id,
                    span,
                    format!(
                        "{what} `{upper}` has no security protocol in `listener.security.protocol.map` ({}): Kafka refuses to start",
                        mapped.join(", ")
                    ),
                )
                .key(key)
                .primary_label("no security protocol for this listener")
                .help(format!(
                    "map `{upper}` to its security protocol in `listener.security.protocol.map` (`{upper}:SSL`, `{upper}:PLAINTEXT`, …)"
                ));
            let (b, edit) = match map_value.entry() {
                Some(e) => {
                    let new = format!("{},{upper}:{PLACEHOLDER}", map_value.text);
                    (
                        b.label(
                            cx.id,
                            e.value_span,
                            Some("listener.security.protocol.map"),
                            "`listener.security.protocol.map` is set here",
                        ),
                        cx.replace_value(e, &new),
                    )
                }
                None => {
                    let new = format!("{},{upper}:{PLACEHOLDER}", map_value.text);
                    (
                        b.label(
                            cx.id,
                            cx.anchor(&[key]),
                            Some("listener.security.protocol.map"),
                            format!(
                                "`listener.security.protocol.map` is not set: it defaults to {} in Kafka {}",
                                map_value.text,
                                cx.release()
                            ),
                        ),
                        cx.insert_entry("listener.security.protocol.map", &new),
                    )
                }
            };
            b.fix(Fix::display_only(format!("Map `{upper}` in `listener.security.protocol.map` (fill in its protocol)"), vec![edit]));
        };
        for key in ["listeners", "advertised.listeners"] {
            let Some(l) = super::listeners_of(cx, key) else { continue };
            if key == "advertised.listeners" && l.entry.is_none() {
                continue;
            }
            for ep in &l.endpoints {
                report(&ep.name, key, l.span_of(cx, ep), out, "listener");
            }
        }
        if super::mode(cx) == super::Mode::Broker {
            if let Some(e) = cx.explicit("controller.listener.names") {
                for (name, range) in super::list_items(e.value.trim()) {
                    report(&name, "controller.listener.names", super::entry_range_span(cx, e, range), out, "controller listener");
                }
            }
        }
    }
}
