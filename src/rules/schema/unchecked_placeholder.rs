use crate::model::is_placeholder;
use crate::rules::schema::keys::Class;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Notes a value that is a config-provider placeholder (`${file:/etc/kafka/secrets.properties:password}`,
    /// `${env:BOOTSTRAP}`, `${vault:…}`) or a template variable (`${BOOTSTRAP_SERVERS}`): kafkalint
    /// cannot see the value, so it does not type-check it.
    /// ## Why it fails in production
    /// A placeholder resolves at start-up; if the provider is not configured (`config.providers`),
    /// or the template is not rendered, Kafka sees the literal text and rejects or ignores it. This
    /// note makes visible which checks did not run.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=consumer
    /// max.poll.records=${env:MAX_POLL_RECORDS}
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=consumer
    /// max.poll.records=500
    /// ```
    /// ## Fix
    /// None.
    /// ## Versions
    /// All.
    /// ## Source
    /// KIP-297 (externalized secrets, `ConfigProvider`), KIP-421 (providers in all configs).
    pub UncheckedPlaceholder {
        id: "schema/unchecked-placeholder",
        summary: "a placeholder value resolved at start-up; its type and range are not checked",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "KIP-297; KIP-421",
    }
}

impl Rule for UncheckedPlaceholder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        for &(key, i, class) in cx.keys() {
            // The class first: most keys of a large file are not known ones (application keys),
            // and their values need not be scanned.
            let Class::Known(info) = class else { continue };
            let e = &cx.file.doc.entries[i];
            if !is_placeholder(&e.value) {
                continue;
            }
            // Only typed values lose a check; a string passes through unchanged either way.
            let typed = info
                .def
                .ty_in(cx.release())
                .is_some_and(|t| !matches!(t, crate::knowledge::Type::String | crate::knowledge::Type::Password));
            if !typed && info.def.valid_in(cx.release()).is_none_or(|v| v.validator.is_none()) {
                continue;
            }
            out.report(
                &META,
                cx.id,
                e.value_span,
                format!("`{key}` is a placeholder resolved at start-up: kafkalint does not check its value"),
            )
            .key(key)
            .help("make sure the config provider (`config.providers`) or the template step supplies a valid value");
        }
    }
}
