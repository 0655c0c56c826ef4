use crate::knowledge::Absence;
use crate::rules::schema::keys::Class;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a key that Kafka added after the target version: the file was written for a newer
    /// Kafka than the one it will run with.
    /// ## Why it fails in production
    /// The older Kafka does not know the key and ignores it: `group.protocol=consumer` on a 3.6
    /// client silently keeps the classic rebalance protocol; `controller.quorum.bootstrap.servers`
    /// on 3.8 leaves a KRaft node without its quorum.
    /// A topic configuration is different: Kafka refuses a name `LogConfig.validateNames` does not
    /// know for that version (`InvalidConfigurationException: Unknown topic config name: …`) and
    /// the topic is not created or altered, so for the topic role this is an error.
    /// ## Example
    /// With Kafka 3.6 as the target:
    /// ```properties,expect_diagnostic,kafka-version=3.6
    /// # kafkalint: role=consumer
    /// group.protocol=consumer
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=consumer
    /// group.id=orders
    /// ```
    /// ## Fix
    /// None: upgrade Kafka, or configure what the older version offers.
    /// ## Versions
    /// All; each key until the release that added it (knowledge/keys).
    /// ## Source
    /// Kafka's generated configuration docs per release (knowledge/keys).
    pub KeyNotYetAvailable {
        id: "schema/key-not-yet-available",
        summary: "a key added after the target Kafka version; that version ignores it",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "Kafka configuration docs per release",
    }
}

impl Rule for KeyNotYetAvailable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let release = cx.release();
        for &(key, i, class) in cx.keys() {
            let e = &cx.file.doc.entries[i];
            let Class::Known(info) = class else { continue };
            let Absence::NotYet(added) = info.def.absence(release) else { continue };
            let help = if cx.release() != cx.cluster_release() {
                format!("upgrade the Java client to {added} or later, or remove the key")
            } else {
                format!("target Kafka {added} or later (`--kafka-version`, `kafka-version` in kafkalint.toml), or remove the key")
            };
            if crate::rules::schema::keys::topic_refuses(cx.file) {
                out.report(
                    &META,
                    cx.id,
                    e.key_span,
                    format!(
                        "`{key}` was added in Kafka {added}: {} does not know it; {}",
                        cx.reader(),
                        crate::rules::schema::keys::topic_refusal(key)
                    ),
                )
                .key(key)
                .severity(crate::diagnostic::Severity::Error)
                .help(help);
                continue;
            }
            out.report(
                &META,
                cx.id,
                e.key_span,
                format!("`{key}` was added in Kafka {added}: {} does not know it and ignores it", cx.reader()),
            )
            .key(key)
            .help(help);
        }
    }
}
