use super::{is_sasl, jaas_module, mechanisms_for_module, parse_jaas, security_protocol, simple_class_name, CLIENT_ROLES};
use crate::diagnostic::{Fix, Severity};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a SASL client (`security.protocol=SASL_PLAINTEXT` or `SASL_SSL`) that leaves
    /// `sasl.mechanism` at its default, `GSSAPI` (Kerberos), while nothing else in the file says
    /// Kerberos: no `sasl.kerberos.service.name`, and a `sasl.jaas.config` (if any) that is not
    /// `Krb5LoginModule`. When the JAAS login module names the mechanism meant (`PlainLoginModule`,
    /// `OAuthBearerLoginModule`), the fix sets it.
    /// ## Why it fails in production
    /// The client attempts Kerberos. With no Kerberos service name anywhere it refuses to start
    /// (`IllegalArgumentException: No serviceName defined in either JAAS or Kafka config`);
    /// otherwise the handshake fails against a broker that enables only PLAIN or SCRAM
    /// (`UnsupportedSaslMechanismException: Client SASL mechanism 'GSSAPI' not enabled in the
    /// server`).
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
    /// All (the `sasl.mechanism` default has been GSSAPI since 0.10.0).
    /// ## Source
    /// `SaslConfigs.DEFAULT_SASL_MECHANISM`; `org.apache.kafka.common.security.kerberos.KerberosLogin`
    /// (`getServiceName`); `SaslClientAuthenticator.handleSaslHandshakeResponse`.
    pub SaslWithoutMechanism {
        id: "client/sasl-without-mechanism",
        summary: "a SASL client that leaves sasl.mechanism at GSSAPI (Kerberos) without meaning to",
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
        if !is_sasl(&protocol) || cx.explicit("sasl.mechanism").is_some() || cx.explicit("sasl.kerberos.service.name").is_some() {
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
