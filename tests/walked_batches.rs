//! A `check` of a directory with 4,096 candidate files or more reads each batch's files when the
//! batch is checked (src/cli.rs `check_walked`, src/lint.rs `lint_batches_loading`): its output is
//! that of the same files read before the first batch, as a `check` of the files named one by one
//! reads them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(dir: &Path, args: &[String]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kafkalint")).current_dir(dir).env("COLUMNS", "100").args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// 44 directories of 100 candidate files: a broker, clients with mistakes, a producer with a
/// password, files that are not Kafka's (skipped), a YAML file of no known format (not an input).
fn tree(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    std::fs::write(root.join("kafkalint.toml"), "kafka-version = \"3.9\"\n").unwrap();
    for d in 0..44 {
        let dir = root.join(format!("tree/d{d:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut add = |name: String, text: String| {
            let p = dir.join(&name);
            std::fs::write(&p, text).unwrap();
            files.push(p);
        };
        // The first files of the run are not Kafka's: the run's version comes from a later one.
        add("a-gradle.properties".into(), "org.gradle.jvmargs=-Xmx2g\n".into());
        add("messages.properties".into(), format!("greeting=hello {d}\n"));
        add(
            "server.properties".into(),
            format!(
                "process.roles=broker,controller\nnode.id=1\nlisteners=PLAINTEXT://:9092,CONTROLLER://:9093\nmin.insync.replicas={}\n",
                1 + d % 3
            ),
        );
        add(
            "orders-producer.properties".into(),
            format!("bootstrap.servers=localhost:9092\nacks={}\nssl.key.password=hunter{d}x \n", if d % 2 == 0 { "1" } else { "all" }),
        );
        for c in 0..96 {
            add(
                format!("c{c:02}-consumer.properties"),
                format!(
                    "bootstrap.servers=localhost:{}\ngroup.id=g{c}\nsession.timeout.ms=3000\nheartbeat.interval.ms={}\n",
                    9092 + c % 2,
                    1000 + 4000 * (c % 2)
                ),
            );
        }
        std::fs::write(dir.join("values.yaml"), "replicaCount: 1\n").unwrap();
    }
    files.sort();
    files
}

#[test]
fn a_walked_tree_checked_batch_by_batch_writes_what_its_files_named_one_by_one_write() {
    let dir = tempfile::tempdir().unwrap();
    let files = tree(dir.path());
    assert!(files.len() >= 4096);
    let named: Vec<String> = files.iter().map(|p| p.strip_prefix(dir.path()).unwrap().to_string_lossy().into_owned()).collect();
    for format in [&["--format", "json"][..], &["--color", "never"], &["--format", "compact"], &["--statistics"]] {
        let args = |paths: &[String]| -> Vec<String> {
            let mut a = vec!["check".to_string()];
            a.extend(format.iter().map(|s| s.to_string()));
            a.extend(paths.iter().cloned());
            a
        };
        let walked = run(dir.path(), &args(&["tree".to_string()]));
        let one_by_one = run(dir.path(), &args(&named));
        assert_eq!(walked.0, one_by_one.0, "{format:?}: exit codes; {}", walked.2);
        assert_eq!(walked.2, one_by_one.2, "{format:?}: standard error");
        assert!(walked.1 == one_by_one.1, "{format:?}: standard output differs");
        assert!(!walked.1.is_empty(), "{format:?}");
    }
    // The skipped files are no inputs, and the secret is nowhere.
    let (_, json, _) = run(dir.path(), &["check".into(), "--format".into(), "json".into(), "tree".into()]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let inputs: Vec<&str> = v["files"].as_array().unwrap().iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(inputs.len(), 44 * 98, "{:?}", &inputs[..3]);
    assert!(!inputs.iter().any(|p| p.ends_with("gradle.properties") || p.ends_with("messages.properties")));
    assert!(!json.contains("hunter1x"));
}
