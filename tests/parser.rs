//! The properties reader: every syntax form of java.util.Properties, spans across continuations,
//! and a differential check against the `java-properties` crate on every fixture and on the
//! field corpus (when ../shared is present).

use kafkalint::properties::{parse, IssueKind};
use std::path::{Path, PathBuf};

#[test]
fn syntax_forms() {
    let text = "\u{feff}# comment\n! bang comment\n\n  a = 1\nb:2\nc 3\nd\t=\t4\ne\\ key=5\nf=x\\\n   y\\\r\n\tz\rg=\\u0041\\t\\n\\\\\nh\n";
    let d = parse(text);
    let kv: Vec<(&str, &str)> = d.entries.iter().map(|e| (e.key.as_str(), e.value.as_str())).collect();
    assert_eq!(kv, vec![("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"), ("e key", "5"), ("f", "xyz"), ("g", "A\t\n\\"), ("h", "")]);
    assert_eq!(d.comments.len(), 2);
    // Spans point at the exact source text, across continuation lines.
    let f = &d.entries[5];
    assert_eq!(&text[f.key_span.range()], "f");
    assert_eq!(&text[f.value_span.range()], "x\\\n   y\\\r\n\tz");
    assert_eq!(f.pieces.len(), 3);
    let a = &d.entries[0];
    assert_eq!(&text[a.span.range()], "a = 1");
}

#[test]
fn continuation_rules() {
    // An even number of backslashes is no continuation; a comment line never continues.
    let d = parse("a=x\\\\\nb=y\n# c \\\nd=z\n");
    let kv: Vec<(&str, &str)> = d.entries.iter().map(|e| (e.key.as_str(), e.value.as_str())).collect();
    assert_eq!(kv, vec![("a", "x\\"), ("b", "y"), ("d", "z")]);
    // A continuation line starting with # is content, not a comment.
    let d = parse("a=1,\\\n#2\n");
    assert_eq!(d.entries[0].value, "1,#2");
    // Unterminated continuation at the end of the file.
    let d = parse("a=1,\\");
    assert_eq!(d.entries[0].value, "1,");
    assert_eq!(d.issues[0].kind, IssueKind::ContinuationAtEof);
    // A blank line after a continuation ends the value.
    let d = parse("a=1\\\n\nb=2\n");
    assert_eq!(d.entries[0].value, "1");
    assert_eq!(d.entries[1].key, "b");
}

#[test]
fn bad_escapes_are_issues_not_panics() {
    for text in ["a=\\u", "a=\\u12", "a=\\uZZZZ", "a=\\u00e", "\\", "a\\", "=\\", "a=\\x\\y\\z"] {
        let d = parse(text);
        assert!(!d.entries.is_empty() || text == "\\", "{text:?}");
    }
    assert_eq!(parse("a=\\u12").issues[0].kind, IssueKind::MalformedUnicodeEscape);
}

fn java_properties(text: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut reader = java_properties::PropertiesIter::new_with_encoding(text.as_bytes(), encoding_rs::UTF_8);
    let r = reader.read_into(|k, v| out.push((k, v)));
    r.ok().map(|_| out)
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let roots = [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/field-corpus/properties"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
    ];
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "properties") {
                out.push(p);
            }
        }
    }
    for r in roots {
        walk(&r, &mut files);
    }
    files.sort();
    files
}

#[test]
fn agrees_with_java_properties_crate() {
    let files = corpus_files();
    assert!(files.len() > 10);
    let mut compared = 0;
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else { continue }; // Latin-1 fixtures are read elsewhere
        let ours: Vec<(String, String)> = parse(&text).entries.into_iter().map(|e| (e.key, e.value)).collect();
        let stripped = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let Some(theirs) = java_properties(stripped) else { continue }; // that crate rejects bad \u escapes
        if parse(&text).issues.iter().any(|i| i.kind == IssueKind::MalformedUnicodeEscape) {
            continue;
        }
        assert_eq!(ours, theirs, "{}", f.display());
        compared += 1;
    }
    assert!(compared > 10, "compared {compared} files");
}

/// Through the command line: a surrogate pair is one character (no finding about it), and a
/// `!\u` comment after a line of only a backslash is a comment, not a malformed escape that
/// would make Kafka load nothing (Java 9+ reads it as a comment).
#[test]
fn java_9_comment_after_a_backslash_line_and_surrogate_pairs() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("producer.properties"), "client.id=app-\\uD83D\\uDE00\n\\\n!\\u not an escape\nacks=all\n").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .current_dir(d.path())
        .args(["check", "producer.properties", "--isolated", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(!rules.iter().any(|r| r.starts_with("syntax/")), "{rules:?}");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .current_dir(d.path())
        .args(["effective", "producer.properties", "--isolated", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let client = v["keys"].as_array().unwrap().iter().find(|k| k["key"] == "client.id").unwrap();
    assert_eq!(client["value"], "app-\u{1F600}");
}
