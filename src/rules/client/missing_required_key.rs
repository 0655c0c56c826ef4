use crate::knowledge::{self, DefaultVal};
use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a producer, consumer or Streams file that lacks a key the client cannot start
    /// without: a key with no default in that version (the serializers or deserializers,
    /// Streams' `application.id` and `bootstrap.servers`), or `bootstrap.servers` missing or
    /// empty (its default is an empty list, which `ClientUtils` refuses). An admin file that sets
    /// both `bootstrap.servers` and `bootstrap.controllers` (3.7+) is flagged too.
    ///
    /// Whether the file is the whole configuration decides the severity. Most client files in
    /// the field are overlays: `--producer.config`, `--consumer.config` and `--command-config`
    /// files of Kafka's console tools (which set the serializers and `--bootstrap-server`
    /// themselves; Kafka's own `config/producer.properties` is one), or security settings an
    /// application adds to its own. A producer file that sets a serializer, a consumer file
    /// that sets a deserializer, a Streams file that sets `application.id` or
    /// `bootstrap.servers` is complete (unless it also carries the application's own keys: an
    /// application that loads such a file completes it in code): a missing key there is an
    /// error. Overlays are left to `client/overlay-missing-key` (information, off by default).
    /// Only `.properties` files are judged.
    /// ## Why it fails in production
    /// The constructor throws: `ConfigException: Missing required configuration
    /// "key.serializer" which has no default value.`, or `No resolvable bootstrap urls given in
    /// bootstrap.servers`, or (admin) `You cannot set both bootstrap.servers and
    /// bootstrap.controllers.`
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=producer
    /// bootstrap.servers=kafka-1:9092
    /// key.serializer=org.apache.kafka.common.serialization.StringSerializer
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=producer
    /// bootstrap.servers=kafka-1:9092
    /// key.serializer=org.apache.kafka.common.serialization.StringSerializer
    /// value.serializer=org.apache.kafka.common.serialization.StringSerializer
    /// ```
    /// ## Fix
    /// None: the value is yours to choose.
    /// ## Versions
    /// All, per key from the releases where it has no default (knowledge/keys). Admin
    /// `bootstrap.controllers` from 3.7. Files declared for a client library other than Java's
    /// are not judged (their defaults are the library's).
    /// ## Source
    /// `ConfigDef.parseValue` (`Missing required configuration`); `ClientUtils.parseAndValidateAddresses`
    /// (empty `bootstrap.servers`); `AdminBootstrapAddresses.fromConfig` (3.7+).
    pub MissingRequiredKey {
        id: "client/missing-required-key",
        summary: "a client file lacks a key with no default, or bootstrap.servers is empty: the client does not start",
        severity: Error,
        scope: Scope::File(&[Role::Producer, Role::Consumer, Role::Streams, Role::Admin]),
        versions: None => None,
        reads: ["key.serializer", "value.serializer", "key.deserializer", "value.deserializer", "application.id", "bootstrap.servers", "bootstrap.controllers"],
        fix: None,
        source: "ConfigDef.parseValue; ClientUtils.parseAndValidateAddresses; AdminBootstrapAddresses.fromConfig",
    }
}

/// Whether the file is a complete client configuration rather than an overlay (see the docs).
pub(crate) fn is_complete(cx: &FileCtx<'_>, role: Role) -> bool {
    let set = |k: &str| cx.explicit(k).is_some();
    // A file that carries the application's own settings is loaded by the application, which
    // completes it in code (`props.put(VALUE_SERIALIZER_CLASS_CONFIG, …)`).
    let app_keys = super::carries_app_keys(cx, role);
    if app_keys {
        return false;
    }
    match role {
        Role::Producer => set("key.serializer") || set("value.serializer"),
        Role::Consumer => set("key.deserializer") || set("value.deserializer"),
        Role::Streams => set("application.id") || set("bootstrap.servers"),
        _ => false,
    }
}

/// The keys a producer, consumer or Streams file lacks that the client cannot start without (see
/// the docs): keys with no default in the file's version, and `bootstrap.servers`.
/// The keys of a role's own kind that have no default in a release line, in the table's order:
/// worked out once per role for every line (each client file asks).
fn required_keys(role: Role, release: crate::version::Release) -> &'static [&'static str] {
    static REQUIRED: [std::sync::OnceLock<Vec<Vec<&'static str>>>; 7] = [const { std::sync::OnceLock::new() }; 7];
    let lines = REQUIRED[role as usize].get_or_init(|| {
        let Some(table) = knowledge::kind(role.kinds()[0]) else { return Vec::new() };
        (0..knowledge::RELEASES.len())
            .map(|r| {
                let line = crate::version::Release(r as u8);
                table.keys.iter().filter(|d| d.default_in(line) == Some(DefaultVal::Required)).map(|d| d.name).collect()
            })
            .collect()
    });
    lines.get(release.0 as usize).map_or(&[], Vec::as_slice)
}

pub(crate) fn missing_keys(cx: &FileCtx<'_>, role: Role) -> Vec<&'static str> {
    let set = |k: &str| cx.explicit(k).is_some_and(|e| !e.value.trim().is_empty());
    let placeholder = |k: &str| cx.explicit(k).is_some_and(|e| is_placeholder(&e.value));
    let mut missing: Vec<&'static str> = Vec::new();
    for &name in required_keys(role, cx.release()) {
        if !set(name) && !placeholder(name) {
            missing.push(name);
        }
    }
    // An empty list is the default from 1.1 to 4.1; ClientUtils refuses it all the same.
    if !set("bootstrap.servers") && !placeholder("bootstrap.servers") && !missing.contains(&"bootstrap.servers") {
        missing.push("bootstrap.servers");
    }
    missing
}

pub(crate) fn java_client(cx: &FileCtx<'_>) -> bool {
    cx.file.client.as_deref().is_none_or(|c| c == "java" || c.starts_with("java@"))
}

impl Rule for MissingRequiredKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(role) = cx.role() else { return };
        // Plain `.properties` files only: a compose service or a Spring Boot application gets
        // its keys from the platform and the application's code as well.
        if !java_client(cx) || cx.file.unit.is_some() {
            return;
        }
        let release = cx.release();
        if role == Role::Admin {
            // 3.7+: one of the two, never both (AdminBootstrapAddresses.fromConfig).
            if let (Some(s), Some(c)) = (cx.explicit("bootstrap.servers"), cx.explicit("bootstrap.controllers")) {
                if release.at_least("3.7") && !s.value.trim().is_empty() && !c.value.trim().is_empty() {
                    out.report(
                        &META,
                        cx.id,
                        c.key_span,
                        "`bootstrap.servers` and `bootstrap.controllers` are both set: the admin client refuses to start",
                    )
                    .key("bootstrap.controllers")
                    .label(cx.id, s.key_span, Some("bootstrap.servers"), "`bootstrap.servers` is set here")
                    .help("keep one: `bootstrap.servers` to talk to brokers, `bootstrap.controllers` to talk to the controllers");
                }
            }
            return;
        }
        let missing = missing_keys(cx, role);
        if missing.is_empty() || !is_complete(cx, role) {
            return;
        }
        let who = if role == Role::Streams { "Streams application".to_string() } else { role.to_string() };
        let list = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        let message = format!(
            "{list} {} not set: the {who} does not start (no default in Kafka {release})",
            if missing.len() == 1 { "is" } else { "are" }
        );
        let anchor = cx.anchor(&[
            "bootstrap.servers",
            "key.serializer",
            "value.serializer",
            "key.deserializer",
            "value.deserializer",
            "application.id",
        ]);
        out.report(&META, cx.id, anchor, message)
            .key(missing[0])
            .primary_label(format!("{list} not in this file"))
            .help(format!("set {list}"));
    }
}
