use crate::diagnostic::Severity;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks the SASL mechanisms of each `SASL_PLAINTEXT`/`SASL_SSL` listener, read per listener
    /// (`listener.name.<listener>.sasl.enabled.mechanisms`, else `sasl.enabled.mechanisms`,
    /// default `GSSAPI`):
    /// - the inter-broker listener must enable `sasl.mechanism.inter.broker.protocol` (default
    ///   `GSSAPI`) — an error;
    /// - a JAAS configuration for a mechanism (`listener.name.<listener>.<mechanism>.sasl.jaas.config`)
    ///   that the listener does not enable — a warning;
    /// - a listener left on the default `GSSAPI` with no `sasl.kerberos.service.name` — a warning
    ///   (usually `sasl.enabled.mechanisms` was forgotten).
    /// ## Why it fails in production
    /// For the inter-broker listener Kafka refuses to start: `sasl.mechanism.inter.broker.protocol
    /// must be included in sasl.enabled.mechanisms when SASL is used for inter-broker
    /// communication`. A mechanism that is configured but not enabled is never offered: clients
    /// using it fail with `UnsupportedSaslMechanismException: Client SASL mechanism 'PLAIN' not
    /// enabled in the server, enabled mechanisms are [GSSAPI]`. With the default `GSSAPI` and no
    /// Kerberos service name the broker fails at start: `IllegalArgumentException: No serviceName
    /// defined in either JAAS or Kafka config` (unless the JAAS file sets `serviceName`).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// listeners=SASL_PLAINTEXT://0.0.0.0:9092
    /// security.inter.broker.protocol=SASL_PLAINTEXT
    /// sasl.mechanism.inter.broker.protocol=PLAIN
    /// listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret";
    /// ```
    /// ## Use instead
    /// ```properties
    /// listeners=SASL_PLAINTEXT://0.0.0.0:9092
    /// security.inter.broker.protocol=SASL_PLAINTEXT
    /// sasl.mechanism.inter.broker.protocol=PLAIN
    /// sasl.enabled.mechanisms=PLAIN
    /// listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret";
    /// ```
    /// ## Fix
    /// None: add the mechanism to `sasl.enabled.mechanisms` (or the listener's override).
    /// ## Versions
    /// All; per-listener settings from 0.10.2 (KIP-103), per-listener JAAS from 1.0 (KIP-77/KIP-141).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`saslEnabledMechanisms(interBrokerListenerName)`),
    /// `SaslServerAuthenticator` (unsupported mechanism), `KerberosLogin.getServiceName`.
    pub SaslMechanismNotEnabled {
        id: "broker/sasl-mechanism-not-enabled",
        summary: "a SASL listener does not enable the mechanism it is configured or used for",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: [
            "listeners",
            "listener.security.protocol.map",
            "sasl.enabled.mechanisms",
            "sasl.mechanism.inter.broker.protocol",
            "inter.broker.listener.name",
            "security.inter.broker.protocol",
            "sasl.kerberos.service.name",
            "process.roles",
        ],
        fix: None,
        source: "KafkaConfig.validateValues; SaslServerAuthenticator; KerberosLogin.getServiceName",
    }
}

impl Rule for SaslMechanismNotEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(map) = super::security_protocol_map(cx) else { return };
        let Some(lis) = super::listeners_of(cx, "listeners") else { return };
        let inter_broker = if super::mode(cx).runs_broker() {
            match cx.explicit("inter.broker.listener.name") {
                Some(e) => Some(e.value.trim().to_ascii_uppercase()),
                None => cx.get("security.inter.broker.protocol").map(|v| v.text.to_ascii_uppercase()),
            }
        } else {
            None
        };
        for ep in &lis.endpoints {
            let Some(proto) = super::protocol_of(&map, &ep.name) else { continue };
            if proto != "SASL_PLAINTEXT" && proto != "SASL_SSL" {
                continue;
            }
            let lower = ep.name.to_ascii_lowercase();
            let name = ep.name.to_ascii_uppercase();
            let prefixed = format!("listener.name.{lower}.sasl.enabled.mechanisms");
            let (mech_key, mech_value) = match cx.explicit(&prefixed) {
                Some(e) => (prefixed.clone(), Some(e.value.trim().to_string())),
                None => ("sasl.enabled.mechanisms".to_string(), cx.get("sasl.enabled.mechanisms").map(|v| v.text.to_string())),
            };
            let Some(mech_value) = mech_value else { continue };
            if crate::model::is_placeholder(&mech_value) {
                continue;
            }
            let enabled: Vec<String> = mech_value.split(',').map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect();
            let defaulted = cx.explicit(&mech_key).is_none();
            let mech_label = |b: crate::rules::Builder<'_>| {
                match cx.explicit(&mech_key) {
                    Some(e) => b.label(cx.id, e.value_span, Some(&mech_key), format!("`{mech_key}` is set here")),
                    None => b.label(
                        cx.id,
                        lis.span_of(cx, ep),
                        Some(&mech_key),
                        format!("`{mech_key}` defaults to {mech_value} in Kafka {}", cx.release()),
                    ),
                };
            };
            // The inter-broker mechanism.
            if inter_broker.as_deref() == Some(name.as_str()) {
                if let Some(m) = cx.get("sasl.mechanism.inter.broker.protocol") {
                    if !crate::model::is_placeholder(&m.text) && !enabled.iter().any(|x| x == m.text.as_ref()) {
                        let span = m.entry().map_or_else(|| lis.span_of(cx, ep), |e| e.value_span);
                        let b = out
                            .report(
                                &META,
                                cx.id,
                                span,
                                format!(
                                    "inter-broker listener `{name}` does not enable `sasl.mechanism.inter.broker.protocol` ({}{}); enabled: {}: Kafka refuses to start",
                                    m.text,
                                    super::default_note(&m, cx.release()),
                                    enabled.join(", ")
                                ),
                            )
                            .key("sasl.mechanism.inter.broker.protocol")
                            .help(format!("add {} to `{mech_key}`", m.text));
                        mech_label(b);
                    }
                }
            }
            // JAAS configurations for mechanisms the listener does not enable.
            let jaas_prefix = format!("listener.name.{lower}.");
            for (key, _, _) in cx.keys() {
                let Some(mech) = key.strip_prefix(&jaas_prefix).and_then(|r| r.strip_suffix(".sasl.jaas.config")) else { continue };
                if mech.contains('.') || enabled.iter().any(|e| e.eq_ignore_ascii_case(mech)) {
                    continue;
                }
                let Some(e) = cx.explicit(key) else { continue };
                let upper = mech.to_ascii_uppercase();
                let b = out
                    .report(
                        &META,
                        cx.id,
                        e.key_span,
                        format!("listener `{name}` has a JAAS configuration for {upper} but does not enable it (enabled: {}): clients using {upper} are refused", enabled.join(", ")),
                    )
                    .key(key)
                    .severity(Severity::Warning)
                    .help(format!("add {upper} to `{mech_key}`"));
                mech_label(b);
            }
            // The default GSSAPI without Kerberos settings.
            let kerberos = |k: &str| cx.explicit(&format!("{jaas_prefix}{k}")).is_some() || cx.explicit(k).is_some();
            if defaulted
                && cx.explicit("sasl.enabled.mechanisms").is_none()
                && enabled.iter().any(|m| m == "GSSAPI")
                && !kerberos("sasl.kerberos.service.name")
                && !kerberos("gssapi.sasl.jaas.config")
            {
                out.report(
                    &META,
                    cx.id,
                    lis.span_of(cx, ep),
                    format!("SASL listener `{name}` uses the default mechanism GSSAPI (Kerberos), but `sasl.kerberos.service.name` is not set: the broker fails at start unless its JAAS file sets serviceName"),
                )
                .key("sasl.enabled.mechanisms")
                .severity(Severity::Warning)
                .primary_label(format!("`sasl.enabled.mechanisms` defaults to GSSAPI in Kafka {}", cx.release()))
                .help("set `sasl.enabled.mechanisms` to the mechanisms you use (PLAIN, SCRAM-SHA-512, OAUTHBEARER), or `sasl.kerberos.service.name` for Kerberos");
            }
        }
    }
}
