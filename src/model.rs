//! What a file means: its role, its effective configuration for the target Kafka version.

use crate::knowledge::{self, DefaultVal, KeyDef, Type};
use crate::properties::{self, Document, Entry};
use crate::source::SourceFile;
use crate::version::Release;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Broker,
    Topic,
    Producer,
    Consumer,
    Admin,
    Streams,
    ConnectWorker,
}

impl Role {
    pub const ALL: [Role; 7] = [Role::Broker, Role::Topic, Role::Producer, Role::Consumer, Role::Admin, Role::Streams, Role::ConnectWorker];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Broker => "broker",
            Role::Topic => "topic",
            Role::Producer => "producer",
            Role::Consumer => "consumer",
            Role::Admin => "admin",
            Role::Streams => "streams",
            Role::ConnectWorker => "connect-worker",
        }
    }

    /// What Kafka does when a file of this role holds a value it refuses, in words for messages:
    /// a broker or worker does not start; a client's constructor (`KafkaProducer`, `KafkaStreams`
    /// …) throws `ConfigException`; a topic configuration is refused by the create or alter call.
    pub fn refusal(self, release: impl std::fmt::Display) -> String {
        match self {
            Role::Broker => format!("Kafka {release} refuses to start"),
            Role::ConnectWorker => format!("the Kafka {release} Connect worker refuses to start"),
            Role::Topic => format!("Kafka {release} refuses the topic configuration"),
            Role::Producer => format!("the Kafka {release} producer cannot be created"),
            Role::Consumer => format!("the Kafka {release} consumer cannot be created"),
            Role::Admin => format!("the Kafka {release} admin client cannot be created"),
            Role::Streams => format!("the Kafka {release} Streams application cannot be created"),
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).or(match s {
            "connect" | "connect-distributed" | "connect-standalone" | "worker" => Some(Role::ConnectWorker),
            "controller" | "server" => Some(Role::Broker),
            _ => None,
        })
    }

    /// Knowledge-base kinds whose keys a file of this role takes directly.
    pub fn kinds(self) -> &'static [&'static str] {
        match self {
            Role::Broker => &["broker", "remote-log-manager", "remote-log-metadata-manager", "broker-extra"],
            Role::Topic => &["topic"],
            Role::Producer => &["producer", "client-extra"],
            Role::Consumer => &["consumer", "client-extra"],
            Role::Admin => &["admin", "client-extra"],
            Role::Streams => &["streams", "client-extra"],
            Role::ConnectWorker => &["connect", "client-extra"],
        }
    }

    /// Prefixes under which a role passes keys of another kind through (`producer.acks` in a
    /// Connect worker, `consumer.max.poll.records` in Streams), and plain keys of other kinds that
    /// the role forwards to its embedded clients.
    pub fn passthrough(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Role::Streams => &[
                ("producer.", "producer"),
                ("consumer.", "consumer"),
                ("main.consumer.", "consumer"),
                ("restore.consumer.", "consumer"),
                ("global.consumer.", "consumer"),
                ("admin.", "admin"),
                ("topic.", "topic"),
                ("", "producer"),
                ("", "consumer"),
                ("", "admin"),
            ],
            Role::ConnectWorker => &[("producer.", "producer"), ("consumer.", "consumer"), ("admin.", "admin")],
            _ => &[],
        }
    }

    pub fn is_client(self) -> bool {
        matches!(self, Role::Producer | Role::Consumer | Role::Admin | Role::Streams | Role::ConnectWorker)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a file's role came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoleSource {
    CommandLine,
    Directive,
    Config,
    FileName,
    Keys,
    /// The file's format says it (a compose service's image, a Spring section, a Strimzi kind).
    Format,
    Unknown,
}

impl RoleSource {
    pub fn as_str(self) -> &'static str {
        match self {
            RoleSource::CommandLine => "command-line",
            RoleSource::Directive => "directive",
            RoleSource::Config => "config",
            RoleSource::FileName => "file-name",
            RoleSource::Keys => "keys",
            RoleSource::Format => "format",
            RoleSource::Unknown => "unknown",
        }
    }
}

/// The role a file name says: a name that starts with a role word (`server*.properties` →
/// broker, `consumer2.properties`), else a role word anywhere among the name's words split on
/// `-`, `_` and `.` (`orders-producer.properties`, `kafka_consumer.properties`,
/// `app-consumer-dev.properties`), first in the order of the table. A word only contains a
/// role word when it is that word, maybe with digits after (`consumer2`): `adminclient` is
/// `admin` only at the start, as before, and `server` alone counts only at the start or after
/// `kafka` (`app-server.properties` is no broker).
pub fn role_from_file_name(path: &Path) -> Option<Role> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    // Each role word with its words (split on `-`).
    const TABLE: [(&str, &[&str], Role); 11] = [
        ("server", &["server"], Role::Broker),
        ("broker", &["broker"], Role::Broker),
        ("controller", &["controller"], Role::Broker),
        ("producer", &["producer"], Role::Producer),
        ("consumer", &["consumer"], Role::Consumer),
        ("admin", &["admin"], Role::Admin),
        ("topic", &["topic"], Role::Topic),
        ("streams", &["streams"], Role::Streams),
        ("connect-distributed", &["connect", "distributed"], Role::ConnectWorker),
        ("connect-standalone", &["connect", "standalone"], Role::ConnectWorker),
        ("connect-worker", &["connect", "worker"], Role::ConnectWorker),
    ];
    if let Some((_, _, r)) = TABLE.iter().find(|(p, _, _)| name.starts_with(p)) {
        return Some(*r);
    }
    let words: Vec<&str> = name.split(['-', '_', '.']).filter(|w| !w.is_empty()).collect();
    let is = |w: &str, p: &str| w.strip_prefix(p).is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()));
    TABLE
        .iter()
        .find(|(p, parts, _)| {
            words.windows(parts.len()).enumerate().any(|(i, win)| {
                let last = parts.len() - 1;
                let matched = win[..last] == parts[..last] && is(win[last], parts[last]);
                matched && (*p != "server" || i > 0 && words[i - 1] == "kafka")
            })
        })
        .map(|(_, _, r)| *r)
}

/// The role the keys of a file say, when they say one clearly.
pub fn role_from_keys(doc: &Document) -> Option<Role> {
    let has = |k: &str| doc.entries.iter().any(|e| e.key == k);
    let has_prefix = |p: &str| doc.entries.iter().any(|e| e.key.starts_with(p));
    if foreign_format(doc).is_some() {
        return None;
    }
    // Keys that only one role uses, strongest first.
    if has("application.id") {
        return Some(Role::Streams);
    }
    if has("key.converter")
        || has("value.converter")
        || has("offset.storage.topic")
        || has("offset.storage.file.filename")
        || has("config.storage.topic")
        || has("plugin.path")
    {
        return Some(Role::ConnectWorker);
    }
    if has("process.roles")
        || has("broker.id")
        || has("node.id")
        || has("log.dirs")
        || has("log.dir")
        || has("controller.quorum.voters")
        || has("controller.quorum.bootstrap.servers")
        || has_prefix("log.retention.")
        || has("num.partitions")
    {
        return Some(Role::Broker);
    }
    // The old Scala consumer took zookeeper.connect with group.id.
    if has("zookeeper.connect") && !has("group.id") {
        return Some(Role::Broker);
    }
    let producer = has("key.serializer")
        || has("value.serializer")
        || has("transactional.id")
        || has("linger.ms")
        || has("batch.size")
        || has("enable.idempotence")
        || has("max.in.flight.requests.per.connection");
    let consumer = has("key.deserializer")
        || has("value.deserializer")
        || has("group.id")
        || has("auto.offset.reset")
        || has("enable.auto.commit")
        || has("max.poll.records")
        || has("isolation.level")
        || has("group.instance.id");
    match (producer, consumer) {
        (true, false) => return Some(Role::Producer),
        (false, true) => return Some(Role::Consumer),
        _ => {}
    }
    // Otherwise: keys that exist (in some release) for exactly one role.
    let mut votes: HashMap<Role, usize> = HashMap::new();
    for e in &doc.entries {
        let roles: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| {
                r.kinds().iter().filter(|k| !k.ends_with("-extra")).any(|k| knowledge::kind(k).and_then(|t| t.get(&e.key)).is_some())
            })
            .collect();
        if roles.len() == 1 {
            *votes.entry(roles[0]).or_default() += 1;
        }
    }
    let best = votes.iter().max_by_key(|(r, n)| (**n, std::cmp::Reverse(**r)))?;
    let tied = votes.values().filter(|n| **n == *best.1).count() > 1;
    (!tied).then_some(*best.0)
}

/// Files that are not Kafka property files of any role, though they may hold Kafka settings:
/// Spring Boot application files (read by the Spring front-end, `crate::formats::spring`, unless
/// a role forces them to be read as properties) and MirrorMaker 2 configurations.
///
/// One pass over the entries (the language server asks it of a 10,000-entry document on every
/// keystroke): `->` is found with `memchr` for its `>` rather than with a substring searcher set up
/// for every key.
pub fn foreign_format(doc: &Document) -> Option<&'static str> {
    let (mut spring, mut spring_kafka, mut mirror) = (0usize, false, false);
    for e in &doc.entries {
        let k = e.key.as_bytes();
        if k.starts_with(b"spring.") {
            spring += 1;
            spring_kafka |= k[7..].starts_with(b"kafka.");
        }
        mirror |= k == b"clusters" || crate::bytes::find_iter(b'>', k).any(|i| i > 0 && k[i - 1] == b'-');
    }
    debug_assert_eq!(spring, doc.entries.iter().filter(|e| e.key.starts_with("spring.")).count());
    debug_assert_eq!(spring_kafka, doc.entries.iter().any(|e| e.key.starts_with("spring.kafka.")));
    debug_assert_eq!(mirror, doc.entries.iter().any(|e| e.key == "clusters" || e.key.contains("->")));
    if spring > 0 && (spring * 3 >= doc.entries.len() || spring_kafka) {
        return Some("a Spring Boot application file (spring.* keys)");
    }
    if mirror {
        return Some("a MirrorMaker 2 configuration (clusters, A->B.*)");
    }
    None
}

/// A key as the knowledge base knows it for a role.
#[derive(Debug, Clone, Copy)]
pub struct KeyInfo {
    pub def: &'static KeyDef,
    pub kind: &'static str,
    /// The pass-through prefix (`producer.` in a Connect worker), empty when direct.
    pub prefix: &'static str,
}

/// Finds a key for a role: first the role's own kinds, then pass-through prefixes.
/// Prefers a definition that exists in `release`: the first of the role's definitions of the key
/// (own kinds in order, then pass-through prefixes in order) that exists in `release`, else the
/// first of them.
pub fn lookup(role: Role, key: &str, release: Release) -> Option<KeyInfo> {
    let mut first: Option<KeyInfo> = None;
    for source in role_sources(role) {
        let Some(rest) = key.strip_prefix(source.prefix) else { continue };
        let Some(&def) = source.keys.get(rest) else { continue };
        let info = KeyInfo { def, kind: source.kind, prefix: source.prefix };
        if def.exists_in(release) {
            return Some(info);
        }
        first.get_or_insert(info);
    }
    first
}

/// Where a role's keys come from, in [`lookup`]'s order: its own kinds, then its pass-through
/// prefixes, each kind's keys by name.
struct KeySource {
    kind: &'static str,
    prefix: &'static str,
    keys: HashMap<&'static str, &'static KeyDef, FastHash>,
}

/// A role's key sources, built the first time the role is looked up (a run reads the roles of
/// its files). Every rule asks [`lookup`] about the keys it reads, in every file: a hash of the
/// key per source, instead of finding each kind's table by name and searching it (lookup was
/// 7% of a 10,000-file run's CPU).
fn role_sources(role: Role) -> &'static [KeySource] {
    static SOURCES: [std::sync::OnceLock<Vec<KeySource>>; 7] = [const { std::sync::OnceLock::new() }; 7];
    SOURCES[role as usize].get_or_init(|| {
        let own = role.kinds().iter().map(|&kind| ("", kind));
        own.chain(role.passthrough().iter().copied())
            .filter_map(|(prefix, kind)| {
                let t = knowledge::kind(kind)?;
                Some(KeySource { kind: t.kind, prefix, keys: t.keys.iter().map(|d| (d.name, d)).collect() })
            })
            .collect()
    })
}

/// The hash of the key tables' maps: eight bytes a step, as rustc's FxHash (rustc-hash 2: the
/// same multiplier, the final rotation that brings the well-mixed high bits down). Keys are
/// short names and the maps are built from the knowledge base, never from input, so there is no
/// flooding to fear; input keys are only looked up.
#[derive(Default, Clone, Copy)]
pub struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

pub struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.add(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        let rest = words.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ bytes.len() as u64);
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// Where an effective value comes from.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    Explicit(&'a Entry),
    Default(Release),
    /// Set by the platform the unit runs on (a Docker image's start script, Spring Boot).
    Platform(&'a crate::formats::PlatformDefault),
}

/// A key's effective value in a file for the target version.
#[derive(Debug, Clone)]
pub struct Value<'a> {
    pub key: &'a str,
    /// The value as Kafka reads it (`ConfigDef` trims surrounding white space).
    pub text: std::borrow::Cow<'a, str>,
    pub origin: Origin<'a>,
    pub info: Option<KeyInfo>,
}

impl<'a> Value<'a> {
    pub fn is_explicit(&self) -> bool {
        matches!(self.origin, Origin::Explicit(_))
    }
    pub fn entry(&self) -> Option<&'a Entry> {
        match self.origin {
            Origin::Explicit(e) => Some(e),
            Origin::Default(_) | Origin::Platform(_) => None,
        }
    }
    pub fn ty(&self, release: Release) -> Option<Type> {
        self.info.and_then(|i| i.def.ty_in(release))
    }
    /// `"set here"` or `"default in 3.9"`, for labels.
    pub fn origin_text(&self) -> String {
        match self.origin {
            Origin::Explicit(_) => format!("`{}` is set here", self.key),
            Origin::Default(r) => format!("`{}` defaults to {} in Kafka {r}", self.key, self.text),
            Origin::Platform(d) => format!("`{}` is {} as set by {}", self.key, self.text, d.origin),
        }
    }
    /// Java `Integer/Long.parseInt` after `ConfigDef`'s trim; `None` when not a number or a placeholder.
    pub fn as_i64(&self) -> Option<i64> {
        parse_i64(&self.text)
    }
    pub fn as_bool(&self) -> Option<bool> {
        let t = self.text.trim();
        if t.eq_ignore_ascii_case("true") {
            Some(true)
        } else if t.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }
    /// Comma-separated list items, trimmed, empty items dropped (as ConfigDef's LIST type).
    pub fn as_list(&self) -> Vec<&str> {
        self.text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect()
    }
}

pub fn parse_i64(text: &str) -> Option<i64> {
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    t.parse::<i64>().ok()
}

/// A `${provider:path:key}` or `${VAR}` placeholder: resolved outside the file, not checkable here.
pub fn is_placeholder(value: &str) -> bool {
    // Every rule asks this of the values it reads: one pass over the bytes finds `${` and `{{`
    // and counts the markers; the parts between markers are looked at only when there are two.
    let b = value.as_bytes();
    let (mut percents, mut ats) = (0, 0);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'{' if i > 0 && (b[i - 1] == b'$' || b[i - 1] == b'{') => return true,
            b'%' => percents += 1,
            b'@' => ats += 1,
            _ => {}
        }
    }
    // `%NAME%`, `%@NAME@%` and `@NAME@` template markers (Windows batch, Ant/Maven filters):
    // a marker, a name in capitals, the same marker.
    let marked = |m: char| {
        let mut parts = value.split(m).peekable();
        parts.next();
        while let Some(body) = parts.next() {
            if parts.peek().is_none() {
                // After the last marker: not between two.
                return false;
            }
            let body = body.trim_matches('@');
            if !body.is_empty() && body.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '.') {
                return true;
            }
        }
        false
    };
    (percents >= 2 && marked('%')) || (ats >= 2 && marked('@'))
}

/// A file's keys to the index of their last entry ([`LintFile::last`]). Hashed with foldhash,
/// seeded per process: every rule looks its keys up here, in every file (SipHash made that a
/// twentieth of a 10,000-file check), and the keys come from the files, so the seed keeps a
/// file from choosing collisions.
pub type KeyIndex = HashMap<String, usize, foldhash::fast::RandomState>;

/// The key index ([`LintFile::last`]) of `doc`, read by [`properties::reparse_spliced`] from a
/// document whose index was `old` and which it changed as `moved` says: only the keys of the
/// entries read again are looked up (and, for a key whose last entry was among those replaced and
/// is not set again there, its entries before them).
pub(crate) fn reindex(mut old: KeyIndex, doc: &Document, moved: properties::Moved) -> KeyIndex {
    let properties::Moved { kept, old_from, new_from } = moved;
    let mut lost: Vec<String> = Vec::new();
    for (k, v) in old.iter_mut() {
        if *v >= old_from {
            *v = *v - old_from + new_from;
        } else if *v >= kept {
            lost.push(k.clone());
        }
    }
    for k in &lost {
        old.remove(k);
    }
    for (i, e) in doc.entries.iter().enumerate().take(new_from).skip(kept) {
        match old.get_mut(&e.key) {
            Some(v) if *v >= i => {}
            Some(v) => *v = i,
            None => {
                old.insert(e.key.clone(), i);
            }
        }
    }
    // A key whose last entry was replaced and that the lines read again do not set: its last
    // entry is before them, if any (one after them would have been its last entry already).
    for k in lost {
        if let std::collections::hash_map::Entry::Vacant(slot) = old.entry(k) {
            if let Some(i) = doc.entries[..kept.min(doc.entries.len())].iter().rposition(|e| e.key == *slot.key()) {
                slot.insert(i);
            }
        }
    }
    old
}

/// A file ready for rules: text, parse, role, target version.
#[derive(Debug)]
pub struct LintFile {
    pub source: SourceFile,
    pub doc: Document,
    pub role: Option<Role>,
    pub role_source: RoleSource,
    pub release: Release,
    /// Key → index of its last entry in `doc.entries` (Kafka keeps the last one).
    pub last: KeyIndex,
    /// Extra allowed keys (globs from the config file).
    pub allow: Vec<String>,
    /// `[keys] unknown` of the config file: the level of unknown keys that are plainly not
    /// Kafka's (`None`: info).
    pub unknown_keys: Option<crate::config::Level>,
    /// When no version was given for the file: the release lines its keys are consistent with
    /// (see [`infer_releases`]); `release` is the newest of them.
    pub inferred: Option<Inferred>,
    /// Client library the file is written for (`java@3.7.0`), when declared.
    pub client: Option<String>,
    /// Byte offset of the first NUL byte: the file is binary and is not parsed.
    pub binary_at: Option<usize>,
    /// The cluster's (the run's target) Kafka version. Equal to `release` except for a client file
    /// that declares its Java client version (`java@3.7.0`): its keys are checked against the client's
    /// version (`release`), the cluster against this one.
    pub cluster_release: Release,
    /// The format of the physical file this unit comes from.
    pub format: crate::formats::Format,
    /// For a unit of another format (a compose service, a Spring client, a Strimzi resource):
    /// what it is, how its values are written, the platform's defaults. `None` for a
    /// `.properties` file.
    pub unit: Option<crate::formats::UnitMeta>,
    /// The index of the physical input this unit was read from.
    pub input: usize,
    /// Why the file was not read as Kafka configuration (not a format kafkalint reads, a YAML
    /// syntax error): only the rules that report that run on it.
    pub not_read: Option<NotRead>,
    /// [`crate::redact::secrets`] of this file when a caller worked it out already (the language
    /// server, line by line as it re-reads the document: [`crate::redact::DocSecrets`]); taken
    /// by the engine in its place.
    pub(crate) secrets_known: Option<(Vec<crate::source::Span>, Vec<String>)>,
    /// Its keys' classes ([`crate::rules::schema::keys::classes`]), worked out once.
    pub(crate) classes: std::sync::OnceLock<Vec<(usize, crate::rules::schema::keys::Class)>>,
    /// The classes of an earlier text of the file, by entry of this one (the language server's).
    pub(crate) classes_prior: Option<crate::rules::schema::keys::ClassPrior>,
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// Not a format kafkalint reads (a YAML file that is no compose, Spring or Strimzi file).
    Unsupported,
    /// The file does not parse: (byte offset, what is wrong).
    Syntax { at: usize, message: String },
}

impl LintFile {
    /// How messages name this file: its path, or for a unit of a larger file (a compose service,
    /// a Strimzi resource, a Spring section, a Go client) the unit's name and the path.
    pub fn display_name(&self) -> String {
        match self.unit.as_ref().map(|u| u.name.as_str()).filter(|n| !n.is_empty()) {
            Some(name) => format!("`{name}` in {}", self.source.display_path()),
            None => self.source.display_path(),
        }
    }

    pub fn new(source: SourceFile, release: Release) -> LintFile {
        LintFile::with_doc(source, release, None)
    }

    /// [`LintFile::new`] with the text's document when it was parsed already (format detection
    /// parses `.properties` files that may be Spring Boot's).
    pub fn with_doc(source: SourceFile, release: Release, parsed: Option<Document>) -> LintFile {
        let binary_at = source.text.find('\0');
        let doc = match parsed {
            _ if binary_at.is_some() => Document::default(),
            Some(doc) => doc,
            None => properties::parse(&source.text),
        };
        let mut last = KeyIndex::with_capacity_and_hasher(doc.entries.len(), Default::default());
        for (i, e) in doc.entries.iter().enumerate() {
            last.insert(e.key.clone(), i);
        }
        LintFile {
            source,
            doc,
            role: None,
            role_source: RoleSource::Unknown,
            release,
            last,
            allow: Vec::new(),
            unknown_keys: None,
            inferred: None,
            client: None,
            binary_at,
            cluster_release: release,
            format: crate::formats::Format::Properties,
            unit: None,
            input: 0,
            not_read: None,
            secrets_known: None,
            classes: std::sync::OnceLock::new(),
            classes_prior: None,
        }
    }

    /// [`LintFile::with_doc`] of a parsed document whose key index the caller has, worked out
    /// from the index of an earlier text (the language server's, [`reindex`]); checked against
    /// the index made afresh in debug builds.
    pub(crate) fn with_doc_index(source: SourceFile, release: Release, doc: Document, last: KeyIndex) -> LintFile {
        let mut f = LintFile::with_doc(source, release, Some(Document::default()));
        debug_assert!(f.binary_at.is_none());
        #[cfg(debug_assertions)]
        {
            let mut fresh = KeyIndex::default();
            for (i, e) in doc.entries.iter().enumerate() {
                fresh.insert(e.key.clone(), i);
            }
            debug_assert_eq!(fresh, last, "{}", f.source.path.display());
        }
        f.doc = doc;
        f.last = last;
        f
    }

    /// A file that is not read as configuration (see [`NotRead`]).
    pub fn not_read(source: SourceFile, why: NotRead, format: crate::formats::Format) -> LintFile {
        let mut f = LintFile::new(SourceFile::new(source.path.clone(), String::new()), Release::newest());
        f.source = source;
        f.format = format;
        f.not_read = Some(why);
        f
    }

    /// A unit of another format: `source` is the whole physical file; `entries` point into it.
    pub fn from_unit(
        source: SourceFile,
        release: Release,
        format: crate::formats::Format,
        entries: Vec<Entry>,
        comments: Vec<properties::Comment>,
        meta: crate::formats::UnitMeta,
    ) -> LintFile {
        let mut last = KeyIndex::with_capacity_and_hasher(entries.len(), Default::default());
        for (i, e) in entries.iter().enumerate() {
            last.insert(e.key.clone(), i);
        }
        LintFile {
            source,
            doc: Document { entries, comments, issues: Vec::new() },
            role: None,
            role_source: RoleSource::Unknown,
            release,
            last,
            allow: Vec::new(),
            unknown_keys: None,
            inferred: None,
            client: None,
            binary_at: None,
            cluster_release: release,
            format,
            unit: Some(meta),
            input: 0,
            not_read: None,
            secrets_known: None,
            classes: std::sync::OnceLock::new(),
            classes_prior: None,
        }
    }

    /// The unit's name (`kafka-1`, `spring.kafka.consumer`), for a unit of another format.
    pub fn unit_name(&self) -> Option<&str> {
        self.unit.as_ref().map(|u| u.name.as_str())
    }

    /// How the value of `doc.entries[i]` is written.
    pub fn syntax(&self, i: usize) -> crate::formats::ValueSyntax {
        match &self.unit {
            None => crate::formats::ValueSyntax::Properties,
            Some(u) => u.syntax.get(i).cloned().unwrap_or(crate::formats::ValueSyntax::Fixed),
        }
    }

    /// A value the platform (image, Spring Boot, Strimzi) sets for `key` when the unit does not.
    pub fn platform_default(&self, key: &str) -> Option<&crate::formats::PlatformDefault> {
        self.unit.as_ref()?.defaults.iter().find(|d| d.key == key)
    }

    pub fn explicit(&self, key: &str) -> Option<&Entry> {
        self.last.get(key).map(|&i| &self.doc.entries[i])
    }

    pub fn info(&self, key: &str) -> Option<KeyInfo> {
        self.role.and_then(|r| lookup(r, key, self.release))
    }

    /// The effective value of `key`: the last explicit entry, else the version's default.
    /// `None` when unset and without a default (null or required).
    pub fn get(&self, key: &str) -> Option<Value<'_>> {
        let info = self.info(key);
        if let Some(e) = self.explicit(key) {
            return Some(Value { key: &e.key, text: std::borrow::Cow::Borrowed(e.value.trim()), origin: Origin::Explicit(e), info });
        }
        if let Some(d) = self.platform_default(key) {
            return Some(Value { key: &d.key, text: std::borrow::Cow::Borrowed(d.value.trim()), origin: Origin::Platform(d), info });
        }
        // A client file written for librdkafka gets librdkafka's defaults, never Java's: its
        // own where it documents the property, else none.
        let librdkafka = self.client.as_deref().is_some_and(|c| c == "librdkafka" || c.starts_with("librdkafka@"));
        if librdkafka && self.role.is_some_and(Role::is_client) {
            let p = knowledge::client_lib("librdkafka").and_then(|l| l.get(key));
            let d = p.and_then(|p| p.default.filter(|d| !d.trim().is_empty()).map(|d| (p.name, d)));
            return d.map(|(name, d)| Value {
                key: name,
                text: std::borrow::Cow::Borrowed(d),
                origin: Origin::Default(self.release),
                info,
            });
        }
        let info = info?;
        match info.def.default_in(self.release)? {
            DefaultVal::Value(v) => Some(Value {
                key: info.def.name,
                text: std::borrow::Cow::Borrowed(v),
                origin: Origin::Default(self.release),
                info: Some(info),
            }),
            DefaultVal::Null | DefaultVal::Required => None,
        }
    }

    /// The directive role (`# kafkalint: role=consumer`), if any.
    pub fn directive_role(&self) -> Option<Result<Role, String>> {
        for c in &self.doc.comments {
            let t = c.text.trim();
            if let Some(rest) = t.strip_prefix("kafkalint:") {
                let rest = rest.trim();
                if let Some(r) = rest.strip_prefix("role=").or_else(|| rest.strip_prefix("role =")) {
                    let r = r.trim();
                    return Some(Role::parse(r).ok_or_else(|| r.to_string()));
                }
            }
        }
        None
    }
}

/// Client libraries kafkalint knows the versions of.
pub const CLIENT_LIBRARIES: [&str; 6] = ["java", "librdkafka", "sarama", "kafka-python", "franz-go", "kafka-go"];

/// Parses `LIB@VERSION` (`java@3.7.0`, `sarama@v1.43.0`); the version may be left out (`librdkafka`).
pub fn parse_client(text: &str) -> Result<(String, Option<crate::version::Version>), String> {
    let (lib, version) = text.split_once('@').unwrap_or((text, ""));
    let lib = lib.trim().to_ascii_lowercase();
    if !CLIENT_LIBRARIES.contains(&lib.as_str()) {
        return Err(format!("`{lib}` is not a client library kafkalint knows; known: {}", CLIENT_LIBRARIES.join(", ")));
    }
    if version.trim().is_empty() {
        return Ok((lib, None));
    }
    let v = crate::version::Version::parse(version).ok_or_else(|| format!("`{version}` is not a version (expected X.Y.Z) in `{text}`"))?;
    Ok((lib, Some(v)))
}

/// Keys of the Scala consumer (`kafka.consumer.ConsumerConfig`, with `ZKConfig`) and the Scala
/// producer (`kafka.producer.ProducerConfig`, `SyncProducerConfig`), which Kafka shipped up to 1.1
/// (apache/kafka tag 1.1.0; gone in 2.0.0): in a consumer or producer file before 2.0 they are
/// that client's keys, not mistakes.
pub const SCALA_CONSUMER_KEYS: &[&str] = &[
    "auto.commit.enable",
    "consumer.id",
    "consumer.timeout.ms",
    "dual.commit.enabled",
    "fetch.message.max.bytes",
    "num.consumer.fetchers",
    "offsets.channel.backoff.ms",
    "offsets.channel.socket.timeout.ms",
    "offsets.commit.max.retries",
    "offsets.storage",
    "queued.max.message.chunks",
    "rebalance.backoff.ms",
    "rebalance.max.retries",
    "refresh.leader.backoff.ms",
    "socket.timeout.ms",
    "zookeeper.connect",
    "zookeeper.connection.timeout.ms",
    "zookeeper.session.timeout.ms",
    "zookeeper.sync.time.ms",
];
pub const SCALA_PRODUCER_KEYS: &[&str] = &[
    "compressed.topics",
    "compression.codec",
    "message.send.max.retries",
    "metadata.broker.list",
    "producer.type",
    "request.required.acks",
    "topic.metadata.refresh.interval.ms",
];

/// Whether `key` is a key of the Scala client of `role` and `release` still shipped it.
///
/// Asked of every key of a client file: the line 2.0 is found once, not by name on every call.
pub fn scala_client_key(role: Role, key: &str, release: Release) -> bool {
    static TWO: std::sync::OnceLock<Option<Release>> = std::sync::OnceLock::new();
    let at_least_2_0 = match *TWO.get_or_init(|| Release::named("2.0")) {
        Some(two) => release >= two,
        None => release.at_least("2.0"),
    };
    debug_assert_eq!(at_least_2_0, release.at_least("2.0"));
    if at_least_2_0 {
        return false;
    }
    match role {
        Role::Consumer => SCALA_CONSUMER_KEYS.contains(&key),
        Role::Producer => SCALA_PRODUCER_KEYS.contains(&key),
        _ => false,
    }
}

/// The release lines a file with no declared version is consistent with, and the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inferred {
    pub lo: Release,
    pub hi: Release,
    /// What sets the lower bound (`None`: the oldest line kafkalint knows).
    pub why_lo: Option<String>,
    /// What sets the upper bound (`None`: the newest line kafkalint knows).
    pub why_hi: Option<String>,
    /// ZooKeeper mode (`zookeeper.connect` without `process.roles`) bounds the range at 3.9.
    pub zookeeper: bool,
    /// The line `inter.broker.protocol.version` names, and the setting as written: every broker
    /// of the cluster runs at least that line.
    pub protocol: Option<(Release, String)>,
}

impl Inferred {
    /// Nothing known yet: every line.
    pub fn unknown() -> Inferred {
        Inferred { lo: Release::oldest(), hi: Release::newest(), why_lo: None, why_hi: None, zookeeper: false, protocol: None }
    }
    /// Whether the keys narrowed anything down.
    pub fn narrowed(&self) -> bool {
        self.lo != Release::oldest() || self.hi != Release::newest()
    }
    /// `2.8 to 3.9`, `3.9`.
    pub fn range_text(&self) -> String {
        if self.lo == self.hi {
            self.lo.to_string()
        } else {
            format!("{} to {}", self.lo, self.hi)
        }
    }
}

/// Infers the release lines a file is consistent with from its keys, for a file with no declared
/// version. The evidence, strongest first:
/// 1. a ZooKeeper-mode broker (`zookeeper.connect` without `process.roles`) runs 3.9 or older
///    (Kafka 4.0 removed ZooKeeper mode);
/// 2. `inter.broker.protocol.version` / `log.message.format.version` name a line the broker is at
///    least at (a broker cannot speak a newer protocol than its own);
/// 3. a key that does not exist yet before some line (`process.roles` from 2.8) raises the lower
///    bound, within the upper bound of 1;
/// 4. a key that was removed after some line lowers the upper bound, unless that contradicts the
///    lower bound (then the key is stale, and reported as removed).
///
/// Version-dependent findings are then judged at the newest line of the range (`hi`).
pub fn infer_releases(file: &LintFile, role: Role) -> Inferred {
    let newest = Release::newest();
    let mut inf = Inferred { lo: Release::oldest(), hi: newest, why_lo: None, why_hi: None, zookeeper: false, protocol: None };
    let explicit = |k: &str| file.last.get(k).map(|&i| &file.doc.entries[i]).filter(|e| !is_placeholder(&e.value));
    if role == Role::Broker {
        let zk = file.last.contains_key("zookeeper.connect") && !file.last.contains_key("process.roles");
        if zk {
            if let Some(last_zk) = Release::all().filter(|r| !r.at_least("4.0")).last() {
                inf.hi = last_zk;
                inf.why_hi = Some("`zookeeper.connect` without `process.roles` (ZooKeeper mode, removed in Kafka 4.0)".into());
                inf.zookeeper = true;
            }
        }
        for key in ["inter.broker.protocol.version", "log.message.format.version"] {
            let Some(e) = explicit(key) else { continue };
            let Some(r) = crate::init::release_of_protocol(&e.value) else { continue };
            if key == "inter.broker.protocol.version" {
                inf.protocol = Some((r, format!("`{key}={}`", e.value.trim())));
            }
            if r > inf.lo && r <= inf.hi {
                inf.lo = r;
                inf.why_lo = Some(format!("`{key}={}`", e.value.trim()));
            }
        }
    }
    // The Scala clients' own keys: a file for them runs 1.1 or older.
    let scala = match role {
        Role::Consumer => Some(("zookeeper.connect", "the Scala consumer")),
        Role::Producer => Some(("metadata.broker.list", "the Scala producer")),
        _ => None,
    };
    if let Some((key, client)) = scala.filter(|(k, _)| file.last.contains_key(*k)) {
        if let Some(r) = Release::named("1.1").filter(|r| *r >= inf.lo && *r < inf.hi) {
            inf.hi = r;
            inf.why_hi = Some(format!("`{key}` in a {role} file ({client}, removed in Kafka 2.0)"));
        }
    }
    // The classes a caller kept for the entries of an earlier text of the file (the language
    // server, on every keystroke): an entry whose key was classed other than known for this role
    // is known to no release of it ([`lookup`] finds a key for a role in some release or in none,
    // and `classify` says `Known` exactly when it finds it), so it is not looked up again.
    let prior = file.classes_prior.as_ref().filter(|p| p.role == role && p.by_entry.len() == file.doc.entries.len());
    let mut defs: Vec<(&str, Release, Release)> = Vec::new();
    for (key, &i) in &file.last {
        // Before the value is read (a cache miss per entry of a large document).
        if prior.is_some_and(|p| matches!(p.by_entry[i], Some(c) if !matches!(c, crate::rules::schema::keys::Class::Known(_)))) {
            debug_assert!(lookup(role, key, newest).is_none(), "`{key}` kept as not a {role} key");
            continue;
        }
        if file.doc.entries[i].value.trim().is_empty() {
            continue;
        }
        let Some(info) = lookup(role, key, newest) else { continue };
        let (Some(first), Some(last)) = (info.def.versions.first(), info.def.versions.last()) else { continue };
        defs.push((key.as_str(), Release(first.0), Release(last.1)));
    }
    defs.sort_by_key(|d| d.0);
    for &(key, first, _) in &defs {
        if first > inf.lo && first <= inf.hi {
            inf.lo = first;
            inf.why_lo = Some(format!("`{key}` (from Kafka {first})"));
        }
    }
    for &(key, _, last) in &defs {
        if last < inf.hi && last >= inf.lo {
            inf.hi = last;
            let gone = Release(last.0 + 1);
            inf.why_hi = Some(format!("`{key}` (removed in Kafka {gone})"));
        }
    }
    // A value Kafka stopped accepting (`processing.guarantee=exactly_once`, removed in 4.0) says
    // the file was written for a line before its removal, as a removed key does.
    for &(key, _, _) in &defs {
        let Some(info) = lookup(role, key, newest) else { continue };
        let value = file.doc.entries[file.last[key]].value.trim();
        for dv in info.def.deprecated_values {
            let Some(removed) = dv.removed.filter(|&r| r > 0) else { continue };
            let last = Release(removed - 1);
            if dv.value.eq_ignore_ascii_case(value) && last < inf.hi && last >= inf.lo {
                inf.hi = last;
                inf.why_hi = Some(format!("`{key}={value}` (removed in Kafka {})", Release(removed)));
            }
        }
    }
    inf
}

#[cfg(test)]
mod inference_tests {
    use super::*;

    /// `foreign_format`'s one pass answers as the three searches it replaced, on keys made of the
    /// pieces they look for (`spring.`, `spring.kafka.`, `clusters`, `->` and near misses).
    #[test]
    fn foreign_format_in_one_pass_answers_as_the_searches() {
        const PIECES: [&str; 10] = ["spring.", "kafka.", "clusters", "-", ">", "->", "a", ".", "spring", "x>"];
        let reference = |doc: &Document| {
            let spring = doc.entries.iter().filter(|e| e.key.starts_with("spring.")).count();
            if spring > 0 && (spring * 3 >= doc.entries.len() || doc.entries.iter().any(|e| e.key.starts_with("spring.kafka."))) {
                Some("a Spring Boot application file (spring.* keys)")
            } else if doc.entries.iter().any(|e| e.key == "clusters" || e.key.contains("->")) {
                Some("a MirrorMaker 2 configuration (clusters, A->B.*)")
            } else {
                None
            }
        };
        let mut seed = 0x5eed_f0f0_1234_abcdu64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut seen = [0usize; 3];
        for _ in 0..20_000 {
            let text: String = (0..next() % 5)
                .map(|_| {
                    let key: String = (0..1 + next() % 3).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
                    format!("{key}=v\n")
                })
                .collect();
            let doc = properties::parse(&text);
            assert_eq!(doc.entries.len(), text.lines().count());
            let got = foreign_format(&doc);
            assert_eq!(got, reference(&doc), "{:?}", doc.entries.iter().map(|e| &e.key).collect::<Vec<_>>());
            seen[match got {
                None => 0,
                Some(s) if s.contains("Spring") => 1,
                Some(_) => 2,
            }] += 1;
        }
        assert!(seen.iter().all(|&n| n > 1_000), "every answer is tried: {seen:?}");
    }

    /// The key index moved along a re-read is the index made afresh, on random edits of texts
    /// that set keys again and again (last entries replaced, removed, set again before or after).
    #[test]
    fn a_key_index_moved_along_a_reread_is_made_afresh() {
        const PARTS: [&str; 9] = ["a=1\n", "b=2\n", "a=3\n", "c=\\\n 4\n", "# a=5\n", "\n", "b", "=", "\\\n"];
        let index = |doc: &Document| doc.entries.iter().enumerate().map(|(i, e)| (e.key.clone(), i)).collect::<KeyIndex>();
        let mut seed = 0x0ddc_0ffe_e0dd_f00du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..3_000 {
            let mut text: String = (0..next() % 30).map(|_| PARTS[(next() % PARTS.len() as u64) as usize]).collect();
            let mut doc = properties::parse(&text);
            let mut last = index(&doc);
            for _ in 0..5 {
                let (x, y) = ((next() % (text.len() as u64 + 1)) as usize, (next() % (text.len() as u64 + 1)) as usize);
                let mut new = text.clone();
                let ins: String = (0..next() % 3).map(|_| PARTS[(next() % PARTS.len() as u64) as usize]).collect();
                new.replace_range(x.min(y)..x.max(y), &ins);
                let (again, splice) = properties::reparse_spliced(&text, doc, &new);
                last = match splice {
                    Some(sp) => reindex(last, &again, sp.entries),
                    None => index(&again),
                };
                assert_eq!(last, index(&again), "round {round}: {text:?} -> {new:?}");
                text = new;
                doc = again;
            }
        }
    }

    #[test]
    fn placeholders() {
        for v in ["${file:/etc/k.properties:pw}", "a${X}", "{{ .Values.x }}", "%KAFKA_HOME%", "x %@BROKER_ID@% y", "@PORT_1.A@", "a@@B@"] {
            assert!(is_placeholder(v), "{v}");
        }
        for v in ["", "$", "{", "$ {x}", "{ {", "50%", "%a%", "%KAFKA_HOME", "user@example.com", "a@b@c", "@@", "%%", "%@@%", "9092"] {
            assert!(!is_placeholder(v), "{v}");
        }
    }

    /// `lookup` as it was written first: every kind's table searched, then every prefix.
    fn lookup_by_search(role: Role, key: &str, release: Release) -> Option<KeyInfo> {
        let mut found: Option<KeyInfo> = None;
        let mut consider = |info: KeyInfo| {
            if info.def.exists_in(release) {
                if found.is_none_or(|f| !f.def.exists_in(release)) {
                    found = Some(info);
                }
            } else if found.is_none() {
                found = Some(info);
            }
        };
        for kind in role.kinds() {
            if let Some(def) = knowledge::kind(kind).and_then(|t| t.get(key)) {
                consider(KeyInfo { def, kind: knowledge::kind(kind).unwrap().kind, prefix: "" });
            }
        }
        for (prefix, kind) in role.passthrough() {
            if let Some(rest) = key.strip_prefix(prefix) {
                if let Some(def) = knowledge::kind(kind).and_then(|t| t.get(rest)) {
                    consider(KeyInfo { def, kind: knowledge::kind(kind).unwrap().kind, prefix });
                }
            }
        }
        found
    }

    #[test]
    fn lookup_agrees_with_searching_every_table() {
        let releases = [Release(0), Release(knowledge::RELEASES.len() as u8 / 2), Release::newest()];
        let mut keys: Vec<String> = Vec::new();
        for t in knowledge::KINDS.iter() {
            for d in t.keys {
                keys.push(d.name.to_string());
                for (prefix, _) in Role::Streams.passthrough().iter().chain(Role::ConnectWorker.passthrough()) {
                    keys.push(format!("{prefix}{}", d.name));
                }
            }
        }
        keys.extend(["", "producer.", "no.such.key"].map(String::from));
        let same = |a: Option<KeyInfo>, b: Option<KeyInfo>| match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => std::ptr::eq(a.def, b.def) && a.kind == b.kind && a.prefix == b.prefix,
            _ => false,
        };
        for role in Role::ALL {
            for &release in &releases {
                for key in &keys {
                    assert!(same(lookup(role, key, release), lookup_by_search(role, key, release)), "{role} {key} {release}");
                }
            }
        }
    }

    #[test]
    fn lookup_by_role() {
        let newest = Release::newest();
        // Own kinds first; a Connect worker's `producer.` keys through their prefix.
        let own = lookup(Role::Producer, "acks", newest).unwrap();
        assert_eq!((own.kind, own.prefix), ("producer", ""));
        let pass = lookup(Role::ConnectWorker, "producer.acks", newest).unwrap();
        assert_eq!((pass.kind, pass.prefix, pass.def.name), ("producer", "producer.", "acks"));
        // Streams forwards plain keys of its embedded clients.
        let plain = lookup(Role::Streams, "max.poll.records", newest).unwrap();
        assert_eq!((plain.kind, plain.prefix), ("consumer", ""));
        assert!(lookup(Role::Consumer, "no.such.key", newest).is_none());
        assert!(lookup(Role::Streams, "producer.", newest).is_none());
    }

    fn infer(text: &str, role: Role) -> Inferred {
        let f = LintFile::new(SourceFile::new("x.properties", text.to_string()), Release::newest());
        infer_releases(&f, role)
    }

    #[test]
    fn zookeeper_broker_is_at_most_3_9() {
        let i = infer("broker.id=1\nzookeeper.connect=zk:2181\nlog.dirs=/data\n", Role::Broker);
        assert_eq!(i.hi, Release::named("3.9").unwrap());
        assert!(i.zookeeper);
        // A KRaft node says nothing of the kind: process.roles exists from 2.8.
        let k = infer("process.roles=broker\nnode.id=1\ncontroller.quorum.voters=1@c:9093\n", Role::Broker);
        assert_eq!(k.hi, Release::newest());
        assert_eq!(k.lo, Release::named("2.8").unwrap());
    }

    #[test]
    fn protocol_raises_the_lower_bound_and_removed_keys_lower_the_upper() {
        let i = infer("zookeeper.connect=zk:2181\ninter.broker.protocol.version=3.6-IV2\n", Role::Broker);
        assert_eq!((i.lo, i.hi), (Release::named("3.6").unwrap(), Release::named("3.9").unwrap()));
        assert_eq!(i.protocol.as_ref().map(|p| p.0), Release::named("3.6"));
        let old = infer("zookeeper.connect=zk:2181\nadvertised.host.name=k1\n", Role::Broker);
        assert_eq!(old.hi, Release::named("2.8").unwrap(), "{old:?}");
        // A removed key that contradicts a newer key is stale, not evidence.
        let stale = infer("process.roles=broker\nnode.id=1\nlog.local.retention.ms=1000\nadvertised.host.name=k1\n", Role::Broker);
        assert_eq!(stale.hi, Release::newest(), "{stale:?}");
    }

    #[test]
    fn scala_client_files_are_at_most_1_1() {
        let c = infer("zookeeper.connect=zk:2181\ngroup.id=g\n", Role::Consumer);
        assert_eq!(c.hi, Release::named("1.1").unwrap(), "{c:?}");
        let p = infer("metadata.broker.list=k:9092\n", Role::Producer);
        assert_eq!(p.hi, Release::named("1.1").unwrap(), "{p:?}");
        assert!(scala_client_key(Role::Consumer, "zookeeper.connect", Release::named("1.1").unwrap()));
        assert!(!scala_client_key(Role::Consumer, "zookeeper.connect", Release::named("2.0").unwrap()));
    }

    #[test]
    fn a_removed_value_lowers_the_upper_bound() {
        let s = infer("application.id=a\nbootstrap.servers=k:9092\nprocessing.guarantee=exactly_once\n", Role::Streams);
        assert_eq!(s.hi, Release::named("3.9").unwrap(), "{s:?}");
        let v2 = infer("application.id=a\nbootstrap.servers=k:9092\nprocessing.guarantee=exactly_once_v2\n", Role::Streams);
        assert_eq!(v2.hi, Release::newest(), "{v2:?}");
    }

    #[test]
    fn a_client_file_with_current_keys_is_not_narrowed_down() {
        let i = infer("bootstrap.servers=k:9092\nacks=all\n", Role::Producer);
        assert_eq!(i.hi, Release::newest());
    }
}
