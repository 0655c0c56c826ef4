//! Strimzi resources: `Kafka` (with its `KafkaNodePool`s), `KafkaTopic`, several per file; the
//! broker settings Strimzi writes keep the broker rules quiet on valid resources; keys Strimzi
//! drops are reported and not linted as broker settings; `--fix` is byte-exact and converges; no
//! secret reaches an output; the Strimzi files of the field corpus are linted without a crash.

mod common;

use common::*;
use kafkalint::diagnostic::Severity;
use kafkalint::formats::{Format, VersionSource};
use kafkalint::lint::{lint, Input, Settings};
use kafkalint::model::Role;
use std::path::{Path, PathBuf};

fn settings() -> Settings {
    Settings { isolated: true, ..Default::default() }
}

fn input(path: &str, text: &str) -> Input {
    Input { path: PathBuf::from(path), bytes: text.as_bytes().to_vec() }
}

fn fixture(name: &str) -> Input {
    let p = root().join("tests/fixtures/strimzi").join(name);
    Input { bytes: std::fs::read(&p).unwrap(), path: rel(&p) }
}

#[test]
fn each_kind_is_read() {
    let names =
        ["kafka-kraft-node-pools.yaml", "kafka-dedicated-controllers.yaml", "kafka-zookeeper.yaml", "node-pool.yaml", "topics.yaml"];
    for name in names {
        let report = lint(vec![fixture(name)], &settings()).unwrap();
        assert_eq!(report.inputs[0].format, Some(Format::Strimzi), "{name}");
        let mut snap = String::new();
        for f in &report.files {
            let u = f.file.unit.as_ref().unwrap();
            snap.push_str(&format!(
                "unit {} ({}) kafka {} from {:?}, cluster {:?}, brokers {:?}\n",
                u.name,
                f.file.role.map_or("-", |r| r.as_str()),
                f.file.release,
                u.version_source,
                u.cluster,
                u.broker_count
            ));
            for e in &f.file.doc.entries {
                let secret = kafkalint::redact::is_secret_key(&e.key);
                snap.push_str(&format!("  {} = {}\n", e.key, if secret { "***" } else { e.value.as_str() }));
            }
            for d in &u.defaults {
                snap.push_str(&format!("  (Strimzi) {} = {}\n", d.key, d.value));
            }
        }
        snap.push_str("--- output\n");
        snap.push_str(&findings_only(&human(&report)));
        insta::assert_snapshot!(name.replace('.', "_"), snap);
    }
}

#[test]
fn version_replicas_and_node_pools() {
    let report = lint(vec![fixture("kafka-kraft-node-pools.yaml")], &settings()).unwrap();
    assert_eq!(report.files.len(), 1);
    let f = &report.files[0].file;
    let u = f.unit.as_ref().unwrap();
    assert_eq!(f.role, Some(Role::Broker));
    assert_eq!(f.release, kafkalint::version::Release::parse("3.9").unwrap());
    assert_eq!(u.version_source, Some(VersionSource::Resource));
    assert_eq!((u.cluster.as_deref(), u.broker_count), (Some("my-cluster"), Some(3)));
    // Strimzi writes these; the file does not.
    for k in ["listeners", "advertised.listeners", "process.roles", "node.id", "controller.listener.names", "log.dirs"] {
        assert!(f.platform_default(k).is_some(), "{k}");
    }
    assert_eq!(f.get("process.roles").unwrap().text, "broker,controller");
}

/// A pool of dedicated KRaft controllers is a unit of its own (the configuration Strimzi writes
/// for a controller, with the cluster's spec.kafka.config); a spec.kafka.config finding is
/// reported once, on the Kafka resource, not once per pool; a dual-role pool is the Kafka
/// resource's own unit (a combined node).
#[test]
fn controller_pools_are_units_and_config_findings_are_not_repeated() {
    let report = lint(vec![fixture("kafka-dedicated-controllers.yaml")], &settings()).unwrap();
    let units: Vec<(&str, String)> = report
        .files
        .iter()
        .map(|f| (f.file.unit.as_ref().unwrap().name.as_str(), f.file.get("process.roles").map(|v| v.text.to_string()).unwrap_or_default()))
        .collect();
    assert_eq!(units, vec![("my-cluster", "broker".to_string()), ("controllers", "controller".to_string())]);
    let c = &report.files[1].file;
    assert_eq!(c.unit.as_ref().unwrap().broker_count, Some(3));
    assert_eq!(c.get("controller.quorum.voters").unwrap().text.split(',').count(), 3);
    // The controllers read the same spec.kafka.config.
    assert_eq!(c.get("offsets.topic.replication.factor").unwrap().text, "4");
    let found: Vec<(&str, usize)> = report.diagnostics.iter().map(|d| (d.rule.id, d.primary.span.start)).collect();
    let mut unique = found.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(found.len(), unique.len(), "a finding repeated per unit: {found:?}");
    let rules: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.id).collect();
    assert_eq!(rules, vec!["broker/replication-factor-exceeds-brokers", "strimzi/forbidden-config"]);
    assert_eq!(report.diagnostics[0].file(), 0, "reported on the Kafka resource's unit");
    // Dual-role pools: no extra unit, the Kafka resource's unit is a combined node.
    let report = lint(vec![fixture("kafka-kraft-node-pools.yaml")], &settings()).unwrap();
    assert_eq!(report.files.len(), 1);
}

/// A minimal valid Kafka resource of each mode gets no error or warning from any rule: the
/// settings Strimzi generates are there as its defaults.
#[test]
fn minimal_valid_resources_are_quiet() {
    let kraft = "apiVersion: kafka.strimzi.io/v1\nkind: Kafka\nmetadata:\n  name: c\nspec:\n  kafka:\n    version: 4.1.0\n    listeners:\n      - name: plain\n        port: 9092\n        type: internal\n        tls: false\n      - name: scram\n        port: 9094\n        type: internal\n        tls: true\n        authentication:\n          type: scram-sha-512\n    config:\n      offsets.topic.replication.factor: 3\n      transaction.state.log.replication.factor: 3\n      transaction.state.log.min.isr: 2\n      default.replication.factor: 3\n      min.insync.replicas: 2\n---\napiVersion: kafka.strimzi.io/v1\nkind: KafkaNodePool\nmetadata:\n  name: controllers\n  labels:\n    strimzi.io/cluster: c\nspec:\n  replicas: 3\n  roles: [controller]\n  storage:\n    type: ephemeral\n---\napiVersion: kafka.strimzi.io/v1\nkind: KafkaNodePool\nmetadata:\n  name: brokers\n  labels:\n    strimzi.io/cluster: c\nspec:\n  replicas: 3\n  roles: [broker]\n  storage:\n    type: ephemeral\n";
    let zk = "apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata:\n  name: c\nspec:\n  kafka:\n    version: 3.6.1\n    replicas: 3\n    listeners:\n      - name: tls\n        port: 9093\n        type: internal\n        tls: true\n    config:\n      offsets.topic.replication.factor: 3\n      transaction.state.log.replication.factor: 3\n      transaction.state.log.min.isr: 2\n      default.replication.factor: 3\n      min.insync.replicas: 2\n      inter.broker.protocol.version: \"3.6\"\n    storage:\n      type: ephemeral\n  zookeeper:\n    replicas: 3\n    storage:\n      type: ephemeral\n";
    for (name, text) in [("kraft.yaml", kraft), ("zk.yaml", zk)] {
        let report = lint(vec![input(name, text)], &settings()).unwrap();
        let loud: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .map(|d| format!("{}: {}", d.rule.id, d.message))
            .collect();
        assert!(loud.is_empty(), "{name}:\n{}", loud.join("\n"));
        assert_eq!(report.files[0].file.unit.as_ref().unwrap().broker_count, Some(3));
    }
}

#[test]
fn forbidden_keys_are_reported_and_not_linted_as_broker_settings() {
    let report = lint(vec![fixture("kafka-zookeeper.yaml")], &settings()).unwrap();
    let forbidden: Vec<&str> =
        report.diagnostics.iter().filter(|d| d.rule.id == "strimzi/forbidden-config").map(|d| d.key.as_deref().unwrap()).collect();
    assert_eq!(forbidden, vec!["advertised.listeners", "ssl.client.auth", "ssl.keystore.password", "log.dirs"]);
    assert!(report.diagnostics.iter().all(|d| d.severity == Severity::Warning), "{}", human(&report));
    let f = &report.files[0].file;
    assert!(f.explicit("advertised.listeners").is_none());
    assert!(f.explicit("log.dirs").is_none());
    assert!(!human(&report).contains("Zq91strimzi"));
}

#[test]
fn topics_are_checked_against_their_cluster() {
    let kafka = std::fs::read_to_string(root().join("tests/fixtures/strimzi/kafka-kraft-node-pools.yaml")).unwrap();
    let topic = "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata:\n  name: t\n  labels:\n    strimzi.io/cluster: my-cluster\nspec:\n  partitions: 3\n  replicas: 4\n";
    let other = topic.replace("my-cluster", "elsewhere");
    let ids = |inputs: Vec<Input>| -> Vec<&'static str> {
        let r = lint(inputs, &settings()).unwrap();
        r.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.rule.id).collect()
    };
    // Same file, same directory: 4 replicas on 3 brokers.
    assert_eq!(ids(vec![input("d/all.yaml", &format!("{kafka}---\n{topic}"))]), vec!["strimzi/topic-replicas-exceed-brokers"]);
    assert_eq!(ids(vec![input("d/kafka.yaml", &kafka), input("d/topic.yaml", topic)]), vec!["strimzi/topic-replicas-exceed-brokers"]);
    // Another cluster's topic, or a topic alone: nothing to compare with.
    assert!(ids(vec![input("d/kafka.yaml", &kafka), input("d/topic.yaml", &other)]).is_empty());
    assert!(ids(vec![input("d/topic.yaml", topic)]).is_empty());
}

#[test]
fn fix_is_byte_exact_and_converges() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/strimzi/kafka-zookeeper.yaml")).unwrap();
    let inputs = vec![input("kafka.yaml", &text)];
    let (fixed, rounds) = fix_until_stable(&inputs, &settings(), true);
    assert!(rounds >= 1);
    let after = &fixed[0].1;
    assert!(kafkalint::formats::yaml::parse(after).is_ok());
    // Exactly the four forbidden lines are gone; every other byte is where it was.
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            !["advertised.listeners:", "ssl.client.auth:", "ssl.keystore.password:", "log.dirs:"]
                .iter()
                .any(|k| l.trim_start().starts_with(k))
        })
        .collect();
    assert_eq!(after, &format!("{}\n", kept.join("\n")));
    let again = vec![input("kafka.yaml", after)];
    assert_eq!(fix_until_stable(&again, &settings(), true).1, 0);
}

#[test]
fn field_corpus_strimzi_files() {
    let dir = root().join("../shared/field-corpus");
    let Ok(manifest) = std::fs::read_to_string(dir.join("manifest.json")) else {
        eprintln!("note: ../shared/field-corpus is absent; the corpus test is skipped");
        return;
    };
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let mut lines = Vec::new();
    let mut linted = 0;
    for e in manifest.as_array().unwrap().iter().filter(|e| e["kind"] == "strimzi") {
        let file = e["file"].as_str().unwrap();
        let name = Path::new(e["path"].as_str().unwrap()).file_name().unwrap().to_owned();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let report = lint(vec![Input { path: PathBuf::from(file).with_file_name(&name), bytes }], &settings()).unwrap();
        assert_eq!(report.inputs[0].format, Some(Format::Strimzi), "{file}");
        assert!(report.files.iter().any(|f| f.file.role == Some(Role::Broker)), "{file}: no Kafka unit");
        linted += 1;
        for d in report.diagnostics.iter().filter(|d| d.severity >= Severity::Warning) {
            let (line, _) = report.files[d.file()].file.source.line_col(d.primary.span.start);
            lines.push(format!("{} {file}:{line}  {}", d.rule.id, d.message));
        }
    }
    assert_eq!(linted, 7);
    lines.sort();
    insta::assert_snapshot!("field_corpus_strimzi", lines.join("\n"));
}

/// A topic of the file's own cluster is checked against the broker count the resource gives.
#[test]
fn topic_rules_know_the_resources_broker_count() {
    let kafka = std::fs::read_to_string(root().join("tests/fixtures/strimzi/kafka-kraft-node-pools.yaml")).unwrap();
    let topic = "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata:\n  name: t\n  labels:\n    strimzi.io/cluster: my-cluster\nspec:\n  partitions: 3\n  replicas: 3\n  config:\n    min.insync.replicas: 4\n";
    let r = lint(vec![input("d/all.yaml", &format!("{kafka}---\n{topic}"))], &settings()).unwrap();
    let d = r.diagnostics.iter().find(|d| d.rule.id == "topic/min-insync-exceeds-replication-factor").expect("fires");
    assert!(d.message.contains("the Kafka resource `my-cluster` has 3 brokers"), "{}", d.message);
}

/// Odd shapes of Strimzi resources are read without a panic.
#[test]
fn odd_inputs_never_panic() {
    let head = "apiVersion: kafka.strimzi.io/v1beta2\n";
    let bodies = [
        "kind: Kafka\n",
        "kind: Kafka\nmetadata:\n  name: [a]\nspec:\n  kafka: 1\n",
        "kind: Kafka\nmetadata:\n  name: c\nspec:\n  kafka:\n    replicas: abc\n    listeners: 5\n    config: [a, b]\n    version: banana\n",
        "kind: Kafka\nmetadata:\n  name: c\nspec:\n  kafka:\n    replicas: -3\n    listeners:\n      - name: x\n        port: 99999\n      - 7\n    config: {listeners: a, b: c}\n",
        "kind: KafkaNodePool\nmetadata:\n  name: p\n  labels:\n    strimzi.io/cluster: c\nspec:\n  replicas: 99999999999999999999\n  roles: broker\n",
        "kind: KafkaTopic\nmetadata:\n  name: t\n  labels: [x]\nspec:\n  replicas: x\n  config:\n    min.insync.replicas: [1]\n",
        "kind: KafkaTopic\nmetadata:\n  name: t\nspec: ~\n",
    ];
    for (i, b) in bodies.iter().enumerate() {
        let t = format!("{head}{b}---\n{head}{b}");
        assert!(lint(vec![input("k.yaml", &t)], &settings()).is_ok(), "{i}");
    }
}

/// The human output without the closing notes on versions (those belong to the summary, which
/// other tests pin).
fn findings_only(out: &str) -> String {
    let end = out.find("\nnote: ").map_or(out.len(), |i| i + 1);
    out[..end].to_string()
}

/// Kubernetes reads YAML with Go's yaml (a libyaml port): a closing bracket at its parent's
/// indentation is read, not a syntax error.
#[test]
fn flow_brackets_at_the_parents_indentation() {
    let t = "apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata:\n  name: c\nspec:\n  kafka:\n    replicas: 3\n    config:\n      num.partitions: 3\n    template:\n      pod:\n        tolerations: [\n          \"x\"\n        ]\n  zookeeper:\n    replicas: 3\n";
    assert!(kafkalint::formats::yaml::parse(t).is_err(), "saphyr refuses it");
    let r = kafkalint::formats::strimzi::read(std::path::Path::new("kafka.yaml"), t);
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.units[0].entries[0].key, "num.partitions");
}
