//! Every `.properties` file of the field corpus (../shared/field-corpus, present in CI) is linted
//! as a user would: no panic, exit code 0 or 1, valid JSON; no `schema/unknown-key` for a key Kafka
//! documents for the file's role in some release; and every error and warning reported is
//! snapshotted with a count per rule, so each one is reviewed (precision: each must be one a Kafka
//! expert agrees with).

use kafkalint::model::{lookup, Role};
use kafkalint::version::Release;
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/field-corpus");
    p.join("manifest.json").exists().then_some(p)
}

fn roles_of(kind: &str) -> Vec<Role> {
    match kind {
        "broker" | "controller" => vec![Role::Broker],
        "producer" => vec![Role::Producer],
        "consumer" => vec![Role::Consumer],
        "admin" => vec![Role::Admin],
        "connect-worker" => vec![Role::ConnectWorker],
        "streams" => vec![Role::Streams],
        "client" => vec![Role::Producer, Role::Consumer, Role::Admin],
        _ => vec![],
    }
}

/// Whether Kafka documents `key` for one of `roles` in any release line.
fn documented(roles: &[Role], key: &str) -> bool {
    roles.iter().any(|&r| Release::all().any(|v| lookup(r, key, v).is_some()))
}

#[test]
fn field_corpus() {
    let Some(dir) = corpus() else {
        eprintln!("note: ../shared/field-corpus is absent; the corpus test is skipped");
        return;
    };
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let mut errors = Vec::new();
    let mut counts: std::collections::BTreeMap<(String, String), usize> = std::collections::BTreeMap::new();
    let mut false_alarms = Vec::new();
    let mut linted = 0;
    for entry in manifest.as_array().unwrap() {
        let file = entry["file"].as_str().unwrap();
        if !file.starts_with("properties/") {
            continue;
        }
        let path = dir.join(file);
        let mut args =
            vec!["check".to_string(), path.to_string_lossy().into_owned(), "--format".into(), "json".into(), "--isolated".into()];
        // The version the repository pins, when kafkalint knows that release line.
        if let Some(v) = entry["kafka_version_hint"].as_str().filter(|v| Release::parse(v).is_ok()) {
            args.extend(["--kafka-version".to_string(), v.to_string()]);
        }
        let out = Command::new(env!("CARGO_BIN_EXE_kafkalint")).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        assert!(matches!(out.status.code(), Some(0) | Some(1)), "{file}: exit {:?}: {stderr}", out.status.code());
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{file}: invalid JSON: {e}"));
        linted += 1;
        let roles = roles_of(entry["kind"].as_str().unwrap_or(""));
        for d in report["diagnostics"].as_array().unwrap() {
            if d["rule"] == "schema/unknown-key" {
                let key = d["key"].as_str().unwrap();
                if documented(&roles, key) {
                    false_alarms.push(format!("{file}: {key}"));
                }
            }
            let sev = d["severity"].as_str().unwrap();
            if sev == "error" || sev == "warning" {
                *counts.entry((d["rule"].as_str().unwrap().to_string(), sev.to_string())).or_insert(0usize) += 1;
                errors.push(format!(
                    "{} {} {}:{}  {}",
                    if sev == "error" { "E" } else { "W" },
                    d["rule"].as_str().unwrap(),
                    file.trim_start_matches("properties/"),
                    d["line"],
                    d["message"].as_str().unwrap()
                ));
            }
        }
    }
    assert!(linted >= 150, "linted {linted} files");
    assert!(false_alarms.is_empty(), "unknown-key reported for documented keys:\n{}", false_alarms.join("\n"));
    errors.sort();
    let mut summary: Vec<String> = counts.iter().map(|((rule, sev), n)| format!("{n:>4} {sev:<7} {rule}")).collect();
    summary.push(String::new());
    insta::assert_snapshot!("field_corpus_findings", format!("{}\n{}", summary.join("\n"), errors.join("\n")));
}
