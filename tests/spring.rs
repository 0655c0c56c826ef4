//! Spring Boot application files: every layout (`.properties`, nested YAML, dotted YAML, profile
//! documents) is read into client units and linted like `.properties` files of those roles;
//! `--fix` edits only what it must and converges; no secret reaches an output; the Spring files of
//! the field corpus are linted without a crash and their errors and warnings snapshotted.

mod common;

use common::*;
use kafkalint::diagnostic::{Applicability, Severity};
use kafkalint::lint::{lint, Input, Settings};
use std::path::{Path, PathBuf};

fn settings() -> Settings {
    Settings { isolated: true, release: Some(kafkalint::version::Release::newest()), ..Default::default() }
}

fn input(path: &str, text: &str) -> Input {
    Input { path: PathBuf::from(path), bytes: text.as_bytes().to_vec() }
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "properties" || e == "yml" || e == "yaml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn snap_name(p: &Path) -> String {
    rel(p).to_string_lossy().trim_start_matches("tests/fixtures/").replace(['/', '.'], "_")
}

#[test]
fn every_layout_is_read_into_client_units() {
    for path in fixtures("tests/fixtures/spring") {
        let inputs = vec![Input { bytes: std::fs::read(&path).unwrap(), path: rel(&path) }];
        let report = lint(inputs, &settings()).unwrap();
        assert!(report.inputs.iter().all(|i| i.format == Some(kafkalint::formats::Format::Spring)), "{}", path.display());
        let mut snap = String::new();
        for f in &report.files {
            let u = f.file.unit.as_ref().unwrap();
            snap.push_str(&format!("unit {} ({})\n", u.name, f.file.role.map_or("-", |r| r.as_str())));
            for e in &f.file.doc.entries {
                let secret = kafkalint::redact::is_secret_key(&e.key) || kafkalint::redact::is_jaas_key(&e.key);
                snap.push_str(&format!(
                    "  {} = {}  [{}]\n",
                    e.key,
                    if secret { "***" } else { e.value.as_str() },
                    e.written.as_deref().unwrap_or("")
                ));
            }
        }
        snap.push_str("--- output\n");
        snap.push_str(&findings_only(&human(&report)));
        insta::assert_snapshot!(snap_name(&path), snap);
    }
}

#[test]
fn units_values_and_spans() {
    let t = "spring:\n  kafka:\n    consumer:\n      groupId: a\n      heartbeat_interval: 1m\n      fetch-min-size: 1KB\n      isolation-level: READ_COMMITTED\n";
    let report = lint(vec![input("application.yml", t)], &settings()).unwrap();
    assert_eq!(report.files.len(), 1);
    let f = &report.files[0].file;
    assert_eq!(f.role, Some(kafkalint::model::Role::Consumer));
    let got: Vec<(&str, &str, &str)> = f.doc.entries.iter().map(|e| (e.key.as_str(), e.value.as_str(), &t[e.value_span.range()])).collect();
    assert_eq!(
        got,
        vec![
            ("group.id", "a", "a"),
            ("heartbeat.interval.ms", "60000", "1m"),
            ("fetch.min.bytes", "1024", "1KB"),
            ("isolation.level", "read_committed", "READ_COMMITTED"),
        ]
    );
    // Spring's defaults are the platform's; Kafka's defaults come after.
    assert_eq!(f.get("bootstrap.servers").unwrap().text, "localhost:9092");
    assert_eq!(f.get("key.deserializer").unwrap().text, "org.apache.kafka.common.serialization.StringDeserializer");
    assert!(matches!(f.get("bootstrap.servers").unwrap().origin, kafkalint::model::Origin::Platform(_)));
}

/// The same mistake gets the same error in a Spring file as in a consumer `.properties` file.
#[test]
fn consumer_properties_passthrough_is_checked_like_a_consumer_file() {
    let spring =
        "spring.kafka.consumer.properties.heartbeat.interval.ms=20000\nspring.kafka.consumer.properties.session.timeout.ms=10000\n";
    let plain = "group.id=a\nheartbeat.interval.ms=20000\nsession.timeout.ms=10000\n";
    let id = "consumer/heartbeat-vs-session-timeout";
    let severities = |i: Input| -> Vec<Severity> {
        let r = lint(vec![i], &settings()).unwrap();
        r.diagnostics.iter().filter(|d| d.rule.id == id).map(|d| d.severity).collect()
    };
    assert_eq!(severities(input("consumer.properties", plain)), vec![Severity::Error]);
    assert_eq!(severities(input("application.properties", spring)), vec![Severity::Error]);
    // Nested YAML, with Spring's own Duration property on one side.
    let yml = "spring:\n  kafka:\n    consumer:\n      heartbeat-interval: 20s\n      properties:\n        session.timeout.ms: 10000\n";
    assert_eq!(severities(input("application.yml", yml)), vec![Severity::Error]);
    // And a common passthrough key reaches the consumer, not the producer.
    let common = "spring.kafka.properties.session.timeout.ms=10000\nspring.kafka.consumer.heartbeat-interval=20000\nspring.kafka.producer.acks=all\n";
    assert_eq!(severities(input("application.properties", common)), vec![Severity::Error]);
    let r = lint(vec![input("application.properties", common)], &settings()).unwrap();
    assert!(r.diagnostics.iter().all(|d| d.rule.id != "schema/wrong-role-key"), "{}", human(&r));
}

#[test]
fn spring_layering_keeps_the_winning_value_only() {
    let t = "spring.kafka.bootstrap-servers=a:9092\nspring.kafka.properties.bootstrap.servers=b:9092\nspring.kafka.consumer.bootstrap-servers=c:9092\nspring.kafka.producer.acks=all\n";
    let r = lint(vec![input("application.properties", t)], &settings()).unwrap();
    let consumer = r.files.iter().find(|f| f.file.role == Some(kafkalint::model::Role::Consumer)).unwrap();
    let producer = r.files.iter().find(|f| f.file.role == Some(kafkalint::model::Role::Producer)).unwrap();
    assert_eq!(consumer.file.get("bootstrap.servers").unwrap().text, "c:9092");
    assert_eq!(producer.file.get("bootstrap.servers").unwrap().text, "b:9092");
    assert!(r.diagnostics.iter().all(|d| d.rule.id != "schema/duplicate-key"), "{}", human(&r));
}

#[test]
fn fix_edits_only_the_values_and_converges() {
    let t = "# a producer\nspring:\n  kafka:\n    producer:\n      acks: '1'   # fast\n      properties:\n        enable.idempotence: true\n    consumer:\n      group-id: g\n";
    let inputs = vec![input("application.yml", t)];
    let (fixed, rounds) = fix_until_stable(&inputs, &settings(), true);
    assert!(rounds >= 1);
    let after = &fixed[0].1;
    assert_eq!(after, &t.replace("acks: '1'", "acks: 'all'"));
    assert!(kafkalint::formats::yaml::parse(after).is_ok());
    let again = vec![input("application.yml", after)];
    assert_eq!(fix_until_stable(&again, &settings(), true).1, 0);
    // A value Spring converts (`30s`) is never edited.
    let t = "spring:\n  kafka:\n    consumer:\n      group-id: g\n      heartbeat-interval: 20s\n      properties:\n        session.timeout.ms: 10000\n";
    let r = lint(vec![input("application.yml", t)], &settings()).unwrap();
    let chosen = kafkalint::fix::choose(r.raw_diagnostics(), Applicability::Unsafe);
    for edits in chosen.values() {
        for e in edits {
            assert!(!t[e.span.range()].contains("20s"), "an edit touches the converted value: {e:?}");
        }
    }
}

#[test]
fn fix_on_every_fixture_is_byte_exact_and_idempotent() {
    for path in fixtures("tests/fixtures/spring") {
        let text = std::fs::read_to_string(&path).unwrap();
        let inputs = vec![Input { bytes: text.clone().into_bytes(), path: rel(&path) }];
        let (fixed, _) = fix_until_stable(&inputs, &settings(), true);
        let after = &fixed[0].1;
        // Every line the fixes did not touch is unchanged, in order.
        let diff = line_diff(&text, after);
        let changed = diff.lines().filter(|l| l.starts_with("+ ") || l.starts_with("- ")).count();
        assert!(changed <= 2 * text.lines().count(), "{}", path.display());
        if path.extension().is_some_and(|e| e != "properties") {
            assert!(kafkalint::formats::yaml::parse(after).is_ok(), "{}: fixed text does not parse", path.display());
        }
        let again = vec![Input { bytes: after.clone().into_bytes(), path: rel(&path) }];
        assert_eq!(fix_until_stable(&again, &settings(), true).1, 0, "{}: a second --fix changed something", path.display());
        if &text != after {
            // Only the changed lines (the unchanged ones may hold the fixture's secrets).
            let changes: Vec<&str> = diff.lines().filter(|l| l.starts_with("+ ") || l.starts_with("- ")).collect();
            insta::assert_snapshot!(format!("fix_{}", snap_name(&path)), changes.join("\n"));
        }
    }
}

#[test]
fn no_secret_in_any_output() {
    let secrets = ["Zs01jaas", "Zs02trust", "Zs03key"];
    let path = root().join("tests/fixtures/spring/application.properties");
    let text = std::fs::read_to_string(&path).unwrap();
    for s in secrets {
        assert!(text.contains(s), "the fixture holds {s}");
    }
    // Findings on the secrets' own lines, so that the snippets show them.
    let extra = format!(
        "{text}spring.kafka.ssl.key-password=Zs04again\nspring.kafka.properties.sasl.jaas.config=x required password=\"Zs05more\";\nspring.kafka.consumer.ssl.key-password=Zs06shadow\nspring.kafka.jaas.options.password=Zs07jaasopt\nspring.kafka.consumer.properties.session.timeout.ms=1000\nspring.kafka.consumer.properties.heartbeat.interval.ms=2000\n"
    );
    let report = lint(vec![input("application.properties", &extra)], &Settings { select: None, ..settings() }).unwrap();
    let outputs = [
        human(&report),
        kafkalint::render::json::render(&report),
        kafkalint::render::sarif::render(&report),
        kafkalint::render::compact::render(&report),
        kafkalint::render::github::render(&report),
    ];
    for out in &outputs {
        for s in secrets.iter().chain(&["Zs04again", "Zs05more", "Zs06shadow", "Zs07jaasopt"]) {
            assert!(!out.contains(s), "secret {s} in output:\n{out}");
        }
    }
    assert!(report.diagnostics.iter().any(|d| d.rule.id == "schema/duplicate-key"), "{}", outputs[0]);
}

/// Every Spring file of the field corpus, under its own file name: no crash, and every error and
/// warning snapshotted (each was read; see the closing notes of the Spring front-end's commits).
#[test]
fn field_corpus_spring_files() {
    let Some(findings) = corpus_findings(&["spring-properties", "spring-yaml", "other"]) else { return };
    insta::assert_snapshot!("field_corpus_spring", findings);
}

/// Lints the corpus files of these kinds, each copied under its original name (Spring files are
/// recognised by name and content), and lists errors and warnings.
pub fn corpus_findings(kinds: &[&str]) -> Option<String> {
    let dir = root().join("../shared/field-corpus");
    let Ok(manifest) = std::fs::read_to_string(dir.join("manifest.json")) else {
        eprintln!("note: ../shared/field-corpus is absent; the corpus test is skipped");
        return None;
    };
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let mut lines = Vec::new();
    let mut linted = 0;
    for e in manifest.as_array().unwrap() {
        let kind = e["kind"].as_str().unwrap_or("");
        let file = e["file"].as_str().unwrap();
        if !kinds.contains(&kind) || (kind == "other" && !file.starts_with("yaml/")) {
            continue;
        }
        let name = Path::new(e["path"].as_str().unwrap()).file_name().unwrap().to_owned();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let shown = PathBuf::from(file).with_file_name(&name);
        let report = std::panic::catch_unwind(|| {
            lint(vec![Input { path: shown.clone(), bytes }], &Settings { isolated: true, ..Default::default() })
        })
        .unwrap_or_else(|_| panic!("{file}: panicked"))
        .unwrap();
        linted += 1;
        for d in &report.diagnostics {
            if d.severity >= Severity::Warning {
                let (line, _) = report.files[d.file()].file.source.line_col(d.primary.span.start);
                lines.push(format!("{} {}:{line}  {}", d.rule.id, file, d.message));
            }
        }
    }
    assert!(linted > 0);
    lines.sort();
    Some(lines.join("\n"))
}

/// An `application.yml` whose own settings have a top-level `services:` is still a Spring file.
#[test]
fn application_yaml_with_services_is_spring() {
    let t = "services:\n  billing:\n    url: http://billing\nspring:\n  kafka:\n    consumer:\n      group-id: g\n";
    assert_eq!(kafkalint::formats::detect(Path::new("application.yml"), t), Some(kafkalint::formats::Format::Spring));
}

/// Odd shapes of a Spring file are read without a panic (and without findings that make no sense).
#[test]
fn odd_inputs_never_panic() {
    let texts = [
        "",
        "spring:\n",
        "spring:\n  kafka:\n",
        "spring:\n  kafka: [1, 2]\n",
        "spring:\n  kafka:\n    consumer:\n      group-id:\n        a: b\n",
        "spring: {kafka: {consumer: {group-id: g, heartbeat-interval: 99999999999999999999s}}}\n",
        "x: &a {bootstrap-servers: k:9092}\nspring:\n  kafka: *a\n",
        "spring:\n  kafka:\n    properties:\n      \"[sasl.jaas.config]\": |\n        x required\n        password=\"p\";\n",
        "spring.kafka.consumer.fetch-min-size: 99999999999TB\nspring.kafka.consumer.max-poll-interval: -PT-1S\n",
        "spring.kafka[: x\nspring.kafka.]: y\nspring.kafka.consumer.[0]: z\n",
        "spring:\n  kafka:\n    consumer:\n      group-id: a\n  kafka:\n    producer:\n      acks: all\n",
    ];
    for (i, t) in texts.iter().enumerate() {
        for name in ["application.yml", "application.properties"] {
            let r = lint(vec![input(name, t)], &settings());
            assert!(r.is_ok(), "{i} {name}");
        }
    }
}

/// The human output without the closing notes on versions (those belong to the summary, which
/// other tests pin).
fn findings_only(out: &str) -> String {
    let end = out.find("\nnote: ").map_or(out.len(), |i| i + 1);
    out[..end].to_string()
}

/// Profiles (Spring Boot's ConfigData order): a profile's document, and an
/// `application-<profile>` file, apply over the default configuration; each unit is checked with
/// the effective values, and a finding about the default configuration is reported once, where
/// it is written.
#[test]
fn profiles_apply_over_the_default_configuration() {
    let dir = root().join("tests/fixtures/spring/profiles");
    let inputs: Vec<Input> = ["application.yml", "application-prod.properties", "application-staging.yml"]
        .iter()
        .map(|n| {
            let p = dir.join(n);
            Input { bytes: std::fs::read(&p).unwrap(), path: rel(&p) }
        })
        .collect();
    let report = lint(inputs, &settings()).unwrap();
    let found: Vec<(String, &str, String)> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| {
            let f = &report.files[d.file()].file;
            (
                f.source.path.file_name().unwrap().to_string_lossy().to_string(),
                d.rule.id,
                f.unit.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("application.yml".to_string(), "schema/invalid-value", "spring.kafka.consumer".to_string()),
            (
                "application-prod.properties".to_string(),
                "consumer/heartbeat-vs-session-timeout",
                "spring.kafka.consumer (profile prod)".to_string()
            ),
        ]
    );
    // The prod file's unit sees the default file's values, and the prod document of application.yml.
    let prod = report.files.iter().find(|f| f.file.source.path.ends_with("application-prod.properties")).unwrap();
    assert_eq!(prod.file.get("heartbeat.interval.ms").unwrap().text, "10000");
    assert_eq!(prod.file.get("max.poll.records").unwrap().text, "200");
    assert_eq!(prod.file.get("session.timeout.ms").unwrap().text, "10000");
    assert!(prod.file.platform_default("heartbeat.interval.ms").is_some());
}

/// Spring Boot reads YAML with SnakeYAML, which ignores indentation inside flow collections: a
/// closing bracket at its parent's indentation (after a quoted item) is read, not a syntax error.
#[test]
fn flow_brackets_at_the_parents_indentation() {
    let t = "app:\n  topics:\n    names: [\n      \"a\",\n      \"b\"\n    ]\nspring:\n  kafka:\n    consumer:\n      group-id: g\n";
    assert!(kafkalint::formats::yaml::parse(t).is_err());
    let r = kafkalint::formats::spring::read(Path::new("application.yml"), t);
    assert!(r.error.is_none(), "{:?}", r.error);
    let g = r.units[0].entries.iter().find(|e| e.key == "group.id").unwrap();
    assert_eq!(&t[g.value_span.range()], "g");
}
