use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Before Kafka 3.9, flags a controller listener (`controller.listener.names`) in
    /// `advertised.listeners` of a KRaft broker, and any `advertised.listeners` on a
    /// controller-only node. In 3.0 and 3.1 only an advertised endpoint equal to the controller
    /// listener's endpoint in `listeners` was refused.
    /// ## Why it fails in production
    /// Clients send requests to advertised listeners, and before KIP-853 controllers were not
    /// reachable that way. Kafka refuses to start: `The advertised.listeners config must not
    /// contain KRaft controller listeners from controller.listener.names when process.roles
    /// contains the broker role because Kafka clients that send requests via advertised listeners
    /// do not send requests to KRaft controllers`, or `The advertised.listeners config must be
    /// empty when process.roles=controller`.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.7
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// advertised.listeners=PLAINTEXT://kafka-1:9092,CONTROLLER://kafka-1:9093
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.7
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// advertised.listeners=PLAINTEXT://kafka-1:9092
    /// ```
    /// ## Fix
    /// None: remove the controller listener from `advertised.listeners` (controllers are found
    /// through `controller.quorum.voters`), or upgrade to 3.9, where controllers may advertise it.
    /// ## Versions
    /// 3.0 to 3.8. From 3.9 (KIP-853) a controller may advertise its controller listeners.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues`: 3.0 (endpoint check), 3.7
    /// (`validateAdvertisedListenersDoesNotContainControllerListenersForKRaftBroker`), 3.9
    /// (`effectiveAdvertisedControllerListeners`); KAFKA-13456; KIP-853.
    pub ControllerListenerAdvertised {
        id: "broker/controller-listener-advertised",
        summary: "advertised.listeners names a controller listener (refused before Kafka 3.9)",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.0") => Some("3.8"),
        reads: ["process.roles", "controller.listener.names", "advertised.listeners", "listeners"],
        fix: None,
        source: "KafkaConfig.validateValues (advertised.listeners and controller listeners); KIP-853",
    }
}

impl Rule for ControllerListenerAdvertised {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let mode = super::mode(cx);
        if !mode.is_kraft() || super::since(cx.release(), "controller_advertised.allowed_since") {
            return;
        }
        let Some(adv) = super::listeners_of(cx, "advertised.listeners") else { return };
        let Some(entry) = adv.entry else { return };
        let by_name = super::since(cx.release(), "kraft_listener_checks.since");
        let allowed = super::fact_version("controller_advertised.allowed_since");
        if mode == super::Mode::Controller {
            if by_name {
                out.report(
                    &META,
                    cx.id,
                    entry.key_span,
                    format!("`advertised.listeners` is set on a controller-only node: Kafka {} refuses to start", cx.release()),
                )
                .key("advertised.listeners")
                .help(format!("remove `advertised.listeners` (controllers may advertise their listeners from Kafka {allowed})"));
            }
            return;
        }
        let controllers = super::controller_listener_names(cx);
        let lis = super::listeners_of(cx, "listeners");
        for ep in &adv.endpoints {
            if !controllers.iter().any(|c| c.eq_ignore_ascii_case(&ep.name)) {
                continue;
            }
            if !by_name {
                // 3.0-3.1: only an endpoint equal to the controller listener's own endpoint.
                let same = lis.as_ref().is_some_and(|l| {
                    l.endpoints.iter().any(|c| c.name.eq_ignore_ascii_case(&ep.name) && c.host == ep.host && c.port == ep.port)
                });
                if !same {
                    continue;
                }
            }
            let name = ep.name.to_ascii_uppercase();
            out.report(
                &META,
                cx.id,
                adv.span_of(cx, ep),
                format!("`advertised.listeners` advertises controller listener `{name}`: Kafka {} refuses to start", cx.release()),
            )
            .key("advertised.listeners")
            .primary_label("a controller listener")
            .help(format!("remove `{name}` from `advertised.listeners` (allowed from Kafka {allowed}, KIP-853)"));
        }
    }
}
