use super::{reached, security_protocol};
use crate::diagnostic::Fix;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Finds the broker listener each client's `bootstrap.servers` port reaches (matching ports
    /// against the `advertised.listeners` and `listeners` of the deployment's broker files; host
    /// names are not compared, they differ inside and outside container networks) and compares the
    /// client's effective `security.protocol` with that listener's protocol, read from
    /// `listener.security.protocol.map` (explicit, or the broker version's default).
    /// ## Why it fails in production
    /// Client and broker do not speak the same protocol on that port. A PLAINTEXT client on a TLS
    /// listener sees the broker close the connection (`Bootstrap broker broker1:9093 (id: -1 rack:
    /// null) disconnected`) until `TimeoutException: Timed out waiting for a node assignment`; a
    /// TLS client on a PLAINTEXT listener fails the handshake (`SslHandshakeException`); a SASL
    /// client on a non-SASL listener fails authentication.
    /// ## Example
    /// A client and a broker in one directory:
    /// ```properties
    /// # consumer.properties
    /// bootstrap.servers=broker1:9093
    /// group.id=orders
    /// # server.properties: listeners=PLAINTEXT://:9092,SSL://:9093
    /// ```
    /// ## Use instead
    /// ```properties
    /// # consumer.properties
    /// bootstrap.servers=broker1:9093
    /// security.protocol=SSL
    /// group.id=orders
    /// ```
    /// ## Fix
    /// Unsafe: sets `security.protocol` to the listener's protocol (TLS and SASL need their
    /// other settings too: truststore, mechanism, credentials).
    /// ## Versions
    /// All. Ports that reach listeners of different protocols on different broker files are not
    /// judged.
    /// ## Source
    /// `KafkaConfig` (`listeners`, `advertised.listeners`, `listener.security.protocol.map`);
    /// `ChannelBuilders.clientChannelBuilder`; `SocketServer`.
    pub SecurityProtocolVsListener {
        id: "client/security-protocol-vs-listener",
        summary: "the client's security.protocol differs from the protocol of the listener its bootstrap port reaches",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["security.protocol", "bootstrap.servers", "listeners", "advertised.listeners", "listener.security.protocol.map", "controller.listener.names", "port"],
        fix: Always,
        source: "KafkaConfig listeners/listener.security.protocol.map; ChannelBuilders.clientChannelBuilder",
    }
}

impl Rule for SecurityProtocolVsListener {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        for client in cx.reported_clients() {
            let Some((protocol, pv)) = security_protocol(client) else { continue };
            for r in reached(cx, client) {
                let Some(lp) = r.listener.protocol.as_deref() else { continue };
                if lp == protocol {
                    continue;
                }
                let origin = if pv.is_explicit() { String::new() } else { format!(", the default in Kafka {}", client.release()) };
                let primary = pv.entry().map_or(r.item_span, |e| e.value_span);
                let broker_path = r.broker.file.display_name();
                let b = out
                    .report(
                        &META,
                        client.id,
                        primary,
                        format!(
                            "`security.protocol` is {protocol}{origin}, but `{}` reaches the broker's {} listener, which speaks {lp}: connections to it fail",
                            r.item.text, r.listener.name
                        ),
                    )
                    .key("security.protocol")
                    .help(if lp == "PLAINTEXT" {
                        format!("set `security.protocol=PLAINTEXT`, or bootstrap from a {protocol} listener of {broker_path}")
                    } else {
                        format!("set `security.protocol={lp}` (with the TLS or SASL settings it needs), or bootstrap from a {protocol} listener of {broker_path}")
                    });
                let b = if pv.is_explicit() {
                    b.label(client.id, r.item_span, Some("bootstrap.servers"), "this bootstrap address")
                } else {
                    b.primary_label(format!("`security.protocol` is not set: it defaults to {protocol}"))
                };
                let b = match r.listener.span {
                    Some(span) => b.label(
                        r.broker.id,
                        span,
                        Some(r.listener.key),
                        format!("the broker's {} listener on port {} ({lp})", r.listener.name, r.listener.port),
                    ),
                    None => b,
                };
                let edit = match pv.entry() {
                    Some(e) => client.replace_value(e, lp),
                    None => client.insert_entry("security.protocol", lp),
                };
                b.fix(Fix::unsafe_(format!("Set `security.protocol={lp}`"), vec![edit]));
                break;
            }
        }
    }
}
