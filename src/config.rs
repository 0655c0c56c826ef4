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
    pub clusters: Vec<ClusterDecl>,
}

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

const TOP_KEYS: [&str; 6] = ["kafka-version", "fail-on", "rules", "files", "keys", "clusters"];
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
const KEYS_KEYS: [&str; 1] = ["allow"];

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
        let abs = std::path::absolute(start).ok()?;
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
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!("cannot read: {e}"),
        })?;
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
                    cfg.fail_on = Some(
                        Severity::parse(&v)
                            .ok_or_else(|| err_at(item.span(), format!("`fail-on` must be error, warning or info, not `{v}`")))?,
                    );
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
                            .ok_or_else(|| err_at(rv.span(), format!("`{v}` is not a level (off, info, warning, error)")))?;
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
                                "glob" => glob = Some(v),
                                "role" => {
                                    entry_role = Some(Role::parse(&v).ok_or_else(|| {
                                        err_at(
                                            fv.span(),
                                            format!(
                                                "`{v}` is not a role (broker, topic, producer, consumer, admin, streams, connect-worker)"
                                            ),
                                        )
                                    })?)
                                }
                                "client" => {
                                    crate::model::parse_client(&v).map_err(|m| err_at(fv.span(), m))?;
                                    client = Some(v)
                                }
                                "kafka-version" => version = Some(Release::parse(&v).map_err(|m| err_at(fv.span(), m))?),
                                _ => unreachable!(),
                            }
                        }
                        let glob = glob.ok_or_else(|| err_at(t.span(), "a [[files]] entry needs a `glob`".into()))?;
                        let matcher = Glob::new(&glob).map_err(|e| err_at(t.span(), format!("bad glob `{glob}`: {e}")))?.compile_matcher();
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
                                    let m = Glob::new(g).map_err(|e| err_at(v.span(), format!("bad glob `{g}`: {e}")))?.compile_matcher();
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
                                    let v =
                                        cv.as_value().map(|v| v.as_str().map_or_else(|| v.to_string().trim().to_string(), str::to_string));
                                    let v = v.ok_or_else(|| err_at(cv.span(), format!("`{ck}` must be a value")))?;
                                    c.facts.push((key.to_string(), v));
                                }
                                "facts" => {
                                    let ft = cv
                                        .as_table_like()
                                        .ok_or_else(|| err_at(cv.span(), "`facts` must be a table of broker settings".into()))?;
                                    for (fk, fv) in ft.iter() {
                                        let v = fv
                                            .as_value()
                                            .map(|v| v.as_str().map_or_else(|| v.to_string().trim().to_string(), str::to_string));
                                        let v = v.ok_or_else(|| err_at(fv.span(), format!("`{fk}` must be a value")))?;
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
                        let arr = kv.as_array().ok_or_else(|| err_at(kv.span(), "`allow` must be a list of globs".into()))?;
                        for v in arr.iter() {
                            match v {
                                Value::String(s) => cfg.allow_keys.push(s.value().clone()),
                                other => return Err(err_at(other.span(), "`allow` must be a list of strings".into())),
                            }
                        }
                    }
                }
                _ => unreachable!(),
            }
        }
        Ok(cfg)
    }

    /// The `[[files]]` entry matching a path (relative to the config's directory), last one wins.
    pub fn file_entry(&self, path: &Path) -> Option<&FileEntry> {
        let abs = std::path::absolute(path).ok()?;
        let root = std::path::absolute(&self.root).ok()?;
        let rel = abs.strip_prefix(&root).unwrap_or(&abs);
        self.files.iter().rev().find(|f| f.matcher.is_match(rel) || f.matcher.is_match(path))
    }

    /// The declared cluster a file belongs to, and whether as a broker file.
    pub fn cluster_of(&self, path: &Path) -> Option<(&ClusterDecl, bool)> {
        let abs = std::path::absolute(path).ok()?;
        let root = std::path::absolute(&self.root).ok()?;
        let rel = abs.strip_prefix(&root).unwrap_or(&abs).to_path_buf();
        self.clusters.iter().find_map(|c| {
            if ClusterDecl::matches(&c.brokers, &rel, path) {
                Some((c, true))
            } else if ClusterDecl::matches(&c.clients, &rel, path) {
                Some((c, false))
            } else {
                None
            }
        })
    }

    /// Every `.properties` file under the config's directory that a cluster's globs name.
    pub fn cluster_files(&self, cluster: &ClusterDecl) -> Vec<PathBuf> {
        fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
            if depth > 12 {
                return;
            }
            let Ok(rd) = std::fs::read_dir(dir) else { return };
            for e in rd.flatten() {
                let p = e.path();
                let name = e.file_name().to_string_lossy().to_string();
                if name.starts_with('.') || name == "target" || name == "node_modules" {
                    continue;
                }
                match e.file_type() {
                    Ok(t) if t.is_dir() => walk(&p, depth + 1, out),
                    Ok(t) if t.is_file() && name.ends_with(".properties") => out.push(p),
                    _ => {}
                }
            }
        }
        let mut all = Vec::new();
        walk(&self.root, 0, &mut all);
        let root = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        let mut out: Vec<PathBuf> = all
            .into_iter()
            .filter(|p| {
                let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
                let rel = abs.strip_prefix(&root).unwrap_or(&abs).to_path_buf();
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

    #[test]
    fn parses_everything() {
        let c = Config::parse(Path::new("/x/k.toml"), "kafka-version = \"3.7\"\nfail-on = \"error\"\n[rules]\nsyntax = \"off\"\n[[files]]\nglob = \"conf/*.properties\"\nrole = \"consumer\"\n[keys]\nallow = [\"my.*\"]\n").unwrap();
        assert_eq!(c.kafka_version, Release::named("3.7"));
        assert_eq!(c.fail_on, Some(Severity::Error));
        assert_eq!(c.files[0].role, Some(Role::Consumer));
        assert_eq!(c.allow_keys, vec!["my.*"]);
        assert_eq!(c.level(&crate::rules::syntax::trailing_whitespace::META), Level::Off);
    }
}
