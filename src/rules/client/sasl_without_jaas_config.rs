use super::{sasl_mechanism, CLIENT_ROLES};
use crate::diagnostic::Fix;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a SASL client whose mechanism takes credentials from JAAS (PLAIN, SCRAM-SHA-256,
    /// SCRAM-SHA-512, OAUTHBEARER) but that sets no `sasl.jaas.config`, and no login or client
    /// callback handler of its own (`sasl.login.callback.handler.class`,
    /// `sasl.client.callback.handler.class`).
    /// ## Why it fails in production
    /// Without `sasl.jaas.config` the client looks for a `KafkaClient` section in the JVM's JAAS
    /// file. Unless the process is started with `-Djava.security.auth.login.config=…` it refuses to
    /// start: `IllegalArgumentException: Could not find a 'KafkaClient' entry in the JAAS
    /// configuration. System property 'java.security.auth.login.config' is not set`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// security.protocol=SASL_SSL
    /// sasl.mechanism=SCRAM-SHA-512
    /// ```
    /// ## Use instead
    /// ```properties
    /// security.protocol=SASL_SSL
    /// sasl.mechanism=SCRAM-SHA-512
    /// sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="${file:/etc/kafka/secrets.properties:password}";
    /// ```
    /// ## Fix
    /// A suggestion only: adds a `sasl.jaas.config` line with the mechanism's login module and
    /// placeholders for the credentials, which you fill in (never applied automatically).
    /// ## Versions
    /// 0.10.2 and later (`sasl.jaas.config`, KIP-85); before, only the JAAS file existed.
    /// ## Source
    /// `org.apache.kafka.common.security.JaasContext.load` / `defaultContext`; KIP-85.
    pub SaslWithoutJaasConfig {
        id: "client/sasl-without-jaas-config",
        summary: "a PLAIN, SCRAM or OAUTHBEARER client without sasl.jaas.config",
        severity: Warning,
        scope: Scope::File(CLIENT_ROLES),
        versions: Some("0.10.2") => None,
        reads: ["security.protocol", "sasl.mechanism", "sasl.jaas.config", "sasl.login.callback.handler.class", "sasl.client.callback.handler.class"],
        fix: Sometimes,
        source: "JaasContext.load/defaultContext; KIP-85",
    }
}

fn template(mechanism: &str) -> Option<String> {
    let module = match mechanism {
        "PLAIN" => "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"USER\" password=\"PASSWORD\";",
        "SCRAM-SHA-256" | "SCRAM-SHA-512" => {
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"USER\" password=\"PASSWORD\";"
        }
        "OAUTHBEARER" => "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
        _ => return None,
    };
    Some(module.to_string())
}

impl Rule for SaslWithoutJaasConfig {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::uses_java_sasl(cx) {
            return;
        }
        let Some((mechanism, mv)) = sasl_mechanism(cx) else { return };
        let mechanism = mechanism.to_ascii_uppercase();
        let Some(line) = template(&mechanism) else { return };
        if cx.get("sasl.jaas.config").is_some()
            || cx.explicit("sasl.login.callback.handler.class").is_some()
            || cx.explicit("sasl.client.callback.handler.class").is_some()
        {
            return;
        }
        let primary = mv.entry().map_or_else(|| cx.anchor(&["security.protocol"]), |e| e.value_span);
        out.report(
            &META,
            cx.id,
            primary,
            format!("`sasl.mechanism={mechanism}` without `sasl.jaas.config`: unless the JVM is given a JAAS file, the client refuses to start (`Could not find a 'KafkaClient' entry in the JAAS configuration`)"),
        )
        .key("sasl.mechanism")
        .help("add `sasl.jaas.config` with the login module and credentials (or pass `-Djava.security.auth.login.config` to the JVM)")
        .fix(Fix::display_only("Add `sasl.jaas.config` and fill in the credentials", vec![cx.insert_entry("sasl.jaas.config", &line)]));
    }
}
