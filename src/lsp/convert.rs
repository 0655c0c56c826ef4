//! The report of one document → LSP diagnostics (fixes in `data`) → code actions.
//!
//! Nothing here analyses anything: ranges come from the report's original byte spans
//! ([`SourceFile::lsp_position`], UTF-16), texts from its redacted diagnostics, edits from its raw
//! fixes, narrowed so they carry no secret (or dropped when they would).

use super::{rule_docs_url, SOURCE};
use crate::diagnostic::{Applicability, Diagnostic, FileId, Fix, Severity};
use crate::lint::Report;
use crate::source::{SourceFile, Span};
use lsp_types as lsp;
use lsp_types::Url;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A document's last analysis: the report and what was published from it.
pub struct Analysis {
    /// The document version the report was made for.
    pub version: i32,
    pub report: Report,
    pub diagnostics: Vec<lsp::Diagnostic>,
    /// The secrets of the document's `.properties` text as the report read it, line by line
    /// (the next keystroke moves those of the lines it does not change).
    pub secrets: Option<crate::redact::DocSecrets>,
    /// By entry of the document as the report read it: whether it sets `spring.kafka.*` (a
    /// `.properties` file with such keys is Spring Boot's; moved along as the secrets are).
    pub spring: Option<Vec<bool>>,
    /// The prepared companions the report was made with (their units in the report are copies
    /// the next lint with the same companions takes back instead of copying them again).
    pub context: Vec<std::sync::Arc<crate::lint::PreparedContext>>,
}

impl Analysis {
    /// Converts a report whose first file is the document at `uri`.
    pub fn new(uri: &Url, version: i32, report: Report) -> Analysis {
        let diagnostics = diagnostics(&report, uri, version);
        Analysis { version, report, diagnostics, secrets: None, spring: None, context: Vec::new() }
    }
}

/// What a published diagnostic carries in `data`: its fixes, ready to apply, and the document
/// version they were computed for.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DiagnosticData {
    pub version: i32,
    pub fixes: Vec<FixData>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FixData {
    pub title: String,
    /// `safe`, `unsafe` or `display-only`.
    pub applicability: String,
    pub changes: HashMap<Url, Vec<lsp::TextEdit>>,
}

impl FixData {
    pub fn is_safe(&self) -> bool {
        self.applicability == "safe"
    }
}

fn applicability_str(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

pub fn position(source: &SourceFile, offset: usize) -> lsp::Position {
    let (line, character) = source.lsp_position(offset);
    lsp::Position { line, character }
}

pub fn range(source: &SourceFile, span: Span) -> lsp::Range {
    lsp::Range { start: position(source, span.start), end: position(source, span.end.max(span.start)) }
}

/// The URI of a report file: the document's own for file 0, else the file's absolute path.
fn uri_of(report: &Report, file: FileId, doc: &Url) -> Option<Url> {
    // The document's own units (a compose file has one per service) all come from input 0.
    if report.files.get(file).is_some_and(|f| f.file.input == 0) {
        return Some(doc.clone());
    }
    let path = &report.files.get(file)?.file.source.path;
    let abs = crate::walk::absolute(path).ok()?;
    Url::from_file_path(abs).ok()
}

/// Every secret of the report's files, longest first.
fn secrets(report: &Report) -> Vec<&str> {
    let mut v: Vec<&str> = report.files.iter().flat_map(|f| f.secrets.iter().map(String::as_str)).collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    v.dedup();
    v
}

fn carries_secret(text: &str, secrets: &[&str]) -> bool {
    secrets.iter().any(|s| !s.is_empty() && text.contains(s))
}

/// The diagnostics of the document (file 0 of the report), ready to publish.
pub fn diagnostics(report: &Report, doc: &Url, version: i32) -> Vec<lsp::Diagnostic> {
    let Some(first) = report.files.first() else { return Vec::new() };
    let source = &first.file.source;
    let secrets = secrets(report);
    let mut out = Vec::new();
    for (i, d) in report.diagnostics.iter().enumerate() {
        if report.files.get(d.file()).is_none_or(|f| f.file.input != 0) {
            continue;
        }
        let fixes = match report.raw_diagnostic(i) {
            Some(r) if r.rule.id == d.rule.id && r.primary.span == d.primary.span => r
                .fixes
                .iter()
                .zip(&d.fixes)
                .filter_map(|(raw_fix, public)| fix_data(report, raw_fix, &public.description, &secrets, doc))
                .collect(),
            _ => Vec::new(),
        };
        out.push(diagnostic(report, source, d, doc, DiagnosticData { version, fixes }));
    }
    out
}

fn diagnostic(report: &Report, source: &SourceFile, d: &Diagnostic, doc: &Url, data: DiagnosticData) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut related = Vec::new();
    if !d.primary.message.is_empty() {
        related.push(lsp::DiagnosticRelatedInformation {
            location: lsp::Location { uri: doc.clone(), range: range(source, d.primary.span) },
            message: d.primary.message.clone(),
        });
    }
    for l in &d.related {
        let (Some(uri), Some(file)) = (uri_of(report, l.file, doc), report.files.get(l.file)) else { continue };
        related.push(lsp::DiagnosticRelatedInformation {
            location: lsp::Location { uri, range: range(&file.file.source, l.span) },
            message: if l.message.is_empty() { l.key.as_ref().map_or_else(String::new, |k| format!("`{k}`")) } else { l.message.clone() },
        });
    }
    let mut tags = Vec::new();
    if d.rule.id == "kafkalint/unused-suppression" {
        tags.push(lsp::DiagnosticTag::UNNECESSARY);
    }
    if d.rule.id.contains("deprecated") {
        tags.push(lsp::DiagnosticTag::DEPRECATED);
    }
    lsp::Diagnostic {
        range: range(source, d.primary.span),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.rule.id.to_string())),
        code_description: Url::parse(&rule_docs_url(d.rule.id)).ok().map(|href| lsp::CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: serde_json::to_value(&data).ok(),
    }
}

/// Byte length of the common prefix of two strings, at a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices().zip(b.chars()).take_while(|((_, x), y)| x == y).last().map_or(0, |((i, x), _)| i + x.len_utf8())
}

/// Byte length of the common suffix of two strings, at a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum()
}

/// One fix as LSP edits. An edit whose replacement holds a secret (trimming a password's trailing
/// space rewrites the password) is narrowed to the part that changes; a fix that still carries a
/// secret is not offered (`kafkalint check --fix` applies it).
fn fix_data(report: &Report, fix: &Fix, title: &str, secrets: &[&str], doc: &Url) -> Option<FixData> {
    let mut changes: HashMap<Url, Vec<lsp::TextEdit>> = HashMap::new();
    for e in &fix.edits {
        let file = report.files.get(e.file)?;
        let source = &file.file.source;
        let text = &source.text;
        if e.span.end > text.len()
            || e.span.start > e.span.end
            || !text.is_char_boundary(e.span.start)
            || !text.is_char_boundary(e.span.end)
        {
            return None;
        }
        let (mut span, mut replacement) = (e.span, e.replacement.as_str());
        if carries_secret(replacement, secrets) {
            let old = &text[span.range()];
            let p = common_prefix(old, replacement);
            let s = common_suffix(&old[p..], &replacement[p..]);
            span = Span::new(span.start + p, span.end - s);
            replacement = &replacement[p..replacement.len() - s];
            if carries_secret(replacement, secrets) {
                return None;
            }
        }
        let uri = uri_of(report, e.file, doc)?;
        changes.entry(uri).or_default().push(lsp::TextEdit { range: range(source, span), new_text: replacement.to_string() });
    }
    if changes.is_empty() {
        return None;
    }
    Some(FixData { title: title.to_string(), applicability: applicability_str(fix.applicability).to_string(), changes })
}

fn touches(a: &lsp::Range, b: &lsp::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn is_ours(d: &lsp::Diagnostic) -> bool {
    d.source.as_deref() == Some(SOURCE)
}

/// Whether the client asked for quick fixes: no `only`, or an `only` naming `quickfix` (kinds are
/// hierarchical; ours is exactly `quickfix`, so only it or the empty kind covers it).
fn wants_quickfix(only: Option<&Vec<lsp::CodeActionKind>>) -> bool {
    let Some(only) = only else { return true };
    only.iter().any(|k| k.as_str().is_empty() || *k == lsp::CodeActionKind::QUICKFIX)
}

/// The fixes of a diagnostic the client sent back: from its `data` when made for the current
/// version, else from the current analysis (same rule and range).
fn fixes_for(d: &lsp::Diagnostic, current: Option<&Analysis>) -> Vec<FixData> {
    let data: Option<DiagnosticData> = d.data.clone().and_then(|v| serde_json::from_value(v).ok());
    if let Some(data) = &data {
        if current.is_none_or(|a| a.version == data.version) {
            return data.fixes.clone();
        }
    }
    let Some(a) = current else { return Vec::new() };
    a.diagnostics
        .iter()
        .find(|c| c.code == d.code && c.range == d.range)
        .and_then(|c| c.data.clone())
        .and_then(|v| serde_json::from_value::<DiagnosticData>(v).ok())
        .map(|data| data.fixes)
        .unwrap_or_default()
}

/// Quick fixes for the diagnostics of a code-action request.
pub fn code_actions(params: &lsp::CodeActionParams, current: Option<&Analysis>) -> Vec<lsp::CodeActionOrCommand> {
    if !wants_quickfix(params.context.only.as_ref()) {
        return Vec::new();
    }
    let mut asked: Vec<lsp::Diagnostic> = params.context.diagnostics.iter().filter(|d| is_ours(d)).cloned().collect();
    if asked.is_empty() {
        if let Some(a) = current {
            asked = a.diagnostics.iter().filter(|d| touches(&d.range, &params.range)).cloned().collect();
        }
    }
    let mut out = Vec::new();
    for d in &asked {
        for fix in fixes_for(d, current) {
            let title = match fix.applicability.as_str() {
                "safe" => fix.title.clone(),
                "unsafe" => format!("{} (unsafe fix: review the change)", fix.title),
                _ => format!("{} (placeholder: complete it)", fix.title),
            };
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(lsp::WorkspaceEdit { changes: Some(fix.changes.clone()), ..Default::default() }),
                is_preferred: fix.is_safe().then_some(true),
                ..Default::default()
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_affixes_respect_characters() {
        assert_eq!(common_prefix("s3cré t ", "s3cré t"), "s3cré t".len());
        assert_eq!(common_suffix("aé", "bé"), "é".len());
        assert_eq!(common_prefix("é", "è"), 0);
    }

    #[test]
    fn quickfix_kinds() {
        assert!(wants_quickfix(None));
        assert!(wants_quickfix(Some(&vec![lsp::CodeActionKind::QUICKFIX])));
        assert!(!wants_quickfix(Some(&vec![lsp::CodeActionKind::SOURCE_ORGANIZE_IMPORTS])));
        assert!(!wants_quickfix(Some(&vec![lsp::CodeActionKind::REFACTOR])));
    }

    #[test]
    fn docs_anchor_drops_the_slash() {
        assert_eq!(
            rule_docs_url("producer/idempotence-without-acks-all"),
            format!("{}#produceridempotence-without-acks-all", super::super::DOCS_BASE)
        );
    }
}
