//! Reading Go code must not make `kafkalint check .` slow on a Go repository
//! (`cargo bench --bench go`): a generated module of 5,000 `.go` files in 50 packages, of which 1
//! in 50 imports sarama and builds a consumer or producer configuration; the rest are ordinary
//! Go (HTTP handlers, types, helpers) that kafkalint must dismiss from their import block without
//! parsing. Prints median and p90 wall-clock times of the release binary beside `cat` of the same
//! files; the figures go into the README by hand.
//! `cargo bench --bench go -- --generate DIR` only writes the tree.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FILES: usize = 5_000;
const PER_DIR: usize = 100;
const KAFKA_EVERY: usize = 50;

fn kafkalint() -> String {
    std::env::var("KAFKALINT_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_kafkalint").to_string())
}

fn plain_file(pkg: &str, i: usize) -> String {
    let mut s = format!(
        "// Package {pkg} serves part {i} of the shop's HTTP API.\npackage {pkg}\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"net/http\"\n\t\"strings\"\n\t\"time\"\n)\n\n"
    );
    s.push_str(&format!(
        "type Item{i} struct {{\n\tID    string    `json:\"id\"`\n\tName  string    `json:\"name\"`\n\tPrice int64     `json:\"price\"`\n\tAt    time.Time `json:\"at\"`\n}}\n\n"
    ));
    for f in 0..6 {
        s.push_str(&format!(
            "func Handle{i}_{f}(w http.ResponseWriter, r *http.Request) {{\n\tname := strings.TrimSpace(r.URL.Query().Get(\"name\"))\n\tif name == \"\" {{\n\t\thttp.Error(w, \"missing name\", http.StatusBadRequest)\n\t\treturn\n\t}}\n\titem := Item{i}{{ID: fmt.Sprintf(\"%d-%d\", {i}, {f}), Name: name, Price: int64(len(name) * {f}), At: time.Now()}}\n\tw.Header().Set(\"Content-Type\", \"application/json\")\n\t_ = json.NewEncoder(w).Encode(item)\n}}\n\n"
        ));
    }
    s
}

fn kafka_file(pkg: &str, i: usize) -> String {
    format!(
        "package {pkg}\n\nimport (\n\t\"log\"\n\t\"time\"\n\n\t\"github.com/IBM/sarama\"\n)\n\n// NewConsumer{i} joins the group of service {i}.\nfunc NewConsumer{i}(brokers []string) sarama.ConsumerGroup {{\n\tconfig := sarama.NewConfig()\n\tconfig.Version = sarama.V3_6_0_0\n\tconfig.Consumer.Return.Errors = true\n\tconfig.Consumer.Offsets.Initial = sarama.OffsetOldest\n\tconfig.Consumer.Group.Session.Timeout = {s} * time.Second\n\tconfig.Consumer.Group.Heartbeat.Interval = 3 * time.Second\n\tgroup, err := sarama.NewConsumerGroup([]string{{\"kafka-1:9092\", \"kafka-2:9092\"}}, \"svc-{i}\", config)\n\tif err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n\tgo func() {{\n\t\tfor err := range group.Errors() {{\n\t\t\tlog.Println(err)\n\t\t}}\n\t}}()\n\treturn group\n}}\n\n// NewProducer{i} writes service {i}'s events.\nfunc NewProducer{i}(brokers []string) sarama.SyncProducer {{\n\tconfig := sarama.NewConfig()\n\tconfig.Producer.Idempotent = true\n\tconfig.Producer.RequiredAcks = sarama.WaitForAll\n\tconfig.Net.MaxOpenRequests = 1\n\tconfig.Producer.Return.Successes = true\n\tp, err := sarama.NewSyncProducer(brokers, config)\n\tif err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n\treturn p\n}}\n",
        s = 10 + i % 30
    )
}

fn generate(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("go.mod"), "module example.com/shop\n\ngo 1.22\n\nrequire github.com/IBM/sarama v1.43.0\n").unwrap();
    let mut files = Vec::new();
    for i in 0..FILES {
        let pkg = format!("pkg{:02}", i / PER_DIR);
        let d = dir.join("internal").join(&pkg);
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join(format!("file{i:04}.go"));
        let text = if i % KAFKA_EVERY == 0 { kafka_file(&pkg, i) } else { plain_file(&pkg, i) };
        std::fs::write(&p, text).unwrap();
        files.push(p);
    }
    files
}

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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--generate") {
        let dir = PathBuf::from(args.get(i + 1).expect("--generate DIR"));
        generate(&dir);
        return;
    }
    let tmp = std::env::temp_dir().join(format!("kafkalint-go-bench-{}", std::process::id()));
    let files = generate(&tmp);
    let bytes: u64 = files.iter().map(|p| std::fs::metadata(p).unwrap().len()).sum();
    println!("{} Go files ({} with a Kafka client), {:.1} MiB", files.len(), files.len() / KAFKA_EVERY, bytes as f64 / (1 << 20) as f64);
    let (m, p) = time_runs(7, || {
        let status = Command::new(kafkalint())
            .args(["check", "--isolated", "."])
            .current_dir(&tmp)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.code().is_some_and(|c| c <= 1), "kafkalint failed: {status}");
    });
    println!("kafkalint check .   median {:>8.1} ms   p90 {:>8.1} ms", m.as_secs_f64() * 1e3, p.as_secs_f64() * 1e3);
    let list = tmp.join("files.txt");
    std::fs::write(&list, files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join("\n")).unwrap();
    let (m, p) = time_runs(7, || {
        let status = Command::new("sh").arg("-c").arg(format!("xargs cat < '{}' > /dev/null", list.display())).status().unwrap();
        assert!(status.success());
    });
    println!("cat of the files    median {:>8.1} ms   p90 {:>8.1} ms", m.as_secs_f64() * 1e3, p.as_secs_f64() * 1e3);
    let _ = std::fs::remove_dir_all(&tmp);
}
