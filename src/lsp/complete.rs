//! Completion: key names for the file's role and target Kafka version (the knowledge tables of
//! `role.kinds()`), and, after the separator, the values a key's validator accepts.

use super::convert::{range, Analysis};
use super::hover::{default_text, key_info, key_markdown};
use crate::knowledge::{self, Importance, KeyDef, Type, Validator};
use crate::model::Role;
use crate::properties::Entry;
use crate::source::Span;
use crate::version::Release;
use lsp_types as lsp;
use std::collections::HashSet;

/// Whether `needle`'s characters appear in order in `hay` (ASCII case-insensitive): a superset of
/// what editors' fuzzy filters keep, so the client can go on filtering the list as the user types.
fn subsequence(needle: &str, hay: &str) -> bool {
    let mut it = hay.chars().map(|c| c.to_ascii_lowercase());
    needle.chars().map(|c| c.to_ascii_lowercase()).all(|n| it.any(|h| h == n))
}

fn kinds_for(role: Option<Role>) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = match role {
        Some(r) => r.kinds().to_vec(),
        None => Role::ALL.iter().flat_map(|r| r.kinds().iter().copied()).collect(),
    };
    let mut seen = HashSet::new();
    v.retain(|k| seen.insert(*k));
    v
}

fn detail(def: &KeyDef, release: Release) -> String {
    let ty = def.ty_in(release).map_or("?", Type::name);
    format!("{ty}, default {}", default_text(def.default_in(release)).replace('`', ""))
}

fn key_items(role: Option<Role>, release: Release, typed: &str, replace: lsp::Range, set: &HashSet<&str>) -> Vec<lsp::CompletionItem> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut items = Vec::new();
    for kind in kinds_for(role) {
        let Some(table) = knowledge::kind(kind) else { continue };
        for def in table.keys {
            if !def.exists_in(release) || set.contains(def.name) || !subsequence(typed, def.name) || !seen.insert(def.name) {
                continue;
            }
            let deprecated = def.deprecated_in(release);
            let rank = match def.importance_in(release) {
                _ if deprecated => 3,
                Some(Importance::High) => 0,
                Some(Importance::Medium) => 1,
                _ => 2,
            };
            items.push(lsp::CompletionItem {
                label: def.name.to_string(),
                kind: Some(lsp::CompletionItemKind::PROPERTY),
                detail: Some(detail(def, release)),
                documentation: Some(lsp::Documentation::MarkupContent(lsp::MarkupContent {
                    kind: lsp::MarkupKind::Markdown,
                    value: key_markdown(def.name, def, table.kind, "", release),
                })),
                tags: deprecated.then(|| vec![lsp::CompletionItemTag::DEPRECATED]),
                sort_text: Some(format!("{rank}{}", def.name)),
                filter_text: Some(def.name.to_string()),
                text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit { range: replace, new_text: def.name.to_string() })),
                ..Default::default()
            });
        }
    }
    items
}

fn values_of(def: &KeyDef, release: Release) -> Vec<&'static str> {
    if def.ty_in(release) == Some(Type::Boolean) {
        return vec!["true", "false"];
    }
    match def.valid_in(release).and_then(|v| v.validator) {
        Some(
            Validator::OneOf(vals)
            | Validator::OneOfCaseInsensitive(vals)
            | Validator::EachOneOf(vals)
            | Validator::OneOfOrByDuration(vals)
            | Validator::KafkaVersion(vals),
        ) => vals.iter().copied().filter(|v| *v != "null").collect(),
        _ => Vec::new(),
    }
}

fn value_items(role: Option<Role>, release: Release, entry: &Entry, replace: lsp::Range) -> Vec<lsp::CompletionItem> {
    let Some(info) = key_info(role, &entry.key, release) else { return Vec::new() };
    let default = match info.def.default_in(release) {
        Some(knowledge::DefaultVal::Value(v)) => Some(v),
        _ => None,
    };
    values_of(info.def, release)
        .into_iter()
        .enumerate()
        .map(|(i, v)| lsp::CompletionItem {
            label: v.to_string(),
            kind: Some(lsp::CompletionItemKind::VALUE),
            detail: (default == Some(v)).then(|| format!("default in Kafka {release}")),
            sort_text: Some(format!("{i:04}")),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit { range: replace, new_text: v.to_string() })),
            ..Default::default()
        })
        .collect()
}

pub fn complete(analysis: &Analysis, pos: lsp::Position) -> Option<lsp::CompletionResponse> {
    let first = &analysis.report.files.first()?.file;
    let offset = first.source.offset_of_lsp(pos.line, pos.character);
    let file = super::unit_at(&analysis.report, offset).unwrap_or(first);
    let source = &file.source;
    let line_start = source.offset_of_lsp(pos.line, 0);
    let before = source.text.get(line_start..offset)?;
    if before.trim_start().starts_with('#') || before.trim_start().starts_with('!') {
        return None;
    }
    let entry = file.doc.entries.iter().find(|e| e.span.start <= offset && offset <= e.span.end);
    let items = match entry {
        Some(e) if offset > e.key_span.end => {
            if offset < e.value_span.start {
                return None;
            }
            let replace = range(source, Span::new(e.value_span.start, offset));
            value_items(file.role, file.release, e, replace)
        }
        _ => {
            let start = entry.map_or(offset, |e| e.key_span.start.min(offset));
            let typed = source.text.get(start..offset).unwrap_or("");
            let set: HashSet<&str> =
                file.doc.entries.iter().filter(|x| entry.is_none_or(|e| e.span != x.span)).map(|x| x.key.as_str()).collect();
            // A name typed in a unit's own convention (`KAFKA_NUM_PART`) is matched as the key it names.
            let naming = file.unit.as_ref().and_then(|u| u.insert.as_ref()).map(|i| &i.naming);
            let typed_key = naming.map_or_else(|| typed.to_string(), |n| n.key_of(typed));
            let mut items = key_items(file.role, file.release, &typed_key, range(source, Span::new(start, offset)), &set);
            // In a unit of another format, keys are written its way (`KAFKA_…` in a compose service).
            if let Some(naming) = naming {
                items.retain_mut(|item| match naming.name(&item.label) {
                    Some(name) => {
                        if let Some(lsp::CompletionTextEdit::Edit(e)) = &mut item.text_edit {
                            e.new_text = name.clone();
                        }
                        item.filter_text = Some(name.clone());
                        item.detail = Some(format!("{} ({})", item.label, item.detail.as_deref().unwrap_or("")));
                        item.label = name;
                        true
                    }
                    None => false,
                });
            }
            items
        }
    };
    Some(lsp::CompletionResponse::List(lsp::CompletionList { is_incomplete: false, items }))
}

#[cfg(test)]
mod tests {
    use super::subsequence;

    #[test]
    fn fuzzy_prefix() {
        assert!(subsequence("sto", "session.timeout.ms"));
        assert!(subsequence("", "acks"));
        assert!(!subsequence("zz", "acks"));
    }
}
