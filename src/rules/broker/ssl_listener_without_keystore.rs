use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags an `SSL` or `SASL_SSL` listener (by `listener.security.protocol.map`) without a key
    /// store: neither `listener.name.<listener>.ssl.keystore.location` nor `ssl.keystore.location`,
    /// nor (from 2.7) a PEM key in `ssl.keystore.key` with `ssl.keystore.certificate.chain` (plain
    /// or listener-prefixed). A custom `ssl.engine.factory.class` is trusted to provide one.
    /// ## Why it fails in production
    /// A TLS server needs a certificate and its private key. Without a key store the broker has
    /// nothing to present: every TLS handshake on the listener fails (clients log `SSL handshake
    /// failed`, the broker `SSLHandshakeException: No available authentication scheme`), and if
    /// it is the inter-broker listener, replication never starts.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// listeners=SSL://0.0.0.0:9093
    /// advertised.listeners=SSL://kafka-1.example.com:9093
    /// security.inter.broker.protocol=SSL
    /// ssl.truststore.location=/etc/kafka/secrets/truststore.jks
    /// ```
    /// ## Use instead
    /// ```properties
    /// listeners=SSL://0.0.0.0:9093
    /// advertised.listeners=SSL://kafka-1.example.com:9093
    /// security.inter.broker.protocol=SSL
    /// ssl.truststore.location=/etc/kafka/secrets/truststore.jks
    /// ssl.keystore.location=/etc/kafka/secrets/kafka-1.keystore.jks
    /// ```
    /// ## Fix
    /// None: point `ssl.keystore.location` (or the listener's override) at the broker's key store.
    /// ## Versions
    /// All; PEM key stores in the configuration from 2.7 (KIP-651).
    /// ## Source
    /// `org.apache.kafka.common.security.ssl.DefaultSslEngineFactory.createKeystore` (no key store
    /// when no location is set: "clients may use this path"); KIP-651; broker docs "Encryption and
    /// Authentication using SSL".
    pub SslListenerWithoutKeystore {
        id: "broker/ssl-listener-without-keystore",
        summary: "an SSL or SASL_SSL listener has no key store: every TLS handshake fails",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: [
            "listeners",
            "listener.security.protocol.map",
            "ssl.keystore.location",
            "ssl.keystore.key",
            "ssl.keystore.certificate.chain",
            "ssl.engine.factory.class",
        ],
        fix: None,
        source: "DefaultSslEngineFactory.createKeystore; KIP-651",
    }
}

impl Rule for SslListenerWithoutKeystore {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(map) = super::security_protocol_map(cx) else { return };
        let Some(lis) = super::listeners_of(cx, "listeners") else { return };
        let pem = super::since(cx.release(), "pem_keystore.since");
        // A value the platform sets counts (a Docker image that builds the keystore settings).
        let set = |k: &str| cx.explicit(k).is_some_and(|e| !e.value.trim().is_empty()) || cx.file.platform_default(k).is_some();
        for ep in &lis.endpoints {
            let Some(proto) = super::protocol_of(&map, &ep.name) else { continue };
            if proto != "SSL" && proto != "SASL_SSL" {
                continue;
            }
            let prefix = format!("listener.name.{}.", ep.name.to_ascii_lowercase());
            let has = |k: &str| set(&format!("{prefix}{k}")) || set(k);
            if has("ssl.keystore.location")
                || has("ssl.engine.factory.class")
                || (pem && has("ssl.keystore.key") && has("ssl.keystore.certificate.chain"))
            {
                continue;
            }
            let name = ep.name.to_ascii_uppercase();
            out.report(
                &META,
                cx.id,
                lis.span_of(cx, ep),
                format!("listener `{name}` uses {proto} but no key store is configured: every TLS handshake on it fails"),
            )
            .key("listeners")
            .primary_label("no certificate to present")
            .help(format!(
                "set `ssl.keystore.location` (and its passwords), or `{prefix}ssl.keystore.location` for this listener only{}",
                if pem { ", or a PEM key in `ssl.keystore.key` with `ssl.keystore.certificate.chain`" } else { "" }
            ));
        }
    }
}
