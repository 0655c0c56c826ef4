//! The embedded knowledge base: every Kafka configuration key per release line and kind, built
//! from `knowledge/` by `build.rs` into sorted tables (no text is parsed at start-up; the tables
//! are stored without pointers and decoded on first use, see `DATA`).

pub mod schema;
pub mod validators;

use crate::version::Release;
use std::sync::OnceLock;
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

// The tables as `build.rs` encodes them (see `Enc` there): bytes and one text, no pointer, so the
// dynamic loader relocates nothing of them at start. Each table is decoded the first time it is
// asked for (a kind on its own: a run reads the kinds of its files), into allocations that live
// as long as the process, so every table keeps its `'static` types.
static STRS: &str = include_str!(concat!(env!("OUT_DIR"), "/knowledge.str"));
static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/knowledge.bin"));

/// A table decoded on first use; reads as a slice (`KINDS.iter()`, `for a in ALIASES`).
pub struct Table<T: 'static>(fn() -> &'static [T]);

impl<T> Clone for Table<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Table<T> {}

impl<T> std::ops::Deref for Table<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        (self.0)()
    }
}

impl<T> IntoIterator for Table<T> {
    type Item = &'static T;
    type IntoIter = std::slice::Iter<'static, T>;
    fn into_iter(self) -> Self::IntoIter {
        (self.0)().iter()
    }
}

/// Every kind's table, sorted by kind (decodes every kind; [`kind`] decodes one).
pub static KINDS: Table<KindTable> = Table(all_kinds);
/// Other client libraries, by name.
pub static CLIENT_LIBS: Table<ClientLib> = Table(client_libs);
/// Sorted by name.
pub static ALIASES: Table<AliasDef> = Table(aliases);
/// `knowledge/facts/*.toml` as sorted `("file.table.key", "value")` pairs.
pub static FACTS: Table<(&'static str, &'static str)> = Table(facts);
/// Per release line: its name, the kinds read for it and the kinds carried over.
pub static COVERAGE: Table<(&'static str, &'static [&'static str], &'static [&'static str])> = Table(coverage_table);

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

/// Reads `DATA` from a position; the counterpart of `Enc` in `build.rs`.
struct Rd(usize);

impl Rd {
    fn u(&mut self) -> usize {
        let (mut n, mut shift) = (0usize, 0);
        loop {
            let b = DATA[self.0];
            self.0 += 1;
            n |= ((b & 0x7f) as usize) << shift;
            if b < 0x80 {
                return n;
            }
            shift += 7;
        }
    }
    fn u8(&mut self) -> u8 {
        self.u() as u8
    }
    fn b(&mut self) -> bool {
        self.u() != 0
    }
    fn i(&mut self) -> i64 {
        let n = self.u() as u64;
        ((n >> 1) as i64) ^ -((n & 1) as i64)
    }
    fn s(&mut self) -> &'static str {
        let at = self.u();
        let len = self.u();
        &STRS[at..at + len]
    }
    fn os(&mut self) -> Option<&'static str> {
        match self.u() {
            0 => None,
            n => {
                let at = self.u();
                Some(&STRS[at..at + n - 1])
            }
        }
    }
    fn strs(&mut self) -> &'static [&'static str] {
        let n = self.u();
        leak((0..n).map(|_| self.s()).collect())
    }
    fn vranges(&mut self) -> &'static [VRange] {
        let n = self.u();
        leak((0..n).map(|_| VRange(self.u8(), self.u8())).collect())
    }
    /// `n` elements appended to `arena`; their place in it.
    fn span<T>(&mut self, arena: &mut Vec<T>, mut f: impl FnMut(&mut Rd) -> T) -> (usize, usize) {
        let n = self.u();
        let start = arena.len();
        for _ in 0..n {
            arena.push(f(self));
        }
        (start, arena.len())
    }
    fn opt_i(&mut self) -> Option<i64> {
        self.b().then(|| self.i())
    }
    fn opt_f(&mut self) -> Option<f64> {
        self.b().then(|| {
            let bits = u64::from_le_bytes(DATA[self.0..self.0 + 8].try_into().unwrap());
            self.0 += 8;
            f64::from_bits(bits)
        })
    }
    fn validator(&mut self) -> Option<Validator> {
        Some(match self.u() {
            0 => return None,
            1 => Validator::IntRange { min: self.opt_i(), max: self.opt_i() },
            2 => Validator::IntRangeOr { min: self.opt_i(), max: self.opt_i(), or: self.i() },
            3 => Validator::DoubleRange { min: self.opt_f(), max: self.opt_f() },
            4 => Validator::OneOf(self.strs()),
            5 => Validator::OneOfCaseInsensitive(self.strs()),
            6 => Validator::EachOneOf(self.strs()),
            7 => Validator::OneOfOrByDuration(self.strs()),
            8 => Validator::KafkaVersion(self.strs()),
            9 => Validator::NonNull,
            10 => Validator::NonEmptyString,
            11 => Validator::NonEmptyStringWithoutControlChars,
            12 => Validator::NonEmptyList,
            13 => Validator::Regex,
            14 => Validator::Unique(self.s()),
            15 => Validator::MaxListSize(self.u() as u32),
            16 => Validator::ThrottledReplicas,
            17 => Validator::ColonPairs,
            18 => Validator::UrlList,
            19 => {
                let n = self.u();
                Validator::Composite(leak((0..n).map(|_| self.validator().expect("a composite's part")).collect()))
            }
            20 => Validator::Unchecked(self.s()),
            t => unreachable!("knowledge.bin: validator {t}"),
        })
    }
}

const TYPES: [Type; 9] =
    [Type::Boolean, Type::Int, Type::Short, Type::Long, Type::Double, Type::String, Type::List, Type::Class, Type::Password];
const IMPORTANCE: [Importance; 3] = [Importance::High, Importance::Medium, Importance::Low];
const UPDATE: [UpdateMode; 3] = [UpdateMode::ReadOnly, UpdateMode::PerBroker, UpdateMode::ClusterWide];

fn kind_name(i: usize) -> &'static str {
    let (at, len, _) = KIND_DIR[i];
    &STRS[at as usize..(at + len) as usize]
}

/// One kind's table: each kind of element of its keys in one allocation, the keys slices of them.
fn decode_kind(i: usize) -> KindTable {
    struct Spans {
        name: &'static str,
        versions: (usize, usize),
        ty: (usize, usize),
        default: (usize, usize),
        valid: (usize, usize),
        importance: (usize, usize),
        update: (usize, usize),
        server_default: Option<&'static str>,
        deprecated: (usize, usize),
        replaced_by: Option<&'static str>,
        rename: bool,
        deprecated_values: (usize, usize),
        source: Option<&'static str>,
        note: Option<&'static str>,
        manual: bool,
    }
    let mut r = Rd(KIND_DIR[i].2 as usize);
    let sources = r.strs();
    let n = r.u();
    let patterns = leak((0..n).map(|_| PatternDef { glob: r.s(), reason: r.s(), source: r.os() }).collect());
    let n = r.u();
    let t: [usize; 7] = std::array::from_fn(|_| r.u());
    let mut ranges = Vec::with_capacity(t[0]);
    let mut ty = Vec::with_capacity(t[1]);
    let mut default = Vec::with_capacity(t[2]);
    let mut valid = Vec::with_capacity(t[3]);
    let mut importance = Vec::with_capacity(t[4]);
    let mut update = Vec::with_capacity(t[5]);
    let mut dvals = Vec::with_capacity(t[6]);
    let vrange = |r: &mut Rd| VRange(r.u8(), r.u8());
    let spans: Vec<Spans> = (0..n)
        .map(|_| Spans {
            name: r.s(),
            versions: r.span(&mut ranges, vrange),
            ty: r.span(&mut ty, |r| R(r.u8(), r.u8(), TYPES[r.u()])),
            default: r.span(&mut default, |r| {
                R(
                    r.u8(),
                    r.u8(),
                    match r.u() {
                        0 => DefaultVal::Value(r.s()),
                        1 => DefaultVal::Null,
                        _ => DefaultVal::Required,
                    },
                )
            }),
            valid: r.span(&mut valid, |r| R(r.u8(), r.u8(), ValidDef { text: r.s(), validator: r.validator() })),
            importance: r.span(&mut importance, |r| R(r.u8(), r.u8(), IMPORTANCE[r.u()])),
            update: r.span(&mut update, |r| R(r.u8(), r.u8(), UPDATE[r.u()])),
            server_default: r.os(),
            deprecated: r.span(&mut ranges, vrange),
            replaced_by: r.os(),
            rename: r.b(),
            deprecated_values: r.span(&mut dvals, |r| DeprecatedValueDef {
                value: r.s(),
                from: r.u8(),
                removed: r.u().checked_sub(1).map(|x| x as u8),
                replaced_by: r.os(),
                source: r.os(),
            }),
            source: r.os(),
            note: r.os(),
            manual: r.b(),
        })
        .collect();
    let (ranges, ty, default, valid) = (leak(ranges), leak(ty), leak(default), leak(valid));
    let (importance, update, dvals) = (leak(importance), leak(update), leak(dvals));
    let keys = spans
        .iter()
        .map(|k| KeyDef {
            name: k.name,
            versions: &ranges[k.versions.0..k.versions.1],
            ty: &ty[k.ty.0..k.ty.1],
            default: &default[k.default.0..k.default.1],
            valid: &valid[k.valid.0..k.valid.1],
            importance: &importance[k.importance.0..k.importance.1],
            update: &update[k.update.0..k.update.1],
            server_default: k.server_default,
            deprecated: &ranges[k.deprecated.0..k.deprecated.1],
            replaced_by: k.replaced_by,
            rename: k.rename,
            deprecated_values: &dvals[k.deprecated_values.0..k.deprecated_values.1],
            source: k.source,
            note: k.note,
            manual: k.manual,
        })
        .collect();
    KindTable { kind: kind_name(i), sources, patterns, keys: leak(keys) }
}

fn kind_at(i: usize) -> &'static KindTable {
    static CELLS: [OnceLock<&'static KindTable>; KIND_COUNT] = [const { OnceLock::new() }; KIND_COUNT];
    CELLS[i].get_or_init(|| Box::leak(Box::new(decode_kind(i))))
}

fn all_kinds() -> &'static [KindTable] {
    static ALL: OnceLock<&'static [KindTable]> = OnceLock::new();
    ALL.get_or_init(|| {
        leak(
            (0..KIND_COUNT)
                .map(|i| {
                    let k = kind_at(i);
                    KindTable { kind: k.kind, sources: k.sources, patterns: k.patterns, keys: k.keys }
                })
                .collect(),
        )
    })
}

fn client_libs() -> &'static [ClientLib] {
    static CELL: OnceLock<&'static [ClientLib]> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut r = Rd(CLIENTS_AT);
        let n = r.u();
        leak(
            (0..n)
                .map(|_| ClientLib {
                    client: r.s(),
                    releases: r.strs(),
                    props: {
                        let n = r.u();
                        leak(
                            (0..n)
                                .map(|_| ClientPropDef {
                                    name: r.s(),
                                    versions: r.vranges(),
                                    scope: r.s(),
                                    level: r.s(),
                                    ty: r.os(),
                                    default: r.os(),
                                    range: r.os(),
                                    alias_of: r.os(),
                                    deprecated: r.vranges(),
                                })
                                .collect(),
                        )
                    },
                })
                .collect(),
        )
    })
}

fn aliases() -> &'static [AliasDef] {
    static CELL: OnceLock<&'static [AliasDef]> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut r = Rd(ALIASES_AT);
        let n = r.u();
        leak((0..n).map(|_| AliasDef { name: r.s(), from: r.s(), java: r.os(), same_value: r.b(), note: r.os(), source: r.s() }).collect())
    })
}

fn facts() -> &'static [(&'static str, &'static str)] {
    static CELL: OnceLock<&'static [(&'static str, &'static str)]> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut r = Rd(FACTS_AT);
        let n = r.u();
        leak((0..n).map(|_| (r.s(), r.s())).collect())
    })
}

#[allow(clippy::type_complexity)]
fn coverage_table() -> &'static [(&'static str, &'static [&'static str], &'static [&'static str])] {
    static CELL: OnceLock<&'static [(&'static str, &'static [&'static str], &'static [&'static str])]> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut r = Rd(COVERAGE_AT);
        let n = r.u();
        leak((0..n).map(|_| (r.s(), r.strs(), r.strs())).collect())
    })
}

pub fn client_lib(name: &str) -> Option<&'static ClientLib> {
    client_libs().iter().find(|c| c.client == name)
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
    let facts = facts();
    facts.binary_search_by(|(k, _)| (*k).cmp(path)).ok().map(|i| facts[i].1)
}

/// [`fact`] of `family.path` (`fact_in("producer", "idempotence.since")`) without joining the two:
/// the rules ask for their facts in every file they check.
pub fn fact_in(family: &str, path: &str) -> Option<&'static str> {
    let facts = facts();
    facts.binary_search_by(|(k, _)| cmp_joined(k, &[family, ".", path])).ok().map(|i| facts[i].1)
}

/// `k` compared with the concatenation of `parts`, as `str`s compare (byte by byte).
fn cmp_joined(k: &str, parts: &[&str]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let mut k = k.as_bytes();
    for p in parts {
        let p = p.as_bytes();
        let n = k.len().min(p.len());
        match k[..n].cmp(&p[..n]) {
            Ordering::Equal if k.len() < p.len() => return Ordering::Less,
            Ordering::Equal => k = &k[n..],
            o => return o,
        }
    }
    if k.is_empty() {
        Ordering::Equal
    } else {
        Ordering::Greater
    }
}

/// The facts under a dotted prefix, with the rest of their path (`facts_under("features.zstd")`
/// yields `("min_broker", "2.1")`, …).
pub fn facts_under(prefix: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    let facts = facts();
    let start = facts.partition_point(|(k, _)| *k < prefix);
    facts[start..].iter().map_while(move |(k, v)| k.strip_prefix(prefix).and_then(|r| r.strip_prefix('.')).map(|r| (r, *v)))
}

pub fn alias(name: &str) -> Option<&'static AliasDef> {
    let aliases = aliases();
    aliases.binary_search_by(|a| a.name.cmp(name)).ok().map(|i| &aliases[i])
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

/// One kind's table (decoded on first use).
pub fn kind(name: &str) -> Option<&'static KindTable> {
    (0..KIND_COUNT).find(|&i| kind_name(i) == name).map(kind_at)
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
    let (_, covered, carried) = coverage_table()[v.0 as usize];
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
    KEY_COUNT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fact_by_family_is_the_fact_of_the_joined_path() {
        for (path, value) in facts() {
            let (family, rest) = path.split_once('.').expect("a family");
            assert_eq!(fact_in(family, rest), Some(*value), "{path}");
            // Near misses: a prefix, a longer path, another separator, a neighbour's family.
            for (f, r) in [(family, &rest[..rest.len() - 1]), (family, &format!("{rest}x")[..]), (&format!("{family}x")[..], rest)] {
                assert_eq!(fact_in(f, r), fact(&format!("{f}.{r}")), "{f}.{r}");
            }
            assert_eq!(fact_in(family, ""), fact(&format!("{family}.")));
        }
        assert_eq!(cmp_joined("a.b", &["a", ".", "b"]), std::cmp::Ordering::Equal);
        assert_eq!(cmp_joined("a.b", &["a", ".", "bc"]), std::cmp::Ordering::Less);
        assert_eq!(cmp_joined("a.bc", &["a", ".", "b"]), std::cmp::Ordering::Greater);
        assert_eq!(cmp_joined("a-b", &["a", ".", "b"]), std::cmp::Ordering::Less);
        assert_eq!(cmp_joined("", &["", ""]), std::cmp::Ordering::Equal);
    }

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
    fn decoded_validators_are_what_their_text_parses_to() {
        let mut checked = 0;
        for k in KINDS.iter() {
            for d in k.keys {
                for v in d.valid {
                    let ty = d.ty.iter().find(|t| t.0 <= v.1 && v.0 <= t.1).map_or("string", |t| t.2.name());
                    assert_eq!(v.2.validator, validators::parse(v.2.text, ty), "{} {}", k.kind, d.name);
                    checked += 1;
                }
            }
        }
        assert!(checked > 600, "{checked}");
        assert!(KINDS
            .iter()
            .any(|k| k.keys.iter().any(|d| d.valid.iter().any(|v| matches!(v.2.validator, Some(Validator::Composite(_)))))));
    }

    #[test]
    fn a_kind_decoded_alone_is_the_one_in_kinds() {
        assert_eq!(KINDS.len(), KIND_COUNT);
        assert_eq!(key_count(), KINDS.iter().map(|k| k.keys.len()).sum::<usize>());
        for t in KINDS.iter() {
            let one = kind(t.kind).unwrap();
            assert!(std::ptr::eq(one.keys, t.keys), "{}", t.kind);
            assert!(t.keys.windows(2).all(|w| w[0].name < w[1].name), "{}", t.kind);
        }
        let consumer = kind("consumer").unwrap().get("auto.offset.reset").unwrap();
        assert_eq!(consumer.default_in(Release::newest()), Some(DefaultVal::Value("latest")));
        assert!(kind("no-such-kind").is_none());
        let topic = kind("topic").unwrap().get("cleanup.policy").unwrap();
        assert_eq!(topic.server_default, Some("log.cleanup.policy"));
        assert!(ALIASES.windows(2).all(|w| w[0].name < w[1].name));
        assert!(FACTS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(COVERAGE.len(), RELEASES.len());
        assert_eq!(COVERAGE.iter().map(|c| c.0).collect::<Vec<_>>(), RELEASES);
    }

    #[test]
    fn globs() {
        assert!(glob_match("listener.name.*.ssl.*", "listener.name.internal.ssl.keystore.location"));
        assert!(!glob_match("listener.name.*.ssl.*", "listener.name.internal.sasl.jaas.config"));
        assert!(glob_match("confluent.*", "confluent.license"));
    }
}
