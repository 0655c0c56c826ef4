//! Spring Boot application files: `spring.kafka.*` mapped as Spring Boot's `KafkaProperties` binds it.
//!
//! A file (`application*.properties`, `application*.yml`, a profile's file, a multi-document YAML
//! with `spring.config.activate.on-profile`) gives one unit per Kafka client its `spring.kafka`
//! sections configure (`consumer`/`listener` → consumer, `producer`/`template` → producer, `admin`,
//! `streams`), or one `spring.kafka` unit when it sets only common settings. Names bind as Spring
//! Boot's relaxed binding does (kebab-case, camelCase and underscores are one name); values of
//! `Duration` and `DataSize` properties are converted to the milliseconds and bytes Kafka gets.
//! The bindings, per Spring Boot release line, are in `knowledge/spring.toml`.

use super::yaml::{self, Node, Style};
use super::{Inserter, Naming, PlatformDefault, Read, Unit, UnitEntry, UnitMeta, Unmapped, ValueSyntax};
use crate::model::Role;
use crate::source::Span;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::LazyLock;

/// One `[[property]]` of `knowledge/spring.toml`.
#[derive(Debug, Deserialize)]
pub struct PropDef {
    /// Relative to `spring.kafka.`, kebab-case.
    pub name: String,
    pub kafka: Option<String>,
    #[serde(default)]
    pub clients: Vec<String>,
    #[serde(rename = "type")]
    pub ty: String,
    pub boot: String,
    pub deprecated: Option<String>,
    /// The property Spring Boot names as the replacement of a deprecated one.
    pub replacement: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DefaultDef {
    value: String,
    clients: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Kb {
    defaults: BTreeMap<String, DefaultDef>,
    property: Vec<PropDef>,
}

struct Index {
    kb: Kb,
    /// Uniform name (elements lower-cased, alphanumerics only) → property.
    by_uniform: HashMap<String, usize>,
}

static KB: LazyLock<Index> = LazyLock::new(|| {
    let kb: Kb = toml_edit::de::from_str(include_str!("../../knowledge/spring.toml")).expect("knowledge/spring.toml parses");
    // Names that differ only in dashes are one name to Spring (`keystore-location`, 1.5 to 2.0, and
    // `key-store-location`, 2.1 on): the one the newest line binds stands for both.
    let mut by_uniform: HashMap<String, usize> = HashMap::new();
    for (i, p) in kb.property.iter().enumerate() {
        let end = |q: &PropDef| q.boot.split_once("..").map_or(q.boot.clone(), |(_, b)| b.to_string());
        match by_uniform.get(&uniform_name(&p.name)) {
            Some(&j) if boot_cmp(&end(&kb.property[j]), &end(p)).is_ge() => {}
            _ => {
                by_uniform.insert(uniform_name(&p.name), i);
            }
        }
    }
    Index { kb, by_uniform }
});

/// Every property Spring Boot binds under `spring.kafka.` (any release line kafkalint read).
pub fn properties() -> &'static [PropDef] {
    &KB.kb.property
}

/// The elements of a property name: split at `.` outside `[...]`; `a[0]` gives `a`, `[0]`.
fn elements(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let b = name.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'[' => {
                if depth == 0 && i > start {
                    out.push(&name[start..i]);
                    start = i;
                } else if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(&name[start..=i]);
                    start = i + 1;
                }
            }
            b'.' if depth == 0 => {
                if i > start {
                    out.push(&name[start..i]);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < name.len() {
        out.push(&name[start..]);
    }
    out
}

/// Spring's uniform form of one element: lower case, alphanumerics only (so `groupId`,
/// `group-id` and `group_id` are one name; ConfigurationPropertyName's element equality).
fn uniform(element: &str) -> String {
    element.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

fn uniform_name(name: &str) -> String {
    elements(name).iter().map(|e| uniform(e)).collect::<Vec<_>>().join(".")
}

fn is_index(e: &str) -> bool {
    e.len() >= 3 && e.starts_with('[') && e.ends_with(']') && e[1..e.len() - 1].chars().all(|c| c.is_ascii_digit())
}

/// Spring binds `name[0]`, `name[1]`, … as one list: the items of one list become one item
/// (its value the elements joined with `,`, not editable in place).
fn merge_indexed(items: Vec<Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for item in items {
        let els = elements(&item.name);
        let Some(last) = els.last().filter(|e| is_index(e)) else {
            out.push(item);
            continue;
        };
        let base = item.name[..item.name.len() - last.len()].to_string();
        match out.iter_mut().find(|o| o.name == base) {
            Some(o) => {
                o.value = format!("{},{}", o.value, item.value);
                o.syntax = ValueSyntax::Fixed;
                o.span = Span::new(o.span.start.min(item.span.start), o.span.end.max(item.span.end));
            }
            None => out.push(Item { name: base, syntax: ValueSyntax::Fixed, ..item }),
        }
    }
    out
}

/// The `spring.kafka.` elements of a name, or `None` when it is not under `spring.kafka`.
fn kafka_elements(name: &str) -> Option<Vec<&str>> {
    let els = elements(name);
    (els.len() >= 3 && uniform(els[0]) == "spring" && uniform(els[1]) == "kafka").then(|| els[2..].to_vec())
}

/// `application*.properties` (any name, in fact) with `spring.kafka.` keys.
pub fn is_spring_properties(_name: &str, text: &str) -> bool {
    may_be_spring(text) && is_spring_document(&crate::properties::parse(text))
}

/// The cheap test before parsing: a Spring file names `kafka` somewhere.
pub fn may_be_spring(text: &str) -> bool {
    text.contains("kafka")
}

/// Whether a parsed `.properties` document sets `spring.kafka.*` (in any relaxed spelling).
pub fn is_spring_document(doc: &crate::properties::Document) -> bool {
    doc.entries.iter().any(|e| may_be_spring_kafka(&e.key) && kafka_elements(&e.key).is_some())
}

/// Whether a name may be under `spring.kafka` (a test without allocating, for every key of every
/// `.properties` file a run reads): the uniform forms of its first two elements are `spring` and
/// `kafka`, so its letters and digits start with `springkafka` in any case.
fn may_be_spring_kafka(name: &str) -> bool {
    let mut alnum = name.bytes().filter(u8::is_ascii_alphanumeric).map(|b| b.to_ascii_lowercase());
    b"springkafka".iter().all(|&b| alnum.next() == Some(b))
}

/// A YAML text with `spring.kafka` settings (nested, dotted or mixed). A file named
/// `application*`/`bootstrap*` that does not parse is Spring's too, so that the error is shown.
pub fn is_spring_yaml(name: &str, text: &str) -> bool {
    if !text.contains("kafka") {
        return false;
    }
    match yaml::parse_lenient(text) {
        Ok(docs) => docs.iter().any(|d| {
            let mut items = Vec::new();
            flatten(text, d, "", false, &mut items);
            items.iter().any(|i| kafka_elements(&i.name).is_some())
        }),
        Err(_) => name.starts_with("application") || name.starts_with("bootstrap"),
    }
}

/// One setting of a Spring file, flattened to its dotted name.
#[derive(Debug, Clone)]
pub(super) struct Item {
    name: String,
    value: String,
    key_span: Span,
    value_span: Span,
    span: Span,
    syntax: ValueSyntax,
    /// A null YAML value (`consumer:` with nothing under it).
    null: bool,
    /// Set in another file: the default application file a profile's file applies over (`application.yml
    /// line 6`). Such a setting is a platform default of the profile file's units, never an entry.
    origin: Option<std::sync::Arc<str>>,
}

/// Flattens a YAML document as Spring's YAML loader does: nested map keys joined with `.`,
/// sequences of scalars as one comma-separated value. Of duplicate keys, the last is kept (the
/// file is refused anyway; `spring/duplicate-key` says so).
pub(super) fn flatten(text: &str, node: &Node, prefix: &str, in_flow: bool, out: &mut Vec<Item>) {
    let Some(map) = node.as_map() else { return };
    let entries = map.entries_merged();
    for (idx, (k, v)) in entries.iter().enumerate() {
        let Some(ks) = k.as_scalar() else { continue };
        if entries[idx + 1..].iter().any(|(o, _)| o.str() == Some(ks.value.as_str())) {
            continue;
        }
        let name = if prefix.is_empty() { ks.value.clone() } else { format!("{prefix}.{}", ks.value) };
        let flow = in_flow || map.flow;
        match v {
            Node::Map(_) => flatten(text, v, &name, flow, out),
            Node::Seq(s) => {
                let values: Vec<&str> = s.items.iter().filter_map(|i| i.str()).collect();
                if values.len() == s.items.len() {
                    out.push(Item {
                        name,
                        value: values.join(","),
                        key_span: ks.span,
                        value_span: s.span,
                        span: Span::new(ks.span.start, s.span.end.max(ks.span.end)),
                        syntax: ValueSyntax::Fixed,
                        null: false,
                        origin: None,
                    });
                }
            }
            Node::Scalar(s) => {
                let null = v.is_null();
                let syntax = if s.aliased || ks.aliased || flow || matches!(s.style, Style::Literal | Style::Folded) {
                    ValueSyntax::Fixed
                } else {
                    ValueSyntax::Yaml { style: s.style, scalar: s.span }
                };
                out.push(Item {
                    name,
                    value: if null { String::new() } else { s.value.clone() },
                    key_span: ks.span,
                    value_span: value_span(text, s),
                    span: Span::new(ks.span.start, s.span.end.max(ks.span.end)),
                    syntax,
                    null,
                    origin: None,
                });
            }
        }
    }
}

/// The items as entries named as written (for [`UnitMeta::file_settings`]).
pub(super) fn as_entries(items: &[Item]) -> Vec<crate::properties::Entry> {
    items
        .iter()
        .map(|i| crate::properties::Entry {
            // A JAAS option (`spring.kafka.jaas.options.password`) is named by its option name,
            // which is what tells a secret.
            key: match uniform_name(&i.name).strip_prefix("spring.kafka.jaas.options.") {
                Some(_) => elements(&i.name).last().map_or(i.name.clone(), |e| e.to_string()),
                None => i.name.clone(),
            },
            key_span: i.key_span,
            value: i.value.clone(),
            value_span: i.value_span,
            span: i.span,
            pieces: vec![i.value_span],
            written: Some(i.name.clone()),
        })
        .collect()
}

/// Every scalar setting of a YAML text, flattened (for [`UnitMeta::file_settings`]).
pub(super) fn yaml_settings(text: &str, docs: &[Node]) -> Vec<crate::properties::Entry> {
    let mut items = Vec::new();
    for d in docs {
        flatten(text, d, "", false, &mut items);
    }
    as_entries(&items)
}

/// The text of a scalar's value: inside the quotes; for a block scalar (`|`, `>`), its content
/// without the header line and the final line break (so that hiding it keeps the lines).
pub(super) fn value_span(text: &str, s: &yaml::Scalar) -> Span {
    if !matches!(s.style, Style::Literal | Style::Folded) {
        return s.inner;
    }
    let body = text.get(s.span.range()).unwrap_or("");
    let Some(nl) = body.find('\n') else { return s.inner };
    let content = &body[nl + 1..];
    let lead = content.len() - content.trim_start().len();
    let start = s.span.start + nl + 1 + lead;
    let end = s.span.start + nl + 1 + content.trim_end().len();
    if end <= start {
        return Span::empty(start.min(s.span.end));
    }
    Span::new(start, end)
}

/// Keys set twice in one YAML map, anywhere in the document: (key, first, later).
fn duplicates(node: &Node, out: &mut Vec<(String, Span, Span)>) {
    match node {
        Node::Map(m) => {
            for (first, later) in m.duplicates() {
                out.push((later.value.clone(), first.span, later.span));
            }
            for (_, v) in &m.entries {
                duplicates(v, out);
            }
        }
        Node::Seq(s) => s.items.iter().for_each(|i| duplicates(i, out)),
        Node::Scalar(_) => {}
    }
}

/// Which client a `spring.kafka` section configures.
fn section_role(section: &str) -> Option<Role> {
    match section {
        "consumer" | "listener" => Some(Role::Consumer),
        "producer" | "template" => Some(Role::Producer),
        "admin" => Some(Role::Admin),
        "streams" => Some(Role::Streams),
        _ => None,
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Consumer => "consumer",
        Role::Producer => "producer",
        Role::Admin => "admin",
        _ => "streams",
    }
}

/// What a `spring.kafka.*` name binds to.
#[derive(Debug, Clone)]
enum Binding {
    /// A dedicated property with a Kafka key: (property, Kafka key, layer).
    Kafka(&'static PropDef, u8),
    /// An entry of a `properties` map: (Kafka key, clients, layer).
    Passthrough(String, Vec<String>, u8),
    /// A Spring-only setting (listener, template, retry, jaas, …).
    SpringOnly,
    /// Not bound by any Spring Boot release line.
    Unbound,
}

/// The layer of a setting in Spring's precedence (later layers win): common dedicated, common
/// ssl, common security, common `properties`, client dedicated, client ssl, client security,
/// client `properties`.
fn layer(els: &[String]) -> u8 {
    let client = matches!(els.first().map(String::as_str), Some("consumer" | "producer" | "admin" | "streams"));
    let sub = if client { els.get(1) } else { els.first() };
    let base = if client { 4 } else { 0 };
    base + match sub.map(String::as_str) {
        Some("ssl") => 1,
        Some("security") => 2,
        Some("properties") => 3,
        _ => 0,
    }
}

fn bind(els: &[&str]) -> Binding {
    let uni: Vec<String> = els.iter().filter(|e| !is_index(e)).map(|e| uniform(e)).collect();
    // A map property (`properties`, `consumer.properties`, `jaas.options`): the rest is the key.
    for n in (1..uni.len()).rev() {
        if let Some(&i) = KB.by_uniform.get(&uni[..n].join(".")) {
            let p = &KB.kb.property[i];
            if p.ty != "map" {
                continue;
            }
            if p.name.ends_with("properties") {
                let rest = &els[n..];
                let key: Vec<String> = rest
                    .iter()
                    .map(|e| {
                        if e.starts_with('[') && e.ends_with(']') {
                            e[1..e.len() - 1].to_string()
                        } else {
                            // Without brackets Spring drops what is not alphanumeric, `-` or `.`.
                            e.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.').collect()
                        }
                    })
                    .collect();
                return Binding::Passthrough(key.join("."), p.clients.clone(), layer(&uni));
            }
            return Binding::SpringOnly;
        }
    }
    match KB.by_uniform.get(&uni.join(".")) {
        Some(&i) => {
            let p = &KB.kb.property[i];
            match &p.kafka {
                Some(_) => Binding::Kafka(p, layer(&uni)),
                None => Binding::SpringOnly,
            }
        }
        None => Binding::Unbound,
    }
}

/// A Spring `Duration` (DurationStyle: `30s`, `1m`, `PT30S`; a plain number is milliseconds) in
/// milliseconds.
pub fn duration_ms(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.starts_with(['p', 'P']) || t.starts_with("-P") || t.starts_with("+P") || t.starts_with("-p") || t.starts_with("+p") {
        return iso_duration_ms(t);
    }
    let digits = t.trim_start_matches(['+', '-']);
    let n_end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    if n_end == 0 {
        return None;
    }
    let sign_len = t.len() - digits.len();
    let amount: i64 = t[..sign_len + n_end].trim_start_matches('+').parse().ok()?;
    let suffix = &digits[n_end..];
    if suffix.len() > 2 || !suffix.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let ms: i64 = match suffix.to_ascii_lowercase().as_str() {
        "" | "ms" => 1,
        "ns" => return Some(amount / 1_000_000),
        "us" => return Some(amount / 1_000),
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    amount.checked_mul(ms)
}

/// `java.time.Duration.parse` for the forms people write (`PT30S`, `PT1M30S`, `P1D`, `PT0.5S`).
fn iso_duration_ms(t: &str) -> Option<i64> {
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let t = t.to_ascii_uppercase();
    let rest = t.strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((d, tm)) => (d, Some(tm)),
        None => (rest, None),
    };
    let mut ms: f64 = 0.0;
    if !days.is_empty() {
        ms += days.strip_suffix('D')?.parse::<f64>().ok()? * 86_400_000.0;
    }
    if let Some(mut tm) = time {
        if tm.is_empty() {
            return None;
        }
        for (unit, factor) in [('H', 3_600_000.0), ('M', 60_000.0), ('S', 1_000.0)] {
            if let Some(i) = tm.find(unit) {
                ms += tm[..i].parse::<f64>().ok()? * factor;
                tm = &tm[i + 1..];
            }
        }
        if !tm.is_empty() {
            return None;
        }
    }
    let ms = ms.trunc() as i64;
    Some(if neg { -ms } else { ms })
}

/// A Spring `DataSize` (`512KB`, `1MB`; a plain number is bytes; suffixes are case-sensitive:
/// B, KB, MB, GB, TB) in bytes.
pub fn data_size_bytes(text: &str) -> Option<i64> {
    let t = text.trim();
    let digits = t.trim_start_matches(['+', '-']);
    let n_end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    if n_end == 0 {
        return None;
    }
    let sign_len = t.len() - digits.len();
    let amount: i64 = t[..sign_len + n_end].trim_start_matches('+').parse().ok()?;
    let factor: i64 = match &digits[n_end..] {
        "" | "B" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        "TB" => 1 << 40,
        _ => return None,
    };
    amount.checked_mul(factor)
}

/// The value Kafka gets for a dedicated property written as `value`; `None` when Spring would
/// pass it on as written.
fn convert(p: &PropDef, value: &str) -> Option<String> {
    match p.ty.as_str() {
        "duration" => duration_ms(value).map(|v| v.to_string()),
        "data-size" => data_size_bytes(value).map(|v| v.to_string()),
        "isolation-level" => {
            let u = uniform(value);
            match u.as_str() {
                "readcommitted" => Some("read_committed".into()),
                "readuncommitted" => Some("read_uncommitted".into()),
                _ => None,
            }
        }
        "resource" => value.trim().strip_prefix("file:").map(str::to_string),
        _ => None,
    }
}

/// The newest Spring Boot line `knowledge/spring.toml` was read at.
fn newest_boot() -> &'static str {
    static NEWEST: LazyLock<String> = LazyLock::new(|| {
        KB.kb
            .property
            .iter()
            .filter_map(|p| p.boot.split_once("..").map(|(_, b)| b.to_string()))
            .max_by(|a, b| boot_cmp(a, b))
            .unwrap_or_default()
    });
    &NEWEST
}

fn boot_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let v = |s: &str| s.split('.').map(|x| x.parse::<u32>().unwrap_or(0)).collect::<Vec<_>>();
    v(a).cmp(&v(b))
}

/// A property that older Spring Boot lines bind and the newest does not (`ssl.keystore-location`,
/// Spring Boot 1.5 to 2.0), with the property of the newest line that sets the same Kafka key.
fn retired(uni: &[String]) -> Option<(&'static PropDef, Option<&'static PropDef>)> {
    let name: Vec<&str> = uni.iter().map(String::as_str).filter(|e| !is_index(e)).collect();
    let &i = KB.by_uniform.get(&name.join("."))?;
    let p = &KB.kb.property[i];
    let last = p.boot.split_once("..").map_or(p.boot.as_str(), |(_, b)| b);
    if last == newest_boot() {
        return None;
    }
    let named = p.replacement.as_ref().and_then(|r| KB.by_uniform.get(&uniform_name(r))).map(|&j| &KB.kb.property[j]);
    let instead = named.filter(|q| q.boot.ends_with(&format!("..{}", newest_boot()))).or_else(|| retired_replacement(p));
    Some((p, instead))
}

/// The property of the newest line that sets the same Kafka key in the same section.
fn retired_replacement(p: &'static PropDef) -> Option<&'static PropDef> {
    let parent = |q: &PropDef| q.name.rsplit_once('.').map(|(a, _)| a.to_string());
    p.kafka.as_ref().and_then(|k| {
        KB.kb
            .property
            .iter()
            .find(|q| q.kafka.as_ref() == Some(k) && parent(q) == parent(p) && q.boot.ends_with(&format!("..{}", newest_boot())))
    })
}

/// The suggestion for a name Spring Boot does not bind: the property meant, when one is close.
pub fn suggest(els: &[&str]) -> Option<String> {
    let uni: Vec<String> = els.iter().filter(|e| !is_index(e)).map(|e| uniform(e)).collect();
    let full = uni.join(".");
    let props = &KB.kb.property;
    let section = uni.first().map(String::as_str).unwrap_or("");
    let leaf = uni.last().map(String::as_str).unwrap_or("");
    let same_parent = |p: &&PropDef| {
        let pu: Vec<String> = elements(&p.name).iter().map(|e| uniform(e)).collect();
        pu.len() == uni.len() && pu[..pu.len() - 1] == uni[..uni.len() - 1]
    };
    // A near miss in the same section (`producer.key-deserializer` → `key-serializer`).
    let near = props
        .iter()
        .filter(same_parent)
        .map(|p| (strsim::levenshtein(&uniform_name(&p.name), &full), p))
        .filter(|(d, p)| *d <= 2.max(uniform_name(&p.name).len() / 6))
        .min_by_key(|(d, _)| *d);
    if let Some((_, p)) = near {
        return Some(format!("spring.kafka.{}", p.name));
    }
    // The same property in another client's section (`consumer.acks` → `producer.acks`).
    if uni.len() == 2 && section_role(section).is_some() {
        if let Some(p) = props.iter().find(|p| {
            let pu: Vec<String> = elements(&p.name).iter().map(|e| uniform(e)).collect();
            pu.len() == 2 && pu[1] == uni[1] && pu[0] != uni[0] && section_role(&pu[0]).is_some()
        }) {
            return Some(format!("spring.kafka.{}", p.name));
        }
    }
    // A Kafka key written as a Spring name (`consumer.session-timeout-ms`,
    // `consumer.session-timeout`): Spring binds it only under `properties`.
    let role = section_role(section);
    let rest: Vec<&str> = if role.is_some() { els[1..].to_vec() } else { els.to_vec() };
    if !rest.is_empty() {
        let dotted = rest.iter().map(|e| e.replace(['-', '_'], ".")).collect::<Vec<_>>().join(".");
        let dotted = dotted.to_ascii_lowercase();
        let roles: Vec<Role> = match role {
            Some(r) => vec![r],
            None => vec![Role::Consumer, Role::Producer, Role::Admin, Role::Streams],
        };
        let release = crate::version::Release::newest();
        for cand in [dotted.clone(), format!("{dotted}.ms"), format!("{dotted}.bytes"), format!("{dotted}.config")] {
            if roles.iter().any(|r| crate::model::lookup(*r, &cand, release).is_some()) {
                let at = match role {
                    Some(r) => format!("spring.kafka.{}.properties.{cand}", role_name(r)),
                    None => format!("spring.kafka.properties.{cand}"),
                };
                return Some(at);
            }
        }
    }
    // A shortened name (`spring.kafka.servers` → `bootstrap-servers`).
    if !leaf.is_empty() {
        let parent = &uni[..uni.len() - 1];
        let shortened = props.iter().find(|p| {
            let pu: Vec<String> = elements(&p.name).iter().map(|e| uniform(e)).collect();
            pu.len() == uni.len() && pu[..pu.len() - 1] == *parent && leaf.len() >= 4 && pu[pu.len() - 1].ends_with(leaf)
        });
        if let Some(p) = shortened {
            return Some(format!("spring.kafka.{}", p.name));
        }
    }
    None
}

/// Whether any kind kafkalint knows has this key.
fn known_anywhere(key: &str) -> bool {
    crate::knowledge::KINDS.iter().any(|k| k.get(key).is_some())
}

/// The items of one document (or a `.properties` file), read into units.
fn units_of(items: &[Item], text: &str, properties_file: bool, profile: Option<&str>) -> Vec<Unit> {
    let app_name = items.iter().find(|i| uniform_name(&i.name) == "spring.application.name").map(|i| i.value.clone());
    struct Bound<'a> {
        item: &'a Item,
        els: Vec<String>,
        binding: Binding,
    }
    let mut bound: Vec<Bound<'_>> = Vec::new();
    for item in items {
        let Some(els) = kafka_elements(&item.name) else { continue };
        let binding = bind(&els);
        let uni: Vec<String> = els.iter().map(|e| uniform(e)).collect();
        if item.null && KB.kb.property.iter().any(|p| uniform_name(&p.name).starts_with(&format!("{}.", uni.join(".")))) {
            continue; // an empty section
        }
        bound.push(Bound { item, els: uni, binding });
    }
    if bound.is_empty() {
        return Vec::new();
    }
    let mut roles: Vec<Role> = Vec::new();
    for b in &bound {
        if let Some(r) = b.els.first().and_then(|s| section_role(s)) {
            if !roles.contains(&r) {
                roles.push(r);
            }
        }
    }
    roles.sort_by_key(|r| [Role::Consumer, Role::Producer, Role::Admin, Role::Streams].iter().position(|x| x == r));
    let common_only = roles.is_empty();
    if common_only {
        roles.push(Role::Admin);
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let release = crate::version::Release::newest();
    let mut units = Vec::new();
    for (ui, &role) in roles.iter().enumerate() {
        let client = role_name(role);
        let base_name = if common_only { "spring.kafka".to_string() } else { format!("spring.kafka.{client}") };
        let name = match profile {
            Some(p) => format!("{base_name} (profile {p})"),
            None => base_name,
        };
        // (Kafka key, layer, entry)
        let mut cands: Vec<(String, u8, UnitEntry, Option<std::sync::Arc<str>>)> = Vec::new();
        let mut unmapped = Vec::new();
        let mut anchor: Option<Span> = None;
        for b in &bound {
            let section = b.els.first().map(String::as_str).unwrap_or("");
            let own_section = section_role(section) == Some(role) || (common_only && section_role(section).is_none());
            if own_section && anchor.is_none() && b.item.origin.is_none() {
                anchor = Some(b.item.key_span);
            }
            let entry = |key: &str, value: String, syntax: ValueSyntax| UnitEntry {
                key: key.to_string(),
                written: b.item.name.clone(),
                value,
                key_span: b.item.key_span,
                value_span: b.item.value_span,
                span: b.item.span,
                syntax,
            };
            // A property the newest Spring Boot line no longer binds: said once, in its home unit
            // (and in its own file).
            if let Some((old, instead)) = retired(&b.els).filter(|_| b.item.origin.is_none()) {
                let home = section_role(section).filter(|r| roles.contains(r)).unwrap_or(roles[0]);
                if home == role {
                    let (from, to) = old.boot.split_once("..").unwrap_or((old.boot.as_str(), old.boot.as_str()));
                    unmapped.push(Unmapped {
                        written: b.item.name.clone(),
                        span: b.item.key_span,
                        value_span: b.item.value_span,
                        reason: format!("only Spring Boot {from} to {to} bind it; later versions ignore it"),
                        suggestion: instead.map(|p| format!("spring.kafka.{}", p.name)),
                        kind: "retired-property",
                    });
                }
            }
            match &b.binding {
                Binding::Kafka(p, l) => {
                    if !p.clients.iter().any(|c| c == client) {
                        continue;
                    }
                    let key = p.kafka.as_deref().unwrap_or_default();
                    let (value, syntax) = match convert(p, &b.item.value) {
                        Some(v) if v != b.item.value => (v, ValueSyntax::Fixed),
                        _ => (b.item.value.clone(), b.item.syntax.clone()),
                    };
                    cands.push((key.to_string(), *l, entry(key, value, syntax), b.item.origin.clone()));
                }
                Binding::Passthrough(key, clients, l) => {
                    if key.is_empty() || !clients.iter().any(|c| c == client) {
                        continue;
                    }
                    // A common `spring.kafka.properties.*` key goes to the clients that have it;
                    // one that no client knows is checked once, in the first unit.
                    if *l == 3 {
                        let mine = crate::model::lookup(role, key, release).is_some();
                        let anyone = [Role::Consumer, Role::Producer, Role::Admin, Role::Streams]
                            .iter()
                            .any(|r| crate::model::lookup(*r, key, release).is_some())
                            || known_anywhere(key);
                        if !mine && (anyone || ui > 0) {
                            continue;
                        }
                    }
                    cands.push((key.clone(), *l, entry(key, b.item.value.clone(), b.item.syntax.clone()), b.item.origin.clone()));
                }
                Binding::SpringOnly => {}
                Binding::Unbound if b.item.origin.is_some() => {}
                Binding::Unbound => {
                    // Reported once: in the unit of its section, else in the first unit.
                    let home = section_role(section).filter(|r| roles.contains(r)).unwrap_or(roles[0]);
                    if home != role {
                        continue;
                    }
                    let els: Vec<&str> = kafka_elements(&b.item.name).unwrap_or_default();
                    unmapped.push(Unmapped {
                        written: b.item.name.clone(),
                        span: b.item.key_span,
                        value_span: b.item.value_span,
                        reason: "Spring Boot binds no such `spring.kafka` property".to_string(),
                        suggestion: suggest(&els),
                        kind: "unbound-property",
                    });
                }
            }
        }
        // Spring's layering: of one key, only the highest layer reaches Kafka.
        let mut top: HashMap<&str, u8> = HashMap::new();
        for (k, l, _, _) in &cands {
            let t = top.entry(k.as_str()).or_insert(*l);
            *t = (*t).max(*l);
        }
        let top: HashMap<String, u8> = top.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let mut notes = Vec::new();
        let mut entries: Vec<UnitEntry> = Vec::new();
        let mut inherited: Vec<PlatformDefault> = Vec::new();
        for (k, l, e, origin) in cands {
            if top.get(&k) == Some(&l) {
                match origin {
                    // A secret of the default file stays there: unchecked here.
                    Some(o) => inherited.push(PlatformDefault {
                        value: if crate::redact::is_secret_key(&k) || crate::redact::is_jaas_key(&k) {
                            format!("${{{}}}", e.written)
                        } else {
                            e.value
                        },
                        key: k,
                        origin: format!("{o} (the default application file)"),
                    }),
                    None => entries.push(e),
                }
            } else {
                notes.push(format!("`{}` is replaced by a more specific setting of `{k}`", e.written));
            }
        }
        entries.sort_by_key(|e| e.span.start);
        if entries.is_empty() && unmapped.is_empty() && !inherited.is_empty() {
            // A profile's file that sets nothing of this client: the default file's unit says it all.
            continue;
        }
        let mut defaults: Vec<PlatformDefault> = inherited;
        defaults.extend(KB.kb.defaults.iter().filter(|(_, d)| d.clients.iter().any(|c| c == client)).map(|(k, d)| PlatformDefault {
            key: k.clone(),
            value: d.value.clone(),
            origin: "Spring Boot".into(),
        }));
        if role == Role::Consumer {
            // spring-kafka gives a listener container's consumer the `@KafkaListener`'s `groupId`
            // (or its `id`), overriding the factory's: the group id is often only in the code.
            defaults.push(PlatformDefault {
                key: "group.id".into(),
                value: "<the @KafkaListener's groupId or id>".into(),
                origin: "Spring for Apache Kafka (a @KafkaListener's groupId or id)".into(),
            });
        }
        if role == Role::Producer {
            // A transaction-id-prefix makes spring-kafka's producer factory transactional: each
            // producer gets `transactional.id` = the prefix and a number (the template's prefix wins).
            let prefix = |n: &str| bound.iter().rev().find(|b| b.els.join(".") == n).map(|b| b.item.value.clone());
            if let Some(p) =
                prefix("template.transactionidprefix").or_else(|| prefix("producer.transactionidprefix")).filter(|p| !p.is_empty())
            {
                defaults.push(PlatformDefault {
                    key: "transactional.id".into(),
                    value: format!("{p}0"),
                    origin: "Spring for Apache Kafka (transaction-id-prefix)".into(),
                });
            }
        }
        if role == Role::Streams {
            if let Some(app) = &app_name {
                defaults.push(PlatformDefault {
                    key: "application.id".into(),
                    value: app.clone(),
                    origin: "Spring Boot (from `spring.application.name`)".into(),
                });
            }
        }
        if profile.is_some() {
            notes.push(
                "a profile's configuration: the default document with the profile's settings over it, as Spring Boot applies them when the profile is active".into(),
            );
        }
        let insert = properties_file.then(|| Inserter {
            at: text.len(),
            line_prefix: String::new(),
            separator: "=".into(),
            naming: Naming::Key {
                prefix: if common_only { "spring.kafka.properties.".into() } else { format!("spring.kafka.{client}.properties.") },
            },
            lead_newline: !text.is_empty() && !text.ends_with('\n'),
            newline,
        });
        let anchor = anchor.or_else(|| bound.first().map(|b| b.item.key_span)).unwrap_or_default();
        units.push(Unit {
            role: Some(role),
            entries,
            meta: UnitMeta { name, anchor, insert, defaults, unmapped, notes, ..UnitMeta::default() },
        });
    }
    units
}

/// The units of a file's documents, merged as Spring Boot's ConfigData merges them.
///
/// Spring Boot reference, "Externalized Configuration" (spring-projects/spring-boot, docs
/// features/external-config, 2.4 and later): "Documents are processed in order, from top to
/// bottom. Later documents can override the properties defined in earlier ones" (Working With
/// Multi-Document Files); a document with `spring.config.activate.on-profile` (before 2.4:
/// `spring.profiles`) is added only when its profile is active; "profile-specific files always
/// overriding the non-specific ones" (Profile Specific Files).
///
/// So the documents without an activation property are merged, later over earlier, into the
/// default configuration: its units are checked as the application runs without profiles. Each
/// profile's documents are merged over that default: a profile's unit is the configuration
/// the application runs with under that profile, so a key set in the default document and
/// overridden by the profile is checked with its effective value. Entries that come from the
/// default document keep their spans there; a finding the default unit also has is reported once,
/// on it (`UnitMeta::shares_entries_with`, `super::drop_repeated`), and names Spring does not
/// bind are reported where they are written. A profile document that sets no `spring.kafka`
/// name of its own adds no unit, nor does a client whose settings the profile leaves as they are
/// (they would only repeat the default). A document activated on a
/// cloud platform (`on-cloud-platform`) is read on its own, as before.
/// A profile's file: the default application files' settings it applies over, and its profile.
#[derive(Default)]
struct Over {
    base: Vec<Item>,
    files: Vec<String>,
    profile: Option<String>,
}

fn units_of_documents(documents: Vec<Vec<Item>>, text: &str, properties_file: bool, over: Over) -> Vec<Unit> {
    let mut default: Vec<Item> = over.base;
    let mut profiles: Vec<(String, Vec<Item>)> = Vec::new();
    let mut conditional: Vec<Vec<Item>> = Vec::new();
    for items in documents {
        let items = merge_indexed(items);
        if let Some(p) = profile_of(&items) {
            match profiles.iter_mut().find(|(q, _)| *q == p) {
                Some((_, own)) => override_items(own, items),
                None => profiles.push((p, items)),
            }
        } else if items.iter().any(|i| uniform_name(&i.name).starts_with("spring.config.activate.")) {
            conditional.push(items);
        } else {
            override_items(&mut default, items);
        }
    }
    let mut units = units_of(&default, text, properties_file, over.profile.as_deref());
    if !over.files.is_empty() {
        for u in &mut units {
            u.meta.over_file = Some(over.files.join(", "));
            u.meta.notes.push(format!(
                "the profile's file applies over {}: Spring Boot's profile-specific files override the non-specific ones; their settings are this unit's platform defaults",
                over.files.join(" and ")
            ));
        }
    }
    let base = units.len();
    let default_spans: Vec<Span> = default.iter().filter(|i| i.origin.is_none()).map(|i| i.span).collect();
    for (profile, own) in profiles {
        if !own.iter().any(|i| kafka_elements(&i.name).is_some()) {
            continue;
        }
        let mut merged = default.clone();
        override_items(&mut merged, own);
        for mut u in units_of(&merged, text, properties_file, Some(&profile)) {
            // The profile changes nothing this client reads: the default unit says it all.
            let unchanged = u.entries.iter().all(|e| default_spans.contains(&e.span));
            if unchanged && units[..base].iter().any(|d| d.role == u.role) {
                continue;
            }
            u.meta.unmapped.retain(|m| !default_spans.iter().any(|s| s.contains(m.span)));
            u.meta.shares_entries_with = units[..base].iter().position(|d| d.role == u.role).or((base > 0).then_some(0));
            units.push(u);
        }
    }
    for items in conditional {
        units.extend(units_of(&items, text, properties_file, None));
    }
    units
}

/// The items of a later document applied over those of earlier ones: a name the later document
/// sets (relaxed: `group-id` and `groupId` are one name) replaces the earlier document's, and
/// the later items are added last. A name repeated inside one document stays repeated (a
/// `.properties` file's duplicate is reported by the duplicate-key rule).
fn override_items(base: &mut Vec<Item>, over: Vec<Item>) {
    let names: std::collections::HashSet<String> = over.iter().map(|i| uniform_name(&i.name)).collect();
    base.retain(|b| !names.contains(&uniform_name(&b.name)));
    base.extend(over);
}

/// The profile a document is for (`spring.config.activate.on-profile`, or the older
/// `spring.profiles`).
fn profile_of(items: &[Item]) -> Option<String> {
    items
        .iter()
        .find(|i| matches!(uniform_name(&i.name).as_str(), "spring.config.activate.onprofile" | "spring.profiles"))
        .map(|i| i.value.clone())
}

/// The items of a `.properties` text, per document (Spring Boot 2.4+ splits a `.properties`
/// file into documents at `#---` and `!---` lines), and its parsed document.
fn properties_documents(text: &str) -> (Vec<Vec<Item>>, crate::properties::Document) {
    let doc = crate::properties::parse(text);
    let items: Vec<Item> = doc
        .entries
        .iter()
        .map(|e| Item {
            name: e.key.clone(),
            value: e.value.trim().to_string(),
            key_span: e.key_span,
            value_span: e.value_span,
            span: e.span,
            syntax: ValueSyntax::Properties,
            null: false,
            origin: None,
        })
        .collect();
    let mut cuts: Vec<usize> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if matches!(line.trim_end_matches(['\n', '\r']), "#---" | "!---") {
            cuts.push(at);
        }
        at += line.len();
    }
    let mut docs: Vec<Vec<Item>> = vec![Vec::new(); cuts.len() + 1];
    for item in items {
        let d = cuts.iter().filter(|c| **c < item.key_span.start).count();
        docs[d].push(item);
    }
    (docs, doc)
}

/// The items of each YAML document.
fn yaml_documents(text: &str, docs: &[Node]) -> Vec<Vec<Item>> {
    docs.iter()
        .map(|d| {
            let mut items = Vec::new();
            flatten(text, d, "", false, &mut items);
            items
        })
        .collect()
}

/// The profile a file is for, by its name: `application-prod.yml` → `prod`.
fn profile_of_file(name: &str) -> Option<&str> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    stem.strip_prefix("application-").filter(|p| !p.is_empty())
}

/// Largest default application file read beside a profile's file.
const MAX_BASE_FILE: u64 = 16 * 1024 * 1024;

/// What the default application files beside a profile's file (`application.yml`,
/// `application.yaml`, `application.properties` in the same directory; `.properties` wins over
/// YAML at one location, spring-projects/spring-boot#25300) give a profile's configuration: their
/// documents without an activation property, then their documents for this profile, each later one
/// over the earlier ones. Each item says where it comes from.
fn base_for_profile(path: &Path, profile: &str) -> (Vec<Item>, Vec<String>) {
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut base: Vec<Item> = Vec::new();
    let mut files = Vec::new();
    for name in ["application.yml", "application.yaml", "application.properties"] {
        let p = dir.join(name);
        if std::fs::metadata(&p).map_or(true, |m| !m.is_file() || m.len() > MAX_BASE_FILE) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else { continue };
        let docs = if name.ends_with(".properties") {
            properties_documents(&text).0
        } else {
            match yaml::parse_lenient(&text) {
                Ok(d) => yaml_documents(&text, &d),
                Err(_) => continue,
            }
        };
        let mut default: Vec<Item> = Vec::new();
        let mut mine: Vec<Item> = Vec::new();
        for items in docs {
            let items = merge_indexed(items);
            match profile_of(&items) {
                Some(p) if p == profile => override_items(&mut mine, items),
                Some(_) => {}
                None if items.iter().any(|i| uniform_name(&i.name).starts_with("spring.config.activate.")) => {}
                None => override_items(&mut default, items),
            }
        }
        override_items(&mut default, mine);
        for item in &mut default {
            let line = text[..item.key_span.start.min(text.len())].matches('\n').count() + 1;
            item.origin = Some(format!("{name} line {line}").into());
        }
        if !default.is_empty() {
            files.push(name.to_string());
        }
        override_items(&mut base, default);
    }
    (base, files)
}

pub fn read(path: &Path, text: &str) -> Read {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    // `application-<profile>.*` applies over the default application file(s) beside it.
    let (base, base_files) = match profile_of_file(&name) {
        Some(p) => base_for_profile(path, p),
        None => (Vec::new(), Vec::new()),
    };
    let profile = profile_of_file(&name).map(str::to_string);
    let over = Over { base, files: base_files, profile };
    if name.ends_with(".properties") {
        let (docs, doc) = properties_documents(text);
        let settings = as_entries(&docs.concat());
        let mut units = units_of_documents(docs, text, true, over);
        for u in &mut units {
            u.meta.file_settings = settings.clone();
        }
        return Read { units, comments: doc.comments, error: None };
    }
    let comments = super::yaml_comments(text);
    // Spring Boot reads YAML with SnakeYAML, which ignores indentation inside flow collections
    // (ScannerImpl.unwindIndent): a closing bracket at its parent's indentation is fine there.
    let docs = match yaml::parse_lenient(text) {
        Ok(d) => d,
        Err(e) => return Read { units: Vec::new(), comments, error: Some((e.at, e.message)) },
    };
    let mut dups = Vec::new();
    for d in &docs {
        duplicates(d, &mut dups);
    }
    let mut units = units_of_documents(yaml_documents(text, &docs), text, false, over);
    let settings = yaml_settings(text, &docs);
    for u in &mut units {
        u.meta.file_settings = settings.clone();
    }
    // Spring Boot refuses a YAML file with a duplicate key, wherever it is: said once, in the
    // file's first unit.
    if let Some(first) = units.first_mut() {
        for (key, first_span, later) in dups {
            let line = text[..first_span.start.min(text.len())].matches('\n').count() + 1;
            first.meta.unmapped.push(Unmapped {
                written: key,
                span: later,
                value_span: first_span,
                reason: format!("the key is already set on line {line} of the same mapping"),
                suggestion: None,
                kind: "duplicate-key",
            });
        }
    }
    Read { units, comments, error: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test lets through every name under `spring.kafka`, in any relaxed spelling
    /// and with any separators and brackets around its pieces.
    #[test]
    fn the_quick_test_keeps_every_spring_kafka_name() {
        let pieces = ["spring", "SPRING", "Sp-Ring", "kafka", "ka_fka", "KAFKA", "a", "0", "", "é", "[", "]", ".", "-", "x.y"];
        let mut names = vec![
            "spring.kafka.consumer.group-id".to_string(),
            "[spring].[kafka].a".into(),
            "spring[kafka].a".into(),
            "[spring.kafka.a".into(),
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for sep in [".", "[", "]", ""] {
                        names.push(format!("{a}{sep}{b}.{c}"));
                        names.push(format!("{a}.{b}{sep}{c}.z"));
                    }
                }
            }
        }
        let mut under = 0;
        for n in &names {
            if kafka_elements(n).is_some() {
                under += 1;
                assert!(may_be_spring_kafka(n), "{n}");
            }
        }
        assert!(under > 50, "{under}");
        assert!(!may_be_spring_kafka("spring.cloud.kafka.a"));
        assert!(!may_be_spring_kafka("group.id"));
    }

    #[test]
    fn relaxed_names_bind() {
        for n in ["consumer.group-id", "consumer.groupId", "consumer.group_id", "Consumer.GROUP-ID"] {
            match bind(&elements(n)) {
                Binding::Kafka(p, 4) => assert_eq!(p.kafka.as_deref(), Some("group.id"), "{n}"),
                other => panic!("{n}: {other:?}"),
            }
        }
        match bind(&elements("properties[sasl.jaas.config]")) {
            Binding::Passthrough(k, c, 3) => {
                assert_eq!(k, "sasl.jaas.config");
                assert_eq!(c.len(), 4);
            }
            other => panic!("{other:?}"),
        }
        match bind(&elements("consumer.properties.session.timeout.ms")) {
            Binding::Passthrough(k, c, 7) => {
                assert_eq!(k, "session.timeout.ms");
                assert_eq!(c, vec!["consumer".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(bind(&elements("listener.ack-mode")), Binding::SpringOnly));
        assert!(matches!(bind(&elements("producer.transaction-id-prefix")), Binding::SpringOnly));
        assert!(matches!(bind(&elements("jaas.options.password")), Binding::SpringOnly));
        assert!(matches!(bind(&elements("servers")), Binding::Unbound));
        assert!(matches!(bind(&elements("bootstrap-servers[0]")), Binding::Kafka(..)));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest(&elements("producer.key-deserializer")).as_deref(), Some("spring.kafka.producer.key-serializer"));
        assert_eq!(suggest(&elements("servers")).as_deref(), Some("spring.kafka.bootstrap-servers"));
        assert_eq!(suggest(&elements("consumer.acks")).as_deref(), Some("spring.kafka.producer.acks"));
        assert_eq!(
            suggest(&elements("consumer.session-timeout-ms")).as_deref(),
            Some("spring.kafka.consumer.properties.session.timeout.ms")
        );
        assert_eq!(suggest(&elements("topic.name")), None);
    }

    #[test]
    fn units_of_measure() {
        assert_eq!(duration_ms("30s"), Some(30_000));
        assert_eq!(duration_ms("1m"), Some(60_000));
        assert_eq!(duration_ms("1500"), Some(1_500));
        assert_eq!(duration_ms("10S"), Some(10_000));
        assert_eq!(duration_ms("PT30S"), Some(30_000));
        assert_eq!(duration_ms("PT0.5S"), Some(500));
        assert_eq!(duration_ms("P1D"), Some(86_400_000));
        assert_eq!(duration_ms("10 s"), None);
        assert_eq!(duration_ms("10sec"), None);
        assert_eq!(data_size_bytes("1MB"), Some(1_048_576));
        assert_eq!(data_size_bytes("16384"), Some(16_384));
        assert_eq!(data_size_bytes("16KB"), Some(16_384));
        assert_eq!(data_size_bytes("1mb"), None);
    }

    #[test]
    fn layering_and_units() {
        let t = "spring:\n  kafka:\n    bootstrap-servers: a:9092\n    consumer:\n      bootstrap-servers: b:9092\n      group-id: g\n      heartbeat-interval: 3s\n    producer:\n      acks: all\n";
        let r = read(Path::new("application.yml"), t);
        assert!(r.error.is_none());
        assert_eq!(r.units.len(), 2);
        let c = &r.units[0];
        assert_eq!(c.role, Some(Role::Consumer));
        assert_eq!(c.meta.name, "spring.kafka.consumer");
        let keys: Vec<(&str, &str)> = c.entries.iter().map(|e| (e.key.as_str(), e.value.as_str())).collect();
        assert_eq!(keys, vec![("bootstrap.servers", "b:9092"), ("group.id", "g"), ("heartbeat.interval.ms", "3000")]);
        assert_eq!(&t[c.entries[2].value_span.range()], "3s");
        assert_eq!(c.entries[2].syntax, ValueSyntax::Fixed);
        assert_eq!(c.entries[0].written, "spring.kafka.consumer.bootstrap-servers");
        let p = &r.units[1];
        let keys: Vec<&str> = p.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, vec!["bootstrap.servers", "acks"]);
        assert!(p.meta.defaults.iter().any(|d| d.key == "key.serializer"));
    }

    #[test]
    fn dotted_mixed_and_profiles() {
        let t = "spring.kafka.consumer.group-id: g\nspring:\n  kafka.producer.retries: 3\n---\nspring.config.activate.on-profile: dev\nspring.kafka.bootstrap-servers: dev:9092\n";
        let r = read(Path::new("application.yml"), t);
        let names: Vec<&str> = r.units.iter().map(|u| u.meta.name.as_str()).collect();
        // The profile's units are the default document with the profile's settings over it.
        assert_eq!(
            names,
            vec![
                "spring.kafka.consumer",
                "spring.kafka.producer",
                "spring.kafka.consumer (profile dev)",
                "spring.kafka.producer (profile dev)"
            ]
        );
        let dev = &r.units[2];
        let keys: Vec<(&str, &str)> = dev.entries.iter().map(|e| (e.key.as_str(), e.value.as_str())).collect();
        assert_eq!(keys, vec![("group.id", "g"), ("bootstrap.servers", "dev:9092")]);
        assert_eq!((dev.meta.shares_entries_with, r.units[3].meta.shares_entries_with), (Some(0), Some(1)));
        // The default document's entry keeps its span there.
        assert_eq!(&t[dev.entries[0].value_span.range()], "g");
    }

    #[test]
    fn profiles_override_the_default_document() {
        // Later documents override earlier ones; a profile's value replaces the default's (any
        // relaxed spelling); a profile document without spring.kafka names adds no unit; an
        // unbound name of the default document is reported once, in the default unit.
        let t = "spring.kafka.consumer.heartbeat-interval: 3s\nspring.kafka.consumer.properties.session.timeout.ms: 45000\nspring.kafka.consumer.group-idd: x\n---\nspring.kafka.consumer.group-id: g\n---\nspring.config.activate.on-profile: prod\nspring.kafka.consumer.heartbeatInterval: 20s\nspring.kafka.consumer.properties.session.timeout.ms: 10000\n---\nspring.config.activate.on-profile: dev\nserver.port: 8081\n";
        let r = read(Path::new("application.yml"), t);
        let names: Vec<&str> = r.units.iter().map(|u| u.meta.name.as_str()).collect();
        assert_eq!(names, vec!["spring.kafka.consumer", "spring.kafka.consumer (profile prod)"]);
        let get = |u: &Unit, k: &str| u.entries.iter().filter(|e| e.key == k).map(|e| e.value.clone()).collect::<Vec<_>>();
        assert_eq!(get(&r.units[0], "heartbeat.interval.ms"), ["3000"]);
        assert_eq!(get(&r.units[0], "group.id"), ["g"]);
        assert_eq!(get(&r.units[1], "heartbeat.interval.ms"), ["20000"]);
        assert_eq!(get(&r.units[1], "session.timeout.ms"), ["10000"]);
        assert_eq!(get(&r.units[1], "group.id"), ["g"]);
        assert_eq!(r.units[0].meta.unmapped.iter().filter(|u| u.kind == "unbound-property").count(), 1);
        assert!(r.units[1].meta.unmapped.is_empty());
    }

    #[test]
    fn duplicates_and_unbound_are_reported_once() {
        let t = "spring:\n  kafka:\n    consumer:\n      group-id: a\n      group-id: b\n    producer:\n      key-deserializer: x\n";
        let r = read(Path::new("application.yml"), t);
        let all: Vec<&Unmapped> = r.units.iter().flat_map(|u| u.meta.unmapped.iter()).collect();
        assert_eq!(all.iter().filter(|u| u.kind == "duplicate-key").count(), 1);
        let ub: Vec<&&Unmapped> = all.iter().filter(|u| u.kind == "unbound-property").collect();
        assert_eq!(ub.len(), 1);
        assert_eq!(ub[0].suggestion.as_deref(), Some("spring.kafka.producer.key-serializer"));
        assert_eq!(r.units[0].entries.iter().filter(|e| e.key == "group.id").count(), 1);
    }

    #[test]
    fn odd_names_and_lists() {
        for n in ["[", "]", "[]", "a[", "a]b", "[0", "a..b", ".", "", "properties[", "consumer.[0]", "ä[ö]"] {
            let _ = bind(&elements(n));
            let _ = suggest(&elements(n));
        }
        let t = "spring.kafka.bootstrap-servers[0]=a:9092\nspring.kafka.bootstrap-servers[1]=b:9092\nspring.kafka.consumer.group-id=g\n#---\nspring.config.activate.on-profile=prod\nspring.kafka.consumer.group-id=p\n";
        let r = read(Path::new("application.properties"), t);
        assert_eq!(r.units.len(), 2);
        let c = &r.units[0];
        let keys: Vec<(&str, &str)> = c.entries.iter().map(|e| (e.key.as_str(), e.value.as_str())).collect();
        assert_eq!(keys, vec![("bootstrap.servers", "a:9092,b:9092"), ("group.id", "g")]);
        assert_eq!(r.units[1].meta.name, "spring.kafka.consumer (profile prod)");
    }

    #[test]
    fn transaction_id_prefix_makes_the_producer_transactional() {
        let t = "spring.kafka.producer.transaction-id-prefix=tx-\nspring.kafka.producer.acks=1\n";
        let r = read(Path::new("application.properties"), t);
        let d = r.units[0].meta.defaults.iter().find(|d| d.key == "transactional.id").unwrap();
        assert_eq!(d.value, "tx-0");
    }

    #[test]
    fn retired_properties() {
        // `keystore-location` (1.5 to 2.0) is `key-store-location` to Spring's relaxed binding.
        assert!(retired(&["ssl".into(), "keystorelocation".into()]).is_none());
        let (p, instead) = retired(&["retry".into(), "topic".into(), "delay".into()]).unwrap();
        assert_eq!(p.boot, "2.7..3.5");
        assert_eq!(instead.unwrap().name, "retry.topic.backoff.delay");
        assert!(retired(&["consumer".into(), "groupid".into()]).is_none());
        let t = "spring.kafka.streams.cache-max-size-buffering=10MB\nspring.kafka.streams.application-id=a\n";
        let r = read(Path::new("application.properties"), t);
        let u: Vec<&Unmapped> = r.units[0].meta.unmapped.iter().filter(|u| u.kind == "retired-property").collect();
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].reason, "only Spring Boot 2.1 to 3.2 bind it; later versions ignore it");
        // Still mapped: an application on those lines gets it.
        assert!(r.units[0].entries.iter().any(|e| e.key == "cache.max.bytes.buffering"));
    }

    #[test]
    fn properties_files() {
        let t = "spring.kafka.consumer.properties.heartbeat.interval.ms=20000\nspring.kafka.consumer.properties.session.timeout.ms=10000\nspring.kafka.properties.sasl.mechanism=PLAIN\n";
        assert!(is_spring_properties("application.properties", t));
        assert!(!is_spring_properties("consumer.properties", "# spring.kafka.x\ngroup.id=a\n"));
        let r = read(Path::new("application.properties"), t);
        assert_eq!(r.units.len(), 1);
        let keys: Vec<&str> = r.units[0].entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, vec!["heartbeat.interval.ms", "session.timeout.ms", "sasl.mechanism"]);
        assert_eq!(r.units[0].entries[0].syntax, ValueSyntax::Properties);
    }
}
