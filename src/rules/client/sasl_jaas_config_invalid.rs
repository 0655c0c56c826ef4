use super::{parse_jaas, JaasError, CLIENT_ROLES};
use crate::diagnostic::{Edit, Fix};
use crate::model::is_placeholder;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Parses `sasl.jaas.config` exactly as Kafka's `JaasConfig` does (a `StreamTokenizer`:
    /// `<LoginModuleClass> <flag> (<option>=<value>)*;`) and reports what Kafka rejects: no login
    /// module, a missing or unknown control flag (`required`, `requisite`, `sufficient`,
    /// `optional`), an option without a value (often an unquoted value with `/`, which starts a
    /// comment, or with `=` or `;`; or an unquoted value that starts with a digit, `.` or `-`:
    /// Java's default `StreamTokenizer` reads it as a number, which has no string value, so
    /// `password=12345` is refused; and only letters, digits after the first character, `.`,
    /// `-`, `_` and `$` make up an unquoted word, so `user@example.com` breaks at `@`), a missing
    /// final semicolon, or more than one login module.
    /// Credentials are never shown: messages name options, not values.
    /// ## Why it fails in production
    /// The client refuses to start: `KafkaException: Failed to construct kafka producer` caused by
    /// `IllegalArgumentException: JAAS config entry not terminated by semi-colon` (or `Value not
    /// specified for key 'password' in JAAS config`, `Invalid login module control flag 'require'
    /// in JAAS config`, `JAAS config property contains 2 login modules, should be 1 module`).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// security.protocol=SASL_SSL
    /// sasl.mechanism=PLAIN
    /// sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="secret"
    /// ```
    /// ## Use instead
    /// ```properties
    /// security.protocol=SASL_SSL
    /// sasl.mechanism=PLAIN
    /// sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="secret";
    /// ```
    /// ## Fix
    /// Safe when only the final `;` is missing: adds it. Otherwise none (quote the values).
    /// ## Versions
    /// 0.10.2 and later (`sasl.jaas.config`, KIP-85). Checked only when `security.protocol` is
    /// SASL_PLAINTEXT or SASL_SSL: other protocols never read the value.
    /// ## Source
    /// `org.apache.kafka.common.security.JaasConfig` (tokenizer and messages; the tokenizer keeps
    /// Java's default syntax in every release line to 4.2: apache/kafka tags 0.10.2.0 to 4.2.0);
    /// `JaasContext.load` (one login module); `java.io.StreamTokenizer`.
    pub SaslJaasConfigInvalid {
        id: "client/sasl-jaas-config-invalid",
        summary: "a sasl.jaas.config value Kafka's JAAS parser rejects",
        severity: Error,
        scope: Scope::File(CLIENT_ROLES),
        versions: Some("0.10.2") => None,
        reads: ["sasl.jaas.config", "security.protocol"],
        fix: Sometimes,
        source: "JaasConfig; JaasContext.load; KIP-85",
    }
}

impl Rule for SaslJaasConfigInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::uses_java_sasl(cx) {
            return;
        }
        let Some(e) = cx.explicit("sasl.jaas.config") else { return };
        let value = e.value.trim();
        let Err(err) = parse_jaas(value) else { return };
        // A whole-value placeholder (`${file:…}`) is resolved outside the file.
        if value.starts_with("${") || (is_placeholder(value) && !value.contains(' ')) {
            return;
        }
        let what = match &err {
            JaasError::NotTerminated => "does not end with `;`".to_string(),
            JaasError::NoValue(k) => match err.shown(k) {
                "…" => "has an option without a value (an unquoted value must start with a letter, `_` or `$` and stops at `/`, `=`, `;`, `@`, `:`…)".to_string(),
                k => format!("has no value for option `{k}` (an unquoted value must start with a letter, `_` or `$` and stops at `/`, `=`, `;`, `@`, `:`…)"),
            },
            JaasError::InvalidFlag(_) => "has an unknown control flag (required, requisite, sufficient or optional)".to_string(),
            JaasError::NoFlag | JaasError::FlagNotAvailable => "has no control flag after the login module".to_string(),
            JaasError::NoModule => "names no login module".to_string(),
            JaasError::ModuleCount(n) => format!("names {n} login modules, but a client takes one"),
        };
        let span = if e.value_span.is_empty() { e.key_span } else { e.value_span };
        let b = out
            .report(&META, cx.id, span, format!("`sasl.jaas.config` {what}: the client refuses to start (`{}`)", err.kafka_message()))
            .key("sasl.jaas.config")
            .help(match err {
                JaasError::NotTerminated => "end the value with `;`",
                JaasError::NoValue(_) => "quote every option value: `key=\"value\"`",
                JaasError::ModuleCount(_) => "keep one login module (the one for `sasl.mechanism`)",
                _ => "write `<LoginModuleClass> required key=\"value\" …;`",
            });
        if err == JaasError::NotTerminated && parse_jaas(&format!("{value};")).is_ok() {
            // Insert `;` right after the value's last character (before any trailing white space).
            let raw = &cx.text()[e.value_span.start..e.value_span.end];
            let at = e.value_span.start + raw.trim_end().len();
            b.fix(Fix::safe("Add the final `;`", vec![Edit { file: cx.id, span: Span::empty(at), replacement: ";".into() }]));
        }
    }
}
