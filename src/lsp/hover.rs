//! Hover: what the knowledge base says about the key under the cursor for the file's role and
//! target Kafka version, and the docs of the rules that fired on that line.
//!
//! No value from the file is shown (so no secret can be); rule findings come from the report's
//! redacted diagnostics.

use super::convert::Analysis;
use super::rule_docs_url;
use crate::knowledge::{self, Absence, DefaultVal, Importance, KeyDef, UpdateMode};
use crate::model::{lookup, KeyInfo, LintFile, Role};
use crate::redact;
use crate::version::Release;
use lsp_types as lsp;

/// A key's definition for a role (or, when the role is unknown, in any kind that has it).
pub fn key_info(role: Option<Role>, key: &str, release: Release) -> Option<KeyInfo> {
    if let Some(r) = role {
        return lookup(r, key, release);
    }
    let mut found: Option<KeyInfo> = None;
    for t in knowledge::KINDS.iter() {
        if let Some(def) = t.get(key) {
            let info = KeyInfo { def, kind: t.kind, prefix: "" };
            if def.exists_in(release) {
                return Some(info);
            }
            found.get_or_insert(info);
        }
    }
    found
}

pub fn default_text(d: Option<DefaultVal>) -> String {
    match d {
        Some(DefaultVal::Value("")) => "`\"\"` (empty)".into(),
        Some(DefaultVal::Value(v)) => format!("`{v}`"),
        Some(DefaultVal::Null) => "none (unset)".into(),
        Some(DefaultVal::Required) => "none: required".into(),
        None => "unknown".into(),
    }
}

fn importance(i: Importance) -> &'static str {
    match i {
        Importance::High => "high",
        Importance::Medium => "medium",
        Importance::Low => "low",
    }
}

fn update(u: UpdateMode) -> &'static str {
    match u {
        UpdateMode::ReadOnly => "read-only (restart the broker)",
        UpdateMode::PerBroker => "per-broker",
        UpdateMode::ClusterWide => "cluster-wide",
    }
}

/// Markdown about one key: type, default, valid values, importance, update mode, deprecation,
/// presence, for `release`.
pub fn key_markdown(key: &str, def: &KeyDef, kind: &str, prefix: &str, release: Release) -> String {
    let mut s = format!("**`{key}`** · {kind} key · Kafka {release}\n\n");
    if !prefix.is_empty() {
        s.push_str(&format!("Passed through to the {kind} as `{}`.\n\n", def.name));
    }
    match def.absence(release) {
        Absence::Present => {}
        Absence::NotYet(r) => s.push_str(&format!("- **Not in Kafka {release}**: added in {r}\n")),
        Absence::Removed(r) => s.push_str(&format!("- **Not in Kafka {release}**: removed in {r}\n")),
    }
    if let Some(t) = def.ty_in(release) {
        s.push_str(&format!("- Type: `{}`\n", t.name()));
    }
    if def.exists_in(release) {
        s.push_str(&format!("- Default: {}\n", default_text(def.default_in(release))));
    }
    if let Some(v) = def.valid_in(release) {
        s.push_str(&format!("- Valid values: `{}`\n", v.text.replace('`', "'")));
    }
    if let Some(i) = def.importance_in(release) {
        s.push_str(&format!("- Importance: {}\n", importance(i)));
    }
    if let Some(u) = def.update_in(release) {
        s.push_str(&format!("- Dynamic update: {}\n", update(u)));
    }
    if def.deprecated_in(release) {
        let by = def.replaced_by.map(|r| format!(": use `{r}`")).unwrap_or_default();
        s.push_str(&format!("- Deprecated in Kafka {release}{by}\n"));
    }
    if let Some(n) = def.note {
        s.push_str(&format!("- Note: {n}\n"));
    }
    s
}

fn rules_markdown(analysis: &Analysis, line: u32) -> String {
    let Some(first) = analysis.report.files.first() else { return String::new() };
    let source = &first.file.source;
    let mut seen: Vec<&str> = Vec::new();
    let mut s = String::new();
    for d in analysis.report.diagnostics.iter().filter(|d| analysis.report.files.get(d.file()).is_some_and(|f| f.file.input == 0)) {
        if source.lsp_position(d.primary.span.start).0 != line {
            continue;
        }
        let m = d.rule;
        s.push_str(&format!("**[`{}`]({})** ({}): {}\n\n", m.id, rule_docs_url(m.id), d.severity, d.message));
        if let Some(h) = &d.help {
            s.push_str(&format!("Help: {h}\n\n"));
        }
        if seen.contains(&m.id) {
            continue;
        }
        seen.push(m.id);
        s.push_str(&format!("*{}*\n\n", m.summary));
        if let Some(why) = m.section("Why it fails in production") {
            s.push_str(&why);
            s.push_str("\n\n");
        }
    }
    s
}

fn entry_markdown(file: &LintFile, key: &str) -> String {
    if redact::is_value_piece(key) {
        // Its text is a credential's (redact::is_value_piece): not repeated here.
        return "**A piece of a value**\n\nThis line is read as a key of its own: a quote or `;` is in no setting's name, so it is the rest of \
                the value above, broken over lines without a `\\` at their ends. Its text is never shown by kafkalint.\n"
            .to_string();
    }
    let release = file.release;
    let mut s = match key_info(file.role, key, release) {
        Some(info) => key_markdown(key, info.def, info.kind, info.prefix, release),
        None => {
            let role = file.role.map_or_else(|| "file of unknown role".to_string(), |r| format!("{r} file"));
            format!("**`{key}`**\n\nkafkalint knows no such key for a {role} in Kafka {release}.\n")
        }
    };
    if redact::is_secret_key(key) || redact::is_jaas_key(key) {
        s.push_str("- Value: secret, never shown by kafkalint\n");
    }
    if let Some(md) = crate::advisor::symptoms_markdown(key) {
        s.push_str(&md);
    }
    if file.role.is_none() {
        s.push_str("\nThe file's role is unknown: name the file after it (`consumer.properties`) or add `# kafkalint: role=consumer`.\n");
    }
    s
}

pub fn hover(analysis: &Analysis, pos: lsp::Position) -> Option<lsp::Hover> {
    let first = &analysis.report.files.first()?.file;
    let offset = first.source.offset_of_lsp(pos.line, pos.character);
    let file = super::unit_at(&analysis.report, offset).unwrap_or(first);
    let source = &file.source;
    let entry = file.doc.entries.iter().find(|e| e.span.start <= offset && offset <= e.span.end);
    let mut parts = Vec::new();
    if let Some(e) = entry {
        parts.push(entry_markdown(file, &e.key));
    }
    let rules = rules_markdown(analysis, pos.line);
    if !rules.is_empty() {
        parts.push(rules);
    }
    if parts.is_empty() {
        return None;
    }
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent { kind: lsp::MarkupKind::Markdown, value: parts.join("\n---\n\n") }),
        range: entry.map(|e| super::convert::range(source, e.key_span)),
    })
}
