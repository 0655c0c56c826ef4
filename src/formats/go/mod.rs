//! Go clients: sarama (`github.com/IBM/sarama`, `github.com/Shopify/sarama`), goka,
//! bsm/sarama-cluster, franz-go (`kgo`) and confluent-kafka-go, configured in Go code.
//!
//! Only a `.go` file whose import block names one of those libraries is parsed in full (with
//! tree-sitter's Go grammar); every other `.go` file costs a scan of its first lines. In a parsed
//! file each client configuration becomes a unit:
//! - `sarama.NewConfig()`, `cluster.NewConfig()`, `goka.DefaultConfig()` assigned to a variable,
//!   then the assignments to its fields in the same function (`cfg.Consumer.Group.Session.Timeout
//!   = 10 * time.Second`), evaluated when they are simple (literals, arithmetic, `time` units,
//!   sarama constants, `sarama.ParseKafkaVersion("3.2.0")`, a local variable assigned once from
//!   such an expression); anything else is "unchecked" (a placeholder value rules skip);
//! - `kgo.NewClient(...)` with the options written in the call (or in a `[]kgo.Opt{...}` of the
//!   same function);
//! - `kafka.ConfigMap{...}` literals (librdkafka keys, the client `librdkafka@X` of the librdkafka
//!   the confluent-kafka-go release bundles);
//! - segmentio/kafka-go `kafka.ReaderConfig{…}`, `kafka.Writer{…}`, `kafka.WriterConfig{…}`
//!   (`kafka_go.rs`).
//!
//! A sarama-family configuration built in a helper of the file and returned is followed into the
//! functions that hand it to a constructor or continue it. Each constructor's result variable is
//! kept, for the channel readers and methods called on that client. Topics the code names are
//! recorded on their client. Fields map to Java keys where one exists (knowledge/go/*.toml); the
//! library's own defaults at the `go.mod` version become platform defaults, never Java's. A unit
//! pairs with the compose file of its repository (`compose_for`).

use super::{Naming, PlatformDefault, Read, Unit, UnitEntry, UnitMeta, ValueSyntax};
use crate::model::Role;
use crate::properties::{Comment, Entry};
use crate::source::Span;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};
use tree_sitter::{Node, Parser};

mod kafka_go;
pub mod kip896;

/// The Kafka client modules kafkalint reads, by import path prefix.
pub const MODULES: [(&str, Lib); 8] = [
    ("github.com/IBM/sarama", Lib::Sarama),
    ("github.com/Shopify/sarama", Lib::Sarama),
    ("github.com/lovoo/goka", Lib::Goka),
    ("github.com/bsm/sarama-cluster", Lib::SaramaCluster),
    ("github.com/twmb/franz-go/pkg/kgo", Lib::FranzGo),
    ("github.com/confluentinc/confluent-kafka-go", Lib::Confluent),
    ("gopkg.in/confluentinc/confluent-kafka-go", Lib::Confluent),
    ("github.com/segmentio/kafka-go", Lib::KafkaGo),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lib {
    Sarama,
    Goka,
    SaramaCluster,
    FranzGo,
    Confluent,
    KafkaGo,
}

impl Lib {
    pub fn as_str(self) -> &'static str {
        match self {
            Lib::Sarama => "sarama",
            Lib::Goka => "goka",
            Lib::SaramaCluster => "sarama-cluster",
            Lib::FranzGo => "franz-go",
            Lib::Confluent => "confluent-kafka-go",
            Lib::KafkaGo => "kafka-go",
        }
    }
    /// The go.mod modules that give this library's version.
    fn modules(self) -> &'static [&'static str] {
        match self {
            Lib::Sarama => &["github.com/IBM/sarama", "github.com/Shopify/sarama"],
            Lib::Goka => &["github.com/lovoo/goka"],
            Lib::SaramaCluster => &["github.com/bsm/sarama-cluster"],
            Lib::FranzGo => &["github.com/twmb/franz-go"],
            Lib::Confluent => &["github.com/confluentinc/confluent-kafka-go", "gopkg.in/confluentinc/confluent-kafka-go"],
            Lib::KafkaGo => &["github.com/segmentio/kafka-go"],
        }
    }
}

/// A Go value kafkalint could evaluate.
#[derive(Debug, Clone, PartialEq)]
pub enum GoVal {
    Int(i64),
    /// A `time.Duration` in nanoseconds.
    Dur(i64),
    Bool(bool),
    Str(String),
    /// A library constant (`sarama.WaitForAll`): its name, integer value and the Java value of
    /// the key its field maps to.
    Const {
        name: String,
        int: i64,
        java: String,
    },
    /// A `sarama.KafkaVersion` (`2.1.0.0`).
    Version(String),
}

impl GoVal {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            GoVal::Int(n) | GoVal::Dur(n) | GoVal::Const { int: n, .. } => Some(*n),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            GoVal::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// As Go would print it in a message (`10s`, `sarama.WaitForAll`, `"x"`).
    pub fn show(&self) -> String {
        match self {
            GoVal::Int(n) => n.to_string(),
            GoVal::Dur(n) => show_duration(*n),
            GoVal::Bool(b) => b.to_string(),
            GoVal::Str(s) => format!("{s:?}"),
            GoVal::Const { name, .. } => format!("sarama.{name}"),
            GoVal::Version(v) => format!("sarama.{}", version_constant(v)),
        }
    }
}

/// `10000000000` ns → `10s`, `250ms`, `1m0s` as Go's `time.Duration.String` would, for whole
/// milliseconds; other values in nanoseconds.
pub fn show_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    if ns % 1_000_000_000 == 0 {
        let s = ns / 1_000_000_000;
        if s.abs() >= 60 {
            return format!("{}m{}s", s / 60, (s % 60).abs());
        }
        return format!("{s}s");
    }
    if ns % 1_000_000 == 0 {
        return format!("{}ms", ns / 1_000_000);
    }
    if ns % 1_000 == 0 {
        return format!("{}µs", ns / 1_000);
    }
    format!("{ns}ns")
}

/// `2.1.0` → `V2_1_0_0`, as sarama names its constants.
pub fn version_constant(kafka: &str) -> String {
    let mut parts: Vec<&str> = kafka.split('.').collect();
    while parts.len() < 4 {
        parts.push("0");
    }
    format!("V{}", parts.join("_"))
}

/// One assignment to a field of a client configuration.
#[derive(Debug, Clone)]
pub struct GoField {
    /// `Consumer.Group.Session.Timeout`.
    pub path: String,
    /// `None`: an expression kafkalint does not evaluate (unchecked).
    pub value: Option<GoVal>,
    /// The whole statement, the left side, the right side.
    pub span: Span,
    pub key_span: Span,
    pub value_span: Span,
}

/// What a constructor's result is assigned to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Binding {
    /// Not a constructor (an option, a goka builder).
    #[default]
    None,
    /// `group, err := sarama.NewConsumerGroup(…)`: a local variable.
    Var(String),
    /// `_, err := …`: nothing can read the client.
    Discarded,
    /// Returned, passed on, stored in a field: kafkalint cannot follow it.
    Escapes,
}

/// A constructor or option call found with a configuration.
#[derive(Debug, Clone)]
pub struct GoCall {
    /// `NewConsumerGroup`, `SeedBrokers`, `MaxVersions`.
    pub name: String,
    pub span: Span,
    /// The call's argument text (for messages), at most one line.
    pub args: String,
    /// A constructor: the variable holding the client it returns.
    pub binding: Binding,
    /// Whether the program reads this client's `Errors()` / `Successes()` channel: a call on its
    /// variable anywhere in the file, or the client escapes (kafkalint cannot tell, so yes).
    pub reads_errors: bool,
    pub reads_successes: bool,
    /// The methods called on the client's variable in the file (`CreateTopic`, `ListTopics`).
    pub methods: Vec<String>,
}

impl GoCall {
    fn new(name: &str, span: Span, args: String) -> GoCall {
        GoCall {
            name: name.to_string(),
            span,
            args,
            binding: Binding::None,
            reads_errors: true,
            reads_successes: true,
            methods: Vec::new(),
        }
    }
}

/// A topic named in code (`[]string{"orders"}` given to `Consume`, `kgo.ConsumeTopics("orders")`,
/// `Topic: "orders"`), with where it is written and how it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoTopic {
    pub name: String,
    pub span: Span,
    /// `consume` or `produce`.
    pub how: &'static str,
}

/// What kafkalint read of one client configuration in Go code.
#[derive(Debug, Clone)]
pub struct GoFacts {
    pub lib: Lib,
    /// The library version from go.mod (`1.43.0`), when found.
    pub version: Option<String>,
    /// The go.mod module path of the library (`github.com/Shopify/sarama`).
    pub module: Option<String>,
    /// The configuration variable (`config`), empty for franz-go and ConfigMap literals.
    pub var: String,
    /// The constructor call (`sarama.NewConfig()`): where the configuration starts.
    pub origin: Span,
    /// Field assignments in order (sarama family); the last of a path wins.
    pub fields: Vec<GoField>,
    /// Library constructors using it (`NewConsumerGroup`), or franz-go options.
    pub calls: Vec<GoCall>,
    /// Whether the file reads an `Errors()` / `Successes()` channel anywhere, or marks records
    /// (franz-go `MarkCommitRecords`/`MarkCommitOffsets`), or allows rebalances.
    pub reads_errors: bool,
    pub reads_successes: bool,
    pub marks_records: bool,
    pub allows_rebalance: bool,
    /// Some option or argument was not understood (a variable list of options from elsewhere).
    pub partial: bool,
    /// The sarama version go.mod requires (also for goka and sarama-cluster, which build on it):
    /// the defaults of `sarama.NewConfig()` are that release's.
    pub sarama_version: Option<String>,
    /// Topics the code names for this client (consumed or produced), in source order.
    pub topics: Vec<GoTopic>,
    /// confluent-kafka-go: the librdkafka version its module version bundles (`2.3.0`).
    pub librdkafka: Option<String>,
    /// The configuration was built in another function of the file (`newConfig()`), named here.
    pub built_in: Option<String>,
}

impl GoFacts {
    /// A configuration of `lib` starting at `origin`, nothing read of it yet.
    fn new(lib: Lib, var: String, origin: Span) -> GoFacts {
        GoFacts {
            lib,
            version: None,
            module: None,
            var,
            origin,
            fields: Vec::new(),
            calls: Vec::new(),
            reads_errors: false,
            reads_successes: false,
            marks_records: false,
            allows_rebalance: false,
            partial: false,
            sarama_version: None,
            topics: Vec::new(),
            librdkafka: None,
            built_in: None,
        }
    }

    /// The last assignment of a field.
    pub fn field(&self, path: &str) -> Option<&GoField> {
        self.fields.iter().rev().find(|f| f.path == path)
    }
    /// The value a sarama field has when the program runs: the last assignment (`None` inside
    /// when it is unchecked), else goka's or sarama's default at the go.mod version.
    pub fn value(&self, path: &str) -> Option<(Option<GoVal>, Option<&GoField>)> {
        if let Some(f) = self.field(path) {
            return Some((f.value.clone(), Some(f)));
        }
        sarama_default(self.lib, self.sarama_version.as_deref(), path).map(|v| (Some(v), None))
    }
    /// The evaluated value, `None` when unchecked or unknown.
    pub fn known(&self, path: &str) -> Option<GoVal> {
        self.value(path).and_then(|(v, _)| v)
    }
    pub fn has_call(&self, name: &str) -> bool {
        self.calls.iter().any(|c| c.name == name)
    }
    pub fn call(&self, name: &str) -> Option<&GoCall> {
        self.calls.iter().find(|c| c.name == name)
    }
    /// `sarama v1.43.0` (or `sarama (version unknown)`).
    pub fn lib_text(&self) -> String {
        match &self.version {
            Some(v) => format!("{} v{v}", self.lib.as_str()),
            None => format!("{} (no version in go.mod)", self.lib.as_str()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Knowledge: knowledge/go/*.toml

#[derive(Deserialize)]
struct SaramaFile {
    fields: BTreeMap<String, (String, String)>,
    #[serde(default)]
    changes: Vec<Change>,
    constants: BTreeMap<String, (i64, String)>,
    strings: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Change {
    from: String,
    field: String,
    default: String,
}

#[derive(Deserialize)]
struct GokaFile {
    overrides: BTreeMap<String, String>,
}

#[derive(Deserialize)]
pub struct FranzFile {
    pub defaults: BTreeMap<String, String>,
    pub options: BTreeMap<String, (String, String)>,
    pub acks: BTreeMap<String, String>,
}

static SARAMA: LazyLock<SaramaFile> =
    LazyLock::new(|| toml_edit::de::from_str(include_str!("../../../knowledge/go/sarama.toml")).expect("knowledge/go/sarama.toml"));
static GOKA: LazyLock<GokaFile> =
    LazyLock::new(|| toml_edit::de::from_str(include_str!("../../../knowledge/go/goka.toml")).expect("knowledge/go/goka.toml"));
pub static FRANZ: LazyLock<FranzFile> =
    LazyLock::new(|| toml_edit::de::from_str(include_str!("../../../knowledge/go/franz-go.toml")).expect("knowledge/go/franz-go.toml"));

#[derive(Deserialize)]
struct ConfluentFile {
    bundled: BTreeMap<String, String>,
}

static CONFLUENT: LazyLock<ConfluentFile> = LazyLock::new(|| {
    toml_edit::de::from_str(include_str!("../../../knowledge/go/confluent-kafka-go.toml")).expect("knowledge/go/confluent-kafka-go.toml")
});

/// The librdkafka version a confluent-kafka-go release bundles (knowledge/go/confluent-kafka-go.toml):
/// the entry of the newest listed release at or below it, within the release lines listed (a
/// newer line than the table knows is not guessed; before v1.4.0 nothing is bundled).
pub fn bundled_librdkafka(module_version: &str) -> Option<&'static str> {
    let v = kip896::numbers(module_version);
    let mut found: Option<(&str, &str)> = None;
    for (from, lib) in CONFLUENT.bundled.iter() {
        if kip896::numbers(from) <= v && found.is_none_or(|(f, _)| kip896::numbers(f) < kip896::numbers(from)) {
            found = Some((from.as_str(), lib.as_str()));
        }
    }
    let (_, lib) = found?;
    let line = |x: [u32; 4]| (x[0], x[1]);
    let newest = CONFLUENT.bundled.keys().map(|k| line(kip896::numbers(k))).max()?;
    (line(v) <= newest).then_some(lib)
}

/// The Java key a sarama field maps to.
pub fn java_key(path: &str) -> Option<&'static str> {
    SARAMA.fields.get(path).map(|(_, j)| j.as_str()).filter(|j| !j.is_empty())
}

/// The default `Version` of a sarama release (a Kafka version like `2.1.0`), from
/// knowledge/facts/clients.toml.
pub fn sarama_default_version(version: Option<&str>) -> Option<&'static str> {
    let v = version.and_then(crate::version::Version::parse);
    let mut found = None;
    for i in 0.. {
        let Some(from) = crate::knowledge::fact(&format!("clients.sarama.default_version.{i}.from")) else { break };
        let kafka = crate::knowledge::fact(&format!("clients.sarama.default_version.{i}.kafka"))?;
        match (&v, crate::version::Version::parse(from)) {
            (Some(v), Some(f)) if *v >= f => found = Some(kafka),
            (None, _) => found = Some(kafka),
            _ => {}
        }
    }
    found
}

/// The default of a sarama field (goka's override for a goka configuration) at a sarama
/// version (the newest known defaults when the version is unknown).
pub fn sarama_default(lib: Lib, sarama_version: Option<&str>, path: &str) -> Option<GoVal> {
    if lib == Lib::Goka {
        if let Some(expr) = GOKA.overrides.get(path) {
            return eval_text(expr);
        }
    }
    if path == "Version" {
        return sarama_default_version(sarama_version).map(|k| GoVal::Version(k.to_string()));
    }
    let (mut expr, _) = SARAMA.fields.get(path).cloned()?;
    let v = sarama_version.and_then(crate::version::Version::parse);
    for c in &SARAMA.changes {
        if c.field == path && crate::version::Version::parse(&c.from).is_some_and(|f| v.as_ref().is_none_or(|v| *v >= f)) {
            expr = c.default.clone();
        }
    }
    eval_text(&expr)
}

/// Evaluates a Go expression written in the knowledge files (sarama's package scope).
fn eval_text(expr: &str) -> Option<GoVal> {
    static CACHE: LazyLock<Mutex<HashMap<String, Option<GoVal>>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    if let Some(v) = CACHE.lock().ok()?.get(expr) {
        return v.clone();
    }
    let src = format!("package p\nvar _ = {expr}\n");
    let tree = parse_go(&src)?;
    let mut found = None;
    walk(tree.root_node(), &mut |n| {
        if n.kind() == "var_spec" && found.is_none() {
            found = n.child_by_field_name("value").and_then(|l| l.named_child(0)).map(|e| (e.start_byte(), e.end_byte()));
        }
    });
    let (s, e) = found?;
    let node = tree.root_node().descendant_for_byte_range(s, e)?;
    let imports = Imports { sarama: vec![String::new()], time: vec!["time".into()], ..Default::default() };
    let cx = Eval { text: &src, imports: &imports, locals: &HashMap::new(), bare: true };
    let v = cx.eval(node);
    if let Ok(mut c) = CACHE.lock() {
        c.insert(expr.to_string(), v.clone());
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Cheap detection

/// Whether a path is a Go source file or a go.mod.
pub fn is_go_path(name: &str) -> bool {
    name.ends_with(".go") || name == "go.mod"
}

/// The header of a Go file: the text up to its first top-level declaration after the imports.
fn header(text: &str) -> &str {
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        if ["func ", "func(", "type ", "var ", "const "].iter().any(|p| line.starts_with(p)) {
            return &text[..off];
        }
        off += line.len();
    }
    text
}

/// Whether the import block of a Go file names a Kafka client library (a substring test on the
/// file's header: cheap for the many files of a repository that import none).
pub fn imports_kafka_client(text: &str) -> bool {
    let h = header(text);
    MODULES.iter().any(|(m, _)| memchr::memmem::find(h.as_bytes(), m.as_bytes()).is_some())
}

// ---------------------------------------------------------------------------------------------
// go.mod

/// The versions go.mod requires: module path → version without `v` (`1.43.0`).
pub fn parse_go_mod(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut in_block = false;
    for raw in text.lines() {
        let line = raw.split("//").next().unwrap_or("").trim();
        let rest = if in_block {
            if line.starts_with(')') {
                in_block = false;
                continue;
            }
            line
        } else if let Some(r) = line.strip_prefix("require") {
            let r = r.trim();
            if r.starts_with('(') {
                in_block = true;
                continue;
            }
            r
        } else {
            continue;
        };
        let mut it = rest.split_whitespace();
        if let (Some(m), Some(v)) = (it.next(), it.next()) {
            let v = v.trim_start_matches('v');
            let v = v.split(['-', '+']).next().unwrap_or(v);
            out.insert(m.to_string(), v.to_string());
        }
    }
    // `replace old => new vX`: the version that is really built.
    for raw in text.lines() {
        let line = raw.split("//").next().unwrap_or("").trim();
        let line = line.strip_prefix("replace").map(str::trim).unwrap_or(line);
        if let Some((old, new)) = line.split_once("=>") {
            let old = old.split_whitespace().next().unwrap_or("");
            let mut it = new.split_whitespace();
            if let (Some(m), Some(v)) = (it.next(), it.next()) {
                if out.contains_key(old) {
                    let v = v.trim_start_matches('v');
                    out.remove(old);
                    out.insert(m.to_string(), v.split(['-', '+']).next().unwrap_or(v).to_string());
                }
            }
        }
    }
    out
}

/// The go.mod of a Go file: the nearest one in its directory or above. Read once per directory.
fn go_mod_for(path: &Path) -> Option<Arc<HashMap<String, String>>> {
    type Versions = Option<Arc<HashMap<String, String>>>;
    static CACHE: LazyLock<Mutex<HashMap<PathBuf, Versions>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    let abs = crate::walk::absolute(path).ok()?;
    let mut dir = abs.parent()?.to_path_buf();
    let mut seen = Vec::new();
    let found = loop {
        if let Some(v) = CACHE.lock().ok()?.get(&dir) {
            break v.clone();
        }
        seen.push(dir.clone());
        let candidate = dir.join("go.mod");
        if candidate.is_file() {
            let text = std::fs::read(&candidate).ok().map(|b| String::from_utf8_lossy(&b[..b.len().min(1 << 20)]).into_owned());
            break text.map(|t| Arc::new(parse_go_mod(&t)));
        }
        match dir.parent() {
            Some(p) => dir = p.to_path_buf(),
            None => break None,
        }
    };
    if let Ok(mut c) = CACHE.lock() {
        for d in seen {
            c.insert(d, found.clone());
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Parsing

fn parse_go(text: &str) -> Option<tree_sitter::Tree> {
    thread_local! {
        static PARSER: std::cell::RefCell<Option<Parser>> = const { std::cell::RefCell::new(None) };
    }
    PARSER.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&tree_sitter_go::LANGUAGE.into()).ok()?;
            *p = Some(parser);
        }
        p.as_mut()?.parse(text, None)
    })
}

/// Visits every node in document order.
fn walk<'t>(node: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    let mut cursor = node.walk();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        f(n);
        let kids: Vec<Node<'t>> = n.children(&mut cursor).collect();
        stack.extend(kids.into_iter().rev());
    }
}

fn span(n: Node<'_>) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

/// The package names each library is imported under in one file.
#[derive(Debug, Default, Clone)]
struct Imports {
    sarama: Vec<String>,
    goka: Vec<String>,
    cluster: Vec<String>,
    kgo: Vec<String>,
    kversion: Vec<String>,
    confluent: Vec<String>,
    time: Vec<String>,
    strings: Vec<String>,
    /// segmentio/kafka-go and its `sasl/plain`, `sasl/scram` and `compress` packages.
    kafkago: Vec<String>,
    kafkago_plain: Vec<String>,
    kafkago_scram: Vec<String>,
    kafkago_compress: Vec<String>,
}

fn read_imports(root: Node<'_>, text: &str) -> Imports {
    let mut im = Imports::default();
    walk(root, &mut |n| {
        if n.kind() != "import_spec" {
            return;
        }
        let Some(path) = n.child_by_field_name("path") else { return };
        let p = text[path.start_byte()..path.end_byte()].trim_matches(['"', '`']).to_string();
        let last = p.rsplit('/').next().unwrap_or("").to_string();
        let alias = n.child_by_field_name("name").map(|a| text[a.start_byte()..a.end_byte()].to_string());
        let name = |default: &str| alias.clone().unwrap_or_else(|| default.to_string());
        if p == "time" {
            im.time.push(name("time"));
        } else if p == "strings" {
            im.strings.push(name("strings"));
        } else if p.starts_with("github.com/IBM/sarama") || p.starts_with("github.com/Shopify/sarama") {
            if p == "github.com/IBM/sarama" || p == "github.com/Shopify/sarama" {
                im.sarama.push(name("sarama"));
            }
        } else if p.starts_with("github.com/lovoo/goka") {
            if p == "github.com/lovoo/goka" {
                im.goka.push(name("goka"));
            }
        } else if p == "github.com/bsm/sarama-cluster" {
            im.cluster.push(name("cluster"));
        } else if p == "github.com/twmb/franz-go/pkg/kgo" {
            im.kgo.push(name("kgo"));
        } else if p == "github.com/twmb/franz-go/pkg/kversion" {
            im.kversion.push(name("kversion"));
        } else if p.contains("confluentinc/confluent-kafka-go") && last == "kafka" {
            im.confluent.push(name("kafka"));
        } else if p == "github.com/segmentio/kafka-go" {
            im.kafkago.push(name("kafka"));
        } else if p == "github.com/segmentio/kafka-go/sasl/plain" {
            im.kafkago_plain.push(name("plain"));
        } else if p == "github.com/segmentio/kafka-go/sasl/scram" {
            im.kafkago_scram.push(name("scram"));
        } else if p == "github.com/segmentio/kafka-go/compress" {
            im.kafkago_compress.push(name("compress"));
        }
    });
    im
}

/// Evaluates expressions of one function.
struct Eval<'a> {
    text: &'a str,
    imports: &'a Imports,
    /// Local variables assigned once from an evaluable expression.
    locals: &'a HashMap<String, GoVal>,
    /// Bare identifiers are sarama's constants (the knowledge files, written in sarama's scope).
    bare: bool,
}

impl Eval<'_> {
    fn t(&self, n: Node<'_>) -> &str {
        &self.text[n.start_byte()..n.end_byte()]
    }
    /// `pkg.Name` with `pkg` one of `aliases`: `Name`.
    fn qualified<'n>(&'n self, n: Node<'_>, aliases: &[String]) -> Option<&'n str> {
        if n.kind() != "selector_expression" {
            return None;
        }
        let op = n.child_by_field_name("operand")?;
        let field = n.child_by_field_name("field")?;
        (op.kind() == "identifier" && aliases.iter().any(|a| a == self.t(op))).then(|| &self.text[field.start_byte()..field.end_byte()])
    }
    fn eval(&self, n: Node<'_>) -> Option<GoVal> {
        match n.kind() {
            "int_literal" => parse_int(self.t(n)).map(GoVal::Int),
            // An untyped float constant with an integer value (`10e6`) converts to an int exactly.
            "float_literal" => {
                let f: f64 = self.t(n).replace('_', "").parse().ok()?;
                (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(GoVal::Int(f as i64))
            }
            "true" => Some(GoVal::Bool(true)),
            "false" => Some(GoVal::Bool(false)),
            "interpreted_string_literal" => {
                let raw = self.t(n);
                let inner = raw.get(1..raw.len().saturating_sub(1))?;
                (!inner.contains('\\')).then(|| GoVal::Str(inner.to_string()))
            }
            "raw_string_literal" => {
                let raw = self.t(n);
                Some(GoVal::Str(raw.get(1..raw.len().saturating_sub(1))?.replace('\r', "")))
            }
            "parenthesized_expression" => self.eval(n.named_child(0)?),
            "identifier" if self.bare => sarama_constant(self.t(n)),
            "identifier" => self.locals.get(self.t(n)).cloned(),
            "unary_expression" => {
                let op = n.child_by_field_name("operator")?;
                let v = self.eval(n.child_by_field_name("operand")?)?;
                match (self.t(op), v) {
                    ("-", GoVal::Int(x)) => x.checked_neg().map(GoVal::Int),
                    ("-", GoVal::Dur(x)) => x.checked_neg().map(GoVal::Dur),
                    ("+", v @ (GoVal::Int(_) | GoVal::Dur(_))) => Some(v),
                    ("!", GoVal::Bool(b)) => Some(GoVal::Bool(!b)),
                    _ => None,
                }
            }
            "binary_expression" => {
                let l = self.eval(n.child_by_field_name("left")?)?;
                let r = self.eval(n.child_by_field_name("right")?)?;
                let op = self.t(n.child_by_field_name("operator")?);
                binop(op, l, r)
            }
            "selector_expression" => {
                if let Some(name) = self.qualified(n, &self.imports.time) {
                    return time_unit(name).map(GoVal::Dur);
                }
                let name = self.qualified(n, &self.imports.sarama)?;
                sarama_constant(name)
            }
            "type_conversion_expression" => {
                let ty = n.child_by_field_name("type")?;
                let v = self.eval(n.child_by_field_name("operand")?)?;
                let t = self.t(ty);
                let is_duration = self.imports.time.iter().any(|a| t == format!("{a}.Duration"));
                match v {
                    GoVal::Int(x) | GoVal::Dur(x) if is_duration => Some(GoVal::Dur(x)),
                    GoVal::Int(x) if matches!(t, "int" | "int32" | "int64" | "uint32" | "int16") => Some(GoVal::Int(x)),
                    _ => None,
                }
            }
            "call_expression" => {
                let f = n.child_by_field_name("function")?;
                let args: Vec<Node<'_>> = {
                    let a = n.child_by_field_name("arguments")?;
                    let mut c = a.walk();
                    a.named_children(&mut c).collect()
                };
                if self.qualified(f, &self.imports.time) == Some("Duration") && args.len() == 1 {
                    return match self.eval(args[0])? {
                        GoVal::Int(x) | GoVal::Dur(x) => Some(GoVal::Dur(x)),
                        _ => None,
                    };
                }
                // Integer conversions: int32(x), int64(x), int(x).
                if f.kind() == "identifier" && matches!(self.t(f), "int" | "int32" | "int64" | "uint32" | "int16") && args.len() == 1 {
                    return match self.eval(args[0])? {
                        GoVal::Int(x) => Some(GoVal::Int(x)),
                        _ => None,
                    };
                }
                None
            }
            _ => None,
        }
    }
}

fn parse_int(t: &str) -> Option<i64> {
    let t = t.replace('_', "");
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(h, 16).ok();
    }
    if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        return i64::from_str_radix(b, 2).ok();
    }
    if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        return i64::from_str_radix(o, 8).ok();
    }
    if t.len() > 1 && t.starts_with('0') {
        return i64::from_str_radix(&t[1..], 8).ok();
    }
    t.parse().ok()
}

fn time_unit(name: &str) -> Option<i64> {
    Some(match name {
        "Nanosecond" => 1,
        "Microsecond" => 1_000,
        "Millisecond" => 1_000_000,
        "Second" => 1_000_000_000,
        "Minute" => 60_000_000_000,
        "Hour" => 3_600_000_000_000,
        _ => return None,
    })
}

fn sarama_constant(name: &str) -> Option<GoVal> {
    if let Some((int, java)) = SARAMA.constants.get(name) {
        return Some(GoVal::Const { name: name.to_string(), int: *int, java: java.clone() });
    }
    if let Some(s) = SARAMA.strings.get(name) {
        return Some(GoVal::Str(s.clone()));
    }
    // V2_1_0_0 → 2.1.0.0 (the constants sarama defines for each Kafka release).
    let rest = name.strip_prefix('V')?;
    let parts: Vec<&str> = rest.split('_').collect();
    if parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
        let v = if parts[0] == "0" { parts.join(".") } else { parts[..3].join(".") };
        return Some(GoVal::Version(v));
    }
    None
}

fn binop(op: &str, l: GoVal, r: GoVal) -> Option<GoVal> {
    use GoVal::*;
    let ints = |a: i64, b: i64| -> Option<i64> {
        match op {
            "+" => a.checked_add(b),
            "-" => a.checked_sub(b),
            "*" => a.checked_mul(b),
            "/" => a.checked_div(b),
            "%" => a.checked_rem(b),
            "<<" => u32::try_from(b).ok().filter(|b| *b < 63).and_then(|b| a.checked_shl(b)).filter(|v| v >> b == a),
            _ => None,
        }
    };
    match (l, r) {
        (Int(a), Int(b)) => ints(a, b).map(Int),
        (Dur(a), Int(b)) | (Int(a), Dur(b)) if matches!(op, "*") => ints(a, b).map(Dur),
        (Dur(a), Int(b)) if matches!(op, "/") => ints(a, b).map(Dur),
        // `time.Duration(n) * time.Second`: Go multiplies the two Durations.
        (Dur(a), Dur(b)) if matches!(op, "+" | "-" | "*") => ints(a, b).map(Dur),
        (Dur(a), Dur(b)) if op == "/" => ints(a, b).map(Int),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a file

/// Reads a Go file (or go.mod, which has no units of its own).
pub fn read(path: &Path, text: &str) -> Read {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    if name == "go.mod" || !imports_kafka_client(text) {
        return Read::default();
    }
    let Some(tree) = parse_go(text) else { return Read::default() };
    let root = tree.root_node();
    let comments = comments(root, text);
    if root.has_error() {
        // Skipped with a note (go/unparsed-file): the file is not valid Go.
        let mut at = first_error(root).unwrap_or(0).min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let meta = UnitMeta {
            name: "(not parsed)".into(),
            anchor: Span::empty(at),
            go: Some(Arc::new(GoFacts {
                calls: vec![GoCall::new("(syntax error)", Span::empty(at), String::new())],
                partial: true,
                ..GoFacts::new(Lib::Sarama, String::new(), Span::empty(at))
            })),
            ..Default::default()
        };
        return Read { units: vec![Unit { role: None, entries: Vec::new(), meta }], comments, error: None };
    }
    let imports = read_imports(root, text);
    let go_mod = go_mod_for(path);
    let version_of = |lib: Lib| -> (Option<String>, Option<String>) {
        let Some(m) = &go_mod else { return (None, None) };
        for module in lib.modules() {
            // `github.com/twmb/franz-go` also matches `…/franz-go/pkg/kadm`: the exact module.
            if let Some(v) = m.get(*module) {
                return (Some(v.clone()), Some(module.to_string()));
            }
            if let Some((k, v)) = m.iter().find(|(k, _)| k.starts_with(&format!("{module}/v"))) {
                return (Some(v.clone()), Some(k.clone()));
            }
        }
        (None, None)
    };
    // File-wide facts: the methods called on each receiver (channel readers, admin calls,
    // topics), franz-go marks and rebalance permissions.
    let mut sel_calls: Vec<SelCall<'_>> = Vec::new();
    let mut reads_errors = false;
    let mut reads_successes = false;
    let mut marks = false;
    let mut allows = false;
    walk(root, &mut |n| {
        if n.kind() == "call_expression" {
            if let Some(f) = n.child_by_field_name("function").filter(|f| f.kind() == "selector_expression") {
                let field = f.child_by_field_name("field").map(|x| &text[x.start_byte()..x.end_byte()]).unwrap_or("");
                let operand = f.child_by_field_name("operand").map(|x| &text[x.start_byte()..x.end_byte()]).unwrap_or("");
                let no_args = n.child_by_field_name("arguments").is_some_and(|a| a.named_child_count() == 0);
                match field {
                    "Errors" if no_args => reads_errors = true,
                    "Successes" if no_args => reads_successes = true,
                    "MarkCommitRecords" | "MarkCommitOffsets" => marks = true,
                    "AllowRebalance" => allows = true,
                    _ => {}
                }
                sel_calls.push(SelCall { operand, method: field, no_args, call: n });
            }
        }
    });
    let mut funcs: Vec<(String, Node<'_>)> = Vec::new();
    walk(root, &mut |n| {
        if matches!(n.kind(), "function_declaration" | "method_declaration") {
            if let Some(body) = n.child_by_field_name("body") {
                let fname = n.child_by_field_name("name").map(|x| text[x.start_byte()..x.end_byte()].to_string()).unwrap_or_default();
                funcs.push((fname, body));
            }
        }
    });
    let none = HashMap::new();
    let mut per_func: Vec<Vec<Found>> = funcs.iter().map(|(_, body)| read_function(*body, text, &imports, &none)).collect();
    // Configurations built in a helper of the file (`func newConfig() *sarama.Config { …; return c
    // }`): their callers continue them (`c := newConfig()`) or hand them to a constructor
    // (`sarama.NewConsumerGroup(addrs, "g", newConfig())`).
    let mut helpers: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, (fname, body)) in funcs.iter().enumerate() {
        for (j, f) in per_func[i].iter().enumerate() {
            let family = matches!(f.facts.lib, Lib::Sarama | Lib::Goka | Lib::SaramaCluster);
            if family && !f.facts.var.is_empty() && returns_var(*body, text, &f.facts.var) && !fname.is_empty() {
                helpers.entry(fname.clone()).or_insert((i, j));
            }
        }
    }
    let mut absorbed: Vec<(usize, usize)> = Vec::new();
    if !helpers.is_empty() {
        let templates: HashMap<String, GoFacts> =
            helpers.iter().map(|(name, &(i, j))| (name.clone(), per_func[i][j].facts.clone())).collect();
        let mut attached: Vec<((usize, usize), Found)> = Vec::new();
        // A helper's own function is left as read (its configuration's index must not move).
        let helper_funcs: Vec<usize> = helpers.values().map(|(i, _)| *i).collect();
        let mut reread: Vec<(usize, Vec<Found>)> = Vec::new();
        for (i, (_, body)) in funcs.iter().enumerate() {
            let body_text = &text[body.start_byte()..body.end_byte()];
            if helper_funcs.contains(&i) || !templates.keys().any(|h| body_text.contains(&format!("{h}()"))) {
                continue;
            }
            reread.push((i, read_function(*body, text, &imports, &templates)));
        }
        // A helper continued by several callers stays one unit of its own (each caller's copy
        // would repeat the helper's findings at the helper's lines); its callers' additions are
        // then not read.
        let mut continued: HashMap<String, usize> = HashMap::new();
        for f in reread.iter().flat_map(|(_, v)| v) {
            if let (None, Some(h)) = (&f.attach, &f.facts.built_in) {
                *continued.entry(h.clone()).or_default() += 1;
            }
        }
        for (i, again) in reread {
            let mut own = Vec::new();
            for f in again {
                match (&f.attach, &f.facts.built_in) {
                    (Some(h), _) => {
                        if let Some(at) = helpers.get(h) {
                            attached.push((*at, f));
                        }
                    }
                    (None, Some(h)) if continued.get(h).copied().unwrap_or(0) > 1 => {
                        // Its constructor calls (role, group, addresses) still belong to the
                        // helper's configuration; the helper's own calls are already there.
                        if let Some(at) = helpers.get(h) {
                            let mut f = f;
                            let origin = f.facts.origin;
                            f.facts.calls.retain(|c| c.span.start > origin.start);
                            attached.push((*at, f));
                        }
                    }
                    (None, Some(h)) => {
                        if let Some(at) = helpers.get(h) {
                            absorbed.push(*at);
                        }
                        own.push(f);
                    }
                    _ => own.push(f),
                }
            }
            per_func[i] = own;
        }
        for ((i, j), f) in attached {
            let Some(target) = per_func.get_mut(i).and_then(|v| v.get_mut(j)) else { continue };
            target.facts.calls.extend(f.facts.calls);
            for e in f.entries {
                target.entries.retain(|x| x.key != e.key);
                target.entries.push(e);
            }
            if target.role.is_none() || f.role == Some(Role::Consumer) {
                target.role = f.role.or(target.role);
            }
            // Used as it is: its unit stays.
            absorbed.retain(|a| *a != (i, j));
        }
    }
    let mut units = Vec::new();
    for (i, (fname, _)) in funcs.iter().enumerate() {
        for (j, mut f) in std::mem::take(&mut per_func[i]).into_iter().enumerate() {
            if absorbed.contains(&(i, j)) && f.facts.calls.is_empty() {
                continue;
            }
            let (version, module) = version_of(f.facts.lib);
            f.facts.version = version;
            f.facts.module = module;
            f.facts.sarama_version = version_of(Lib::Sarama).0;
            f.facts.marks_records = marks;
            f.facts.allows_rebalance = allows;
            if f.facts.lib == Lib::Confluent {
                f.facts.librdkafka = f.facts.version.as_deref().and_then(bundled_librdkafka).map(str::to_string);
            }
            // Each constructor's own channel readers and methods.
            let constructors = f.facts.calls.iter().any(|c| c.binding != Binding::None);
            for c in &mut f.facts.calls {
                match &c.binding {
                    Binding::None => {}
                    Binding::Discarded => {
                        c.reads_errors = false;
                        c.reads_successes = false;
                    }
                    Binding::Escapes => {}
                    Binding::Var(v) => {
                        let esc = var_escapes(root, text, v);
                        let on_var: Vec<&SelCall<'_>> = sel_calls.iter().filter(|s| s.operand == v).collect();
                        c.reads_errors = esc || on_var.iter().any(|s| s.method == "Errors" && s.no_args);
                        c.reads_successes = esc || on_var.iter().any(|s| s.method == "Successes" && s.no_args);
                        c.methods = on_var.iter().map(|s| s.method.to_string()).collect();
                        c.methods.dedup();
                    }
                }
            }
            if f.facts.lib == Lib::FranzGo && f.role.is_none() {
                // What the program does with the client: `cl.ProduceSync(…)`, `cl.PollFetches(…)`.
                let methods: Vec<&str> = f.facts.calls.iter().flat_map(|c| c.methods.iter().map(String::as_str)).collect();
                if methods.iter().any(|m| matches!(*m, "PollFetches" | "PollRecords")) {
                    f.role = Some(Role::Consumer);
                } else if methods.iter().any(|m| matches!(*m, "Produce" | "ProduceSync" | "TryProduce")) {
                    f.role = Some(Role::Producer);
                }
            }
            if constructors && f.facts.lib != Lib::FranzGo {
                let cons = f.facts.calls.iter().filter(|c| c.binding != Binding::None);
                let (mut e, mut s) = (false, false);
                for c in cons {
                    e |= c.reads_errors;
                    s |= c.reads_successes;
                }
                f.facts.reads_errors = e;
                f.facts.reads_successes = s;
            } else {
                f.facts.reads_errors = reads_errors;
                f.facts.reads_successes = reads_successes;
            }
            f.facts.topics.extend(topics_of(&f, &sel_calls, root, text, &imports));
            let lib = f.facts.lib;
            let topic_note = (!f.facts.topics.is_empty()).then(|| {
                let names: Vec<String> = f.facts.topics.iter().map(|t| format!("{} ({})", t.name, t.how)).collect();
                format!("topics named in the code: {}", names.join(", "))
            });
            let returned = helpers.values().any(|at| *at == (i, j));
            let fname_called = fname.clone();
            let mut u = to_unit(f, fname, text);
            u.meta.notes.extend(topic_note);
            // A configuration its function returns: the group is given where it is used, maybe in
            // another file of the package.
            if returned && u.role == Some(Role::Consumer) && !u.entries.iter().any(|e| e.key == "group.id") {
                u.meta.defaults.push(super::PlatformDefault {
                    key: "group.id".into(),
                    value: format!("<the group the callers of {fname_called}() give>"),
                    origin: format!("the callers of {fname_called}()"),
                });
            }
            // kafka-go's version matters to compat/client-vs-cluster-version only for the topic
            // requests of `Conn.CreateTopics`/`Conn.DeleteTopics` (v0 before v0.4.48): a file that
            // never calls them is not said to.
            if lib == Lib::KafkaGo && !sel_calls.iter().any(|c| matches!(c.method, "CreateTopics" | "DeleteTopics")) {
                u.meta.client = Some("kafka-go".into());
            }
            units.push(u);
        }
    }
    // Secrets written as literals (`config.Net.SASL.Password = "…"`, `scram.Auth{Pass: "…"}`): every
    // unit shows the whole file, so redaction hides them in all.
    let secrets = secret_literals(root, text);
    for u in &mut units {
        u.meta.file_settings.extend(secrets.iter().cloned());
    }
    // The brokers of the repository's compose file (see [`compose_for`]): the service runs
    // against them (its deployment, and the Kafka version it talks to).
    if !units.is_empty() {
        let (levels, repo) = compose_candidates(path);
        for u in &mut units {
            let hosts: Vec<String> = u
                .entries
                .iter()
                .filter(|e| e.key == "bootstrap.servers")
                .flat_map(|e| {
                    e.value.split(',').map(|a| a.trim().rsplit_once(':').map_or(a.trim(), |(h, _)| h).to_string()).collect::<Vec<_>>()
                })
                .collect();
            if let Some(c) = compose_for(&levels, &repo, &hosts) {
                u.meta.cluster = Some(c.path.clone());
                if let Some(r) = c.release {
                    u.meta.release = Some(r);
                    u.meta.version_source = Some(super::VersionSource::Cluster);
                }
            }
        }
    }
    Read { units, comments, error: None }
}

/// Whether a Go field or key name holds a secret (`Password`, `Pass`, `ClientSecret`, `Token`).
fn secret_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    ["password", "passwd", "passphrase", "secret", "token", "credential", "apikey", "privatekey"].iter().any(|w| l.contains(w))
        || l == "pass"
        || l == "pwd"
}

/// String literals assigned to secret-named fields or keys anywhere in the file, as settings
/// redaction recognises (`sasl.password`).
fn secret_literals(root: Node<'_>, text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut push = |name: Node<'_>, value: Node<'_>, whole: Node<'_>| {
        if !matches!(value.kind(), "interpreted_string_literal" | "raw_string_literal") || value.end_byte() - value.start_byte() < 2 {
            return;
        }
        let inner = Span::new(value.start_byte() + 1, value.end_byte() - 1);
        out.push(Entry {
            key: "sasl.password".into(),
            key_span: span(name),
            value: text[inner.range()].to_string(),
            value_span: inner,
            span: span(whole),
            pieces: vec![inner],
            written: Some(text[name.start_byte()..name.end_byte()].to_string()),
        });
    };
    walk(root, &mut |n| match n.kind() {
        "assignment_statement" => {
            let (Some(l), Some(r)) = (
                n.child_by_field_name("left").and_then(|l| l.named_child(0)),
                n.child_by_field_name("right").and_then(|r| r.named_child(0)),
            ) else {
                return;
            };
            let field = if l.kind() == "selector_expression" { l.child_by_field_name("field") } else { Some(l) };
            if let Some(f) = field.filter(|f| secret_name(&text[f.start_byte()..f.end_byte()])) {
                push(f, r, n);
            }
        }
        "keyed_element" => {
            let (Some(k), Some(v)) = (n.named_child(0), n.named_child(1)) else { return };
            let (k, v) = (k.named_child(0).unwrap_or(k), v.named_child(0).unwrap_or(v));
            let name = &text[k.start_byte()..k.end_byte()];
            if secret_name(name.trim_matches('"')) {
                push(k, v, n);
            }
        }
        _ => {}
    });
    out
}

/// A compose file a Go service may run against: its path as a compose unit names its cluster,
/// its brokers' Kafka version, and the host names its services answer to.
#[derive(Debug, Clone)]
struct ComposeFile {
    path: String,
    release: Option<crate::version::Release>,
    hostnames: Vec<String>,
}

/// The compose files a Go file may pair with, nearest directory first: the compose files
/// (`docker-compose.yml`, `docker-compose.yaml`, `compose.yml`, `compose.yaml`) of its directory
/// and of each ancestor up to the repository's root (the nearest ancestor holding `.git`), or,
/// outside a git repository, up to the Go module's root (the directory of its go.mod). Each
/// level is one entry (a directory may hold several). Read once per directory.
fn compose_candidates(path: &Path) -> (Vec<Vec<ComposeFile>>, Vec<ComposeFile>) {
    type Level = Vec<ComposeFile>;
    static CACHE: LazyLock<Mutex<HashMap<PathBuf, Level>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    // The path as the run names it (relative or absolute) and the directory on disk.
    let mut shown = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let Ok(mut disk) = crate::walk::absolute(if shown.as_os_str().is_empty() { Path::new(".") } else { &shown }) else {
        return (Vec::new(), Vec::new());
    };
    // Where to stop: the repository root, else the module root, else the file's directory.
    let stop = {
        let mut d = Some(disk.as_path());
        let mut found = None;
        let mut module = None;
        while let Some(x) = d {
            if x.join(".git").exists() {
                found = Some(x.to_path_buf());
                break;
            }
            if module.is_none() && x.join("go.mod").is_file() {
                module = Some(x.to_path_buf());
            }
            d = x.parent();
        }
        found.or(module).unwrap_or_else(|| disk.clone())
    };
    let mut out = Vec::new();
    for _ in 0..64 {
        let cached = CACHE.lock().ok().and_then(|c| c.get(&disk).cloned());
        let level = match cached {
            Some(l) => l,
            None => {
                let level = compose_files_in(&disk, &shown);
                if let Ok(mut c) = CACHE.lock() {
                    c.insert(disk.clone(), level.clone());
                }
                level
            }
        };
        // The cache keys directories on disk; the shown path is this file's view of them.
        let level: Vec<ComposeFile> = level
            .into_iter()
            .map(|mut c| {
                let name = Path::new(&c.path).file_name().map(|n| n.to_os_string()).unwrap_or_default();
                c.path = shown.join(name).display().to_string();
                c
            })
            .collect();
        if !level.is_empty() {
            out.push(level);
        }
        if disk == stop {
            break;
        }
        let Some(up) = disk.parent() else { break };
        if !disk.starts_with(&stop) {
            break;
        }
        disk = up.to_path_buf();
        shown = if shown.as_os_str().is_empty() || shown.ends_with("..") || shown.parent().is_none() {
            shown.join("..")
        } else {
            shown.parent().map(Path::to_path_buf).unwrap_or_default()
        };
    }
    (out, repo_compose_files(&stop, &shown))
}

const COMPOSE_NAMES: [&str; 4] = ["docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"];

/// The compose files of one directory (`disk`, named `shown` in this run).
fn compose_files_in(disk: &Path, shown: &Path) -> Vec<ComposeFile> {
    let mut level = Vec::new();
    for n in COMPOSE_NAMES {
        let on_disk = disk.join(n);
        if !on_disk.is_file() {
            continue;
        }
        let Ok(bytes) = std::fs::read(&on_disk) else { continue };
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4 << 20)]).into_owned();
        let p = shown.join(n);
        let read = super::compose::read(&p, &text);
        let release = read.units.iter().filter(|u| u.role == Some(Role::Broker)).find_map(|u| u.meta.release);
        let hostnames = read.units.iter().filter(|u| u.role == Some(Role::Broker)).flat_map(|u| u.meta.hostnames.clone()).collect();
        level.push(ComposeFile { path: p.display().to_string(), release, hostnames });
    }
    level
}

/// Every compose file with Kafka brokers under the repository (or module) root `root`, named as
/// this run names `root` (`shown`): directories to a depth of 4, hidden ones, `vendor`,
/// `node_modules` and `target` left out. Read once per root.
fn repo_compose_files(root: &Path, shown: &Path) -> Vec<ComposeFile> {
    type Listing = Vec<(PathBuf, ComposeFile)>;
    static CACHE: LazyLock<Mutex<HashMap<PathBuf, Listing>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    let cached = CACHE.lock().ok().and_then(|c| c.get(root).cloned());
    let found = cached.unwrap_or_else(|| {
        let mut found: Vec<(PathBuf, ComposeFile)> = Vec::new();
        let mut stack = vec![(root.to_path_buf(), PathBuf::new(), 0usize)];
        while let Some((dir, rel, depth)) = stack.pop() {
            for c in compose_files_in(&dir, &rel) {
                if !c.hostnames.is_empty() || c.release.is_some() {
                    found.push((PathBuf::from(&c.path), c));
                }
            }
            if depth >= 4 {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut subdirs: Vec<(PathBuf, PathBuf)> = entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().to_string();
                    (!name.starts_with('.') && !matches!(name.as_str(), "vendor" | "node_modules" | "target"))
                        .then(|| (e.path(), rel.join(&name)))
                })
                .collect();
            subdirs.sort();
            for (d, r) in subdirs.into_iter().rev() {
                stack.push((d, r, depth + 1));
            }
        }
        if let Ok(mut c) = CACHE.lock() {
            c.insert(root.to_path_buf(), found.clone());
        }
        found
    });
    found
        .into_iter()
        .map(|(rel, mut c)| {
            c.path = shown.join(rel).display().to_string();
            c
        })
        .collect()
}

/// The compose file a Go service pairs with: the one whose broker services answer to a host of
/// the service's bootstrap addresses (`kafka:9092` → the service `kafka`), in the directory or an
/// ancestor, nearest first, else the one compose file of the repository that has such a broker;
/// else
/// the nearest level holding compose files with Kafka brokers, when it holds exactly one (two
/// there are alternatives: none is chosen). Compose files without a broker are passed over.
fn compose_for<'c>(levels: &'c [Vec<ComposeFile>], repo: &'c [ComposeFile], hosts: &[String]) -> Option<&'c ComposeFile> {
    let names = |c: &&ComposeFile| hosts.iter().any(|h| c.hostnames.iter().any(|n| n == h));
    if !hosts.is_empty() {
        if let Some(c) = levels.iter().flatten().find(names) {
            return Some(c);
        }
        // Elsewhere in the repository: only when one compose file has a broker of that name.
        if let [one] = repo.iter().filter(names).collect::<Vec<_>>().as_slice() {
            return Some(*one);
        }
    }
    let brokers = |c: &&ComposeFile| !c.hostnames.is_empty() || c.release.is_some();
    let nearest: Vec<&ComposeFile> = levels.iter().map(|l| l.iter().filter(brokers).collect::<Vec<_>>()).find(|l| !l.is_empty())?;
    match nearest.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

fn first_error(root: Node<'_>) -> Option<usize> {
    let mut at = None;
    walk(root, &mut |n| {
        if at.is_none() && (n.is_error() || n.is_missing()) {
            at = Some(n.start_byte());
        }
    });
    at
}

/// `// …` comments as suppressions read them: the span starts at the second `/`, so the text
/// after the span's first character is the comment's body.
fn comments(root: Node<'_>, text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    walk(root, &mut |n| {
        if n.kind() == "comment" {
            let t = &text[n.start_byte()..n.end_byte()];
            if let Some(body) = t.strip_prefix("//") {
                out.push(Comment { span: Span::new(n.start_byte() + 1, n.end_byte()), text: body.to_string() });
            }
        }
    });
    out
}

/// One configuration found in a function, before it becomes a unit.
struct Found {
    facts: GoFacts,
    /// Extra entries: bootstrap addresses, group id, franz-go options, ConfigMap keys.
    entries: Vec<UnitEntry>,
    role: Option<Role>,
    /// Where an assignment line is inserted (after the configuration's creation) and its indent.
    insert_at: Option<(usize, String)>,
    /// `newConfig()` handed to a constructor: these calls belong to that helper's configuration.
    attach: Option<String>,
}

/// A method call somewhere in the file: `group.Errors()`, `admin.CreateTopic(…)`.
struct SelCall<'t> {
    /// The receiver as written (`group`, `s.group`).
    operand: &'t str,
    method: &'t str,
    no_args: bool,
    call: Node<'t>,
}

/// Whether a function body returns the variable `var` (`return c`, `return c, nil`).
fn returns_var(body: Node<'_>, text: &str, var: &str) -> bool {
    let mut found = false;
    walk(body, &mut |n| {
        if n.kind() == "return_statement" {
            let first = n.named_child(0).and_then(|l| if l.kind() == "expression_list" { l.named_child(0) } else { Some(l) });
            if first.is_some_and(|e| e.kind() == "identifier" && &text[e.start_byte()..e.end_byte()] == var) {
                found = true;
            }
        }
    });
    found
}

/// What a constructor call's result is assigned to.
fn binding(call: Node<'_>, text: &str) -> Binding {
    let Some(list) = call.parent() else { return Binding::Escapes };
    if list.kind() != "expression_list" || list.named_child(0).map(|c| c.id()) != Some(call.id()) || list.named_child_count() != 1 {
        return Binding::Escapes;
    }
    let Some(stmt) = list.parent() else { return Binding::Escapes };
    let left = match stmt.kind() {
        "short_var_declaration" | "assignment_statement" if stmt.child_by_field_name("right").map(|r| r.id()) == Some(list.id()) => {
            stmt.child_by_field_name("left").and_then(|l| l.named_child(0))
        }
        "var_spec" => stmt.child_by_field_name("name"),
        _ => None,
    };
    match left {
        Some(l) if l.kind() == "identifier" => {
            let name = &text[l.start_byte()..l.end_byte()];
            if name == "_" {
                Binding::Discarded
            } else {
                Binding::Var(name.to_string())
            }
        }
        _ => Binding::Escapes,
    }
}

/// Whether a variable named `var` is used anywhere in the file other than as the receiver of a
/// method call or field, or where it is declared (passed to a function, returned, stored,
/// captured by another name): then kafkalint cannot tell who reads its channels.
fn var_escapes(root: Node<'_>, text: &str, var: &str) -> bool {
    let mut escapes = false;
    walk(root, &mut |n| {
        if escapes || n.kind() != "identifier" || &text[n.start_byte()..n.end_byte()] != var {
            return;
        }
        let Some(p) = n.parent() else { return };
        match p.kind() {
            "selector_expression" if p.child_by_field_name("operand").map(|o| o.id()) == Some(n.id()) => {}
            // A comparison (`group == nil`) reads nothing.
            "binary_expression"
                if p.child_by_field_name("operator").is_some_and(|o| matches!(&text[o.start_byte()..o.end_byte()], "==" | "!=")) => {}
            "expression_list" => {
                let decl = p.parent().is_some_and(|g| {
                    matches!(g.kind(), "short_var_declaration" | "assignment_statement")
                        && g.child_by_field_name("left").map(|l| l.id()) == Some(p.id())
                });
                if !decl {
                    escapes = true;
                }
            }
            "var_spec" | "parameter_declaration" | "field_identifier" => {}
            _ => escapes = true,
        }
    });
    escapes
}

/// The strings of `[]string{"a", "b"}`, `"a"`, or a local assigned once from one of them in the
/// function around `n`.
fn string_list(n: Node<'_>, text: &str, im: &Imports) -> Vec<(String, Span)> {
    let ev = Eval { text, imports: im, locals: &HashMap::new(), bare: false };
    let node = if n.kind() == "identifier" {
        let name = &text[n.start_byte()..n.end_byte()];
        let mut func = n;
        while let Some(p) = func.parent() {
            func = p;
            if matches!(p.kind(), "function_declaration" | "method_declaration" | "func_literal") {
                break;
            }
        }
        let mut defs: Vec<Node<'_>> = Vec::new();
        walk(func, &mut |d| {
            if matches!(d.kind(), "short_var_declaration" | "assignment_statement") {
                let (Some(l), Some(r)) = (d.child_by_field_name("left"), d.child_by_field_name("right")) else { return };
                if l.named_child_count() == 1
                    && r.named_child_count() == 1
                    && l.named_child(0).is_some_and(|x| &text[x.start_byte()..x.end_byte()] == name)
                {
                    defs.extend(r.named_child(0));
                }
            }
        });
        match defs.as_slice() {
            [one] => *one,
            _ => return Vec::new(),
        }
    } else {
        n
    };
    match node.kind() {
        "interpreted_string_literal" | "raw_string_literal" => match ev.eval(node) {
            Some(GoVal::Str(s)) if !s.is_empty() => vec![(s, span(node))],
            _ => Vec::new(),
        },
        "composite_literal" => {
            let Some(b) = node.child_by_field_name("body") else { return Vec::new() };
            let mut out = Vec::new();
            let mut c = b.walk();
            for el in b.named_children(&mut c) {
                let x = el.named_child(0).unwrap_or(el);
                match ev.eval(x) {
                    Some(GoVal::Str(s)) if !s.is_empty() => out.push((s, span(x))),
                    _ => return Vec::new(),
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// The value of the field `name` in a composite literal (`Topic: "orders"`).
fn literal_field<'t>(lit: Node<'t>, text: &str, name: &str) -> Option<Node<'t>> {
    let b = lit.child_by_field_name("body")?;
    let mut c = b.walk();
    let found = b
        .named_children(&mut c)
        .find(|el| el.kind() == "keyed_element" && el.named_child(0).is_some_and(|k| text[k.start_byte()..k.end_byte()].trim() == name));
    let el = found?;
    let v = el.named_child(1)?;
    Some(v.named_child(0).filter(|_| v.kind() == "literal_element").unwrap_or(v))
}

/// The topics the code names for one configuration: the arguments of its clients' methods
/// (`group.Consume(ctx, []string{"orders"}, h)`, `consumer.ConsumePartition("orders", 0, …)`),
/// sarama-cluster's topics argument, franz-go's `ConsumeTopics`/`DefaultProduceTopic`, and the
/// `Topic` of `sarama.ProducerMessage` / `kgo.Record` literals in the file for a producer.
fn topics_of(f: &Found, sel: &[SelCall<'_>], root: Node<'_>, text: &str, im: &Imports) -> Vec<GoTopic> {
    let mut out: Vec<GoTopic> = Vec::new();
    let mut push = |list: Vec<(String, Span)>, how: &'static str| {
        for (name, span) in list {
            if !out.iter().any(|t| t.span == span) {
                out.push(GoTopic { name, span, how });
            }
        }
    };
    fn args(n: Node<'_>) -> Vec<Node<'_>> {
        n.child_by_field_name("arguments")
            .map(|a| {
                let mut c = a.walk();
                a.named_children(&mut c).collect()
            })
            .unwrap_or_default()
    }
    let lib = f.facts.lib;
    let mut produces = false;
    for c in &f.facts.calls {
        match (lib, c.name.as_str()) {
            (Lib::FranzGo, "ConsumeTopics") | (Lib::FranzGo, "DefaultProduceTopic") => {
                // The option's call node: find it again by span.
                let how = if c.name == "ConsumeTopics" { "consume" } else { "produce" };
                let node = root.descendant_for_byte_range(c.span.start, c.span.end).filter(|n| n.kind() == "call_expression");
                if let Some(n) = node {
                    for a in args(n) {
                        push(string_list(a, text, im), how);
                    }
                }
                produces |= how == "produce";
            }
            (Lib::SaramaCluster, "NewConsumer") => {
                if let Some(n) = root.descendant_for_byte_range(c.span.start, c.span.end).filter(|n| n.kind() == "call_expression") {
                    if let Some(a) = args(n).get(2) {
                        push(string_list(*a, text, im), "consume");
                    }
                }
            }
            _ => {}
        }
        if let Binding::Var(v) = &c.binding {
            for s in sel.iter().filter(|s| s.operand == v) {
                let a = args(s.call);
                match s.method {
                    "Consume" if a.len() >= 2 => push(string_list(a[1], text, im), "consume"),
                    "ConsumePartition" if !a.is_empty() => push(string_list(a[0], text, im), "consume"),
                    _ => {}
                }
            }
        }
        produces |= c.name.contains("Producer") || c.name == "NewEmitter";
    }
    if lib == Lib::FranzGo && !produces {
        produces = f.role == Some(Role::Producer);
    }
    if lib == Lib::Goka {
        // A goka group graph in the file: `goka.Input("orders", …)` / `goka.Join` / `goka.Lookup`
        // consume, `goka.Output("out", …)` and `goka.NewEmitter(brokers, "out", …)` produce; a
        // topic written `goka.Stream("orders")` or as a string.
        let topic_arg = |a: Node<'_>| -> Vec<(String, Span)> {
            let inner = if a.kind() == "call_expression" || a.kind() == "type_conversion_expression" {
                let f = a.child_by_field_name("function").or_else(|| a.child_by_field_name("type"));
                let is_stream = f.is_some_and(|f| {
                    let t = &text[f.start_byte()..f.end_byte()];
                    im.goka.iter().any(|g| t == format!("{g}.Stream") || t == format!("{g}.Table"))
                });
                if !is_stream {
                    return Vec::new();
                }
                a.child_by_field_name("arguments").and_then(|x| x.named_child(0)).or_else(|| a.child_by_field_name("operand"))
            } else {
                Some(a)
            };
            inner.map(|n| string_list(n, text, im)).unwrap_or_default()
        };
        walk(root, &mut |n| {
            if n.kind() != "call_expression" {
                return;
            }
            let Some(fun) = n.child_by_field_name("function") else { return };
            let name = match fun.kind() {
                "selector_expression" => {
                    let (Some(op), Some(field)) = (fun.child_by_field_name("operand"), fun.child_by_field_name("field")) else { return };
                    if !im.goka.iter().any(|g| g == &text[op.start_byte()..op.end_byte()]) {
                        return;
                    }
                    &text[field.start_byte()..field.end_byte()]
                }
                _ => return,
            };
            let a = args(n);
            match name {
                "Input" | "Join" | "Lookup" if !a.is_empty() => push(topic_arg(a[0]), "consume"),
                "Output" if !a.is_empty() => push(topic_arg(a[0]), "produce"),
                "NewEmitter" if a.len() >= 2 => push(topic_arg(a[1]), "produce"),
                _ => {}
            }
        });
        return out;
    }
    if produces {
        // `&sarama.ProducerMessage{Topic: "orders"}`, `&kgo.Record{Topic: "orders"}` anywhere in the file.
        let (pkgs, ty): (&[String], &str) = match lib {
            Lib::FranzGo => (&im.kgo, "Record"),
            _ => (&im.sarama, "ProducerMessage"),
        };
        walk(root, &mut |n| {
            if n.kind() != "composite_literal" {
                return;
            }
            let Some(t) = n.child_by_field_name("type").filter(|t| t.kind() == "qualified_type") else { return };
            let pkg = t.child_by_field_name("package").map(|p| &text[p.start_byte()..p.end_byte()]).unwrap_or("");
            let name = t.child_by_field_name("name").map(|p| &text[p.start_byte()..p.end_byte()]).unwrap_or("");
            if name != ty || !pkgs.iter().any(|p| p == pkg) {
                return;
            }
            if let Some(v) = literal_field(n, text, "Topic") {
                push(string_list(v, text, im), "produce");
            }
        });
    }
    out
}

/// The statement a node is part of (its ancestor directly inside a block).
fn statement<'t>(n: Node<'t>) -> Node<'t> {
    let mut cur = n;
    while let Some(p) = cur.parent() {
        if p.kind() == "block" || p.kind() == "statement_list" {
            return cur;
        }
        cur = p;
    }
    n
}

fn read_function(body: Node<'_>, text: &str, im: &Imports, helpers: &HashMap<String, GoFacts>) -> Vec<Found> {
    let t = |n: Node<'_>| &text[n.start_byte()..n.end_byte()];
    // Locals assigned exactly once (for `v, err := sarama.ParseKafkaVersion("3.2.0")` and
    // `brokers := []string{…}`).
    let mut assigned: HashMap<String, usize> = HashMap::new();
    let mut local_nodes: HashMap<String, Node<'_>> = HashMap::new();
    let mut versions: HashMap<String, GoVal> = HashMap::new();
    walk(body, &mut |n| {
        let (left, right) = match n.kind() {
            "short_var_declaration" | "assignment_statement" => (n.child_by_field_name("left"), n.child_by_field_name("right")),
            "var_spec" => (n.child_by_field_name("name").and_then(|x| x.parent()), n.child_by_field_name("value")),
            _ => return,
        };
        let (Some(left), Some(right)) = (left, right) else { return };
        let lefts: Vec<Node<'_>> = {
            let mut c = left.walk();
            left.named_children(&mut c).filter(|x| x.kind() == "identifier").collect()
        };
        let rights: Vec<Node<'_>> = {
            let mut c = right.walk();
            right.named_children(&mut c).collect()
        };
        for (i, l) in lefts.iter().enumerate() {
            *assigned.entry(t(*l).to_string()).or_default() += 1;
            if rights.len() == lefts.len() {
                local_nodes.insert(t(*l).to_string(), rights[i]);
            } else if i == 0 && rights.len() == 1 {
                // v, err := sarama.ParseKafkaVersion("3.2.0")
                let call = rights[0];
                if call.kind() == "call_expression" {
                    let ev = Eval { text, imports: im, locals: &HashMap::new(), bare: false };
                    let f = call.child_by_field_name("function");
                    if f.and_then(|f| ev.qualified(f, &im.sarama)) == Some("ParseKafkaVersion") {
                        let arg = call.child_by_field_name("arguments").and_then(|a| a.named_child(0));
                        if let Some(GoVal::Str(s)) = arg.and_then(|a| ev.eval(a)) {
                            if let Some(v) = parse_kafka_version(&s) {
                                versions.insert(t(*l).to_string(), GoVal::Version(v));
                            }
                        }
                    }
                }
            }
        }
    });
    let mut locals: HashMap<String, GoVal> = HashMap::new();
    for (name, n) in &local_nodes {
        if assigned.get(name) == Some(&1) {
            let ev = Eval { text, imports: im, locals: &HashMap::new(), bare: false };
            if let Some(v) = ev.eval(*n) {
                locals.insert(name.clone(), v);
            }
        }
    }
    for (name, v) in versions {
        if assigned.get(&name) == Some(&1) {
            locals.insert(name, v);
        }
    }
    let ev = Eval { text, imports: im, locals: &locals, bare: false };
    let single_local =
        |name: &str| -> Option<Node<'_>> { (assigned.get(name) == Some(&1)).then(|| local_nodes.get(name).copied()).flatten() };

    let mut out: Vec<Found> = Vec::new();
    // 1. sarama-family configurations.
    walk(body, &mut |n| {
        if !matches!(n.kind(), "short_var_declaration" | "assignment_statement" | "var_spec") {
            return;
        }
        let (left, right) = if n.kind() == "var_spec" {
            (n.child_by_field_name("name"), n.child_by_field_name("value").and_then(|v| v.named_child(0)))
        } else {
            (n.child_by_field_name("left").and_then(|l| l.named_child(0)), n.child_by_field_name("right").and_then(|r| r.named_child(0)))
        };
        let (Some(left), Some(right)) = (left, right) else { return };
        if left.kind() != "identifier" || right.kind() != "call_expression" {
            return;
        }
        let Some(f) = right.child_by_field_name("function") else { return };
        // `c := newConfig()`: a helper of the file that returns its configuration.
        let helper = (f.kind() == "identifier" && right.child_by_field_name("arguments").is_some_and(|a| a.named_child_count() == 0))
            .then(|| helpers.get(t(f)))
            .flatten();
        let lib = if let Some(h) = helper {
            h.lib
        } else if ev.qualified(f, &im.sarama) == Some("NewConfig") {
            Lib::Sarama
        } else if ev.qualified(f, &im.cluster) == Some("NewConfig") {
            Lib::SaramaCluster
        } else if ev.qualified(f, &im.goka) == Some("DefaultConfig") {
            Lib::Goka
        } else {
            return;
        };
        let stmt = statement(n);
        let indent = line_indent(text, stmt.start_byte());
        let after = line_end(text, stmt.end_byte());
        let mut facts = GoFacts::new(lib, t(left).to_string(), span(right));
        if let Some(h) = helper {
            facts.fields = h.fields.clone();
            facts.calls = h.calls.clone();
            facts.built_in = Some(t(f).to_string());
        }
        out.push(Found { facts, entries: Vec::new(), role: None, insert_at: Some((after, indent)), attach: None });
    });
    // `sarama.NewConsumerGroup(addrs, "g", newConfig())`: the helper's configuration, used as it is.
    if !helpers.is_empty() {
        let mut seen: Vec<String> = Vec::new();
        walk(body, &mut |n| {
            if n.kind() != "call_expression" || n.child_by_field_name("arguments").is_none_or(|a| a.named_child_count() != 0) {
                return;
            }
            let Some(f) = n.child_by_field_name("function").filter(|f| f.kind() == "identifier") else { return };
            let Some(h) = helpers.get(t(f)) else { return };
            // Only as an argument of a call (a constructor, checked below).
            if n.parent().is_none_or(|p| p.kind() != "argument_list") || seen.iter().any(|s| s == t(f)) {
                return;
            }
            seen.push(t(f).to_string());
            let mut facts = GoFacts::new(h.lib, t(n).to_string(), span(n));
            facts.built_in = Some(t(f).to_string());
            out.push(Found { facts, entries: Vec::new(), role: None, insert_at: None, attach: Some(t(f).to_string()) });
        });
    }
    // Field assignments and constructor calls, in order, for each configuration variable.
    for found in out.iter_mut() {
        let var = found.facts.var.clone();
        // A helper's configuration handed to a constructor: the call is around it.
        let start = if found.attach.is_some() { 0 } else { found.facts.origin.end };
        walk(body, &mut |n| {
            if n.start_byte() < start {
                return;
            }
            match n.kind() {
                "assignment_statement" => {
                    let (Some(l), Some(r)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) else { return };
                    if l.named_child_count() != 1 || r.named_child_count() != 1 {
                        return;
                    }
                    let op = n.child_by_field_name("operator").map(t).unwrap_or("=");
                    let (Some(l), Some(r)) = (l.named_child(0), r.named_child(0)) else { return };
                    let Some(path) = field_path(l, text, &var) else { return };
                    let path = if found.facts.lib == Lib::SaramaCluster {
                        path.strip_prefix("Config.").unwrap_or(&path).to_string()
                    } else {
                        path
                    };
                    let mut value = if op == "=" { ev.eval(r) } else { None };
                    // An untyped constant assigned to a time.Duration field is a Duration
                    // (nanoseconds): `Session.Timeout = 2000` is 2µs.
                    if let Some(GoVal::Int(n)) = value {
                        if matches!(sarama_default(Lib::Sarama, None, &path), Some(GoVal::Dur(_))) {
                            value = Some(GoVal::Dur(n));
                        }
                    }
                    found.facts.fields.push(GoField { path, value, span: span(n), key_span: span(l), value_span: span(r) });
                }
                "call_expression" => {
                    let Some(f) = n.child_by_field_name("function") else { return };
                    let Some(args) = n.child_by_field_name("arguments") else { return };
                    let list: Vec<Node<'_>> = {
                        let mut c = args.walk();
                        args.named_children(&mut c).collect()
                    };
                    if !list.iter().any(|a| matches!(a.kind(), "identifier" | "call_expression") && t(*a) == var) {
                        return;
                    }
                    let name = ev.qualified(f, &im.sarama).or_else(|| ev.qualified(f, &im.cluster)).or_else(|| ev.qualified(f, &im.goka));
                    let Some(name) = name else {
                        // goka.WithConsumerGroupBuilder(goka.ConsumerGroupBuilderWithConfig(cfg)), …
                        return;
                    };
                    let role = match name {
                        "NewConsumerGroup" | "NewConsumer" | "NewConsumerGroupFromClient" | "NewConsumerFromClient" => Some(Role::Consumer),
                        "NewSyncProducer" | "NewAsyncProducer" | "NewSyncProducerFromClient" | "NewAsyncProducerFromClient" => {
                            Some(Role::Producer)
                        }
                        "NewClusterAdmin" | "NewClusterAdminFromClient" => Some(Role::Admin),
                        "NewClient" => None,
                        _ => return,
                    };
                    let arg_text: String = t(args).chars().take(120).collect::<String>().replace('\n', " ");
                    found.facts.calls.push(GoCall { binding: binding(n, text), ..GoCall::new(name, span(n), arg_text) });
                    if found.role.is_none() || role == Some(Role::Consumer) {
                        found.role = role.or(found.role);
                    }
                    // Addresses (first argument) and the group (second, for a consumer group).
                    if !name.ends_with("FromClient") {
                        if let Some(first) = list.first() {
                            if let Some(e) = addresses_entry(*first, text, &ev, &single_local) {
                                found.entries.retain(|x| x.key != "bootstrap.servers");
                                found.entries.push(e);
                            }
                        }
                    }
                    let group_arg = match (found.facts.lib, name) {
                        (Lib::Sarama | Lib::Goka, "NewConsumerGroup") => list.get(1),
                        (Lib::Sarama | Lib::Goka, "NewConsumerGroupFromClient") => list.first(),
                        (Lib::SaramaCluster, "NewConsumer") => list.get(1),
                        _ => None,
                    };
                    if let Some(g) = group_arg {
                        let node = if g.kind() == "identifier" { single_local(t(*g)).unwrap_or(*g) } else { *g };
                        if let Some(GoVal::Str(s)) = ev.eval(*g) {
                            found.entries.retain(|x| x.key != "group.id");
                            found.entries.push(fixed_entry("group.id", "group", &s, span(*g), span(node)));
                        }
                    }
                }
                _ => {}
            }
        });
    }
    // A configuration built in a helper (`func newConfig() *sarama.Config`): its role from the
    // fields it sets.
    for found in out.iter_mut().filter(|f| f.role.is_none() && f.facts.lib != Lib::Goka) {
        if found.facts.fields.iter().any(|f| f.path.starts_with("Consumer.")) {
            found.role = Some(Role::Consumer);
        } else if found.facts.fields.iter().any(|f| f.path.starts_with("Producer.")) {
            found.role = Some(Role::Producer);
        }
    }
    // goka processors and emitters take their configuration globally: a goka configuration of a
    // function that builds a processor is a consumer (and producer) configuration.
    for found in out.iter_mut().filter(|f| f.facts.lib == Lib::Goka && f.role.is_none()) {
        let mut role = None;
        let mut addrs = None;
        walk(body, &mut |n| {
            if n.kind() == "call_expression" {
                if let Some(f) = n.child_by_field_name("function") {
                    let q = ev.qualified(f, &im.goka);
                    match q {
                        Some("NewProcessor" | "NewView") => role = Some(Role::Consumer),
                        Some("NewEmitter") if role.is_none() => role = Some(Role::Producer),
                        _ => return,
                    }
                    found.facts.calls.push(GoCall::new(q.unwrap_or(""), span(n), String::new()));
                    if addrs.is_none() {
                        addrs = n
                            .child_by_field_name("arguments")
                            .and_then(|a| a.named_child(0))
                            .and_then(|a| addresses_entry(a, text, &ev, &single_local));
                    }
                }
            }
        });
        found.role = role;
        found.entries.extend(addrs);
    }
    // 2. franz-go clients.
    walk(body, &mut |n| {
        if n.kind() != "call_expression" {
            return;
        }
        let Some(f) = n.child_by_field_name("function") else { return };
        if ev.qualified(f, &im.kgo) != Some("NewClient") {
            return;
        }
        let Some(args) = n.child_by_field_name("arguments") else { return };
        let mut opts: Vec<Node<'_>> = Vec::new();
        let mut partial = false;
        let mut c = args.walk();
        for a in args.named_children(&mut c) {
            if a.kind() == "variadic_argument" || (a.kind() == "identifier") {
                // kgo.NewClient(opts...): the options of a `[]kgo.Opt{…}` literal assigned once.
                let id = if a.kind() == "variadic_argument" { a.named_child(0) } else { Some(a) };
                let lit = id.filter(|i| i.kind() == "identifier").and_then(|i| single_local(t(i)));
                match lit.filter(|l| l.kind() == "composite_literal") {
                    Some(l) => {
                        if let Some(b) = l.child_by_field_name("body") {
                            let mut c2 = b.walk();
                            for el in b.named_children(&mut c2) {
                                if let Some(x) = el.named_child(0) {
                                    opts.push(x);
                                }
                            }
                        }
                        // `opts = append(opts, …)` elsewhere would add more: not followed.
                        if assigned.get(id.map(t).unwrap_or("")).copied().unwrap_or(0) > 1 {
                            partial = true;
                        }
                    }
                    None => partial = true,
                }
            } else {
                opts.push(a);
            }
        }
        let mut found = Found {
            facts: GoFacts { partial, ..GoFacts::new(Lib::FranzGo, String::new(), span(n)) },
            entries: Vec::new(),
            role: None,
            insert_at: None,
            attach: None,
        };
        // The client itself, for the methods the program calls on it (`cl.ProduceSync`).
        found.facts.calls.push(GoCall { binding: binding(n, text), ..GoCall::new("NewClient", span(n), String::new()) });
        for o in opts {
            if o.kind() != "call_expression" {
                found.facts.partial = true;
                continue;
            }
            let Some(of) = o.child_by_field_name("function") else { continue };
            let Some(name) = ev.qualified(of, &im.kgo) else {
                found.facts.partial = true;
                continue;
            };
            let oargs: Vec<Node<'_>> = o
                .child_by_field_name("arguments")
                .map(|a| {
                    let mut c = a.walk();
                    a.named_children(&mut c).collect()
                })
                .unwrap_or_default();
            let arg_text: String =
                o.child_by_field_name("arguments").map(t).unwrap_or("").chars().take(120).collect::<String>().replace('\n', " ");
            found.facts.calls.push(GoCall::new(name, span(o), arg_text));
            if let Some(e) = franz_option(name, o, &oargs, text, &ev, im) {
                found.entries.retain(|x| x.key != e.key);
                found.entries.push(e);
            }
        }
        let group = found.entries.iter().any(|e| e.key == "group.id") || found.facts.has_call("ConsumeTopics");
        let produces = found.facts.calls.iter().any(|c| {
            matches!(
                c.name.as_str(),
                "RequiredAcks" | "DisableIdempotentWrite" | "DefaultProduceTopic" | "TransactionalID" | "ProducerLinger"
            )
        });
        found.role = if group {
            Some(Role::Consumer)
        } else if produces {
            Some(Role::Producer)
        } else {
            None
        };
        out.push(found);
    });
    // 3. segmentio/kafka-go client literals.
    out.extend(kafka_go::read_function(body, text, im, &ev, &single_local));
    // 4. confluent-kafka-go ConfigMap literals.
    walk(body, &mut |n| {
        if n.kind() != "composite_literal" {
            return;
        }
        let Some(ty) = n.child_by_field_name("type") else { return };
        if ty.kind() != "qualified_type" {
            return;
        }
        let pkg = ty.child_by_field_name("package").map(t).unwrap_or("");
        let name = ty.child_by_field_name("name").map(t).unwrap_or("");
        if name != "ConfigMap" || !im.confluent.iter().any(|a| a == pkg) {
            return;
        }
        let Some(b) = n.child_by_field_name("body") else { return };
        let mut found = Found {
            facts: GoFacts::new(Lib::Confluent, String::new(), span(n)),
            entries: Vec::new(),
            role: None,
            insert_at: None,
            attach: None,
        };
        let mut c = b.walk();
        for el in b.named_children(&mut c) {
            if el.kind() != "keyed_element" {
                continue;
            }
            let (Some(k), Some(v)) = (el.named_child(0), el.named_child(1)) else { continue };
            let (k, v) = (k.named_child(0).unwrap_or(k), v.named_child(0).unwrap_or(v));
            let Some(GoVal::Str(key)) = ev.eval(k) else {
                found.facts.partial = true;
                continue;
            };
            let value = match ev.eval(v) {
                Some(GoVal::Str(s)) => Some(s),
                Some(GoVal::Int(i)) => Some(i.to_string()),
                Some(GoVal::Bool(b)) => Some(b.to_string()),
                _ => None,
            };
            let vs = span(v);
            let (value, syntax) = match value {
                Some(s) => {
                    let render = if v.kind() == "interpreted_string_literal" { GoRender::Str } else { GoRender::Int };
                    (s, ValueSyntax::Go { expr: vs, render })
                }
                None => (format!("${{go:{}}}", one_line(&text[vs.start..vs.end])), ValueSyntax::Fixed),
            };
            let inner = if v.kind() == "interpreted_string_literal" { Span::new(vs.start + 1, vs.end.saturating_sub(1)) } else { vs };
            found.entries.push(UnitEntry {
                key: key.clone(),
                written: key,
                value,
                key_span: span(k),
                value_span: inner,
                span: span(el),
                syntax,
            });
        }
        // The role: what the function builds with a ConfigMap.
        let mut role = None;
        walk(body, &mut |x| {
            if x.kind() == "call_expression" {
                if let Some(f) = x.child_by_field_name("function") {
                    let q = ev.qualified(f, &im.confluent);
                    match q {
                        Some("NewConsumer") => role = Some(Role::Consumer),
                        Some("NewProducer") if role.is_none() => role = Some(Role::Producer),
                        Some("NewAdminClient") if role.is_none() => role = Some(Role::Admin),
                        _ => {}
                    }
                }
            }
        });
        if role.is_none() && found.entries.iter().any(|e| e.key == "group.id") {
            role = Some(Role::Consumer);
        }
        found.role = role;
        out.push(found);
    });
    out
}

fn one_line(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.chars().take(80).collect()
}

fn line_indent(text: &str, at: usize) -> String {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[start..at].chars().take_while(|c| *c == ' ' || *c == '\t').collect()
}

/// The offset after the line terminator of the line holding `at` (or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// `cfg.Consumer.Group.Session.Timeout` → `Consumer.Group.Session.Timeout` when rooted at `var`.
fn field_path(n: Node<'_>, text: &str, var: &str) -> Option<String> {
    let mut parts = Vec::new();
    let mut cur = n;
    loop {
        match cur.kind() {
            "selector_expression" => {
                let f = cur.child_by_field_name("field")?;
                parts.push(&text[f.start_byte()..f.end_byte()]);
                cur = cur.child_by_field_name("operand")?;
            }
            "identifier" => {
                if &text[cur.start_byte()..cur.end_byte()] != var || parts.is_empty() {
                    return None;
                }
                parts.reverse();
                return Some(parts.join("."));
            }
            "parenthesized_expression" | "unary_expression" => cur = cur.named_child(0).or(cur.child_by_field_name("operand"))?,
            _ => return None,
        }
    }
}

/// `"3.2.0"` → `3.2.0` as sarama.ParseKafkaVersion accepts it (`0.10.2.1`, `2.1.0`).
fn parse_kafka_version(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('.').collect();
    if !(3..=4).contains(&parts.len()) || !parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    Some(if parts[0] == "0" { s.to_string() } else { parts[..3].join(".") })
}

fn fixed_entry(key: &str, written: &str, value: &str, value_span: Span, span: Span) -> UnitEntry {
    UnitEntry {
        key: key.into(),
        written: written.into(),
        value: value.into(),
        key_span: value_span,
        value_span,
        span,
        syntax: ValueSyntax::Fixed,
    }
}

/// The addresses a constructor is given: `[]string{"a:9092"}`, a local assigned once from such a
/// literal, or `strings.Split("a:9092,b:9092", ",")`.
fn addresses_entry<'t>(arg: Node<'t>, text: &str, ev: &Eval<'_>, single: &dyn Fn(&str) -> Option<Node<'t>>) -> Option<UnitEntry> {
    let node = if arg.kind() == "identifier" { single(&text[arg.start_byte()..arg.end_byte()])? } else { arg };
    let mut items = Vec::new();
    match node.kind() {
        "composite_literal" => {
            let b = node.child_by_field_name("body")?;
            let mut c = b.walk();
            for el in b.named_children(&mut c) {
                let x = el.named_child(0)?;
                match ev.eval(x) {
                    Some(GoVal::Str(s)) => items.push(s),
                    _ => return None,
                }
            }
        }
        "call_expression" => {
            let f = node.child_by_field_name("function")?;
            if ev.qualified(f, &ev.imports.strings) != Some("Split") {
                return None;
            }
            let a = node.child_by_field_name("arguments")?;
            let (Some(GoVal::Str(s)), Some(GoVal::Str(sep))) =
                (a.named_child(0).and_then(|x| ev.eval(x)), a.named_child(1).and_then(|x| ev.eval(x)))
            else {
                return None;
            };
            if sep != "," {
                return None;
            }
            items = s.split(',').map(str::to_string).collect();
        }
        _ => return None,
    }
    if items.is_empty() {
        return None;
    }
    Some(fixed_entry("bootstrap.servers", "addrs", &items.join(","), span(node), span(node)))
}

fn franz_option(name: &str, call: Node<'_>, args: &[Node<'_>], text: &str, ev: &Eval<'_>, im: &Imports) -> Option<UnitEntry> {
    let (key, how) = FRANZ.options.get(name)?;
    if key.is_empty() {
        return None;
    }
    let whole = span(call);
    let arg = args.first().copied();
    let (value, syntax, value_span) = match how.as_str() {
        "false" | "true" => (how.clone(), ValueSyntax::Fixed, whole),
        "strings" => {
            let mut items = Vec::new();
            for a in args {
                match ev.eval(*a) {
                    Some(GoVal::Str(s)) => items.extend(s.split(',').map(|x| x.trim().to_string())),
                    _ => return None,
                }
            }
            (items.join(","), ValueSyntax::Fixed, span(call.child_by_field_name("arguments")?))
        }
        "string" => match ev.eval(arg?) {
            Some(GoVal::Str(s)) => (s, ValueSyntax::Fixed, span(arg?)),
            _ => return None,
        },
        "int" => match ev.eval(arg?) {
            Some(GoVal::Int(i)) => (i.to_string(), ValueSyntax::Go { expr: span(arg?), render: GoRender::Int }, span(arg?)),
            _ => return None,
        },
        "duration" => match ev.eval(arg?) {
            Some(GoVal::Dur(d)) if d % 1_000_000 == 0 => (
                (d / 1_000_000).to_string(),
                ValueSyntax::Go { expr: span(arg?), render: GoRender::DurationMs { time: time_alias(im) } },
                span(arg?),
            ),
            _ => return None,
        },
        "acks" => {
            let a = arg?;
            // kgo.LeaderAck() is a call of a kgo function.
            let f = a.child_by_field_name("function")?;
            let n = ev.qualified(f, &im.kgo)?;
            (FRANZ.acks.get(n)?.clone(), ValueSyntax::Fixed, span(a))
        }
        _ => return None,
    };
    let _ = text;
    Some(UnitEntry { key: key.clone(), written: format!("kgo.{name}"), value, key_span: whole, value_span, span: whole, syntax })
}

fn time_alias(im: &Imports) -> String {
    im.time.first().cloned().unwrap_or_else(|| "time".into())
}

/// How a replacement value is written in Go for a Java value (see [`ValueSyntax::Go`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoRender {
    Int,
    Bool,
    Str,
    /// A duration field: Java milliseconds → `N * time.Millisecond` (or whole seconds).
    DurationMs {
        time: String,
    },
    /// A constant of sarama: the Java value → `pkg.Name` through the constants table.
    Const {
        pkg: String,
    },
}

impl GoRender {
    /// The Go text for a Java value; `None` when it cannot be written.
    pub fn render(&self, java: &str) -> Option<String> {
        match self {
            GoRender::Int => java.trim().parse::<i64>().ok().map(|n| n.to_string()),
            GoRender::Bool => match java.trim() {
                "true" => Some("true".into()),
                "false" => Some("false".into()),
                _ => None,
            },
            GoRender::Str => (!java.contains(['"', '\\', '\n', '\r'])).then(|| format!("\"{java}\"")),
            GoRender::DurationMs { time } => {
                let ms: i64 = java.trim().parse().ok()?;
                if ms % 1000 == 0 && ms != 0 {
                    Some(format!("{} * {time}.Second", ms / 1000))
                } else {
                    Some(format!("{ms} * {time}.Millisecond"))
                }
            }
            GoRender::Const { pkg } => {
                let want = if java == "-1" { "all" } else { java };
                // Only constants of the field's own kind: the Java value names one.
                SARAMA.constants.iter().find(|(_, (_, j))| j == want).map(|(n, _)| format!("{pkg}.{n}"))
            }
        }
    }
}

/// The Java value of a sarama field's value, for the key it maps to.
fn java_value(key: &str, v: &GoVal) -> Option<String> {
    Some(match v {
        GoVal::Dur(ns) => {
            if ns % 1_000_000 != 0 {
                return None;
            }
            (ns / 1_000_000).to_string()
        }
        GoVal::Int(n) => match key {
            "auto.offset.reset" => match n {
                -1 => "latest".into(),
                -2 => "earliest".into(),
                _ => return None,
            },
            "compression.type" | "isolation.level" => return None,
            _ => n.to_string(),
        },
        GoVal::Bool(b) => b.to_string(),
        GoVal::Str(s) => s.clone(),
        GoVal::Const { java, .. } => java.clone(),
        GoVal::Version(_) => return None,
    })
}

/// How a field's value is rewritten by a fix.
fn render_for(v: Option<&GoVal>, sarama: &str, time: &str) -> Option<GoRender> {
    Some(match v? {
        GoVal::Dur(_) => GoRender::DurationMs { time: time.to_string() },
        GoVal::Int(_) => GoRender::Int,
        GoVal::Bool(_) => GoRender::Bool,
        GoVal::Str(_) => GoRender::Str,
        GoVal::Const { .. } => GoRender::Const { pkg: sarama.to_string() },
        GoVal::Version(_) => return None,
    })
}

fn to_unit(f: Found, func: &str, text: &str) -> Unit {
    let Found { facts, mut entries, role, insert_at, .. } = f;
    let lib = facts.lib;
    let mut defaults = Vec::new();
    let origin = match lib {
        Lib::Goka => format!("goka.DefaultConfig() ({})", facts.lib_text()),
        Lib::FranzGo => format!("franz-go defaults ({})", facts.lib_text()),
        _ => format!("{} defaults", facts.lib_text()),
    };
    let mut client = None;
    let mut notes = Vec::new();
    if matches!(lib, Lib::Sarama | Lib::Goka | Lib::SaramaCluster) {
        // Evaluated fields with a Java key become entries; unchecked ones a placeholder.
        let sarama_pkg = "sarama";
        let mut set: Vec<&str> = Vec::new();
        for (i, fld) in facts.fields.iter().enumerate() {
            if facts.fields[i + 1..].iter().any(|g| g.path == fld.path) {
                continue;
            }
            let Some(key) = java_key(&fld.path) else { continue };
            let default = sarama_default(lib, facts.sarama_version.as_deref(), &fld.path);
            let (value, syntax) = match fld.value.as_ref().and_then(|v| java_value(key, v)) {
                Some(v) => {
                    let render = render_for(fld.value.as_ref().or(default.as_ref()), sarama_pkg, "time");
                    (v, render.map_or(ValueSyntax::Fixed, |r| ValueSyntax::Go { expr: fld.value_span, render: r }))
                }
                None => (format!("${{go:{}}}", one_line(&text[fld.value_span.start..fld.value_span.end])), ValueSyntax::Fixed),
            };
            set.push(key);
            entries.push(UnitEntry {
                key: key.to_string(),
                written: format!("{}.{}", facts.var, fld.path),
                value,
                key_span: fld.key_span,
                value_span: fld.value_span,
                span: fld.span,
                syntax,
            });
        }
        // security.protocol from Net.SASL.Enable and Net.TLS.Enable, when the code sets either.
        let sasl = facts.value("Net.SASL.Enable");
        let tls = facts.value("Net.TLS.Enable");
        let explicit = facts.field("Net.SASL.Enable").or(facts.field("Net.TLS.Enable"));
        if let (Some((Some(GoVal::Bool(s)), _)), Some((Some(GoVal::Bool(t)), _)), Some(at)) = (&sasl, &tls, explicit) {
            let p = match (s, t) {
                (true, true) => "SASL_SSL",
                (true, false) => "SASL_PLAINTEXT",
                (false, true) => "SSL",
                (false, false) => "PLAINTEXT",
            };
            entries.push(UnitEntry {
                key: "security.protocol".into(),
                written: format!("{}.Net.SASL.Enable/Net.TLS.Enable", facts.var),
                value: p.into(),
                key_span: at.key_span,
                value_span: at.value_span,
                span: at.span,
                syntax: ValueSyntax::Fixed,
            });
            set.push("security.protocol");
        }
        let have: Vec<String> = entries.iter().map(|e| e.key.clone()).collect();
        for (path, (_, key)) in SARAMA.fields.iter() {
            if key.is_empty() || have.iter().any(|h| h == key) || facts.field(path).is_some() {
                continue;
            }
            if let Some(v) = sarama_default(lib, facts.sarama_version.as_deref(), path).and_then(|v| java_value(key, &v)) {
                if !v.is_empty() {
                    defaults.push(PlatformDefault { key: key.clone(), value: v, origin: origin.clone() });
                }
            }
        }
        if !have.iter().any(|h| h == "security.protocol") {
            defaults.push(PlatformDefault { key: "security.protocol".into(), value: "PLAINTEXT".into(), origin: origin.clone() });
        }
        if !have.iter().any(|h| h == "sasl.mechanism") {
            // config.go Validate(): an empty Net.SASL.Mechanism becomes SASLTypePlaintext.
            defaults.push(PlatformDefault { key: "sasl.mechanism".into(), value: "PLAIN".into(), origin: origin.clone() });
        }
        let sarama_version = if lib == Lib::Sarama { facts.version.clone() } else { None };
        client = Some(match sarama_version {
            Some(v) => format!("sarama@{v}"),
            None => "sarama".into(),
        });
    } else if lib == Lib::FranzGo {
        for (k, v) in FRANZ.defaults.iter() {
            if !entries.iter().any(|e| &e.key == k) {
                defaults.push(PlatformDefault { key: k.clone(), value: v.clone(), origin: origin.clone() });
            }
        }
        client = Some(match &facts.version {
            Some(v) => format!("franz-go@{v}"),
            None => "franz-go".into(),
        });
        if facts.partial {
            notes.push("some options of kgo.NewClient are not written in the call; only those written were read".into());
        }
    } else if lib == Lib::KafkaGo {
        let kind = facts.calls.first().map(|c| c.name.clone()).unwrap_or_default();
        for d in kafka_go::defaults(&kind, &format!("kafka-go {kind} defaults ({})", facts.lib_text())) {
            if !entries.iter().any(|e| e.key == d.key) {
                defaults.push(d);
            }
        }
        client = Some(match &facts.version {
            Some(v) => format!("kafka-go@{v}"),
            None => "kafka-go".into(),
        });
        if facts.partial {
            notes.push("the Dialer or Transport is not a literal of this function: its TLS, SASL and client id were not read".into());
        }
    } else if lib == Lib::Confluent {
        // The librdkafka the module bundles reads the ConfigMap: its keys are checked against that
        // release line's catalog (compat/key-unknown-to-client).
        client = Some(match &facts.librdkafka {
            Some(v) => format!("librdkafka@{v}"),
            None => "librdkafka".into(),
        });
        if let (Some(v), Some(l)) = (&facts.version, &facts.librdkafka) {
            notes.push(format!(
                "confluent-kafka-go v{v} bundles librdkafka {l} (unless built with `-tags dynamic`, which links the system's)"
            ));
        }
    }
    let name = match lib {
        Lib::FranzGo => format!("{func}: kgo.NewClient"),
        Lib::Confluent => format!("{func}: kafka.ConfigMap"),
        Lib::KafkaGo => format!("{func}: kafka.{}", facts.calls.first().map(|c| c.name.as_str()).unwrap_or("")),
        _ => format!("{func}: {}", facts.var),
    };
    let insert = insert_at.map(|(at, indent)| super::Inserter {
        at,
        line_prefix: indent,
        separator: " = ".into(),
        naming: Naming::GoField { var: facts.var.clone(), sarama: "sarama".into(), time: "time".into() },
        lead_newline: false,
        newline: "\n",
    });
    let file_settings: Vec<Entry> = Vec::new();
    // In source order: a suppression comment applies to the entry right below it.
    entries.sort_by_key(|e| (e.span.start, e.span.end));
    // Only the defaults of keys the role has (a consumer has no `acks`).
    if let Some(r) = role {
        defaults.retain(|d| crate::model::lookup(r, &d.key, crate::version::Release::newest()).is_some());
    }
    let meta = UnitMeta {
        name,
        anchor: facts.origin,
        insert,
        defaults,
        notes,
        client,
        file_settings,
        go: Some(Arc::new(facts)),
        ..Default::default()
    };
    Unit { role, entries, meta }
}

/// The sarama field a Java key maps to (`session.timeout.ms` → `Consumer.Group.Session.Timeout`).
pub fn field_for_java_key(key: &str) -> Option<&'static str> {
    SARAMA.fields.iter().find(|(_, (_, j))| j == key).map(|(f, _)| f.as_str())
}

/// A Java value written as the Go value of the field `key` maps to (`all` → `sarama.WaitForAll`,
/// `30000` → `30 * time.Second`).
pub fn render_java_value(key: &str, value: &str, sarama: &str, time: &str) -> Option<String> {
    let field = field_for_java_key(key)?;
    let default = sarama_default(Lib::Sarama, None, field);
    render_for(default.as_ref(), sarama, time)?.render(value)
}
