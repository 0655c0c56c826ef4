//! docker-compose files: one unit per service that runs Kafka or configures a Kafka client.
//!
//! Each broker image turns its environment into Kafka keys in its own way; the facts (naming,
//! image-only and refused variables, defaults, tags) are in `knowledge/images.toml`, each with
//! its source. A service's `environment` (list or map form), its `env_file` files and the `.env`
//! file next to the compose file are read; a value that needs a variable kafkalint cannot resolve
//! keeps its `${VAR}` text, which the rules treat as unchecked.

use super::yaml::{self, Map, Node, Scalar, Style};
use super::{Inserter, Naming, PlatformDefault, PublishedPort, Read, Unit, UnitEntry, UnitMeta, Unmapped, ValueSyntax, VersionSource};
use crate::model::Role;
use crate::source::Span;
use crate::version::Release;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::LazyLock;

/// Whether a YAML text is a compose file (a top-level `services:` map).
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| l.trim_end() == "services:")
}

// ---------------------------------------------------------------------------------------------
// Knowledge: knowledge/images.toml

#[derive(Debug, Deserialize)]
struct Knowledge {
    confluent_platform: BTreeMap<String, String>,
    image: Vec<ImageDef>,
    foreign: Vec<Foreign>,
    client: Vec<ClientDef>,
}

#[derive(Debug, Deserialize)]
struct ImageDef {
    kind: String,
    names: Vec<String>,
    prefix: String,
    naming: String,
    version: String,
    #[serde(default)]
    since: Option<String>,
    latest: String,
    latest_kafka: String,
    #[serde(default)]
    image_only: Vec<String>,
    #[serde(default)]
    image_only_prefixes: Vec<String>,
    #[serde(default)]
    refused: Vec<String>,
    #[serde(default)]
    cluster_id: Option<String>,
    #[serde(default)]
    defaults: Vec<DefaultDef>,
    #[serde(default)]
    defaults_without_env: Vec<DefaultDef>,
    #[serde(default)]
    naming_variant: Option<String>,
    #[serde(default)]
    listeners_from_advertised: bool,
    #[serde(default)]
    builds_keystore: bool,
    #[serde(default)]
    vendor_key_prefixes: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct DefaultDef {
    key: String,
    value: String,
}

#[derive(Debug, Deserialize)]
struct Foreign {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    prefix: Option<String>,
    owner: String,
    #[serde(default)]
    suggestion: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ClientDef {
    names: Vec<String>,
    prefix: String,
    #[serde(default)]
    bootstrap: Vec<String>,
}

static KNOWLEDGE: LazyLock<Knowledge> = LazyLock::new(|| {
    toml_edit::de::from_str(include_str!("../../knowledge/images.toml")).expect("knowledge/images.toml is valid (tested)")
});

/// The Kafka release line a Confluent Platform version ships (`7.4` → `3.4`).
pub fn confluent_platform_kafka(cp: &str) -> Option<&'static str> {
    KNOWLEDGE.confluent_platform.get(cp).map(String::as_str)
}

// ---------------------------------------------------------------------------------------------
// Environment: variables with their text spans

/// One environment variable of a service.
#[derive(Debug, Clone)]
struct Var {
    name: String,
    /// `None`: taken from the host's environment (`- KEY`, `KEY:`), unknown here.
    value: Option<String>,
    key_span: Span,
    value_span: Span,
    span: Span,
    syntax: ValueSyntax,
}

impl Var {
    /// The value as written with its syntax; a value taken from the host's environment (`- KEY`)
    /// is set but unknown: its `${KEY}` text keeps the setting, unchecked and never edited.
    fn value_or_placeholder(&self) -> (String, ValueSyntax) {
        match &self.value {
            Some(value) => (value.clone(), self.syntax.clone()),
            None => (format!("${{{}}}", self.name), ValueSyntax::Fixed),
        }
    }

    /// The unit entry this variable gives for `key`, with its spans in the compose file.
    fn entry(&self, key: String, value: String, syntax: ValueSyntax) -> UnitEntry {
        UnitEntry { key, written: self.name.clone(), value, key_span: self.key_span, value_span: self.value_span, span: self.span, syntax }
    }
}

/// `.env`-style `KEY=value` lines.
fn parse_env_text(text: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let t = t.strip_prefix("export ").unwrap_or(t);
        let Some((k, v)) = t.split_once('=') else { continue };
        let k = k.trim();
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-') {
            continue;
        }
        let v = v.trim();
        let v = if v.len() >= 2 && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\''))) {
            &v[1..v.len() - 1]
        } else {
            // An unquoted value ends at ` #`.
            v.split(" #").next().unwrap_or(v).trim_end()
        };
        out.push((k.to_string(), v.to_string(), start));
    }
    out
}

/// Compose interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
/// `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`. Variables come from the `.env` file only; an
/// unresolved one is left as `${VAR}` (unchecked). Returns the value and whether it changed.
fn interpolate(s: &str, env: &HashMap<String, String>) -> (String, bool) {
    if !s.contains('$') {
        return (s.to_string(), false);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            let ch = s[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        match b.get(i + 1) {
            Some(b'$') => {
                out.push('$');
                i += 2;
            }
            Some(b'{') => {
                // Find the matching `}` (defaults may nest `${...}`).
                let mut depth = 0;
                let mut j = i + 1;
                let mut end = None;
                while j < b.len() {
                    match b[j] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let Some(end) = end else {
                    out.push_str(&s[i..]);
                    break;
                };
                let body = &s[i + 2..end];
                let name_len = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(body.len());
                let (name, op) = body.split_at(name_len);
                let val = env.get(name);
                let text = if let Some(d) = op.strip_prefix(":-") {
                    match val {
                        Some(v) if !v.is_empty() => v.clone(),
                        _ => interpolate(d, env).0,
                    }
                } else if let Some(d) = op.strip_prefix('-') {
                    match val {
                        Some(v) => v.clone(),
                        None => interpolate(d, env).0,
                    }
                } else if let Some(a) = op.strip_prefix(":+") {
                    match val {
                        Some(v) if !v.is_empty() => interpolate(a, env).0,
                        Some(_) => String::new(),
                        None => format!("${{{name}}}"),
                    }
                } else if op.is_empty() || op.starts_with(":?") || op.starts_with('?') {
                    match val {
                        Some(v) => v.clone(),
                        None => format!("${{{name}}}"),
                    }
                } else {
                    format!("${{{body}}}")
                };
                out.push_str(&text);
                i = end + 1;
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let rest = &s[i + 1..];
                let n = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
                let name = &rest[..n];
                match env.get(name) {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&format!("${{{name}}}")),
                }
                i += 1 + n;
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
    let changed = out != s;
    (out, changed)
}

fn fixed_if(changed: bool, syntax: ValueSyntax) -> ValueSyntax {
    if changed {
        ValueSyntax::Fixed
    } else {
        syntax
    }
}

/// The variables of a service's `environment` (list or map form), and where a new one goes.
fn environment(
    text: &str,
    node: &Node,
    env: &HashMap<String, String>,
    merged_from_elsewhere: bool,
) -> (Vec<Var>, Option<(usize, String, String)>) {
    let mut vars = Vec::new();
    let mut insert = None;
    match node {
        Node::Seq(seq) => {
            for item in &seq.items {
                let Some(sc) = item.as_scalar() else { continue };
                let raw = sc.value.as_str();
                let (name, value) = match raw.split_once('=') {
                    Some((k, v)) => (k.trim().to_string(), Some(v.to_string())),
                    None => (raw.trim().to_string(), None),
                };
                if name.is_empty() {
                    continue;
                }
                let verbatim = sc.verbatim(text);
                let editable =
                    verbatim && !sc.aliased && !seq.flow && !merged_from_elsewhere && !matches!(sc.style, Style::Literal | Style::Folded);
                let (key_span, value_span) = if verbatim {
                    let eq = raw.find('=').unwrap_or(raw.len());
                    let ks = Span::new(sc.inner.start, sc.inner.start + raw[..eq].trim_end().len());
                    let vs = if eq < raw.len() { Span::new(sc.inner.start + eq + 1, sc.inner.end) } else { Span::empty(sc.inner.end) };
                    (ks, vs)
                } else {
                    (sc.inner, sc.inner)
                };
                let syntax = if editable {
                    ValueSyntax::EnvItem { style: sc.style, scalar: sc.span, key: raw.split('=').next().unwrap_or("").to_string() }
                } else {
                    ValueSyntax::Fixed
                };
                let (value, changed) = match value {
                    Some(v) => {
                        let (v, c) = interpolate(&v, env);
                        (Some(v), c)
                    }
                    None => (None, false),
                };
                vars.push(Var { name, value, key_span, value_span, span: sc.span, syntax: fixed_if(changed, syntax) });
            }
            if !seq.flow && !merged_from_elsewhere {
                if let Some(last) = seq.items.last().filter(|n| n.as_scalar().is_some_and(|s| !s.aliased)) {
                    let ls = line_start(text, last.span().start);
                    let prefix = &text[ls..last.span().start];
                    if prefix.trim_start().starts_with('-') && prefix.trim_start().trim_start_matches('-').trim().is_empty() {
                        insert = Some((line_end(text, last.span().end), prefix.to_string(), "=".to_string()));
                    }
                }
            }
        }
        Node::Map(map) => {
            let own: Vec<*const Node> = map.entries.iter().map(|(k, _)| k as *const Node).collect();
            for (k, v) in map.entries_merged() {
                let Some(ks) = k.as_scalar() else { continue };
                let merged = merged_from_elsewhere || !own.contains(&(k as *const Node));
                let name = ks.value.trim().to_string();
                if name.is_empty() {
                    continue;
                }
                let (value, value_span, syntax, changed, span_end) = match v {
                    Node::Scalar(vs) if v.is_null() => {
                        (None, Span::empty(vs.span.end.max(ks.span.end)), ValueSyntax::Fixed, false, ks.span.end)
                    }
                    Node::Scalar(vs) => {
                        let editable =
                            !vs.aliased && !ks.aliased && !map.flow && !merged && !matches!(vs.style, Style::Literal | Style::Folded);
                        let syntax = if editable { ValueSyntax::Yaml { style: vs.style, scalar: vs.span } } else { ValueSyntax::Fixed };
                        let (val, c) = interpolate(&vs.value, env);
                        (Some(val), vs.inner, syntax, c, vs.span.end)
                    }
                    _ => continue,
                };
                vars.push(Var {
                    name,
                    value,
                    key_span: ks.inner,
                    value_span,
                    span: Span::new(ks.span.start, span_end.max(ks.span.end)),
                    syntax: fixed_if(changed, syntax),
                });
            }
            if !map.flow && !merged_from_elsewhere {
                if let Some((lk, lv)) = map.entries.last().filter(|(k, _)| k.as_scalar().is_some_and(|s| !s.aliased && s.value != "<<")) {
                    let ls = line_start(text, lk.span().start);
                    let prefix = &text[ls..lk.span().start];
                    if prefix.chars().all(|c| c == ' ') {
                        insert = Some((line_end(text, lv.span().end.max(lk.span().end)), prefix.to_string(), ": ".to_string()));
                    }
                }
            }
        }
        Node::Scalar(_) => {}
    }
    (vars, insert)
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The start of the line after the one holding `at` (or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    match text[at..].find('\n') {
        Some(i) => at + i + 1,
        None => text.len(),
    }
}

/// Variables of the service's `env_file` files (relative to the compose file). Their spans point
/// at the `env_file` entry; they are never edited.
fn env_files(node: &Node, dir: &Path, env: &HashMap<String, String>, notes: &mut Vec<String>) -> Vec<Var> {
    let mut refs: Vec<&Scalar> = Vec::new();
    match node {
        Node::Scalar(s) => refs.push(s),
        Node::Seq(seq) => {
            for item in &seq.items {
                match item {
                    Node::Scalar(s) => refs.push(s),
                    Node::Map(_) => {
                        if let Some(s) = item.get("path").and_then(Node::as_scalar) {
                            refs.push(s);
                        }
                    }
                    Node::Seq(_) => {}
                }
            }
        }
        Node::Map(_) => {}
    }
    let mut out = Vec::new();
    for s in refs {
        let (rel, _) = interpolate(&s.value, env);
        let path = dir.join(&rel);
        let Ok(text) = std::fs::read_to_string(&path) else {
            notes.push(format!("env_file `{rel}` could not be read; its variables are unknown"));
            continue;
        };
        for (k, v, _) in parse_env_text(&text) {
            let (v, _) = interpolate(&v, env);
            out.push(Var { name: k, value: Some(v), key_span: s.inner, value_span: s.inner, span: s.span, syntax: ValueSyntax::Fixed });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Images

/// An image reference: repository path (registry dropped, lower case), tag, digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub repo: String,
    pub tag: Option<String>,
    pub digest: bool,
}

pub fn parse_image(reference: &str) -> ImageRef {
    let r = reference.trim();
    let (r, digest) = match r.split_once('@') {
        Some((a, _)) => (a, true),
        None => (r, false),
    };
    let (path, tag) = match r.rfind(':') {
        Some(i) if !r[i..].contains('/') => (&r[..i], Some(r[i + 1..].to_string())),
        _ => (r, None),
    };
    let mut parts: Vec<&str> = path.split('/').collect();
    if parts.len() > 1 && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost") {
        parts.remove(0);
    }
    if parts.len() > 1 && parts[0] == "library" {
        parts.remove(0);
    }
    ImageRef { repo: parts.join("/").to_ascii_lowercase(), tag: tag.filter(|t| !t.is_empty()), digest }
}

/// The Kafka release line named by a version text (`3.7.0` → `3.7`, `0.10.2.1` → `0.10.2`).
fn kafka_line(v: &str) -> Option<Release> {
    let nums: Vec<&str> = v.split('.').take_while(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())).collect();
    let want = if nums.first() == Some(&"0") { 3 } else { 2 };
    if nums.len() < want {
        return None;
    }
    Release::named(&nums[..want].join("."))
}

/// The leading `X.Y` of a tag (`7.4.0-1-ubi8` → `7.4`).
fn leading_version(tag: &str) -> Option<String> {
    let head: String = tag.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let parts: Vec<&str> = head.split('.').filter(|p| !p.is_empty()).collect();
    (parts.len() >= 2).then(|| format!("{}.{}", parts[0], parts[1]))
}

/// The release a tag names, with a note when the tag moves.
fn tag_release(def: &ImageDef, image: &ImageRef) -> (Option<Release>, Option<String>) {
    let moving = |t: &str| t == "latest" || t.is_empty();
    let latest_note = |what: &str| {
        let shown = match def.version.as_str() {
            "confluent" => format!("Confluent Platform {} (Kafka {})", def.latest, def.latest_kafka),
            "kafka" => format!("Kafka {}", def.latest_kafka),
            _ => format!("{} (Kafka {})", def.latest, def.latest_kafka),
        };
        format!("{what} moves with every release: it resolves to {shown} today")
    };
    match image.tag.as_deref() {
        None if image.digest => (None, None),
        None => (Release::named(&def.latest_kafka), Some(latest_note("an untagged image"))),
        Some(t) if moving(t) => (Release::named(&def.latest_kafka), Some(latest_note("the `latest` tag"))),
        Some(t) => {
            let r = match def.version.as_str() {
                "confluent" => leading_version(t).and_then(|cp| confluent_platform_kafka(&cp)).and_then(Release::named),
                "scala-kafka" => t.split_once('-').and_then(|(_, k)| kafka_line(k)).or_else(|| kafka_line(t)),
                _ => kafka_line(t),
            };
            (r, None)
        }
    }
}

/// `KAFKA_` names as Confluent's `ub` ConvertKey writes them: a single `_` between two other
/// characters becomes `.`, then `___` → `-`, `__` → `_`, lower case.
pub fn dub_key(rest: &str) -> String {
    let b = rest.as_bytes();
    let mut s: Vec<u8> = b.to_vec();
    // regexp `[^_]_[^_]`, non-overlapping, left to right.
    let mut i = 0;
    while i + 2 < b.len() {
        if b[i] != b'_' && b[i + 1] == b'_' && b[i + 2] != b'_' {
            s[i + 1] = b'.';
            i += 3;
        } else {
            i += 1;
        }
    }
    let t = String::from_utf8(s).unwrap_or_default();
    t.replace("___", "-").replace("__", "_").to_ascii_lowercase()
}

/// apache/kafka's KafkaDockerWrapper.getServerConfigsFromEnv: every `KAFKA_` removed, lower
/// case, `_` → `.`, then `...` → `-` and `..` → `_`.
pub fn apache_key(name: &str) -> String {
    name.replace("KAFKA_", "").to_ascii_lowercase().replace('_', ".").replace("...", "-").replace("..", "_")
}

/// Bitnami's `KAFKA_CFG_` conversion: `_` → `.`, lower case, and its two exceptions.
fn dots_key(rest: &str) -> String {
    rest.replace('_', ".").to_ascii_lowercase().replace("sasl.ssl", "sasl_ssl").replace("sasl.plaintext", "sasl_plaintext")
}

pub fn is_loopback(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "localhost" || h.starts_with("127.") || h == "::1"
}

/// Directories where the broker images keep or read their configuration files: a volume mounted
/// there replaces what the environment says. Sources: apache/kafka docker configure
/// (`/mnt/shared/config`), confluentinc/kafka-images (`/etc/kafka`), bitnami/containers
/// kafka-env.sh (`/bitnami/kafka/config`, `/opt/bitnami/kafka/config`).
const CONFIG_DIRS: [&str; 5] =
    ["/mnt/shared/config", "/etc/kafka", "/opt/kafka/config", "/opt/bitnami/kafka/config", "/bitnami/kafka/config"];

fn mounts_config(svc: &Map) -> bool {
    let Some(Node::Seq(vols)) = svc.get("volumes") else { return false };
    vols.items.iter().any(|v| {
        let target = match v {
            Node::Scalar(s) => s.value.split(':').nth(1).unwrap_or("").to_string(),
            Node::Map(_) => v.get("target").and_then(Node::str).unwrap_or("").to_string(),
            Node::Seq(_) => String::new(),
        };
        let t = target.trim_end_matches('/');
        CONFIG_DIRS.iter().any(|d| t == *d || (t.starts_with(d) && t.ends_with(".properties")))
    })
}

/// A command that runs something of its own before the image's start script.
fn wraps_start(cmd: &str) -> bool {
    let c = cmd.trim();
    !(c.is_empty() || c == "/etc/confluent/docker/run" || c == "/etc/kafka/docker/run")
        && (c.contains("&&") || c.contains(';') || c.contains(".sh") || c.contains("export "))
}

/// Whether a command override still starts the image's broker.
fn starts_broker(cmd: &str) -> bool {
    [
        "/etc/confluent/docker/run",
        "/etc/kafka/docker/run",
        "start-kafka",
        "kafka-server-start",
        "/opt/bitnami/scripts/kafka/run.sh",
        "/opt/bitnami/scripts/kafka/entrypoint.sh",
        "/run.sh",
        "docker/run",
    ]
    .iter()
    .any(|m| cmd.contains(m))
}

fn node_text(n: &Node) -> String {
    match n {
        Node::Scalar(s) => s.value.clone(),
        Node::Seq(s) => s.items.iter().filter_map(|i| i.str()).collect::<Vec<_>>().join(" "),
        Node::Map(_) => String::new(),
    }
}

fn ports(node: &Node, env: &HashMap<String, String>) -> (Vec<PublishedPort>, bool) {
    let mut out = Vec::new();
    let mut unknown = false;
    let Some(seq) = node.as_seq() else { return (out, true) };
    for item in &seq.items {
        match item {
            Node::Scalar(s) => {
                let (v, _) = interpolate(&s.value, env);
                let v = v.split('/').next().unwrap_or("").trim().to_string();
                if v.contains('$') || v.contains('-') {
                    unknown = true;
                    continue;
                }
                let parts: Vec<&str> = v.rsplitn(3, ':').collect();
                let parsed = match parts.as_slice() {
                    [c] => c.parse().ok().map(|c| (None, None, c)),
                    [c, h] => c.parse().ok().map(|c| (None, h.parse().ok(), c)),
                    [c, h, ip] => c.parse().ok().map(|c| (Some(ip.to_string()), h.parse().ok(), c)),
                    _ => None,
                };
                match parsed {
                    Some((ip, h, c)) => out.push(PublishedPort { host_ip: ip, host_port: h, container_port: c, span: s.span }),
                    None => unknown = true,
                }
            }
            Node::Map(_) => {
                let target = item.get("target").and_then(Node::str).and_then(|t| t.parse().ok());
                let published = item.get("published").and_then(Node::str).map(|p| interpolate(p, env).0);
                match (target, published) {
                    (Some(c), Some(p)) if p.parse::<u16>().is_ok() => out.push(PublishedPort {
                        host_ip: item.get("host_ip").and_then(Node::str).map(str::to_string),
                        host_port: p.parse().ok(),
                        container_port: c,
                        span: item.span(),
                    }),
                    (Some(c), None) => out.push(PublishedPort { host_ip: None, host_port: None, container_port: c, span: item.span() }),
                    _ => unknown = true,
                }
            }
            Node::Seq(_) => unknown = true,
        }
    }
    (out, unknown)
}

// ---------------------------------------------------------------------------------------------
// Reading

struct Service<'a> {
    name: String,
    anchor: Span,
    svc: &'a Map,
}

pub fn read(path: &Path, text: &str) -> Read {
    let comments = super::yaml_comments(text);
    // Compose reads its files with Go's yaml.v3: a flow collection's closing bracket may sit at
    // its parent's indentation (yaml::parse_lenient).
    let docs = match yaml::parse_lenient(text) {
        Ok(d) => d,
        Err(e) => return Read { comments, error: Some((e.at, e.message)), ..Read::default() },
    };
    let Some(services) = docs.first().and_then(|d| d.get("services")).and_then(Node::as_map) else {
        return Read { comments, ..Read::default() };
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let dotenv: HashMap<String, String> = std::fs::read_to_string(dir.join(".env"))
        .map(|t| parse_env_text(&t).into_iter().map(|(k, v, _)| (k, v)).collect())
        .unwrap_or_default();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut units = Vec::new();
    let mut replicated_broker = false;
    let list: Vec<Service<'_>> = services
        .entries_merged()
        .into_iter()
        .filter_map(|(k, v)| Some(Service { name: k.str()?.to_string(), anchor: k.as_scalar()?.inner, svc: v.as_map()? }))
        .collect();
    for s in &list {
        if let Some((unit, replicated)) = service_unit(text, s, &dir, &dotenv, newline) {
            replicated_broker |= replicated && unit.role == Some(Role::Broker);
            units.push(unit);
        }
    }
    let settings = file_settings(text, &list, &dir, &dotenv);
    let groups = clusters(&units);
    for (u, g) in units.iter_mut().zip(&groups) {
        u.meta.file_settings = settings.clone();
        u.meta.cluster = Some(match &g.name {
            None => path.display().to_string(),
            Some(n) => format!("{} ({n})", path.display()),
        });
        u.meta.broker_count = (g.brokers > 0 && !replicated_broker).then_some(g.brokers);
    }
    Read { units, comments, error: None }
}

/// The cluster a unit of a compose file belongs to: its name when the file runs several (`None`
/// when it runs one) and how many brokers that cluster has.
struct ClusterOf {
    name: Option<String>,
    brokers: usize,
}

/// The value a unit gives a key: its own entry, else the image's default.
fn unit_value<'u>(u: &'u Unit, key: &str) -> Option<&'u str> {
    u.entries
        .iter()
        .rev()
        .find(|e| e.key == key)
        .map(|e| e.value.as_str())
        .or_else(|| u.meta.defaults.iter().find(|d| d.key == key).map(|d| d.value.as_str()))
        .filter(|v| !crate::model::is_placeholder(v))
}

/// Splits a compose file's nodes into clusters by the metadata quorum they name: brokers that
/// point at different ZooKeeper ensembles (`zookeeper.connect`, chroot included) or different
/// KRaft quorums (`controller.quorum.voters`, `controller.quorum.bootstrap.servers`) are different
/// clusters, as two broker files are (two brokers with `broker.id=1` on two ZooKeepers are
/// fine). A node that names none joins the first cluster; a client joins the cluster whose broker
/// services its `bootstrap.servers` names, else the first.
fn clusters(units: &[Unit]) -> Vec<ClusterOf> {
    let identity = |u: &Unit| -> Option<String> {
        ["zookeeper.connect", "controller.quorum.voters", "controller.quorum.bootstrap.servers"].iter().find_map(|k| {
            let v = unit_value(u, k)?;
            let mut items: Vec<String> = v.split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()).collect();
            items.sort();
            (!items.is_empty()).then(|| format!("{k}={}", items.join(",")))
        })
    };
    let runs_broker =
        |u: &Unit| unit_value(u, "process.roles").is_none_or(|r| r.to_ascii_lowercase().split(',').any(|x| x.trim() == "broker"));
    let nodes: Vec<Option<String>> = units.iter().map(|u| (u.role == Some(Role::Broker)).then(|| identity(u)).flatten()).collect();
    let mut names: Vec<&String> = Vec::new();
    for n in nodes.iter().flatten() {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let several = names.len() > 1;
    // Which cluster each unit is in: an index into `names` (0 when the file runs one).
    let mut index: Vec<usize> = vec![0; units.len()];
    for (i, u) in units.iter().enumerate() {
        if !several {
            break;
        }
        index[i] = match (&nodes[i], u.role) {
            (Some(n), _) => names.iter().position(|x| *x == n).unwrap_or(0),
            (None, Some(Role::Broker)) => 0,
            _ => {
                // A client: the cluster of the first broker service its bootstrap servers name.
                let hosts: Vec<String> = unit_value(u, "bootstrap.servers")
                    .map(|v| v.split(',').filter_map(|a| a.trim().rsplit_once(':').map(|(h, _)| h.to_ascii_lowercase())).collect())
                    .unwrap_or_default();
                units
                    .iter()
                    .enumerate()
                    .find(|(j, b)| {
                        b.role == Some(Role::Broker)
                            && nodes[*j].is_some()
                            && (hosts.contains(&b.meta.name.to_ascii_lowercase())
                                || b.meta.hostnames.iter().any(|h| hosts.contains(&h.to_ascii_lowercase())))
                    })
                    .and_then(|(j, _)| names.iter().position(|x| Some(*x) == nodes[j].as_ref()))
                    .unwrap_or(0)
            }
        };
    }
    let mut counts = vec![0usize; names.len().max(1)];
    for (i, u) in units.iter().enumerate() {
        if u.role == Some(Role::Broker) && runs_broker(u) {
            counts[index[i]] += 1;
        }
    }
    index.iter().map(|&i| ClusterOf { name: several.then(|| names[i].clone()), brokers: counts[i] }).collect()
}

/// The TLS settings an image writes itself. Confluent's and Apache's configure: the keystore at
/// `/etc/kafka/secrets/$KAFKA_SSL_KEYSTORE_FILENAME`, passwords read from the `*_CREDENTIALS`
/// files. Bitnami's libkafka.sh: the keystore and truststore mounted under
/// `/opt/bitnami/kafka/config/certs`, passwords from `KAFKA_CERTIFICATE_PASSWORD`, when a listener
/// uses SSL.
fn built_tls_settings(def: &ImageDef, vars: &[Var], entries: &[UnitEntry]) -> Vec<(String, String)> {
    let get = |n: &str| vars.iter().rev().find(|v| v.name == n).and_then(|v| v.value.clone()).filter(|v| !v.is_empty());
    let mut out = Vec::new();
    if def.naming == "dub" {
        let secrets = "/etc/kafka/secrets";
        if let Some(f) = get("KAFKA_SSL_KEYSTORE_FILENAME") {
            out.push(("ssl.keystore.location".to_string(), format!("{secrets}/{f}")));
        }
        if let Some(c) = get("KAFKA_SSL_KEYSTORE_CREDENTIALS") {
            out.push(("ssl.keystore.password".to_string(), format!("${{file:{secrets}/{c}}}")));
        }
        if let Some(c) = get("KAFKA_SSL_KEY_CREDENTIALS") {
            out.push(("ssl.key.password".to_string(), format!("${{file:{secrets}/{c}}}")));
        }
        if let Some(f) = get("KAFKA_SSL_TRUSTSTORE_FILENAME") {
            out.push(("ssl.truststore.location".to_string(), format!("{secrets}/{f}")));
        }
        if let Some(c) = get("KAFKA_SSL_TRUSTSTORE_CREDENTIALS") {
            out.push(("ssl.truststore.password".to_string(), format!("${{file:{secrets}/{c}}}")));
        }
    } else if def.naming == "dots" {
        let ssl = entries
            .iter()
            .any(|e| (e.key == "listeners" || e.key == "listener.security.protocol.map") && e.value.to_ascii_uppercase().contains("SSL"));
        if ssl {
            let pem = get("KAFKA_TLS_TYPE").is_some_and(|t| t.eq_ignore_ascii_case("PEM"));
            let ext = if pem { "pem" } else { "jks" };
            let certs = "/opt/bitnami/kafka/config/certs";
            out.push(("ssl.keystore.location".to_string(), format!("{certs}/kafka.keystore.{ext}")));
            out.push(("ssl.truststore.location".to_string(), format!("{certs}/kafka.truststore.{ext}")));
            out.push(("ssl.keystore.password".to_string(), "${KAFKA_CERTIFICATE_PASSWORD}".to_string()));
            out.push(("ssl.key.password".to_string(), "${KAFKA_CERTIFICATE_PASSWORD}".to_string()));
            out.push(("ssl.truststore.password".to_string(), "${KAFKA_CERTIFICATE_PASSWORD}".to_string()));
        }
    }
    out
}

/// Every environment variable of every service (Kafka or not) and every command line, as entries
/// named as written: a unit shows the whole file, so redaction needs the secrets of all of them
/// (`POSTGRES_PASSWORD`, JAAS text in `KAFKA_OPTS` or in a `command`).
fn file_settings(text: &str, list: &[Service<'_>], dir: &Path, dotenv: &HashMap<String, String>) -> Vec<crate::properties::Entry> {
    let mut out = Vec::new();
    for s in list {
        let mut vars = Vec::new();
        if let Some(ef) = s.svc.get("env_file") {
            vars.extend(env_files(ef, dir, dotenv, &mut Vec::new()));
        }
        if let Some(envn) = s.svc.get("environment") {
            vars.extend(environment(text, envn, dotenv, false).0);
        }
        for v in vars {
            let Some(value) = v.value else { continue };
            out.push(crate::properties::Entry {
                key: v.name.clone(),
                key_span: v.key_span,
                value,
                value_span: v.value_span,
                span: v.span,
                pieces: vec![v.value_span],
                written: Some(v.name),
            });
        }
        for k in ["command", "entrypoint", "healthcheck"] {
            let mut scalars: Vec<&Scalar> = Vec::new();
            match s.svc.get(k) {
                Some(Node::Scalar(sc)) => scalars.push(sc),
                Some(Node::Seq(seq)) => scalars.extend(seq.items.iter().filter_map(Node::as_scalar)),
                Some(n @ Node::Map(_)) => {
                    if let Some(Node::Seq(seq)) = n.get("test") {
                        scalars.extend(seq.items.iter().filter_map(Node::as_scalar));
                    }
                }
                None => {}
            }
            for sc in scalars {
                out.push(crate::properties::Entry {
                    key: k.to_string(),
                    key_span: sc.span,
                    value: sc.value.clone(),
                    value_span: sc.inner,
                    span: sc.span,
                    pieces: vec![sc.inner],
                    written: Some(k.to_string()),
                });
            }
        }
    }
    out
}

fn find_def(repo: &str) -> Option<&'static ImageDef> {
    KNOWLEDGE.image.iter().find(|d| d.names.iter().any(|n| n == repo))
}

fn find_client(repo: &str) -> Option<&'static ClientDef> {
    KNOWLEDGE.client.iter().find(|d| d.names.iter().any(|n| n == repo))
}

/// The unit of a service whose image kafkalint does not know but whose environment names broker
/// settings (`KAFKA_ADVERTISED_LISTENERS`, `KAFKA_BROKER_ID`, …): a private re-tag or mirror of a
/// Kafka image, an image built from the repository, an image named by a variable the `.env` file
/// does not set. Its variables are read with the convention Confluent's and Apache's images share
/// (`ub`/`dub`: strip `KAFKA_`, `_`→`.`, `__`→`_`, `___`→`-`, lower case), keeping only names
/// that map to a Kafka broker key (anything else may be the image's own variable). Nothing else is
/// assumed: no version, no image defaults, no settings the image's scripts derive or build, no
/// insertion point (a new name might not be read). `image_kind = "guess"` makes the engine keep
/// only findings about values written in the file (see `crate::rules::docker::keep_guessed`).
fn guessed_unit(mut meta: UnitMeta, vars: &[Var], image: Option<&ImageRef>, builds: bool) -> Unit {
    let image_only = |name: &str| {
        KNOWLEDGE.image.iter().any(|d| {
            d.image_only.iter().any(|x| x == name) || d.image_only_prefixes.iter().any(|p| p != "KAFKA_" && name.starts_with(p.as_str()))
        })
    };
    let mut entries = Vec::new();
    let mut skipped = 0usize;
    for v in vars {
        let Some(rest) = v.name.strip_prefix("KAFKA_") else { continue };
        if image_only(&v.name) {
            continue;
        }
        let key = dub_key(rest);
        let known = |k: &str| crate::model::lookup(Role::Broker, k, Release::newest()).is_some();
        // A per-listener setting (`listener.name.internal.ssl.keystore.location`) is a broker key
        // under a listener's name.
        let per_listener = key.strip_prefix("listener.name.").and_then(|r| r.split_once('.')).is_some_and(|(_, k)| known(k));
        if !known(&key) && !per_listener {
            skipped += 1;
            continue;
        }
        let (value, syntax) = v.value_or_placeholder();
        entries.push(v.entry(key, value, syntax));
    }
    let what = match (image, meta.image.as_deref()) {
        (Some(i), _) => format!("the image `{}` is not one kafkalint knows", i.repo),
        (None, Some(text)) => format!("the image `{text}` names a variable kafkalint cannot resolve"),
        (None, None) if builds => "the service builds its own image".to_string(),
        (None, None) => "the service names no image".to_string(),
    };
    meta.notes.push(format!(
        "{what}: its KAFKA_* variables are read as Confluent's and Apache's images read them (a guess); \
         its version, defaults and start script are unknown"
    ));
    if skipped > 0 {
        meta.notes.push(format!("{skipped} KAFKA_* variable(s) name no Kafka key in that convention and are not read"));
    }
    meta.image_kind = Some("guess");
    Unit { role: Some(Role::Broker), entries, meta }
}

/// Broker-only variables that mark an unknown image as a Kafka broker.
const BROKER_MARKERS: [&str; 6] =
    ["KAFKA_ADVERTISED_LISTENERS", "KAFKA_ZOOKEEPER_CONNECT", "KAFKA_PROCESS_ROLES", "KAFKA_BROKER_ID", "KAFKA_NODE_ID", "KAFKA_LISTENERS"];

/// Client security settings a client image's variables may name.
fn client_key(key: &str) -> bool {
    key == "bootstrap.servers"
        || key == "security.protocol"
        || key == "sasl.mechanism"
        || key == "sasl.jaas.config"
        || key.starts_with("ssl.")
        || key.starts_with("sasl.")
}

fn service_unit(text: &str, s: &Service<'_>, dir: &Path, dotenv: &HashMap<String, String>, newline: &'static str) -> Option<(Unit, bool)> {
    let svc = s.svc;
    let mut meta = UnitMeta { name: s.name.clone(), anchor: s.anchor, ..UnitMeta::default() };
    let image_node = svc.get("image").and_then(Node::as_scalar);
    let image_text = image_node.map(|n| interpolate(&n.value, dotenv).0);
    meta.image = image_text.clone();
    meta.image_span = image_node.map(|n| n.inner);
    // An image named by a variable the `.env` file does not set is unknown, unless only its tag is
    // (`confluentinc/cp-kafka:${CP_VERSION}`): then the image is known and its version is not.
    let image = image_text.as_deref().and_then(|t| {
        let i = parse_image(t);
        (!t.contains('$') || (!i.repo.contains('$') && i.tag.as_deref().is_some_and(|x| x.contains('$')))).then_some(i)
    });
    // Environment: env_file first, then `environment` (which wins).
    let mut vars = Vec::new();
    let notes_before = meta.notes.len();
    if let Some(ef) = svc.get("env_file") {
        vars.extend(env_files(ef, dir, dotenv, &mut meta.notes));
    }
    let env_file_unread = meta.notes.len() > notes_before;
    let mut insert_at = None;
    if let Some(envn) = svc.get("environment") {
        let merged = !svc.entries.iter().any(|(k, _)| k.str() == Some("environment"));
        let (v, ins) = environment(text, envn, dotenv, merged);
        vars.extend(v);
        insert_at = ins;
    }
    meta.env_names = vars.iter().map(|v| v.name.clone()).collect();
    // Network facts.
    meta.hostnames.push(s.name.clone());
    for k in ["hostname", "container_name"] {
        if let Some(h) = svc.get(k).and_then(Node::str) {
            let h = interpolate(h, dotenv).0;
            if !meta.hostnames.contains(&h) {
                meta.hostnames.push(h);
            }
        }
    }
    if let Some(nets) = svc.get("networks") {
        match nets {
            Node::Seq(seq) => meta.networks.extend(seq.items.iter().filter_map(Node::str).map(str::to_string)),
            Node::Map(m) => {
                meta.networks.extend(m.entries.iter().filter_map(|(k, _)| k.str()).map(str::to_string));
                for (_, v) in &m.entries {
                    if let Some(Node::Seq(al)) = v.get("aliases") {
                        meta.hostnames.extend(al.items.iter().filter_map(Node::str).map(str::to_string));
                    }
                }
            }
            Node::Scalar(_) => {}
        }
    }
    if let Some(nm) = svc.get("network_mode").and_then(Node::str) {
        meta.host_network = nm == "host";
        meta.network_mode = Some(nm.to_string());
    }
    if let Some(p) = svc.get("ports") {
        let (list, unknown) = ports(p, dotenv);
        meta.ports = list;
        if unknown {
            meta.notes.push("some `ports:` entries could not be read; published ports are not checked".into());
            meta.ports.clear();
            meta.ports.push(PublishedPort { host_ip: Some("?".into()), host_port: None, container_port: 0, span: p.span() });
        }
    }
    let replicated =
        svc.get("scale").or_else(|| svc.get("deploy").and_then(|d| d.get("replicas"))).and_then(Node::str).is_some_and(|r| r.trim() != "1");
    let command = [svc.get("command"), svc.get("entrypoint")].into_iter().flatten().map(node_text).collect::<Vec<_>>().join(" ");
    let overridden = svc.get("command").is_some() || svc.get("entrypoint").is_some();
    let get = |name: &str| vars.iter().rev().find(|v| v.name == name);

    let def = image.as_ref().and_then(|i| find_def(&i.repo));
    if let Some(def) = def {
        if overridden && !starts_broker(&command) {
            // A tool container (kafka-topics, a shell script) on a broker image: not a broker.
            return None;
        }
        if mounts_config(svc) || env_file_unread {
            // The broker's configuration comes (partly) from files kafkalint does not see.
            return None;
        }
        meta.wrapped = overridden && wraps_start(&command);
        let image = image.as_ref().expect("def implies image");
        let (release, note) = tag_release(def, image);
        meta.release = release;
        meta.version_source = release.map(|_| VersionSource::ImageTag);
        meta.version_note = note;
        meta.image_kind = Some(match def.kind.as_str() {
            "confluent" => "confluent",
            "apache" => "apache",
            "bitnami" => "bitnami",
            _ => "wurstmeister",
        });
        let rel = release.unwrap_or_else(Release::newest);
        // Confluent's images render kafka.properties with the Python `dub` up to Confluent
        // Platform 8.0 and with the Go `ub` from 8.1 (confluentinc/kafka-images v8.0.0 and
        // v8.1.0 kafka/include/etc/confluent/docker/configure).
        // An unknown version (a tag the `.env` file does not set): a ZooKeeper-mode broker runs a
        // Confluent Platform before 8.0, hence the Python `dub`.
        let zookeeper_mode = get("KAFKA_ZOOKEEPER_CONNECT").is_some() && get("KAFKA_PROCESS_ROLES").is_none();
        let python_dub =
            def.kind == "confluent" && (Release::named("4.1").is_some_and(|r| rel < r) || (release.is_none() && zookeeper_mode));
        let origin = format!("the {} image", image.repo);
        let mut entries = Vec::new();
        for v in &vars {
            let name = v.name.as_str();
            let unmapped = |kind: &'static str, reason: String, suggestion: Option<String>| Unmapped {
                written: name.to_string(),
                span: v.key_span,
                value_span: v.value_span,
                reason,
                suggestion,
                kind,
            };
            if def.refused.iter().any(|r| r == name) {
                if v.value.as_deref().is_some_and(|x| !x.is_empty()) {
                    meta.unmapped.push(unmapped(
                        "refused-variable",
                        format!("the {} image refuses `{name}` and exits at start-up (\"{} is deprecated. Please use KAFKA_ADVERTISED_LISTENERS instead.\")", image.repo, name.trim_start_matches("KAFKA_").to_ascii_lowercase().replace('_', ".")),
                        Some("KAFKA_ADVERTISED_LISTENERS".into()),
                    ));
                }
                continue;
            }
            if def.image_only.iter().any(|x| x == name)
                || def.image_only_prefixes.iter().any(|p| name.starts_with(p.as_str()) && def.prefix != *p)
            {
                continue;
            }
            if def.cluster_id.as_deref() == Some(name) {
                continue;
            }
            // The Kafka key, as this image converts the name.
            let key = if def.naming == "dots" {
                name.strip_prefix("KAFKA_CFG_")
                    .or_else(|| name.strip_prefix("KAFKA_").filter(|r| def.aliases.iter().any(|a| a == r)))
                    .map(dots_key)
            } else if def.naming == "wurstmeister" {
                name.strip_prefix("KAFKA_").map(|r| r.replace('_', ".").to_ascii_lowercase())
            } else {
                name.strip_prefix(def.prefix.as_str()).map(|rest| {
                    if python_dub {
                        // Confluent Platform before 8.1: Python dub env_to_props, `_` → `.` only;
                        // KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET is mapped by the template itself.
                        if rest == "ZOOKEEPER_CLIENT_CNXN_SOCKET" {
                            "zookeeper.clientCnxnSocket".to_string()
                        } else {
                            rest.replace('_', ".").to_ascii_lowercase()
                        }
                    } else if def.naming_variant.as_deref() == Some("apache") {
                        apache_key(name)
                    } else {
                        dub_key(rest)
                    }
                })
            };
            let known = |k: &str| crate::model::lookup(Role::Broker, k, rel).is_some();
            // A variable of another image.
            let foreign = KNOWLEDGE.foreign.iter().find(|f| {
                !def.names.contains(&f.owner)
                    && (f.name.as_deref() == Some(name) || f.prefix.as_deref().is_some_and(|p| name.starts_with(p)))
            });
            if let Some(f) = foreign.filter(|_| key.as_deref().is_none_or(|k| !known(k))) {
                let suggestion = f.suggestion.clone().map(|sg| match sg.strip_prefix("KAFKA_") {
                    // Bitnami writes Kafka settings as KAFKA_CFG_*.
                    Some(rest) if def.naming == "dots" && !def.image_only.contains(&sg) => format!("KAFKA_CFG_{rest}"),
                    _ => sg,
                });
                let suggestion = suggestion.or_else(|| {
                    // KAFKA_CFG_X on a dub image: KAFKA_X.
                    f.prefix.as_deref().and_then(|p| name.strip_prefix(p)).map(|r| format!("{}{r}", def.prefix))
                });
                meta.unmapped.push(unmapped(
                    "foreign-variable",
                    format!("`{name}` is a variable of the {} image; the {} image does not read it", f.owner, image.repo),
                    suggestion,
                ));
                continue;
            }
            let Some(key) = key else {
                // Bitnami: a `KAFKA_X` that is not one of its aliases, where `KAFKA_CFG_X` names a key.
                if def.naming == "dots" {
                    if let Some(rest) = name.strip_prefix("KAFKA_") {
                        let k = dots_key(rest);
                        if known(&k) {
                            meta.unmapped.push(unmapped(
                                "unknown-variable",
                                format!("the {} image reads Kafka settings only from `KAFKA_CFG_*` variables (and a few legacy aliases); `{name}` is ignored", image.repo),
                                Some(format!("KAFKA_CFG_{rest}")),
                            ));
                        }
                    }
                }
                continue;
            };
            if def.vendor_key_prefixes.iter().any(|p| key.starts_with(p.as_str())) {
                continue;
            }
            // A value taken from the host's environment (`- KEY`) is set but unknown: its `${KEY}`
            // text keeps the setting and the rules treat it as unchecked.
            let (mut value, mut syntax) = v.value_or_placeholder();
            // wurstmeister's start-kafka.sh replaces `_{HOSTNAME_COMMAND}` and `_{PORT_COMMAND}`
            // in every KAFKA_ variable with the output of the HOSTNAME_COMMAND/PORT_COMMAND it
            // runs at start-up: a value kafkalint cannot know (unchecked).
            if def.naming == "wurstmeister" {
                for cmd in ["HOSTNAME_COMMAND", "PORT_COMMAND"] {
                    let marker = format!("_{{{cmd}}}");
                    if value.contains(&marker) && get(cmd).is_some() {
                        value = value.replace(&marker, &format!("${{{cmd}}}"));
                        syntax = ValueSyntax::Fixed;
                    }
                }
            }
            if def.naming == "dots" && value.trim().is_empty() {
                continue; // kafka_configure_from_environment_variables skips empty values
            }
            entries.push(v.entry(key, value, syntax));
        }
        // Image defaults.
        let set = |k: &str| entries.iter().any(|e: &UnitEntry| e.key == k);
        let controller_only = entries.iter().rev().find(|e| e.key == "process.roles").is_some_and(|e| e.value.trim() == "controller");
        // configure: "KAFKA_ADVERTISED_LISTENERS is not supported on a KRaft controller." (exit 1),
        // in apache/kafka's image and in Confluent's from CP 7.4.
        let kraft_configure = def.kind == "apache" || (def.kind == "confluent" && rel.at_least("3.4"));
        if controller_only && kraft_configure && !meta.wrapped {
            if let Some(v) =
                vars.iter().rev().find(|v| v.name == "KAFKA_ADVERTISED_LISTENERS" && v.value.as_deref().is_some_and(|x| !x.is_empty()))
            {
                meta.unmapped.push(Unmapped {
                    written: v.name.clone(),
                    span: v.key_span,
                    value_span: v.value_span,
                    reason: format!("the {} image refuses `KAFKA_ADVERTISED_LISTENERS` on a KRaft controller and exits at start-up (\"KAFKA_ADVERTISED_LISTENERS is not supported on a KRaft controller.\")", image.repo),
                    suggestion: None,
                    kind: "refused-variable",
                });
            }
        }
        let mut defaults: Vec<PlatformDefault> = Vec::new();
        for d in &def.defaults {
            if !set(&d.key) {
                defaults.push(PlatformDefault { key: d.key.clone(), value: d.value.clone(), origin: origin.clone() });
            }
        }
        // Any KAFKA_ variable the wrapper converts (even one that names no Kafka key) replaces the file.
        let env_sets_keys = vars.iter().any(|v| {
            v.name.starts_with(def.prefix.as_str())
                && !def.image_only.contains(&v.name)
                && !def.image_only_prefixes.iter().any(|p| v.name.starts_with(p.as_str()))
        });
        if !def.defaults_without_env.is_empty() && !env_sets_keys {
            // No Kafka key in the environment: the image runs its default server.properties.
            for d in &def.defaults_without_env {
                defaults.push(PlatformDefault {
                    key: d.key.clone(),
                    value: d.value.clone(),
                    origin: format!("{origin} (its default server.properties)"),
                });
            }
        }
        if def.listeners_from_advertised && !set("listeners") && !controller_only && !defaults.iter().any(|d| d.key == "listeners") {
            if let Some(adv) = entries.iter().rev().find(|e| e.key == "advertised.listeners") {
                let derived: Vec<String> = crate::kafka::parse_listeners(&adv.value)
                    .into_iter()
                    .flatten()
                    .map(|e| format!("{}://0.0.0.0:{}", e.name, e.port.map(|p| p.to_string()).unwrap_or_default()))
                    .collect();
                if !derived.is_empty() {
                    defaults.push(PlatformDefault {
                        key: "listeners".into(),
                        value: derived.join(","),
                        origin: format!("{origin} (derived from KAFKA_ADVERTISED_LISTENERS)"),
                    });
                }
            }
        }
        if def.builds_keystore {
            let built = built_tls_settings(def, &vars, &entries);
            if !built.is_empty() {
                meta.notes.push(format!("the {} image builds its TLS settings from its own variables", image.repo));
            }
            for (k, v) in built {
                if !set(&k) && !defaults.iter().any(|d| d.key == k) {
                    defaults.push(PlatformDefault { key: k, value: v, origin: format!("{origin} (built from its TLS variables)") });
                }
            }
        }
        if def.since.as_deref().is_some_and(|since| release.is_some_and(|r| Release::named(since).is_some_and(|s| r < s))) {
            meta.notes.push(format!("{} images exist from Kafka {} on", image.repo, def.since.as_deref().unwrap_or("")));
        }
        meta.defaults = defaults;
        meta.insert = insert_at.map(|(at, line_prefix, separator)| Inserter {
            lead_newline: at == text.len() && !text.is_empty() && !text.ends_with('\n'),
            at,
            line_prefix,
            separator,
            naming: match def.naming.as_str() {
                "dots" => Naming::EnvDotsOnly { prefix: "KAFKA_CFG_".into() },
                "wurstmeister" => Naming::EnvDotsOnly { prefix: "KAFKA_".into() },
                _ if python_dub => Naming::EnvDotsOnly { prefix: def.prefix.clone() },
                _ => Naming::EnvDub { prefix: def.prefix.clone() },
            },
            newline,
        });
        return Some((Unit { role: Some(Role::Broker), entries, meta }, replicated));
    }

    // Client images and application services: the bootstrap servers and security settings.
    let client = image.as_ref().and_then(|i| find_client(&i.repo));
    let (prefix, bootstrap_names): (String, Vec<String>) = match client {
        Some(c) => {
            let mut b = c.bootstrap.clone();
            b.push(format!("{}BOOTSTRAP_SERVERS", c.prefix));
            (c.prefix.clone(), b)
        }
        None => {
            // An unknown image that looks like a Kafka broker: a unit read with Confluent's and
            // Apache's convention, marked as a guess (see `guessed_unit`).
            // `KAFKA_ZOOKEEPER_CONNECT` alone does not make a broker: applications set it too
            // (with their own `KAFKA_BOOTSTRAP_SERVERS_HOST`-like names).
            let broker_like = BROKER_MARKERS.iter().any(|m| *m != "KAFKA_ZOOKEEPER_CONNECT" && get(m).is_some())
                && !vars.iter().any(|v| v.name.contains("BOOTSTRAP_SERVERS"));
            if broker_like {
                if overridden && !starts_broker(&command) && !wraps_start(&command) {
                    // A tool container (kafka-topics, a shell) on an unknown image: not a broker.
                    return None;
                }
                if mounts_config(svc) || env_file_unread {
                    return None;
                }
                meta.wrapped = overridden && wraps_start(&command);
                return Some((guessed_unit(meta, &vars, image.as_ref(), svc.get("build").is_some()), replicated));
            }
            (
                String::new(),
                ["SPRING_KAFKA_BOOTSTRAP_SERVERS", "SPRING_KAFKA_BOOTSTRAPSERVERS", "KAFKA_BOOTSTRAP_SERVERS"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            )
        }
    };
    let mut entries = Vec::new();
    for v in &vars {
        let key = if bootstrap_names.contains(&v.name) {
            "bootstrap.servers".to_string()
        } else if !prefix.is_empty() {
            match v.name.strip_prefix(prefix.as_str()).map(dub_key) {
                Some(k) if client_key(&k) && k != "bootstrap.servers" => k,
                _ => continue,
            }
        } else {
            continue;
        };
        let Some(value) = v.value.clone().or_else(|| Some(format!("${{{}}}", v.name))) else { continue };
        let (value, syntax) = if v.value.is_none() {
            (value, ValueSyntax::Fixed)
        } else if key == "bootstrap.servers" && value.contains("://") {
            // `PLAINTEXT://kafka:9092`: Schema Registry, REST Proxy and ksqlDB accept listener URLs.
            let hosts: Vec<String> =
                value.split(',').map(|h| h.trim().split_once("://").map_or(h.trim(), |(_, r)| r).to_string()).collect();
            (hosts.join(","), ValueSyntax::Fixed)
        } else {
            (value, v.syntax.clone())
        };
        entries.push(v.entry(key, value, syntax));
    }
    if !entries.iter().any(|e| e.key == "bootstrap.servers") {
        return None;
    }
    meta.image_kind = Some("client");
    if overridden && client.is_none() {
        meta.notes.push("the service overrides its command".into());
    }
    Some((Unit { role: Some(Role::Admin), entries, meta }, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knowledge_parses() {
        assert!(KNOWLEDGE.image.len() >= 4);
        assert_eq!(confluent_platform_kafka("7.4"), Some("3.4"));
        assert_eq!(confluent_platform_kafka("8.0"), Some("4.0"));
        for d in &KNOWLEDGE.image {
            assert!(Release::named(&d.latest_kafka).is_some(), "{}: unknown release {}", d.kind, d.latest_kafka);
        }
    }

    #[test]
    fn dub_conversion() {
        assert_eq!(dub_key("OFFSETS_TOPIC_REPLICATION_FACTOR"), "offsets.topic.replication.factor");
        assert_eq!(dub_key("LISTENER_NAME_INTERNAL_SSL__X___Y"), "listener.name.internal.ssl_x-y");
        assert_eq!(dub_key("ZOOKEEPER_CONNECT"), "zookeeper.connect");
        assert_eq!(dub_key("X"), "x");
        assert_eq!(dots_key("LISTENER_NAME_SASL_SSL_X"), "listener.name.sasl_ssl.x");
    }

    #[test]
    fn image_references() {
        assert_eq!(
            parse_image("confluentinc/cp-kafka:7.4.0"),
            ImageRef { repo: "confluentinc/cp-kafka".into(), tag: Some("7.4.0".into()), digest: false }
        );
        assert_eq!(parse_image("docker.io/bitnami/kafka:3.4").repo, "bitnami/kafka");
        assert_eq!(parse_image("localhost:5000/apache/kafka").tag, None);
        assert!(parse_image("apache/kafka@sha256:abc").digest);
        let cp = find_def("confluentinc/cp-kafka").unwrap();
        assert_eq!(tag_release(cp, &parse_image("confluentinc/cp-kafka:7.4.0-1-ubi8")).0, Release::named("3.4"));
        assert!(tag_release(cp, &parse_image("confluentinc/cp-kafka")).1.unwrap().contains("Kafka 4.2"));
        let w = find_def("wurstmeister/kafka").unwrap();
        assert_eq!(tag_release(w, &parse_image("wurstmeister/kafka:2.13-2.8.1")).0, Release::named("2.8"));
        let a = find_def("apache/kafka").unwrap();
        assert_eq!(tag_release(a, &parse_image("apache/kafka:3.7.0")).0, Release::named("3.7"));
    }

    #[test]
    fn interpolation() {
        let env: HashMap<String, String> = [("A".to_string(), "1".to_string()), ("E".to_string(), String::new())].into_iter().collect();
        assert_eq!(interpolate("x${A}y", &env), ("x1y".into(), true));
        assert_eq!(interpolate("${B:-d}", &env).0, "d");
        assert_eq!(interpolate("${E:-d}", &env).0, "d");
        assert_eq!(interpolate("${E-d}", &env).0, "");
        assert_eq!(interpolate("${B}", &env).0, "${B}");
        assert_eq!(interpolate("$B", &env).0, "${B}");
        assert_eq!(interpolate("${B?err}", &env).0, "${B}");
        assert_eq!(interpolate("a$$b", &env), ("a$b".into(), true));
        assert_eq!(interpolate("plain", &env), ("plain".into(), false));
        assert_eq!(interpolate("${B:-${A}}", &env).0, "1");
        assert_eq!(interpolate("${", &env).0, "${");
    }
}
