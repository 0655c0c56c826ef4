use super::declared;
use crate::diagnostic::Severity;
use crate::knowledge::{self, Absence};
use crate::rules::client::CLIENT_ROLES;
use crate::rules::schema::keys::Class;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::Release;

declare_rule! {
    /// ## What it does
    /// For a file that declares its client version (`--client`, `[[files]] client`), flags keys
    /// that version does not know:
    /// - `java@X`: a key Kafka added after X, or removed by X (from the knowledge base at X's
    ///   release line), when X differs from the cluster version the schema rules already use;
    /// - `librdkafka@X`: a property that librdkafka added after X, or removed by X.
    /// ## Why it fails in production
    /// The Java client ignores keys it does not know (`The configuration 'x' was supplied but
    /// isn't a known config.`), so the setting silently does not apply. librdkafka refuses them:
    /// `rd_kafka_conf_set` fails with `No such configuration property: "x"` and the application
    /// does not start.
    /// ## Example
    /// A consumer declared as `[[files]] client = "java@3.5.0"` in kafkalint.toml (the cluster
    /// runs 4.0):
    /// ```properties
    /// group.id=orders
    /// group.protocol=consumer
    /// ```
    /// ## Use instead
    /// ```properties
    /// group.id=orders
    /// ```
    /// ## Fix
    /// None: upgrade the client library, or remove the key.
    /// ## Versions
    /// All Java lines kafkalint knows (0.10.0–4.2) and librdkafka 1.0–2.15.
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
        let Some(role) = cx.role() else { return };
        match lib.as_str() {
            "java" => {
                let Ok(line) = Release::parse(&version.to_string()) else { return };
                if line == cx.release() {
                    return; // the schema rules judge keys at this version
                }
                for &(key, i, class) in cx.keys() {
                    if !matches!(class, Class::Known(_)) {
                        continue;
                    }
                    let Some(info) = crate::model::lookup(role, key, line) else { continue };
                    let e = &cx.file.doc.entries[i];
                    let message = match info.def.absence(line) {
                        Absence::Present => continue,
                        Absence::NotYet(added) => {
                            format!("`{key}` was added in Kafka {added}: the java {version} client does not know it and ignores it")
                        }
                        Absence::Removed(gone) => format!("`{key}` was removed in Kafka {gone}: the java {version} client ignores it"),
                    };
                    out.report(&META, cx.id, e.key_span, message).key(key).help("upgrade the client library, or remove the key");
                }
            }
            "librdkafka" => {
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
                        Some(added) => format!(
                            "`{key}` was added in librdkafka {added}: librdkafka {version} rejects it (`No such configuration property`)"
                        ),
                        None => {
                            let gone = prop.versions.last().map_or("a later release", |r| {
                                table.releases.get(usize::from(r.1) + 1).copied().unwrap_or("a later release")
                            });
                            format!("`{key}` was removed in librdkafka {gone}: librdkafka {version} rejects it (`No such configuration property`)")
                        }
                    };
                    out.report(&META, cx.id, e.key_span, message)
                        .key(key)
                        .severity(Severity::Error)
                        .help("upgrade librdkafka, or remove the property");
                }
            }
            _ => {}
        }
    }
}
