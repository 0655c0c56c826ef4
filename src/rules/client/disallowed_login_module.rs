use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a `sasl.jaas.config` whose login module is one Kafka refuses by default:
    /// `com.sun.security.auth.module.JndiLoginModule` (the JVM system property
    /// `org.apache.kafka.disallowed.login.modules` lists the refused modules; its default names
    /// this one).
    /// ## Why it fails in production
    /// The client refuses to start: `IllegalArgumentException:
    /// com.sun.security.auth.module.JndiLoginModule is not allowed. Update System property
    /// 'org.apache.kafka.disallowed.login.modules' to allow
    /// com.sun.security.auth.module.JndiLoginModule`.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.4
    /// # kafkalint: role=consumer
    /// sasl.jaas.config=com.sun.security.auth.module.JndiLoginModule required user.provider.url="ldap://ldap:389";
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.4
    /// # kafkalint: role=consumer
    /// sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="secret";
    /// ```
    /// ## Fix
    /// None: use the login module of the SASL mechanism (PLAIN, SCRAM, OAUTHBEARER, GSSAPI), or
    /// allow the module with the system property if you really mean it.
    /// ## Versions
    /// 3.4+ (`JaasContext.throwIfLoginModuleIsNotAllowed` from apache/kafka tag 3.4.0; checked in
    /// 3.4.0 to 3.8.0). Holds unless the JVM is started with
    /// `-Dorg.apache.kafka.disallowed.login.modules` set otherwise.
    /// ## Source
    /// `org.apache.kafka.common.security.JaasContext.throwIfLoginModuleIsNotAllowed`;
    /// `JaasUtils.DISALLOWED_LOGIN_MODULES_DEFAULT`.
    pub DisallowedLoginModule {
        id: "client/disallowed-login-module",
        summary: "sasl.jaas.config uses a login module Kafka refuses by default (JndiLoginModule)",
        severity: Error,
        scope: Scope::File(super::CLIENT_ROLES),
        versions: Some("3.4") => None,
        reads: ["sasl.jaas.config"],
        fix: None,
        source: "JaasContext.throwIfLoginModuleIsNotAllowed (org.apache.kafka.disallowed.login.modules)",
    }
}

/// `JaasUtils.DISALLOWED_LOGIN_MODULES_DEFAULT` (3.4.0-3.8.0).
const DISALLOWED: &[&str] = &["com.sun.security.auth.module.JndiLoginModule"];

impl Rule for DisallowedLoginModule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(e) = cx.explicit("sasl.jaas.config") else { return };
        let Ok(entry) = super::parse_jaas(&e.value) else { return };
        let module = entry.module.trim();
        if !DISALLOWED.contains(&module) {
            return;
        }
        out.report(&META, cx.id, e.value_span, format!("`{module}` is a login module Kafka refuses by default: the client does not start"))
            .key("sasl.jaas.config")
            .help("use the login module of your SASL mechanism; only if you mean it, allow it with the JVM system property `org.apache.kafka.disallowed.login.modules`");
    }
}
