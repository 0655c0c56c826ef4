use crate::diagnostic::{Edit, Fix};
use crate::rules::schema::keys::{declared_librdkafka, suggest, Class};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a key that Kafka does not know for the file's role in any release: a typo, another
    /// client library's spelling (librdkafka's `queue.buffering.max.ms` for `linger.ms`), or a
    /// Spring-style spelling (`bootstrap-servers`). It names the key you probably meant.
    /// Keys that plugins legitimately read are known: Schema Registry serde settings, Confluent
    /// interceptors and broker settings, listener-prefixed broker settings, converter and REST
    /// prefixes of Connect, config providers, and the globs in `[keys] allow` of kafkalint.toml.
    /// A key with no close match that lies outside Kafka's namespaces (`input.topic.name`,
    /// `schema-registry-url` in a file an application loads whole) is the application's own:
    /// information by default, or what `[keys] unknown = "warning" | "info" | "off"` in
    /// kafkalint.toml says. In a consumer or producer file before 2.0 the Scala clients' keys
    /// (`zookeeper.connect`, `metadata.broker.list`) are known.
    /// ## Why it fails in production
    /// Kafka ignores keys it does not know: it logs `The configuration 'x' was supplied but isn't
    /// a known config.` once at start-up and runs with the default instead. The setting you wrote
    /// is not in force, and nothing else tells you.
    /// A topic configuration is different: Kafka refuses a name `LogConfig.validateNames` does not
    /// know (`InvalidConfigurationException: Unknown topic config name: …`) and the topic is not
    /// created or altered, so for the topic role every unknown name is an error (with the nearest
    /// topic name when there is one), application-looking names included; a `confluent.*` name
    /// (Confluent Server's own topic settings, which Apache Kafka refuses) is a warning.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=consumer
    /// max.pol.records=100
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=consumer
    /// max.poll.records=100
    /// ```
    /// ## Fix
    /// Renames the key. Safe when the key is another spelling of the same setting with the same
    /// value (librdkafka's alias, a relaxed Spring spelling); unsafe for a guessed typo.
    /// ## Versions
    /// All.
    /// ## Source
    /// `org.apache.kafka.common.config.AbstractConfig.logUnused`; Kafka's generated configuration
    /// docs (knowledge/keys); librdkafka CONFIGURATION.md (knowledge/clients, knowledge/aliases.toml).
    pub UnknownKey {
        id: "schema/unknown-key",
        summary: "a key Kafka does not know for this role; Kafka ignores it",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: Sometimes,
        source: "AbstractConfig.logUnused; Kafka configuration docs",
    }
}

/// First segments of keys that only Kafka uses: an unknown key under one of them is Kafka's
/// (misspelled, removed, or of another client), not an application's.
const KAFKA_NAMESPACES: &[&str] = &[
    "acks",
    "admin",
    "advertised",
    "bootstrap",
    "broker",
    "client",
    "compression",
    "confluent",
    "connections",
    "consumer",
    "controller",
    "delivery",
    "fetch",
    "global",
    "group",
    "heartbeat",
    "inter",
    "isolation",
    "kafka",
    "key",
    "linger",
    "listener",
    "listeners",
    "log",
    "main",
    "metadata",
    "metric",
    "metrics",
    "offsets",
    "partitioner",
    "process",
    "producer",
    "queued",
    "quorum",
    "quota",
    "remote",
    "replica",
    "replication",
    "restore",
    "sasl",
    "security",
    "session",
    "share",
    "socket",
    "ssl",
    "transaction",
    "transactional",
    "unclean",
    "value",
    "zookeeper",
];

/// Whether an unknown key looks like Kafka's: its first segment is one only Kafka uses, or its
/// first two segments begin a key of the role (`max.poll.*`).
pub(crate) fn in_kafka_namespace(role: crate::model::Role, key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let mut parts = lower.split('.');
    let first = parts.next().unwrap_or("");
    if KAFKA_NAMESPACES.contains(&first) {
        return true;
    }
    let Some(second) = parts.next() else { return false };
    let prefix = format!("{first}.{second}.");
    let names = crate::rules::schema::keys::role_key_names(role);
    let at = names.partition_point(|n| n.as_str() < prefix.as_str());
    names.get(at).is_some_and(|n| n.starts_with(&prefix)) || names.iter().any(|n| *n == format!("{first}.{second}"))
}

/// Unknown keys reported one by one per file; the rest are counted in one summary.
const MAX_REPORTS: usize = 100;

fn rename(cx: &FileCtx<'_>, entry: &crate::properties::Entry, to: &str) -> Edit {
    cx.rename_key(entry, to)
}

impl Rule for UnknownKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(role) = cx.role() else { return };
        let release = cx.release();
        let lib = declared_librdkafka(cx.file);
        // In file order, and at most MAX_REPORTS of them: a file of thousands of unknown keys
        // (a dump, a generated file) gets one summary instead of thousands of findings.
        let start = out.diagnostics.len();
        let mut more = 0usize;
        for &(key, i, class) in cx.keys() {
            if out.diagnostics.len() - start >= MAX_REPORTS {
                let known = lib.is_some_and(|(l, _)| l.get(key).is_some())
                    || (lib.is_none() && !matches!(class, Class::Unknown | Class::Alias(_) | Class::Librdkafka));
                if !known {
                    more += 1;
                }
                continue;
            }
            let e = &cx.file.doc.entries[i];
            if key.is_empty() || crate::model::scala_client_key(role, key, release) {
                continue;
            }
            // A file declared for librdkafka is read against librdkafka's own properties.
            if let Some((lib, _)) = lib {
                if lib.get(key).is_some() || crate::rules::schema::keys::allowed_by_config(cx.file, key) {
                    continue;
                }
                let names: Vec<&str> = lib.props.iter().map(|p| p.name).collect();
                let near =
                    names.iter().filter(|n| strsim::damerau_levenshtein(key, n) <= 2).min_by_key(|n| strsim::damerau_levenshtein(key, n));
                let b = out
                    .report(
                        &META,
                        cx.id,
                        e.key_span,
                        format!("`{key}` is not a librdkafka property: librdkafka rejects it (`No such configuration property`)"),
                    )
                    .key(key)
                    .severity(crate::diagnostic::Severity::Error);
                match near {
                    Some(n) => {
                        b.help(format!("did you mean `{n}`?")).fix(Fix::unsafe_(format!("Rename to `{n}`"), vec![rename(cx, e, n)]));
                    }
                    None => {
                        b.help("see librdkafka's CONFIGURATION.md for the properties it takes");
                    }
                }
                continue;
            }
            match class {
                Class::Alias(a) => {
                    let java_known = a.java.and_then(|j| crate::model::lookup(role, j, release)).is_some();
                    let what = match a.from {
                        "librdkafka" => "librdkafka's name",
                        "spring" => "a Spring Boot name",
                        _ => "an old name",
                    };
                    match (a.java, java_known) {
                        (Some(j), true) => {
                            let b = out
                                .report(&META, cx.id, e.key_span, format!("`{key}` is {what} for `{j}`: the Java {role} ignores `{key}`"))
                                .key(key)
                                .help(a.note.map_or_else(|| format!("use `{j}`"), |n| format!("use `{j}` ({n})")));
                            let fix = if a.same_value {
                                Fix::safe(format!("Rename to `{j}`"), vec![rename(cx, e, j)])
                            } else {
                                Fix::display_only(format!("Rename to `{j}` and convert the value"), vec![rename(cx, e, j)])
                            };
                            b.fix(fix);
                        }
                        _ => {
                            out.report(
                                &META,
                                cx.id,
                                e.key_span,
                                format!("`{key}` is a librdkafka property: the Java {role} has no such setting and ignores it"),
                            )
                            .key(key)
                            .help(a.note.map_or_else(
                                || "remove it, or declare the file's client (`[[files]] client = \"librdkafka@…\"`)".to_string(),
                                str::to_string,
                            ));
                        }
                    }
                }
                Class::Librdkafka => {
                    out.report(&META, cx.id, e.key_span, format!("`{key}` is a librdkafka property: the Java {role} has no such setting and ignores it"))
                        .key(key)
                        .help("if this file configures a librdkafka-based client, declare it: `[[files]] client = \"librdkafka@2.x\"` in kafkalint.toml");
                }
                Class::Unknown => {
                    let suggestion = suggest(role, key, release);
                    // Kafka refuses a topic configuration with a name it does not know.
                    let refused = crate::rules::schema::keys::topic_refuses(cx.file);
                    // A key with no close match outside Kafka's namespaces is the application's
                    // own setting in a file it loads whole: information by default.
                    if !refused && suggestion.is_none() && !in_kafka_namespace(role, key) {
                        let severity = match cx.file.unknown_keys {
                            Some(crate::config::Level::Off) => continue,
                            Some(crate::config::Level::On(s)) => s,
                            None => crate::diagnostic::Severity::Info,
                        };
                        out.report(
                            &META,
                            cx.id,
                            e.key_span,
                            format!("`{key}` is not a Kafka key (no close match, outside Kafka's namespaces): the {role} ignores it, an application may read it"),
                        )
                        .key(key)
                        .severity(severity)
                        .help("list it under `[keys] allow` in kafkalint.toml, or set `[keys] unknown = \"off\"` (or \"warning\")");
                        continue;
                    }
                    let message = match (&suggestion, refused) {
                        (Some((s, true)), false) => {
                            format!("`{key}` is a relaxed (Spring-style) spelling of `{s}`: Kafka matches keys exactly and ignores it")
                        }
                        (Some((s, true)), true) => format!(
                            "`{key}` is a relaxed (Spring-style) spelling of `{s}`: Kafka matches names exactly; {}",
                            crate::rules::schema::keys::topic_refusal(key)
                        ),
                        (_, true) => format!(
                            "`{key}` is not a topic configuration name in any Kafka version kafkalint knows: {}",
                            crate::rules::schema::keys::topic_refusal(key)
                        ),
                        _ => format!("`{key}` is not a {role} configuration key in any Kafka version kafkalint knows: Kafka ignores it"),
                    };
                    // Confluent Server defines its own topic settings (`confluent.*`), which
                    // Apache Kafka refuses: which one validates the topic is not in the file.
                    let vendor = refused && key.starts_with("confluent.");
                    let message = if vendor {
                        format!("`{key}` is a Confluent Server topic setting: Apache Kafka refuses it (`InvalidConfigurationException: Unknown topic config name: {key}`); Confluent Server accepts it")
                    } else {
                        message
                    };
                    let mut b = out.report(&META, cx.id, e.key_span, message).key(key);
                    if refused && !vendor {
                        b = b.severity(crate::diagnostic::Severity::Error);
                    }
                    match suggestion {
                        Some((s, true)) => {
                            b.help(format!("Kafka spells it `{s}`")).fix(Fix::safe(format!("Rename to `{s}`"), vec![rename(cx, e, &s)]));
                        }
                        Some((s, false)) => {
                            b.help(format!("did you mean `{s}`?")).fix(Fix::unsafe_(format!("Rename to `{s}`"), vec![rename(cx, e, &s)]));
                        }
                        None => {
                            b.help("remove it, or list it under `[keys] allow` in kafkalint.toml if a plugin reads it");
                        }
                    }
                }
                Class::Known(_) | Class::Accepted | Class::OtherRole(..) | Class::TopicInBroker(_) => {}
            }
        }
        if more > 0 {
            let last = cx.file.doc.entries.last().map_or(crate::source::Span::empty(0), |e| e.key_span);
            out.report(
                &META,
                cx.id,
                last,
                format!("{more} more keys that Kafka does not know are not listed (the first {MAX_REPORTS} are)"),
            )
            .help("is this a Kafka configuration file? Set its role, or list plugin keys under `[keys] allow` in kafkalint.toml");
        }
    }
}
