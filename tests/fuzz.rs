//! The fuzz targets of fuzz/targets.rs on the stable toolchain: inputs generated from a Kafka
//! dictionary (keys, values, JAAS, separators, escapes, line ends, directives), mutations of the
//! repository's own example files, and raw bytes; every target run on each.
//!
//! `cargo test --test fuzz` runs a short bounded run (a few hundred inputs per target). A long
//! run: `FUZZ_EXECS=1000000 FUZZ_SEED=7 cargo test --release --test fuzz -- --nocapture`
//! (fuzz/README.md); `FUZZ_TARGETS=parse,lsp_reader` runs only those. A failing input is printed, escaped, with its target, to be added to the
//! regression list below.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

mod targets {
    include!("../fuzz/targets.rs");
}

/// Inputs that once failed a target (kept as regression cases, run first).
const REGRESSIONS: &[&[u8]] = &[
    b"client.id=\\uD83D\\uDE00\n",
    b"\\\n!\\u\nacks=1\n",
    b"\\",
    b"\\\r\n",
    b"Content-Length: 1000000000000\r\n\r\n",
    b"Content-Length: -1\r\n\r\n{}",
];

const DICT: &[&str] = &[
    "acks",
    "all",
    "1",
    "-1",
    "enable.idempotence",
    "true",
    "false",
    "max.in.flight.requests.per.connection",
    "5",
    "6",
    "bootstrap.servers",
    "kafka-1:9092,kafka-2:9092",
    "SASL_SSL://svc:pw@k:9093",
    "group.id",
    "session.timeout.ms",
    "heartbeat.interval.ms",
    "10000",
    "3000",
    "process.roles",
    "broker,controller",
    "node.id",
    "controller.quorum.voters",
    "1@c:9093",
    "listeners",
    "PLAINTEXT://:9092,CONTROLLER://:9093",
    "advertised.listeners",
    "listener.security.protocol.map",
    "min.insync.replicas",
    "default.replication.factor",
    "3",
    "security.protocol",
    "SASL_SSL",
    "sasl.mechanism",
    "PLAIN",
    "sasl.jaas.config",
    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p w\";",
    "user_alice='x y'",
    "ssl.key.password",
    "ssl.keystore.pasword",
    "SSL.KEY.PASSWORD",
    "-----BEGIN PRIVATE KEY-----",
    "transactional.id",
    "retention.ms",
    "segment.bytes",
    "cleanup.policy",
    "compact,delete",
    "application.id",
    "key.serializer",
    "org.apache.kafka.common.serialization.StringSerializer",
    "${file:/s.properties:pw}",
    "zookeeper.connect",
    "log.dirs",
    "# kafkalint: role=broker",
    "# kafkalint: role=",
    "# kafkalint: disable-next-line producer/",
    "# kafkalint: disable=schema",
    "=",
    ":",
    " ",
    "  ",
    "\t",
    "\u{c}",
    "\\",
    "\\\\",
    "\\u0041",
    "\\uD83D\\uDE00",
    "\\uD83D",
    "\\u12G4",
    "\\t",
    "\\n",
    "\\ ",
    "#",
    "!",
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\\\n",
    "\\\n  ",
    "é",
    "\u{1b}[31m",
    "\u{202e}",
    "\u{feff}",
    "\u{0}",
    "\u{ff}",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// The repository's example and fixture `.properties` files: seeds for mutation.
fn seeds() -> Vec<Vec<u8>> {
    fn walk(dir: &Path, out: &mut Vec<Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "properties") {
                if let Ok(b) = std::fs::read(&p) {
                    if b.len() < 64 << 10 {
                        out.push(b);
                    }
                }
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("examples"), &mut out);
    walk(&root.join("tests/fixtures"), &mut out);
    out
}

fn generate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    match rng.below(10) {
        // Dictionary lines: key, separator, value.
        0..=4 => {
            let mut s = Vec::new();
            for _ in 0..1 + rng.below(12) {
                for _ in 0..1 + rng.below(6) {
                    s.extend_from_slice(DICT[rng.below(DICT.len())].as_bytes());
                }
                s.push(b'\n');
            }
            s
        }
        // A seed, mutated.
        5..=8 if !seeds.is_empty() => {
            let mut s = seeds[rng.below(seeds.len())].clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(s.len() + 1);
                match rng.below(4) {
                    0 if at < s.len() => {
                        s.remove(at);
                    }
                    1 => {
                        let d = DICT[rng.below(DICT.len())].as_bytes();
                        s.splice(at..at, d.iter().copied());
                    }
                    2 if at < s.len() => s[at] = rng.below(256) as u8,
                    _ => {
                        // Repeat a slice (duplicate keys, long lines).
                        let from = rng.below(s.len() + 1);
                        let to = (from + rng.below(64)).min(s.len());
                        let piece = s[from..to].to_vec();
                        s.splice(at..at, piece);
                    }
                }
            }
            s
        }
        // Raw bytes.
        _ => (0..rng.below(200)).map(|_| rng.below(256) as u8).collect(),
    }
}

fn escaped(b: &[u8]) -> String {
    b.escape_ascii().to_string()
}

type Target = (&'static str, fn(&[u8]), usize);

#[test]
fn fuzz_targets_bounded_run() {
    let execs: usize = std::env::var("FUZZ_EXECS").ok().and_then(|n| n.parse().ok()).unwrap_or(400);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(0x6b61_666b);
    // The slow targets run on a share of the inputs; the fast ones on all.
    let targets: [Target; 4] = [
        ("parse", targets::parse, 1),
        ("lsp_reader", targets::lsp_reader, 1),
        ("lint_all", targets::lint_all, 2),
        ("fix", targets::fix, 4),
    ];
    // FUZZ_TARGETS=parse,lsp_reader runs only these (the fast ones, for many executions).
    let only: Option<Vec<String>> = std::env::var("FUZZ_TARGETS").ok().map(|t| t.split(',').map(str::to_string).collect());
    let on = |name: &str| only.as_ref().is_none_or(|o| o.iter().any(|x| x == name));
    let seeds = seeds();
    let mut rng = Rng(seed);
    let mut counts = [0usize; 4];
    let mut slowest = (Duration::ZERO, "", Vec::new());
    let inputs = REGRESSIONS.iter().map(|r| r.to_vec()).chain((0..execs).map(|_| generate(&mut rng, &seeds)));
    for (n, input) in inputs.enumerate() {
        for (t, (name, f, every)) in targets.iter().enumerate() {
            if !on(name) || (n % every != 0 && n >= REGRESSIONS.len()) {
                continue;
            }
            let start = Instant::now();
            if let Err(e) = catch_unwind(AssertUnwindSafe(|| f(&input))) {
                eprintln!("fuzz target {name} failed on input {n} (seed {seed}): b\"{}\"", escaped(&input));
                std::panic::resume_unwind(e);
            }
            let took = start.elapsed();
            if took > slowest.0 {
                slowest = (took, name, input.clone());
            }
            counts[t] += 1;
        }
    }
    let total: usize = counts.iter().sum();
    println!(
        "fuzz: {total} executions (parse {}, lsp_reader {}, lint_all {}, fix {}), seed {seed}; slowest {:?} in {} on {} bytes",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        slowest.0,
        slowest.1,
        slowest.2.len()
    );
    // A hang in practice: no input of a few kilobytes may take this long, even unoptimised.
    assert!(slowest.0 < Duration::from_secs(20), "{} took {:?} on b\"{}\"", slowest.1, slowest.0, escaped(&slowest.2));
}
