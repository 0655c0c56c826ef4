use super::declared;
use crate::diagnostic::Severity;
use crate::knowledge;
use crate::rules::client::CLIENT_ROLES;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::Release;

declare_rule! {
    /// ## What it does
    /// For a file that declares a librdkafka client version (`--client librdkafka@X`,
    /// `[[files]] client`), flags properties that version does not know: added after X, or
    /// removed by X. (A declared Java client version needs no rule of its own: the file's keys
    /// are checked against that version by `schema/key-not-yet-available` and `schema/removed-key`.)
    /// ## Why it fails in production
    /// The Java client ignores keys it does not know (`The configuration 'x' was supplied but
    /// isn't a known config.`), so the setting silently does not apply. librdkafka refuses them:
    /// `rd_kafka_conf_set` fails with `No such configuration property: "x"` and the application
    /// does not start.
    /// ## Example
    /// A transactional producer written for librdkafka 1.3 (transactions came in librdkafka 1.4):
    /// ```properties,expect_diagnostic,client=librdkafka@1.3.0
    /// # kafkalint: role=producer
    /// transactional.id=orders-1
    /// ```
    /// ## Use instead
    /// ```properties,client=librdkafka@1.4.0
    /// # kafkalint: role=producer
    /// transactional.id=orders-1
    /// ```
    /// ## Fix
    /// None: upgrade the client library, or remove the key.
    /// ## Versions
    /// librdkafka 1.0–2.15.
    /// ## Source
    /// Kafka's generated configuration docs per release (knowledge/keys);
    /// `AbstractConfig.logUnused`; librdkafka CONFIGURATION.md per release (knowledge/clients).
    pub KeyUnknownToClient {
        id: "compat/key-unknown-to-client",
        summary: "a key the declared client library version does not know",
        severity: Warning,
        scope: Scope::File(CLIENT_ROLES),
        versions: None => None,
        reads: [],
        fix: None,
        source: "knowledge/keys per release; knowledge/clients/librdkafka.toml",
    }
}

impl Rule for KeyUnknownToClient {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((lib, Some(version))) = declared(cx.file) else { return };
        if cx.role().is_none() {
            return;
        }
        if lib != "librdkafka" {
            return;
        }
        let Some(table) = knowledge::client_lib("librdkafka") else { return };
        let Some(idx) = table.release(&version.to_string()) else { return };
        let at = Release(idx as u8);
        for &(key, i, _) in cx.keys() {
            let Some(prop) = table.get(key) else { continue }; // schema/unknown-key's finding
            if prop.versions.iter().any(|r| r.contains(at)) {
                continue;
            }
            let e = &cx.file.doc.entries[i];
            let later = prop.versions.iter().find(|r| usize::from(r.0) > idx).map(|r| table.releases[usize::from(r.0)]);
            let message = match later {
                Some(added) => {
                    format!("`{key}` was added in librdkafka {added}: librdkafka {version} rejects it (`No such configuration property`)")
                }
                None => {
                    let gone = prop
                        .versions
                        .last()
                        .map_or("a later release", |r| table.releases.get(usize::from(r.1) + 1).copied().unwrap_or("a later release"));
                    format!("`{key}` was removed in librdkafka {gone}: librdkafka {version} rejects it (`No such configuration property`)")
                }
            };
            out.report(&META, cx.id, e.key_span, message)
                .key(key)
                .severity(Severity::Error)
                .help("upgrade librdkafka, or remove the property");
        }
    }
}
