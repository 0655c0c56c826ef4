//! The command line behaves like the linters people know (ruff, shellcheck, hadolint): rule
//! selection flags with did-you-mean, --exit-zero, --quiet, --statistics, --show-settings,
//! --show-files, --output-format and its environment variable, --stdin-filename, a closed
//! pipe, explain, colours; and which files are Kafka files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kafkalint"));
    for v in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "KAFKALINT_OUTPUT_FORMAT"] {
        c.env_remove(v);
    }
    c.env("COLUMNS", "100");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

/// A consumer with a heartbeat at the session timeout (an error) and a trailing space (a
/// warning with a safe fix).
const CONSUMER: &str = "group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=10000\nclient.id=x \n";

fn consumer_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "conf/consumer.properties", CONSUMER);
    d
}

fn rules_of(o: &Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", out(o)));
    v["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap().to_string()).collect()
}

#[test]
fn select_ignore_and_extend_select() {
    let d = consumer_dir();
    let base = ["check", "conf", "--format", "json", "--kafka-version", "3.9", "--isolated"];
    let all = rules_of(&run_in(d.path(), &base));
    assert!(all.contains(&"consumer/heartbeat-vs-session-timeout".to_string()), "{all:?}");
    assert!(all.contains(&"syntax/trailing-whitespace".to_string()), "{all:?}");

    let ignored = rules_of(&run_in(d.path(), &[&base[..], &["--ignore", "syntax"]].concat()));
    assert!(!ignored.iter().any(|r| r.starts_with("syntax/")), "{ignored:?}");
    assert!(ignored.contains(&"consumer/heartbeat-vs-session-timeout".to_string()));

    let one = rules_of(&run_in(d.path(), &[&base[..], &["--ignore", "consumer/heartbeat-vs-session-timeout"]].concat()));
    assert!(!one.contains(&"consumer/heartbeat-vs-session-timeout".to_string()), "{one:?}");

    let sel = rules_of(&run_in(d.path(), &[&base[..], &["--select", "syntax"]].concat()));
    assert_eq!(sel, ["syntax/trailing-whitespace"]);
    // --extend-select adds to --select; --ignore wins over both.
    let ext = rules_of(&run_in(d.path(), &[&base[..], &["--select", "syntax", "--extend-select", "consumer"]].concat()));
    assert!(ext.contains(&"consumer/heartbeat-vs-session-timeout".to_string()) && ext.contains(&"syntax/trailing-whitespace".to_string()));
    let both = rules_of(&run_in(d.path(), &[&base[..], &["--extend-select", "consumer", "--ignore", "consumer"]].concat()));
    assert!(!both.iter().any(|r| r.starts_with("consumer/")), "{both:?}");
}

#[test]
fn extend_select_turns_on_a_rule_that_is_off_by_default() {
    let off = common_off_rule();
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "consumer.properties", "group.id=a\n");
    let o = run_in(d.path(), &["check", "consumer.properties", "--isolated", "--show-settings", "--extend-select", off]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    let on = text.split("rules off").next().unwrap();
    assert!(on.contains(off), "{text}");
    let o = run_in(d.path(), &["check", "consumer.properties", "--isolated", "--show-settings"]);
    assert!(!out(&o).split("rules off").next().unwrap().contains(off), "{}", out(&o));
}

/// A rule that is off by default (from `kafkalint rules`).
fn common_off_rule() -> &'static str {
    let o = bin().args(["rules", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id =
        v.as_array().unwrap().iter().find(|r| r["enabled"] == false).expect("a rule off by default")["id"].as_str().unwrap().to_string();
    Box::leak(id.into_boxed_str())
}

#[test]
fn unknown_rule_names_are_usage_errors_with_did_you_mean() {
    let d = consumer_dir();
    for (flag, name, hint) in [
        ("--select", "consumr", "did you mean `consumer`?"),
        ("--ignore", "syntax/trailing-whitespaces", "did you mean `syntax/trailing-whitespace`?"),
        ("--extend-select", "heartbeat-vs-session-timeout", "did you mean `consumer/heartbeat-vs-session-timeout`?"),
    ] {
        let o = run_in(d.path(), &["check", "conf", flag, name]);
        assert_eq!(o.status.code(), Some(2), "{flag} {name}");
        let e = err(&o);
        assert!(e.contains(flag) && e.contains(name) && e.contains(hint), "{e}");
        assert!(out(&o).is_empty(), "nothing linted: {}", out(&o));
    }
    let o = run_in(d.path(), &["check", "conf", "--select", "nothing-like-any-rule-at-all"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!err(&o).contains("did you mean"), "{}", err(&o));
}

#[test]
fn exit_zero_quiet_and_statistics() {
    let d = consumer_dir();
    let o = run_in(d.path(), &["check", "conf", "--kafka-version", "3.9", "--isolated"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("checked against Kafka 3.9"));
    let o = run_in(d.path(), &["check", "conf", "--kafka-version", "3.9", "--isolated", "--exit-zero"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).contains("consumer/heartbeat-vs-session-timeout"));
    // Usage errors stay 2 with --exit-zero.
    assert_eq!(run_in(d.path(), &["check", "missing", "--exit-zero"]).status.code(), Some(2));

    let o = run_in(d.path(), &["check", "conf", "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(text.contains("consumer/heartbeat-vs-session-timeout"), "{text}");
    assert!(!text.contains("checked against") && !text.contains("note: no Kafka version"), "{text}");
    let o = run_in(d.path(), &["check", "conf", "--quiet", "--format", "compact"]);
    assert!(err(&o).is_empty(), "{}", err(&o));

    let o = run_in(d.path(), &["check", "conf", "--statistics", "--kafka-version", "3.9", "--isolated"]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    let line = text.lines().find(|l| l.contains("syntax/trailing-whitespace")).unwrap_or_else(|| panic!("{text}"));
    // The severity of that finding (as the JSON output has it).
    let o = run_in(d.path(), &["check", "conf", "--format", "json", "--kafka-version", "3.9", "--isolated"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ws = v["diagnostics"].as_array().unwrap().iter().find(|x| x["rule"] == "syntax/trailing-whitespace").unwrap()["severity"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(line.split_whitespace().collect::<Vec<_>>(), ["1", "syntax/trailing-whitespace", ws.as_str(), "(1", "fixable)"]);
    assert!(text.lines().any(|l| l.split_whitespace().take(3).eq(["1", "consumer/heartbeat-vs-session-timeout", "error"])), "{text}");
    assert!(!text.contains('│'), "no snippets: {text}");
    let o = run_in(d.path(), &["check", "conf", "--statistics", "--format", "json", "--isolated"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let row = v.as_array().unwrap().iter().find(|r| r["rule"] == "syntax/trailing-whitespace").unwrap();
    assert_eq!((row["count"].as_u64(), row["fixable"].as_u64(), row["severity"].as_str()), (Some(1), Some(1), Some(ws.as_str())));
}

#[test]
fn output_format_alias_and_environment_variable() {
    let d = consumer_dir();
    let o = run_in(d.path(), &["check", "conf", "--output-format", "compact"]);
    assert!(out(&o).starts_with("conf/consumer.properties:"), "{}", out(&o));
    let o = bin().current_dir(d.path()).env("KAFKALINT_OUTPUT_FORMAT", "json").args(["check", "conf"]).output().unwrap();
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["tool"], "kafkalint");
    // The flag wins over the environment.
    let o =
        bin().current_dir(d.path()).env("KAFKALINT_OUTPUT_FORMAT", "json").args(["check", "conf", "--format", "compact"]).output().unwrap();
    assert!(out(&o).starts_with("conf/consumer.properties:"), "{}", out(&o));
    let o = bin().current_dir(d.path()).env("KAFKALINT_OUTPUT_FORMAT", "yaml").args(["check", "conf"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn verbose_with_every_format() {
    let d = consumer_dir();
    write(d.path(), "conf/gradle.properties", "org.gradle.jvmargs=-Xmx2g\n");
    for format in ["human", "json", "sarif", "github", "compact"] {
        let o = run_in(d.path(), &["check", "conf", "--verbose", "--format", format]);
        let (data, note) = if format == "human" { (out(&o), out(&o)) } else { (out(&o), err(&o)) };
        assert!(note.contains("conf/consumer.properties: role consumer (from file-name)"), "{format}: {note}");
        assert!(note.contains("conf/gradle.properties: skipped, not a Kafka configuration file"), "{format}: {note}");
        if format == "json" || format == "sarif" {
            serde_json::from_str::<serde_json::Value>(&data).unwrap_or_else(|e| panic!("{format}: {e}: {data}"));
        }
    }
}

#[test]
fn show_files_and_show_settings() {
    let d = consumer_dir();
    write(d.path(), "conf/producer.properties", "acks=all\n");
    write(d.path(), "conf/log4j.properties", "log4j.rootLogger=INFO, stdout\n");
    write(d.path(), "kafkalint.toml", "kafka-version = \"3.7\"\n");
    let o = run_in(d.path(), &["check", "conf", "--show-files"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), "conf/consumer.properties\nconf/producer.properties\n");

    let o = run_in(d.path(), &["check", "conf/consumer.properties", "--show-settings", "--ignore", "syntax"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    assert!(text.starts_with("conf/consumer.properties\n"), "{text}");
    assert!(text.contains("config file:    kafkalint.toml"), "{text}");
    assert!(text.contains("kafka version:  3.7"), "{text}");
    assert!(text.contains("role:           consumer (from file-name)"), "{text}");
    let (on, off) = text.split_once("rules off").unwrap();
    assert!(on.contains("consumer/heartbeat-vs-session-timeout (warning)"), "{text}");
    assert!(off.contains("syntax/trailing-whitespace") && !on.contains("syntax/trailing-whitespace"), "{text}");
}

#[test]
fn stdin_filename_without_a_dash() {
    let d = tempfile::tempdir().unwrap();
    let mut child = bin()
        .current_dir(d.path())
        .args(["check", "--stdin-filename", "conf/consumer.properties", "--format", "json", "--isolated"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(CONSUMER.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "conf/consumer.properties");
    assert_eq!(v["files"][0]["role"], "consumer");
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    // `kafkalint rules | head -1` and a long report into `head -1`.
    let d = tempfile::tempdir().unwrap();
    for i in 0..200 {
        write(d.path(), &format!("c{i:03}/consumer.properties"), CONSUMER);
    }
    for cmd in [
        "\"$K\" rules | head -1",
        "\"$K\" check . --isolated | head -1",
        "\"$K\" check . --format json | head -c 10",
        "\"$K\" man | head -1",
    ] {
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("{cmd} >/dev/null; exit ${{PIPESTATUS:-0}}"))
            .env("K", env!("CARGO_BIN_EXE_kafkalint"))
            .current_dir(d.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{cmd}");
        assert!(err(&o).is_empty(), "{cmd}: {}", err(&o));
    }
    // The exit code of kafkalint itself: `rules` 0, `check` with findings 1 (not 2).
    for (cmd, code) in [("rules", 0), ("check . --isolated", 1)] {
        let o = Command::new("bash")
            .arg("-c")
            .arg(format!("\"$K\" {cmd} | head -1 >/dev/null; exit ${{PIPESTATUS[0]}}"))
            .env("K", env!("CARGO_BIN_EXE_kafkalint"))
            .current_dir(d.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(code), "{cmd}: {}", err(&o));
        assert!(!err(&o).contains("Broken pipe") && !err(&o).contains("error"), "{cmd}: {}", err(&o));
    }
}

#[test]
fn explain_takes_a_rule_name_without_family_and_suggests_on_typos() {
    let o = bin().args(["explain", "heartbeat-vs-session-timeout"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    assert!(text.starts_with("consumer/heartbeat-vs-session-timeout\n"), "{text}");
    // Terminal text: no Markdown fences or their tags, no heading marks.
    assert!(!text.contains("```") && !text.contains("expect_diagnostic") && !text.contains("\n# "), "{text}");

    let o = bin().args(["explain", "consumer/heartbeat-vs-sesion-timeout"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("did you mean `consumer/heartbeat-vs-session-timeout`?"), "{}", err(&o));
    let o = bin().args(["explain", "sesion.timeout.ms"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("did you mean `session.timeout.ms`?"), "{}", err(&o));
}

#[test]
fn colours_follow_no_color_force_color_and_clicolor_force() {
    let d = consumer_dir();
    let esc = |o: &Output| out(o).contains('\u{1b}');
    let with = |vars: &[(&str, &str)]| {
        let mut c = bin();
        c.current_dir(d.path()).args(["check", "conf", "--isolated"]);
        for (k, v) in vars {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    // Not a terminal: no colours unless forced.
    assert!(!esc(&with(&[])));
    assert!(esc(&with(&[("FORCE_COLOR", "1")])));
    assert!(esc(&with(&[("CLICOLOR_FORCE", "1")])));
    assert!(!esc(&with(&[("CLICOLOR_FORCE", "0")])));
    assert!(!esc(&with(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")])));
    // --color wins over the environment.
    let o = bin().current_dir(d.path()).env("NO_COLOR", "1").args(["check", "conf", "--color", "always"]).output().unwrap();
    assert!(esc(&o));
}

#[test]
fn terminal_width_from_columns() {
    let d = tempfile::tempdir().unwrap();
    let long = "x".repeat(30);
    write(
        d.path(),
        "consumer.properties",
        &format!("group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=10000\nclient.id={long}\n"),
    );
    let lines = |cols: &str| {
        let o = bin().current_dir(d.path()).env("COLUMNS", cols).args(["check", ".", "--isolated", "--quiet"]).output().unwrap();
        out(&o).lines().count()
    };
    // Messages and help wrap at the width.
    assert!(lines("40") > lines("200"), "{} {}", lines("40"), lines("200"));
}

#[test]
fn role_from_a_word_anywhere_in_the_file_name() {
    use kafkalint::model::{role_from_file_name, Role};
    let r = |n: &str| role_from_file_name(Path::new(n));
    assert_eq!(r("orders-producer.properties"), Some(Role::Producer));
    assert_eq!(r("kafka_consumer.properties"), Some(Role::Consumer));
    assert_eq!(r("app-consumer-dev.properties"), Some(Role::Consumer));
    assert_eq!(r("billing.streams.properties"), Some(Role::Streams));
    assert_eq!(r("my-connect-distributed.properties"), Some(Role::ConnectWorker));
    assert_eq!(r("kafka-server.properties"), Some(Role::Broker));
    assert_eq!(r("orders-topic.properties"), Some(Role::Topic));
    assert_eq!(r("consumer2-orders.properties"), Some(Role::Consumer));
    // As before: a name that starts with a role word.
    assert_eq!(r("server.properties"), Some(Role::Broker));
    assert_eq!(r("adminclient.properties"), Some(Role::Admin));
    assert_eq!(r("producer1.properties"), Some(Role::Producer));
    // Same precedence as the table (producer before consumer).
    assert_eq!(r("consumer-to-producer.properties"), Some(Role::Consumer), "a leading word wins, as before");
    assert_eq!(r("bridge-consumer-producer.properties"), Some(Role::Producer));
    // Words that merely contain a role word, and a generic `server`, say nothing.
    assert_eq!(r("app-adminclient.properties"), None);
    assert_eq!(r("superconsumers.properties"), None);
    assert_eq!(r("app-server.properties"), None);
    assert_eq!(r("application.properties"), None);
}

#[test]
fn properties_files_without_kafka_keys_are_not_kafka_files() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "app/gradle.properties", "org.gradle.jvmargs=-Xmx2g \n");
    write(d.path(), "app/log4j.properties", "log4j.rootLogger=INFO, stdout \n");
    write(d.path(), "app/messages_fr.properties", "greeting=Bonjour \n");
    write(d.path(), "app/kafka.properties", "bootstrap.servers=k:9092 \n");
    let o = run_in(d.path(), &["check", "app", "--format", "json", "--isolated"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(files, ["app/kafka.properties"]);
    assert!(v["diagnostics"].as_array().unwrap().iter().all(|d| d["file"] == "app/kafka.properties"));
    // Named on the command line (as pre-commit passes them): still no findings and no fix.
    let o = run_in(d.path(), &["check", "app/gradle.properties", "app/log4j.properties", "--isolated"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let o = run_in(d.path(), &["check", "app/gradle.properties", "--fix", "--isolated"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(d.path().join("app/gradle.properties")).unwrap(), "org.gradle.jvmargs=-Xmx2g \n");
    // --role says it is a Kafka file.
    let o = run_in(d.path(), &["check", "app/gradle.properties", "--role", "producer", "--isolated", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
}

#[test]
fn a_comment_after_a_value_gets_a_hint() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "producer.properties", "acks=all # safest\n");
    let o = run_in(d.path(), &["check", "producer.properties", "--isolated", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = v["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "schema/invalid-value").expect("acks is invalid");
    assert!(d["help"].as_str().unwrap().contains("`#` starts a comment only at the start of a line"), "{}", d["help"]);
}

#[test]
fn effective_does_not_say_changed_from_null_for_an_empty_default() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "server.properties", "node.id=1\n");
    write(d.path(), "consumer.properties", "client.id=a\n");
    // ssl.cipher.suites: null to "" in 1.1; sasl.oauthbearer.expected.audience: in 4.2;
    // group.id: "" to null in 2.2; zookeeper.connect: required to null in 2.8.
    for (file, v) in
        [("server.properties", "1.1"), ("server.properties", "4.2"), ("consumer.properties", "2.2"), ("server.properties", "2.8")]
    {
        let o = run_in(d.path(), &["effective", file, "--kafka-version", v, "--isolated"]);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        if v == "2.8" {
            assert!(out(&o).contains("zookeeper.connect=  # default (changed in 2.8 from none (required))"), "{}", out(&o));
        }
        for line in out(&o).lines() {
            if line.contains("changed in") && line.contains("from null") {
                let value = line.split_once('=').unwrap().1.split("  #").next().unwrap();
                assert!(!value.is_empty(), "Kafka {v}: {line}");
            }
        }
    }
}

#[test]
fn per_file_ignores_and_excludes_in_kafkalint_toml() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "kafkalint.toml",
        "kafka-version = \"3.9\"\nextend-exclude = [\"legacy\"]\n\n[per-file-ignores]\n\"dev/*.properties\" = [\"consumer\"]\n",
    );
    write(d.path(), "dev/consumer.properties", CONSUMER);
    write(d.path(), "prod/consumer.properties", CONSUMER);
    write(d.path(), "legacy/consumer.properties", CONSUMER);
    let o = run_in(d.path(), &["check", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(files, ["./dev/consumer.properties", "./prod/consumer.properties"], "legacy/ is excluded");
    let hb: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "consumer/heartbeat-vs-session-timeout")
        .map(|x| x["file"].as_str().unwrap())
        .collect();
    assert_eq!(hb, ["./prod/consumer.properties"]);
    // Named on the command line, an excluded file is still checked (as ruff without --force-exclude).
    let o = run_in(d.path(), &["check", "legacy/consumer.properties", "--format", "json"]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["files"].as_array().unwrap().len(), 1);
    let o = run_in(d.path(), &["check", "dev/consumer.properties", "--show-settings"]);
    assert!(out(&o).contains("consumer/heartbeat-vs-session-timeout (per-file-ignores)"), "{}", out(&o));
    // A rule name that is not one: the usual did-you-mean, exit 2.
    write(d.path(), "kafkalint.toml", "[per-file-ignores]\n\"dev/*\" = [\"consumr\"]\n");
    let o = run_in(d.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("did you mean `consumer`?"), "{}", err(&o));
}

#[test]
fn gitignored_files_are_not_walked() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), ".gitignore", "build/\n");
    write(d.path(), "build/consumer.properties", CONSUMER);
    write(d.path(), "conf/consumer.properties", CONSUMER);
    let o = run_in(d.path(), &["check", ".", "--show-files"]);
    assert_eq!(out(&o), "./conf/consumer.properties\n");
}
