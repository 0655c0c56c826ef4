//! Input formats: each front-end turns one physical file into one or more logical
//! configurations ("units") whose entries carry Kafka keys, the values Kafka will see, and the
//! byte spans of what is written in the original file. The engine lints units exactly as it lints
//! `.properties` files; rules never know which format a setting came from.
//!
//! - `.properties` files are read by [`crate::properties`] directly (one unit: the file).
//! - [`compose`]: docker-compose services running Kafka images (their `KAFKA_*` environment).
//! - [`spring`]: Spring Boot `application*.properties|yml` (`spring.kafka.*`).
//! - [`strimzi`]: Strimzi `Kafka`, `KafkaNodePool` and `KafkaTopic` resources.
//!
//! Edits (fixes) are written back in each format's own syntax ([`ValueSyntax`], [`Inserter`]).

pub mod compose;
pub mod go;
pub mod spring;
pub mod strimzi;
pub mod yaml;

use crate::model::Role;
use crate::properties::{Comment, Entry};
use crate::source::Span;
use crate::version::Release;
use serde::Serialize;
use std::path::Path;
use yaml::Style;

/// The format of a physical file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Properties,
    Compose,
    Spring,
    Strimzi,
    /// Go code using a Kafka client library (sarama, goka, franz-go, confluent-kafka-go), and go.mod.
    Go,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Properties => "properties",
            Format::Compose => "compose",
            Format::Spring => "spring",
            Format::Strimzi => "strimzi",
            Format::Go => "go",
        }
    }
    /// Whether the file is YAML (comments are `#`, values are scalars).
    pub fn is_yaml_like(self) -> bool {
        !matches!(self, Format::Properties | Format::Go)
    }
}

/// How a value is written, so that an edit keeps its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueSyntax {
    /// A `.properties` value (escaped as `Properties.store` would).
    Properties,
    /// A YAML scalar holding just the value (`KAFKA_X: "1"`, `acks: all`): `scalar` is the whole
    /// scalar, quotes included.
    Yaml { style: Style, scalar: Span },
    /// A compose `environment` list item `KEY=value`: `scalar` is the whole item scalar, quotes
    /// included; `key` is the text before `=`.
    EnvItem { style: Style, scalar: Span, key: String },
    /// A Go expression (`10 * time.Second`, `sarama.WaitForAll`): `expr` is its span; a Java value
    /// is written back in Go by `render`.
    Go { expr: Span, render: go::GoRender },
    /// Not to be edited: reached through a YAML alias, a block scalar, an interpolated value.
    Fixed,
}

/// Where and how a new setting is written into a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inserter {
    /// Byte offset where the new line goes (the start of a line, or the end of the text).
    pub at: usize,
    /// Text before the name on the new line (indentation, `- ` for list items).
    pub line_prefix: String,
    /// Between the name and the value (`=` for `KEY=value` list items, `: ` for maps).
    pub separator: String,
    /// How a Kafka key is named in this unit.
    pub naming: Naming,
    /// Whether the new line must start with a line break (the text does not end in one at `at`).
    pub lead_newline: bool,
    pub newline: &'static str,
}

/// How a Kafka key becomes a name in a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Naming {
    /// The key as it is (Strimzi `config`, Spring `properties.*` maps), with a prefix.
    Key { prefix: String },
    /// An environment variable of an image that converts `PREFIX_A_B__C___D` to `a.b_c-d`
    /// (Confluent's and Apache's images).
    EnvDub { prefix: String },
    /// An environment variable of an image that converts `PREFIX_A_B` to `a.b` and cannot write
    /// `_` (Bitnami's `KAFKA_CFG_`).
    EnvDotsOnly { prefix: String },
    /// A field of a Go client configuration variable (`config.Consumer.Return.Errors`): the Java
    /// key's sarama field, assigned in Go.
    GoField { var: String, sarama: String, time: String },
}

impl Naming {
    /// The name for a Kafka key; `None` when the key cannot be written this way.
    pub fn name(&self, key: &str) -> Option<String> {
        match self {
            Naming::Key { prefix } => Some(format!("{prefix}{key}")),
            Naming::EnvDub { prefix } => {
                let mut out = prefix.clone();
                for c in key.chars() {
                    match c {
                        '.' => out.push('_'),
                        '_' => out.push_str("__"),
                        '-' => out.push_str("___"),
                        c => out.extend(c.to_uppercase()),
                    }
                }
                Some(out)
            }
            Naming::EnvDotsOnly { prefix } => {
                if key.contains('_') || key.contains('-') {
                    return None;
                }
                Some(format!("{prefix}{}", key.replace('.', "_").to_uppercase()))
            }
            Naming::GoField { var, .. } => go::field_for_java_key(key).map(|f| format!("{var}.{f}")),
        }
    }
}

impl Naming {
    /// The Kafka key a (partly typed) name stands for, for completion: `KAFKA_NUM_PART` → `num.part`.
    pub fn key_of(&self, name: &str) -> String {
        match self {
            Naming::Key { prefix } => name.strip_prefix(prefix.as_str()).unwrap_or(name).to_string(),
            Naming::EnvDub { prefix } | Naming::EnvDotsOnly { prefix } => {
                let upper = name.to_ascii_uppercase();
                let rest = if upper.starts_with(prefix.as_str()) {
                    &name[prefix.len()..]
                } else if prefix.starts_with(upper.as_str()) {
                    ""
                } else {
                    name
                };
                rest.to_ascii_lowercase().replace("___", "-").replace("__", "\u{0}").replace('_', ".").replace('\u{0}', "_")
            }
            Naming::GoField { var, .. } => {
                let field = name.strip_prefix(var.as_str()).and_then(|r| r.strip_prefix('.')).unwrap_or(name);
                go::java_key(field).unwrap_or(field).to_string()
            }
        }
    }
}

impl Inserter {
    /// The text to insert for `key=value`, or `None` when the unit cannot name the key.
    pub fn render(&self, key: &str, value: &str) -> Option<String> {
        let name = self.naming.name(key)?;
        if let Naming::GoField { sarama, time, .. } = &self.naming {
            let v = go::render_java_value(key, value, sarama, time)?;
            return Some(format!("{}{name} = {v}{}", self.line_prefix, self.newline));
        }
        let item = if self.separator == "=" {
            // A list item `KEY=value`: quote when YAML would not read it as one plain string.
            let raw = format!("{name}={value}");
            if plain_safe(&raw) {
                raw
            } else {
                double_quoted(&raw)
            }
        } else {
            let v = if plain_safe(value) && !looks_typed(value) { value.to_string() } else { double_quoted(value) };
            format!("{name}{}{v}", self.separator)
        };
        let lead = if self.lead_newline { self.newline } else { "" };
        Some(format!("{lead}{}{item}{}", self.line_prefix, if self.lead_newline { "" } else { self.newline }))
    }
}

/// Whether a string can be written as a YAML plain scalar and read back as the same string.
pub fn plain_safe(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.contains(['\n', '\r', '\t'])
        && !s.chars().any(|c| c.is_control())
}

/// A plain scalar YAML would read as something other than a string (a number, a boolean, null):
/// compose turns those into strings anyway, but a map value in Strimzi or Spring would change type.
fn looks_typed(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~") || s.parse::<f64>().is_ok()
}

pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The replacement for a value written with `syntax`: (span to replace, text). `None` when the
/// value must not be edited.
pub fn replace_value(syntax: &ValueSyntax, value_span: Span, new: &str) -> Option<(Span, String)> {
    match syntax {
        ValueSyntax::Properties => Some((value_span, crate::properties::escape_value(new))),
        ValueSyntax::Fixed => None,
        ValueSyntax::Go { expr, render } => render.render(new).map(|t| (*expr, t)),
        ValueSyntax::Yaml { style, scalar } => match style {
            Style::Plain if plain_safe(new) => Some((*scalar, new.to_string())),
            Style::Plain | Style::DoubleQuoted => Some((*scalar, double_quoted(new))),
            Style::SingleQuoted if !new.contains(['\n', '\r']) => Some((*scalar, format!("'{}'", new.replace('\'', "''")))),
            Style::SingleQuoted => Some((*scalar, double_quoted(new))),
            Style::Literal | Style::Folded => None,
        },
        ValueSyntax::EnvItem { style, scalar, key } => {
            let item = format!("{key}={new}");
            match style {
                Style::Plain if plain_safe(&item) => Some((*scalar, item)),
                Style::Plain | Style::DoubleQuoted => Some((*scalar, double_quoted(&item))),
                Style::SingleQuoted if !item.contains(['\n', '\r']) => Some((*scalar, format!("'{}'", item.replace('\'', "''")))),
                Style::SingleQuoted => Some((*scalar, double_quoted(&item))),
                Style::Literal | Style::Folded => None,
            }
        }
    }
}

/// One setting of a unit.
#[derive(Debug, Clone)]
pub struct UnitEntry {
    /// The Kafka key (`offsets.topic.replication.factor`).
    pub key: String,
    /// The name as written (`KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR`, `spring.kafka.consumer.group-id`).
    pub written: String,
    /// The value as Kafka will see it (after YAML unquoting, `.env` interpolation, Spring's units).
    pub value: String,
    /// The name's text in the file.
    pub key_span: Span,
    /// The value's text in the file (inside quotes).
    pub value_span: Span,
    /// The whole item (what deleting the setting removes; extended to whole lines).
    pub span: Span,
    pub syntax: ValueSyntax,
}

/// A name a unit sets that maps to no Kafka key (an image variable the image does not read, a
/// `spring.kafka.*` name Spring Boot does not bind, a key Strimzi forbids): format rules report
/// these.
#[derive(Debug, Clone)]
pub struct Unmapped {
    pub written: String,
    pub span: Span,
    pub value_span: Span,
    /// Why (for the message), and a suggestion when one is known.
    pub reason: String,
    pub suggestion: Option<String>,
    /// A short category the format's rules match on (`unknown-variable`, `foreign-variable`,
    /// `refused-variable`, `unbound-property`, `forbidden-config`, …).
    pub kind: &'static str,
}

/// A value the platform (image, Spring Boot, Strimzi) sets when the file does not.
#[derive(Debug, Clone)]
pub struct PlatformDefault {
    pub key: String,
    pub value: String,
    /// Where it comes from, for messages (`the confluentinc/cp-kafka image`).
    pub origin: String,
}

/// Where a unit's Kafka version comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionSource {
    ImageTag,
    Resource,
    Config,
    CommandLine,
    /// The version of the brokers the same file defines (a client service of a compose file).
    Cluster,
    Assumed,
}

impl VersionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            VersionSource::ImageTag => "image-tag",
            VersionSource::Resource => "resource",
            VersionSource::Config => "config",
            VersionSource::CommandLine => "command-line",
            VersionSource::Cluster => "cluster",
            VersionSource::Assumed => "assumed",
        }
    }
}

/// A published port of a compose service (`"9092:9092"`, `127.0.0.1:29092:29092`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedPort {
    pub host_ip: Option<String>,
    pub host_port: Option<u16>,
    pub container_port: u16,
    pub span: Span,
}

/// What a unit is, beyond its entries.
#[derive(Debug, Clone, Default)]
pub struct UnitMeta {
    /// The service, resource or Spring section (`kafka-1`, `my-cluster`, `spring.kafka.consumer`).
    pub name: String,
    /// Where the unit is defined (its name's span), for findings about the unit as a whole.
    pub anchor: Span,
    /// The image (`confluentinc/cp-kafka:7.6.0`) for compose services.
    pub image: Option<String>,
    /// The Kafka version the file says, and where that comes from.
    pub release: Option<Release>,
    pub version_source: Option<VersionSource>,
    /// A note on the version (`latest moves; it resolves to 4.1 today`).
    pub version_note: Option<String>,
    /// Parallel to the unit's entries: how each value is written.
    pub syntax: Vec<ValueSyntax>,
    pub insert: Option<Inserter>,
    pub defaults: Vec<PlatformDefault>,
    pub unmapped: Vec<Unmapped>,
    /// Compose: the service name other containers reach it by, its published ports, networks.
    pub hostnames: Vec<String>,
    pub ports: Vec<PublishedPort>,
    pub networks: Vec<String>,
    /// Compose: `network_mode: host` (the container shares the host's network).
    pub host_network: bool,
    /// The index of the physical file's unit (0-based) and how many the file has.
    pub index: usize,
    /// Facts a front-end knows about the cluster this unit belongs to (Strimzi replicas, compose
    /// broker services): the broker count and the cluster's name.
    pub cluster: Option<String>,
    pub broker_count: Option<usize>,
    /// Every setting of the physical file, named as written (`spring.kafka.jaas.options.password`):
    /// a unit's text is the whole file, so redaction hides the secrets of all of them, also
    /// those that are not this unit's entries.
    pub file_settings: Vec<Entry>,
    /// Strimzi `KafkaTopic`: `spec.replicas` and `spec.partitions`, with the value's span.
    pub topic_replicas: Option<(i64, Span)>,
    pub topic_partitions: Option<(i64, Span)>,
    /// The index (in its file) of a unit whose entries this unit repeats: a Strimzi controller
    /// pool's unit holds its Kafka resource's `spec.kafka.config`, and a finding on one of those
    /// entries that the Kafka resource's unit also has is reported once, there ([`drop_repeated`]).
    pub shares_entries_with: Option<usize>,
    /// A Spring profile's file (`application-prod.yml`): the default application file(s) it
    /// applies over, whose settings are this unit's platform defaults
    /// (`crate::rules::spring::keep_over_default` keeps their findings in their own file).
    pub over_file: Option<String>,
    /// Anything else worth saying in `--verbose` and `effective` (the mapping is a guess, …).
    pub notes: Vec<String>,
    /// Compose: the kind of image (`confluent`, `apache`, `bitnami`, `wurstmeister`, `client`,
    /// `guess`), the image reference's span, the environment variable names the service sets
    /// (values from the host included), and `network_mode` as written.
    pub image_kind: Option<&'static str>,
    pub image_span: Option<Span>,
    pub env_names: Vec<String>,
    pub network_mode: Option<String>,
    /// Compose: the service runs a script of its own before the image's start script (`command:
    /// bash -c '/tmp/update_run.sh && /etc/confluent/docker/run'`), which may change its
    /// environment and the image's checks.
    pub wrapped: bool,
    /// The client library the unit is written for (`sarama@1.43.0`, `franz-go@1.18.0`): a Go
    /// client's library at its go.mod version.
    pub client: Option<String>,
    /// A Go client configuration: the library's own fields, calls and channel readers.
    pub go: Option<std::sync::Arc<go::GoFacts>>,
}

/// A unit that repeats another unit's entries ([`UnitMeta::shares_entries_with`]: a Strimzi
/// controller pool holds its Kafka resource's `spec.kafka.config`; a Spring profile's unit holds
/// the default document's settings): a finding the other unit has too (same rule, same place,
/// same key) is dropped from the repeating unit, so each finding on a shared entry is reported
/// once. `by_file[i]` holds the findings of `files[i]`.
pub fn drop_repeated(files: &[crate::model::LintFile], by_file: &mut [Vec<crate::diagnostic::Diagnostic>]) {
    for id in 0..files.len().min(by_file.len()) {
        let Some(u) = files[id].unit.as_ref() else { continue };
        let Some(j) = u.shares_entries_with.filter(|&j| j < u.index) else { continue };
        // The units of one input are consecutive, in the order the front-end read them.
        let Some(other) = id.checked_sub(u.index - j) else { continue };
        if files[other].input != files[id].input || files[other].unit.as_ref().is_none_or(|o| o.index != j) {
            continue;
        }
        let theirs: std::collections::HashSet<(&'static str, crate::source::Span, Option<String>)> =
            by_file[other].iter().map(|d| (d.rule.id, d.primary.span, d.key.clone())).collect();
        by_file[id].retain(|d| !theirs.contains(&(d.rule.id, d.primary.span, d.key.clone())));
    }
}

/// A unit as a front-end produces it.
#[derive(Debug, Clone)]
pub struct Unit {
    pub role: Option<Role>,
    pub entries: Vec<UnitEntry>,
    pub meta: UnitMeta,
}

impl Unit {
    /// The entries as the engine's document entries, and the syntax of each.
    pub fn into_parts(self) -> (Option<Role>, Vec<Entry>, UnitMeta) {
        let mut meta = self.meta;
        meta.syntax = self.entries.iter().map(|e| e.syntax.clone()).collect();
        let entries = self
            .entries
            .into_iter()
            .map(|e| Entry {
                key: e.key,
                key_span: e.key_span,
                value: e.value,
                value_span: e.value_span,
                span: e.span,
                pieces: vec![e.value_span],
                written: Some(e.written),
            })
            .collect();
        (self.role, entries, meta)
    }
}

/// What a front-end made of a file.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub units: Vec<Unit>,
    /// The file's comments (for suppressions).
    pub comments: Vec<Comment>,
    /// A problem with the whole file (a YAML syntax error): (offset, message).
    pub error: Option<(usize, String)>,
}

/// Decides a file's format from its name and text. `None`: not a format kafkalint reads.
pub fn detect(path: &Path, text: &str) -> Option<Format> {
    detect_parsed(path, text).0
}

/// [`detect`], with the `.properties` document it had to parse to tell a Spring Boot file from a
/// Kafka one: the engine reads a properties file from it instead of parsing the text again.
pub fn detect_parsed(path: &Path, text: &str) -> (Option<Format>, Option<crate::properties::Document>) {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if name.rsplit_once('.').is_some_and(|(_, e)| e == "properties") {
        if !spring::may_be_spring(text) {
            return (Some(Format::Properties), None);
        }
        let doc = crate::properties::parse(text);
        if spring::is_spring_document(&doc) {
            return (Some(Format::Spring), None);
        }
        return (Some(Format::Properties), Some(doc));
    }
    (detect_by_name_and_text(path, text), None)
}

fn detect_by_name_and_text(path: &Path, text: &str) -> Option<Format> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let yaml = matches!(ext, "yml" | "yaml");
    if ext == "go" || name == "go.mod" {
        return Some(Format::Go);
    }
    if ext == "properties" {
        if spring::is_spring_properties(&name, text) {
            return Some(Format::Spring);
        }
        return Some(Format::Properties);
    }
    if !yaml {
        // Standard input and files without an extension are read as properties unless their text
        // is plainly YAML of a kind kafkalint reads.
        if ext.is_empty() || name == "<stdin>" {
            if compose::looks_like(text) {
                return Some(Format::Compose);
            }
            if strimzi::looks_like(text) {
                return Some(Format::Strimzi);
            }
            return Some(Format::Properties);
        }
        return None;
    }
    // A Spring Boot file by its name first: its own settings may have a top-level `services:`.
    let spring_name = name.starts_with("application") || name.starts_with("bootstrap");
    if spring_name && spring::is_spring_yaml(&name, text) {
        return Some(Format::Spring);
    }
    if name.starts_with("docker-compose") || name.starts_with("compose") || compose::looks_like(text) {
        return Some(Format::Compose);
    }
    if strimzi::looks_like(text) {
        return Some(Format::Strimzi);
    }
    if spring::is_spring_yaml(&name, text) {
        return Some(Format::Spring);
    }
    None
}

/// Whether a directory walk should read this file (by name): `.properties` and YAML files; the
/// format is then decided by content ([`detect`]).
pub fn is_candidate(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    name.ends_with(".properties") || name.ends_with(".yml") || name.ends_with(".yaml") || go::is_go_path(&name)
}

/// Whether a file's bytes are in a format kafkalint reads (for directory walks).
pub fn is_read(path: &Path, bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    detect(path, &text).is_some()
}

/// Reads a file of a non-properties format into units.
pub fn read(format: Format, path: &Path, text: &str) -> Read {
    match format {
        Format::Properties => Read::default(),
        Format::Compose => compose::read(path, text),
        Format::Spring => spring::read(path, text),
        Format::Strimzi => strimzi::read(path, text),
        Format::Go => go::read(path, text),
    }
}

/// The YAML comments of a text (for front-ends).
pub fn yaml_comments(text: &str) -> Vec<Comment> {
    yaml::comments(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names() {
        let n = Naming::EnvDub { prefix: "KAFKA_".into() };
        assert_eq!(n.name("offsets.topic.replication.factor").unwrap(), "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR");
        assert_eq!(n.name("listener.name.internal.ssl_x-y").unwrap(), "KAFKA_LISTENER_NAME_INTERNAL_SSL__X___Y");
        let b = Naming::EnvDotsOnly { prefix: "KAFKA_CFG_".into() };
        assert_eq!(b.name("log.dirs").unwrap(), "KAFKA_CFG_LOG_DIRS");
        assert_eq!(b.name("a_b"), None);
        assert_eq!(n.key_of("KAFKA_NUM_PART"), "num.part");
        assert_eq!(n.key_of("KAF"), "");
        assert_eq!(n.key_of("KAFKA_LISTENER_NAME_A_SSL__X___Y"), "listener.name.a.ssl_x-y");
    }

    #[test]
    fn replacements_keep_the_quoting_style() {
        let s = Span::new(10, 13);
        let v = Span::new(11, 12);
        let dq = ValueSyntax::Yaml { style: Style::DoubleQuoted, scalar: s };
        assert_eq!(replace_value(&dq, v, "3").unwrap(), (s, "\"3\"".to_string()));
        let sq = ValueSyntax::Yaml { style: Style::SingleQuoted, scalar: s };
        assert_eq!(replace_value(&sq, v, "it's").unwrap().1, "'it''s'");
        let pl = ValueSyntax::Yaml { style: Style::Plain, scalar: s };
        assert_eq!(replace_value(&pl, v, "all").unwrap().1, "all");
        assert_eq!(replace_value(&pl, v, "a: b").unwrap().1, "\"a: b\"");
        let env = ValueSyntax::EnvItem { style: Style::Plain, scalar: s, key: "KAFKA_ACKS".into() };
        assert_eq!(replace_value(&env, v, "all").unwrap().1, "KAFKA_ACKS=all");
        assert_eq!(replace_value(&ValueSyntax::Fixed, v, "x"), None);
    }

    #[test]
    fn inserts_in_the_block_form() {
        let i = Inserter {
            at: 0,
            line_prefix: "      - ".into(),
            separator: "=".into(),
            naming: Naming::EnvDub { prefix: "KAFKA_".into() },
            lead_newline: false,
            newline: "\n",
        };
        assert_eq!(i.render("min.insync.replicas", "2").unwrap(), "      - KAFKA_MIN_INSYNC_REPLICAS=2\n");
        let m = Inserter { line_prefix: "      ".into(), separator: ": ".into(), ..i };
        assert_eq!(m.render("min.insync.replicas", "2").unwrap(), "      KAFKA_MIN_INSYNC_REPLICAS: \"2\"\n");
    }
}
