use crate::diagnostic::{Edit, Fix};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags white space at the end of a value.
    /// ## Why it fails in production
    /// `java.util.Properties` keeps trailing white space as part of the value. Kafka's `ConfigDef`
    /// trims the values of the keys it defines, but everything that reads the raw value does not:
    /// pass-through settings of serializers and interceptors, `${...}` config providers, scripts
    /// that grep the file, and tools such as librdkafka's property files. `acks=all ` is `all` to
    /// the Java producer and `all ` to a tool that compares strings, and such a difference is
    /// invisible in review.
    ///
    /// On a key Kafka defines for the file's role the finding is information, not a warning:
    /// `ConfigDef.parseType` trims every typed value (boolean, numbers, string, list, class,
    /// password), so Kafka itself reads the value without the white space.
    /// ## Example
    /// ```properties,expect_diagnostic
    #[doc = " schema.registry.url=http://registry:8081 "]
    /// ```
    /// ## Use instead
    /// ```properties
    /// schema.registry.url=http://registry:8081
    /// ```
    /// ## Fix
    /// Safe: removes the trailing white space (Kafka's typed keys trim it anyway).
    /// ## Versions
    /// All.
    /// ## Source
    /// `java.util.Properties.load`; `org.apache.kafka.common.config.ConfigDef.parseType` (trims typed values).
    pub TrailingWhitespace {
        id: "syntax/trailing-whitespace",
        summary: "white space at the end of a value is part of the value",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: Always,
        source: "java.util.Properties.load; ConfigDef.parseType",
    }
}

impl Rule for TrailingWhitespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let text = cx.text();
        for e in &cx.file.doc.entries {
            let raw = &text[e.value_span.range()];
            // The last byte tells (the three are ASCII): nearly every value ends otherwise.
            if !matches!(raw.as_bytes().last(), Some(b' ' | b'\t' | 0x0c)) {
                continue;
            }
            let trimmed = raw.trim_end_matches([' ', '\t', '\u{0c}']);
            // An escaped final space (`\ `) is intended.
            if trimmed.len() == raw.len() || trimmed.ends_with('\\') || e.value.trim().is_empty() {
                continue;
            }
            let span = Span::new(e.value_span.start + trimmed.len(), e.value_span.end);
            // Kafka trims the values of the keys it defines (ConfigDef.parseType).
            let trimmed_by_kafka = cx.file.info(&e.key).is_some();
            let message = if trimmed_by_kafka {
                format!("the value of `{}` ends in white space; Kafka trims it, other readers of the file may not", e.key)
            } else {
                format!("the value of `{}` ends in white space, which is part of the value", e.key)
            };
            out.report(&META, cx.id, span, message)
                .severity(if trimmed_by_kafka { crate::diagnostic::Severity::Info } else { META.severity })
                .key(&e.key)
                .primary_label("trailing white space")
                .help("remove the trailing white space")
                .fix(Fix::safe("Remove trailing white space", vec![Edit { file: cx.id, span, replacement: String::new() }]));
        }
    }
}
