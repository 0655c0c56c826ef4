//! `--format json`: the documented contract (README "JSON output").

use crate::lint::Report;
use serde_json::{json, Value};

pub fn value(report: &Report) -> Value {
    let files: Vec<Value> = report
        .files
        .iter()
        .filter(|f| !f.context)
        .map(|f| {
            json!({
                "path": f.file.source.display_path(),
                "role": f.file.role.map(|r| r.as_str()),
                "role_source": f.file.role_source.as_str(),
                "kafka_version": f.file.release.name(),
            })
        })
        .collect();
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let file = &report.files[d.file()].file;
            let (line, column) = file.source.line_col(d.primary.span.start);
            let (end_line, end_column) = file.source.line_col(d.primary.span.end);
            let related: Vec<Value> = d
                .related
                .iter()
                .map(|l| {
                    let lf = &report.files[l.file].file;
                    let (line, column) = lf.source.line_col(l.span.start);
                    json!({"file": lf.source.display_path(), "line": line, "column": column, "key": l.key, "message": l.message})
                })
                .collect();
            let fixes: Vec<Value> = d
                .fixes
                .iter()
                .map(|f| {
                    let edits: Vec<Value> = f.edits.iter().map(|e| json!({"file": report.files[e.file].file.source.display_path(), "start": e.span.start, "end": e.span.end, "replacement": e.replacement})).collect();
                    json!({"description": f.description, "safe": f.is_safe(), "applicability": super::applicability_text(f.applicability), "edits": edits})
                })
                .collect();
            json!({
                "rule": d.rule.id,
                "severity": d.severity.as_str(),
                "file": file.source.display_path(),
                "key": d.key,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "start": d.primary.span.start,
                "end": d.primary.span.end,
                "message": d.message,
                "help": d.help,
                "related": related,
                "fixes": fixes,
            })
        })
        .collect();
    json!({
        "tool": "kafkalint",
        "version": env!("CARGO_PKG_VERSION"),
        "kafka_version": report.release.name(),
        "kafka_version_assumed": report.release_assumed,
        "files": files,
        "diagnostics": diagnostics,
        "summary": {
            "files": report.linted_files(),
            "errors": report.count(crate::diagnostic::Severity::Error),
            "warnings": report.count(crate::diagnostic::Severity::Warning),
            "infos": report.count(crate::diagnostic::Severity::Info),
        }
    })
}

pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&value(report)).unwrap_or_default();
    s.push('\n');
    s
}
