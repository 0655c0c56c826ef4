use super::{is_sasl, reached, sasl_mechanism, security_protocol};
use crate::model::is_placeholder;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// For a SASL client, finds the broker listener its `bootstrap.servers` port reaches (as
    /// `client/security-protocol-vs-listener` does) and checks that the client's effective
    /// `sasl.mechanism` is among the mechanisms that listener enables: the broker's
    /// `listener.name.<listener>.sasl.enabled.mechanisms` when set, else `sasl.enabled.mechanisms`
    /// (default `GSSAPI`).
    /// ## Why it fails in production
    /// The broker answers the SASL handshake with UNSUPPORTED_SASL_MECHANISM and the client fails
    /// every connection: `UnsupportedSaslMechanismException: Client SASL mechanism 'SCRAM-SHA-512'
    /// not enabled in the server, enabled mechanisms are [PLAIN]`.
    /// ## Example
    /// A producer and a broker in one directory:
    /// ```properties
    /// # producer.properties
    /// bootstrap.servers=broker1:9094
    /// security.protocol=SASL_SSL
    /// sasl.mechanism=SCRAM-SHA-512
    /// # server.properties: listeners=SASL_SSL://:9094, sasl.enabled.mechanisms=PLAIN
    /// ```
    /// ## Use instead
    /// ```properties
    /// # producer.properties
    /// bootstrap.servers=broker1:9094
    /// security.protocol=SASL_SSL
    /// sasl.mechanism=PLAIN
    /// ```
    /// ## Fix
    /// None: enable the mechanism on the broker (and create the credentials), or use one it
    /// enables.
    /// ## Versions
    /// All; listener-prefixed broker settings from 1.0 on.
    /// ## Source
    /// `SaslClientAuthenticator.handleSaslHandshakeResponse`; `SaslServerAuthenticator`;
    /// `KafkaConfig` (`sasl.enabled.mechanisms`, listener prefixes, KIP-103).
    pub SaslMechanismNotEnabled {
        id: "client/sasl-mechanism-not-enabled",
        summary: "the client's sasl.mechanism is not enabled on the broker listener it reaches",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: [
            "sasl.mechanism",
            "security.protocol",
            "bootstrap.servers",
            "sasl.enabled.mechanisms",
            "listener.name.*.sasl.enabled.mechanisms",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "controller.listener.names",
            "port"
        ],
        fix: None,
        source: "SaslClientAuthenticator (UnsupportedSaslMechanismException); KafkaConfig sasl.enabled.mechanisms",
    }
}

impl Rule for SaslMechanismNotEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        for client in cx.reported_clients() {
            let Some((protocol, _)) = security_protocol(client) else { continue };
            if !is_sasl(&protocol) {
                continue;
            }
            let Some((mechanism, mv)) = sasl_mechanism(client) else { continue };
            for r in reached(cx, client) {
                if r.listener.protocol.as_deref() != Some(protocol.as_str()) {
                    continue; // client/security-protocol-vs-listener's finding
                }
                let prefixed = format!("listener.name.{}.sasl.enabled.mechanisms", r.listener.name.to_ascii_lowercase());
                let (key, enabled) = match r.broker.explicit(&prefixed) {
                    Some(e) => (prefixed.clone(), Some((e.value.trim().to_string(), Some(e)))),
                    None => (
                        "sasl.enabled.mechanisms".to_string(),
                        r.broker.get("sasl.enabled.mechanisms").map(|v| (v.text.to_string(), v.entry())),
                    ),
                };
                let Some((list, entry)) = enabled else { continue };
                if is_placeholder(&list) {
                    continue;
                }
                let mechs: Vec<&str> = list.split(',').map(str::trim).filter(|m| !m.is_empty()).collect();
                if mechs.contains(&mechanism.as_str()) {
                    continue;
                }
                let origin = match &mv.origin {
                    crate::model::Origin::Explicit(_) => String::new(),
                    // A non-Java client's own default (sarama offers PLAIN when none is named).
                    crate::model::Origin::Platform(d) => format!(" (set by {})", d.origin),
                    crate::model::Origin::Default(_) => format!(" (the default in Kafka {})", client.release()),
                };
                let primary = mv.entry().map_or(r.item_span, |e| e.value_span);
                let use_ = if mechs.len() == 1 { mechs[0].to_string() } else { format!("one of {}", mechs.join(", ")) };
                let b = out
                    .report(
                        &META,
                        client.id,
                        primary,
                        format!(
                            "`sasl.mechanism` is {mechanism}{origin}, but the broker's {} listener enables only {}: authentication fails (`UnsupportedSaslMechanismException`)",
                            r.listener.name,
                            mechs.join(", ")
                        ),
                    )
                    .key("sasl.mechanism")
                    .help(format!("use {use_} on the client, or add {mechanism} to `{key}` on the broker"));
                let b =
                    if mv.is_explicit() { b } else { b.primary_label(format!("`sasl.mechanism` is not set: it defaults to {mechanism}")) };
                match entry {
                    Some(e) => {
                        b.label(r.broker.id, e.value_span, Some(&key), format!("the broker enables {} here", mechs.join(", ")));
                    }
                    None => {
                        let span = r.listener.span.unwrap_or(Span::empty(0));
                        b.label(
                            r.broker.id,
                            span,
                            Some(&key),
                            format!("the broker leaves `sasl.enabled.mechanisms` at its default, {}", mechs.join(", ")),
                        );
                    }
                }
                break;
            }
        }
    }
}
