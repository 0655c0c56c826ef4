//! `kafkalint rules` and `kafkalint explain`.

use crate::cli::{settings, ExplainArgs, EXIT_OK, EXIT_USAGE};
use crate::knowledge::{self, DefaultVal};
use crate::rules::{self, RuleMeta};
use crate::version::Release;
use serde_json::json;
use std::io::Write;

fn io(e: std::io::Error) -> String {
    e.to_string()
}

pub fn rules(json_out: bool, out: &mut dyn Write) -> Result<(), String> {
    if json_out {
        let list: Vec<_> = rules::RULES
            .iter()
            .map(|r| {
                let m = r.meta();
                json!({"id": m.id, "severity": m.severity.as_str(), "versions": m.versions_text(), "summary": m.summary, "fix": m.fix.as_str(), "enabled": m.enabled, "source": m.source})
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&list).unwrap_or_default()).map_err(io)?;
        return Ok(());
    }
    let w = rules::RULES.iter().map(|r| r.meta().id.len()).max().unwrap_or(10);
    for r in rules::RULES.iter() {
        let m = r.meta();
        let off = if m.enabled { "" } else { " (off by default)" };
        writeln!(out, "{:<w$}  {:<7}  {:<10}  {}{off}", m.id, m.severity.as_str(), m.versions_text(), m.summary).map_err(io)?;
    }
    Ok(())
}

/// The full text of a rule: metadata and docs.
pub fn rule_text(m: &RuleMeta) -> String {
    let mut s = format!("# {}\n\n{}\n\n", m.id, m.summary);
    s.push_str(&format!("- Default severity: {}{}\n", m.severity, if m.enabled { "" } else { " (off unless enabled in kafkalint.toml)" }));
    s.push_str(&format!("- Kafka versions: {}\n", m.versions_text()));
    if !m.reads.is_empty() {
        s.push_str(&format!("- Reads: {}\n", m.reads.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")));
    }
    s.push_str(&format!("- Fix: {}\n- Source: {}\n\n", m.fix.as_str(), m.source));
    s.push_str(m.doc_text().trim());
    s.push('\n');
    s
}

/// Markdown as terminal text: headings without their `#` marks (a blank line above a section),
/// code blocks indented without their fences and fence tags, `**bold**` plain, links as
/// `text (url)`. Inline `code` keeps its backticks: they say where a key or value starts and ends.
pub fn terminal_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut in_code = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let hashes = line.len() - line.trim_start_matches('#').len();
        if hashes > 0 && line[hashes..].starts_with(' ') {
            if hashes > 1 && !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            out.push_str(&inline(line[hashes..].trim()));
            out.push('\n');
            continue;
        }
        out.push_str(&inline(line));
        out.push('\n');
    }
    out
}

fn inline(line: &str) -> String {
    let mut s = line.replace("**", "");
    // [text](url) → text (url)
    while let Some(open) = s.find('[') {
        let Some(mid) = s[open..].find("](").map(|i| open + i) else { break };
        let Some(close) = s[mid..].find(')').map(|i| mid + i) else { break };
        let text = s[open + 1..mid].to_string();
        let url = s[mid + 2..close].to_string();
        s.replace_range(open..=close, &format!("{text} ({url})"));
    }
    s
}

/// A rule by id, old id, or name without its family when one rule has it.
fn find_rule(what: &str) -> Option<&'static dyn rules::Rule> {
    let id = rules::redirect(what).unwrap_or(what);
    rules::by_id(id).or_else(|| {
        let mut tail = rules::RULES.iter().copied().filter(|r| r.meta().id.split_once('/').is_some_and(|(_, t)| t == what));
        let first = tail.next()?;
        tail.next().is_none().then_some(first)
    })
}

/// The known configuration key closest to a misspelt one.
fn closest_key(key: &str) -> Option<&'static str> {
    knowledge::KINDS
        .iter()
        .flat_map(|k| k.keys.iter().map(|d| d.name))
        .map(|n| (strsim::levenshtein(key, n), n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 5))
        .min_by_key(|(d, n)| (*d, *n))
        .map(|(_, n)| n)
}

pub fn explain(args: &ExplainArgs, out: &mut dyn Write) -> Result<i32, String> {
    if let Some(r) = find_rule(&args.what) {
        out.write_all(terminal_text(&rule_text(r.meta())).as_bytes()).map_err(io)?;
        return Ok(EXIT_OK);
    }
    let settings = settings(&args.common)?;
    let key = args.what.as_str();
    let defs: Vec<(&str, &knowledge::KeyDef)> = knowledge::KINDS.iter().filter_map(|k| k.get(key).map(|d| (k.kind, d))).collect();
    let alias = knowledge::alias(key);
    let lib = knowledge::client_lib("librdkafka").and_then(|l| l.get(key).map(|p| (l, p)));
    // An exception name or a symptom id (`CommitFailedException`, `no-messages`): the advisor's.
    if defs.is_empty() && alias.is_none() && lib.is_none() {
        if let Some(text) = crate::advisor::explain_text(key) {
            out.write_all(text.as_bytes()).map_err(io)?;
            return Ok(EXIT_OK);
        }
    }
    if defs.is_empty() && alias.is_none() && lib.is_none() {
        let hint = if key.contains('/') || !key.contains('.') {
            crate::cli::closest_rule(key).or_else(|| closest_key(key).map(str::to_string))
        } else {
            closest_key(key).map(str::to_string).or_else(|| crate::cli::closest_rule(key))
        };
        let hint = hint.map(|h| format!(" (did you mean `{h}`?)")).unwrap_or_default();
        return Err(format!(
            "`{key}` is neither a kafkalint rule nor a Kafka configuration key kafkalint knows{hint}; see `kafkalint rules`"
        ));
    }
    let target = settings.release.unwrap_or_else(Release::newest);
    let mut s = String::new();
    for (kind, d) in defs {
        s.push_str(&key_text(kind, d));
        s.push_str(&in_version(d, target));
        s.push('\n');
    }
    if let Some(a) = alias {
        s.push_str(&format!("# {key} ({} spelling)\n", a.from));
        match a.java {
            Some(j) => s.push_str(&format!(
                "- The Java client's key: `{j}`{}\n",
                if a.same_value { " (same value)" } else { " (the value differs)" }
            )),
            None => s.push_str("- The Java client has no such setting\n"),
        }
        if let Some(n) = a.note {
            s.push_str(&format!("- Note: {n}\n"));
        }
        s.push_str(&format!("- Source: {}\n\n", a.source));
    }
    if let Some((l, p)) = lib {
        s.push_str(&format!("# {key} (librdkafka)\n"));
        let vs: Vec<String> = p
            .versions
            .iter()
            .map(|r| {
                if r.0 == r.1 {
                    l.releases[r.0 as usize].to_string()
                } else {
                    format!("{} to {}", l.releases[r.0 as usize], l.releases[r.1 as usize])
                }
            })
            .collect();
        s.push_str(&format!("- librdkafka releases: {}\n", vs.join(", ")));
        let scope = match p.scope {
            "C" => "consumer",
            "P" => "producer",
            _ => "producer and consumer",
        };
        s.push_str(&format!("- Scope: {scope} ({} property)\n", p.level));
        if let Some(t) = p.ty {
            s.push_str(&format!("- Type: {t}\n"));
        }
        if let Some(d) = p.default {
            s.push_str(&format!("- Default (newest): {d}\n"));
        }
        if let Some(r) = p.range {
            s.push_str(&format!("- Range: {r}\n"));
        }
        if let Some(a) = p.alias_of {
            s.push_str(&format!("- Alias of `{a}`\n"));
        }
        s.push('\n');
    }
    let readers: Vec<&str> = rules::RULES.iter().map(|r| r.meta()).filter(|m| m.reads.contains(&key)).map(|m| m.id).collect();
    if !readers.is_empty() {
        s.push_str(&format!("Rules that read `{key}`: {}\n", readers.join(", ")));
    }
    if let Some(line) = crate::advisor::symptoms_of_key_line(key) {
        s.push_str(&line);
    }
    out.write_all(terminal_text(&s).as_bytes()).map_err(io)?;
    Ok(if s.is_empty() { EXIT_USAGE } else { EXIT_OK })
}

fn span_text(a: u8, b: u8) -> String {
    if a == b {
        Release(a).to_string()
    } else if b as usize == knowledge::RELEASES.len() - 1 {
        format!("{}+", Release(a))
    } else {
        format!("{} to {}", Release(a), Release(b))
    }
}

/// The key's facts in the target version.
fn in_version(d: &knowledge::KeyDef, v: Release) -> String {
    if !d.exists_in(v) {
        return format!("- In Kafka {v}: does not exist\n");
    }
    let ty = d.ty_in(v).map_or("?", |t| t.name());
    let default = match d.default_in(v) {
        Some(DefaultVal::Value("")) => "\"\" (empty)".to_string(),
        Some(DefaultVal::Value(x)) => crate::effective::shown_value(d.name, x),
        Some(DefaultVal::Null) => "null (unset)".into(),
        Some(DefaultVal::Required) | None => "none: required".into(),
    };
    let valid = d.valid_in(v).filter(|x| !x.text.is_empty()).map(|x| format!(", valid {}", x.text)).unwrap_or_default();
    format!("- In Kafka {v}: {ty}, default {default}{valid}\n")
}

/// A key's history across versions.
pub fn key_text(kind: &str, d: &knowledge::KeyDef) -> String {
    let mut s = format!("# {} ({kind})\n", d.name);
    let present: Vec<String> = d.versions.iter().map(|r| span_text(r.0, r.1)).collect();
    s.push_str(&format!("- Added in: {}\n", d.first()));
    s.push_str(&format!("- Exists in: {}\n", present.join(", ")));
    if let Some(r) = d.removed_after() {
        s.push_str(&format!("- Removed in: {r}\n"));
    }
    let types: Vec<String> = d.ty.iter().map(|r| format!("{} ({})", r.2.name(), span_text(r.0, r.1))).collect();
    if !types.is_empty() {
        s.push_str(&format!("- Type: {}\n", types.join(", ")));
    }
    for r in d.default {
        let v = match r.2 {
            DefaultVal::Value("") => "\"\" (empty)".to_string(),
            DefaultVal::Value(v) => crate::effective::shown_value(d.name, v),
            DefaultVal::Null => "null (unset)".into(),
            DefaultVal::Required => "none: required".into(),
        };
        s.push_str(&format!("- Default {}: {v}\n", span_text(r.0, r.1)));
    }
    for r in d.valid {
        s.push_str(&format!("- Valid values {}: {}\n", span_text(r.0, r.1), r.2.text));
    }
    let imp: Vec<String> = d.importance.iter().map(|r| format!("{:?} ({})", r.2, span_text(r.0, r.1)).to_lowercase()).collect();
    if !imp.is_empty() {
        s.push_str(&format!("- Importance: {}\n", imp.join(", ")));
    }
    let upd: Vec<String> = d.update.iter().map(|r| format!("{:?} ({})", r.2, span_text(r.0, r.1))).collect();
    if !upd.is_empty() {
        s.push_str(&format!("- Dynamic update: {}\n", upd.join(", ")));
    }
    if !d.deprecated.is_empty() {
        let dep: Vec<String> = d.deprecated.iter().map(|r| span_text(r.0, r.1)).collect();
        s.push_str(&format!("- Deprecated: {}{}\n", dep.join(", "), d.replaced_by.map(|r| format!("; use `{r}`")).unwrap_or_default()));
    }
    for v in d.deprecated_values {
        s.push_str(&format!(
            "- Value `{}` deprecated from {}{}\n",
            v.value,
            Release(v.from),
            v.removed.map(|r| format!(", removed in {}", Release(r))).unwrap_or_default()
        ));
    }
    if let Some(n) = d.note {
        s.push_str(&format!("- Note: {n}\n"));
    }
    if let Some(src) = d.source {
        s.push_str(&format!("- Source: {src}\n"));
    }
    s
}

/// `docs/rules.md`: the rule reference, generated from the rules' metadata.
pub fn rules_markdown() -> String {
    let mut s = String::from(
        "<!-- @generated by `KAFKALINT_BLESS=1 cargo test --test docs` from the rules' metadata; do not edit. -->\n# kafkalint rules\n\n",
    );
    s.push_str("| Rule | Severity | Kafka versions | Fix | Summary |\n|---|---|---|---|---|\n");
    for r in rules::RULES.iter() {
        let m = r.meta();
        let anchor = m.id.replace('/', "");
        let off = if m.enabled { "" } else { " (off by default)" };
        s.push_str(&format!(
            "| [`{}`](#{anchor}) | {}{off} | {} | {} | {} |\n",
            m.id,
            m.severity,
            m.versions_text(),
            m.fix.as_str(),
            m.summary.replace('|', "\\|")
        ));
    }
    for r in rules::RULES.iter() {
        s.push('\n');
        let text = rule_text(r.meta());
        // Rule headings one level down inside the reference.
        let text = text.replacen("# ", "## ", 1).replace("\n## ", "\n### ");
        s.push_str(&text);
    }
    s
}
