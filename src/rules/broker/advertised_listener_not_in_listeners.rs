use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a listener named in `advertised.listeners` that `listeners` does not define (names
    /// compare case-insensitively, as Kafka normalises them). Controller listeners
    /// (`controller.listener.names`) are left to `broker/controller-listener-advertised`. Only a
    /// `listeners` set in the file is judged: a file without it is often completed by its
    /// environment (Docker images write `listeners` from variables).
    /// ## Why it fails in production
    /// A broker only advertises what it listens on. Kafka refuses to start:
    /// `IllegalArgumentException: requirement failed: advertised.listeners listener names must be
    /// equal to or a subset of the ones defined in listeners. Found EXTERNAL,INTERNAL. The valid
    /// options based on the current configuration are INTERNAL`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// listeners=INTERNAL://0.0.0.0:9092
    /// advertised.listeners=INTERNAL://kafka-1.internal:9092,EXTERNAL://kafka-1.example.com:9094
    /// listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:SSL
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
    /// None: add the listener to `listeners` (with the port it binds) or remove it from
    /// `advertised.listeners`; which one is meant is yours to say.
    /// ## Versions
    /// 0.10.2 and later (named listeners, KIP-103). Brokers only: ZooKeeper mode, and KRaft nodes
    /// whose `process.roles` includes `broker`.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`advertisedBrokerListenerNames.subsetOf(listenerNames)`),
    /// read at 3.0, 3.7, 3.9 and 4.1.
    pub AdvertisedListenerNotInListeners {
        id: "broker/advertised-listener-not-in-listeners",
        summary: "advertised.listeners names a listener that listeners does not define",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("0.10.2") => None,
        reads: ["advertised.listeners", "listeners", "controller.listener.names", "process.roles"],
        fix: None,
        source: "KafkaConfig.validateValues (advertised.listeners ⊆ listeners)",
    }
}

impl Rule for AdvertisedListenerNotInListeners {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::mode(cx).runs_broker() {
            return;
        }
        let Some(adv) = super::listeners_of(cx, "advertised.listeners") else { return };
        if adv.entry.is_none() {
            return;
        }
        let Some(lis) = super::listeners_of(cx, "listeners") else { return };
        // `listeners` left out is often written by the environment (Docker images): only an
        // explicit value is judged.
        if lis.malformed > 0 || lis.entry.is_none() {
            return;
        }
        let controllers = super::controller_listener_names(cx);
        let defined = lis.names();
        for ep in &adv.endpoints {
            if lis.has(&ep.name) || controllers.iter().any(|c| c.eq_ignore_ascii_case(&ep.name)) {
                continue;
            }
            let name = ep.name.to_ascii_uppercase();
            let b = out
                .report(
                    &META,
                    cx.id,
                    adv.span_of(cx, ep),
                    format!(
                        "`advertised.listeners` advertises listener `{name}`, which `listeners` does not define ({}): Kafka refuses to start",
                        if defined.is_empty() { "none".to_string() } else { defined.join(", ") }
                    ),
                )
                .key("advertised.listeners")
                .primary_label("not a listener of this broker")
                .help(format!("add `{name}://host:port` to `listeners`, or remove it from `advertised.listeners`"));
            match lis.entry {
                Some(e) => b.label(cx.id, e.value_span, Some("listeners"), "`listeners` is set here"),
                None => b.label(
                    cx.id,
                    cx.anchor(&["advertised.listeners"]),
                    Some("listeners"),
                    format!("`listeners` defaults to {} in Kafka {}", lis.text, cx.release()),
                ),
            };
        }
    }
}
