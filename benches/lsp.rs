//! Language-server latency: `kafkalint lsp` (the release binary) with a 1,000-line consumer file open
//! beside a broker file; each `didChange` is timed until the `publishDiagnostics` for that version.
//!
//! `cargo bench --bench lsp` (`KAFKALINT_BENCH_CHANGES=N` sets the number of changes, default 300;
//! `KAFKALINT_BIN=path` measures another build of the server, started as `path lsp`).
//! Target: median under 20 ms.

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

/// A 1,000-line consumer configuration: the keys a real one sets, comments, application keys.
fn consumer_file(session_timeout: u32) -> String {
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
    for (k, v) in keys {
        s.push_str(&format!("# {k}: chosen for the billing workload.\n{k}={v}\n"));
    }
    s.push_str(&format!("session.timeout.ms={session_timeout}\n"));
    let mut n = 0;
    while s.lines().count() < 1000 {
        if n % 3 == 0 {
            s.push_str(&format!("# Application setting {n}.\n"));
        } else {
            s.push_str(&format!("app.billing.setting.{n}=value-{n}\n"));
        }
        n += 1;
    }
    s
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
    let changes: usize = std::env::var("KAFKALINT_BENCH_CHANGES").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("kafkalint.toml"), "[keys]\nallow = [\"app.*\"]\n").unwrap();
    std::fs::write(
        dir.path().join("server.properties"),
        "process.roles=broker\nnode.id=1\nlog.dirs=/var/lib/kafka\ngroup.max.session.timeout.ms=60000\n",
    )
    .unwrap();
    let path = dir.path().join("consumer.properties");
    let uri = lsp_types::Url::from_file_path(&path).expect("an absolute path").to_string();
    std::fs::write(&path, consumer_file(45000)).unwrap();

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
            let (t, v) = rx.recv_timeout(Duration::from_secs(30)).expect("the server answers (is `kafkalint lsp` wired?)");
            if pred(&v) {
                return (t, v);
            }
        }
    };

    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    );
    wait(&|v| v["id"] == 1);
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "properties", "version": 0, "text": consumer_file(45000)}}}),
    );
    let (_, first) = wait(&|v| v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == 0);
    let found = first["params"]["diagnostics"].as_array().map_or(0, Vec::len);

    // Alternate a session timeout inside and outside the broker's bounds: every other change
    // adds or clears a cross-file finding, so each publication differs.
    let texts = [consumer_file(45000), consumer_file(90000)];
    let warmup = 20;
    let mut times = Vec::with_capacity(changes);
    for version in 1..=(warmup + changes) as i64 {
        let text = &texts[version as usize % 2];
        let params = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]});
        let start = Instant::now();
        send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params}));
        let (t, v) = wait(&|v| v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == version);
        let codes: Vec<&str> = v["params"]["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
        let outside = version % 2 == 1;
        assert_eq!(codes.contains(&"consumer/session-timeout-vs-broker-bounds"), outside, "version {version}: {codes:?}");
        if version as usize > warmup {
            times.push(t.duration_since(start));
        }
    }
    send(&mut stdin, &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    wait(&|v| v["id"] == 2);
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    let status = child.wait().expect("the server exits");
    let _ = reader.join();

    times.sort();
    println!(
        "lsp didChange -> publishDiagnostics, {}-line consumer + broker beside it ({found} diagnostics), {changes} changes: median {}, p90 {}, max {}",
        consumer_file(45000).lines().count(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.9)),
        ms(*times.last().unwrap()),
    );
    assert!(status.success(), "kafkalint lsp exited with {status}");
}
