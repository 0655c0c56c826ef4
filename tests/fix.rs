//! `check --fix`, `--unsafe-fixes`, `--diff`: what is applied, how files are written (atomically,
//! keeping permissions, links, encoding, byte order mark and line ends), that a second run changes
//! nothing on every fixture, and that no secret reaches the diff.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kafkalint"));
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// Every file under a directory with its bytes, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_second_fix_changes_nothing_on_every_fixture() {
    let src = common::root().join("tests/fixtures");
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("fixtures");
    copy_tree(&src, &root);
    let cases = common::fixture_cases(&root);
    assert!(cases.len() >= 20, "found the fixtures: {cases:?}");
    let before = snapshot(&root);
    let mut changed_cases = Vec::new();
    for flags in [&["--fix"][..], &["--fix", "--unsafe-fixes"][..]] {
        for case in &cases {
            let rel = case.strip_prefix(d.path()).unwrap().to_string_lossy().to_string();
            let start = snapshot(&root);
            let mut args = vec!["check", rel.as_str()];
            args.extend_from_slice(flags);
            let first = run_in(d.path(), &args);
            assert!(first.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", text(&first.stderr));
            let after_first = snapshot(&root);
            if after_first != start {
                changed_cases.push(rel.clone());
                assert!(text(&first.stderr).contains("kafkalint: applied"), "{args:?} says what it applied: {}", text(&first.stderr));
            }
            let second = run_in(d.path(), &args);
            assert!(second.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", text(&second.stderr));
            let after_second = snapshot(&root);
            for ((p, a), (_, b)) in after_first.iter().zip(&after_second) {
                assert_eq!(text(a), text(b), "{args:?}: the second run changed {}", p.display());
            }
            assert_eq!(after_first.len(), after_second.len(), "{args:?}: no file created or removed");
            assert!(!text(&second.stderr).contains("kafkalint: applied"), "{args:?}: {}", text(&second.stderr));
            // --diff after fixing: nothing left to show.
            let mut diff_args = args.clone();
            diff_args.retain(|a| *a != "--fix");
            diff_args.push("--diff");
            let diff = run_in(d.path(), &diff_args);
            assert_eq!(diff.status.code(), Some(0), "{diff_args:?}: {}{}", text(&diff.stdout), text(&diff.stderr));
            assert!(diff.stdout.is_empty());
        }
    }
    // Not vacuous: the fixtures with safe fixes were fixed.
    for expected in [
        "fixtures/rules/syntax/trailing-whitespace/bad.properties",
        "fixtures/rules/schema/duplicate-key/bad.properties",
        "fixtures/rules/producer/idempotence-without-acks-all/bad.properties",
        "fixtures/rules/consumer/heartbeat-vs-session-timeout/bad.properties",
    ] {
        assert!(changed_cases.iter().any(|c| c == expected), "{expected} was fixed; fixed: {changed_cases:?}");
    }
    assert_ne!(before, snapshot(&root));
}

#[test]
fn fix_applies_safe_fixes_and_reports_what_remains() {
    let d = tempfile::tempdir().unwrap();
    // A warning with a safe fix, and an error without one.
    write(d.path(), "consumer.properties", "group.id=a\nsession.timeout.ms=45000\nheartbeat.interval.ms=20000\nclient.id=x \n");
    let o = run_in(d.path(), &["check", "consumer.properties", "--fix", "--format", "json", "--isolated"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(d.path().join("consumer.properties")).unwrap(),
        "group.id=a\nsession.timeout.ms=45000\nheartbeat.interval.ms=15000\nclient.id=x\n"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0, "{v}");
    assert!(text(&o.stderr).contains("applied 2 fixes to 1 file"), "{}", text(&o.stderr));

    // What cannot be fixed is still reported, and fails the run.
    write(d.path(), "producer.properties", "enable.idempotence=true\nacks=1\nlinger.ms=5 \n");
    write(d.path(), "server.properties", "listeners=PLAINTEXT://0.0.0.0:9092\nnode.id=1\n");
    let o = run_in(d.path(), &["check", "producer.properties", "server.properties", "--fix", "--isolated", "--format", "compact"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(std::fs::read_to_string(d.path().join("producer.properties")).unwrap(), "enable.idempotence=true\nacks=all\nlinger.ms=5\n");
    // A suggestion (a placeholder the user fills in) is never applied, even with --unsafe-fixes.
    let o = run_in(d.path(), &["check", "server.properties", "--fix", "--unsafe-fixes", "--isolated", "--format", "compact"]);
    assert_eq!(std::fs::read_to_string(d.path().join("server.properties")).unwrap(), "listeners=PLAINTEXT://0.0.0.0:9092\nnode.id=1\n");
    assert!(text(&o.stdout).contains("broker/advertised-wildcard-address"), "{}", text(&o.stdout));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn unsafe_fixes_only_when_asked() {
    let d = tempfile::tempdir().unwrap();
    // Idempotence is on by default: `acks=1` has an unsafe fix (acks=all) listed before a safe
    // one (say that idempotence is off).
    let original = "# kafkalint: role=producer\nacks=1\n";
    write(d.path(), "p.properties", original);
    let o = run_in(d.path(), &["check", "p.properties", "--fix", "--isolated", "--kafka-version", "3.9"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(d.path().join("p.properties")).unwrap(), format!("{original}enable.idempotence=false\n"));
    write(d.path(), "p.properties", original);
    let o = run_in(d.path(), &["check", "p.properties", "--fix", "--unsafe-fixes", "--isolated", "--kafka-version", "3.9"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(d.path().join("p.properties")).unwrap(), "# kafkalint: role=producer\nacks=all\n");
    // --unsafe-fixes alone is a usage error: it says which fixes, not whether to fix.
    let o = run_in(d.path(), &["check", "p.properties", "--unsafe-fixes"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn diff_shows_without_writing_and_masks_secrets() {
    let d = tempfile::tempdir().unwrap();
    let original = "group.id=a\nssl.keystore.password=Hunter2-secret \nsasl.jaas.config=x required username=\"u\" password=\"Jaas-s3cret\" ;  \nsession.timeout.ms=10000\nsession.timeout.ms=9000\n";
    let p = write(d.path(), "consumer.properties", original);
    let o = run_in(d.path(), &["check", "consumer.properties", "--diff", "--isolated"]);
    assert_eq!(o.status.code(), Some(1), "a change would be made: {}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), original, "--diff writes nothing");
    let out = text(&o.stdout);
    assert!(!out.contains("Hunter2") && !out.contains("Jaas-s3cret"), "{out}");
    assert!(out.starts_with("--- consumer.properties\n+++ consumer.properties\n@@ -1,5 +1,4 @@\n"), "{out}");
    assert!(out.contains("\n-ssl.keystore.password=***\n") && out.contains("\n+ssl.keystore.password=***\n"), "{out}");
    assert!(out.contains("password=\"***\""), "{out}");
    assert!(out.contains("-session.timeout.ms=10000\n"), "{out}");
    assert!(text(&o.stderr).contains("would apply 3 fixes to 1 file"), "{}", text(&o.stderr));
    // Nothing to change: exit 0, no output.
    write(d.path(), "ok.properties", "group.id=a\n");
    let o = run_in(d.path(), &["check", "ok.properties", "--diff", "--isolated"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
}

#[test]
fn stdin_prints_the_fixed_text_and_reports_on_stderr() {
    let mut child = bin()
        .args(["check", "-", "--stdin-filename", "producer.properties", "--fix", "--isolated", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"enable.idempotence=true\r\nacks=1\r\nlinger.ms=5").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(text(&o.stdout), "enable.idempotence=true\r\nacks=all\r\nlinger.ms=5");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("\"diagnostics\": []"), "the report goes to stderr: {err}");
}

#[test]
fn encoding_bom_and_line_ends_are_kept() {
    let d = tempfile::tempdir().unwrap();
    // ISO-8859-1 (not UTF-8): é is the single byte E9 and must stay so.
    let latin1 = b"# caf\xe9\r\ngroup.id=caf\xe9 \r\nclient.id=x\r\n".to_vec();
    let p = write(d.path(), "consumer.properties", &latin1);
    let o = run_in(d.path(), &["check", "consumer.properties", "--fix", "--isolated"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o.stderr));
    assert_eq!(std::fs::read(&p).unwrap(), b"# caf\xe9\r\ngroup.id=caf\xe9\r\nclient.id=x\r\n".to_vec());
    // UTF-8 with a byte order mark, CR line ends and non-ASCII text around the edit.
    let bom = "\u{feff}# 日本\rgroup.id=é \rclient.id=😀\r".as_bytes().to_vec();
    let p = write(d.path(), "c2/consumer.properties", &bom);
    let o = run_in(d.path(), &["check", "c2/consumer.properties", "--fix", "--isolated"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o.stderr));
    assert_eq!(text(&std::fs::read(&p).unwrap()), "\u{feff}# 日本\rgroup.id=é\rclient.id=😀\r");
}

#[cfg(unix)]
#[test]
fn writes_keep_permissions_and_links_and_refuse_what_they_cannot_do_safely() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let real = write(d.path(), "real/consumer.properties", "group.id=a \n");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real/consumer.properties", d.path().join("consumer.properties")).unwrap();
    let o = run_in(d.path(), &["check", "consumer.properties", "--fix", "--isolated"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(std::fs::symlink_metadata(d.path().join("consumer.properties")).unwrap().file_type().is_symlink(), "the link stays");
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "group.id=a\n", "the link's target is written");
    assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(d.path().join("real")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");

    // A read-only file is not written: exit 2, named, unchanged, the rest still fixed.
    let ro = write(d.path(), "ro/consumer.properties", "group.id=a \n");
    let other = write(d.path(), "ro/producer.properties", "acks=all \n");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run_in(d.path(), &["check", "ro", "--fix", "--isolated"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("ro/consumer.properties") && err.contains("read-only"), "{err}");
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), "group.id=a \n");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "acks=all\n");
    // The report shows what the files hold: the unfixed finding is still there.
    assert!(text(&o.stdout).contains("syntax/trailing-whitespace"), "{}", text(&o.stdout));

    // A hard-linked file: replacing it would split the links; refused.
    let a = write(d.path(), "hl/consumer.properties", "group.id=a \n");
    std::fs::hard_link(&a, d.path().join("hl-other.properties")).unwrap();
    let o = run_in(d.path(), &["check", "hl/consumer.properties", "--fix", "--isolated"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("hard links"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "group.id=a \n");

    // A dangling link: a clear message, nothing created.
    std::os::unix::fs::symlink("nowhere/consumer.properties", d.path().join("dangling.properties")).unwrap();
    let o = run_in(d.path(), &["check", "dangling.properties", "--fix", "--isolated"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!d.path().join("nowhere").exists());
}

#[test]
fn a_file_named_twice_is_fixed_once() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "conf/consumer.properties", "group.id=a \n");
    let o = run_in(d.path(), &["check", "conf", "conf/consumer.properties", "--fix", "--isolated"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "group.id=a\n");
}

#[test]
fn library_fix_loop_converges_and_keeps_bytes_outside_edits() {
    use kafkalint::diagnostic::Applicability;
    use kafkalint::lint::{Input, Settings};
    let bytes = b"# k\xe9y\nenable.idempotence=true\nacks=1\nacks=0\ncompression.type=lz4 \n".to_vec();
    let inputs = vec![Input { path: "producer.properties".into(), bytes: bytes.clone() }];
    let settings = Settings { isolated: true, ..Default::default() };
    let out = kafkalint::fix::fix_inputs(inputs, &settings, Applicability::Safe).unwrap();
    assert!(out.converged);
    let fixed = &out.files[0].fixed;
    assert_eq!(fixed, &b"# k\xe9y\nenable.idempotence=true\nacks=all\ncompression.type=lz4\n".to_vec(), "{}", text(fixed));
    assert_eq!(out.fixes, 3, "duplicate removed, acks set, white space trimmed");
    let left: Vec<&str> = out.report.diagnostics.iter().map(|d| d.rule.id).collect();
    assert_eq!(left, vec!["syntax/latin1-fallback"], "only the note on the encoding remains");
}

/// `--diff` and `--fix` of 4,096 files or more, fixed a part at a time, give the diff, the files
/// and the report of the run fixed as one (a Go file among the inputs keeps a run in one piece:
/// the comparison), and each diff masks the secrets of every part: a client id that is another
/// part's password is shown masked.
#[test]
fn diff_and_fix_of_many_files_in_parts_are_those_of_one_run() {
    let n = kafkalint::lint::BATCHED_FROM + 104;
    let parts = tempfile::tempdir().unwrap();
    for i in 0..n {
        // A password 2,003 files on (another part's), written as this consumer's client id.
        let other = (i + 2003) % n;
        let (name, body) = match i % 4 {
            0 => ("server", format!("process.roles=broker\nnode.id={i}\nlog.retention.hours=24 \n")),
            1 => ("producer", format!("bootstrap.servers=localhost:9092 \nacks=all\nssl.key.password=Zebra-{i}secret \n")),
            2 => ("consumer", format!("group.id=g{i}\nclient.id=Zebra-{other}secret \n")),
            _ => ("admin", "bootstrap.servers=localhost:9092\n".to_string()),
        };
        write(parts.path(), &format!("tree/d{:03}/{name}-{i}.properties", i / 40), body);
    }
    let one = tempfile::tempdir().unwrap();
    copy_tree(parts.path(), one.path());
    write(one.path(), "go/main.go", "package main\n");
    let before = snapshot(&parts.path().join("tree"));

    let a = run_in(parts.path(), &["check", "tree", "--diff", "--isolated"]);
    let b = run_in(one.path(), &["check", "tree", "go/main.go", "--diff", "--isolated"]);
    assert_eq!(a.status.code(), Some(1), "{}", text(&a.stderr));
    assert_eq!(b.status.code(), Some(1));
    let diff = text(&a.stdout);
    assert!(diff.len() > 100_000 && diff.contains("+client.id=***\n"), "{}", &diff[..2000.min(diff.len())]);
    assert!(!diff.contains("Zebra-"), "every part's secrets are masked");
    assert!(a.stdout == b.stdout, "the diff of the run in parts is that of the run as one");
    assert_eq!(text(&a.stderr), text(&b.stderr));
    assert!(text(&a.stderr).contains(&format!("would apply {n} fixes to {} files", n / 4 * 3)), "{}", text(&a.stderr));
    assert_eq!(snapshot(&parts.path().join("tree")), before, "--diff writes nothing");

    let a = run_in(parts.path(), &["check", "tree", "--fix", "--isolated", "--format", "compact"]);
    let b = run_in(one.path(), &["check", "tree", "go/main.go", "--fix", "--isolated", "--format", "compact"]);
    assert_eq!(a.status.code(), b.status.code());
    assert!(!a.stdout.is_empty() && a.stdout == b.stdout, "the same findings remain");
    // The summary counts the Go file too.
    let one_err = text(&b.stderr).replace(&format!("{} files checked", n + 1), &format!("{n} files checked"));
    assert_eq!(text(&a.stderr), one_err);
    assert!(text(&a.stderr).contains(&format!("applied {n} fixes to {} files", n / 4 * 3)), "{}", text(&a.stderr));
    let fixed = snapshot(&parts.path().join("tree"));
    assert_ne!(fixed, before);
    assert_eq!(fixed, snapshot(&one.path().join("tree")), "the files end the same");
}
