use crate::knowledge::validators::check_typed;
use crate::model::is_placeholder;
use crate::redact;
use crate::rules::schema::keys::{declared_librdkafka, Class};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks each value as Kafka parses and validates it for the target version: the key's type
    /// (int, short, long, double, boolean, list, class, string, password; numbers out of range
    /// for their Java type; booleans only `true`/`false` in any case), then its documented
    /// validator (a range such as `[1,...]`, a set such as `[all, -1, 0, 1]`, with Kafka's own case
    /// rules; list items one by one).
    /// ## Why it fails in production
    /// Kafka refuses to start: `ConfigException: Invalid value yes for configuration
    /// enable.auto.commit: Expected value to be either true or false`. For a broker that is a node
    /// that does not come back after a restart; for a client, an application that crashes at
    /// start-up.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=producer
    /// compression.type=gzipp
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=producer
    /// compression.type=gzip
    /// ```
    /// ## Fix
    /// None: the right value is yours to choose (the message lists what Kafka accepts).
    /// ## Versions
    /// All, with each version's types and validators (knowledge/keys).
    /// ## Source
    /// `org.apache.kafka.common.config.ConfigDef.parseType` and the validators in `ConfigDef`
    /// (`Range`, `ValidString`, `ValidList`, `CaseInsensitiveValidString`, …); the documented
    /// "Valid Values" per release.
    pub InvalidValue {
        id: "schema/invalid-value",
        summary: "a value Kafka rejects for its key's type or valid values: the process does not start",
        severity: Error,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "ConfigDef.parseType; ConfigDef validators",
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

impl Rule for InvalidValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(role) = cx.role() else { return };
        if declared_librdkafka(cx.file).is_some() {
            return;
        }
        // A consumer file with zookeeper.connect is for the old Scala consumer (removed in 2.0),
        // whose values (`auto.offset.reset=smallest`) the Java consumer's validators do not cover.
        if role == crate::model::Role::Consumer && cx.explicit("zookeeper.connect").is_some() {
            return;
        }
        let release = cx.release();
        for &(key, i, class) in cx.keys() {
            let e = &cx.file.doc.entries[i];
            let Class::Known(info) = class else { continue };
            let def = info.def;
            if !def.exists_in(release) || is_placeholder(&e.value) {
                continue;
            }
            // A value Kafka documents as deprecated or removed is `schema/deprecated-value`'s.
            if def.deprecated_values.iter().any(|d| d.value.eq_ignore_ascii_case(e.value.trim())) {
                continue;
            }
            let Some(ty) = def.ty_in(release) else { continue };
            // Asked only of a value Kafka refuses (nearly every value is accepted).
            let secret = || redact::is_secret_key(key);
            // `acks=all # safest`: Java reads the comment as part of the value.
            let hash = || {
                if e.value.contains(" #") || e.value.contains("\t#") {
                    "; `#` starts a comment only at the start of a line: here it is part of the value (put the comment on its own line)"
                } else {
                    ""
                }
            };
            if let Err(why) = check_typed(ty.name(), &e.value) {
                let hash = hash();
                let why = if secret() { format!("the value is not a valid {}", ty.name()) } else { why };
                out.report(
                    &META,
                    cx.id,
                    e.value_span,
                    format!("invalid value for `{key}` ({}): {why}; {}", ty.name(), role.refusal(release)),
                )
                .key(key)
                .help(match def.valid_in(release) {
                    Some(v) if !v.text.is_empty() => format!("`{key}` takes {} {} in {}{hash}", article(ty.name()), ty.name(), v.text),
                    _ => format!("`{key}` takes {} {}{hash}", article(ty.name()), ty.name()),
                });
                continue;
            }
            let Some(valid) = def.valid_in(release) else { continue };
            let Some(validator) = valid.validator else { continue };
            if let Err(why) = validator.check(crate::knowledge::validators::java_trim(&e.value)) {
                let hash = hash();
                let why = if secret() { "the value is not accepted".to_string() } else { why };
                out.report(&META, cx.id, e.value_span, format!("invalid value for `{key}`: {why}; {}", role.refusal(release)))
                    .key(key)
                    .help(format!("valid values for `{key}` in Kafka {release}: {}{hash}", validator.describe()));
            }
        }
    }
}
