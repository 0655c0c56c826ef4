//! The embedded knowledge base: every Kafka configuration key per release line and kind, built
//! from `knowledge/` by `build.rs` into sorted `'static` tables (nothing is parsed at start-up).

pub mod schema;
pub mod validators;

use crate::version::Release;
pub use validators::Validator;

/// Inclusive range of release-line indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VRange(pub u8, pub u8);

impl VRange {
    pub fn contains(&self, v: Release) -> bool {
        self.0 <= v.0 && v.0 <= self.1
    }
}

/// A value holding for release lines `.0..=.1`.
#[derive(Debug, Clone, Copy)]
pub struct R<T>(pub u8, pub u8, pub T);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Boolean,
    Int,
    Short,
    Long,
    Double,
    String,
    List,
    Class,
    Password,
}

impl Type {
    pub fn name(self) -> &'static str {
        match self {
            Type::Boolean => "boolean",
            Type::Int => "int",
            Type::Short => "short",
            Type::Long => "long",
            Type::Double => "double",
            Type::String => "string",
            Type::List => "list",
            Type::Class => "class",
            Type::Password => "password",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultVal {
    Value(&'static str),
    /// Java null: optional and unset.
    Null,
    /// No default: Kafka refuses to start without a value.
    Required,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Importance {
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateMode {
    ReadOnly,
    PerBroker,
    ClusterWide,
}

#[derive(Debug, Clone, Copy)]
pub struct ValidDef {
    pub text: &'static str,
    pub validator: Option<Validator>,
}

#[derive(Debug, Clone, Copy)]
pub struct DeprecatedValueDef {
    pub value: &'static str,
    pub from: u8,
    pub removed: Option<u8>,
    pub replaced_by: Option<&'static str>,
    pub source: Option<&'static str>,
}

#[derive(Debug)]
pub struct KeyDef {
    pub name: &'static str,
    pub versions: &'static [VRange],
    pub ty: &'static [R<Type>],
    pub default: &'static [R<DefaultVal>],
    pub valid: &'static [R<ValidDef>],
    pub importance: &'static [R<Importance>],
    pub update: &'static [R<UpdateMode>],
    pub server_default: Option<&'static str>,
    pub deprecated: &'static [VRange],
    pub replaced_by: Option<&'static str>,
    /// `replaced_by` takes the same value: renaming is a mechanical fix.
    pub rename: bool,
    pub deprecated_values: &'static [DeprecatedValueDef],
    pub source: Option<&'static str>,
    pub note: Option<&'static str>,
    /// Added or amended by hand in `knowledge/manual/`.
    pub manual: bool,
}

#[derive(Debug)]
pub struct PatternDef {
    pub glob: &'static str,
    pub reason: &'static str,
    pub source: Option<&'static str>,
}

#[derive(Debug)]
pub struct KindTable {
    pub kind: &'static str,
    pub sources: &'static [&'static str],
    pub patterns: &'static [PatternDef],
    /// Sorted by name.
    pub keys: &'static [KeyDef],
}

/// Another client library's properties (librdkafka), by that library's own release lines.
#[derive(Debug)]
pub struct ClientLib {
    pub client: &'static str,
    pub releases: &'static [&'static str],
    /// Sorted by name.
    pub props: &'static [ClientPropDef],
}

#[derive(Debug)]
pub struct ClientPropDef {
    pub name: &'static str,
    pub versions: &'static [VRange],
    /// `C` consumer, `P` producer, `*` both.
    pub scope: &'static str,
    pub level: &'static str,
    /// Newest documented type, default and range.
    pub ty: Option<&'static str>,
    pub default: Option<&'static str>,
    pub range: Option<&'static str>,
    pub alias_of: Option<&'static str>,
    pub deprecated: &'static [VRange],
}

/// Another spelling of a Java client key (`knowledge/aliases.toml`).
#[derive(Debug)]
pub struct AliasDef {
    pub name: &'static str,
    pub from: &'static str,
    pub java: Option<&'static str>,
    pub same_value: bool,
    pub note: Option<&'static str>,
    pub source: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/knowledge.rs"));

pub fn client_lib(name: &str) -> Option<&'static ClientLib> {
    CLIENT_LIBS.iter().find(|c| c.client == name)
}

impl ClientLib {
    pub fn get(&self, name: &str) -> Option<&'static ClientPropDef> {
        let props: &'static [ClientPropDef] = self.props;
        props.binary_search_by(|p| p.name.cmp(name)).ok().map(|i| &props[i])
    }
    /// The index of a release line of this library (`2.3.1` → the `2.3` line).
    pub fn release(&self, version: &str) -> Option<usize> {
        let parts: Vec<&str> = version.trim_start_matches('v').split('.').collect();
        let line = parts.iter().take(2).copied().collect::<Vec<_>>().join(".");
        self.releases.iter().position(|r| *r == line)
    }
}

/// A hand-written fact of `knowledge/facts/<file>.toml`, by its dotted path
/// (`features.zstd.min_broker`).
pub fn fact(path: &str) -> Option<&'static str> {
    FACTS.binary_search_by(|(k, _)| (*k).cmp(path)).ok().map(|i| FACTS[i].1)
}

/// The facts under a dotted prefix, with the rest of their path (`facts_under("features.zstd")`
/// yields `("min_broker", "2.1")`, …).
pub fn facts_under(prefix: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    let start = FACTS.partition_point(|(k, _)| *k < prefix);
    FACTS[start..].iter().map_while(move |(k, v)| k.strip_prefix(prefix).and_then(|r| r.strip_prefix('.')).map(|r| (r, *v)))
}

pub fn alias(name: &str) -> Option<&'static AliasDef> {
    ALIASES.binary_search_by(|a| a.name.cmp(name)).ok().map(|i| &ALIASES[i])
}

fn at<T: Copy>(list: &[R<T>], v: Release) -> Option<T> {
    list.iter().find(|r| r.0 <= v.0 && v.0 <= r.1).map(|r| r.2)
}

impl KeyDef {
    pub fn exists_in(&self, v: Release) -> bool {
        self.versions.iter().any(|r| r.contains(v))
    }
    pub fn ty_in(&self, v: Release) -> Option<Type> {
        at(self.ty, v).or_else(|| self.ty.last().map(|r| r.2))
    }
    pub fn default_in(&self, v: Release) -> Option<DefaultVal> {
        if !self.exists_in(v) {
            return None;
        }
        at(self.default, v)
    }
    pub fn valid_in(&self, v: Release) -> Option<ValidDef> {
        at(self.valid, v)
    }
    pub fn importance_in(&self, v: Release) -> Option<Importance> {
        at(self.importance, v)
    }
    pub fn update_in(&self, v: Release) -> Option<UpdateMode> {
        at(self.update, v)
    }
    pub fn deprecated_in(&self, v: Release) -> bool {
        self.deprecated.iter().any(|r| r.contains(v))
    }
    /// First release line where the key exists.
    pub fn first(&self) -> Release {
        Release(self.versions.first().map_or(0, |r| r.0))
    }
    /// The release line after the last one where the key exists, if it went away.
    pub fn removed_after(&self) -> Option<Release> {
        let last = self.versions.last()?.1;
        ((last as usize) + 1 < RELEASES.len()).then_some(Release(last + 1))
    }
    /// For a version where the key does not exist: the first later release that has it (not yet
    /// there) or the release where it went away (removed).
    pub fn absence(&self, v: Release) -> Absence {
        if self.exists_in(v) {
            return Absence::Present;
        }
        if let Some(r) = self.versions.iter().find(|r| r.0 > v.0) {
            return Absence::NotYet(Release(r.0));
        }
        Absence::Removed(Release(self.versions.last().map_or(0, |r| r.1 + 1)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absence {
    Present,
    NotYet(Release),
    Removed(Release),
}

/// Whether some kind knows the key `name`, and whether some kind types it as a password (one
/// binary search over every kind's names).
pub fn known_key(name: &str) -> Option<bool> {
    let at = |i: &(u32, u16, bool)| &KEY_NAMES[i.0 as usize..i.0 as usize + i.1 as usize];
    KEY_INDEX.binary_search_by(|i| at(i).cmp(name)).ok().map(|i| KEY_INDEX[i].2)
}

pub fn kind(name: &str) -> Option<&'static KindTable> {
    KINDS.iter().find(|k| k.kind == name)
}

impl KindTable {
    pub fn get(&self, key: &str) -> Option<&'static KeyDef> {
        let keys: &'static [KeyDef] = self.keys;
        keys.binary_search_by(|k| k.name.cmp(key)).ok().map(|i| &keys[i])
    }
    pub fn pattern_for(&self, key: &str) -> Option<&'static PatternDef> {
        let patterns: &'static [PatternDef] = self.patterns;
        patterns.iter().find(|p| glob_match(p.glob, key))
    }
}

/// `*` matches any run of characters (dots included).
pub fn glob_match(glob: &str, text: &str) -> bool {
    let g = glob.as_bytes();
    let t = text.as_bytes();
    let (mut gi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if gi < g.len() && g[gi] == b'*' {
            star = Some(gi);
            gi += 1;
            mark = ti;
        } else if gi < g.len() && (g[gi] == t[ti] || g[gi] == b'?') {
            gi += 1;
            ti += 1;
        } else if let Some(s) = star {
            gi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while gi < g.len() && g[gi] == b'*' {
        gi += 1;
    }
    gi == g.len()
}

/// Whether a kind's table was read for a release line, carried from an earlier one, or absent.
pub fn coverage(kind: &str, v: Release) -> Coverage {
    let (_, covered, carried) = COVERAGE[v.0 as usize];
    if covered.contains(&kind) {
        Coverage::Covered
    } else if carried.contains(&kind) {
        Coverage::Carried
    } else {
        Coverage::Absent
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    Covered,
    Carried,
    Absent,
}

/// Number of distinct (kind, key) entries.
pub fn key_count() -> usize {
    KINDS.iter().map(|k| k.keys.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_index_is_every_kind_s_keys() {
        let mut expected: std::collections::BTreeMap<&str, bool> = std::collections::BTreeMap::new();
        for d in KINDS.iter().flat_map(|k| k.keys.iter()) {
            *expected.entry(d.name).or_insert(false) |= d.ty.iter().any(|t| t.2 == Type::Password);
        }
        assert_eq!(expected.len(), KEY_INDEX.len());
        for (name, pw) in &expected {
            assert_eq!(known_key(name), Some(*pw), "{name}");
        }
        assert_eq!(known_key("ssl.key.password"), Some(true));
        assert_eq!(known_key("group.id"), Some(false));
        assert_eq!(known_key("no.such.key"), None);
        assert_eq!(known_key(""), None);
    }

    #[test]
    fn globs() {
        assert!(glob_match("listener.name.*.ssl.*", "listener.name.internal.ssl.keystore.location"));
        assert!(!glob_match("listener.name.*.ssl.*", "listener.name.internal.sasl.jaas.config"));
        assert!(glob_match("confluent.*", "confluent.license"));
    }
}
