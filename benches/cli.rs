//! Whole-process benchmarks of the release binary (`cargo bench --bench cli`):
//! (a) one small file, as a pre-commit hook runs it; (b) a generated tree of 10,000 mixed files.
//! Prints median and p90 wall-clock times; the figures go into the README by hand.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn time_runs(n: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut v: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    (v[n / 2], v[(n * 9) / 10])
}

fn run(args: &[&str], dir: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "kafkalint failed: {status}");
}

const FILES: [(&str, &str); 4] = [
    ("consumer.properties", "bootstrap.servers=kafka-1:9092,kafka-2:9092\ngroup.id=billing\nkey.deserializer=org.apache.kafka.common.serialization.StringDeserializer\nvalue.deserializer=org.apache.kafka.common.serialization.StringDeserializer\nsession.timeout.ms=10000\nheartbeat.interval.ms=5000\nenable.auto.commit=false\nauto.offset.reset=earliest\n"),
    ("producer.properties", "bootstrap.servers=kafka-1:9092\nkey.serializer=org.apache.kafka.common.serialization.StringSerializer\nvalue.serializer=org.apache.kafka.common.serialization.StringSerializer\nenable.idempotence=true\nacks=1\nlinger.ms=5\ncompression.type=lz4\n"),
    ("server.properties", "process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@kafka-1:9093\ncontroller.listener.names=CONTROLLER\nlisteners=PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093\nlog.dirs=/var/lib/kafka\nnum.partitions=3\noffsets.topic.replication.factor=3\nlog.retention.hours=168\n"),
    ("admin.properties", "bootstrap.servers=kafka-1:9092\nsecurity.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"),
];

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: run quickly then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("single");
    std::fs::create_dir(&single).unwrap();
    std::fs::write(single.join(FILES[0].0), FILES[0].1).unwrap();
    let n = if quick { 3 } else { 200 };
    run(&["check", "consumer.properties"], &single);
    let (med, p90) = time_runs(n, || run(&["check", "consumer.properties", "--kafka-version", "3.9"], &single));
    println!(
        "single small file (pre-commit):   median {:>8.2} ms   p90 {:>8.2} ms   ({n} runs)",
        med.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3
    );

    let tree = dir.path().join("tree");
    let files = if quick { 100 } else { 10_000 };
    for i in 0..files {
        let sub = tree.join(format!("svc-{:03}", i / 4));
        std::fs::create_dir_all(&sub).unwrap();
        let (name, text) = FILES[i % 4];
        std::fs::write(sub.join(name), format!("# service {i}\n{text}client.id=svc-{i}\n")).unwrap();
    }
    let n = if quick { 1 } else { 15 };
    run(&["check", "."], &tree);
    let (med, p90) = time_runs(n, || run(&["check", ".", "--kafka-version", "3.9", "--format", "json"], &tree));
    println!(
        "tree of {files} files (CI):       median {:>8.2} ms   p90 {:>8.2} ms   ({n} runs)",
        med.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3
    );
}
