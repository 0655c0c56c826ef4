//! docs/rules.md is generated from the rules' metadata; this test fails when it drifts
//! (`KAFKALINT_BLESS=1 cargo test --test docs` rewrites it). Every rule's docs have the same
//! headings, and their examples run: each `properties,expect_diagnostic` block fires the rule,
//! each "Use instead" block does not.

use kafkalint::lint::{lint, Input, Settings};
use kafkalint::rules::RULES;

const HEADINGS: [&str; 7] = ["What it does", "Why it fails in production", "Example", "Use instead", "Fix", "Versions", "Source"];

#[test]
fn rules_md_is_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let want = kafkalint::explain::rules_markdown();
    if std::env::var_os("KAFKALINT_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "docs/rules.md is stale: run `KAFKALINT_BLESS=1 cargo test --test docs`");
}

#[test]
fn every_rule_is_documented_the_same_way() {
    let mut ids = std::collections::HashSet::new();
    for r in RULES.iter() {
        let m = r.meta();
        assert!(ids.insert(m.id), "duplicate id {}", m.id);
        let (family, name) = m.id.split_once('/').expect("family/name");
        // The id is `<family>/<file stem in kebab-case>` of the file that declares it.
        let expected = format!("src/rules/{family}/{}.rs", name.replace('-', "_"));
        assert!(m.location.starts_with(&expected), "{} is declared in {}, expected {expected}", m.id, m.location);
        for h in HEADINGS {
            assert!(m.section(h).is_some_and(|s| !s.is_empty()), "{} lacks the docs heading `## {h}`", m.id);
        }
        assert!(!m.source.is_empty() && !m.summary.is_empty(), "{} lacks a source or summary", m.id);
        assert!(!m.summary.ends_with('.'), "{}: summaries end without a period", m.id);
    }
}

fn lint_one(text: &str, id: &str, info: &str) -> usize {
    let release = info.split(',').find_map(|p| p.strip_prefix("kafka-version=")).map(|v| kafkalint::version::Release::parse(v).unwrap());
    // `client=LIB@VERSION` in the fence declares the client library the example is written for.
    let client = info.split(',').find_map(|p| p.strip_prefix("client=")).map(str::to_string);
    let input = Input { path: "example.properties".into(), bytes: text.as_bytes().to_vec() };
    // Suppressions are judged against the rules that ran: run them all for that rule.
    let select = (id != "kafkalint/unused-suppression").then(|| vec![id.to_string()]);
    let report = lint(vec![input], &Settings { isolated: true, select, release, client, ..Default::default() }).unwrap();
    report.diagnostics.iter().filter(|d| d.rule.id == id).count()
}

/// The role a rule's examples are linted as (a directive is prepended unless the example has one).
fn with_role(meta: &kafkalint::rules::RuleMeta, text: &str) -> String {
    match meta.roles().first() {
        Some(role) if !text.contains("kafkalint: role=") => format!("# kafkalint: role={role}\n{text}"),
        _ => text.to_string(),
    }
}

#[test]
fn doc_examples_run() {
    for r in RULES.iter() {
        let m = r.meta();
        if m.scope == kafkalint::rules::Scope::Deployment {
            continue; // cross-file examples are covered by the fixture folders
        }
        let bad = m.section("Example").unwrap_or_default();
        if bad.contains("```properties,expect_diagnostic") {
            let (info, text) = m.example_with_info("Example").expect("an example block");
            assert!(lint_one(&with_role(m, &text), m.id, &info) > 0, "{}: the Example does not fire the rule:\n{text}", m.id);
        }
        if let Some((info, good)) = m.example_with_info("Use instead") {
            assert_eq!(lint_one(&with_role(m, &good), m.id, &info), 0, "{}: the 'Use instead' example fires the rule:\n{good}", m.id);
        }
    }
}
