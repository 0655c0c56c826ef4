//! The on-disk format of `knowledge/`: serde types shared by `build.rs` (which turns the TOML
//! into `'static` tables), the importer (`cargo run -p xtask -- import`) and tests.
//!
//! This file is self-contained on purpose: `build.rs` and `xtask` include it with `#[path]`.
//! See `knowledge/README.md` for the format as people read it.

#![allow(dead_code)]

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `knowledge/versions.toml`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionsFile {
    /// Release lines in order, oldest first (`"0.10.0"`, …, `"4.2"`).
    pub releases: Vec<Release>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub version: String,
    /// Kinds whose table was read for this line.
    pub covered: Vec<String>,
    /// Kinds known to exist in this line whose table was not available; their facts are
    /// carried over from the previous covered line (see knowledge/README.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried: Vec<String>,
}

/// `knowledge/keys/<kind>.toml` (generated) and `knowledge/manual/<kind>.toml` (hand-written).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindFile {
    pub kind: String,
    /// Where the facts come from (free text, one line per source).
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub keys: BTreeMap<String, KeyFacts>,
    /// Key patterns that are accepted without being documented per key (hand-written files only),
    /// e.g. `listener.name.*.ssl.*`. `*` matches any run of characters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<Pattern>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub glob: String,
    /// Why these keys are legitimate (who reads them).
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Everything known about one key of one kind. Each versioned attribute is either a single value
/// (holds for every version in `versions`) or a list of ranges.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFacts {
    /// Release lines where the key exists, as inclusive ranges: `["0.10.0..2.8", "3.1"]`.
    /// (A hand-written amendment of a generated key may leave it out.)
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<Versioned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultSpec>,
    /// The documented validator text (`[0,...]`, `[all, -1, 0, 1]`, …); parsed at build time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<Versioned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<Versioned<String>>,
    /// Broker dynamic update mode: `read-only`, `per-broker`, `cluster-wide`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<Versioned<String>>,
    /// Topic keys: the broker key that supplies the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_default: Option<String>,
    /// Release lines in which Kafka documents the key as deprecated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deprecated: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// Hand-written: `replaced_by` takes the same value, so renaming the key is a mechanical fix.
    #[serde(default, skip_serializing_if = "is_false")]
    pub rename: bool,
    /// Values documented as deprecated while the key itself is not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deprecated_values: Vec<DeprecatedValue>,
    /// Hand-written facts: where they come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Hand-written: a note shown by `explain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Versioned<T> {
    Ranges(Vec<Ranged<T>>),
    Always(T),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ranged<T> {
    pub from: String,
    /// Inclusive; omitted = up to the newest release line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    pub value: T,
}

/// `default = "45000"`, `default = { null = true }`, or a list of
/// `{ from = "0.10.1", to = "2.8", value = "10000" }` ranges (`null`/`required` allowed in place of `value`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DefaultSpec {
    Plain(String),
    Table(DefaultValue),
    Ranges(Vec<DefaultRange>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultRange {
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub null: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
}

impl DefaultRange {
    pub fn default_value(&self) -> DefaultValue {
        DefaultValue { value: self.value.clone(), null: self.null, required: self.required }
    }
}

/// A default as Kafka documents it. Exactly one of the three forms:
/// `value = "…"` (the default text, units and list brackets removed),
/// `null = true` (Java null: optional, unset), `required = true` (no default: Kafka refuses to start without it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultValue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub null: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeprecatedValue {
    pub value: String,
    /// First release line where the value is documented as deprecated.
    pub from: String,
    /// First release line where Kafka no longer accepts it, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// `knowledge/clients/<client>.toml`: another client library's own properties per its own
/// release lines (generated for librdkafka from its CONFIGURATION.md tables).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientFile {
    pub client: String,
    #[serde(default)]
    pub sources: Vec<String>,
    /// The library's release lines, oldest first (`"1.0"`, …, `"2.15"`).
    pub releases: Vec<String>,
    #[serde(default)]
    pub properties: BTreeMap<String, ClientProp>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientProp {
    /// Ranges over the file's `releases`.
    pub versions: Vec<String>,
    /// `C` consumer, `P` producer, `*` both.
    pub scope: String,
    /// `global` or `topic`.
    pub level: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<Versioned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Versioned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Versioned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_of: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deprecated: Vec<String>,
}

/// `knowledge/aliases.toml` (hand-written): other spellings of Java client keys.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasFile {
    #[serde(default)]
    pub alias: Vec<Alias>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The other spelling (`queue.buffering.max.ms`, `bootstrap-servers`).
    pub name: String,
    /// Where the spelling comes from: `librdkafka`, `spring`, `kafka` (an old Kafka name).
    pub from: String,
    /// The Java client key it corresponds to; absent when the Java client has no equivalent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub java: Option<String>,
    /// True when the value carries over unchanged, so renaming is a mechanical fix.
    #[serde(default)]
    pub same_value: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub source: String,
}
