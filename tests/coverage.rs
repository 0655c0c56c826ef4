//! docs/coverage.md is generated from knowledge/coverage.toml (Kafka's start-up checks and the
//! kafkalint rule encoding each). This test fails when the doc drifts
//! (`KAFKALINT_BLESS=1 cargo test --test coverage` rewrites it), when a row names a rule that does
//! not exist, or when a row's status does not match its rule; it prints how many checks are not
//! encoded yet.

use std::path::Path;

struct Row {
    area: String,
    check: String,
    source: String,
    rule: String,
    versions: String,
    status: String,
    note: String,
}

fn rows() -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/coverage.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc: toml_edit::DocumentMut = text.parse().unwrap();
    let checks = doc["check"].as_array_of_tables().expect("[[check]] tables");
    checks
        .iter()
        .map(|t| {
            let s = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
            let req = |k: &str| s(k).unwrap_or_else(|| panic!("a [[check]] lacks `{k}`: {t}"));
            Row {
                area: req("area"),
                check: req("check"),
                source: req("source"),
                rule: req("rule"),
                versions: req("versions"),
                status: req("status"),
                note: s("note").unwrap_or_default(),
            }
        })
        .collect()
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn render(rows: &[Row]) -> String {
    let todo = rows.iter().filter(|r| r.status == "todo").count();
    let partial = rows.iter().filter(|r| r.status == "partial").count();
    let mut out = String::new();
    out.push_str("# Coverage: Kafka's start-up checks\n\n");
    out.push_str("<!-- Generated from knowledge/coverage.toml by `KAFKALINT_BLESS=1 cargo test --test coverage`; do not edit. -->\n\n");
    out.push_str(
        "Each row is a check Kafka itself runs when a broker, client, Streams application, Connect worker or topic is \
         configured, where Kafka's source has it, and the kafkalint rule that reports it before Kafka does. \
         `todo` rows are not encoded yet.\n\n",
    );
    out.push_str(&format!("{} checks: {} encoded, {} in part, {} not yet.\n\n", rows.len(), rows.len() - todo - partial, partial, todo));
    for area in ["broker", "client", "streams", "connect", "topic"] {
        let these: Vec<&Row> = rows.iter().filter(|r| r.area == area).collect();
        if these.is_empty() {
            continue;
        }
        out.push_str(&format!("## {area}\n\n| Kafka check | Source | kafkalint rule | Versions | Status |\n|---|---|---|---|---|\n"));
        for r in these {
            let rule = if r.rule.is_empty() { "—".to_string() } else { format!("`{}`", r.rule) };
            let status = if r.note.is_empty() { r.status.clone() } else { format!("{} ({})", r.status, r.note) };
            out.push_str(&format!("| {} | {} | {} | {} | {} |\n", cell(&r.check), cell(&r.source), rule, cell(&r.versions), cell(&status)));
        }
        out.push('\n');
    }
    out
}

#[test]
fn every_listed_check_names_an_existing_rule_or_says_todo() {
    let rows = rows();
    assert!(!rows.is_empty());
    for r in &rows {
        assert!(["broker", "client", "streams", "connect", "topic"].contains(&r.area.as_str()), "unknown area `{}`", r.area);
        match r.status.as_str() {
            "todo" => assert!(r.rule.is_empty(), "`{}` is todo but names `{}`", r.check, r.rule),
            "done" | "partial" => {
                assert!(kafkalint::rules::by_id(&r.rule).is_some(), "`{}` names no existing rule `{}`", r.check, r.rule);
            }
            other => panic!("`{}`: unknown status `{other}`", r.check),
        }
        if r.status == "partial" {
            assert!(!r.note.is_empty(), "`{}` is partial: say what is missing in `note`", r.check);
        }
    }
    let todo = rows.iter().filter(|r| r.status == "todo").count();
    println!("coverage: {} checks listed, {todo} not encoded yet (status = \"todo\")", rows.len());
}

#[test]
fn coverage_md_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/coverage.md");
    let want = render(&rows());
    if std::env::var_os("KAFKALINT_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "docs/coverage.md is stale: run `KAFKALINT_BLESS=1 cargo test --test coverage`");
}
