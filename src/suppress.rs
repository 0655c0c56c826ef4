//! `# kafkalint: disable=<rule>[,<rule>…]` above a key, `# kafkalint: disable-file=<rule>` anywhere.

use crate::diagnostic::{Diagnostic, Edit, FileId, Fix};
use crate::model::LintFile;
use crate::rules::{self, full_lines, Sink};
use crate::source::Span;

#[derive(Debug)]
struct Directive {
    /// The comment.
    span: Span,
    file_wide: bool,
    /// Rule ids (or families) with the byte span of each inside the comment.
    ids: Vec<(String, Span)>,
    /// For a key-level directive: the entry it applies to.
    target: Option<Span>,
}

fn parse_directives(file: &LintFile) -> Vec<Directive> {
    let text = &file.source.text;
    let mut out = Vec::new();
    for c in &file.doc.comments {
        let body = &text[c.span.start + 1..c.span.end];
        let lead = body.len() - body.trim_start().len();
        let Some(rest) = body.trim_start().strip_prefix("kafkalint:") else { continue };
        let rest_off = c.span.start + 1 + lead + "kafkalint:".len();
        let r = rest.trim_start();
        let mut off = rest_off + (rest.len() - r.len());
        let (file_wide, list) = if let Some(l) = r.strip_prefix("disable-file=") {
            off += "disable-file=".len();
            (true, l)
        } else if let Some(l) = r.strip_prefix("disable=") {
            off += "disable=".len();
            (false, l)
        } else {
            continue;
        };
        let mut ids = Vec::new();
        let mut pos = off;
        for part in list.split(',') {
            let t = part.trim();
            let s = pos + (part.len() - part.trim_start().len());
            if !t.is_empty() {
                // Stop at the first white space: anything after is a free comment.
                let id = t.split_whitespace().next().unwrap_or(t);
                ids.push((id.to_string(), Span::new(s, s + id.len())));
            }
            pos += part.len() + 1;
        }
        let target = if file_wide {
            None
        } else {
            // The entry right below: only comment lines between the directive and the entry.
            let next = file.doc.entries.iter().find(|e| e.span.start > c.span.end);
            next.filter(|e| {
                let between = &text[c.span.end..e.span.start];
                between.lines().filter(|l| !l.trim().is_empty()).all(|l| l.trim_start().starts_with('#') || l.trim_start().starts_with('!'))
                    && between.matches('\n').count().max(between.matches('\r').count()) >= 1
                    && !between.contains("\n\n")
                    && !between.contains("\r\n\r\n")
            })
            .map(|e| e.span)
            .or_else(|| next_yaml_line(file, c.span.end))
        };
        out.push(Directive { span: c.span, file_wide, ids, target });
    }
    out
}

/// In a YAML file, a directive with no setting right below applies to the next line that is not a
/// comment (a compose service's `image:`, an environment variable that maps to no Kafka key).
fn next_yaml_line(file: &LintFile, from: usize) -> Option<Span> {
    if !file.format.is_yaml_like() {
        return None;
    }
    let text = &file.source.text;
    let mut at = text[from..].find('\n').map(|i| from + i + 1)?;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = text[at..end].trim();
        if line.is_empty() {
            return None;
        }
        if !line.starts_with('#') {
            return Some(Span::new(at, end));
        }
        at = end + 1;
    }
    None
}

fn matches(id: &str, d: &Diagnostic) -> bool {
    let id = rules::redirect(id).unwrap_or(id);
    d.rule.id == id || d.rule.family() == id
}

/// Removes suppressed diagnostics of one file and reports unknown or unused suppressions.
/// `active` says whether a rule id (or family) ran for this file: suppressions of rules that did
/// not run are not reported as unused.
pub fn apply(
    file_id: FileId,
    file: &LintFile,
    diags: &mut Vec<Diagnostic>,
    out: &mut Sink,
    unused_enabled: bool,
    active: &dyn Fn(&str) -> bool,
) {
    let directives = parse_directives(file);
    if directives.is_empty() {
        return;
    }
    let mut used = vec![vec![false; 0]; directives.len()];
    for (i, d) in directives.iter().enumerate() {
        used[i] = vec![false; d.ids.len()];
    }
    diags.retain(|diag| {
        if diag.file() != file_id {
            return true;
        }
        let mut keep = true;
        for (i, d) in directives.iter().enumerate() {
            let applies = d.file_wide
                || d.target
                    .is_some_and(|t| t.contains(diag.primary.span) || (diag.primary.span.is_empty() && t.start == diag.primary.span.start));
            if !applies {
                continue;
            }
            for (j, (id, _)) in d.ids.iter().enumerate() {
                if matches(id, diag) {
                    used[i][j] = true;
                    keep = false;
                }
            }
        }
        keep
    });
    if !unused_enabled {
        return;
    }
    let meta = &rules::kafkalint::unused_suppression::META;
    let text = &file.source.text;
    for (i, d) in directives.iter().enumerate() {
        let unused: Vec<usize> = (0..d.ids.len()).filter(|&j| !used[i][j]).collect();
        for &j in &unused {
            let (id, span) = &d.ids[j];
            let known = rules::by_id(id).is_some() || rules::families().contains(&id.as_str()) || rules::redirect(id).is_some();
            if known && !active(id) {
                continue;
            }
            let message = if !known {
                format!("`{id}` is not a kafkalint rule: this suppression silences nothing")
            } else if !d.file_wide && d.target.is_none() {
                format!("this suppression of `{id}` is not right above a key: it silences nothing")
            } else {
                format!("nothing to suppress: `{id}` reports nothing here")
            };
            // Remove the whole comment when every id in it is unused, else just this id.
            let edit = if unused.len() == d.ids.len() {
                Edit { file: file_id, span: full_lines(text, d.span), replacement: String::new() }
            } else {
                let mut s = *span;
                let after = &text[s.end..d.span.end];
                if let Some(rest) = after.strip_prefix(',') {
                    s.end += 1 + (rest.len() - rest.trim_start().len());
                } else {
                    let before = &text[d.span.start..s.start];
                    let trimmed = before.trim_end();
                    if let Some(t) = trimmed.strip_suffix(',') {
                        s.start = d.span.start + t.len();
                    }
                }
                Edit { file: file_id, span: s, replacement: String::new() }
            };
            out.report(meta, file_id, *span, message)
                .help("remove the suppression")
                .fix(Fix::safe(format!("Remove the suppression of `{id}`"), vec![edit]));
        }
    }
}
