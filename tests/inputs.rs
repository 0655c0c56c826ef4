//! The formats seam: which files are read, in which format, and what a file kafkalint does not
//! read gets (one info, never a `.properties` parse, never an edit).

mod common;

use common::*;
use kafkalint::lint::Input;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kafkalint"))
}

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = bin().current_dir(dir).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

const HELM_VALUES: &str = "replicaCount: 1\nkafka:\n  broker.id: 1\n  broker.id: 2\n";

#[test]
fn a_named_yaml_file_of_no_known_format_gets_one_info_and_no_edit() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("values.yaml");
    std::fs::write(&p, HELM_VALUES).unwrap();
    let (code, stdout, _) = run(dir.path(), &["check", "--format", "json", "--isolated", "values.yaml"]);
    assert_eq!(code, 0, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{stdout}");
    assert_eq!(diags[0]["rule"], "kafkalint/unsupported-format");
    assert_eq!(diags[0]["severity"], "info");
    assert_eq!(v["files"][0]["format"], serde_json::Value::Null);
    // Read as properties, `kafka:`/`broker.id:` lines would be duplicate keys with a "safe" fix.
    let (code, _, _) = run(dir.path(), &["check", "--fix", "--isolated", "--unsafe-fixes", "values.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), HELM_VALUES);
}

#[test]
fn directory_walks_pick_yaml_by_content_and_skip_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("values.yaml"), HELM_VALUES).unwrap();
    std::fs::write(dir.path().join("ci.yml"), "on: push\njobs: {}\n").unwrap();
    std::fs::write(dir.path().join("stack.yml"), "services:\n  app:\n    image: nginx\n").unwrap();
    std::fs::write(dir.path().join("consumer.properties"), "group.id=g\n").unwrap();
    let (_, stdout, stderr) = run(dir.path(), &["check", "--format", "json", "--isolated", "."]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    let files: Vec<(String, String)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().trim_start_matches("./").to_string(), f["format"].as_str().unwrap_or("-").to_string()))
        .collect();
    assert_eq!(
        files,
        vec![("consumer.properties".to_string(), "properties".to_string()), ("stack.yml".to_string(), "compose".to_string())]
    );
    assert!(v["diagnostics"].as_array().unwrap().iter().all(|d| d["rule"] != "kafkalint/unsupported-format"), "{stdout}");
}

#[test]
fn invalid_yaml_is_an_error_at_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let text = "services:\n  kafka:\n    image: apache/kafka:3.8.0\n    environment: [KAFKA_NODE_ID=1\n";
    std::fs::write(dir.path().join("docker-compose.yml"), text).unwrap();
    let (code, stdout, _) = run(dir.path(), &["check", "--format", "compact", "--isolated", "docker-compose.yml"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("docker-compose.yml:") && stdout.contains("syntax/invalid-yaml"), "{stdout}");
    let before = std::fs::read(dir.path().join("docker-compose.yml")).unwrap();
    run(dir.path(), &["check", "--fix", "--isolated", "docker-compose.yml"]);
    assert_eq!(std::fs::read(dir.path().join("docker-compose.yml")).unwrap(), before);
}

#[test]
fn a_role_given_on_the_command_line_reads_any_name_as_properties() {
    let settings = kafkalint::lint::Settings {
        isolated: true,
        role: Some(kafkalint::model::Role::Consumer),
        select: Some(vec!["consumer/heartbeat-vs-session-timeout".into()]),
        ..Default::default()
    };
    let input = Input { path: "consumer.conf".into(), bytes: b"heartbeat.interval.ms=20000\nsession.timeout.ms=10000\n".to_vec() };
    let report = lint_inputs(vec![input], &settings);
    assert_eq!(report.diagnostics.len(), 1, "{}", human(&report));
    assert_eq!(report.files[0].file.format, kafkalint::formats::Format::Properties);
}
