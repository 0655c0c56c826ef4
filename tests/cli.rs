//! The command line as users run it: exit codes, formats, config files, stdin, roles.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kafkalint"));
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn exit_codes_follow_fail_on() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "producer.properties", "enable.idempotence=true\nacks=1\n");
    write(d.path(), "ok/consumer.properties", "group.id=a\n");
    assert_eq!(run_in(d.path(), &["check", "ok"]).status.code(), Some(0));
    assert_eq!(run_in(d.path(), &["check", "producer.properties"]).status.code(), Some(1));
    // A warning only: fails at the default level, passes with --fail-on error.
    write(d.path(), "w/consumer.properties", "group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=4000\n");
    assert_eq!(run_in(d.path(), &["check", "w"]).status.code(), Some(1));
    assert_eq!(run_in(d.path(), &["check", "w", "--fail-on", "error"]).status.code(), Some(0));
    // Usage errors and unreadable inputs: 2, with the path named.
    let o = run_in(d.path(), &["check", "missing.properties"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.properties"));
    let o = run_in(d.path(), &["check", "--kafka-version", "9.9", "ok"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("3.9"), "lists the known versions");
    assert_eq!(run_in(d.path(), &["check", "--role", "nonsense", "ok"]).status.code(), Some(2));
}

#[test]
fn json_contract() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "conf/consumer.properties", "group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=10000\n");
    let o = run_in(d.path(), &["check", "conf", "--format", "json", "--kafka-version", "3.9"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["tool"], "kafkalint");
    assert_eq!(v["kafka_version"], "3.9");
    assert_eq!(v["files"][0]["path"], "conf/consumer.properties");
    assert_eq!(v["files"][0]["role"], "consumer");
    assert_eq!(v["files"][0]["role_source"], "file-name");
    let diag = &v["diagnostics"][0];
    assert_eq!(diag["rule"], "consumer/heartbeat-vs-session-timeout");
    assert_eq!(diag["severity"], "error");
    assert_eq!(diag["file"], "conf/consumer.properties");
    assert_eq!(diag["key"], "heartbeat.interval.ms");
    assert_eq!(diag["line"], 3);
    assert_eq!(diag["column"], 23);
    assert_eq!(diag["end_line"], 3);
    assert_eq!(diag["end_column"], 28);
    let text = "group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=10000\n";
    assert_eq!(&text[diag["start"].as_u64().unwrap() as usize..diag["end"].as_u64().unwrap() as usize], "10000");
    assert!(diag["message"].as_str().unwrap().contains("not below"));
    assert!(diag["help"].is_string());
    assert_eq!(diag["related"][0]["line"], 2);
    assert_eq!(diag["related"][0]["key"], "session.timeout.ms");
    let fix = &diag["fixes"][0];
    assert_eq!(fix["safe"], true);
    assert_eq!(fix["edits"][0]["replacement"], "3333");
    assert_eq!(fix["edits"][0]["file"], "conf/consumer.properties");
    assert_eq!(v["summary"], serde_json::json!({"files": 1, "errors": 1, "warnings": 0, "infos": 0}));
}

#[test]
fn stdin_uses_the_given_name() {
    let mut c = bin();
    c.args(["check", "-", "--stdin-filename", "consumer.properties", "--format", "json", "--isolated"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"group.id=a\nsession.timeout.ms=6000\n").unwrap();
    let o = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "consumer.properties");
    assert_eq!(v["files"][0]["role"], "consumer");
    assert_eq!(v["diagnostics"][0]["rule"], "consumer/heartbeat-vs-session-timeout");
}

#[test]
fn roles_in_order_of_precedence() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "consumer.properties", "# kafkalint: role=producer\nacks=1\n");
    write(d.path(), "app.properties", "key.deserializer=x\n");
    // A Kafka key of several roles (a file with no Kafka key is not linted at all).
    write(d.path(), "mystery.properties", "client.id=a\n");
    write(d.path(), "cfg/x.properties", "a=b\n");
    write(d.path(), "kafkalint.toml", "[[files]]\nglob = \"cfg/*.properties\"\nrole = \"topic\"\n");
    let o = run_in(d.path(), &["check", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let role = |p: &str| {
        let f = v["files"].as_array().unwrap().iter().find(|f| f["path"] == p).unwrap_or_else(|| panic!("{p} in {v}"));
        (f["role"].as_str().map(str::to_string), f["role_source"].as_str().unwrap().to_string())
    };
    assert_eq!(role("./consumer.properties"), (Some("producer".into()), "directive".into()));
    assert_eq!(role("./app.properties"), (Some("consumer".into()), "keys".into()));
    assert_eq!(role("./mystery.properties"), (None, "unknown".into()));
    assert_eq!(role("./cfg/x.properties"), (Some("topic".into()), "config".into()));
    let o = run_in(d.path(), &["check", ".", "--format", "json", "--role", "admin"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["files"].as_array().unwrap().iter().all(|f| f["role"] == "admin" && f["role_source"] == "command-line"));
    // --verbose says it in human output too.
    let o = run_in(d.path(), &["check", "mystery.properties", "--verbose"]);
    assert!(stdout(&o).contains("mystery.properties: role unknown (from unknown)"), "{}", stdout(&o));
    assert!(stdout(&o).contains("kafkalint/role-undetermined"));
}

#[test]
fn config_file_levels_versions_and_errors() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "consumer.properties", "group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=4000\n");
    write(d.path(), "kafkalint.toml", "kafka-version = \"2.8\"\n[rules]\nconsumer = \"off\"\n");
    let o = run_in(d.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kafka_version"], "2.8");
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(o.status.code(), Some(0));
    write(d.path(), "kafkalint.toml", "[rules]\n\"consumer/heartbeat-vs-session-timeout\" = \"error\"\n");
    let o = run_in(d.path(), &["check", "--format", "json", "--kafka-version", "3.9"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["severity"], "error");
    // CLI flags win over the file.
    write(d.path(), "kafkalint.toml", "kafka-version = \"2.8\"\nfail-on = \"error\"\n");
    let o = run_in(d.path(), &["check", "--format", "json", "--kafka-version", "3.9", "--fail-on", "warning"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kafka_version"], "3.9");
    assert_eq!(o.status.code(), Some(1));
    // Unknown keys: exit 2, the file and place named, with did-you-mean.
    write(d.path(), "kafkalint.toml", "\nkafka_version = \"3.9\"\n");
    let o = run_in(d.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("kafkalint.toml:2:1") && err.contains("did you mean `kafka-version`"), "{err}");
}

#[test]
fn human_output_has_snippet_help_fix_and_summary() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "producer.properties", "enable.idempotence=true\nacks=1\n");
    let select = ["--select", "producer/idempotence-without-acks-all"];
    let o = bin()
        .current_dir(d.path())
        .args(["check", "producer.properties", "--kafka-version", "3.9"])
        .args(select)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let s = stdout(&o);
    assert!(!s.contains('\u{1b}'), "no colour codes with NO_COLOR");
    assert!(s.contains("producer/idempotence-without-acks-all"));
    assert!(s.contains("producer.properties:2:6"), "{s}");
    assert!(s.contains("acks=1"));
    assert!(s.contains("fix (safe): Set `acks=all`"));
    assert!(s.contains("1 file checked against Kafka 3.9: 1 error, 0 warnings, 0 infos"), "{s}");
    let o = run_in(d.path(), &["check", "producer.properties"]);
    assert!(stdout(&o).contains("no Kafka version given; assumed"), "says which version was assumed");
}

#[test]
fn directories_skip_hidden_and_target_but_explicit_files_are_linted() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), ".hidden/producer.properties", "enable.idempotence=true\nacks=1\n");
    write(d.path(), "target/producer.properties", "enable.idempotence=true\nacks=1\n");
    write(d.path(), "notes.txt", "enable.idempotence=true\n");
    assert_eq!(run_in(d.path(), &["check", "."]).status.code(), Some(0));
    assert_eq!(run_in(d.path(), &["check", ".hidden/producer.properties"]).status.code(), Some(1));
}

#[test]
fn effective_shows_defaults_and_changes() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "consumer.properties", "group.id=a\nssl.truststore.password=hunter22\n");
    let o = run_in(d.path(), &["effective", "consumer.properties", "--kafka-version", "3.0"]);
    let s = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{s}");
    assert!(s.contains("session.timeout.ms=45000  # default (changed in 3.0 from 10000)"), "{s}");
    assert!(s.contains("group.id=a  # set on line 1"), "{s}");
    assert!(s.contains("ssl.truststore.password=***"), "{s}");
    assert!(!s.contains("hunter22"));
    let o = run_in(d.path(), &["effective", "consumer.properties", "--kafka-version", "2.8", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let st = v["keys"].as_array().unwrap().iter().find(|k| k["key"] == "session.timeout.ms").unwrap();
    assert_eq!(st["value"], "10000");
    assert_eq!(st["origin"], "default");
}

#[test]
fn rules_and_explain() {
    let o = bin().args(["rules"]).output().unwrap();
    let s = stdout(&o);
    for r in kafkalint::rules::RULES.iter() {
        assert!(s.contains(r.meta().id), "{} listed", r.meta().id);
    }
    let o = bin().args(["explain", "consumer/heartbeat-vs-session-timeout"]).output().unwrap();
    let s = stdout(&o);
    assert!(s.contains("\nWhy it fails in production\n") && s.contains("\n    heartbeat.interval.ms=3000\n"), "{s}");
    let o = bin().args(["explain", "no/such-rule"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_client_named_alone_is_checked_against_its_brokers() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "conf/consumer.properties", "group.id=a\nsession.timeout.ms=3000\nheartbeat.interval.ms=1000\n");
    write(d.path(), "conf/server.properties", "process.roles=broker,controller\nnode.id=1\nlog.retention.hours=1\nlog.retention.hours=2\n");
    let o = run_in(d.path(), &["check", "conf/consumer.properties", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    // The cross-file finding is reported; the broker file's own finding (a duplicate key) is not.
    assert_eq!(rules, vec!["consumer/session-timeout-vs-broker-bounds"], "{v}");
    assert_eq!(v["diagnostics"][0]["related"][0]["file"], "conf/server.properties");
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
}

#[test]
fn effective_lists_kafka_keys_not_plugin_defaults() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "server.properties",
        "process.roles=broker,controller\nnode.id=1\nlistener.name.internal.ssl.keystore.location=/k.jks\n",
    );
    write(d.path(), "producer.properties", "acks=all\n");
    let o = run_in(d.path(), &["effective", "server.properties", "--kafka-version", "3.9"]);
    let s = stdout(&o);
    // A listener-prefixed key is the broker's own, not "not a key of this role".
    assert!(s.contains("listener.name.internal.ssl.keystore.location=/k.jks  # set on line 3"), "{s}");
    assert!(s.contains("sasl.jaas.config=  # default: unset (null)"), "{s}");
    let o = run_in(d.path(), &["effective", "producer.properties", "--kafka-version", "3.9"]);
    let s = stdout(&o);
    // Schema Registry serde settings are accepted when set, but are not Kafka defaults to list.
    assert!(!s.contains("auto.register.schemas"), "{s}");
    assert!(s.contains("linger.ms=0  # default"), "{s}");
}
