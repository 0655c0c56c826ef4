//! Secrets never reach any output: values of password-type keys and credentials inside
//! `sasl.jaas.config` are found once per file, as spans, and every renderer reads the redacted view.

use crate::knowledge::{self, Type};
use crate::model::LintFile;
use crate::properties;
use crate::source::Span;

pub const MASK: &str = "***";

/// Whether a key's value is a secret: a `password`-type key of any kind in the knowledge base, or
/// a key whose name says so.
pub fn is_secret_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    if lower.ends_with("password")
        || lower.ends_with("secret")
        || lower.ends_with("token")
        || lower.ends_with("basic.auth.user.info")
        || lower.ends_with("credentials")
    {
        return true;
    }
    if is_jaas_key(key) {
        return false;
    }
    // The key itself, or a prefixed form (`producer.ssl.keystore.key`, `listener.name.x.ssl.keystore.key`).
    let set = password_keys();
    set.contains(key) || key.match_indices('.').any(|(i, _)| set.contains(&key[i + 1..]))
}

/// Names of `password`-type keys of every kind, computed once.
fn password_keys() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        knowledge::KINDS.iter().flat_map(|k| k.keys.iter()).filter(|d| d.ty.iter().any(|t| t.2 == Type::Password)).map(|d| d.name).collect()
    })
}

pub fn is_jaas_key(key: &str) -> bool {
    key == "sasl.jaas.config" || key.ends_with(".sasl.jaas.config")
}

/// Option names inside a JAAS config whose values are credentials.
fn is_secret_option(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    let last = l.rsplit('.').next().unwrap_or(&l);
    ["password", "secret", "credential", "apikey", "api_key"].iter().any(|w| last.contains(w)) || last.ends_with("token")
}

/// Byte ranges (in the decoded value) of credential values inside a JAAS config string:
/// `name="value"` or `name=value` options whose name says credential.
pub fn jaas_secret_ranges(value: &str) -> Vec<(usize, usize)> {
    let b = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            // The option name before '='.
            let mut s = i;
            while s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_' || b[s - 1] == b'.' || b[s - 1] == b'-') {
                s -= 1;
            }
            let name = &value[s..i];
            let mut j = i + 1;
            while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                j += 1;
            }
            let (vs, ve, next) = if j < b.len() && b[j] == b'"' {
                let mut k = j + 1;
                while k < b.len() && b[k] != b'"' {
                    if b[k] == b'\\' {
                        k += 1;
                    }
                    k += 1;
                }
                (j + 1, k.min(b.len()), k + 1)
            } else {
                let mut k = j;
                while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b';' {
                    k += 1;
                }
                (j, k, k)
            };
            if is_secret_option(name) && ve > vs {
                out.push((vs, ve));
            }
            i = next.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// The source spans to hide in a file.
pub fn secret_spans(file: &LintFile) -> Vec<Span> {
    let mut spans = Vec::new();
    for e in &file.doc.entries {
        if e.value_span.is_empty() {
            continue;
        }
        if is_jaas_key(&e.key) {
            for (s, t) in jaas_secret_ranges(&e.value) {
                spans.push(properties::value_subspan(&file.source.text, e, s, t));
            }
        } else if is_secret_key(&e.key) {
            spans.push(e.value_span);
        }
    }
    spans.sort();
    spans.dedup();
    spans
}

/// The secret strings of a file (decoded values), to scrub from messages.
pub fn secret_values(file: &LintFile, spans: &[Span]) -> Vec<String> {
    let mut out = Vec::new();
    for e in &file.doc.entries {
        if is_jaas_key(&e.key) {
            for (s, t) in jaas_secret_ranges(&e.value) {
                out.push(e.value[s..t].to_string());
            }
        } else if is_secret_key(&e.key) && !e.value.trim().is_empty() {
            out.push(e.value.trim().to_string());
        }
    }
    for s in spans {
        out.push(file.source.text[s.range()].to_string());
    }
    out.retain(|s| s.chars().count() >= 3);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// A file's text with secrets replaced by [`MASK`], and the offset map back to the original.
#[derive(Debug, Clone)]
pub struct Redacted {
    pub text: String,
    /// (original span, span in `text`), sorted.
    pieces: Vec<(Span, Span)>,
}

impl Redacted {
    pub fn new(text: &str, spans: &[Span]) -> Redacted {
        let mut out = String::with_capacity(text.len());
        let mut pieces = Vec::new();
        let mut pos = 0;
        for s in spans {
            if s.start < pos {
                continue;
            }
            out.push_str(&text[pos..s.start]);
            let ns = out.len();
            out.push_str(MASK);
            pieces.push((*s, Span::new(ns, out.len())));
            pos = s.end;
        }
        out.push_str(&text[pos..]);
        Redacted { text: out, pieces }
    }

    /// Maps an original offset to the redacted text (an offset inside a secret maps to its mask).
    pub fn offset(&self, orig: usize, is_end: bool) -> usize {
        let mut delta: isize = 0;
        for (o, n) in &self.pieces {
            if orig <= o.start {
                break;
            }
            if orig < o.end || (orig == o.end && is_end && orig > o.start) {
                return if is_end { n.end } else { n.start };
            }
            delta += n.len() as isize - o.len() as isize;
        }
        (orig as isize + delta) as usize
    }

    pub fn span(&self, s: Span) -> Span {
        let a = self.offset(s.start, false);
        let b = self.offset(s.end, true).max(a);
        Span::new(a, b)
    }

    pub fn is_identity(&self) -> bool {
        self.pieces.is_empty()
    }
}

fn scrub_all(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), MASK);
        }
    }
    out
}

/// Masks secret values in a message. Key names in backticks stay readable (a password
/// `password` must not turn `spring.datasource.password` into `spring.datasource.***`);
/// in a backticked `key=value`, only the value is scrubbed.
pub fn scrub(text: &str, secrets: &[String], keys: &std::collections::HashSet<&str>) -> String {
    if !secrets.iter().any(|s| text.contains(s.as_str())) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            let is_key = |k: &str| keys.contains(k) || knowledge::KINDS.iter().any(|t| t.get(k).is_some());
            if is_key(part) {
                out.push_str(part);
                continue;
            }
            if let Some((k, v)) = part.split_once('=') {
                if is_key(k) {
                    out.push_str(k);
                    out.push('=');
                    out.push_str(&scrub_all(v, secrets));
                    continue;
                }
            }
        }
        out.push_str(&scrub_all(part, secrets));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaas_credentials() {
        let v = r#"org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="s3cr3t";"#;
        let r = jaas_secret_ranges(v);
        assert_eq!(r.len(), 1);
        assert_eq!(&v[r[0].0..r[0].1], "s3cr3t");
        let v = "x required clientSecret=abc oauth.token.endpoint.uri=\"http://x\";";
        let r: Vec<&str> = jaas_secret_ranges(v).iter().map(|&(a, b)| &v[a..b]).collect();
        assert_eq!(r, vec!["abc"]);
    }

    #[test]
    fn scrub_keeps_key_names() {
        let keys: std::collections::HashSet<&str> = ["spring.datasource.password", "ssl.key.password"].into_iter().collect();
        let secrets = vec!["password".to_string()];
        assert_eq!(scrub("`spring.datasource.password` is unknown", &secrets, &keys), "`spring.datasource.password` is unknown");
        assert_eq!(scrub("`ssl.key.password=password` is odd; password", &secrets, &keys), "`ssl.key.password=***` is odd; ***");
    }

    #[test]
    fn redacted_offsets() {
        let r = Redacted::new("a=secretvalue\nb=1", &[Span::new(2, 13)]);
        assert_eq!(r.text, "a=***\nb=1");
        assert_eq!(r.offset(14, false), 6);
        assert_eq!(r.span(Span::new(2, 13)), Span::new(2, 5));
        assert_eq!(r.span(Span::new(0, 1)), Span::new(0, 1));
    }
}
