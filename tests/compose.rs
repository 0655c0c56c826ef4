//! docker-compose files: fixes keep every other byte and the block's form, no secret of a compose
//! file reaches any output, and the real compose files of the field corpus lint without a crash
//! (their errors and warnings snapshotted; each was read, see the snapshot).

mod common;

use common::*;
use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kafkalint"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/compose").join(name)
}

/// `--fix --unsafe-fixes` on a copy: the new settings go after the block's last item, in its form
/// and indentation; nothing else changes; the result re-parses and a second run changes nothing.
#[test]
fn fixes_insert_in_the_blocks_form_and_converge() {
    for (name, added) in [
        (
            "single-map.yml",
            "      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: \"1\"\n      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: \"1\"\n",
        ),
        ("single-list.yml", "      - KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1\n      - KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1\n"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        let before = std::fs::read_to_string(fixture(name)).unwrap();
        std::fs::write(&path, &before).unwrap();
        let run = || bin().args(["check", "--isolated", "--fix", "--unsafe-fixes"]).arg(&path).output().unwrap();
        run();
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(after.contains(added), "{name}: expected the inserted lines in the block's form:\n{after}");
        // Every byte of the original survives, in order: the fix only inserted lines.
        let mut rest = after.as_str();
        for line in before.split_inclusive('\n') {
            let at = rest.find(line).unwrap_or_else(|| panic!("{name}: line `{line}` changed:\n{after}"));
            rest = &rest[at + line.len()..];
        }
        assert!(kafkalint::formats::yaml::parse(&after).is_ok(), "{name}: the fixed file does not parse");
        run();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), after, "{name}: a second --fix changed something");
    }
}

#[test]
fn no_secret_of_a_compose_file_in_any_output() {
    let path = fixture("secrets.yml");
    let secrets = ["s3cretKeyPassw0rd", "jaasS3cret42", "0ptsS3cret77", "cmdS3cret99", "listS3cret11", "pgS3cret55"];
    let text = std::fs::read_to_string(&path).unwrap();
    for s in secrets {
        assert!(text.contains(s), "the fixture holds {s}");
    }
    // What every renderer shows of the file (any line may be a snippet's context): no secret.
    let settings = kafkalint::lint::Settings { isolated: true, ..Default::default() };
    let report = lint_inputs(fixture_inputs(&path), &settings);
    assert!(!report.files.is_empty());
    for f in &report.files {
        for s in secrets {
            assert!(!f.redacted.text.contains(s), "unit {:?}: the redacted text holds {s}", f.file.unit_name());
        }
    }
    let mut runs: Vec<Vec<&str>> =
        ["human", "json", "sarif", "github", "compact"].iter().map(|f| vec!["check", "--isolated", "--format", f]).collect();
    runs.push(vec!["effective"]);
    runs.push(vec!["effective", "--format", "json"]);
    for args in runs {
        let out = bin().args(&args).arg(&path).output().unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!all.is_empty(), "{args:?}: no output");
        for s in secrets {
            assert!(!all.contains(s), "{args:?} printed the secret {s}:\n{all}");
        }
    }
}

/// The compose reader's units: image kinds, versions from tags, client units, broker count.
#[test]
fn units_of_a_compose_file() {
    let text = std::fs::read_to_string(fixture("single-map.yml")).unwrap();
    let read = kafkalint::formats::compose::read(&fixture("single-map.yml"), &text);
    let names: Vec<(&str, Option<kafkalint::model::Role>)> = read.units.iter().map(|u| (u.meta.name.as_str(), u.role)).collect();
    assert_eq!(names, vec![("kafka", Some(kafkalint::model::Role::Broker)), ("app", Some(kafkalint::model::Role::Admin))]);
    let kafka = &read.units[0];
    assert_eq!(kafka.meta.release.map(|r| r.name()), Some("3.6"));
    assert_eq!(kafka.meta.broker_count, Some(1));
    assert!(kafka.meta.defaults.iter().any(|d| d.key == "log.dirs" && d.value == "/var/lib/kafka/data"));
    assert!(kafka
        .meta
        .defaults
        .iter()
        .any(|d| d.key == "listeners" && d.value == "PLAINTEXT://0.0.0.0:29092,PLAINTEXT_HOST://0.0.0.0:9092"));
    let e = kafka.entries.iter().find(|e| e.key == "zookeeper.connect").unwrap();
    assert_eq!(e.value, "zookeeper:2181");
    assert_eq!(&text[e.value_span.range()], "zookeeper:2181");
    assert_eq!(&text[e.key_span.range()], "KAFKA_ZOOKEEPER_CONNECT");
    // A tool container on a broker image is no broker.
    let tool = "services:\n  init:\n    image: confluentinc/cp-kafka:7.6.0\n    command: kafka-topics --bootstrap-server kafka:9092 --create --topic t\n    environment:\n      KAFKA_BROKER_ID: 1\n";
    assert!(kafkalint::formats::compose::read(std::path::Path::new("c.yml"), tool).units.is_empty());
}

/// An image kafkalint does not know, with Kafka broker variables: a unit read with the
/// Confluent/Apache convention, marked as a guess, with nothing assumed beyond what is written (no
/// version, no image defaults, no insertion point, only names that map to Kafka keys). Services
/// that are not brokers keep their handling: an application with only `KAFKA_ZOOKEEPER_CONNECT`,
/// a tool container, kafka-ui, Schema Registry.
#[test]
fn unknown_images_are_a_guess() {
    let text = "services:\n  kafka:\n    image: mycorp/kafka:1.2\n    environment:\n      KAFKA_BROKER_ID: 1\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092\n      KAFKA_LISTENER_NAME_INTERNAL_SSL_KEYSTORE_LOCATION: /k.jks\n      KAFKA_NUM_PARTITIONS: \"3\"\n      KAFKA_HEAP_OPTS: -Xmx1g\n      KAFKA_SSL_KEYSTORE_FILENAME: k.jks\n      KAFKA_MY_OWN_THING: x\n  app:\n    image: mycorp/app:1\n    environment:\n      KAFKA_ZOOKEEPER_CONNECT: zookeeper:2181\n      KAFKA_BOOTSTRAP_SERVERS_HOST: kafka:9092\n  topics:\n    image: mycorp/kafka:1.2\n    command: kafka-topics --bootstrap-server kafka:9092 --list\n    environment:\n      KAFKA_BROKER_ID: 0\n  ui:\n    image: provectuslabs/kafka-ui:v0.7.2\n    environment:\n      KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: kafka:9092\n  registry:\n    image: confluentinc/cp-schema-registry:7.6.0\n    environment:\n      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: kafka:9092\n  built:\n    build: .\n    environment:\n      KAFKA_NODE_ID: 2\n      KAFKA_PROCESS_ROLES: broker\n";
    let read = kafkalint::formats::compose::read(std::path::Path::new("docker-compose.yml"), text);
    let units: Vec<(&str, Option<&str>)> = read.units.iter().map(|u| (u.meta.name.as_str(), u.meta.image_kind)).collect();
    assert_eq!(units, vec![("kafka", Some("guess")), ("ui", Some("client")), ("registry", Some("client")), ("built", Some("guess"))]);
    let k = &read.units[0];
    assert_eq!(k.role, Some(kafkalint::model::Role::Broker));
    let keys: Vec<&str> = k.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, vec!["broker.id", "advertised.listeners", "listener.name.internal.ssl.keystore.location", "num.partitions"]);
    assert!(k.meta.release.is_none() && k.meta.version_source.is_none());
    assert!(k.meta.defaults.is_empty() && k.meta.insert.is_none() && k.meta.unmapped.is_empty());
    assert!(k.meta.notes[0].contains("a guess"), "{:?}", k.meta.notes);
    // Two guessed brokers: the file's broker count.
    assert_eq!(k.meta.broker_count, Some(2));
    assert!(read.units[3].meta.notes[0].starts_with("the service builds its own image"));
    // A known image whose tag is a variable the `.env` file does not set: the image is known (its
    // mapping, defaults, derived settings), its version is not; a ZooKeeper-mode Confluent broker
    // runs the Python `dub` (Confluent Platform before 8.0).
    let tagless = "services:\n  kafka:\n    image: confluentinc/cp-kafka:${CP_VERSION}\n    environment:\n      KAFKA_BROKER_ID: 1\n      KAFKA_ZOOKEEPER_CONNECT: zookeeper:2181\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092\n      KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET: org.apache.zookeeper.ClientCnxnSocketNetty\n";
    let read = kafkalint::formats::compose::read(std::path::Path::new("docker-compose.yml"), tagless);
    let u = &read.units[0];
    assert_eq!((u.meta.image_kind, u.meta.release), (Some("confluent"), None));
    assert!(u.meta.version_note.is_none());
    assert!(u.meta.defaults.iter().any(|d| d.key == "log.dirs"));
    assert!(u.entries.iter().any(|e| e.key == "zookeeper.clientCnxnSocket"));
    // A variable in the repository path: the image is unknown.
    let registry = tagless.replace("confluentinc/cp-kafka:${CP_VERSION}", "${REGISTRY}/kafka:7.6.0");
    let read = kafkalint::formats::compose::read(std::path::Path::new("docker-compose.yml"), &registry);
    assert_eq!(read.units[0].meta.image_kind, Some("guess"));
}

/// wurstmeister's start script fills `_{HOSTNAME_COMMAND}`/`_{PORT_COMMAND}` with a command's
/// output: such values are unchecked, not malformed listeners.
#[test]
fn wurstmeister_command_placeholders() {
    let text = "services:\n  kafka:\n    image: wurstmeister/kafka:2.13-2.8.1\n    environment:\n      HOSTNAME_COMMAND: hostname -f\n      KAFKA_ADVERTISED_LISTENERS: INSIDE://:9092,OUTSIDE://_{HOSTNAME_COMMAND}:9094\n      KAFKA_LISTENERS: INSIDE://:9092,OUTSIDE://:9094\n      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: INSIDE:PLAINTEXT,OUTSIDE:PLAINTEXT\n      KAFKA_INTER_BROKER_LISTENER_NAME: INSIDE\n      KAFKA_ZOOKEEPER_CONNECT: zookeeper:2181\n";
    let read = kafkalint::formats::compose::read(std::path::Path::new("docker-compose.yml"), text);
    let adv = read.units[0].entries.iter().find(|e| e.key == "advertised.listeners").unwrap();
    assert_eq!(adv.value, "INSIDE://:9092,OUTSIDE://${HOSTNAME_COMMAND}:9094");
    assert!(kafkalint::model::is_placeholder(&adv.value));
    // Without HOSTNAME_COMMAND the script replaces nothing: the text is what Kafka gets.
    let bare = text.replace("      HOSTNAME_COMMAND: hostname -f\n", "");
    let read = kafkalint::formats::compose::read(std::path::Path::new("docker-compose.yml"), &bare);
    let adv = read.units[0].entries.iter().find(|e| e.key == "advertised.listeners").unwrap();
    assert!(adv.value.contains("_{HOSTNAME_COMMAND}"));
}

/// Compose reads its files with Go's yaml.v3, which accepts a flow sequence whose `]` sits at
/// its parent's indentation (saphyr-parser 0.3.4 does not): such a file is read, with spans in
/// the file's own text.
#[test]
fn flow_brackets_at_the_parents_indentation() {
    let text = "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.6.0\n    command: [\n      \"/etc/confluent/docker/run\"\n    ]\n    environment:\n      KAFKA_BROKER_ID: 1\n      KAFKA_ZOOKEEPER_CONNECT: \"zookeeper:2181\"\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092\n";
    assert!(kafkalint::formats::yaml::parse(text).is_err());
    let read = kafkalint::formats::compose::read(std::path::Path::new("docker-compose.yml"), text);
    assert!(read.error.is_none(), "{:?}", read.error);
    assert_eq!(read.units.len(), 1);
    let zk = read.units[0].entries.iter().find(|e| e.key == "zookeeper.connect").unwrap();
    assert_eq!(&text[zk.value_span.range()], "zookeeper:2181");
    assert_eq!(&text[zk.key_span.range()], "KAFKA_ZOOKEEPER_CONNECT");
}

/// `.env` interpolation: resolved values are checked (and not editable); unresolved ones keep
/// their `${VAR}` text, which the rules treat as unchecked.
#[test]
fn env_interpolation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "RF=1\n# comment\nTAG=7.6.0\n").unwrap();
    let text = "services:\n  kafka:\n    image: confluentinc/cp-kafka:${TAG}\n    environment:\n      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: ${RF}\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://${HOST:-kafka}:9092\n      KAFKA_ZOOKEEPER_CONNECT: ${ZK}\n      KAFKA_NUM_PARTITIONS:\n";
    let path = dir.path().join("docker-compose.yml");
    let read = kafkalint::formats::compose::read(&path, text);
    let u = &read.units[0];
    assert_eq!(u.meta.release.map(|r| r.name()), Some("3.6"));
    let get = |k: &str| u.entries.iter().find(|e| e.key == k).unwrap();
    assert_eq!(get("offsets.topic.replication.factor").value, "1");
    assert_eq!(get("offsets.topic.replication.factor").syntax, kafkalint::formats::ValueSyntax::Fixed);
    assert_eq!(get("advertised.listeners").value, "PLAINTEXT://kafka:9092");
    assert_eq!(get("zookeeper.connect").value, "${ZK}");
    assert!(kafkalint::model::is_placeholder(&get("zookeeper.connect").value));
    // Taken from the host's environment: set, value unknown.
    assert_eq!(get("num.partitions").value, "${KAFKA_NUM_PARTITIONS}");
}

/// Every compose file of the field corpus: no crash, and the errors and warnings as reviewed.
#[test]
fn field_corpus_compose_files() {
    let dir = root().join("../shared/field-corpus/compose");
    if !dir.is_dir() {
        eprintln!("no field corpus at {}", dir.display());
        return;
    }
    let out = bin().args(["check", "--isolated", "--format", "json", "--fail-on", "error"]).arg(&dir).current_dir(root()).output().unwrap();
    let code = out.status.code();
    assert!(matches!(code, Some(0) | Some(1)), "kafkalint failed ({code:?}): {}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| {
            let file = d["file"].as_str().unwrap_or("").rsplit('/').next().unwrap_or("").to_string();
            format!(
                "{} {} {}:{} [{}] {}",
                d["severity"].as_str().unwrap_or(""),
                d["rule"].as_str().unwrap_or(""),
                file,
                d["line"],
                d["unit"].as_str().unwrap_or("-"),
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    // Messages may name other files by path: keep the snapshot independent of the checkout.
    let prefix = format!("{}/", root().display());
    let lines: Vec<String> = lines.into_iter().map(|l| l.replace(&prefix, "")).collect();
    let mut lines = lines;
    lines.sort();
    insta::assert_snapshot!("field_corpus_compose", lines.join("\n"));
}

/// One compose file per broker image, bad and good, linted with every rule at the Kafka version
/// its image tag names: good files are silent (no error or warning), bad ones are not, and the
/// output is snapshotted.
#[test]
fn image_fixtures() {
    let dir = root().join("tests/fixtures/compose/images");
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "yml")).collect();
    cases.sort();
    assert!(cases.len() >= 10);
    let settings = kafkalint::lint::Settings { isolated: true, ..Default::default() };
    for path in cases {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let report = lint_inputs(fixture_inputs(&path), &settings);
        let loud = report.diagnostics.iter().filter(|d| d.severity >= kafkalint::diagnostic::Severity::Warning).count();
        if name.ends_with("-good") {
            assert_eq!(loud, 0, "{name}: expected no error or warning:\n{}", human(&report));
        } else {
            assert!(loud > 0, "{name}: expected findings");
        }
        insta::with_settings!({ snapshot_path => dir.clone(), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, human(&report));
        });
    }
}

/// `# kafkalint: disable=...` above a line of a compose file silences that line's findings, also
/// when the line sets no Kafka key (an image reference, a variable of another image).
#[test]
fn suppressions_in_compose_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docker-compose.yml");
    let text = "services:\n  kafka:\n    # kafkalint: disable=docker/image-tag-moves\n    image: confluentinc/cp-kafka:latest\n    environment:\n      KAFKA_NODE_ID: 1\n      KAFKA_PROCESS_ROLES: broker,controller\n      # kafkalint: disable=docker/variable-not-read-by-image\n      KAFKA_CREATE_TOPICS: \"a:1:1\"\n      KAFKA_CFG_NUM_PARTITIONS: 3\n      CLUSTER_ID: abc\n";
    std::fs::write(&path, text).unwrap();
    let out = bin().args(["check", "--isolated", "--select", "docker", "--format", "json"]).arg(&path).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(found, vec![("docker/variable-not-read-by-image".to_string(), 10)], "only the unsuppressed line is reported");
}

/// Odd compose files never panic the reader.
#[test]
fn odd_compose_files_do_not_panic() {
    let cases = [
        "services: [1, 2]\n",
        "services:\n  x: 5\n",
        "services:\n  kafka:\n    image: [a]\n    environment: 7\n",
        "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.6.0\n    environment: {KAFKA_BROKER_ID: 1, KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://é:9092'}\n    ports: [\"9092:9092/udp\", {target: x}, \"a:b:c:d\", \"-1:99999\"]\n",
        "services:\n  kafka:\n    image: bitnami/kafka:3.7\n    environment:\n      - =x\n      - KAFKA_CFG_=\n      - KAFKA_CFG_LISTENERS=${\n      - \"KAFKA_CFG_X=\\u00e9\\\"\"\n    env_file: [{path: /nonexistent/x.env}, 3]\n",
        "services:\n  kafka:\n    image: \"confluentinc/cp-kafka:${TAG:-7.6.0}\"\n    environment: &e\n      KAFKA_ZOOKEEPER_CONNECT: $$zk\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://${H:?missing}:9092\n  k2:\n    image: confluentinc/cp-kafka:7.6.0\n    environment: *e\n    command: [\"/etc/confluent/docker/run\"]\n",
        "services:\n  k:\n    <<: {image: apache/kafka:3.8.0}\n    environment:\n      <<: {KAFKA_NODE_ID: 1}\n      KAFKA_PROCESS_ROLES: controller\n      KAFKA_ADVERTISED_LISTENERS: X://h:1\n",
        "services:\n  k:\n    image: apache/kafka:9.9.9\n    environment:\n      KAFKA_A_B_C: |\n        multi\n        line\n",
    ];
    for (i, text) in cases.iter().enumerate() {
        let path = std::path::PathBuf::from(format!("case{i}/docker-compose.yml"));
        let read = kafkalint::formats::compose::read(&path, text);
        for u in &read.units {
            for e in &u.entries {
                assert!(
                    text.get(e.key_span.range()).is_some()
                        && text.get(e.value_span.range()).is_some()
                        && text.get(e.span.range()).is_some(),
                    "case {i}: span out of the text"
                );
            }
        }
        let settings = kafkalint::lint::Settings { isolated: true, ..Default::default() };
        let input = kafkalint::lint::Input { path, bytes: text.as_bytes().to_vec() };
        lint_inputs(vec![input], &settings);
    }
}
