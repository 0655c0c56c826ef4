//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! Positions: lines and columns are 1-based and columns count UTF-16 code units (SARIF's default
//! `columnKind`, stated in the run), in the text kafkalint read (an ISO-8859-1 file's characters).
//! Paths are URIs relative to the directory kafkalint ran in (`uriBaseId` `%SRCROOT%`), as given on
//! the command line with `/` between segments; absolute paths become `file://` URIs.

use crate::diagnostic::{Applicability, Diagnostic, Label, Severity};
use crate::lint::Report;
use crate::redact::MASK;
use crate::rules::{RuleMeta, RULES};
use crate::source::{SourceFile, Span};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::{Component, Path};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The rule's name in SARIF: the part of the id after `/` in PascalCase
/// (`consumer/heartbeat-vs-session-timeout` → `HeartbeatVsSessionTimeout`).
pub fn rule_name(id: &str) -> String {
    let tail = id.split_once('/').map_or(id, |(_, t)| t);
    let name: String = tail
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect();
    if name.is_empty() {
        id.to_string()
    } else {
        name
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// FNV-1a, 64 bits: small, stable across Rust versions and platforms (unlike `DefaultHasher`).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn rule_descriptor(meta: &RuleMeta) -> Value {
    let why = meta.section("Why it fails in production").filter(|s| !s.is_empty()).unwrap_or_else(|| meta.summary.to_string());
    // Plain text: the docs' hard-wrapped lines joined, paragraphs kept.
    let why = why.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n\n");
    let docs = meta.doc_text();
    json!({
        "id": meta.id,
        "name": rule_name(meta.id),
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": why},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": level(meta.severity), "enabled": meta.enabled},
        "properties": {
            "tags": [meta.family()],
            "kafkaVersions": meta.versions_text(),
            "fix": meta.fix.as_str(),
        },
    })
}

/// A URI reference for a path: relative paths stay relative (`./` dropped), segments are
/// percent-encoded (`:` too, so that a first segment never reads as a scheme).
pub fn path_uri(path: &Path) -> (String, bool) {
    fn encode(seg: &str, out: &mut String) {
        for &b in seg.as_bytes() {
            if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    let mut segs: Vec<String> = Vec::new();
    let mut absolute = false;
    let mut prefix = String::new();
    for c in path.components() {
        match c {
            Component::Prefix(p) => {
                // `C:` on Windows: kept as the URI's drive segment.
                prefix = p.as_os_str().to_string_lossy().replace('\\', "/");
                absolute = true;
            }
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => segs.push("..".into()),
            Component::Normal(s) => {
                let mut e = String::new();
                encode(&s.to_string_lossy(), &mut e);
                segs.push(e);
            }
        }
    }
    if absolute {
        let drive = if prefix.is_empty() { String::new() } else { format!("/{prefix}") };
        (format!("file://{drive}/{}", segs.join("/")), false)
    } else {
        (segs.join("/"), true)
    }
}

fn artifact_location(path: &Path) -> Value {
    let (uri, relative) = path_uri(path);
    if relative {
        json!({"uri": uri, "uriBaseId": "%SRCROOT%"})
    } else {
        json!({"uri": uri})
    }
}

/// 1-based line and 1-based UTF-16 column of a byte offset.
fn position(source: &SourceFile, offset: usize) -> (u32, u32) {
    let (l, c) = source.lsp_position(offset);
    (l + 1, c + 1)
}

fn region(source: &SourceFile, span: Span) -> Value {
    let (sl, sc) = position(source, span.start);
    let (el, ec) = position(source, span.end);
    json!({"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec})
}

fn physical(report: &Report, label: &Label) -> Value {
    let source = &report.files[label.file].file.source;
    json!({"artifactLocation": artifact_location(&source.path), "region": region(source, label.span)})
}

/// The fixes SARIF carries: safe and unsafe ones (a suggestion is a placeholder, not a change),
/// and only those whose inserted text holds no secret: a masked secret would be wrong text to
/// apply, so such a fix is left out rather than shown masked.
fn fixes(report: &Report, public: &Diagnostic, raw: Option<&Diagnostic>) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, fix) in public.fixes.iter().enumerate() {
        if fix.applicability == Applicability::DisplayOnly || fix.edits.is_empty() {
            continue;
        }
        let clean = match raw.and_then(|r| r.fixes.get(i)) {
            Some(rf) => rf.edits.len() == fix.edits.len() && rf.edits.iter().zip(&fix.edits).all(|(a, b)| a.replacement == b.replacement),
            None => !fix.edits.iter().any(|e| e.replacement.contains(MASK)),
        };
        if !clean {
            continue;
        }
        // One artifactChange per file, in the order the files first appear.
        let mut changes: Vec<(usize, Vec<Value>)> = Vec::new();
        for e in &fix.edits {
            let source = &report.files[e.file].file.source;
            let replacement = json!({"deletedRegion": region(source, e.span), "insertedContent": {"text": e.replacement}});
            match changes.iter_mut().find(|(f, _)| *f == e.file) {
                Some((_, v)) => v.push(replacement),
                None => changes.push((e.file, vec![replacement])),
            }
        }
        let changes: Vec<Value> = changes
            .into_iter()
            .map(|(f, replacements)| {
                json!({"artifactLocation": artifact_location(&report.files[f].file.source.path), "replacements": replacements})
            })
            .collect();
        out.push(json!({
            "description": {"text": fix.description},
            "artifactChanges": changes,
            "properties": {"applicability": super::applicability_text(fix.applicability)},
        }));
    }
    out
}

pub fn value(report: &Report) -> Value {
    // The descriptors of the rules that have results, in the registry's order: every rule's
    // documentation (about 400 KB) would make a one-file run's output mostly metadata.
    let used: std::collections::HashSet<&str> = report.diagnostics.iter().map(|d| d.rule.id).collect();
    let rules: Vec<&'static RuleMeta> = RULES.iter().map(|r| r.meta()).filter(|m| used.contains(m.id)).collect();
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let raw = report.raw_diagnostics();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let source = &report.files[d.file()].file.source;
            let mut primary = Map::new();
            primary.insert("physicalLocation".into(), physical(report, &d.primary));
            if !d.primary.message.is_empty() {
                primary.insert("message".into(), json!({"text": d.primary.message}));
            }
            // Stable across runs and line shifts: the rule, the file, the key and the message, and
            // which occurrence of that combination this is.
            let (uri, _) = path_uri(&source.path);
            let identity = format!("{}\0{}\0{}\0{}", d.rule.id, uri, d.key.as_deref().unwrap_or(""), d.message);
            let n = seen.entry(identity.clone()).or_insert(0);
            *n += 1;
            let fingerprint = format!("{:016x}:{}", fnv1a64(identity.as_bytes()), n);
            let mut r = Map::new();
            r.insert("ruleId".into(), json!(d.rule.id));
            if let Some(&ix) = index.get(d.rule.id) {
                r.insert("ruleIndex".into(), json!(ix));
            }
            r.insert("level".into(), json!(level(d.severity)));
            r.insert("message".into(), json!({"text": d.message}));
            r.insert("locations".into(), json!([Value::Object(primary)]));
            if !d.related.is_empty() {
                let related: Vec<Value> = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, l)| json!({"id": id, "physicalLocation": physical(report, l), "message": {"text": l.message}}))
                    .collect();
                r.insert("relatedLocations".into(), json!(related));
            }
            r.insert("partialFingerprints".into(), json!({"kafkalint/v1": fingerprint}));
            let fixes = fixes(report, d, raw.get(i));
            if !fixes.is_empty() {
                r.insert("fixes".into(), json!(fixes));
            }
            let mut props = Map::new();
            if let Some(k) = &d.key {
                props.insert("key".into(), json!(k));
            }
            if let Some(h) = &d.help {
                props.insert("help".into(), json!(h));
            }
            if !props.is_empty() {
                r.insert("properties".into(), Value::Object(props));
            }
            Value::Object(r)
        })
        .collect();

    let mut driver = Map::new();
    driver.insert("name".into(), json!("kafkalint"));
    driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
    if let Some(uri) = information_uri() {
        driver.insert("informationUri".into(), json!(uri));
    }
    driver.insert("rules".into(), json!(rules.iter().map(|m| rule_descriptor(m)).collect::<Vec<_>>()));
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": Value::Object(driver)},
            "columnKind": "utf16CodeUnits",
            "redactionTokens": [MASK],
            "results": results,
            "properties": {
                "kafkaVersion": report.release.name(),
                "kafkaVersionAssumed": report.release_assumed,
            },
        }],
    })
}

/// Where to read about kafkalint: the package's homepage, else its repository (Cargo.toml).
pub fn information_uri() -> Option<&'static str> {
    [option_env!("CARGO_PKG_HOMEPAGE"), option_env!("CARGO_PKG_REPOSITORY")].into_iter().flatten().find(|u| !u.is_empty())
}

pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&value(report)).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes the document to a (buffered) writer.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &value(report))?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_hashes() {
        assert_eq!(rule_name("consumer/heartbeat-vs-session-timeout"), "HeartbeatVsSessionTimeout");
        assert_eq!(rule_name("syntax"), "Syntax");
        // Reference values of FNV-1a 64.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn uris() {
        assert_eq!(path_uri(Path::new("./conf/a b.properties")), ("conf/a%20b.properties".into(), true));
        assert_eq!(path_uri(Path::new("c:x/é.properties")), ("c%3Ax/%C3%A9.properties".into(), true));
        assert_eq!(path_uri(Path::new("/etc/kafka/server.properties")), ("file:///etc/kafka/server.properties".into(), false));
        assert_eq!(path_uri(Path::new("../x.properties")), ("../x.properties".into(), true));
    }

    #[test]
    fn a_fix_that_would_write_a_secret_is_left_out() {
        use crate::lint::{lint, Input, Settings};
        let input = Input { path: "consumer.properties".into(), bytes: b"group.id=a \nssl.key.password=hunter22 \n".to_vec() };
        let mut report = lint(vec![input], &Settings { isolated: true, ..Default::default() }).unwrap();
        let ws: Vec<usize> =
            report.diagnostics.iter().enumerate().filter(|(_, d)| d.rule.id == "syntax/trailing-whitespace").map(|(i, _)| i).collect();
        assert_eq!(ws.len(), 2);
        let v = value(&report);
        assert!(v["runs"][0]["results"][ws[1]]["fixes"].is_array(), "a fix that only deletes is kept, on a secret line too");
        // A fix whose new text holds the secret: the public view has it masked.
        report.raw[ws[1]].fixes[0].edits[0].replacement = "hunter22".into();
        report.diagnostics[ws[1]].fixes[0].edits[0].replacement = MASK.into();
        let v = value(&report);
        assert!(!v.to_string().contains("hunter22"));
        assert!(v["runs"][0]["results"][ws[1]].get("fixes").is_none(), "left out rather than shown masked");
        assert!(v["runs"][0]["results"][ws[0]]["fixes"].is_array(), "the other finding keeps its fix");
    }
}
