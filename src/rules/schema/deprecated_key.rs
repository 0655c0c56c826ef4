use crate::diagnostic::Fix;
use crate::rules::schema::keys::Class;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a key that Kafka documents as deprecated in the target version, with its replacement
    /// when Kafka names one.
    /// ## Why it fails in production
    /// Deprecated keys still work, but are removed in a later release; on that upgrade the setting
    /// silently stops applying (or, for ZooKeeper and message-format keys, the broker no longer
    /// starts). Moving off them before the upgrade keeps the upgrade a non-event.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.9
    /// # kafkalint: role=broker
    /// delegation.token.master.key=change-me
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.9
    /// # kafkalint: role=broker
    /// delegation.token.secret.key=change-me
    /// ```
    /// ## Fix
    /// Safe where the replacement takes the same value (`delegation.token.master.key` →
    /// `delegation.token.secret.key`, Streams `key.serde` → `default.key.serde`); none otherwise.
    /// ## Versions
    /// Each key in the releases that document it as deprecated (knowledge/keys).
    /// ## Source
    /// Kafka's generated configuration docs per release ("DEPRECATED" markers), knowledge/manual
    /// for the same-value replacements.
    pub DeprecatedKey {
        id: "schema/deprecated-key",
        summary: "a key deprecated in the target Kafka version",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: Sometimes,
        source: "Kafka configuration docs per release",
    }
}

impl Rule for DeprecatedKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let release = cx.release();
        for &(key, i, class) in cx.keys() {
            let e = &cx.file.doc.entries[i];
            let Class::Known(info) = class else { continue };
            if !info.def.exists_in(release) || !info.def.deprecated_in(release) {
                continue;
            }
            let replacement = info.def.replaced_by.map(|r| format!("{}{r}", info.prefix));
            let removal = match info.def.removed_after() {
                Some(r) => format!(" and removed in {r}"),
                None => String::new(),
            };
            let msg = match &replacement {
                Some(r) => format!("`{key}` is deprecated in Kafka {release}{removal}: use `{r}`"),
                None => format!("`{key}` is deprecated in Kafka {release}{removal}"),
            };
            let b = out.report(&META, cx.id, e.key_span, msg).key(key).help(match &replacement {
                Some(r) => format!("move the setting to `{r}` before upgrading"),
                None => "plan its removal before upgrading; see the Kafka upgrade notes for what replaces it".to_string(),
            });
            if let Some(r) = replacement.filter(|r| info.def.rename && cx.explicit(r).is_none()) {
                b.fix(Fix::safe(format!("Rename to `{r}`"), vec![cx.rename_key(e, &r)]));
            }
        }
    }
}
