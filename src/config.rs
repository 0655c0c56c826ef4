//! `kafkalint.toml`: found from each linted path upwards (first hit wins) or given with `--config`.

use crate::diagnostic::Severity;
use crate::model::Role;
use crate::rules;
use crate::version::Release;
use globset::{Glob, GlobMatcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml_edit::{Item, Table, Value};

pub const FILE_NAMES: [&str; 2] = ["kafkalint.toml", ".kafkalint.toml"];

/// The most read from a configuration file.
const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// A rule's or family's level set in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "off" | "allow" => Some(Level::Off),
            _ => Severity::parse(s).map(Level::On),
        }
    }
}

#[derive(Debug, Clone)]
pub struct FileEntry {
    pub glob: String,
    pub matcher: GlobMatcher,
    pub role: Option<Role>,
    pub client: Option<String>,
    pub kafka_version: Option<Release>,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub path: Option<PathBuf>,
    /// Directory the globs are relative to.
    pub root: PathBuf,
    pub kafka_version: Option<Release>,
    pub fail_on: Option<Severity>,
    /// Rule id or family → level.
    pub rules: HashMap<String, Level>,
    pub files: Vec<FileEntry>,
    pub allow_keys: Vec<String>,
    /// `[keys] unknown`: the level of unknown keys that are plainly not Kafka's (no close match
    /// to a key of the role, outside Kafka's namespaces): `None` is the default, info.
    pub unknown_keys: Option<Level>,
    pub clusters: Vec<ClusterDecl>,
    /// `exclude`: globs of files and directories a directory walk skips (replaces the default,
    /// `target` and `node_modules`); `None`: the default.
    pub exclude: Option<Vec<String>>,
    /// `extend-exclude`: globs skipped on top of `exclude`.
    pub extend_exclude: Vec<String>,
    /// `[per-file-ignores]`: files (a glob relative to the config's directory) → rules or
    /// families that do not run on them, as ruff's `per-file-ignores`.
    pub per_file_ignores: Vec<(String, GlobMatcher, Vec<String>)>,
    /// Every cluster's broker and client globs in one set, built on first use: a file is matched
    /// once, not once per glob of every cluster (100 declared clusters made that half of a run).
    /// Keyed by the literal directory each glob starts with (`team-a/svc-1/` for
    /// `team-a/svc-1/server-*.properties`): a file is matched against the globs of its own
    /// directories only, so 1,000 declared clusters cost a file no more than one.
    cluster_set: std::sync::OnceLock<ClusterIndex>,
    /// Each path's cluster, once matched (a run asks for a file's cluster more than once).
    cluster_memo: std::sync::Arc<std::sync::Mutex<ClusterMemo>>,
    /// `root` made absolute, on first use (every file's globs are matched relative to it).
    root_abs: std::sync::OnceLock<Option<PathBuf>>,
}

/// The directory part of a glob's literal start (`team-a/svc-1/` for
/// `team-a/svc-1/server-*.properties`, empty for `*/x` or `**/x`): every path the glob matches
/// starts with it.
fn literal_dir(glob: &str) -> &str {
    let literal = glob.find(['*', '?', '[', '{', '\\']).map_or(glob, |i| &glob[..i]);
    literal.rfind('/').map_or("", |i| &literal[..=i])
}

/// A literal directory → the set of cluster globs that start with it, and each glob's (cluster
/// index, is a broker glob).
type ClusterIndex = HashMap<String, (globset::GlobSet, Vec<(usize, bool)>), foldhash::fast::RandomState>;

/// A path → its cluster (index, as a broker file) memo.
type ClusterMemo = HashMap<PathBuf, Option<(usize, bool)>>;

/// A config file error, with the place in the file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path.display(), self.line, self.column, self.message)
    }
}

const TOP_KEYS: [&str; 9] =
    ["kafka-version", "fail-on", "rules", "files", "keys", "clusters", "exclude", "extend-exclude", "per-file-ignores"];
const CLUSTER_KEYS: [&str; 9] =
    ["name", "brokers", "clients", "broker-count", "kafka-version", "facts", "min-insync-replicas", "message-max-bytes", "listeners"];

/// A cluster declared in kafkalint.toml: its broker files, its client files, and facts about it
/// that no file states.
#[derive(Debug, Clone)]
pub struct ClusterDecl {
    pub name: String,
    pub brokers: Vec<(String, GlobMatcher)>,
    pub clients: Vec<(String, GlobMatcher)>,
    /// Number of brokers, when declared (`broker-count = 3`, or `brokers = 3`).
    pub broker_count: Option<usize>,
    pub kafka_version: Option<Release>,
    /// Broker settings that hold for the whole cluster (`[clusters.facts]`, and the shorthands
    /// `min-insync-replicas`, `message-max-bytes`, `listeners` for `advertised.listeners`).
    pub facts: Vec<(String, String)>,
}

impl ClusterDecl {
    fn matches(globs: &[(String, GlobMatcher)], rel: &Path, path: &Path) -> bool {
        globs.iter().any(|(_, g)| g.is_match(rel) || g.is_match(path))
    }
}
const FILE_KEYS: [&str; 4] = ["glob", "role", "client", "kafka-version"];
const KEYS_KEYS: [&str; 2] = ["allow", "unknown"];

/// A value quoted in an error: at most 60 characters (a huge value is not echoed whole).
fn quoted(v: &str) -> String {
    let v = crate::redact::printable(v);
    if v.chars().count() <= 60 {
        v.into_owned()
    } else {
        format!("{}…", v.chars().take(60).collect::<String>())
    }
}

/// A TOML scalar as the text Kafka would read; arrays and tables are not settings.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.value().clone()),
        Value::Integer(i) => Some(i.value().to_string()),
        Value::Float(f) => Some(f.value().to_string()),
        Value::Boolean(b) => Some(b.value().to_string()),
        _ => None,
    }
}

/// Kinds of the knowledge base whose keys a cluster fact may name (broker and topic settings).
const FACT_KINDS: [&str; 5] = ["broker", "remote-log-manager", "remote-log-metadata-manager", "broker-extra", "topic"];

/// Checks a `[clusters.facts]` setting against the knowledge base: a broker (or topic) key, and
/// a value of its type that its validator accepts in the newest release line.
fn check_fact(key: &str, value: &str) -> Result<(), String> {
    let def = FACT_KINDS.iter().filter_map(|k| crate::knowledge::kind(k)).find_map(|t| t.get(key));
    let Some(def) = def else {
        let names = FACT_KINDS.iter().filter_map(|k| crate::knowledge::kind(k)).flat_map(|t| t.keys.iter().map(|d| d.name));
        return Err(format!("`{}` is not a broker setting kafkalint knows{}", quoted(key), did_you_mean(key, names)));
    };
    let Some(ty) = def.ty.last().map(|t| t.2) else { return Ok(()) };
    if crate::model::is_placeholder(value) {
        return Ok(());
    }
    let expected = match def.valid_in(Release::newest()) {
        Some(v) if !v.text.is_empty() => format!("{} ({})", ty.name(), v.text),
        _ => ty.name().to_string(),
    };
    if crate::knowledge::validators::parse_typed(ty.name(), value).is_err() {
        return Err(format!("`{key}` takes a {expected}, not `{}`", quoted(value)));
    }
    if let Some(validator) = def.valid_in(Release::newest()).and_then(|v| v.validator) {
        if validator.check(crate::knowledge::validators::java_trim(value)).is_err() {
            return Err(format!("`{key}` takes a {expected}, not `{}`", quoted(value)));
        }
    }
    Ok(())
}

/// A `[keys] allow` entry: a key name with `*` and `?` as the only wildcards.
fn check_allow(g: &str) -> Result<(), String> {
    if g.trim().is_empty() {
        return Err("an `allow` entry must not be empty".into());
    }
    if let Some(c) = g.chars().find(|c| matches!(c, '[' | ']' | '{' | '}' | '=' | ':' | '#' | '!') || c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{}` is not a key pattern: `{}` is not allowed (a key name with `*` and `?` as wildcards is expected)",
            quoted(g),
            quoted(&c.to_string())
        ));
    }
    Ok(())
}

fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let best =
        candidates.into_iter().map(|c| (strsim::levenshtein(word, c), c)).filter(|(d, c)| *d <= 2.max(c.len() / 3)).min_by_key(|(d, _)| *d);
    match best {
        Some((_, c)) => format!(" (did you mean `{c}`?)"),
        None => String::new(),
    }
}

impl Config {
    /// Finds the config for a path: the first `kafkalint.toml`/`.kafkalint.toml` in it (if a
    /// directory) or its ancestors.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let abs = crate::walk::absolute(start).ok()?;
        let mut dir = if abs.is_dir() { Some(abs.as_path()) } else { abs.parent() };
        while let Some(d) = dir {
            for name in FILE_NAMES {
                let p = d.join(name);
                if p.is_file() {
                    return Some(p);
                }
            }
            dir = d.parent();
        }
        None
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        use std::io::Read;
        let fail = |message: String| ConfigError { path: path.to_path_buf(), line: 1, column: 1, message };
        // Bounded: `--config /dev/zero` is an error, not a read until memory runs out.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| fail(format!("cannot read: {e}")))?;
        if bytes.len() as u64 > MAX_CONFIG_BYTES {
            return Err(fail(format!("larger than {} MiB; not a kafkalint.toml", MAX_CONFIG_BYTES >> 20)));
        }
        let text = String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text; a kafkalint.toml is TOML".into()))?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let err_at = |span: Option<std::ops::Range<usize>>, message: String| {
            let offset = span.map_or(0, |s| s.start);
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            ConfigError { path: path.to_path_buf(), line, column, message }
        };
        let spanned = toml_edit::ImDocument::parse(text.to_string()).map_err(|e| err_at(e.span(), e.message().to_string()))?;
        let root_table = spanned.as_table();
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut cfg = Config { path: Some(path.to_path_buf()), root, ..Default::default() };

        let key_span = |t: &Table, k: &str| t.key(k).and_then(|k| k.span());
        let str_of = |item: &Item, what: &str| -> Result<String, ConfigError> {
            item.as_str().map(str::to_string).ok_or_else(|| err_at(item.span(), format!("`{what}` must be a string")))
        };

        for (k, item) in root_table.iter() {
            if !TOP_KEYS.contains(&k) {
                return Err(err_at(key_span(root_table, k), format!("unknown key `{k}`{}", did_you_mean(k, TOP_KEYS))));
            }
            match k {
                "kafka-version" => {
                    let v = str_of(item, k)?;
                    cfg.kafka_version = Some(Release::parse(&v).map_err(|m| err_at(item.span(), m))?);
                }
                "fail-on" => {
                    let v = str_of(item, k)?;
                    cfg.fail_on =
                        Some(Severity::parse(&v).ok_or_else(|| {
                            err_at(item.span(), format!("`fail-on` must be error, warning or info, not `{}`", quoted(&v)))
                        })?);
                }
                "rules" => {
                    let t = item.as_table().ok_or_else(|| err_at(item.span(), "`rules` must be a table".into()))?;
                    for (rk, rv) in t.iter() {
                        let known = rules::by_id(rk).is_some() || rules::families().contains(&rk) || rules::redirect(rk).is_some();
                        if !known {
                            let ids = rules::RULES.iter().map(|r| r.meta().id).chain(rules::families());
                            return Err(err_at(key_span(t, rk), format!("unknown rule or family `{rk}`{}", did_you_mean(rk, ids))));
                        }
                        let v = str_of(rv, rk)?;
                        let level = Level::parse(&v)
                            .ok_or_else(|| err_at(rv.span(), format!("`{}` is not a level (off, info, warning, error)", quoted(&v))))?;
                        let id = rules::redirect(rk).unwrap_or(rk);
                        cfg.rules.insert(id.to_string(), level);
                    }
                }
                "files" => {
                    let arr = item
                        .as_array_of_tables()
                        .ok_or_else(|| err_at(item.span(), "`files` must be an array of tables: [[files]]".into()))?;
                    for t in arr.iter() {
                        let mut glob = None;
                        let mut entry_role = None;
                        let mut client = None;
                        let mut version = None;
                        for (fk, fv) in t.iter() {
                            if !FILE_KEYS.contains(&fk) {
                                return Err(err_at(
                                    key_span(t, fk),
                                    format!("unknown key `{fk}` in [[files]]{}", did_you_mean(fk, FILE_KEYS)),
                                ));
                            }
                            let v = str_of(fv, fk)?;
                            match fk {
                                "glob" if v.trim().is_empty() => {
                                    return Err(err_at(
                                        fv.span(),
                                        "`glob` must not be empty (a glob such as `conf/*.properties` is expected)".into(),
                                    ))
                                }
                                "glob" => {
                                    Glob::new(&v).map_err(|e| err_at(fv.span(), format!("bad glob `{}`: {}", quoted(&v), e.kind())))?;
                                    glob = Some(v)
                                }
                                "role" => {
                                    entry_role = Some(Role::parse(&v).ok_or_else(|| {
                                        err_at(
                                            fv.span(),
                                            format!(
                                                "`{}` is not a role (broker, topic, producer, consumer, admin, streams, connect-worker)",
                                                quoted(&v)
                                            ),
                                        )
                                    })?)
                                }
                                "client" => {
                                    let bad = |m: String| {
                                        err_at(
                                            fv.span(),
                                            if v.len() > 60 { format!("`{}` is not LIB or LIB@VERSION", quoted(&v)) } else { m },
                                        )
                                    };
                                    crate::model::parse_client(&v).map_err(bad)?;
                                    if v.split_once('@').is_some_and(|(_, ver)| ver.trim().is_empty()) {
                                        return Err(bad(format!("`{v}` names no version after `@` (LIB or LIB@X.Y.Z is expected)")));
                                    }
                                    client = Some(v)
                                }
                                "kafka-version" => version = Some(Release::parse(&v).map_err(|m| err_at(fv.span(), m))?),
                                _ => unreachable!(),
                            }
                        }
                        let glob = glob.ok_or_else(|| err_at(t.span(), "a [[files]] entry needs a `glob`".into()))?;
                        let matcher = Glob::new(&glob)
                            .map_err(|e| err_at(t.span(), format!("bad glob `{}`: {}", quoted(&glob), e.kind())))?
                            .compile_matcher();
                        cfg.files.push(FileEntry { glob, matcher, role: entry_role, client, kafka_version: version });
                    }
                }
                "clusters" => {
                    let arr = item
                        .as_array_of_tables()
                        .ok_or_else(|| err_at(item.span(), "`clusters` must be an array of tables: [[clusters]]".into()))?;
                    for t in arr.iter() {
                        let mut c = ClusterDecl {
                            name: String::new(),
                            brokers: Vec::new(),
                            clients: Vec::new(),
                            broker_count: None,
                            kafka_version: None,
                            facts: Vec::new(),
                        };
                        let globs = |v: &Item, what: &str| -> Result<Vec<(String, GlobMatcher)>, ConfigError> {
                            let arr = v.as_array().ok_or_else(|| err_at(v.span(), format!("`{what}` must be a list of globs")))?;
                            arr.iter()
                                .map(|g| {
                                    let g = g.as_str().ok_or_else(|| err_at(g.span(), format!("`{what}` must be a list of strings")))?;
                                    if g.trim().is_empty() {
                                        return Err(err_at(v.span(), format!("`{what}` must not hold an empty glob")));
                                    }
                                    let m = Glob::new(g)
                                        .map_err(|e| err_at(v.span(), format!("bad glob `{}`: {}", quoted(g), e.kind())))?
                                        .compile_matcher();
                                    Ok((g.to_string(), m))
                                })
                                .collect()
                        };
                        let count = |v: &Item, what: &str| -> Result<usize, ConfigError> {
                            v.as_integer()
                                .filter(|n| *n >= 1)
                                .map(|n| n as usize)
                                .ok_or_else(|| err_at(v.span(), format!("`{what}` must be a positive number")))
                        };
                        for (ck, cv) in t.iter() {
                            if !CLUSTER_KEYS.contains(&ck) {
                                return Err(err_at(
                                    key_span(t, ck),
                                    format!("unknown key `{ck}` in [[clusters]]{}", did_you_mean(ck, CLUSTER_KEYS)),
                                ));
                            }
                            match ck {
                                "name" => c.name = str_of(cv, ck)?,
                                "brokers" if cv.is_integer() => c.broker_count = Some(count(cv, ck)?),
                                "brokers" => c.brokers = globs(cv, ck)?,
                                "clients" => c.clients = globs(cv, ck)?,
                                "broker-count" => c.broker_count = Some(count(cv, ck)?),
                                "kafka-version" => {
                                    let v = str_of(cv, ck)?;
                                    c.kafka_version = Some(Release::parse(&v).map_err(|m| err_at(cv.span(), m))?);
                                }
                                "min-insync-replicas" | "message-max-bytes" | "listeners" => {
                                    let key = match ck {
                                        "min-insync-replicas" => "min.insync.replicas",
                                        "message-max-bytes" => "message.max.bytes",
                                        _ => "advertised.listeners",
                                    };
                                    let v = match (ck, cv.as_value()) {
                                        ("listeners", Some(Value::String(s))) => s.value().clone(),
                                        ("listeners", _) => {
                                            return Err(err_at(
                                                cv.span(),
                                                "`listeners` must be a string: the advertised listeners, `SASL_SSL://kafka-1:9093,…`"
                                                    .into(),
                                            ))
                                        }
                                        (_, Some(v @ (Value::Integer(_) | Value::String(_)))) => scalar(v).unwrap_or_default(),
                                        _ => return Err(err_at(cv.span(), format!("`{ck}` must be a whole number"))),
                                    };
                                    if ck != "listeners" && crate::knowledge::validators::parse_typed("int", &v).is_err() {
                                        return Err(err_at(cv.span(), format!("`{ck}` must be a whole number, not `{}`", quoted(&v))));
                                    }
                                    check_fact(key, &v).map_err(|m| err_at(cv.span(), m))?;
                                    c.facts.push((key.to_string(), v));
                                }
                                "facts" => {
                                    let ft = cv
                                        .as_table_like()
                                        .ok_or_else(|| err_at(cv.span(), "`facts` must be a table of broker settings".into()))?;
                                    for (fk, fv) in ft.iter() {
                                        let span = fv.span().or_else(|| ft.key(fk).and_then(|k| k.span()));
                                        let v = fv.as_value().and_then(scalar).ok_or_else(|| {
                                            err_at(
                                                span.clone(),
                                                format!("`{}` must be a string, number or boolean (a broker setting's value)", quoted(fk)),
                                            )
                                        })?;
                                        check_fact(fk, &v).map_err(|m| err_at(span, m))?;
                                        c.facts.push((fk.to_string(), v));
                                    }
                                }
                                _ => unreachable!(),
                            }
                        }
                        if c.name.is_empty() {
                            c.name = format!("cluster-{}", cfg.clusters.len() + 1);
                        }
                        cfg.clusters.push(c);
                    }
                }
                "keys" => {
                    let t = item.as_table().ok_or_else(|| err_at(item.span(), "`keys` must be a table".into()))?;
                    for (kk, kv) in t.iter() {
                        if !KEYS_KEYS.contains(&kk) {
                            return Err(err_at(key_span(t, kk), format!("unknown key `{kk}` in [keys]{}", did_you_mean(kk, KEYS_KEYS))));
                        }
                        if kk == "unknown" {
                            let level =
                                kv.as_str().and_then(|s| matches!(s, "warning" | "info" | "off").then(|| Level::parse(s)).flatten());
                            cfg.unknown_keys =
                                Some(level.ok_or_else(|| err_at(kv.span(), "`unknown` must be \"warning\", \"info\" or \"off\"".into()))?);
                            continue;
                        }
                        let arr = kv.as_array().ok_or_else(|| err_at(kv.span(), "`allow` must be a list of globs".into()))?;
                        for v in arr.iter() {
                            match v {
                                Value::String(s) => {
                                    check_allow(s.value()).map_err(|m| err_at(v.span(), m))?;
                                    cfg.allow_keys.push(s.value().clone())
                                }
                                other => return Err(err_at(other.span(), "`allow` must be a list of strings".into())),
                            }
                        }
                    }
                }
                "exclude" | "extend-exclude" => {
                    let arr = item.as_array().ok_or_else(|| err_at(item.span(), format!("`{k}` must be a list of globs")))?;
                    let mut globs = Vec::new();
                    for v in arr.iter() {
                        let g = v.as_str().ok_or_else(|| err_at(v.span(), format!("`{k}` must be a list of strings")))?;
                        if g.trim().is_empty() {
                            return Err(err_at(v.span(), format!("`{k}` must not hold an empty glob")));
                        }
                        Glob::new(g).map_err(|e| err_at(v.span(), format!("bad glob `{}`: {}", quoted(g), e.kind())))?;
                        globs.push(g.to_string());
                    }
                    if k == "exclude" {
                        cfg.exclude = Some(globs);
                    } else {
                        cfg.extend_exclude = globs;
                    }
                }
                "per-file-ignores" => {
                    let t = item
                        .as_table()
                        .ok_or_else(|| err_at(item.span(), "`per-file-ignores` must be a table: \"glob\" = [\"rule\", ...]".into()))?;
                    for (g, rv) in t.iter() {
                        let matcher = Glob::new(g)
                            .map_err(|e| err_at(key_span(t, g), format!("bad glob `{}`: {}", quoted(g), e.kind())))?
                            .compile_matcher();
                        let arr = rv.as_array().ok_or_else(|| err_at(rv.span(), format!("`{}` must be a list of rules", quoted(g))))?;
                        let mut ids = Vec::new();
                        for v in arr.iter() {
                            let id = v.as_str().ok_or_else(|| err_at(v.span(), "rules must be strings".into()))?;
                            let known = rules::by_id(id).is_some() || rules::families().contains(&id) || rules::redirect(id).is_some();
                            if !known {
                                let all = rules::RULES.iter().map(|r| r.meta().id).chain(rules::families());
                                return Err(err_at(v.span(), format!("unknown rule or family `{}`{}", quoted(id), did_you_mean(id, all))));
                            }
                            ids.push(rules::redirect(id).unwrap_or(id).to_string());
                        }
                        cfg.per_file_ignores.push((g.to_string(), matcher, ids));
                    }
                }
                _ => unreachable!(),
            }
        }
        Ok(cfg)
    }

    /// The rules and families `[per-file-ignores]` turns off for a path.
    pub fn ignored_rules(&self, path: &Path) -> Vec<String> {
        if self.per_file_ignores.is_empty() {
            return Vec::new();
        }
        let abs = crate::walk::absolute(path).ok();
        let rel = match (&abs, self.root_abs()) {
            (Some(a), Some(r)) => a.strip_prefix(r).unwrap_or(a),
            _ => path,
        };
        self.per_file_ignores
            .iter()
            .filter(|(_, m, _)| m.is_match(rel) || m.is_match(path))
            .flat_map(|(_, _, ids)| ids.iter().cloned())
            .collect()
    }

    /// [`Config::root`] made absolute (`root` is not changed once the file is parsed).
    fn root_abs(&self) -> Option<&Path> {
        self.root_abs.get_or_init(|| crate::walk::absolute(&self.root).ok()).as_deref()
    }

    /// The `[[files]]` entry matching a path (relative to the config's directory), last one wins.
    pub fn file_entry(&self, path: &Path) -> Option<&FileEntry> {
        if self.files.is_empty() {
            return None;
        }
        let abs = crate::walk::absolute(path).ok()?;
        let root = self.root_abs()?;
        let rel = abs.strip_prefix(root).unwrap_or(&abs);
        self.files.iter().rev().find(|f| f.matcher.is_match(rel) || f.matcher.is_match(path))
    }

    /// The declared cluster a file belongs to, and whether as a broker file: the first cluster
    /// whose broker globs match, or else whose client globs match.
    pub fn cluster_of(&self, path: &Path) -> Option<(&ClusterDecl, bool)> {
        if self.clusters.is_empty() {
            return None;
        }
        if let Some(hit) = self.cluster_memo.lock().ok().and_then(|m| m.get(path).copied()) {
            return hit.map(|(ci, broker)| (&self.clusters[ci], broker));
        }
        let hit = self.cluster_index(path);
        if let Ok(mut m) = self.cluster_memo.lock() {
            m.insert(path.to_path_buf(), hit);
        }
        hit.map(|(ci, broker)| (&self.clusters[ci], broker))
    }

    /// [`Config::cluster_of`] as an index into `clusters`, matched anew and not remembered: for
    /// a caller that asks once per file (a `check` of 100,000 files would keep every path).
    pub fn cluster_index(&self, path: &Path) -> Option<(usize, bool)> {
        if self.clusters.is_empty() {
            return None;
        }
        let abs = crate::walk::absolute(path).ok()?;
        let root = self.root_abs()?;
        let rel = abs.strip_prefix(root).unwrap_or(&abs);
        let index = self.cluster_set.get_or_init(|| {
            let mut by_dir: HashMap<String, (globset::GlobSetBuilder, Vec<(usize, bool)>)> = HashMap::new();
            for (ci, c) in self.clusters.iter().enumerate() {
                for (globs, broker) in [(&c.brokers, true), (&c.clients, false)] {
                    for (_, m) in globs {
                        let e = by_dir
                            .entry(literal_dir(m.glob().glob()).to_string())
                            .or_insert_with(|| (globset::GlobSetBuilder::new(), Vec::new()));
                        e.0.add(m.glob().clone());
                        e.1.push((ci, broker));
                    }
                }
            }
            by_dir.into_iter().map(|(d, (b, owners))| (d, (b.build().unwrap_or_else(|_| globset::GlobSet::empty()), owners))).collect()
        });
        // The globs whose literal directory starts the path (as text, at a `/`), as the one set
        // matched them.
        let mut hits: Vec<(usize, bool)> = Vec::new();
        let mut match_text = |p: &Path| {
            // globset matches Windows paths with `/` separators.
            let text = if cfg!(windows) { p.to_string_lossy().replace('\\', "/").into() } else { p.to_string_lossy() };
            let cuts = std::iter::once(0).chain(crate::bytes::find_iter(b'/', text.as_bytes()).map(|i| i + 1));
            for cut in cuts {
                if let Some((set, owners)) = index.get(&text[..cut]) {
                    hits.extend(set.matches(p).into_iter().map(|i| owners[i]));
                }
            }
        };
        match_text(rel);
        // The path as given, when it is not the relative one (as text: two spellings of one path
        // only match the same globs twice).
        if rel.as_os_str() != path.as_os_str() {
            match_text(path);
        }
        hits.into_iter().min_by_key(|&(ci, broker)| (ci, !broker))
    }

    /// Every `.properties` file under the config's directory that a cluster's globs name.
    pub fn cluster_files(&self, cluster: &ClusterDecl) -> Vec<PathBuf> {
        // The walk `check` does (ignore files, `exclude`), from the config's directory.
        let root_dir = if self.root.as_os_str().is_empty() { Path::new(".") } else { self.root.as_path() };
        let all = crate::walk::candidates(root_dir, &crate::walk::WalkSettings::for_config(Some(self)));
        let root = self.root_abs().unwrap_or(&self.root);
        let mut out: Vec<PathBuf> = all
            .into_iter()
            .filter(|p| {
                let abs = crate::walk::absolute(p).unwrap_or_else(|_| p.clone());
                let rel = abs.strip_prefix(root).unwrap_or(&abs).to_path_buf();
                ClusterDecl::matches(&cluster.brokers, &rel, p) || ClusterDecl::matches(&cluster.clients, &rel, p)
            })
            .collect();
        out.sort();
        out
    }

    /// The level a rule runs at: the rule's own setting, else its family's, else its default.
    pub fn level(&self, meta: &rules::RuleMeta) -> Level {
        if let Some(l) = self.rules.get(meta.id) {
            return *l;
        }
        if let Some(l) = self.rules.get(meta.family()) {
            return match l {
                Level::Off => Level::Off,
                // A family level turns on default-off rules too only when they are named alone.
                Level::On(s) if meta.enabled => Level::On(*s),
                Level::On(_) => Level::Off,
            };
        }
        if meta.enabled {
            Level::On(meta.severity)
        } else {
            Level::Off
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_get_did_you_mean() {
        let e = Config::parse(Path::new("k.toml"), "kafka-versoin = \"3.9\"\n").unwrap_err();
        assert!(e.message.contains("did you mean `kafka-version`"), "{}", e.message);
        assert_eq!((e.line, e.column), (1, 1));
        let e = Config::parse(Path::new("k.toml"), "[rules]\n\"consumer/heartbeat-vs-sesion-timeout\" = \"off\"\n").unwrap_err();
        assert!(e.message.contains("consumer/heartbeat-vs-session-timeout"), "{}", e.message);
        assert_eq!(e.line, 2);
    }

    #[test]
    fn clusters() {
        let c = Config::parse(
            Path::new("/x/k.toml"),
            "[[clusters]]\nname = \"prod\"\nbrokers = [\"brokers/*.properties\"]\nclients = [\"apps/**/*.properties\"]\nbroker-count = 3\nmin-insync-replicas = 2\n[clusters.facts]\n\"message.max.bytes\" = \"2000000\"\n",
        )
        .unwrap();
        let cl = &c.clusters[0];
        assert_eq!(cl.name, "prod");
        assert_eq!(cl.broker_count, Some(3));
        assert_eq!(
            cl.facts,
            vec![("min.insync.replicas".to_string(), "2".to_string()), ("message.max.bytes".to_string(), "2000000".to_string())]
        );
        assert!(c.cluster_of(Path::new("/x/apps/billing/consumer.properties")).is_some_and(|(cl, broker)| cl.name == "prod" && !broker));
        assert!(c.cluster_of(Path::new("/x/brokers/b1.properties")).is_some_and(|(_, broker)| broker));
        let e = Config::parse(Path::new("k.toml"), "[[clusters]]\nbroker-cont = 3\n").unwrap_err();
        assert!(e.message.contains("did you mean `broker-count`"), "{}", e.message);
    }

    /// The clusters indexed by their globs' literal directories match exactly as every glob
    /// tried in turn (the first cluster wins, a broker glob before a client glob).
    #[test]
    fn cluster_index_agrees_with_every_glob() {
        assert_eq!(literal_dir("team-a/svc-1/server-*.properties"), "team-a/svc-1/");
        assert_eq!(literal_dir("**/x.properties"), "");
        assert_eq!(literal_dir("a/b{c,d}/x"), "a/");
        assert_eq!(literal_dir("/abs/dir/x.properties"), "/abs/dir/");
        assert_eq!(literal_dir("plain.properties"), "");
        let mut toml = String::new();
        let globs = [
            ("team-a/svc-*/server-*.properties", "team-a/svc-1/*-*.properties"),
            ("team-a/svc-1/server-1.properties", "**/consumer.properties"),
            ("/x/abs/*.properties", "{team-a,team-b}/*/app-*.properties"),
            ("*/svc-2/b[0-9].properties", "./team-b/svc-2/*.properties"),
        ];
        for (i, (b, c)) in globs.iter().enumerate() {
            toml.push_str(&format!("[[clusters]]\nname = \"c{i}\"\nbrokers = [\"{b}\"]\nclients = [\"{c}\"]\n"));
        }
        let c = Config::parse(Path::new("/x/k.toml"), &toml).unwrap();
        let paths = [
            "team-a/svc-1/server-1.properties",
            "team-a/svc-1/orders-producer.properties",
            "team-a/svc-3/server-2.properties",
            "team-b/svc-2/b1.properties",
            "./team-b/svc-2/b1.properties",
            "team-b/svc-9/app-1.properties",
            "deep/down/consumer.properties",
            "/x/abs/server.properties",
            "/x/team-a/svc-1/server-1.properties",
            "elsewhere/nothing.properties",
        ];
        for p in paths {
            let p = Path::new(p);
            let abs = std::path::absolute(p).unwrap();
            let rel = abs.strip_prefix("/x").unwrap_or(&abs).to_path_buf();
            let expected = c
                .clusters
                .iter()
                .enumerate()
                .flat_map(|(ci, cl)| {
                    [(true, &cl.brokers), (false, &cl.clients)]
                        .into_iter()
                        .filter(|(_, g)| ClusterDecl::matches(g, &rel, p))
                        .map(move |(broker, _)| (ci, broker))
                })
                .min_by_key(|&(ci, broker)| (ci, !broker));
            let got = c.cluster_of(p).map(|(cl, broker)| (c.clusters.iter().position(|x| std::ptr::eq(x, cl)).unwrap(), broker));
            assert_eq!(got, expected, "{}", p.display());
        }
    }

    #[test]
    fn parses_everything() {
        let c = Config::parse(Path::new("/x/k.toml"), "kafka-version = \"3.7\"\nfail-on = \"error\"\n[rules]\nsyntax = \"off\"\n[[files]]\nglob = \"conf/*.properties\"\nrole = \"consumer\"\n[keys]\nallow = [\"my.*\"]\n").unwrap();
        assert_eq!(c.kafka_version, Release::named("3.7"));
        assert_eq!(c.fail_on, Some(Severity::Error));
        assert_eq!(c.files[0].role, Some(Role::Consumer));
        assert_eq!(c.allow_keys, vec!["my.*"]);
        assert_eq!(c.level(&crate::rules::syntax::trailing_whitespace::META), Level::Off);
    }

    /// Every invalid value is an error at its line and column saying what is expected; a huge
    /// value is not echoed whole.
    #[test]
    fn invalid_values_are_errors_at_their_place() {
        let huge = "x".repeat(100_000);
        let cases: Vec<(String, (usize, usize), &str)> = vec![
            ("[[clusters]]\n[clusters.facts]\n\"min.insync.replicas\" = [2]\n".into(), (3, 25), "must be a string, number or boolean"),
            (
                "[[clusters]]\n[clusters.facts]\n\"min.insync.replicas\" = { a = 1 }\n".into(),
                (3, 25),
                "must be a string, number or boolean",
            ),
            ("[[clusters]]\n[clusters.facts]\n\"min.insync.replicas\" = \"banana\"\n".into(), (3, 25), "takes a int"),
            ("[[clusters]]\n[clusters.facts]\n\"min.insync.replicas\" = \"0\"\n".into(), (3, 25), "[1,...]"),
            ("[[clusters]]\n[clusters.facts]\n\"min.insync.replica\" = \"2\"\n".into(), (3, 24), "did you mean `min.insync.replicas`"),
            ("[[clusters]]\n[clusters.facts]\n\"auto.create.topics.enable\" = \"maybe\"\n".into(), (3, 31), "takes a boolean"),
            ("[[clusters]]\nmin-insync-replicas = \"two\"\n".into(), (2, 23), "must be a whole number, not `two`"),
            ("[[clusters]]\nmin-insync-replicas = 2.5\n".into(), (2, 23), "must be a whole number"),
            ("[[clusters]]\nmessage-max-bytes = -1\n".into(), (2, 21), "message.max.bytes"),
            ("[[clusters]]\nlisteners = 5\n".into(), (2, 13), "`listeners` must be a string"),
            ("[[clusters]]\nbrokers = [\"\"]\n".into(), (2, 11), "empty glob"),
            ("[[clusters]]\nbrokers = [\"a/[b\"]\n".into(), (2, 11), "bad glob"),
            ("[keys]\nallow = [\"my.[ab\"]\n".into(), (2, 10), "not a key pattern"),
            ("[keys]\nallow = [\"\"]\n".into(), (2, 10), "must not be empty"),
            ("[[files]]\nglob = \"\"\n".into(), (2, 8), "`glob` must not be empty"),
            ("exclude = [\"\"]\n".into(), (1, 12), "empty glob"),
            ("extend-exclude = [\"a/[b\"]\n".into(), (1, 19), "bad glob"),
            ("[[files]]\nglob = \"a/{b\"\n".into(), (2, 8), "bad glob"),
            ("[[files]]\nglob = \"*.properties\"\nclient = \"java@\"\n".into(), (3, 10), "names no version"),
            ("[[files]]\nglob = \"*.properties\"\nclient = \"java@banana\"\n".into(), (3, 10), "not a version"),
            (format!("fail-on = \"{huge}\"\n"), (1, 11), "must be error, warning or info"),
            (format!("[[files]]\nglob = \"*.properties\"\nrole = \"{huge}\"\n"), (3, 8), "is not a role"),
            (format!("[[clusters]]\n[clusters.facts]\n\"num.partitions\" = \"{huge}\"\n"), (3, 20), "takes a int"),
        ];
        for (text, (line, column), want) in cases {
            let e = Config::parse(Path::new("k.toml"), &text).expect_err(&text[..text.len().min(120)]);
            assert!(e.message.contains(want), "{}: {}", &text[..text.len().min(120)], e.message);
            assert_eq!((e.line, e.column), (line, column), "{}: {}", &text[..text.len().min(120)], e.message);
            assert!(e.message.len() < 400, "a huge value is not echoed whole: {} bytes", e.message.len());
        }
        // Valid values still pass: numbers as TOML numbers or strings, placeholders, booleans.
        let ok = "[[clusters]]\nmin-insync-replicas = \"2\"\nmessage-max-bytes = 1048588\nlisteners = \"SSL://k:9093\"\n[clusters.facts]\n\"auto.create.topics.enable\" = false\n\"default.replication.factor\" = 3\n\"log.retention.ms\" = \"${env:RET}\"\n[keys]\nallow = [\"my.*\", \"x.?\"]\n";
        let c = Config::parse(Path::new("k.toml"), ok).unwrap();
        assert_eq!(c.clusters[0].facts.len(), 6);
    }
}
