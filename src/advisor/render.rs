//! `diagnose` output: human text and the JSON contract. Matched log lines are scrubbed of
//! credentials (secret settings printed in the log, JAAS options, URL passwords, and every secret
//! value of the configuration files read) before they are shown.

use super::catalog::Catalog;
use super::{Confidence, Diagnosis, Evidence, RankedCause};
use crate::redact;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::OnceLock;

/// `name = value`, `name: value`, `name=value` where the name may be a secret setting.
fn setting_re() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r#"([A-Za-z0-9_.\-]+)(\s*[=:]\s*)("[^"]*"|'[^']*'|\[[^\]]*\]|[^\s,;}\])]+)"#).expect("valid regex"))
}

/// `scheme://user:password@host`.
fn userinfo_re() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"://([^/\s:@]+):([^/\s@]+)@").expect("valid regex"))
}

fn secret_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    redact::is_secret_key(name)
        || ["password", "passwd", "secret", "credential", "apikey", "api_key", "api.key"].iter().any(|w| l.contains(w))
        || l.ends_with("token")
}

/// A log line with credentials masked.
pub fn redact_line(text: &str, secrets: &[String], keys: &HashSet<&str>) -> String {
    let mut s = setting_re()
        .replace_all(text, |c: &regex::Captures<'_>| {
            let v = &c[3];
            if secret_name(&c[1]) && !matches!(v, "null" | "[hidden]" | "\"\"" | "(redacted)") {
                format!("{}{}{}", &c[1], &c[2], redact::MASK)
            } else {
                c[0].to_string()
            }
        })
        .into_owned();
    s = userinfo_re().replace_all(&s, format!("://$1:{}@", redact::MASK)).into_owned();
    // JAAS options (`… LoginModule required username="u" password="p";`): from each login module
    // name to the `;` that ends its options.
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find("LoginModule") {
        let start = from + i;
        let end = s[start..].find(';').map_or(s.len(), |j| start + j + 1);
        ranges.extend(redact::jaas_secret_ranges(&s[start..end]).into_iter().map(|(a, b)| (a + start, b + start)));
        from = end;
    }
    if !ranges.is_empty() {
        ranges.sort();
        let mut out = String::with_capacity(s.len());
        let mut pos = 0;
        for (a, b) in ranges {
            if a < pos || !s.is_char_boundary(a) || !s.is_char_boundary(b) {
                continue;
            }
            out.push_str(&s[pos..a]);
            out.push_str(redact::MASK);
            pos = b;
        }
        out.push_str(&s[pos..]);
        s = out;
    }
    redact::scrub(&s, secrets, keys)
}

struct Scrubber<'a> {
    secrets: Vec<String>,
    keys: HashSet<&'a str>,
}

impl<'a> Scrubber<'a> {
    fn new(d: &'a Diagnosis) -> Scrubber<'a> {
        let mut secrets: Vec<String> = d.report.files.iter().flat_map(|f| f.secrets.iter().cloned()).collect();
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        let keys = d.report.files.iter().flat_map(|f| f.file.doc.entries.iter().map(|e| e.key.as_str())).collect();
        Scrubber { secrets, keys }
    }
    fn line(&self, text: &str) -> String {
        redact_line(text, &self.secrets, &self.keys)
    }
}

fn evidence_text(e: &Evidence) -> String {
    let written = e.written.as_ref().filter(|w| **w != e.key).map(|w| format!(" (written `{w}`)")).unwrap_or_default();
    match (e.line, &e.note) {
        (Some(l), _) => format!("`{}={}`{written} set at {}:{l}", e.key, e.value, e.file),
        (None, Some(n)) => format!("{n} (for {})", e.file),
        (None, None) => format!("`{}={}` by default (Kafka {}) in {}", e.key, e.value, e.kafka_version, e.file),
    }
}

/// Words of `text` wrapped at `width` columns; continuation lines indented by `indent` spaces.
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut col = indent;
    for (i, w) in text.split_whitespace().enumerate() {
        let n = w.chars().count();
        if i > 0 && col + 1 + n > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        } else if i > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += n;
    }
    out
}

fn width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w| w >= 40).unwrap_or(100)
}

/// A matched line for the terminal: at most `max` characters.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn human(d: &Diagnosis) -> String {
    let scrub = Scrubber::new(d);
    let mut s = String::new();
    if d.found.is_empty() {
        s.push_str(&format!(
            "No known symptom in {} read. `kafkalint diagnose --list` shows the symptoms kafkalint knows; `--symptom ID` names one.\n",
            plural(d.lines, "line", "lines")
        ));
        return s;
    }
    for (n, f) in d.found.iter().enumerate() {
        if n > 0 {
            s.push('\n');
        }
        let sy = f.symptom;
        s.push_str(&format!("{}: {}\n", sy.id, sy.title));
        if f.seen.count > 0 {
            let when = match (&f.seen.first, &f.seen.last) {
                (Some(a), Some(b)) if a != b => format!(", {a} to {b}"),
                (Some(a), _) => format!(", at {a}"),
                _ => String::new(),
            };
            s.push_str(&format!("  {} matched{when}\n", plural(f.seen.count, "line", "lines")));
            for l in f.seen.lines.iter().take(5) {
                let head = format!("    {}:{}: ", l.source, l.line);
                let room = width().saturating_sub(head.chars().count()).max(40);
                s.push_str(&format!("{head}{}\n", clip(&scrub.line(&l.text), room)));
            }
            if f.seen.count > 5 {
                s.push_str(&format!("    … and {} more (`--format json` lists up to {})\n", f.seen.count - 5, super::scan::KEEP));
            }
        } else {
            s.push_str(&format!("  {}\n", wrap(&sy.summary, 2, width())));
        }
        s.push_str("  Causes, most likely first:\n");
        for (i, c) in f.causes.iter().enumerate() {
            cause_human(&mut s, d, i + 1, c);
        }
    }
    let files = d.report.linted_files();
    s.push_str(&format!(
        "\n{} read from {}; {} checked{}.\n",
        plural(d.lines, "line", "lines"),
        if d.sources.is_empty() { "no text or log".to_string() } else { d.sources.join(", ") },
        plural(files as u64, "configuration file", "configuration files"),
        if files == 0 { " (name them, or run in their directory, to confirm causes)" } else { "" }
    ));
    s
}

fn cause_human(s: &mut String, d: &Diagnosis, rank: usize, c: &RankedCause) {
    let cause = c.cause;
    s.push_str(&format!("  {rank}. [{}] {}\n", c.confidence.as_str(), cause.title));
    s.push_str(&format!("     why: {}\n", wrap(&cause.why, 10, width())));
    for &i in &c.diagnostics {
        let diag = &d.report.diagnostics[i];
        let file = &d.report.files[diag.file()].file;
        let (line, col) = file.source.line_col(diag.primary.span.start);
        let text = format!("found: {}:{line}:{col}: {}[{}] {}", file.source.display_path(), diag.severity, diag.rule.id, diag.message);
        s.push_str(&format!("     {}\n", wrap(&text, 7, width())));
        if let Some(h) = &diag.help {
            s.push_str(&format!("       help: {}\n", wrap(h, 13, width())));
        }
        for fx in &diag.fixes {
            s.push_str(&format!("       fix ({}): {}\n", crate::render::applicability_text(fx.applicability), fx.description));
        }
    }
    if c.confidence == Confidence::Likely {
        for g in &c.evidence {
            let parts: Vec<String> = g.iter().map(evidence_text).collect();
            s.push_str(&format!("     values: {}\n", wrap(&parts.join("; "), 13, width())));
        }
    }
    for k in &cause.checks {
        s.push_str(&format!("     check: {k}\n"));
    }
    s.push_str(&format!("     source: {}\n", cause.source));
}

fn evidence_json(e: &Evidence) -> Value {
    json!({
        "key": e.key,
        "value": e.value,
        "origin": e.origin,
        "file": e.file,
        "line": e.line,
        "written": e.written,
        "note": e.note,
        "kafka_version": e.kafka_version,
        "condition": e.condition,
    })
}

/// The JSON contract (README "Diagnosing a failure").
pub fn value(d: &Diagnosis) -> Value {
    let scrub = Scrubber::new(d);
    let check_json = crate::render::json::value(&d.report);
    let diags = check_json.get("diagnostics").and_then(Value::as_array).cloned().unwrap_or_default();
    let symptoms: Vec<Value> = d
        .found
        .iter()
        .map(|f| {
            let matched: Vec<Value> =
                f.seen.lines.iter().map(|l| json!({"source": l.source, "line": l.line, "text": scrub.line(&l.text)})).collect();
            let causes: Vec<Value> = f
                .causes
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut keys: Vec<String> = c.cause.keys.clone();
                    for g in &c.evidence {
                        for e in g {
                            if !keys.contains(&e.key) {
                                keys.push(e.key.clone());
                            }
                        }
                    }
                    json!({
                        "id": c.cause.id,
                        "rank": i + 1,
                        "confidence": c.confidence.as_str(),
                        "title": c.cause.title,
                        "why": c.cause.why,
                        "keys": keys,
                        "values": c.evidence.iter().map(|g| g.iter().map(evidence_json).collect::<Vec<_>>()).collect::<Vec<_>>(),
                        "rules": c.cause.rules,
                        "diagnostics": c.diagnostics.iter().filter_map(|&i| diags.get(i).cloned()).collect::<Vec<_>>(),
                        "checks": c.cause.checks,
                        "source": c.cause.source,
                    })
                })
                .collect();
            json!({
                "id": f.symptom.id,
                "title": f.symptom.title,
                "summary": f.symptom.summary,
                "count": f.seen.count,
                "matched": matched,
                "first_timestamp": f.seen.first,
                "last_timestamp": f.seen.last,
                "causes": causes,
            })
        })
        .collect();
    json!({
        "tool": "kafkalint",
        "version": env!("CARGO_PKG_VERSION"),
        "kafka_version": d.report.release.name(),
        "lines_read": d.lines,
        "sources": d.sources,
        "files": d.report.files.iter().filter(|f| !f.context).map(|f| f.file.source.display_path()).collect::<Vec<_>>(),
        "symptoms": symptoms,
    })
}

pub fn json(d: &Diagnosis) -> String {
    let mut s = serde_json::to_string_pretty(&value(d)).unwrap_or_default();
    s.push('\n');
    s
}

pub fn list_human(c: &Catalog) -> String {
    let w = c.symptoms.iter().map(|s| s.id.len()).max().unwrap_or(10);
    let mut s = String::new();
    for sy in &c.symptoms {
        s.push_str(&format!("{:<w$}  {}\n", sy.id, sy.title));
    }
    s.push_str(&format!(
        "\n{} symptoms, {} causes. `kafkalint diagnose --symptom ID [PATHS]` ranks a symptom's causes against your files.\n",
        c.symptoms.len(),
        c.causes.len()
    ));
    s
}

pub fn list_json(c: &Catalog) -> String {
    let list: Vec<Value> = c
        .symptoms
        .iter()
        .map(|sy| {
            json!({
                "id": sy.id,
                "title": sy.title,
                "summary": sy.summary,
                "patterns": sy.patterns.iter().map(|p| json!({"client": p.client, "text": p.text, "source": p.source})).collect::<Vec<_>>(),
                "causes": sy.causes.iter().map(|&i| c.causes[i].id.as_str()).collect::<Vec<_>>(),
                "source": sy.source,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({"tool": "kafkalint", "version": env!("CARGO_PKG_VERSION"), "symptoms": list}))
        .unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_lose_their_credentials() {
        let keys = HashSet::new();
        let secrets = vec!["hunter22".to_string()];
        let l = redact_line(
            r#"ssl.truststore.password = changeit sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p4ss"; url=https://bob:pw123@reg:8081 mine hunter22 sasl.password: s3cr3t ssl.key.password = [hidden]"#,
            &secrets,
            &keys,
        );
        for bad in ["changeit", "p4ss", "pw123", "hunter22", "s3cr3t"] {
            assert!(!l.contains(bad), "{bad} in {l}");
        }
        assert!(l.contains("ssl.key.password = [hidden]"), "{l}");
        assert!(l.contains("username=\"u\""), "{l}");
        assert_eq!(redact_line("acks = all, retries = 5", &[], &keys), "acks = all, retries = 5");
    }
}
