use super::{jaas_module, login_module_for, mechanisms_for_module, sasl_mechanism, simple_class_name, CLIENT_ROLES};
use crate::diagnostic::Severity;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares the login module of `sasl.jaas.config` with the effective `sasl.mechanism`:
    /// `PlainLoginModule` for PLAIN, `ScramLoginModule` for SCRAM-SHA-256/512,
    /// `OAuthBearerLoginModule` for OAUTHBEARER, `Krb5LoginModule` for GSSAPI. Modules outside
    /// Kafka's own (AWS IAM, vendor modules) are not judged; shaded copies are matched by class
    /// name.
    /// ## Why it fails in production
    /// The SASL client takes its credentials from what the login module put in the JAAS subject.
    /// OAUTHBEARER without `OAuthBearerLoginModule` fails every connection (`IOException: No OAuth
    /// Bearer tokens in Subject's private credentials`); GSSAPI without a Kerberos login has no
    /// ticket (`GSSException: No valid credentials provided`); PLAIN or SCRAM with the OAuth or
    /// Kerberos module has no password. PLAIN and SCRAM modules store the same user name and
    /// password, so swapping those two works but misleads the reader (a warning).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// security.protocol=SASL_SSL
    /// sasl.mechanism=OAUTHBEARER
    /// sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="secret";
    /// ```
    /// ## Use instead
    /// ```properties
    /// security.protocol=SASL_SSL
    /// sasl.mechanism=OAUTHBEARER
    /// sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;
    /// ```
    /// ## Fix
    /// None: which side is wrong depends on what the broker enables.
    /// ## Versions
    /// 0.10.2 and later (`sasl.jaas.config`); OAUTHBEARER from 2.0 (KIP-255).
    /// ## Source
    /// `PlainLoginModule`, `ScramLoginModule`, `OAuthBearerLoginModule`;
    /// `OAuthBearerSaslClientCallbackHandler`; `SaslClientCallbackHandler`; Kafka security docs.
    pub SaslLoginModuleVsMechanism {
        id: "client/sasl-login-module-vs-mechanism",
        summary: "the sasl.jaas.config login module does not match sasl.mechanism",
        severity: Warning,
        scope: Scope::File(CLIENT_ROLES),
        versions: Some("0.10.2") => None,
        reads: ["sasl.jaas.config", "sasl.mechanism", "security.protocol"],
        fix: None,
        source: "Kafka login modules; OAuthBearerSaslClientCallbackHandler; SaslClientCallbackHandler",
    }
}

impl Rule for SaslLoginModuleVsMechanism {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::uses_java_sasl(cx) {
            return;
        }
        let Some(e) = cx.explicit("sasl.jaas.config") else { return };
        let Some(module) = jaas_module(&e.value) else { return };
        let simple = simple_class_name(&module);
        let serves = mechanisms_for_module(simple);
        if serves.is_empty() {
            return; // not one of Kafka's login modules
        }
        let Some((mechanism, mv)) = sasl_mechanism(cx) else { return };
        // A defaulted (GSSAPI) mechanism is client/sasl-without-mechanism's finding.
        let Some(me) = mv.entry() else { return };
        let upper = mechanism.to_ascii_uppercase();
        let Some(expected) = login_module_for(&upper) else { return };
        if expected == simple {
            return;
        }
        let password_modules = ["PlainLoginModule", "ScramLoginModule"];
        let benign = password_modules.contains(&expected) && password_modules.contains(&simple);
        let message = if benign {
            format!("`sasl.jaas.config` uses `{simple}` but `sasl.mechanism` is {upper}: it works (both keep a user name and password) but reads as a {} setup", serves.join("/"))
        } else {
            format!("`sasl.jaas.config` uses `{simple}` but `sasl.mechanism` is {upper}, which needs `{expected}`: authentication fails on every connection")
        };
        let span = if e.value_span.is_empty() { e.key_span } else { e.value_span };
        out.report(&META, cx.id, span, message)
            .key("sasl.jaas.config")
            .severity(if benign { Severity::Info } else { Severity::Error })
            .help(format!("use `{expected}` for {upper}, or set `sasl.mechanism` to {} if the broker enables it", serves.join(" or ")))
            .label(cx.id, me.value_span, Some("sasl.mechanism"), "`sasl.mechanism` is set here");
    }
}
