//! Language-server latency: `kafkalint lsp` (the release binary) with a 10,000-line consumer file open
//! among 500 sibling files of its deployment; each `didChange` is timed until the `publishDiagnostics` for that version.
//!
//! `cargo bench --bench lsp` (`KAFKALINT_BENCH_CHANGES=N` sets the number of changes, default 300;
//! `KAFKALINT_BENCH_LINES=N` the open file's lines, default 10,000; `KAFKALINT_BENCH_SIBLINGS=N` the
//! files beside it, default 500; `KAFKALINT_BIN=path` measures another build of the server, started
//! as `path lsp`). Also timed: the first publication after `didOpen` (nothing cached yet), and the
//! re-publication after the brokers' files change on disk and `workspace/didChangeWatchedFiles`
//! announces it (the cached siblings invalidated and read again). A server that asks for
//! incremental sync is sent each change as its range, as an editor sends it; else the whole text.
//! Target: median didChange -> publishDiagnostics at most 5 ms: 3.0-4.3 ms median in four runs,
//! 3.6-4.5 ms server CPU per change (commit ef25617), against 6.7-7.3 ms and 6.9-7.8 ms for the
//! build of 29c2166 in alternating rounds on a slow hour; on a quiet one (load 0.1-0.7) 2.5-2.9 ms
//! and 2.8-3.2 ms CPU (commits ef25617, cd501f2) against 4.5-4.8 ms and 4.7-5.2 ms (the README,
//! "Editors", has the figures and where the time goes).

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn send(stdin: &mut ChildStdin, msg: &Value) {
    let body = msg.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to the server");
    stdin.flush().expect("flush");
}

/// Reads framed messages until the stream ends.
fn read_messages(out: impl Read, tx: mpsc::Sender<(Instant, Value)>) {
    let mut r = BufReader::new(out);
    loop {
        let mut len = None;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = v.parse::<usize>().ok();
            }
        }
        let Some(len) = len else { return };
        let mut body = vec![0; len];
        if r.read_exact(&mut body).is_err() {
            return;
        }
        let now = Instant::now();
        let Ok(v) = serde_json::from_slice::<Value>(&body) else { return };
        if tx.send((now, v)).is_err() {
            return;
        }
    }
}

/// A consumer configuration of `lines` lines: the keys a real one sets, comments, application keys.
fn consumer_file(session_timeout: u32, lines: usize) -> String {
    let mut s = String::from("# Billing consumer: generated for the language-server benchmark.\n");
    let keys = [
        ("bootstrap.servers", "kafka-1.internal:9092,kafka-2.internal:9092"),
        ("group.id", "billing"),
        ("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"),
        ("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"),
        ("enable.auto.commit", "false"),
        ("auto.offset.reset", "earliest"),
        ("max.poll.records", "500"),
        ("max.poll.interval.ms", "300000"),
        ("heartbeat.interval.ms", "3000"),
        ("fetch.min.bytes", "1"),
        ("fetch.max.wait.ms", "500"),
        ("isolation.level", "read_committed"),
        ("client.id", "billing-1"),
        ("security.protocol", "SASL_SSL"),
        ("sasl.mechanism", "SCRAM-SHA-512"),
        ("ssl.truststore.location", "/etc/kafka/truststore.jks"),
        ("ssl.truststore.password", "bench-truststore-secret"),
    ];
    let mut count = 1;
    for (k, v) in keys {
        s.push_str(&format!("# {k}: chosen for the billing workload.\n{k}={v}\n"));
        count += 2;
    }
    s.push_str(&format!("session.timeout.ms={session_timeout}\n"));
    count += 1;
    let mut n = 0;
    while count < lines {
        if n % 3 == 0 {
            s.push_str(&format!("# Application setting {n}.\n"));
        } else {
            s.push_str(&format!("app.billing.setting.{n}=value-{n}\n"));
        }
        n += 1;
        count += 1;
    }
    s
}

/// The other files of the deployment, in the open file's directory: three KRaft brokers (one
/// bounding the group session timeout), then topic overrides, producers, consumers, Streams
/// applications and admin clients, values varying by index, a suppression comment and a secret
/// here and there, and a few `.properties` files that are not Kafka's.
fn write_siblings(dir: &std::path::Path, n: usize) {
    let voters = "1@kafka-1.internal:9093,2@kafka-2.internal:9093,3@kafka-3.internal:9093";
    for i in 0..n {
        let (name, text) = match i % 20 {
            _ if i < 3 => (
                format!("server-{}.properties", i + 1),
                format!(
                    "process.roles=broker,controller\nnode.id={id}\ncontroller.quorum.voters={voters}\ncontroller.listener.names=CONTROLLER\n\
                     listeners=PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093\nadvertised.listeners=PLAINTEXT://kafka-{id}.internal:9092\n\
                     listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\ninter.broker.listener.name=PLAINTEXT\n\
                     log.dirs=/var/lib/kafka/data-{id}\ndefault.replication.factor=3\nmin.insync.replicas=2\n\
                     offsets.topic.replication.factor=3\ngroup.max.session.timeout.ms=60000\n",
                    id = i + 1
                ),
            ),
            0..=5 => (
                format!("topic-{i}.properties"),
                format!("# Topic {i}\ncleanup.policy={}\nretention.ms={}\nmin.insync.replicas=2\n", ["delete", "compact"][i % 2], 86_400_000 * (1 + i % 7)),
            ),
            6..=10 => (
                format!("orders-producer-{i}.properties"),
                format!(
                    "bootstrap.servers=kafka-1.internal:9092\nclient.id=producer-{i}\nkey.serializer=org.apache.kafka.common.serialization.StringSerializer\n\
                     value.serializer=org.apache.kafka.common.serialization.ByteArraySerializer\nacks={}\nlinger.ms={}\n\
                     security.protocol=SSL\nssl.truststore.location=/etc/kafka/truststore.jks\nssl.truststore.password=secret-{i}\n",
                    ["all", "1"][usize::from(i % 7 == 0)],
                    i % 50
                ),
            ),
            11..=15 => (
                format!("audit-consumer-{i}.properties"),
                format!(
                    "bootstrap.servers=kafka-2.internal:9092\ngroup.id=audit-{}\nkey.deserializer=org.apache.kafka.common.serialization.StringDeserializer\n\
                     value.deserializer=org.apache.kafka.common.serialization.StringDeserializer\n{}session.timeout.ms={}\nheartbeat.interval.ms={}\n",
                    i % 7,
                    if i % 9 == 0 { "# kafkalint: disable=consumer/heartbeat-vs-session-timeout\n" } else { "" },
                    [45000, 10000][usize::from(i % 9 == 0)],
                    [3000, 5000][usize::from(i % 9 == 0)]
                ),
            ),
            16 | 17 => (
                format!("app-{i}.streams.properties"),
                format!(
                    "application.id=streams-{i}\nbootstrap.servers=kafka-3.internal:9092\nprocessing.guarantee=exactly_once_v2\nreplication.factor=3\ncommit.interval.ms={}\n",
                    [100, 1000][i % 2]
                ),
            ),
            18 => (
                format!("admin-{i}.properties"),
                format!("bootstrap.servers=kafka-3.internal:9092\nclient.id=admin-{i}\nrequest.timeout.ms=30000\n"),
            ),
            _ => (format!("log4j-{i}.properties"), "log4j.rootLogger=INFO, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\n".into()),
        };
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// The server's CPU time so far (user + system, Linux `/proc`), a figure a busy machine disturbs
/// less than wall time.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) closed by `)`: utime and stime are
    // the 14th and 15th fields of the line.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on Linux.
    Some(Duration::from_millis(ticks * 10))
}

/// The change from `old` to `new` as a client of incremental sync sends it: the range of `old`
/// between their common prefix and suffix, and the text that replaces it.
fn range_change(old: &str, new: &str) -> Value {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let most = a.len().min(b.len()) - prefix;
    let suffix = a.iter().rev().zip(b.iter().rev()).take(most).take_while(|(x, y)| x == y).count();
    // Line and UTF-16 column of a byte offset (the texts are ASCII with `\n` line ends).
    let at = |o: usize| {
        let line = old[..o].matches('\n').count();
        let character = o - old[..o].rfind('\n').map_or(0, |i| i + 1);
        json!({"line": line, "character": character})
    };
    json!({"range": {"start": at(prefix), "end": at(a.len() - suffix)}, "text": &new[prefix..b.len() - suffix]})
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let env = |name: &str, default: usize| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let changes = env("KAFKALINT_BENCH_CHANGES", 300);
    let lines = env("KAFKALINT_BENCH_LINES", 10_000);
    let siblings = env("KAFKALINT_BENCH_SIBLINGS", 500);
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("kafkalint.toml"), "[keys]\nallow = [\"app.*\"]\n").unwrap();
    write_siblings(dir.path(), siblings);
    let path = dir.path().join("consumer.properties");
    let uri = lsp_types::Url::from_file_path(&path).expect("an absolute path").to_string();
    let root = lsp_types::Url::from_file_path(dir.path()).expect("an absolute path").to_string();
    // Alternate a session timeout inside and outside the brokers' bounds: every other change
    // adds or clears a cross-file finding, so each publication differs.
    let texts = [consumer_file(45000, lines), consumer_file(90000, lines)];
    std::fs::write(&path, &texts[0]).unwrap();

    let bin = std::env::var("KAFKALINT_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_kafkalint").to_string());
    let mut child = Command::new(bin)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start kafkalint lsp");
    let mut stdin = child.stdin.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || read_messages(stdout, tx));
    let wait = |pred: &dyn Fn(&Value) -> bool| -> (Instant, Value) {
        loop {
            let (t, v) = rx.recv_timeout(Duration::from_secs(60)).expect("the server answers (is `kafkalint lsp` wired?)");
            if pred(&v) {
                return (t, v);
            }
        }
    };
    let published = |version: i64| move |v: &Value| v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == version;
    let codes = |v: &Value| -> Vec<String> {
        v["params"]["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str().map(str::to_string)).collect()
    };
    const BOUNDS: &str = "consumer/session-timeout-vs-broker-bounds";

    // A client that watches files for the server (VS Code, Neovim 0.10+).
    let capabilities = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": root, "capabilities": capabilities}}),
    );
    let (_, init) = wait(&|v| v["id"] == 1);
    // A server that asks for incremental sync gets the changed range, as an editor sends it;
    // else the whole text.
    let incremental = init["result"]["capabilities"]["textDocumentSync"]["change"] == 2;
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let opened = Instant::now();
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "properties", "version": 0, "text": texts[0]}}}),
    );
    let (t, first) = wait(&published(0));
    let open_time = t.duration_since(opened);
    let found = first["params"]["diagnostics"].as_array().map_or(0, Vec::len);

    let warmup = 20;
    let mut times = Vec::with_capacity(changes);
    let mut cpu_start = None;
    let mut version = 0i64;
    for i in 0..warmup + changes {
        version += 1;
        let text = &texts[version as usize % 2];
        let change = if incremental { range_change(&texts[(version as usize + 1) % 2], text) } else { json!({"text": text}) };
        let params = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]});
        let start = Instant::now();
        send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params}));
        let (t, v) = wait(&published(version));
        let outside = version % 2 == 1;
        assert_eq!(codes(&v).iter().any(|c| c == BOUNDS), outside, "version {version}: {:?}", codes(&v));
        if i + 1 == warmup {
            cpu_start = cpu_time(child.id());
        }
        if i >= warmup {
            times.push(t.duration_since(start));
        }
    }
    let cpu_per_change = cpu_start.zip(cpu_time(child.id())).map(|(a, b)| (b - a) / changes.max(1) as u32);

    // The brokers' files changed on disk (a `git pull`), announced by the client's watcher: the
    // open document is re-checked against their new bounds.
    let watched_rounds = if siblings >= 3 { (changes / 10).max(5) } else { 0 };
    let mut watched = Vec::with_capacity(watched_rounds);
    let brokers: Vec<_> = (1..=3).map(|i| dir.path().join(format!("server-{i}.properties"))).collect();
    let broker_texts: Vec<String> = brokers.iter().take(watched_rounds.min(3)).map(|b| std::fs::read_to_string(b).unwrap()).collect();
    if watched_rounds > 0 && version % 2 == 0 {
        // The open text outside the brokers' 60000 bound.
        version += 1;
        let change = if incremental { range_change(&texts[0], &texts[1]) } else { json!({"text": texts[1]}) };
        let params = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]});
        send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params}));
        wait(&published(version));
    }
    for round in 0..watched_rounds {
        let raised = round % 2 == 0;
        let mut changes = Vec::new();
        for (b, text) in brokers.iter().zip(&broker_texts) {
            let text = if raised {
                text.replace("group.max.session.timeout.ms=60000", "group.max.session.timeout.ms=120000")
            } else {
                text.clone()
            };
            std::fs::write(b, text).unwrap();
            changes.push(json!({"uri": lsp_types::Url::from_file_path(b).unwrap().to_string(), "type": 2}));
        }
        let start = Instant::now();
        send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles", "params": {"changes": changes}}));
        let (t, v) = wait(&published(version));
        assert_eq!(codes(&v).iter().any(|c| c == BOUNDS), !raised, "brokers raised: {raised}: {:?}", codes(&v));
        watched.push(t.duration_since(start));
    }

    send(&mut stdin, &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    wait(&|v| v["id"] == 2);
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    let status = child.wait().expect("the server exits");
    let _ = reader.join();

    times.sort();
    watched.sort();
    println!(
        "lsp: a {lines}-line consumer open among {siblings} sibling files ({found} diagnostics, {} sync); didOpen -> publishDiagnostics {}",
        if incremental { "incremental" } else { "full" },
        ms(open_time)
    );
    println!(
        "lsp didChange -> publishDiagnostics, {changes} changes: median {}, p90 {}, max {}{}",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.9)),
        ms(*times.last().unwrap()),
        cpu_per_change.map(|c| format!("; server CPU per change {}", ms(c))).unwrap_or_default(),
    );
    if !watched.is_empty() {
        println!(
            "lsp brokers changed on disk, didChangeWatchedFiles -> publishDiagnostics, {watched_rounds} changes: median {}, p90 {}",
            ms(percentile(&watched, 0.5)),
            ms(percentile(&watched, 0.9)),
        );
    }
    assert!(status.success(), "kafkalint lsp exited with {status}");
}
