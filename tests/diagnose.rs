//! `kafkalint diagnose`: per symptom a realistic log excerpt and configuration files, asserting
//! the top-ranked cause (tests/fixtures/diagnose/*/expect.toml); named symptoms; a broker log of
//! thousands of lines with mixed symptoms; the JSON contract; no secret in any output.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kafkalint"));
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnose")
}

fn json(o: &Output) -> Value {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&o.stdout)))
}

fn symptom<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["symptoms"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("no symptom {id} in {v:#}"))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    log: Vec<String>,
    #[serde(default)]
    args: Vec<String>,
    symptom_arg: Option<String>,
    symptom: String,
    count: u64,
    top: String,
    confidence: Option<String>,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    secrets: Vec<String>,
    first: Option<String>,
    last: Option<String>,
}

fn run_case(dir: &Path, e: &Expect, format: &str) -> Output {
    let mut c = bin();
    c.current_dir(dir).args(["diagnose", "--isolated", "--format", format]);
    for l in &e.log {
        c.args(["--log", l]);
    }
    if let Some(s) = &e.symptom_arg {
        c.args(["--symptom", s]);
    }
    c.args(&e.args).arg(".");
    c.output().unwrap()
}

/// Each fixture directory: configuration files, a log written for the case and expect.toml.
#[test]
fn each_symptom_ranks_its_cause_first() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 25, "fixtures: {}", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let e: Expect = toml_edit::de::from_str(&std::fs::read_to_string(dir.join("expect.toml")).unwrap()).unwrap();
        let v = json(&run_case(dir, &e, "json"));
        let Some(s) = v["symptoms"].as_array().unwrap().iter().find(|s| s["id"] == e.symptom.as_str()) else {
            failures.push(format!(
                "{name}: symptom {} not recognised: {:?}",
                e.symptom,
                v["symptoms"].as_array().unwrap().iter().map(|s| &s["id"]).collect::<Vec<_>>()
            ));
            continue;
        };
        let top = &s["causes"][0];
        let mut problems = Vec::new();
        if s["count"] != e.count {
            problems.push(format!("count {} (expected {})", s["count"], e.count));
        }
        if top["id"] != e.top.as_str() {
            let ranked: Vec<String> = s["causes"].as_array().unwrap().iter().map(|c| format!("{}:{}", c["id"], c["confidence"])).collect();
            problems.push(format!("top cause {} (expected {}); ranked {}", top["id"], e.top, ranked.join(", ")));
        }
        if let Some(c) = &e.confidence {
            if top["confidence"] != c.as_str() {
                problems.push(format!("confidence {} (expected {c})", top["confidence"]));
            }
        }
        for r in &e.rules {
            if !top["diagnostics"].as_array().unwrap().iter().any(|d| d["rule"] == r.as_str()) {
                problems.push(format!("no diagnostic of {r} on the top cause"));
            }
        }
        if let Some(f) = &e.first {
            if s["first_timestamp"] != f.as_str() {
                problems.push(format!("first_timestamp {}", s["first_timestamp"]));
            }
        }
        if let Some(l) = &e.last {
            if s["last_timestamp"] != l.as_str() {
                problems.push(format!("last_timestamp {}", s["last_timestamp"]));
            }
        }
        // Ranks are 1, 2, 3, … and confirmed > likely > possible.
        let order = |c: &Value| ["confirmed", "likely", "possible"].iter().position(|x| c["confidence"] == *x).unwrap();
        let causes = s["causes"].as_array().unwrap();
        for (i, c) in causes.iter().enumerate() {
            if c["rank"] != i + 1 || (i > 0 && order(&causes[i - 1]) > order(c)) {
                problems.push(format!("rank order broken at {i}"));
            }
        }
        // No secret in either format.
        let human = run_case(dir, &e, "human");
        for secret in &e.secrets {
            for (fmt, out) in [("json", serde_json::to_string(&v).unwrap()), ("human", String::from_utf8_lossy(&human.stdout).into_owned())]
            {
                if out.contains(secret.as_str()) {
                    problems.push(format!("secret {secret} in the {fmt} output"));
                }
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{name}: {}", problems.join("; ")));
        }
    }
    // Every symptom of the catalog has its case: adding a symptom is an entry and a case.
    let list = json(&bin().args(["diagnose", "--list", "--format", "json"]).output().unwrap());
    let covered: Vec<String> = dirs
        .iter()
        .map(|d| toml_edit::de::from_str::<Expect>(&std::fs::read_to_string(d.join("expect.toml")).unwrap()).unwrap().symptom)
        .collect();
    for s in list["symptoms"].as_array().unwrap() {
        if !covered.iter().any(|c| s["id"] == c.as_str()) {
            failures.push(format!("symptom {} has no case in tests/fixtures/diagnose", s["id"]));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn json_contract() {
    let dir = fixtures().join("commit-failed");
    let o = bin().current_dir(&dir).args(["diagnose", "--isolated", "--format", "json", "--log", "app.log", "."]).output().unwrap();
    let v = json(&o);
    assert_eq!(v["tool"], "kafkalint");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    let s = symptom(&v, "commit-failed");
    for field in ["id", "title", "count", "matched", "causes", "first_timestamp", "last_timestamp"] {
        assert!(s.get(field).is_some(), "symptom lacks {field}");
    }
    let m = &s["matched"][0];
    assert_eq!(m["source"], "app.log");
    assert_eq!(m["line"], 7);
    assert!(m["text"].as_str().unwrap().contains("consumer poll timeout has expired"));
    assert_eq!(s["first_timestamp"], "2024-05-01T12:05:01.130");
    // The LeaveGroup line names the poll timeout too; the exception's line of the stack trace has
    // no timestamp of its own and takes its log entry's.
    assert_eq!(s["count"], 3);
    assert_eq!(s["last_timestamp"], "2024-05-01T12:05:09.402");
    for c in s["causes"].as_array().unwrap() {
        for field in ["id", "rank", "confidence", "title", "why", "keys", "rules", "diagnostics", "checks", "source"] {
            assert!(c.get(field).is_some(), "cause lacks {field}");
        }
        assert!(!c["checks"].as_array().unwrap().is_empty());
    }
    let top = &s["causes"][0];
    assert_eq!(top["keys"], serde_json::json!(["max.poll.interval.ms", "max.poll.records"]));
    let values = top["values"][0].as_array().unwrap();
    assert_eq!(values[0]["key"], "max.poll.interval.ms");
    assert_eq!(values[0]["value"], "300000");
    assert_eq!(values[0]["origin"], "default");
    assert_eq!(values[1]["value"], "500");
    // Diagnostics are check's JSON diagnostics.
    let dir = fixtures().join("rebalance-loop");
    let v =
        json(&bin().current_dir(&dir).args(["diagnose", "--isolated", "--format", "json", "--log", "server.log", "."]).output().unwrap());
    let d = &symptom(&v, "rebalance-loop")["causes"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "consumer/heartbeat-vs-session-timeout");
    for field in ["severity", "file", "key", "line", "column", "message", "help", "fixes"] {
        assert!(d.get(field).is_some(), "diagnostic lacks {field}");
    }
}

#[test]
fn files_that_show_nothing_leave_runtime_causes_first() {
    // No configuration file at all: every cause is possible and comes with its checks.
    let d = tempfile::tempdir().unwrap();
    let o = bin()
        .current_dir(d.path())
        .args([
            "diagnose",
            "--isolated",
            "--format",
            "json",
            "org.apache.kafka.common.errors.NotLeaderOrFollowerException: For requests intended only for the leader",
        ])
        .output()
        .unwrap();
    let v = json(&o);
    let s = symptom(&v, "leader-election");
    assert_eq!(s["count"], 1);
    assert_eq!(s["matched"][0]["source"], "<text>");
    assert!(s["causes"].as_array().unwrap().iter().all(|c| c["confidence"] == "possible"));
    assert_eq!(s["causes"][0]["id"], "leader-failover");
    assert!(s["causes"][0]["checks"][0].as_str().unwrap().contains("--under-replicated-partitions"));
    // A clean producer: the same, and the human output says which command to run.
    std::fs::write(d.path().join("producer.properties"), "bootstrap.servers=kafka:9092\nacks=all\nkey.serializer=org.apache.kafka.common.serialization.StringSerializer\nvalue.serializer=org.apache.kafka.common.serialization.StringSerializer\n").unwrap();
    let o = bin().current_dir(d.path()).args(["diagnose", "--isolated", "LeaderNotAvailableException", "."]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("leader-election: "), "{text}");
    assert!(text.contains("1. [possible] A broker restarted or failed"), "{text}");
    assert!(text.contains("check: kafka-topics.sh --bootstrap-server BROKER --describe --under-replicated-partitions"), "{text}");
}

#[test]
fn a_large_broker_log_groups_mixed_symptoms() {
    let d = tempfile::tempdir().unwrap();
    let mut log = String::new();
    let mut expected = std::collections::BTreeMap::<&str, u64>::new();
    for i in 0..6000u64 {
        let t = format!("[2024-05-01 {:02}:{:02}:{:02},{:03}]", i / 3600 % 24, i / 60 % 60, i % 60, i % 1000);
        let line = match i % 100 {
            7 => {
                *expected.entry("not-enough-replicas").or_default() += 1;
                format!("{t} ERROR [ReplicaManager broker=1] Error processing append operation on partition orders-{} (kafka.server.ReplicaManager)\norg.apache.kafka.common.errors.NotEnoughReplicasException: The size of the current ISR Set(1) is insufficient to satisfy the min.isr requirement of 2 for partition orders-{}", i % 12, i % 12)
            }
            23..=25 => {
                *expected.entry("rebalance-loop").or_default() += 1;
                format!("{t} INFO [GroupCoordinator 1]: Preparing to rebalance group billing in state PreparingRebalance with old generation {i} (__consumer_offsets-3) (reason: Adding new member) (kafka.coordinator.group.GroupCoordinator)")
            }
            61 => {
                *expected.entry("authentication-failed").or_default() += 1;
                format!("{t} INFO [SocketServer listenerType=BROKER, nodeId=1] Failed authentication with /10.0.0.{} (channelId=x) (Authentication failed: Invalid username or password) (org.apache.kafka.common.network.Selector)", i % 250)
            }
            _ => format!(
                "{t} INFO [Log partition=orders-{}, dir=/data/kafka] Rolled new log segment at offset {} in 2 ms. (kafka.log.LocalLog)",
                i % 12,
                i * 97
            ),
        };
        log.push_str(&line);
        log.push('\n');
    }
    // Not-enough-replicas lines are two physical lines, of which one matches.
    std::fs::write(d.path().join("server.log"), &log).unwrap();
    let o = bin().current_dir(d.path()).args(["diagnose", "--isolated", "--format", "json", "--log", "server.log"]).output().unwrap();
    let v = json(&o);
    assert_eq!(v["lines_read"], 6060);
    let got: std::collections::BTreeMap<String, u64> =
        v["symptoms"].as_array().unwrap().iter().map(|s| (s["id"].as_str().unwrap().to_string(), s["count"].as_u64().unwrap())).collect();
    let want: std::collections::BTreeMap<String, u64> = expected.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    assert_eq!(got, want);
    // Most frequent first; matched lines are capped, the count is not.
    assert_eq!(v["symptoms"][0]["id"], "rebalance-loop");
    assert_eq!(v["symptoms"][0]["matched"].as_array().unwrap().len(), 20);
    let s = symptom(&v, "not-enough-replicas");
    assert_eq!(s["first_timestamp"], "2024-05-01T00:00:07.007");
    assert_eq!(s["matched"][0]["line"], 9);
}

#[test]
fn named_symptoms_list_and_usage() {
    let o = bin().args(["diagnose", "--list"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    for id in ["no-messages", "rebalance-loop", "duplicates", "data-loss", "slow-producer", "lag-growing", "cannot-connect"] {
        assert!(text.lines().any(|l| l.starts_with(&format!("{id} "))), "{id} missing from --list:\n{text}");
    }
    let v = json(&bin().args(["diagnose", "--list", "--format", "json"]).output().unwrap());
    assert!(v["symptoms"].as_array().unwrap().len() >= 25);
    // Unknown symptom, nothing to diagnose: usage errors.
    let o = bin().args(["diagnose", "--symptom", "everything-is-slow"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-messages"));
    let o = bin().args(["diagnose"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    // A log named as TEXT: a usage error that says how to read it.
    let o = bin().current_dir(fixtures().join("disk-full")).args(["diagnose", "server.log"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--log server.log"), "{}", String::from_utf8_lossy(&o.stderr));
    // A text with no known symptom still exits 0 and says so.
    let d = tempfile::tempdir().unwrap();
    let o = bin().current_dir(d.path()).args(["diagnose", "--isolated", "all good here"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("No known symptom"));
    // Standard input, and a TEXT that is a directory when --symptom is given.
    let mut child = bin()
        .current_dir(d.path())
        .args(["diagnose", "--isolated", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"kafka: error while consuming orders/0: kafka server: The requested offset is outside the range of offsets maintained by the server for the given topic/partition\n").unwrap();
    let v = json(&child.wait_with_output().unwrap());
    assert_eq!(symptom(&v, "offset-out-of-range")["matched"][0]["source"], "<stdin>");
    let mut child = bin()
        .current_dir(d.path())
        .args(["diagnose", "--isolated", "--format", "json", "--stdin-filename", "pod-7f9.log", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"java.lang.OutOfMemoryError: Java heap space\n").unwrap();
    let v = json(&child.wait_with_output().unwrap());
    assert_eq!(symptom(&v, "out-of-memory")["matched"][0]["source"], "pod-7f9.log");
    let dir = fixtures().join("no-messages");
    let v = json(&bin().args(["diagnose", "--isolated", "--format", "json", "--symptom", "no-messages"]).arg(&dir).output().unwrap());
    assert_eq!(symptom(&v, "no-messages")["causes"][0]["id"], "new-group-starts-at-end");
}

#[test]
fn logs_never_leak_credentials() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("consumer.properties"),
        "bootstrap.servers=kafka:9093\ngroup.id=g\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\" password=\"Pl41n-Passw0rd\";\nssl.truststore.password=Trust-Me-123\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("app.log"),
        "2024-05-01 10:00:00 ERROR SaslAuthenticationException: Authentication failed: Invalid username or password (app / Pl41n-Passw0rd)\n\
         2024-05-01 10:00:01 ERROR SaslAuthenticationException with ssl.truststore.password = Trust-Me-123 and sasl.password=0ther-Secret and https://u:UrlPass99@registry:8081\n",
    )
    .unwrap();
    for format in ["human", "json"] {
        let o = bin().current_dir(d.path()).args(["diagnose", "--isolated", "--format", format, "--log", "app.log", "."]).output().unwrap();
        assert_eq!(o.status.code(), Some(0));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("authentication-failed"), "{out}");
        for secret in ["Pl41n-Passw0rd", "Trust-Me-123", "0ther-Secret", "UrlPass99"] {
            assert!(!out.contains(secret), "{secret} leaked in {format}:\n{out}");
        }
    }
}

#[test]
fn explain_points_to_diagnose() {
    for what in ["CommitFailedException", "commit-failed"] {
        let o = bin().args(["explain", what]).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("# commit-failed (symptom)"), "{text}");
        assert!(text.contains("kafkalint diagnose --symptom commit-failed"), "{text}");
    }
    let o = bin().args(["explain", "max.poll.interval.ms"]).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Symptoms `max.poll.interval.ms` can cause: "), "{text}");
    assert!(text.contains("commit-failed"), "{text}");
}

/// The README's walk-through says what this run shows; the catalog's size is the README's.
#[test]
fn the_readme_walk_through_holds() {
    let dir = fixtures().join("go-consumer-receives-nothing");
    let o = bin()
        .current_dir(&dir)
        .args(["diagnose", "--isolated", "--format", "json", "--symptom", "no-messages", "--log", "consumer.log", "."])
        .output()
        .unwrap();
    let v = json(&o);
    let ids = |s: &Value| {
        s["causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| format!("{}:{}", c["id"].as_str().unwrap(), c["confidence"].as_str().unwrap()))
            .collect::<Vec<_>>()
    };
    let nm = ids(symptom(&v, "no-messages"));
    assert_eq!(
        nm[..5],
        [
            "offsets-topic-unplaceable:confirmed",
            "sarama-errors-swallowed:confirmed",
            "new-group-starts-at-end:likely",
            "advertised-listener-unreachable:likely",
            "sarama-offsets-newest:possible"
        ]
    );
    let reset = &symptom(&v, "no-messages")["causes"][2]["values"][0][0];
    assert_eq!(reset["origin"], "platform");
    assert_eq!(reset["file"], "./consumer/main.go");
    let cc = symptom(&v, "cannot-connect");
    assert_eq!(cc["count"], 1);
    assert_eq!(ids(cc)[0], "advertised-listener-unreachable:likely");
    let value = &symptom(&v, "no-messages")["causes"][3]["values"][0][0];
    assert_eq!(value["written"], "KAFKA_ADVERTISED_LISTENERS");
    assert_eq!(value["line"], 10);
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let list = json(&bin().args(["diagnose", "--list", "--format", "json"]).output().unwrap());
    let n = list["symptoms"].as_array().unwrap().len();
    let causes: std::collections::BTreeSet<&str> = list["symptoms"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["causes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()))
        .collect();
    let phrase = format!("holds {n} symptoms and {}\ncauses", causes.len());
    assert!(readme.contains(&phrase), "README should say `{phrase}`");
}

#[test]
fn odd_logs_never_break_it() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("empty.log"), b"").unwrap();
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    binary.extend_from_slice(b"\n\0\0 NotEnoughReplicasException \xff\xfe\r\n");
    std::fs::write(d.path().join("binary.log"), &binary).unwrap();
    std::fs::write(
        d.path().join("crlf.log"),
        b"[2024-05-01 10:00:00,000] x\r\norg.apache.kafka.common.errors.RecordTooLargeException: big\r\n",
    )
    .unwrap();
    let o = bin()
        .current_dir(d.path())
        .args([
            "diagnose",
            "--isolated",
            "--format",
            "json",
            "--log",
            "empty.log",
            "--log",
            "binary.log",
            "--log",
            "crlf.log",
            "--log",
            "/dev/null",
        ])
        .output()
        .unwrap();
    let v = json(&o);
    assert_eq!(symptom(&v, "not-enough-replicas")["count"], 1);
    let r = symptom(&v, "record-too-large");
    assert_eq!(r["matched"][0]["text"], "org.apache.kafka.common.errors.RecordTooLargeException: big");
    assert_eq!(r["matched"][0]["line"], 2);
    assert_eq!(r["first_timestamp"], "2024-05-01T10:00:00.000");
    for bad in [&["--log", "."][..], &["--log", "no-such.log"][..]] {
        let o = bin().current_dir(d.path()).args(["diagnose", "--isolated"]).args(bad).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("kafkalint: error:"));
    }
}

#[test]
fn lines_healthy_clients_also_print_need_repeating() {
    // One idle bootstrap connection closed, one rebalance at start-up: not symptoms.
    let d = tempfile::tempdir().unwrap();
    let healthy = "2024-05-08 09:00:00,101 INFO [main] org.apache.kafka.clients.NetworkClient - [Consumer clientId=c-1, groupId=g] Node -1 disconnected.\n\
                   [2024-05-08 09:00:02,000] INFO [GroupCoordinator 1]: Preparing to rebalance group g in state PreparingRebalance with old generation 0 (__consumer_offsets-1) (reason: Adding new member) (kafka.coordinator.group.GroupCoordinator)\n";
    std::fs::write(d.path().join("app.log"), healthy.repeat(2)).unwrap();
    let v = json(&bin().current_dir(d.path()).args(["diagnose", "--isolated", "--format", "json", "--log", "app.log"]).output().unwrap());
    assert_eq!(v["symptoms"], serde_json::json!([]));
    // Three times: reported.
    std::fs::write(d.path().join("app.log"), healthy.repeat(3)).unwrap();
    let v = json(&bin().current_dir(d.path()).args(["diagnose", "--isolated", "--format", "json", "--log", "app.log"]).output().unwrap());
    assert_eq!(symptom(&v, "node-disconnected")["count"], 3);
    assert_eq!(symptom(&v, "rebalance-loop")["count"], 3);
}
