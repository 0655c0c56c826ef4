//! Whole-process benchmarks of the release binary, side by side with `cat` of the same files
//! (`cargo bench --bench cli`):
//!
//! - one small consumer file, as a pre-commit hook runs it;
//! - a generated tree of 10,000 files, JSON and human output;
//! - with `KAFKALINT_BENCH_BIG=1`, 100,000 files (linear in time and memory?).
//!
//! The tree is realistic, not near-identical files: directories of ~100 files, each a small
//! deployment (a KRaft cluster of three brokers with listeners and a quorum, topic overrides,
//! producers, consumers, Streams applications, Connect workers, admin clients), values varying
//! by index, mistakes in some files, suppression comments (some unused), a kafkalint.toml with a
//! target version and declared clusters, and `.properties` files that are not Kafka's
//! (`log4j.properties`, `gradle.properties`, message bundles).
//!
//! Prints median and p90 wall-clock times, and with `/usr/bin/time` present the CPU time and
//! peak memory of one run; the figures go into the README by hand.
//! `cargo bench --bench cli -- --generate DIR N` only writes a tree of N files into DIR.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
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

fn kafkalint() -> String {
    std::env::var("KAFKALINT_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_kafkalint").to_string())
}

fn run(args: &[&str], dir: &Path) {
    let status = Command::new(kafkalint()).args(args).current_dir(dir).stdout(Stdio::null()).stderr(Stdio::null()).status().unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "kafkalint {args:?} failed: {status}");
}

/// `cat` of every file of the tree (the floor: reading the same bytes once).
fn cat(list: &Path, dir: &Path) {
    let status =
        Command::new("sh").arg("-c").arg(format!("xargs -0 cat < '{}' > /dev/null", list.display())).current_dir(dir).status().unwrap();
    assert!(status.success());
}

/// One run under `/usr/bin/time`: (CPU seconds, peak resident MiB), when it is there.
fn cpu_and_memory(cmd: &[&str], dir: &Path) -> Option<(f64, f64)> {
    if !Path::new("/usr/bin/time").exists() {
        return None;
    }
    let o = Command::new("/usr/bin/time").arg("-f").arg("TIME %U %S %M").args(cmd).current_dir(dir).stdout(Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&o.stderr);
    let line = text.lines().rev().find(|l| l.starts_with("TIME "))?;
    let v: Vec<f64> = line[5..].split_whitespace().filter_map(|x| x.parse().ok()).collect();
    (v.len() == 3).then(|| (v[0] + v[1], v[2] / 1024.0))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

// ---------------------------------------------------------------------------------------------
// The generated tree.

/// A small deterministic generator (xorshift), so every run builds the same tree.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const TOPICS: [&str; 8] = ["orders", "payments", "shipments", "clicks", "audit", "inventory", "invoices", "images"];

fn broker(dir: usize, node: usize, rng: &mut Rng) -> String {
    let host = |n: usize| format!("kafka-{dir}-{n}.prod.internal");
    let mut s = format!(
        "# Broker {node} of cluster {dir}\nprocess.roles=broker,controller\nnode.id={node}\ncontroller.quorum.voters=1@{}:9093,2@{}:9093,3@{}:9093\ncontroller.listener.names=CONTROLLER\n",
        host(1),
        host(2),
        host(3)
    );
    let _ = writeln!(s, "listeners=PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093,SSL://0.0.0.0:9094");
    let _ = writeln!(s, "advertised.listeners=PLAINTEXT://{}:9092,SSL://{}:9094", host(node), host(node));
    let _ = writeln!(s, "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL");
    let _ = writeln!(s, "inter.broker.listener.name=PLAINTEXT");
    let _ = writeln!(s, "ssl.keystore.location=/etc/kafka/secrets/kafka-{node}.keystore.jks\nssl.keystore.password=changeit-{dir}");
    let _ = writeln!(s, "log.dirs=/var/lib/kafka/data-{node}");
    let _ = writeln!(s, "num.partitions={}\ndefault.replication.factor=3\nmin.insync.replicas=2", 3 + rng.next() % 9);
    let _ = writeln!(s, "offsets.topic.replication.factor=3\ntransaction.state.log.replication.factor=3\ntransaction.state.log.min.isr=2");
    let _ = writeln!(s, "log.retention.hours={}\nlog.segment.bytes=1073741824", rng.pick(&["72", "168", "336"]));
    let _ = writeln!(s, "num.network.threads={}\nnum.io.threads={}", 3 + rng.next() % 6, 8 + rng.next() % 8);
    if rng.chance(10) {
        // A mistake: an unclean election (a warning), suppressed half the time.
        if rng.chance(50) {
            let _ = writeln!(s, "# kafkalint: disable=broker/unclean-leader-election-enabled");
        }
        let _ = writeln!(s, "unclean.leader.election.enable=true");
    }
    s
}

fn topic(name: &str, i: usize, rng: &mut Rng) -> String {
    let mut s = format!("# Topic overrides: {name}-{i}\ncleanup.policy={}\n", rng.pick(&["delete", "delete", "compact", "compact,delete"]));
    let _ = writeln!(s, "retention.ms={}", rng.pick(&["604800000", "86400000", "2592000000"]));
    let _ = writeln!(s, "min.insync.replicas=2\nsegment.bytes={}", rng.pick(&["1073741824", "536870912"]));
    if rng.chance(20) {
        let _ = writeln!(s, "max.message.bytes={}", rng.pick(&["1048588", "5242880", "10485760"]));
    }
    if rng.chance(10) {
        let _ = writeln!(s, "compression.type={}", rng.pick(&["producer", "zstd", "lz4"]));
    }
    s
}

fn producer(dir: usize, i: usize, rng: &mut Rng) -> String {
    let mut s = format!(
        "# Producer {i} ({})\nbootstrap.servers=kafka-{dir}-1.prod.internal:9092,kafka-{dir}-2.prod.internal:9092\n",
        rng.pick(&TOPICS)
    );
    let _ = writeln!(s, "client.id=producer-{dir}-{i}");
    let _ = writeln!(s, "key.serializer=org.apache.kafka.common.serialization.StringSerializer");
    let _ = writeln!(s, "value.serializer=org.apache.kafka.common.serialization.ByteArraySerializer");
    if rng.chance(15) {
        // A mistake: idempotence with acks=1 (an error).
        let _ = writeln!(s, "enable.idempotence=true\nacks=1");
    } else {
        let _ = writeln!(s, "acks={}", rng.pick(&["all", "all", "-1"]));
    }
    let _ = writeln!(s, "linger.ms={}\nbatch.size={}", rng.next() % 50, 16384 << (rng.next() % 4));
    let _ = writeln!(s, "compression.type={}", rng.pick(&["lz4", "zstd", "snappy", "none"]));
    if rng.chance(30) {
        let _ = writeln!(s, "delivery.timeout.ms=120000\nrequest.timeout.ms=30000");
    }
    if rng.chance(20) {
        let _ = writeln!(s, "security.protocol=SSL\nssl.truststore.location=/etc/kafka/truststore.jks\nssl.truststore.password=secret-{i}");
    }
    s
}

fn consumer(dir: usize, i: usize, rng: &mut Rng) -> String {
    let mut s = format!("# Consumer {i}\nbootstrap.servers=kafka-{dir}-1.prod.internal:9092,kafka-{dir}-3.prod.internal:9092\n");
    let _ = writeln!(s, "group.id={}-{}", rng.pick(&TOPICS), i % 7);
    let _ = writeln!(s, "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer");
    let _ = writeln!(s, "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer");
    let _ = writeln!(s, "enable.auto.commit={}\nauto.offset.reset={}", rng.pick(&["false", "true"]), rng.pick(&["earliest", "latest"]));
    if rng.chance(15) {
        // A mistake: a heartbeat too close to the session timeout, sometimes suppressed (and
        // sometimes a suppression of something else: unused).
        if rng.chance(40) {
            let _ = writeln!(s, "# kafkalint: disable=consumer/heartbeat-vs-session-timeout");
        }
        let _ = writeln!(s, "session.timeout.ms=10000\nheartbeat.interval.ms=5000");
    } else {
        let _ = writeln!(s, "session.timeout.ms=45000\nheartbeat.interval.ms=3000");
    }
    if rng.chance(10) {
        let _ = writeln!(s, "# kafkalint: disable=consumer/auto-offset-reset-none");
        let _ = writeln!(s, "max.poll.records={}", 100 + rng.next() % 900);
    }
    if rng.chance(20) {
        let _ = writeln!(s, "max.partition.fetch.bytes={}", rng.pick(&["1048576", "10485760"]));
    }
    s
}

fn streams(dir: usize, i: usize, rng: &mut Rng) -> String {
    let mut s = format!("application.id=streams-{dir}-{i}\nbootstrap.servers=kafka-{dir}-2.prod.internal:9092\n");
    let _ = writeln!(s, "processing.guarantee={}", rng.pick(&["exactly_once_v2", "at_least_once"]));
    let _ = writeln!(s, "replication.factor=3\nnum.stream.threads={}", 1 + rng.next() % 4);
    let _ = writeln!(s, "default.key.serde=org.apache.kafka.common.serialization.Serdes$StringSerde");
    let _ = writeln!(s, "commit.interval.ms={}", rng.pick(&["100", "1000", "30000"]));
    s
}

fn connect(dir: usize, i: usize, _rng: &mut Rng) -> String {
    format!(
        "bootstrap.servers=kafka-{dir}-1.prod.internal:9092\ngroup.id=connect-{dir}-{i}\nkey.converter=org.apache.kafka.connect.json.JsonConverter\nvalue.converter=org.apache.kafka.connect.json.JsonConverter\noffset.storage.topic=connect-offsets-{dir}\nconfig.storage.topic=connect-configs-{dir}\nstatus.storage.topic=connect-status-{dir}\noffset.storage.replication.factor=3\nconfig.storage.replication.factor=3\nstatus.storage.replication.factor=3\nplugin.path=/usr/share/java,/opt/connectors\n"
    )
}

fn admin(dir: usize, i: usize, rng: &mut Rng) -> String {
    format!(
        "bootstrap.servers=kafka-{dir}-3.prod.internal:9094\nclient.id=admin-{dir}-{i}\nsecurity.protocol=SSL\nssl.truststore.location=/etc/kafka/truststore.jks\nrequest.timeout.ms={}\n",
        rng.pick(&["30000", "60000"])
    )
}

/// Writes a tree of `n` files into `root`: directories of 100 files. Returns the paths written.
pub fn generate(root: &Path, n: usize) -> Vec<PathBuf> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut written = Vec::with_capacity(n);
    let dirs = n.div_ceil(100);
    // A kafkalint.toml: the target version, and every tenth directory a declared cluster.
    let mut toml = String::from("kafka-version = \"3.9\"\n");
    for d in (0..dirs).step_by(10) {
        let _ = write!(
            toml,
            "\n[[clusters]]\nname = \"cluster-{d}\"\nbrokers = [\"team-{:03}/svc-{d:04}/server-*.properties\"]\nclients = [\"team-{:03}/svc-{d:04}/*-*.properties\"]\n",
            d / 20,
            d / 20
        );
    }
    std::fs::create_dir_all(root).unwrap();
    std::fs::write(root.join("kafkalint.toml"), toml).unwrap();
    for i in 0..n {
        let d = i / 100;
        let k = i % 100;
        let dir = root.join(format!("team-{:03}", d / 20)).join(format!("svc-{d:04}"));
        if k == 0 {
            std::fs::create_dir_all(&dir).unwrap();
        }
        // Per directory: 3 brokers, 30 topics, 25 producers, 25 consumers, 6 Streams, 3 Connect,
        // 4 admin, 4 files that are not Kafka's.
        let (name, text) = match k {
            0..=2 => (format!("server-{}.properties", k + 1), broker(d, k + 1, &mut rng)),
            3..=32 => {
                let t = TOPICS[k % TOPICS.len()];
                (format!("topic-{t}-{k}.properties"), topic(t, k, &mut rng))
            }
            33..=57 => (format!("orders-producer-{k}.properties"), producer(d, k, &mut rng)),
            58..=82 => (format!("billing_consumer_{k}.properties"), consumer(d, k, &mut rng)),
            83..=88 => (format!("app-{k}.streams.properties"), streams(d, k, &mut rng)),
            89..=91 => (format!("connect-distributed-{k}.properties"), connect(d, k, &mut rng)),
            92..=95 => (format!("admin-{k}.properties"), admin(d, k, &mut rng)),
            96 => (
                "log4j.properties".into(),
                "log4j.rootLogger=INFO, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\n".into(),
            ),
            97 => ("gradle.properties".into(), "org.gradle.jvmargs=-Xmx2g\nversion=1.4.2\n".into()),
            98 => ("messages_fr.properties".into(), "greeting=Bonjour\nfarewell=Au revoir\n".into()),
            _ => ("application-defaults.properties".into(), "bootstrap.servers=localhost:9092\nretries=3\n".into()),
        };
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        written.push(p);
    }
    written
}

fn file_list(root: &Path, files: &[PathBuf]) -> PathBuf {
    let list = root.with_extension("list");
    let mut bytes = Vec::new();
    for f in files {
        bytes.extend_from_slice(f.strip_prefix(root).unwrap().as_os_str().as_encoded_bytes());
        bytes.push(0);
    }
    std::fs::write(&list, bytes).unwrap();
    list
}

fn tree_case(base: &Path, files: usize, runs: usize) {
    let tree = base.join(format!("tree-{files}"));
    let written = generate(&tree, files);
    let bytes: u64 = written.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len())).sum();
    let list = file_list(&tree, &written);
    run(&["check", "."], &tree);
    let (cm, cp) = time_runs(runs, || cat(&list, &tree));
    println!("tree of {files} files ({:.1} MB), cat:   median {:>8.1} ms   p90 {:>8.1} ms", bytes as f64 / 1e6, ms(cm), ms(cp));
    for (label, args) in [("json", &["check", ".", "--format", "json"][..]), ("human", &["check", "."][..])] {
        let (m, p) = time_runs(runs, || run(args, &tree));
        let bin = kafkalint();
        let cmd: Vec<&str> = std::iter::once(bin.as_str()).chain(args.iter().copied()).collect();
        let extra = cpu_and_memory(&cmd, &tree)
            .map(|(cpu, mib)| format!("   CPU {cpu:.2} s   peak {mib:.0} MiB ({:.1}x the input)", mib * 1048576.0 / bytes as f64))
            .unwrap_or_default();
        println!(
            "tree of {files} files, {label:<5}:   median {:>8.1} ms   p90 {:>8.1} ms   ({:.1}x cat){extra}   ({runs} runs)",
            ms(m),
            ms(p),
            ms(m) / ms(cm).max(0.001)
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--generate") {
        let dir = PathBuf::from(&args[i + 1]);
        let n: usize = args.get(i + 2).and_then(|n| n.parse().ok()).unwrap_or(10_000);
        let written = generate(&dir, n);
        println!("wrote {} files into {}", written.len(), dir.display());
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run quickly then.
    let quick = !args.iter().any(|a| a == "--bench");
    // Wall times on a shared machine depend on what else runs: the load is printed with them.
    let load =
        || std::fs::read_to_string("/proc/loadavg").map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).unwrap_or_default();
    println!("load average at start: {}", load());
    let dir = tempfile::tempdir().unwrap();

    let single = dir.path().join("single");
    std::fs::create_dir(&single).unwrap();
    let mut rng = Rng(7);
    std::fs::write(single.join("consumer.properties"), consumer(0, 1, &mut rng)).unwrap();
    let n = if quick { 3 } else { 1000 };
    run(&["check", "consumer.properties"], &single);
    // The hook's own command line (`kafkalint check FILE`), taken in turn with `cat`: on a
    // shared machine two blocks of runs a second apart differ by more than the two programs.
    let (mut cats, mut runs) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        cats.push(time_runs(1, || {
            let s = Command::new("cat").arg("consumer.properties").current_dir(&single).stdout(Stdio::null()).status().unwrap();
            assert!(s.success());
        }));
        runs.push(time_runs(1, || run(&["check", "consumer.properties"], &single)));
    }
    let median = |v: &mut Vec<(Duration, Duration)>| {
        v.sort();
        (v[n / 2].0, v[(n * 9) / 10].0)
    };
    let ((cm, cp), (m, p)) = (median(&mut cats), median(&mut runs));
    println!("one small file, cat:             median {:>8.2} ms   p90 {:>8.2} ms", ms(cm), ms(cp));
    println!(
        "one small file (pre-commit):     median {:>8.2} ms   p90 {:>8.2} ms   ({:.2}x cat; {n} runs each, in turn)",
        ms(m),
        ms(p),
        ms(m) / ms(cm).max(0.001)
    );

    tree_case(dir.path(), if quick { 300 } else { 10_000 }, if quick { 1 } else { 10 });
    if !quick && std::env::var_os("KAFKALINT_BENCH_BIG").is_some() {
        tree_case(dir.path(), 100_000, 3);
    }
    println!("load average at end: {}", load());
}
