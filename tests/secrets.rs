//! No secret from files full of credentials reaches any output: `check` in every format (with
//! `--verbose`, `--diff`, `--fix`), `effective`, `explain`, standard error. Each credential of the
//! corpus is written one way kafkalint must recognise by what the value is or what its key is
//! called; the language server's side is `src/lsp/tests.rs` (`no_secret_of_the_corpus_in_any_message`).

use std::path::Path;
use std::process::Command;

include!("common/secrets_corpus.rs");

fn run_in(dir: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_kafkalint")).current_dir(dir).args(args).env("COLUMNS", "400").output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    format!("{}{}", String::from_utf8_lossy(&o.stdout), err)
}

fn assert_clean(what: &str, out: &str) {
    for s in needles() {
        assert!(!out.contains(s), "{what} leaks {s:?}:\n{out}");
    }
}

#[test]
fn the_corpus_parses_as_intended() {
    // Each line's secret is in the file: the test would pass vacuously otherwise.
    let f = fixture();
    for s in needles() {
        assert!(f.contains(s), "{s}");
    }
}

#[test]
fn no_secret_in_any_command() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("consumer.properties"), fixture()).unwrap();
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["check", "consumer.properties"],
        vec!["check", "consumer.properties", "--verbose"],
        vec!["check", "consumer.properties", "--color", "always"],
        vec!["check", "consumer.properties", "--diff"],
        vec!["check", "consumer.properties", "--diff", "--unsafe-fixes"],
        vec!["check", "-", "--stdin-filename", "consumer.properties", "--format", "json"],
        vec!["effective", "consumer.properties"],
        vec!["effective", "consumer.properties", "--format", "json"],
        vec!["explain", "ssl.key.password"],
        vec!["explain", "sasl.jaas.config"],
        vec!["explain", "basic.auth.user.info"],
        vec!["init", ".", "--dry-run"],
    ];
    for f in ["human", "json", "sarif", "github", "compact"] {
        runs.push(vec!["check", "consumer.properties", "--format", f]);
        runs.push(vec!["check", ".", "--format", f, "--verbose"]);
    }
    for args in &runs {
        let out = if args.contains(&"-") {
            let mut child = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
                .current_dir(d.path())
                .args(args)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            child.stdin.take().unwrap().write_all(fixture().as_bytes()).unwrap();
            let o = child.wait_with_output().unwrap();
            format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
        } else {
            run_in(d.path(), args)
        };
        assert_clean(&format!("{args:?}"), &out);
        if args[0] == "effective" || args.contains(&"--diff") {
            assert!(out.contains("***"), "{args:?} shows masks:\n{out}");
        }
    }
    // The diff shows context lines around every credential.
    let diff = run_in(d.path(), &["check", "consumer.properties", "--diff"]);
    assert!(diff.contains("#ssl.key.password=***") && diff.contains("user_alice=\"***\""), "{diff}");
    // `--fix` writes the file (the secrets stay in it) and prints none of them.
    let out = run_in(d.path(), &["check", "consumer.properties", "--fix", "--unsafe-fixes"]);
    assert_clean("--fix", &out);
    assert!(std::fs::read_to_string(d.path().join("consumer.properties")).unwrap().contains("user_alice=\"Zq10alice\""));
}

#[test]
fn only_the_credential_is_masked() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("consumer.properties"), fixture()).unwrap();
    let effective = run_in(d.path(), &["effective", "consumer.properties"]);
    assert!(effective.contains("username=\"alice\"") && effective.contains("password = \"***\""), "{effective}");
    assert!(effective.contains("jdbc:postgresql://dbuser:***@db:5432/x"), "the URL keeps its user and host:\n{effective}");
    assert!(effective.contains("passphrase='***'"), "{effective}");
    // Known keys that are not secrets keep their values, even with `token` in the name.
    std::fs::write(d.path().join("broker.properties"), "delegation.token.expiry.time.ms=86400000\nprocess.roles=broker\n").unwrap();
    let effective = run_in(d.path(), &["effective", "broker.properties"]);
    assert!(effective.contains("delegation.token.expiry.time.ms=86400000"), "{effective}");
}

#[test]
fn findings_on_secret_keys_still_show() {
    // The duplicate ssl.key.password and the trailing space on ssl.keystore.password are reported,
    // with the values masked.
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("consumer.properties"), fixture()).unwrap();
    let out = run_in(d.path(), &["check", "consumer.properties", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out[..out.rfind('}').unwrap() + 1]).unwrap();
    let rules: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"schema/duplicate-key"), "{rules:?}");
    assert!(rules.contains(&"syntax/trailing-whitespace"), "{rules:?}");
}

#[test]
fn terminal_escapes_from_files_are_not_printed_raw() {
    let d = tempfile::tempdir().unwrap();
    let name = "consumer\x1b]0;owned\x07.properties";
    std::fs::write(d.path().join(name), "group.id=a\x1b[2J\x1b[31m  \nclient.rack=\u{202e}evil  \nacks\x1b[1m=1\n").unwrap();
    for f in ["human", "compact", "github"] {
        let o = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
            .current_dir(d.path())
            .args(["check", ".", "--format", f, "--color", "never", "--role", "consumer"])
            .output()
            .unwrap();
        let all = [o.stdout.as_slice(), o.stderr.as_slice()].concat();
        let text = String::from_utf8_lossy(&all);
        assert!(text.contains("consumer"), "{f}: {text}");
        assert!(!all.contains(&0x1b) && !all.contains(&0x07), "{f} prints a raw control character:\n{text:?}");
        assert!(!text.contains('\u{202e}'), "{f} prints a raw bidirectional override:\n{text:?}");
        assert!(text.contains("\\x1b") || text.contains("\\u{1b}"), "{f} shows the escape visibly:\n{text}");
    }
}
