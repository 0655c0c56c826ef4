use super::{is_sasl, jaas_module, mechanisms_for_module, parse_jaas, security_protocol, simple_class_name, CLIENT_ROLES};
use crate::diagnostic::{Fix, Severity};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a SASL client (`security.protocol=SASL_PLAINTEXT` or `SASL_SSL`) that leaves
    /// `sasl.mechanism` at its default, `GSSAPI` (Kerberos), while nothing else in the file says
    /// Kerberos: no `sasl.kerberos.service.name`, and a `sasl.jaas.config` (if any) that is not
    /// `Krb5LoginModule`. When the JAAS login module names the mechanism meant (`PlainLoginModule`,
    /// `OAuthBearerLoginModule`), the fix sets it. Also flags an empty `sasl.mechanism=` under a
    /// SASL protocol (a warning): it does not fall back to the default, the mechanism is `""`.
    /// ## Why it fails in production
    /// The client attempts Kerberos. With no Kerberos service name anywhere it refuses to start
    /// (`IllegalArgumentException: No serviceName defined in either JAAS or Kafka config`);
    /// otherwise the handshake fails against a broker that enables only PLAIN or SCRAM
    /// (`UnsupportedSaslMechanismException: Client SASL mechanism 'GSSAPI' not enabled in the
    /// server`). An empty `sasl.mechanism` is kept as `""` (`ConfigDef` trims, it does not
    /// default): the client is built, then every connection fails, `SaslAuthenticationException:
    /// Failed to create SaslClient with mechanism ` (no SASL client exists for an empty name).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// security.protocol=SASL_SSL
    /// sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="secret";
    /// ```
    /// ## Use instead
    /// ```properties
    /// security.protocol=SASL_SSL
    /// sasl.mechanism=PLAIN
    /// sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="secret";
    /// ```
    /// ## Fix
    /// Safe when the login module names exactly one mechanism (`PlainLoginModule` → `PLAIN`,
    /// `OAuthBearerLoginModule` → `OAUTHBEARER`): adds `sasl.mechanism`. `ScramLoginModule` serves
    /// SCRAM-SHA-256 and SCRAM-SHA-512: no fix, choose the broker's.
    /// ## Versions
    /// All (the `sasl.mechanism` default has been GSSAPI since 0.10.0; `sasl.mechanism` has no
    /// validator at apache/kafka tags 1.0.0, 2.8.0, 3.8.0 and at the 4.2.0 release, and
    /// `SaslClientAuthenticator.createSaslClient` refuses a mechanism without a SASL client at
    /// 3.8.0).
    /// ## Source
    /// `SaslConfigs.DEFAULT_SASL_MECHANISM`; `org.apache.kafka.common.security.kerberos.KerberosLogin`
    /// (`getServiceName`); `SaslClientAuthenticator.handleSaslHandshakeResponse`,
    /// `SaslClientAuthenticator.createSaslClient`.
    pub SaslWithoutMechanism {
        id: "client/sasl-without-mechanism",
        summary: "a SASL client that leaves sasl.mechanism at GSSAPI (Kerberos) without meaning to, or sets it empty",
        severity: Warning,
        scope: Scope::File(CLIENT_ROLES),
        versions: None => None,
        reads: ["security.protocol", "sasl.mechanism", "sasl.jaas.config", "sasl.kerberos.service.name"],
        fix: Sometimes,
        source: "SaslConfigs (sasl.mechanism default GSSAPI); KerberosLogin.getServiceName",
    }
}

impl Rule for SaslWithoutMechanism {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::is_java(cx.file) {
            return;
        }
        let Some((protocol, pv)) = security_protocol(cx) else { return };
        if !is_sasl(&protocol) {
            return;
        }
        if let Some(m) = cx.explicit("sasl.mechanism") {
            if m.value.trim().is_empty() {
                empty_mechanism(cx, out, m, &protocol, &pv);
            }
            return;
        }
        if cx.explicit("sasl.kerberos.service.name").is_some() {
            return;
        }
        let jaas = cx.explicit("sasl.jaas.config");
        let module = jaas.and_then(|e| jaas_module(&e.value));
        let simple = module.as_deref().map(simple_class_name);
        if simple == Some("Krb5LoginModule") {
            return;
        }
        let mechanisms: Vec<&str> = simple.map(mechanisms_for_module).unwrap_or_default();
        // Without a service name anywhere, GSSAPI stops the client at start-up.
        let no_service_name = jaas.is_some_and(|e| parse_jaas(&e.value).is_ok_and(|j| !j.options.iter().any(|o| o == "serviceName")));
        let fatal = no_service_name;
        let primary = pv.entry().map_or_else(|| cx.anchor(&["sasl.jaas.config"]), |e| e.value_span);
        let tail =
            if fatal { "the client attempts Kerberos and, with no service name, refuses to start" } else { "the client attempts Kerberos" };
        let message = match simple {
            Some(s) if !mechanisms.is_empty() => {
                format!("`security.protocol={protocol}` without `sasl.mechanism` uses GSSAPI, but the JAAS login module is `{s}`: {tail}")
            }
            _ => format!("`security.protocol={protocol}` without `sasl.mechanism` uses the default GSSAPI: {tail}"),
        };
        let b = out
            .report(&META, cx.id, primary, message)
            .key("security.protocol")
            .severity(if fatal { Severity::Error } else { Severity::Warning })
            .primary_label("`sasl.mechanism` is not set: it defaults to GSSAPI")
            .help(match mechanisms.as_slice() {
                [one] => format!("set `sasl.mechanism={one}`"),
                [] => "set `sasl.mechanism` to the mechanism the broker enables (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER), or `GSSAPI` with `sasl.kerberos.service.name` for Kerberos".to_string(),
                many => format!("set `sasl.mechanism` to the one the broker enables: {}", many.join(" or ")),
            });
        let b = match jaas {
            Some(e) => b.label(cx.id, e.key_span, Some("sasl.jaas.config"), "the JAAS login module is set here"),
            None => b,
        };
        if let [one] = mechanisms.as_slice() {
            b.fix(Fix::safe(format!("Set `sasl.mechanism={one}`"), vec![cx.insert_entry("sasl.mechanism", one)]));
        }
    }
}

/// `sasl.mechanism=` (empty) under a SASL protocol: the client is built, but no SASL client
/// exists for the mechanism `""`, so every connection fails.
fn empty_mechanism(cx: &FileCtx<'_>, out: &mut Sink, m: &crate::properties::Entry, protocol: &str, pv: &crate::model::Value<'_>) {
    let module = cx.explicit("sasl.jaas.config").and_then(|e| jaas_module(&e.value));
    let mechanisms: Vec<&str> = module.as_deref().map(simple_class_name).map(mechanisms_for_module).unwrap_or_default();
    let span = if m.value_span.is_empty() { m.key_span } else { m.value_span };
    let b = out
        .report(
            &META,
            cx.id,
            span,
            format!("`sasl.mechanism` is empty with `security.protocol={protocol}`: the client starts, but every connection fails to authenticate"),
        )
        .key("sasl.mechanism")
        .primary_label("an empty mechanism, not the default GSSAPI")
        .help(match mechanisms.as_slice() {
            [one] => format!("set `sasl.mechanism={one}` (the JAAS login module is for {one})"),
            _ => "set `sasl.mechanism` to the mechanism the broker enables (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, GSSAPI), or remove the line to use GSSAPI".to_string(),
        });
    let b = match pv.entry() {
        Some(e) => b.label(cx.id, e.value_span, Some("security.protocol"), "SASL is on here"),
        None => b,
    };
    if let [one] = mechanisms.as_slice() {
        b.fix(Fix::safe(format!("Set `sasl.mechanism={one}`"), vec![cx.replace_value(m, one)]));
    }
}
