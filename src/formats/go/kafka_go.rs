//! segmentio/kafka-go: `kafka.ReaderConfig{…}`, `kafka.Writer{…}` and `kafka.WriterConfig{…}`
//! literals (with the `kafka.Dialer{…}` / `kafka.Transport{…}` they name) become units, their
//! fields mapped to Java keys and kafka-go's own defaults (knowledge/go/kafka-go.toml).

use super::{fixed_entry, span, walk, Eval, Found, GoCall, GoFacts, GoRender, GoTopic, GoVal, Imports, Lib};
use crate::formats::{PlatformDefault, UnitEntry, ValueSyntax};
use crate::model::Role;
use crate::source::Span;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use tree_sitter::Node;

#[derive(Deserialize)]
struct KafkaGoFile {
    fields: BTreeMap<String, BTreeMap<String, (String, String)>>,
    defaults: BTreeMap<String, BTreeMap<String, String>>,
    constants: BTreeMap<String, (i64, String)>,
}

static KAFKA_GO: LazyLock<KafkaGoFile> =
    LazyLock::new(|| toml_edit::de::from_str(include_str!("../../../knowledge/go/kafka-go.toml")).expect("knowledge/go/kafka-go.toml"));

/// The client structs kafkalint reads.
const CLIENTS: [&str; 3] = ["ReaderConfig", "Writer", "WriterConfig"];

/// kafka-go's defaults of a client struct's mapped keys (`ReaderConfig`, `Writer`, `WriterConfig`).
pub(super) fn defaults(kind: &str, origin: &str) -> Vec<PlatformDefault> {
    KAFKA_GO
        .defaults
        .get(kind)
        .map(|d| d.iter().map(|(k, v)| PlatformDefault { key: k.clone(), value: v.clone(), origin: origin.to_string() }).collect())
        .unwrap_or_default()
}

fn t<'a>(text: &'a str, n: Node<'_>) -> &'a str {
    &text[n.start_byte()..n.end_byte()]
}

/// `kafka.Name` → `Name` for a qualified type or selector of one of `pkgs`.
fn qualified<'a>(n: Node<'_>, text: &'a str, pkgs: &[String]) -> Option<&'a str> {
    let (pkg, name) = match n.kind() {
        "qualified_type" => (n.child_by_field_name("package")?, n.child_by_field_name("name")?),
        "selector_expression" => (n.child_by_field_name("operand")?, n.child_by_field_name("field")?),
        _ => return None,
    };
    pkgs.iter().any(|p| p == t(text, pkg)).then(|| t(text, name))
}

/// `&x` / `(x)` → `x`.
fn strip(n: Node<'_>) -> Node<'_> {
    let mut cur = n;
    while matches!(cur.kind(), "unary_expression" | "parenthesized_expression") {
        let Some(next) = cur.child_by_field_name("operand").or_else(|| cur.named_child(0)) else { break };
        cur = next;
    }
    cur
}

/// The keyed elements of a composite literal: (field name, value node, whole element).
fn elements<'t>(lit: Node<'t>, text: &str) -> Vec<(String, Node<'t>, Node<'t>)> {
    let Some(b) = lit.child_by_field_name("body") else { return Vec::new() };
    let mut out = Vec::new();
    let mut c = b.walk();
    for el in b.named_children(&mut c) {
        if el.kind() != "keyed_element" {
            continue;
        }
        let (Some(k), Some(v)) = (el.named_child(0), el.named_child(1)) else { continue };
        let k = k.named_child(0).unwrap_or(k);
        let v = if v.kind() == "literal_element" { v.named_child(0).unwrap_or(v) } else { v };
        out.push((t(text, k).to_string(), v, el));
    }
    out
}

/// A literal's value, or the literal a local assigned once refers to.
fn resolve<'t>(n: Node<'t>, text: &str, single: &dyn Fn(&str) -> Option<Node<'t>>) -> Node<'t> {
    let n = strip(n);
    if n.kind() == "identifier" {
        if let Some(x) = single(t(text, n)) {
            return strip(x);
        }
    }
    n
}

/// The SASL mechanism a `sasl.Mechanism` value names: `plain.Mechanism{…}` → PLAIN,
/// `scram.Mechanism(scram.SHA512, …)` (directly or through `m, err := …`) → SCRAM-SHA-512.
fn mechanism(v: Node<'_>, text: &str, im: &Imports, body: Node<'_>) -> Option<&'static str> {
    let v = strip(v);
    let call = if v.kind() == "identifier" {
        // `mechanism, err := scram.Mechanism(scram.SHA512, user, pass)`
        let name = t(text, v);
        let mut found = None;
        walk(body, &mut |d| {
            if d.kind() == "short_var_declaration" || d.kind() == "assignment_statement" {
                let first = d.child_by_field_name("left").and_then(|l| l.named_child(0));
                if first.is_some_and(|f| t(text, f) == name) {
                    found = d.child_by_field_name("right").and_then(|r| r.named_child(0)).map(strip);
                }
            }
        });
        found?
    } else {
        v
    };
    match call.kind() {
        "composite_literal" => {
            let ty = call.child_by_field_name("type")?;
            (qualified(ty, text, &im.kafkago_plain) == Some("Mechanism")).then_some("PLAIN")
        }
        "call_expression" => {
            let f = call.child_by_field_name("function")?;
            if qualified(f, text, &im.kafkago_scram) != Some("Mechanism") {
                return None;
            }
            let algo = call.child_by_field_name("arguments")?.named_child(0)?;
            match qualified(algo, text, &im.kafkago_scram)? {
                "SHA256" => Some("SCRAM-SHA-256"),
                "SHA512" => Some("SCRAM-SHA-512"),
                _ => None,
            }
        }
        _ => None,
    }
}

/// One mapped field's value: the Java value and how a fix writes it back.
fn value(how: &str, v: Node<'_>, text: &str, im: &Imports, ev: &Eval<'_>) -> Option<(String, ValueSyntax, Span)> {
    let konst = |n: Node<'_>| -> Option<(i64, String)> {
        let name = qualified(n, text, &im.kafkago).or_else(|| qualified(n, text, &im.kafkago_compress))?;
        KAFKA_GO.constants.get(name).cloned()
    };
    let vs = span(v);
    Some(match how {
        "string" => match ev.eval(v)? {
            GoVal::Str(s) => (s, ValueSyntax::Go { expr: vs, render: GoRender::Str }, vs),
            _ => return None,
        },
        "int" => match ev.eval(v)? {
            GoVal::Int(i) => (i.to_string(), ValueSyntax::Go { expr: vs, render: GoRender::Int }, vs),
            _ => return None,
        },
        "duration" => match ev.eval(v)? {
            GoVal::Dur(d) | GoVal::Int(d) if d % 1_000_000 == 0 => {
                let time = im.time.first().cloned().unwrap_or_else(|| "time".into());
                ((d / 1_000_000).to_string(), ValueSyntax::Go { expr: vs, render: GoRender::DurationMs { time } }, vs)
            }
            _ => return None,
        },
        "offset" | "acks" | "compression" | "isolation" => {
            let (int, java) = konst(v).or_else(|| match (how, ev.eval(v)?) {
                // A literal: the constants' values.
                ("offset", GoVal::Int(-2)) => Some((-2, "earliest".into())),
                ("offset", GoVal::Int(-1)) => Some((-1, "latest".into())),
                ("acks", GoVal::Int(n)) if matches!(n, -1..=1) => Some((n, if n == -1 { "all".into() } else { n.to_string() })),
                _ => None,
            })?;
            let _ = int;
            (java, ValueSyntax::Fixed, vs)
        }
        // WriterConfig.RequiredAcks: an int; NewWriter turns 0 into RequireAll.
        "acks-config" => match ev.eval(v).or_else(|| konst(v).map(|(i, _)| GoVal::Int(i)))? {
            GoVal::Int(0) | GoVal::Int(-1) => ("all".into(), ValueSyntax::Fixed, vs),
            GoVal::Int(1) => ("1".into(), ValueSyntax::Fixed, vs),
            _ => return None,
        },
        "addrs" => {
            let items = addrs(v, text, im, ev)?;
            (items.join(","), ValueSyntax::Fixed, vs)
        }
        _ => return None,
    })
}

/// `[]string{"a:9092", "b:9092"}` or `kafka.TCP("a:9092", "b:9092")`.
fn addrs(v: Node<'_>, text: &str, im: &Imports, ev: &Eval<'_>) -> Option<Vec<String>> {
    let v = strip(v);
    let list: Vec<Node<'_>> = match v.kind() {
        "composite_literal" => {
            let b = v.child_by_field_name("body")?;
            let mut c = b.walk();
            b.named_children(&mut c).map(|el| el.named_child(0).unwrap_or(el)).collect()
        }
        "call_expression" => {
            let f = v.child_by_field_name("function")?;
            if qualified(f, text, &im.kafkago) != Some("TCP") {
                return None;
            }
            let a = v.child_by_field_name("arguments")?;
            let mut c = a.walk();
            a.named_children(&mut c).collect()
        }
        _ => return None,
    };
    let mut out = Vec::new();
    for x in list {
        match ev.eval(x)? {
            GoVal::Str(s) => out.push(s),
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Every kafka-go client literal of a function body.
pub(super) fn read_function<'t>(
    body: Node<'t>,
    text: &str,
    im: &Imports,
    ev: &Eval<'_>,
    single: &dyn Fn(&str) -> Option<Node<'t>>,
) -> Vec<Found> {
    if im.kafkago.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    walk(body, &mut |n| {
        if n.kind() != "composite_literal" {
            return;
        }
        let Some(kind) = n.child_by_field_name("type").and_then(|ty| qualified(ty, text, &im.kafkago)) else { return };
        if !CLIENTS.contains(&kind) {
            return;
        }
        let mut facts = GoFacts::new(Lib::KafkaGo, String::new(), span(n));
        facts.calls.push(GoCall::new(kind, span(n), String::new()));
        let mut entries: Vec<UnitEntry> = Vec::new();
        let map = KAFKA_GO.fields.get(kind);
        let (mut tls, mut sasl): (Option<Node<'t>>, Option<(&'static str, Node<'t>)>) = (None, None);
        let how_topic = if kind == "ReaderConfig" { "consume" } else { "produce" };
        let mut read_fields =
            |lit: Node<'t>, map: Option<&BTreeMap<String, (String, String)>>, entries: &mut Vec<UnitEntry>, facts: &mut GoFacts| {
                for (name, v, el) in elements(lit, text) {
                    match name.as_str() {
                        "Topic" | "GroupTopics" => {
                            for (topic, at) in super::string_list(v, text, im) {
                                facts.topics.push(GoTopic { name: topic, span: at, how: how_topic });
                            }
                            continue;
                        }
                        "TLS" if t(text, v) != "nil" => tls = Some(el),
                        "SASLMechanism" | "SASL" if t(text, v) != "nil" => {
                            match mechanism(v, text, im, body) {
                                Some(m) => sasl = Some((m, el)),
                                // A mechanism kafkalint does not read: SASL is on, the mechanism unknown.
                                None => sasl = Some(("", el)),
                            }
                        }
                        _ => {}
                    }
                    let Some((key, how)) = map.and_then(|m| m.get(&name)) else { continue };
                    match value(how, v, text, im, ev) {
                        Some((val, syntax, vs)) => {
                            entries.retain(|e| &e.key != key);
                            entries.push(UnitEntry {
                                key: key.clone(),
                                written: name.clone(),
                                value: val,
                                key_span: span(el.named_child(0).unwrap_or(el)),
                                value_span: vs,
                                span: span(el),
                                syntax,
                            });
                        }
                        None => {
                            entries.retain(|e| &e.key != key);
                            entries.push(UnitEntry {
                                key: key.clone(),
                                written: name.clone(),
                                value: format!("${{go:{}}}", super::one_line(t(text, v))),
                                key_span: span(el.named_child(0).unwrap_or(el)),
                                value_span: span(v),
                                span: span(el),
                                syntax: ValueSyntax::Fixed,
                            });
                        }
                    }
                }
            };
        read_fields(n, map, &mut entries, &mut facts);
        // The Dialer (ReaderConfig, WriterConfig) or Transport (Writer) it names.
        for (name, v, _) in elements(n, text) {
            if !matches!(name.as_str(), "Dialer" | "Transport") {
                continue;
            }
            let lit = resolve(v, text, single);
            let sub = (lit.kind() == "composite_literal")
                .then(|| lit.child_by_field_name("type").and_then(|ty| qualified(ty, text, &im.kafkago)))
                .flatten();
            match sub {
                Some(s @ ("Dialer" | "Transport")) => read_fields(lit, KAFKA_GO.fields.get(s), &mut entries, &mut facts),
                _ => facts.partial = true,
            }
        }
        // security.protocol from TLS and SASL, when either is written.
        let at = sasl.map(|(_, el)| el).or(tls);
        if let Some(el) = at {
            let p = match (sasl.is_some(), tls.is_some()) {
                (true, true) => "SASL_SSL",
                (true, false) => "SASL_PLAINTEXT",
                (false, true) => "SSL",
                (false, false) => "PLAINTEXT",
            };
            entries.push(fixed_entry("security.protocol", "TLS/SASLMechanism", p, span(el), span(el)));
        }
        if let Some((m, el)) = sasl {
            let value = if m.is_empty() { format!("${{go:{}}}", super::one_line(t(text, el))) } else { m.to_string() };
            entries.push(fixed_entry("sasl.mechanism", "SASLMechanism", &value, span(el), span(el)));
        }
        let role = if kind == "ReaderConfig" { Role::Consumer } else { Role::Producer };
        out.push(Found { facts, entries, role: Some(role), insert_at: None, attach: None });
    });
    out
}
