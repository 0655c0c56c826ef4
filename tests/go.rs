//! Go clients read from Go code (src/formats/go.rs): what becomes a unit, with which keys, values,
//! spans and defaults; what is skipped; suppressions and fixes in Go syntax.

mod common;

use common::*;
use kafkalint::formats::{self, go, Format};
use kafkalint::lint::Input;
use std::path::{Path, PathBuf};

/// A Go module in a temporary directory: go.mod requiring `require`, and main.go.
fn module(require: &str, main: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("go.mod"), format!("module example.com/svc\n\ngo 1.22\n\nrequire {require}\n")).unwrap();
    let path = dir.path().join("main.go");
    std::fs::write(&path, main).unwrap();
    (dir, path)
}

fn read(path: &Path) -> formats::Read {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(formats::detect(path, &text), Some(Format::Go));
    formats::read(Format::Go, path, &text)
}

fn lint_paths(paths: &[&Path], select: Option<Vec<String>>) -> kafkalint::lint::Report {
    let inputs = paths.iter().map(|p| Input { path: p.to_path_buf(), bytes: std::fs::read(p).unwrap() }).collect();
    let settings =
        kafkalint::lint::Settings { isolated: true, select, release: Some(kafkalint::version::Release::newest()), ..Default::default() };
    lint_inputs(inputs, &settings)
}

const CONSUMER: &str = r#"package main

import (
	"context"
	"log"
	"time"

	"github.com/IBM/sarama"
)

type handler struct{}

func (handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (handler) ConsumeClaim(s sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for m := range c.Messages() {
		s.MarkMessage(m, "")
	}
	return nil
}

func main() {
	brokers := []string{"kafka-1:9092", "kafka-2:9092"}
	config := sarama.NewConfig()
	config.Version = sarama.V3_6_0_0
	config.Consumer.Return.Errors = true
	config.Consumer.Offsets.Initial = sarama.OffsetOldest
	config.Consumer.Group.Session.Timeout = 45 * time.Second
	config.Consumer.Fetch.Default = 4 << 20
	group, err := sarama.NewConsumerGroup(brokers, "orders", config)
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		for err := range group.Errors() {
			log.Println(err)
		}
	}()
	for {
		if err := group.Consume(context.Background(), []string{"orders"}, handler{}); err != nil {
			log.Fatal(err)
		}
	}
}
"#;

#[test]
fn a_sarama_consumer_becomes_a_consumer_unit_with_java_keys_spans_and_sarama_defaults() {
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", CONSUMER);
    let text = std::fs::read_to_string(&path).unwrap();
    let read = read(&path);
    assert_eq!(read.units.len(), 1);
    let u = &read.units[0];
    assert_eq!(u.role, Some(kafkalint::model::Role::Consumer));
    assert_eq!(u.meta.client.as_deref(), Some("sarama@1.43.0"));
    let get = |k: &str| u.entries.iter().find(|e| e.key == k).unwrap_or_else(|| panic!("no entry {k}"));
    let session = get("session.timeout.ms");
    assert_eq!(session.value, "45000");
    assert_eq!(&text[session.value_span.range()], "45 * time.Second");
    assert_eq!(&text[session.span.range()], "config.Consumer.Group.Session.Timeout = 45 * time.Second");
    assert_eq!(get("auto.offset.reset").value, "earliest");
    assert_eq!(get("max.partition.fetch.bytes").value, (4 << 20).to_string());
    assert_eq!(get("bootstrap.servers").value, "kafka-1:9092,kafka-2:9092");
    assert_eq!(get("group.id").value, "orders");
    // sarama's own defaults, never Java's: heartbeat 3s, PLAIN when SASL is on, no acks on a consumer.
    let def = |k: &str| u.meta.defaults.iter().find(|d| d.key == k).map(|d| (d.value.as_str(), d.origin.as_str()));
    assert_eq!(def("heartbeat.interval.ms"), Some(("3000", "sarama v1.43.0 defaults")));
    assert_eq!(def("enable.auto.commit").map(|d| d.0), Some("true"));
    assert_eq!(def("sasl.mechanism").map(|d| d.0), Some("PLAIN"));
    assert_eq!(def("session.timeout.ms"), None, "set in code, so no default");
    assert_eq!(def("acks"), None, "a consumer has no acks");
    let g = u.meta.go.as_ref().unwrap();
    assert!(g.reads_errors);
    assert_eq!(g.known("Version"), Some(go::GoVal::Version("3.6.0".into())));
}

#[test]
fn a_minimal_correct_sarama_consumer_gets_no_finding_from_any_rule() {
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", CONSUMER);
    let report = lint_paths(&[&path], None);
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
}

#[test]
fn producer_defaults_follow_the_library_version() {
    let main = "package main\n\nimport \"github.com/IBM/sarama\"\n\nfunc main() {\n\tconfig := sarama.NewConfig()\n\tconfig.Producer.Return.Successes = true\n\t_, _ = sarama.NewSyncProducer([]string{\"k:9092\"}, config)\n}\n";
    for (require, max_request, version) in
        [("github.com/Shopify/sarama v1.38.1", "1000000", "1.0.0"), ("github.com/IBM/sarama v1.45.0", "1048576", "2.1.0")]
    {
        let (_dir, path) = module(require, main);
        let r = read(&path);
        let u = &r.units[0];
        assert_eq!(u.role, Some(kafkalint::model::Role::Producer));
        let def = |k: &str| u.meta.defaults.iter().find(|d| d.key == k).map(|d| d.value.clone());
        // produce_request.go WaitForLocal = 1: sarama's acks default is 1, not Java's all.
        assert_eq!(def("acks").as_deref(), Some("1"), "{require}");
        assert_eq!(def("max.request.size").as_deref(), Some(max_request), "{require}");
        assert_eq!(def("enable.idempotence").as_deref(), Some("false"), "{require}");
        assert_eq!(u.meta.go.as_ref().unwrap().known("Version"), Some(go::GoVal::Version(version.into())), "{require}");
    }
}

#[test]
fn values_kafkalint_does_not_evaluate_are_unchecked_not_guessed() {
    let main = "package main\n\nimport (\n\t\"os\"\n\t\"time\"\n\n\t\"github.com/IBM/sarama\"\n)\n\nfunc main() {\n\tconfig := sarama.NewConfig()\n\tconfig.Consumer.Group.Session.Timeout = timeout()\n\tconfig.Consumer.Group.Heartbeat.Interval = time.Duration(2) * time.Second\n\t_, _ = sarama.NewConsumerGroup([]string{os.Getenv(\"BROKERS\")}, \"g\", config)\n}\n\nfunc timeout() time.Duration { return time.Second }\n";
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", main);
    let r = read(&path);
    let u = &r.units[0];
    let session = u.entries.iter().find(|e| e.key == "session.timeout.ms").unwrap();
    assert!(kafkalint::model::is_placeholder(&session.value), "{}", session.value);
    assert!(u.meta.defaults.iter().all(|d| d.key != "session.timeout.ms"), "no default for a field the code sets");
    assert_eq!(u.entries.iter().find(|e| e.key == "heartbeat.interval.ms").unwrap().value, "2000");
    assert!(u.entries.iter().all(|e| e.key != "bootstrap.servers"), "addresses from the environment are not known");
    // No rule judges the unknown session timeout against the heartbeat; it is said to be unchecked.
    let report = lint_paths(&[&path], None);
    let about_session: Vec<&str> = report.diagnostics.iter().filter(|d| d.message.contains("session")).map(|d| d.rule.id).collect();
    assert_eq!(about_session, ["schema/unchecked-placeholder"], "{}", human(&report));
}

#[test]
fn go_files_without_a_kafka_client_produce_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("util.go");
    // The module path appears only in a string after the imports: not an import.
    std::fs::write(&path, "package util\n\nimport \"fmt\"\n\nfunc Hello() { fmt.Println(\"github.com/IBM/sarama\") }\n").unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!go::imports_kafka_client(&text));
    assert!(formats::read(Format::Go, &path, &text).units.is_empty());
    let report = lint_paths(&[&path], None);
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
    assert_eq!(report.inputs[0].format, Some(Format::Go));
}

#[test]
fn a_go_file_that_does_not_parse_is_skipped_with_an_info_and_the_run_goes_on() {
    let (dir, path) = module(
        "github.com/IBM/sarama v1.43.0",
        "package main\n\nimport \"github.com/IBM/sarama\"\n\nfunc main() {\n\tconfig := sarama.NewConfig(\n}\n",
    );
    let props = dir.path().join("producer.properties");
    std::fs::write(&props, "bootstrap.servers=k:9092\nacks=2\n").unwrap();
    let report = lint_paths(&[&path, &props], None);
    let ids: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.id).collect();
    assert!(ids.contains(&"go/unparsed-file"), "{ids:?}");
    assert!(report.diagnostics.iter().any(|d| d.file() != report.diagnostics[0].file() || ids.len() > 1), "{ids:?}");
    assert!(report
        .diagnostics
        .iter()
        .filter(|d| d.rule.id == "go/unparsed-file")
        .all(|d| d.severity == kafkalint::diagnostic::Severity::Info));
    assert!(ids.iter().any(|i| !i.starts_with("go/")), "the properties file was still checked: {ids:?}");
}

const IDEMPOTENT: &str = "package main\n\nimport \"github.com/IBM/sarama\"\n\nfunc main() {\n\tconfig := sarama.NewConfig()\n\tconfig.Producer.Idempotent = true\n\tconfig.Producer.RequiredAcks = sarama.WaitForLocal\n\tconfig.Producer.Return.Successes = true\n\t_, _ = sarama.NewSyncProducer([]string{\"k:9092\"}, config)\n}\n";

#[test]
fn fixes_replace_a_constant_and_add_an_assignment_after_the_config_is_created() {
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", IDEMPOTENT);
    let inputs = vec![Input { path: path.clone(), bytes: std::fs::read(&path).unwrap() }];
    let settings = kafkalint::lint::Settings {
        isolated: true,
        select: Some(vec!["go/sarama-config-refused".into()]),
        release: Some(kafkalint::version::Release::newest()),
        ..Default::default()
    };
    let (fixed, rounds) = fix_until_stable(&inputs, &settings, true);
    assert!(rounds >= 1);
    let want = "\tconfig := sarama.NewConfig()\n\tconfig.Net.MaxOpenRequests = 1\n\tconfig.Producer.Idempotent = true\n\tconfig.Producer.RequiredAcks = sarama.WaitForAll\n";
    assert!(fixed[0].1.contains(want), "{}", fixed[0].1);
    // The fixed code is accepted by the rule.
    let again = vec![Input { path: path.clone(), bytes: fixed[0].1.clone().into_bytes() }];
    let report = lint_inputs(again, &settings);
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
}

#[test]
fn a_suppression_comment_above_the_line_silences_the_finding() {
    let suppressed = IDEMPOTENT
        .replace("\tconfig.Producer.RequiredAcks", "\t// kafkalint: disable=go/sarama-config-refused\n\tconfig.Producer.RequiredAcks");
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", &suppressed);
    let text = std::fs::read_to_string(&path).unwrap();
    // The comment spans start at the second `/`: the text after its first character is the body.
    let r = read(&path);
    let c = &r.comments[0];
    assert_eq!(&text[c.span.start + 1..c.span.end], " kafkalint: disable=go/sarama-config-refused");
    let report = lint_paths(&[&path], Some(vec!["go/sarama-config-refused".into()]));
    let msgs: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(msgs.iter().all(|m| !m.contains("RequiredAcks")), "{}", human(&report));
    // The other refusal (Net.MaxOpenRequests, at the Idempotent line) still shows.
    assert!(msgs.iter().any(|m| m.contains("MaxOpenRequests")), "{}", human(&report));
}

#[test]
fn franz_go_options_and_confluent_config_maps_become_units() {
    let main = r#"package main

import (
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/twmb/franz-go/pkg/kgo"
)

func franz() {
	cl, _ := kgo.NewClient(
		kgo.SeedBrokers("kafka-1:9092", "kafka-2:9092"),
		kgo.ConsumerGroup("orders"),
		kgo.ConsumeTopics("orders"),
		kgo.SessionTimeout(30*time.Second),
		kgo.DisableAutoCommit(),
	)
	defer cl.Close()
}

func confluent() {
	c, _ := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": "kafka-1:9092",
		"group.id":          "billing",
		"session.timeout.ms": 6000,
	})
	_ = c
}
"#;
    let (_dir, path) = module("github.com/twmb/franz-go v1.17.1", main);
    let r = read(&path);
    assert_eq!(r.units.len(), 2);
    let franz = &r.units[0];
    assert_eq!(franz.role, Some(kafkalint::model::Role::Consumer));
    assert_eq!(franz.meta.client.as_deref(), Some("franz-go@1.17.1"));
    let v = |u: &formats::Unit, k: &str| u.entries.iter().find(|e| e.key == k).map(|e| e.value.clone());
    assert_eq!(v(franz, "bootstrap.servers").as_deref(), Some("kafka-1:9092,kafka-2:9092"));
    assert_eq!(v(franz, "session.timeout.ms").as_deref(), Some("30000"));
    assert_eq!(v(franz, "enable.auto.commit").as_deref(), Some("false"));
    // franz-go's defaults: acks=all and idempotence on, like Java's; sessions 45s.
    assert!(franz.meta.defaults.iter().any(|d| d.key == "heartbeat.interval.ms" && d.value == "3000"));
    let cm = &r.units[1];
    assert_eq!(cm.role, Some(kafkalint::model::Role::Consumer));
    assert_eq!(cm.meta.client.as_deref(), Some("librdkafka"));
    assert_eq!(v(cm, "group.id").as_deref(), Some("billing"));
    assert_eq!(v(cm, "session.timeout.ms").as_deref(), Some("6000"));
}

#[test]
fn go_mod_versions_follow_require_and_replace() {
    let m = go::parse_go_mod(
        "module x\n\ngo 1.21\n\nrequire (\n\tgithub.com/Shopify/sarama v1.38.1 // indirect\n\tgithub.com/bsm/sarama-cluster v2.1.15+incompatible\n)\n\nrequire github.com/lovoo/goka v1.1.16\n\nreplace github.com/Shopify/sarama => github.com/IBM/sarama v1.43.0\n",
    );
    assert_eq!(m.get("github.com/IBM/sarama").map(String::as_str), Some("1.43.0"));
    assert!(!m.contains_key("github.com/Shopify/sarama"));
    assert_eq!(m.get("github.com/bsm/sarama-cluster").map(String::as_str), Some("2.1.15"));
    assert_eq!(m.get("github.com/lovoo/goka").map(String::as_str), Some("1.1.16"));
}

#[test]
fn directory_walks_read_go_files_and_go_mod() {
    assert!(formats::is_candidate(Path::new("svc/main.go")));
    assert!(formats::is_candidate(Path::new("svc/go.mod")));
    assert!(!formats::is_candidate(Path::new("svc/go.sum")));
}

#[test]
fn passwords_written_in_go_never_reach_the_output() {
    let main = "package main\n\nimport (\n\t\"github.com/IBM/sarama\"\n\t\"github.com/twmb/franz-go/pkg/sasl/scram\"\n)\n\nfunc main() {\n\tconfig := sarama.NewConfig()\n\tconfig.Net.SASL.Enable = true\n\tconfig.Net.SASL.User = \"orders\"\n\tconfig.Net.SASL.Password = \"hunter2-secret\"\n\t_ = scram.Auth{User: \"orders\", Pass: `other-secret`}\n\t_, _ = sarama.NewConsumerGroup([]string{\"k:9092\"}, \"g\", config)\n}\n";
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", main);
    let report = lint_paths(&[&path], None);
    assert!(!report.diagnostics.is_empty(), "a finding shows the lines around the password");
    let out = human(&report);
    assert!(!out.contains("hunter2") && !out.contains("other-secret"), "{out}");
    assert!(report.files.iter().all(|f| !f.redacted.text.contains("hunter2") && !f.redacted.text.contains("other-secret")));
}

#[test]
fn a_franz_go_producer_with_leader_acks_meets_the_brokers_min_insync_replicas_of_its_compose_file() {
    let main = "package main\n\nimport (\n\t\"context\"\n\n\t\"github.com/twmb/franz-go/pkg/kgo\"\n)\n\nfunc main() {\n\tcl, _ := kgo.NewClient(\n\t\tkgo.SeedBrokers(\"kafka:9092\"),\n\t\tkgo.DefaultProduceTopic(\"events\"),\n\t\tkgo.RequiredAcks(kgo.LeaderAck()),\n\t\tkgo.DisableIdempotentWrite(),\n\t)\n\tcl.ProduceSync(context.Background(), &kgo.Record{Value: []byte(\"x\")})\n}\n";
    let (dir, path) = module("github.com/twmb/franz-go v1.17.1", main);
    let compose = dir.path().join("docker-compose.yml");
    std::fs::write(
        &compose,
        "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.7.1\n    environment:\n      KAFKA_NODE_ID: 1\n      KAFKA_PROCESS_ROLES: broker,controller\n      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:29093\n      KAFKA_LISTENERS: PLAINTEXT://kafka:9092,CONTROLLER://kafka:29093\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092\n      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER\n      KAFKA_MIN_INSYNC_REPLICAS: 2\n      CLUSTER_ID: MkU3OEVBNTcwNTJENDM2Qk\n",
    )
    .unwrap();
    let r = read(&path);
    assert_eq!(r.units[0].role, Some(kafkalint::model::Role::Producer));
    assert_eq!(r.units[0].meta.release, kafkalint::version::Release::parse("3.7").ok(), "the compose brokers' version");
    let inputs = [&compose, &path].iter().map(|p| Input { path: p.to_path_buf(), bytes: std::fs::read(p).unwrap() }).collect();
    let settings = kafkalint::lint::Settings {
        isolated: true,
        select: Some(vec!["producer/acks-weaker-than-min-insync".into()]),
        ..Default::default()
    };
    let report = lint_inputs(inputs, &settings);
    let hit = report
        .diagnostics
        .iter()
        .find(|d| d.rule.id == "producer/acks-weaker-than-min-insync")
        .unwrap_or_else(|| panic!("{}", human(&report)));
    let f = &report.files[hit.file()].file;
    assert_eq!(f.format, Format::Go);
    assert_eq!(&f.source.text[hit.primary.span.range()], "kgo.LeaderAck()");
}

/// One LSP message over the server's standard input/output.
fn lsp_send(w: &mut impl std::io::Write, m: &serde_json::Value) {
    let b = serde_json::to_vec(m).unwrap();
    write!(w, "Content-Length: {}\r\n\r\n", b.len()).unwrap();
    w.write_all(&b).unwrap();
    w.flush().unwrap();
}

fn lsp_recv(r: &mut impl std::io::BufRead) -> serde_json::Value {
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0u8; len];
    std::io::Read::read_exact(r, &mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn the_language_server_lints_go_documents_at_their_go_positions() {
    use serde_json::json;
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", &CONSUMER.replace("\tconfig.Consumer.Return.Errors = true\n", ""));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    // A server that never publishes ends the test (its output closes) instead of hanging it; only
    // while this test still waits for it.
    let pid = child.id();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let waiting = done.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(30));
        if !waiting.load(std::sync::atomic::Ordering::SeqCst) {
            let _ = std::process::Command::new("kill").arg(pid.to_string()).status();
        }
    });
    lsp_send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    );
    let _ = lsp_recv(&mut stdout);
    lsp_send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = format!("file://{}", path.display());
    let text = std::fs::read_to_string(&path).unwrap();
    lsp_send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}}}),
    );
    let diags = loop {
        let m = lsp_recv(&mut stdout);
        if m["method"] == "textDocument/publishDiagnostics" {
            break m["params"]["diagnostics"].as_array().unwrap().clone();
        }
    };
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = child.kill();
    let _ = child.wait();
    let d = diags.iter().find(|d| d["code"] == "go/sarama-consumer-errors-dropped").unwrap_or_else(|| panic!("{diags:?}"));
    let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(text.lines().nth(line).unwrap().contains("sarama.NewConsumerGroup("), "{d}");
}

#[test]
fn mangled_go_never_panics() {
    // Truncations and insertions (multi-byte characters, quotes, braces) of a real consumer.
    let base = CONSUMER;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("go.mod"), "module x\n\nrequire github.com/IBM/sarama v1.43.0\n").unwrap();
    let inserts = ["é", "€", "\"", "`", "{", "}", "(", "*", "\u{0}", "\r", "/*", "//"];
    let mut cases: Vec<String> = Vec::new();
    let cuts: Vec<usize> = (0..base.len()).step_by(23).filter(|i| base.is_char_boundary(*i)).collect();
    for (n, &i) in cuts.iter().enumerate() {
        cases.push(base[..i].to_string());
        let mut t = base.to_string();
        t.insert_str(i, inserts[n % inserts.len()]);
        cases.push(t);
    }
    for (n, text) in cases.iter().enumerate() {
        let path = dir.path().join(format!("m{n}.go"));
        let _ = formats::read(Format::Go, &path, text);
        let input = Input { path, bytes: text.clone().into_bytes() };
        let settings =
            kafkalint::lint::Settings { isolated: true, release: Some(kafkalint::version::Release::newest()), ..Default::default() };
        let report = lint_inputs(vec![input], &settings);
        let _ = human(&report);
    }
}

#[test]
fn goka_and_sarama_cluster_take_saramas_defaults_at_saramas_go_mod_version() {
    let main = "package main\n\nimport cluster \"github.com/bsm/sarama-cluster\"\n\nfunc main() {\n\tconfig := cluster.NewConfig()\n\tconfig.Consumer.Return.Errors = true\n\t_, _ = cluster.NewConsumer([]string{\"k:9092\"}, \"g\", []string{\"t\"}, config)\n}\n";
    let (_dir, path) = module("(\n\tgithub.com/bsm/sarama-cluster v2.1.15+incompatible\n\tgithub.com/Shopify/sarama v1.19.0\n)", main);
    let r = read(&path);
    let g = r.units[0].meta.go.as_ref().unwrap();
    assert_eq!(g.version.as_deref(), Some("2.1.15"));
    assert_eq!(g.sarama_version.as_deref(), Some("1.19.0"));
    // sarama v1.19.0's NewConfig() Version is MinVersion, V0_8_2_0 (not the newest release's).
    assert_eq!(g.known("Version"), Some(go::GoVal::Version("0.8.2.0".into())));
    // No sarama line: the default Version is not guessed, and the version rule stays quiet.
    let (_dir2, path2) = module("github.com/bsm/sarama-cluster v2.1.15+incompatible", main);
    let report = lint_paths(&[&path2], Some(vec!["compat/sarama-version-vs-cluster".into()]));
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
    let report = lint_paths(&[&path], Some(vec!["compat/sarama-version-vs-cluster".into()]));
    assert_eq!(report.diagnostics.len(), 1, "{}", human(&report));
}

fn ids(report: &kafkalint::lint::Report) -> Vec<&'static str> {
    report.diagnostics.iter().map(|d| d.rule.id).collect()
}

#[test]
fn a_configuration_built_in_a_helper_is_the_one_its_caller_hands_to_the_constructor() {
    let main = "package main\n\nimport (\n\t\"time\"\n\n\t\"github.com/IBM/sarama\"\n)\n\nfunc newConfig() *sarama.Config {\n\tc := sarama.NewConfig()\n\tc.Version = sarama.V2_6_0_0\n\tc.Consumer.Group.Session.Timeout = 6 * time.Second\n\tc.Consumer.Group.Heartbeat.Interval = 6 * time.Second\n\treturn c\n}\n\nfunc main() {\n\tgroup, err := sarama.NewConsumerGroup([]string{\"k:9092\"}, \"orders\", newConfig())\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tdefer group.Close()\n}\n";
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", main);
    let text = std::fs::read_to_string(&path).unwrap();
    let r = read(&path);
    assert_eq!(r.units.len(), 1, "one configuration");
    let u = &r.units[0];
    assert_eq!(u.role, Some(kafkalint::model::Role::Consumer));
    let g = u.meta.go.as_ref().unwrap();
    assert_eq!(g.built_in, None, "made in newConfig itself");
    assert!(g.has_call("NewConsumerGroup"), "{:?}", g.calls);
    assert_eq!(u.entries.iter().find(|e| e.key == "group.id").map(|e| e.value.as_str()), Some("orders"));
    // Heartbeat >= session timeout (sarama refuses it) is reported at the helper's line.
    let report = lint_paths(&[&path], Some(vec!["consumer/heartbeat-vs-session-timeout".into()]));
    let hit = report
        .diagnostics
        .iter()
        .find(|d| d.rule.id == "consumer/heartbeat-vs-session-timeout")
        .unwrap_or_else(|| panic!("{}", human(&report)));
    assert!(hit.primary.span.start < text.find("func main").unwrap(), "{}", human(&report));
    assert_eq!(&text[hit.primary.span.range()], "6 * time.Second");
}

#[test]
fn a_caller_that_continues_a_helpers_configuration_gets_its_fields_and_its_own() {
    let main = "package main\n\nimport \"github.com/IBM/sarama\"\n\nfunc newConfig() *sarama.Config {\n\tc := sarama.NewConfig()\n\tc.Consumer.Offsets.Initial = sarama.OffsetOldest\n\treturn c\n}\n\nfunc main() {\n\tcfg := newConfig()\n\tcfg.Version = sarama.V0_10_2_0\n\tgroup, err := sarama.NewConsumerGroup([]string{\"k:9092\"}, \"orders\", cfg)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tdefer group.Close()\n}\n";
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", main);
    let r = read(&path);
    assert_eq!(r.units.len(), 1, "the helper's unit is the caller's: {:?}", r.units.iter().map(|u| &u.meta.name).collect::<Vec<_>>());
    let u = &r.units[0];
    let g = u.meta.go.as_ref().unwrap();
    assert_eq!(g.built_in.as_deref(), Some("newConfig"));
    assert_eq!(u.entries.iter().find(|e| e.key == "auto.offset.reset").map(|e| e.value.as_str()), Some("earliest"));
    assert_eq!(g.known("Version"), Some(go::GoVal::Version("0.10.2.0".into())));
    let report = lint_paths(&[&path], Some(vec!["compat/sarama-version-vs-cluster".into()]));
    assert_eq!(ids(&report), ["compat/sarama-version-vs-cluster"], "{}", human(&report));
    assert!(report.diagnostics[0].message.contains("Fetch v3"), "{}", human(&report));
}

#[test]
fn a_channel_reader_counts_only_for_the_client_whose_channel_it_reads() {
    let main = "package main\n\nimport (\n\t\"log\"\n\n\t\"github.com/IBM/sarama\"\n)\n\nfunc main() {\n\tbrokers := []string{\"k:9092\"}\n\tconfig := sarama.NewConfig()\n\tconfig.Consumer.Return.Errors = true\n\tgroup, err := sarama.NewConsumerGroup(brokers, \"orders\", config)\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tgo func() {\n\t\tfor err := range group.Errors() {\n\t\t\tlog.Println(err)\n\t\t}\n\t}()\n\tpconfig := sarama.NewConfig()\n\tproducer, err := sarama.NewAsyncProducer(brokers, pconfig)\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tproducer.Input() <- &sarama.ProducerMessage{Topic: \"events\"}\n}\n";
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", main);
    let report = lint_paths(&[&path], Some(vec!["go/sarama-channel-not-read".into()]));
    let msgs: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
    // group.Errors() is read; the producer's Errors() (on by default) is not.
    assert_eq!(msgs.len(), 1, "{}", human(&report));
    assert!(msgs[0].contains("`producer.Errors()`"), "{}", human(&report));
    // Handing the producer to a function: someone else may read it, nothing is said.
    let escaped =
        main.replace("\tproducer.Input() <-", "\tdrain(producer)\n\tproducer.Input() <-") + "\nfunc drain(p sarama.AsyncProducer) {}\n";
    let (_dir2, path2) = module("github.com/IBM/sarama v1.43.0", &escaped);
    let report = lint_paths(&[&path2], Some(vec!["go/sarama-channel-not-read".into()]));
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
    // Discarded with `_`: nothing can read it.
    let discarded = main
        .replace("\tproducer, err := sarama.NewAsyncProducer", "\t_, err = sarama.NewAsyncProducer")
        .replace("\tproducer.Input() <- &sarama.ProducerMessage{Topic: \"events\"}\n", "");
    let (_dir3, path3) = module("github.com/IBM/sarama v1.43.0", &discarded);
    let report = lint_paths(&[&path3], Some(vec!["go/sarama-channel-not-read".into()]));
    assert_eq!(report.diagnostics.len(), 1, "{}", human(&report));
}

#[test]
fn topics_named_in_code_are_recorded_on_their_client() {
    let main = "package main\n\nimport (\n\t\"context\"\n\n\t\"github.com/IBM/sarama\"\n\t\"github.com/twmb/franz-go/pkg/kgo\"\n)\n\nfunc consume(h sarama.ConsumerGroupHandler) {\n\ttopics := []string{\"orders\", \"payments\"}\n\tconfig := sarama.NewConfig()\n\tgroup, _ := sarama.NewConsumerGroup([]string{\"k:9092\"}, \"g\", config)\n\tfor {\n\t\t_ = group.Consume(context.Background(), topics, h)\n\t}\n}\n\nfunc produce() {\n\tconfig := sarama.NewConfig()\n\tconfig.Producer.Return.Successes = true\n\tp, _ := sarama.NewSyncProducer([]string{\"k:9092\"}, config)\n\t_, _, _ = p.SendMessage(&sarama.ProducerMessage{Topic: \"events\", Value: sarama.StringEncoder(\"x\")})\n}\n\nfunc franz() {\n\tcl, _ := kgo.NewClient(kgo.SeedBrokers(\"k:9092\"), kgo.ConsumeTopics(\"audit\"))\n\tcl.PollFetches(context.Background())\n}\n";
    let (_dir, path) = module("(\n\tgithub.com/IBM/sarama v1.43.0\n\tgithub.com/twmb/franz-go v1.17.1\n)", main);
    let text = std::fs::read_to_string(&path).unwrap();
    let r = read(&path);
    let topics = |i: usize| -> Vec<(String, &'static str)> {
        r.units[i].meta.go.as_ref().unwrap().topics.iter().map(|t| (t.name.clone(), t.how)).collect()
    };
    assert_eq!(topics(0), [("orders".to_string(), "consume"), ("payments".to_string(), "consume")]);
    assert_eq!(topics(1), [("events".to_string(), "produce")]);
    assert_eq!(topics(2), [("audit".to_string(), "consume")]);
    let t = &r.units[0].meta.go.as_ref().unwrap().topics[0];
    assert_eq!(&text[t.span.range()], "\"orders\"");
}

#[test]
fn config_map_keys_are_checked_against_the_librdkafka_confluent_kafka_go_bundles() {
    assert_eq!(go::bundled_librdkafka("2.3.0"), Some("2.3.0"));
    assert_eq!(go::bundled_librdkafka("2.5.4"), Some("2.5.3"));
    assert_eq!(go::bundled_librdkafka("1.3.0"), None, "before v1.4.0 the system's librdkafka");
    assert_eq!(go::bundled_librdkafka("9.0.0"), None, "a release line the table does not know");
    let main = "package main\n\nimport \"github.com/confluentinc/confluent-kafka-go/v2/kafka\"\n\nfunc main() {\n\tc, _ := kafka.NewConsumer(&kafka.ConfigMap{\n\t\t\"bootstrap.servers\": \"k:9092\",\n\t\t\"group.id\":          \"g\",\n\t\t\"group.protocol\":    \"consumer\",\n\t})\n\t_ = c\n}\n";
    let (_dir, path) = module("github.com/confluentinc/confluent-kafka-go/v2 v2.3.0", main);
    let r = read(&path);
    assert_eq!(r.units[0].meta.client.as_deref(), Some("librdkafka@2.3.0"));
    let report = lint_paths(&[&path], Some(vec!["compat/key-unknown-to-client".into()]));
    assert_eq!(ids(&report), ["compat/key-unknown-to-client"], "{}", human(&report));
    assert!(report.diagnostics[0].message.contains("group.protocol"), "{}", human(&report));
    // confluent-kafka-go v2.4.0 bundles librdkafka 2.4.0, which has it.
    let (_dir2, path2) = module("github.com/confluentinc/confluent-kafka-go/v2 v2.4.0", main);
    let report = lint_paths(&[&path2], Some(vec!["compat/key-unknown-to-client".into()]));
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
}

const SASL_COMPOSE: &str = "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.7.1\n    environment:\n      KAFKA_NODE_ID: 1\n      KAFKA_PROCESS_ROLES: broker,controller\n      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:29093\n      KAFKA_LISTENERS: SASL_PLAINTEXT://kafka:9092,CONTROLLER://kafka:29093\n      KAFKA_ADVERTISED_LISTENERS: SASL_PLAINTEXT://kafka:9092\n      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT\n      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER\n      KAFKA_INTER_BROKER_LISTENER_NAME: SASL_PLAINTEXT\n      KAFKA_SASL_ENABLED_MECHANISMS: SCRAM-SHA-512\n      KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: SCRAM-SHA-512\n      CLUSTER_ID: MkU3OEVBNTcwNTJENDM2Qk\n";

const SASL_CONSUMER: &str = "package main\n\nimport \"github.com/IBM/sarama\"\n\nfunc main() {\n\tconfig := sarama.NewConfig()\n\tconfig.Version = sarama.V3_6_0_0\n\tconfig.Net.SASL.Enable = true\n\tconfig.Net.SASL.User = \"orders\"\n\tgroup, err := sarama.NewConsumerGroup([]string{\"kafka:9092\"}, \"orders\", config)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tdefer group.Close()\n}\n";

#[test]
fn a_go_module_pairs_with_the_compose_file_at_its_repository_root() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let compose = repo.path().join("docker-compose.yml");
    std::fs::write(&compose, SASL_COMPOSE).unwrap();
    let svc = repo.path().join("services/orders");
    std::fs::create_dir_all(&svc).unwrap();
    std::fs::write(svc.join("go.mod"), "module example.com/orders\n\nrequire github.com/IBM/sarama v1.43.0\n").unwrap();
    let main = svc.join("main.go");
    std::fs::write(&main, SASL_CONSUMER).unwrap();
    let r = read(&main);
    assert_eq!(r.units[0].meta.cluster.as_deref(), Some(compose.display().to_string().as_str()));
    assert_eq!(r.units[0].meta.release, kafkalint::version::Release::parse("3.7").ok(), "the compose brokers' version");
    let inputs = [&compose, &main].iter().map(|p| Input { path: p.to_path_buf(), bytes: std::fs::read(p).unwrap() }).collect();
    let settings =
        kafkalint::lint::Settings { isolated: true, select: Some(vec!["client/sasl-mechanism-not-enabled".into()]), ..Default::default() };
    let report = lint_inputs(inputs, &settings);
    assert_eq!(ids(&report), ["client/sasl-mechanism-not-enabled"], "{}", human(&report));
    // Outside a git repository the search stops at the module's root: no pairing above it.
    std::fs::remove_dir(repo.path().join(".git")).unwrap();
    let other = tempfile::tempdir().unwrap();
    let svc2 = other.path().join("orders");
    std::fs::create_dir_all(&svc2).unwrap();
    std::fs::write(other.path().join("docker-compose.yml"), SASL_COMPOSE).unwrap();
    std::fs::write(svc2.join("go.mod"), "module example.com/orders\n\nrequire github.com/IBM/sarama v1.43.0\n").unwrap();
    std::fs::write(svc2.join("main.go"), SASL_CONSUMER).unwrap();
    let r = read(&svc2.join("main.go"));
    assert_eq!(r.units[0].meta.cluster, None);
}

#[test]
fn of_two_compose_files_the_one_whose_broker_the_addresses_name_is_paired() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    for (dir, service) in [("dev", "kafka"), ("staging", "broker-1")] {
        std::fs::create_dir(repo.path().join(dir)).unwrap();
        std::fs::write(
            repo.path().join(dir).join("compose.yaml"),
            SASL_COMPOSE.replace("kafka:", &format!("{service}:")).replace("  kafka-1", "  kafka"),
        )
        .unwrap();
    }
    // A compose file of the service's own, with no broker, is passed over.
    std::fs::write(repo.path().join("docker-compose.yml"), "services:\n  orders:\n    build: .\n").unwrap();
    std::fs::write(repo.path().join("go.mod"), "module example.com/orders\n\nrequire github.com/IBM/sarama v1.43.0\n").unwrap();
    let main = repo.path().join("main.go");
    std::fs::write(&main, SASL_CONSUMER.replace("kafka:9092", "broker-1:9092")).unwrap();
    let r = read(&main);
    let want = repo.path().join("staging/compose.yaml").display().to_string();
    assert_eq!(r.units[0].meta.cluster.as_deref(), Some(want.as_str()));
    // Addresses that name no service: neither (nothing nearer has brokers, two below are alternatives).
    std::fs::write(&main, SASL_CONSUMER.replace("kafka:9092", "localhost:9092")).unwrap();
    let r = read(&main);
    assert_eq!(r.units[0].meta.cluster, None);
}

const KAFKA_GO: &str = r#"package main

import (
	"context"
	"crypto/tls"
	"log"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl/scram"
)

func consume() {
	mechanism, err := scram.Mechanism(scram.SHA512, "orders", "secret")
	if err != nil {
		log.Fatal(err)
	}
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        []string{"kafka-1:9092", "kafka-2:9092"},
		GroupID:        "orders",
		Topic:          "orders",
		MinBytes:       10e3,
		MaxBytes:       10e6,
		MaxWait:        500 * time.Millisecond,
		SessionTimeout: 45 * time.Second,
		StartOffset:    kafka.LastOffset,
		Dialer: &kafka.Dialer{
			Timeout:       10 * time.Second,
			TLS:           &tls.Config{},
			SASLMechanism: mechanism,
		},
	})
	defer r.Close()
	for {
		m, err := r.ReadMessage(context.Background())
		if err != nil {
			break
		}
		log.Println(string(m.Value))
	}
}

func produce() {
	w := &kafka.Writer{
		Addr:  kafka.TCP("kafka-1:9092"),
		Topic: "events",
	}
	defer w.Close()
	_ = w.WriteMessages(context.Background(), kafka.Message{Value: []byte("x")})
}

func legacy() {
	w := kafka.NewWriter(kafka.WriterConfig{Brokers: []string{"kafka-1:9092"}, Topic: "audit", BatchTimeout: 10 * time.Millisecond})
	defer w.Close()
}
"#;

#[test]
fn kafka_go_readers_and_writers_become_units_with_kafka_gos_own_defaults() {
    let (_dir, path) = module("github.com/segmentio/kafka-go v0.4.47", KAFKA_GO);
    let text = std::fs::read_to_string(&path).unwrap();
    let r = read(&path);
    assert_eq!(r.units.len(), 3, "{:?}", r.units.iter().map(|u| &u.meta.name).collect::<Vec<_>>());
    let v = |u: &formats::Unit, k: &str| u.entries.iter().find(|e| e.key == k).map(|e| e.value.clone());
    let def = |u: &formats::Unit, k: &str| u.meta.defaults.iter().find(|d| d.key == k).map(|d| d.value.clone());
    let reader = &r.units[0];
    assert_eq!(reader.meta.name, "consume: kafka.ReaderConfig");
    assert_eq!(reader.role, Some(kafkalint::model::Role::Consumer));
    // The version matters only to the topic requests of Conn.CreateTopics/DeleteTopics, which this
    // file does not call (compat/client-vs-cluster-version).
    assert_eq!(reader.meta.client.as_deref(), Some("kafka-go"));
    assert_eq!(reader.meta.go.as_ref().unwrap().version.as_deref(), Some("0.4.47"));
    assert_eq!(v(reader, "bootstrap.servers").as_deref(), Some("kafka-1:9092,kafka-2:9092"));
    assert_eq!(v(reader, "group.id").as_deref(), Some("orders"));
    assert_eq!(v(reader, "fetch.max.wait.ms").as_deref(), Some("500"));
    assert_eq!(v(reader, "session.timeout.ms").as_deref(), Some("45000"));
    assert_eq!(v(reader, "auto.offset.reset").as_deref(), Some("latest"));
    assert_eq!(v(reader, "security.protocol").as_deref(), Some("SASL_SSL"));
    assert_eq!(v(reader, "sasl.mechanism").as_deref(), Some("SCRAM-SHA-512"));
    // `10e3` is an untyped float constant Go converts exactly.
    assert_eq!(v(reader, "fetch.min.bytes").as_deref(), Some("10000"));
    // kafka-go's defaults, not Java's: 3s heartbeats, and a reader starts at the first offset.
    assert_eq!(def(reader, "heartbeat.interval.ms").as_deref(), Some("3000"));
    let session = reader.entries.iter().find(|e| e.key == "session.timeout.ms").unwrap();
    assert_eq!(&text[session.value_span.range()], "45 * time.Second");
    let g = reader.meta.go.as_ref().unwrap();
    assert_eq!(g.topics.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["orders"]);
    let writer = &r.units[1];
    assert_eq!(writer.role, Some(kafkalint::model::Role::Producer));
    assert_eq!(v(writer, "bootstrap.servers").as_deref(), Some("kafka-1:9092"));
    // A Writer literal does not wait for acknowledgements ("Defaults to RequireNone").
    assert_eq!(def(writer, "acks").as_deref(), Some("0"));
    assert_eq!(def(writer, "linger.ms").as_deref(), Some("1000"));
    // Record batches are written with producer id -1: never idempotent.
    assert_eq!(def(writer, "enable.idempotence").as_deref(), Some("false"));
    // NewWriter(WriterConfig{…}) turns a zero RequiredAcks into RequireAll.
    let legacy = &r.units[2];
    assert_eq!(def(legacy, "acks").as_deref(), Some("all"));
    assert_eq!(v(legacy, "linger.ms").as_deref(), Some("10"));
    assert_eq!(legacy.meta.go.as_ref().unwrap().topics[0].name, "audit");
    // The password is never shown.
    let report = lint_paths(&[&path], None);
    assert!(!human(&report).contains("secret\""), "{}", human(&report));
    // A file that creates topics with kafka-go v0.4.47 (v0 requests, removed in Kafka 4.0).
    let admin = KAFKA_GO.to_string() + "\nfunc create(conn *kafka.Conn) error {\n\treturn conn.CreateTopics(kafka.TopicConfig{Topic: \"t\", NumPartitions: 1, ReplicationFactor: 1})\n}\n";
    let (_dir2, path2) = module("github.com/segmentio/kafka-go v0.4.47", &admin);
    assert_eq!(read(&path2).units[0].meta.client.as_deref(), Some("kafka-go@0.4.47"));
    let report = lint_paths(&[&path2], Some(vec!["compat/client-vs-cluster-version".into()]));
    assert!(!report.diagnostics.is_empty(), "{}", human(&report));
}

#[test]
fn a_kafka_go_writer_left_at_require_none_meets_the_brokers_min_insync_replicas() {
    let main = "package main\n\nimport (\n\t\"context\"\n\n\t\"github.com/segmentio/kafka-go\"\n)\n\nfunc main() {\n\tw := &kafka.Writer{Addr: kafka.TCP(\"kafka:9092\"), Topic: \"events\"}\n\t_ = w.WriteMessages(context.Background(), kafka.Message{Value: []byte(\"x\")})\n}\n";
    let (dir, path) = module("github.com/segmentio/kafka-go v0.4.47", main);
    let compose = dir.path().join("docker-compose.yml");
    std::fs::write(
        &compose,
        "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.7.1\n    environment:\n      KAFKA_NODE_ID: 1\n      KAFKA_PROCESS_ROLES: broker,controller\n      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:29093\n      KAFKA_LISTENERS: PLAINTEXT://kafka:9092,CONTROLLER://kafka:29093\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092\n      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER\n      KAFKA_MIN_INSYNC_REPLICAS: 2\n      CLUSTER_ID: MkU3OEVBNTcwNTJENDM2Qk\n",
    )
    .unwrap();
    let inputs = [&compose, &path].iter().map(|p| Input { path: p.to_path_buf(), bytes: std::fs::read(p).unwrap() }).collect();
    let settings = kafkalint::lint::Settings {
        isolated: true,
        select: Some(vec!["producer/acks-weaker-than-min-insync".into()]),
        ..Default::default()
    };
    let report = lint_inputs(inputs, &settings);
    assert_eq!(ids(&report), ["producer/acks-weaker-than-min-insync"], "{}", human(&report));
    assert!(human(&report).contains("kafka-go"), "the default is said to be kafka-go's: {}", human(&report));
}

#[test]
fn effective_shows_the_topics_a_go_client_names() {
    let (_dir, path) = module("github.com/segmentio/kafka-go v0.4.47", KAFKA_GO);
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_kafkalint")).args(["effective", "--format", "json"]).arg(&path).output().unwrap();
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    let units = v["units"].as_array().unwrap();
    assert_eq!(units[0]["topics"], serde_json::json!([{"topic": "orders", "use": "consume", "line": 21}]));
    assert_eq!(units[1]["topics"], serde_json::json!([{"topic": "events", "use": "produce", "line": 46}]));
    let text = std::process::Command::new(env!("CARGO_BIN_EXE_kafkalint")).arg("effective").arg(&path).output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("# topics named in the code: orders (consume)"));
}

#[test]
fn a_helper_continued_by_two_callers_is_one_configuration_reported_once() {
    let main = "package main\n\nimport (\n\t\"time\"\n\n\t\"github.com/IBM/sarama\"\n)\n\nfunc newConfig() *sarama.Config {\n\tc := sarama.NewConfig()\n\tc.Consumer.Group.Session.Timeout = 6 * time.Second\n\tc.Consumer.Group.Heartbeat.Interval = 6 * time.Second\n\treturn c\n}\n\nfunc a() {\n\tcfg := newConfig()\n\tg, _ := sarama.NewConsumerGroup([]string{\"k:9092\"}, \"a\", cfg)\n\tdefer g.Close()\n}\n\nfunc b() {\n\tcfg := newConfig()\n\tg, _ := sarama.NewConsumerGroup([]string{\"k:9092\"}, \"b\", cfg)\n\tdefer g.Close()\n}\n";
    let (_dir, path) = module("github.com/IBM/sarama v1.43.0", main);
    let r = read(&path);
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.units[0].meta.go.as_ref().unwrap().calls.iter().filter(|c| c.name == "NewConsumerGroup").count(), 2);
    let report = lint_paths(&[&path], Some(vec!["consumer/heartbeat-vs-session-timeout".into()]));
    assert_eq!(report.diagnostics.len(), 1, "{}", human(&report));
    // A helper whose callers are elsewhere (another file of the package): its group is given
    // there, so no finding says it has none.
    let only = main.split("func a()").next().unwrap().to_string();
    let (_dir2, path2) = module("github.com/IBM/sarama v1.43.0", &only);
    let report = lint_paths(&[&path2], Some(vec!["consumer/group-settings-without-group-id".into()]));
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
}

#[test]
fn goka_graph_topics_are_recorded() {
    let main = "package main\n\nimport (\n\t\"context\"\n\n\t\"github.com/lovoo/goka\"\n\t\"github.com/lovoo/goka/codec\"\n)\n\nfunc main() {\n\tcfg := goka.DefaultConfig()\n\tgoka.ReplaceGlobalConfig(cfg)\n\tg := goka.DefineGroup(\"counter\",\n\t\tgoka.Input(goka.Stream(\"clicks\"), new(codec.String), func(ctx goka.Context, msg interface{}) {}),\n\t\tgoka.Output(\"counts\", new(codec.Int64)),\n\t\tgoka.Persist(new(codec.Int64)),\n\t)\n\tp, _ := goka.NewProcessor([]string{\"kafka:9092\"}, g)\n\t_ = p.Run(context.Background())\n}\n";
    let (_dir, path) = module("(\n\tgithub.com/lovoo/goka v1.1.16\n\tgithub.com/IBM/sarama v1.43.0\n)", main);
    let r = read(&path);
    let g = r.units[0].meta.go.as_ref().unwrap();
    let topics: Vec<(&str, &str)> = g.topics.iter().map(|t| (t.name.as_str(), t.how)).collect();
    assert_eq!(topics, [("clicks", "consume"), ("counts", "produce")]);
}
