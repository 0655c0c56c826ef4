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
use std::io::{Read, Write};
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

/// Each result's `partialFingerprints` value, in order: a hash of the rule, the primary file's
/// URI, the key and the message, and which occurrence of that combination this is. The URI is
/// part of it, so a report whose files' URIs no other report of the run has (see
/// [`distinct_uris`]) counts its own occurrences.
fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            // Stable across runs and line shifts: the rule, the file, the key and the message, and
            // which occurrence of that combination this is.
            let (uri, _) = path_uri(&report.files[d.file()].file.source.path);
            let identity = format!("{}\0{}\0{}\0{}", d.rule.id, uri, d.key.as_deref().unwrap_or(""), d.message);
            let hash = fnv1a64(identity.as_bytes());
            let n = seen.entry(identity).or_insert(0);
            *n += 1;
            format!("{hash:016x}:{n}")
        })
        .collect()
}

/// The result of the report's `i`-th diagnostic, its rule at `rule_index` of the run's rules
/// (none for a rule not in the registry).
fn result(report: &Report, i: usize, fingerprint: &str, rule_index: Option<usize>) -> Value {
    let d = &report.diagnostics[i];
    let mut primary = Map::new();
    primary.insert("physicalLocation".into(), physical(report, &d.primary));
    if !d.primary.message.is_empty() {
        primary.insert("message".into(), json!({"text": d.primary.message}));
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.rule.id));
    if let Some(ix) = rule_index {
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
    let fixes = fixes(report, d, report.raw_diagnostic(i));
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
}

/// The document around its results: the tool with the descriptors of `rules`, and the run's
/// version and whether it was assumed.
fn document(rules: &[&'static RuleMeta], results: Vec<Value>, release: crate::version::Release, assumed: bool) -> Value {
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
                "kafkaVersion": release.name(),
                "kafkaVersionAssumed": assumed,
            },
        }],
    })
}

pub fn value(report: &Report) -> Value {
    // The descriptors of the rules that have results, in the registry's order: every rule's
    // documentation (about 400 KB) would make a one-file run's output mostly metadata.
    let used: std::collections::HashSet<&str> = report.diagnostics.iter().map(|d| d.rule.id).collect();
    let rules: Vec<&'static RuleMeta> = RULES.iter().map(|r| r.meta()).filter(|m| used.contains(m.id)).collect();
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let results: Vec<Value> = fingerprints(report)
        .iter()
        .enumerate()
        .map(|(i, f)| result(report, i, f, index.get(report.diagnostics[i].rule.id).copied()))
        .collect();
    document(&rules, results, report.release, report.release_assumed)
}

/// Whether a run of these inputs can be written a batch at a time ([`Stream`]): when no two of
/// them have the same URI (a file named twice, or `./a` and `a`), as a result's fingerprint
/// counts the earlier results of its file's URI in the whole run.
pub fn distinct_uris<'a>(paths: impl Iterator<Item = &'a Path>) -> bool {
    let mut seen = std::collections::HashSet::new();
    paths.into_iter().all(|p| seen.insert(fnv1a64(path_uri(p).0.as_bytes())))
}

/// The document written a report at a time (a run checked in batches, see
/// [`crate::lint::lint_batches`]): the bytes of [`write`] for the run as one report. The run's
/// version and the rules with results come before the results in the document, and a result's
/// `ruleIndex` is its rule's place among the rules with results of the whole run: the results
/// are serialised as each report comes and kept (in a temporary file past [`SPILL`] bytes), each
/// with its rule's place in the registry where its `ruleIndex` goes, and written at the end.
/// Only for runs whose inputs have [`distinct_uris`].
#[derive(Default)]
pub struct Stream {
    /// Registry positions of the rules with results.
    used: std::collections::BTreeSet<usize>,
    /// Rule ids to registry positions.
    positions: HashMap<&'static str, usize>,
    /// Kept results: per result, its text's length (u32), the offset in it where the `ruleIndex`
    /// value goes (u32) and its rule's registry position (u32, [`NO_RULE`] if none), then the text
    /// without that value.
    kept: Vec<u8>,
    spilled: Option<(std::fs::File, std::path::PathBuf)>,
    count: usize,
}

/// The results kept in memory before they go to a temporary file.
const SPILL: usize = if cfg!(test) { 512 } else { 1 << 20 };

/// The registry position kept for a result whose rule is not in the registry.
const NO_RULE: usize = u32::MAX as usize;

/// Where a result's `ruleIndex` value is in its text: after the first `ruleIndex": ` (a string
/// holding those bytes has its quote escaped: `ruleIndex\": `).
fn rule_index_value(text: &[u8]) -> Option<std::ops::Range<usize>> {
    const KEY: &[u8] = b"ruleIndex\": ";
    let start = text.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let len = text[start..].iter().take_while(|b| b.is_ascii_digit()).count();
    Some(start..start + len)
}

impl Stream {
    /// Serialises a report's results and keeps them.
    pub fn batch(&mut self, report: &Report) -> std::io::Result<()> {
        use rayon::prelude::*;
        if self.positions.is_empty() {
            self.positions = RULES.iter().enumerate().map(|(i, r)| (r.meta().id, i)).collect();
        }
        let fingerprints = fingerprints(report);
        let positions = &self.positions;
        for (block, first) in report.diagnostics.chunks(2048).zip((0..).step_by(2048)) {
            let texts: Vec<(Vec<u8>, Option<usize>)> = block
                .par_iter()
                .enumerate()
                .map(|(k, d)| {
                    let i = first + k;
                    let pos = positions.get(d.rule.id).copied();
                    (element(&result(report, i, &fingerprints[i], pos)), pos)
                })
                .collect();
            for (text, pos) in texts {
                // A rule not in the registry: no `ruleIndex` (and no value to put in).
                let at = match pos {
                    Some(_) => rule_index_value(&text).ok_or_else(|| std::io::Error::other("a SARIF result without its ruleIndex"))?,
                    None => text.len()..text.len(),
                };
                let len = text.len() - at.len();
                for n in [len, at.start, pos.unwrap_or(NO_RULE)] {
                    let n = u32::try_from(n).map_err(|_| std::io::Error::other("a SARIF result past 4 GiB"))?;
                    self.kept.extend_from_slice(&n.to_le_bytes());
                }
                self.kept.extend_from_slice(&text[..at.start]);
                self.kept.extend_from_slice(&text[at.end..]);
                if let Some(p) = pos {
                    self.used.insert(p);
                }
                self.count += 1;
            }
            if self.kept.len() >= SPILL {
                if self.spilled.is_none() {
                    self.spilled = super::json::temporary();
                }
                if let Some((f, _)) = self.spilled.as_mut() {
                    f.write_all(&self.kept)?;
                    self.kept.clear();
                }
            }
        }
        Ok(())
    }

    /// Writes the document: the kept results with their rules' places among the rules with results.
    pub fn finish(&mut self, totals: &super::Totals, out: &mut dyn Write) -> std::io::Result<()> {
        let rules: Vec<&'static RuleMeta> = self.used.iter().filter_map(|&p| RULES.get(p)).map(|r| r.meta()).collect();
        let index: HashMap<usize, usize> = self.used.iter().enumerate().map(|(i, &p)| (p, i)).collect();
        let release = totals.release.unwrap_or_else(crate::version::Release::newest);
        let text = serde_json::to_vec_pretty(&document(&rules, Vec::new(), release, totals.release_assumed))?;
        // The results' place in the document: the first `"results": []` (in a string, its
        // quotes would be escaped).
        const EMPTY: &[u8] = b"\"results\": []";
        let at = text.windows(EMPTY.len()).position(|w| w == EMPTY).ok_or_else(|| std::io::Error::other("no results in SARIF"))?;
        out.write_all(&text[..at])?;
        out.write_all(b"\"results\": [")?;
        let mut written = 0;
        let mut copy = |kept: &mut dyn Read, out: &mut dyn Write| -> std::io::Result<()> {
            let mut text = Vec::new();
            loop {
                let mut head = [0u8; 12];
                match kept.read_exact(&mut head) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
                    Err(e) => return Err(e),
                }
                let n = |k: usize| u32::from_le_bytes([head[k], head[k + 1], head[k + 2], head[k + 3]]) as usize;
                let (len, at, pos) = (n(0), n(4), n(8));
                text.resize(len, 0);
                kept.read_exact(&mut text)?;
                out.write_all(if written == 0 { b"\n        " } else { b",\n        " })?;
                out.write_all(&text[..at])?;
                if let Some(ix) = index.get(&pos) {
                    write!(out, "{ix}")?;
                }
                out.write_all(&text[at..])?;
                written += 1;
            }
        };
        if let Some((f, path)) = self.spilled.take() {
            use std::io::Seek;
            let mut f = std::io::BufReader::with_capacity(1 << 16, f);
            let copied = f.seek(std::io::SeekFrom::Start(0)).and_then(|_| copy(&mut f, out));
            drop(f);
            if !cfg!(unix) {
                let _ = std::fs::remove_file(&path);
            }
            copied?;
        }
        copy(&mut &std::mem::take(&mut self.kept)[..], out)?;
        debug_assert_eq!(written, self.count);
        out.write_all(if self.count == 0 { b"]" } else { b"\n      ]" })?;
        out.write_all(&text[at + EMPTY.len()..])?;
        out.write_all(b"\n")
    }
}

/// A result pretty-printed as an element of the run's `results` (depth 4): its own pretty form
/// indented by eight spaces after each line break (strings never hold a raw line break).
fn element(value: &Value) -> Vec<u8> {
    let mut text = Vec::with_capacity(1024);
    let _ = serde_json::to_writer_pretty(&mut text, value);
    let mut indented = Vec::with_capacity(text.len() + 512);
    for &b in &text {
        indented.push(b);
        if b == b'\n' {
            indented.extend_from_slice(b"        ");
        }
    }
    indented
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
    let mut stream = Stream::default();
    stream.batch(report)?;
    stream.finish(&super::Totals::of(report), out)
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
        let mut raw = report.diagnostics[ws[1]].clone();
        raw.fixes[0].edits[0].replacement = "hunter22".into();
        report.raw.insert(ws[1], raw);
        report.diagnostics[ws[1]].fixes[0].edits[0].replacement = MASK.into();
        let v = value(&report);
        assert!(!v.to_string().contains("hunter22"));
        assert!(v["runs"][0]["results"][ws[1]].get("fixes").is_none(), "left out rather than shown masked");
        assert!(v["runs"][0]["results"][ws[0]]["fixes"].is_array(), "the other finding keeps its fix");
    }
}
