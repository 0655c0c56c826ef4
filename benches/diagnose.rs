//! `kafkalint diagnose` over big logs (`cargo bench --bench diagnose`): a generated broker log of
//! 100 MiB (and one of 10 MiB, to show that memory does not grow with the file), mostly routine
//! lines with a few symptoms mixed in, run through the release binary. Prints the median and p90
//! wall-clock times and, with `/usr/bin/time` present, the CPU time and peak memory of one run;
//! the figures go into the README by hand.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn kafkalint() -> String {
    std::env::var("KAFKALINT_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_kafkalint").to_string())
}

/// A broker log of about `bytes` bytes: routine INFO lines (segment rolls, snapshots, fetch
/// sessions, deletions), with one symptom line in 1,000 (rebalances, failed authentications,
/// ISR shortfalls with their stack traces).
fn generate(path: &Path, bytes: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0;
    let mut i = 0usize;
    while written < bytes {
        let t = format!("[2024-05-01 {:02}:{:02}:{:02},{:03}]", i / 3_600_000 % 24, i / 60_000 % 60, i / 1000 % 60, i % 1000);
        let p = i % 24;
        let o = i * 7;
        let line = match (i % 1000, i % 4) {
            (0, _) => format!("{t} INFO [GroupCoordinator 1]: Preparing to rebalance group billing in state PreparingRebalance with old generation {o} (__consumer_offsets-3) (reason: Adding new member) (kafka.coordinator.group.GroupCoordinator)\n"),
            (500, _) => format!("{t} INFO [SocketServer listenerType=BROKER, nodeId=1] Failed authentication with /10.0.0.{p} (channelId=x) (Authentication failed: Invalid username or password) (org.apache.kafka.common.network.Selector)\n"),
            (750, _) => format!("{t} ERROR [ReplicaManager broker=1] Error processing append operation on partition orders-{p} (kafka.server.ReplicaManager)\norg.apache.kafka.common.errors.NotEnoughReplicasException: The size of the current ISR Set(1) is insufficient to satisfy the min.isr requirement of 2 for partition orders-{p}\n\tat kafka.cluster.Partition.appendRecordsToLeader(Partition.scala:1376)\n"),
            (_, 0) => format!("{t} INFO [LocalLog partition=orders-{p}, dir=/data/kafka] Rolled new log segment at offset {o} in 2 ms. (kafka.log.LocalLog)\n"),
            (_, 1) => format!("{t} INFO [ProducerStateManager partition=orders-{p}] Wrote producer snapshot at offset {o} with 0 producer ids in 1 ms. (org.apache.kafka.storage.internals.log.ProducerStateManager)\n"),
            (_, 2) => format!("{t} INFO [LocalLog partition=payments-{p}, dir=/data/kafka] Deleting segment files LogSegment(baseOffset={o}, size=1048576, lastModifiedTime=1714564800000, largestRecordTimestamp=1714564800000) (kafka.log.LocalLog$)\n"),
            _ => format!("{t} DEBUG [ReplicaFetcher replicaId=2, leaderId=1, fetcherId=0] Built incremental fetch (sessionId=1234567, epoch={o}) for node 1. Added (), altered (), removed (), replaced () out of (orders-{p}) (org.apache.kafka.clients.FetchSessionHandler)\n"),
        };
        out.write_all(line.as_bytes()).unwrap();
        written += line.len();
        i += 1;
    }
    out.flush().unwrap();
}

fn args(log: &Path) -> Vec<String> {
    ["diagnose", "--isolated", "--format", "json", "--log"].iter().map(|s| s.to_string()).chain([log.display().to_string()]).collect()
}

fn time_runs(n: usize, log: &Path, dir: &Path) -> (Duration, Duration) {
    let mut v: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            let status = Command::new(kafkalint()).args(args(log)).current_dir(dir).stdout(Stdio::null()).status().unwrap();
            assert!(status.success(), "kafkalint diagnose failed: {status}");
            t.elapsed()
        })
        .collect();
    v.sort();
    (v[n / 2], v[(n * 9) / 10])
}

/// One run under `/usr/bin/time`: (CPU seconds, peak resident MiB), when it is there.
fn cpu_and_memory(log: &Path, dir: &Path) -> Option<(f64, f64)> {
    if !Path::new("/usr/bin/time").exists() {
        return None;
    }
    let o = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("TIME %U %S %M")
        .arg(kafkalint())
        .args(args(log))
        .current_dir(dir)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&o.stderr);
    let line = text.lines().rev().find(|l| l.starts_with("TIME "))?;
    let v: Vec<f64> = line[5..].split_whitespace().filter_map(|x| x.parse().ok()).collect();
    Some((v[0] + v[1], v[2] / 1024.0))
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile_dir();
    for mib in [10usize, 100] {
        let log = dir.join(format!("server-{mib}.log"));
        generate(&log, mib << 20);
        // Warm the page cache: the figure is kafkalint's, not the disk's.
        std::fs::read(&log).unwrap();
        let (median, p90) = time_runs(if mib >= 100 { 11 } else { 21 }, &log, &dir);
        print!("diagnose --log, {mib} MiB broker log: median {:.0} ms, p90 {:.0} ms", median.as_secs_f64() * 1e3, p90.as_secs_f64() * 1e3);
        match cpu_and_memory(&log, &dir) {
            Some((cpu, mem)) => println!(", {cpu:.2} s CPU, peak {mem:.1} MiB"),
            None => println!(),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("kafkalint-bench-diagnose-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
