//! Consumer files.
pub mod auto_commit_interval_without_auto_commit;
pub mod auto_offset_reset_none;
pub mod classic_setting_with_consumer_protocol;
pub mod group_settings_without_group_id;
pub mod heartbeat_vs_session_timeout;
pub mod invalid_deserializer_class;
pub mod max_poll_records_vs_poll_interval;
pub mod read_committed_vs_broker_version;
pub mod remote_assignor_with_classic_protocol;
pub mod request_timeout_vs_fetch_max_wait;
pub mod request_timeout_vs_session_timeout;
pub mod session_timeout_vs_broker_bounds;

use crate::model::is_placeholder;
use crate::rules::FileCtx;
use crate::version::Release;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &auto_commit_interval_without_auto_commit::AutoCommitIntervalWithoutAutoCommit,
    &auto_offset_reset_none::AutoOffsetResetNone,
    &classic_setting_with_consumer_protocol::ClassicSettingWithConsumerProtocol,
    &group_settings_without_group_id::GroupSettingsWithoutGroupId,
    &heartbeat_vs_session_timeout::HeartbeatVsSessionTimeout,
    &invalid_deserializer_class::InvalidDeserializerClass,
    &max_poll_records_vs_poll_interval::MaxPollRecordsVsPollInterval,
    &read_committed_vs_broker_version::ReadCommittedVsBrokerVersion,
    &remote_assignor_with_classic_protocol::RemoteAssignorWithClassicProtocol,
    &request_timeout_vs_fetch_max_wait::RequestTimeoutVsFetchMaxWait,
    &request_timeout_vs_session_timeout::RequestTimeoutVsSessionTimeout,
    &session_timeout_vs_broker_bounds::SessionTimeoutVsBrokerBounds,
];

/// Whether the consumer uses the KIP-848 protocol (`group.protocol=consumer`), where the group
/// coordinator, not the client, owns session timeout and heartbeat interval.
pub(crate) fn uses_consumer_protocol(cx: &FileCtx<'_>) -> bool {
    cx.get("group.protocol").is_some_and(|v| v.text.eq_ignore_ascii_case("consumer"))
}

/// A fact of `knowledge/facts/consumer.toml` (`"null_group_id.since"`). A missing fact is a bug
/// in the knowledge base (the rule tests read every fact).
pub(crate) fn fact(path: &str) -> &'static str {
    crate::knowledge::fact_in("consumer", path).unwrap_or_else(|| panic!("knowledge/facts/consumer.toml lacks `consumer.{path}`"))
}

/// A list fact (comma-separated in the flattened knowledge base).
pub(crate) fn fact_list(path: &str) -> Vec<&'static str> {
    fact(path).split(',').map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// Whether `release` is at or after the version a fact names.
pub(crate) fn since(release: Release, path: &str) -> bool {
    release.at_least(fact(path))
}

/// Whether `release` is at or before the last release line a fact names.
pub(crate) fn until(release: Release, path: &str) -> bool {
    let last = Release::named(fact(path)).unwrap_or_else(|| panic!("consumer.{path} is not a release line"));
    release <= last
}

/// Whether `group.id` is missing: not set (null from 2.2, `""` before) or set to blank.
pub(crate) fn group_id_missing(cx: &FileCtx<'_>) -> bool {
    match cx.explicit("group.id") {
        Some(e) => e.value.trim().is_empty(),
        // A platform that supplies the group at run time (a Spring `@KafkaListener`'s groupId).
        None => cx.file.platform_default("group.id").is_none(),
    }
}

/// A key of the file that only a producer reads (`key.serializer`, `acks`): the file is shared by
/// an application's clients, which complete it in code (a `group.id` may well come from there).
pub(crate) fn producer_key_in(cx: &FileCtx<'_>) -> Option<&'static str> {
    use crate::model::{lookup, Role};
    let release = cx.release();
    cx.file.doc.entries.iter().find_map(|e| {
        let producer = lookup(Role::Producer, &e.key, release).is_some_and(|i| i.prefix.is_empty() && i.kind == "producer");
        let consumer = lookup(Role::Consumer, &e.key, release).is_some_and(|i| i.kind == "consumer");
        (producer && !consumer).then(|| lookup(Role::Producer, &e.key, release).map(|i| i.def.name)).flatten()
    })
}

/// `, the default in Kafka 3.9` for a value left at its default, else nothing.
pub(crate) fn default_note(v: &crate::model::Value<'_>, release: Release) -> String {
    if v.is_explicit() {
        String::new()
    } else {
        format!(", the default in Kafka {release}")
    }
}

/// Serializer or deserializer: what a `*.serializer` / `*.deserializer` key must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SerdeKind {
    Serializer,
    Deserializer,
}

impl SerdeKind {
    fn as_str(self) -> &'static str {
        match self {
            SerdeKind::Serializer => "serializer",
            SerdeKind::Deserializer => "deserializer",
        }
    }
    fn interface(self) -> &'static str {
        match self {
            SerdeKind::Serializer => "Serializer",
            SerdeKind::Deserializer => "Deserializer",
        }
    }
    fn client(self) -> &'static str {
        match self {
            SerdeKind::Serializer => "producer",
            SerdeKind::Deserializer => "consumer",
        }
    }
}

/// A serde class of kafka-clients (`knowledge/facts/consumer.toml`, `[serde.classes.*]`).
#[derive(Debug, Clone)]
pub(crate) struct SerdeClass {
    pub name: &'static str,
    pub kind: SerdeKind,
    pub since: &'static str,
}

/// Every serde class of the knowledge base (read from the facts once: every serializer and
/// deserializer entry of a run asks for them).
pub(crate) fn serde_classes() -> &'static [SerdeClass] {
    static CLASSES: std::sync::LazyLock<Vec<SerdeClass>> = std::sync::LazyLock::new(read_serde_classes);
    &CLASSES
}

fn read_serde_classes() -> Vec<SerdeClass> {
    let mut out: Vec<SerdeClass> = Vec::new();
    for (rest, value) in crate::knowledge::facts_under("consumer.serde.classes") {
        let Some((name, field)) = rest.split_once('.') else { continue };
        let i = match out.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                out.push(SerdeClass { name, kind: SerdeKind::Serializer, since: "0.10.0" });
                out.len() - 1
            }
        };
        match field {
            "kind" => out[i].kind = if value == "deserializer" { SerdeKind::Deserializer } else { SerdeKind::Serializer },
            "since" => out[i].since = value,
            _ => {}
        }
    }
    out
}

/// What is wrong with a serde class name, and the class meant when it is clear.
pub(crate) struct SerdeFinding {
    pub message: String,
    pub help: String,
    /// The fully qualified class to use instead.
    pub suggestion: Option<String>,
}

/// Checks the value of a `key.deserializer`-style key against Kafka's own serde classes: a
/// misspelled or misplaced `org.apache.kafka` class, a serializer where a deserializer belongs
/// (or the reverse), a `Serdes` nested class, a class newer than the target version. Classes
/// outside Kafka's packages, and Kafka classes of other packages (Streams, Connect), are not
/// judged.
pub(crate) fn check_serde_class(value: &str, want: SerdeKind, release: Release) -> Option<SerdeFinding> {
    let v = value.trim();
    if v.is_empty() || is_placeholder(v) || !v.starts_with("org.apache.kafka.") {
        return None;
    }
    let package = fact("serde.package");
    let classes = serde_classes();
    let client = want.client();
    let available = |c: &SerdeClass| release.at_least(c.since);
    let fqn = |name: &str| format!("{package}.{name}");
    let find = |name: &str| classes.iter().find(|c| c.name == name);
    // The class meant when `Foo` names a kind (StringSerializer → StringDeserializer for a deserializer).
    let counterpart = |c: &SerdeClass| -> Option<String> {
        let base = c.name.strip_suffix(c.kind.interface())?;
        find(&format!("{base}{}", want.interface())).filter(|c| available(c)).map(|m| fqn(m.name))
    };

    let (v, dot_class) = match v.strip_suffix(".class") {
        Some(stripped) => (stripped, true),
        None => (v, false),
    };
    let (pkg, simple) = v.rsplit_once('.')?;
    let in_package = pkg == package;
    let near_package = !in_package && strsim::damerau_levenshtein(pkg, package) <= 3;

    // `Serdes$StringSerde` / `Serdes.StringSerde`: a Serde is not a (de)serializer.
    let serde_nested = simple.strip_prefix("Serdes$").or(if pkg.ends_with(".Serdes") { Some(simple) } else { None });
    if let Some(nested) = serde_nested {
        let outer_ok = in_package || pkg.strip_suffix(".Serdes").is_some_and(|p| p == package);
        if outer_ok || near_package {
            let base = nested.strip_suffix("Serde").unwrap_or(nested);
            let meant = find(&format!("{base}{}", want.interface())).filter(|c| available(c)).map(|c| fqn(c.name));
            return Some(SerdeFinding {
                message: format!("`{value}` is a Serde, not a {}: the {client} refuses to start", want.interface(), value = value.trim()),
                help: match &meant {
                    Some(m) => format!("use the {} `{m}`", want.as_str()),
                    None => format!("use a class that implements `{package}.{}`", want.interface()),
                },
                suggestion: meant,
            });
        }
        return None;
    }

    if let Some(c) = find(simple) {
        // An exact simple name in another org.apache.kafka package is a misplaced class.
        let misplaced = !in_package;
        if c.kind != want {
            let meant = counterpart(c);
            return Some(SerdeFinding {
                message: format!("`{}` is a {}, not a {}: the {client} refuses to start", value.trim(), c.kind.as_str(), want.as_str()),
                help: match &meant {
                    Some(m) => format!("use the {} `{m}`", want.as_str()),
                    None => format!("use a class that implements `{package}.{}`", want.interface()),
                },
                suggestion: meant,
            });
        }
        if misplaced || dot_class {
            let meant = available(c).then(|| fqn(c.name));
            let why = if dot_class { "Kafka reads a class name, not a `.class` literal" } else { "the class is not in that package" };
            return Some(SerdeFinding {
                message: format!("`{}` cannot be loaded ({why}): the {client} refuses to start", value.trim()),
                help: match &meant {
                    Some(m) => format!("use `{m}`"),
                    None => format!("`{}` is in Kafka {} and later", c.name, c.since),
                },
                suggestion: meant,
            });
        }
        if !available(c) {
            return Some(SerdeFinding {
                message: format!(
                    "`{}` is not in Kafka {release} (it was added in {}): the {client} refuses to start",
                    value.trim(),
                    c.since
                ),
                help: format!("use another {}, or Kafka {} or later", want.as_str(), c.since),
                suggestion: None,
            });
        }
        return None;
    }

    if !(in_package || near_package) {
        return None;
    }
    // Unknown class in (or near) the serialization package: suggest the nearest one.
    let lower = simple.to_ascii_lowercase();
    let mut best: Option<(usize, &SerdeClass)> = None;
    let mut tie = false;
    for c in classes.iter().filter(|c| c.kind == want && available(c)) {
        let d = strsim::damerau_levenshtein(&lower, &c.name.to_ascii_lowercase());
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tie = true,
            _ => {
                best = Some((d, c));
                tie = false;
            }
        }
    }
    let meant = best.filter(|(d, _)| !tie && *d <= 2).map(|(_, c)| fqn(c.name));
    Some(SerdeFinding {
        message: format!("`{}` is not a class of Kafka {release}: the {client} refuses to start", value.trim()),
        help: match &meant {
            Some(m) => format!("did you mean `{m}`?"),
            None => format!("use a {} class from `{package}` or your own", want.as_str()),
        },
        suggestion: meant,
    })
}

/// Reports a serde finding on a `*.serializer` / `*.deserializer` entry (shared by
/// `consumer/invalid-deserializer-class` and `producer/invalid-serializer-class`).
pub(crate) fn report_serde(
    meta: &'static crate::rules::RuleMeta,
    cx: &FileCtx<'_>,
    key: &str,
    kind: SerdeKind,
    out: &mut crate::rules::Sink,
) {
    let Some(entry) = cx.explicit(key) else { return };
    let Some(f) = check_serde_class(&entry.value, kind, cx.release()) else { return };
    let b = out.report(meta, cx.id, entry.value_span, f.message).key(key).help(f.help);
    if let Some(s) = f.suggestion {
        b.fix(crate::diagnostic::Fix::safe(format!("Set `{key}={s}`"), vec![cx.replace_value(entry, &s)]));
    }
}
