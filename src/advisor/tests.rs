//! The catalog against the rest of kafkalint: every rule it names exists, every key it reads is a
//! key of the role it is read for, every symptom the issue lists is there.

use super::catalog::{self, Likely};
use crate::knowledge;
use crate::model::{lookup, Role};
use crate::version::Release;

fn known_for(role: Option<Role>, key: &str) -> bool {
    let newest = Release::newest();
    match role {
        Some(r) => lookup(r, key, newest).is_some(),
        None => knowledge::KINDS.iter().any(|k| k.get(key).is_some()),
    }
}

#[test]
fn the_catalog_loads_and_names_only_what_exists() {
    let c = catalog::get().expect("knowledge/symptoms.toml parses");
    let mut problems = Vec::new();
    for cause in &c.causes {
        for r in &cause.rules {
            if crate::rules::by_id(r).is_none() {
                problems.push(format!("cause `{}`: no rule `{r}`", cause.id));
            }
        }
        for k in &cause.keys {
            let librdkafka = knowledge::client_lib("librdkafka").is_some_and(|l| l.get(k).is_some());
            if !known_for(None, k) && knowledge::alias(k).is_none() && !librdkafka {
                problems.push(format!("cause `{}`: no key `{k}`", cause.id));
            }
        }
        for l in &cause.likely {
            if let Likely::Values { role, when } = l {
                for cond in when {
                    if !known_for(*role, &cond.key) {
                        problems.push(format!("cause `{}`: `{}` is not a key of role {role:?}", cause.id, cond.key));
                    }
                }
            }
        }
        if cause.source.trim().is_empty() || cause.why.len() < 40 {
            problems.push(format!("cause `{}`: needs a source and a why", cause.id));
        }
    }
    for s in &c.symptoms {
        for p in &s.patterns {
            if p.source.trim().is_empty() {
                problems.push(format!("symptom `{}`: pattern `{}` has no source", s.id, p.text));
            }
        }
    }
    for c2 in &c.causes {
        if !c.symptoms.iter().any(|s| s.causes.iter().any(|&i| c.causes[i].id == c2.id)) {
            problems.push(format!("cause `{}` belongs to no symptom", c2.id));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_symptom_the_issue_names_is_there() {
    let c = catalog::get().unwrap();
    for id in [
        "no-messages",
        "rebalance-loop",
        "duplicates",
        "data-loss",
        "slow-producer",
        "lag-growing",
        "cannot-connect",
        "metadata-timeout",
        "hostname-unresolvable",
        "network-exception",
        "leader-election",
        "not-enough-replicas",
        "out-of-memory",
        "disk-full",
        "offset-out-of-range",
        "serialization",
        "authentication-failed",
        "not-authorized",
        "unsupported-version",
        "commit-failed",
        "record-too-large",
        "producer-fenced",
        "zookeeper-session-expired",
        "kraft-no-leader",
        "config-rejected",
        "config-unused",
        "idempotence-disabled",
    ] {
        assert!(c.symptom(id).is_some(), "symptom `{id}` is missing");
    }
    // Exception names lead to their symptoms (kafkalint explain).
    let named = |n: &str| c.symptoms_named(n).iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(named("CommitFailedException"), vec!["commit-failed"]);
    assert!(named("RebalanceInProgressException").contains(&"commit-failed".to_string()));
    assert_eq!(named("NotEnoughReplicasException"), vec!["not-enough-replicas"]);
    assert!(named("abc").is_empty());
    assert!(c.symptoms_for_key("max.poll.interval.ms").iter().any(|s| s.id == "commit-failed"));
}

#[test]
fn hover_on_a_key_lists_its_symptoms() {
    use crate::lint::{lint, Input, Settings};
    let text = "client.id=c\ngroup.id=g\nmax.poll.interval.ms=600000\n";
    let settings = Settings { isolated: true, ..Settings::default() };
    let report = lint(vec![Input { path: "consumer.properties".into(), bytes: text.as_bytes().to_vec() }], &settings).unwrap();
    let uri = lsp_types::Url::parse("file:///tmp/consumer.properties").unwrap();
    let analysis = crate::lsp::convert::Analysis::new(&uri, 1, report);
    let hover = crate::lsp::hover::hover(&analysis, lsp_types::Position { line: 2, character: 3 }).expect("a hover");
    let lsp_types::HoverContents::Markup(m) = hover.contents else { panic!("markdown expected") };
    assert!(m.value.contains("**Symptoms it can cause**"), "{}", m.value);
    assert!(m.value.contains("- `commit-failed`: "), "{}", m.value);
    assert!(m.value.contains("- `rebalance-loop`: "), "{}", m.value);
    // A key no cause reads: no such section.
    let hover = crate::lsp::hover::hover(&analysis, lsp_types::Position { line: 0, character: 2 }).expect("a hover");
    let lsp_types::HoverContents::Markup(m) = hover.contents else { panic!("markdown expected") };
    assert!(m.value.contains("client.id"), "{}", m.value);
    assert!(!m.value.contains("Symptoms it can cause"), "{}", m.value);
}

#[test]
fn conditions_read_effective_values() {
    use super::catalog::parse_condition;
    use crate::lint::{lint, Input, Settings};
    let text = "group.id=g\nmax.poll.records=500\nauto.offset.reset=${RESET}\nclient.rack=Rack-A\n";
    let settings = Settings { isolated: true, ..Settings::default() };
    let report = lint(vec![Input { path: "consumer.properties".into(), bytes: text.as_bytes().to_vec() }], &settings).unwrap();
    let f = &report.files[0].file;
    let holds = |c: &str| super::holds(f, &parse_condition(c).unwrap());
    assert!(holds("max.poll.interval.ms is default"));
    assert!(!holds("max.poll.records is default"));
    assert!(holds("max.poll.records is set"));
    assert!(holds("max.poll.records >= 500") && !holds("max.poll.records > 500") && holds("max.poll.records <= 500"));
    assert!(holds("group.instance.id is unset"));
    // A placeholder is resolved elsewhere: no comparison holds on it.
    assert!(!holds("auto.offset.reset == latest") && !holds("auto.offset.reset != latest"));
    assert!(holds("client.rack contains rack-a") && holds("client.rack == rack-a"));
    assert!(!holds("no.such.key == x") && !holds("no.such.key is default"));
}

/// Whether a pattern needs a Unicode table other than the Perl classes' (`\s`, `\d`, `\w`): a
/// case-insensitive flag (`(?i)`, `(?si:…)`) or a property class (`\p{…}`, `\pL`). kafkalint's
/// `regex` has the Perl classes' tables only (Cargo.toml), so such a pattern fails to compile in the
/// release build, though it compiles in the tests (whose dev-dependencies turn every table on).
fn needs_more_unicode(pattern: &str) -> bool {
    let b = pattern.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                if matches!(b.get(i + 1), Some(b'p' | b'P')) {
                    return true;
                }
                i += 2;
            }
            b'(' if b.get(i + 1) == Some(&b'?') => {
                let flags = b[i + 2..].iter().take_while(|&&c| c != b')' && c != b':' && c != b'-');
                if flags.clone().any(|&c| c == b'i') {
                    return true;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    false
}

#[test]
fn what_needs_more_unicode_is_told() {
    for p in ["(?i)zookeeper", "a(?si:b)", "(?i-u)x", "\\pL", "x\\p{Greek}", "[\\P{L}]"] {
        assert!(needs_more_unicode(p), "{p}");
    }
    for p in ["\\S+ \\d+", "(?s:.*)", "(?-i)a", "\\\\p", "[Kk\\x{212A}]", "(?P<name>x)", "(?:i)"] {
        assert!(!needs_more_unicode(p), "{p}");
    }
}

#[test]
fn catalog_patterns_need_only_the_perl_classes_tables() {
    let c = catalog::get().expect("knowledge/symptoms.toml parses");
    let too_much: Vec<&str> = c
        .symptoms
        .iter()
        .flat_map(|s| &s.patterns)
        .filter_map(|p| p.regex.as_ref().map(regex::Regex::as_str))
        .filter(|r| needs_more_unicode(r))
        .collect();
    assert!(too_much.is_empty(), "patterns the release build cannot compile: {too_much:?}");
}

/// The ZooKeeper pattern written out matches the characters `(?i)zookeeper` matches (every
/// character that has a case mapping to or from an ASCII letter, and the letters' neighbours).
#[test]
fn the_written_out_zookeeper_pattern_is_the_case_insensitive_one() {
    let written = regex::Regex::new("^[Zz][Oo][Oo][Kk\\x{212A}][Ee][Ee][Pp][Ee][Rr]$").expect("compiles");
    let folded = regex::Regex::new("^(?i)zookeeper$").expect("compiles in the tests");
    let c = catalog::get().expect("catalog");
    let in_catalog = c
        .symptoms
        .iter()
        .flat_map(|s| &s.patterns)
        .filter_map(|p| p.regex.as_ref())
        .any(|r| format!("^{}$", r.as_str()) == written.as_str());
    assert!(in_catalog, "the catalog's pattern is the one tested");
    let ascii_case = |c: char| c.to_lowercase().chain(c.to_uppercase()).any(|x| x.is_ascii_alphabetic()) || c.is_ascii();
    let candidates: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| ascii_case(c)).collect();
    assert!(candidates.contains(&'\u{212A}') && candidates.contains(&'\u{17F}'));
    for (i, _) in "zookeeper".char_indices() {
        for &c in &candidates {
            let mut s = String::from("zookeeper");
            s.replace_range(i..i + 1, c.encode_utf8(&mut [0; 4]));
            assert_eq!(written.is_match(&s), folded.is_match(&s), "{s:?}");
        }
    }
}
