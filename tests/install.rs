//! The GitHub Action's install-and-run scripts, run locally against the binary this build made:
//! scripts/package.sh packs it as the release workflow does, scripts/action/install.sh installs it
//! from a `file://` mirror (checking its SHA-256), scripts/action/run.sh runs `check` with
//! annotations and SARIF, as action.yml runs them. No network: curl reads the local mirror.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TARGET: &str = "x86_64-unknown-linux-musl";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn have(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().is_ok_and(|o| o.status.success())
}

/// The tools the scripts use; a missing one is said plainly (the test cannot run without it).
fn tools_present() -> bool {
    let missing: Vec<&str> = ["bash", "curl", "tar", "sha256sum"].into_iter().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    eprintln!("SKIPPED: the install scripts need {} (not found on this machine)", missing.join(", "));
    false
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Packs the binary into `mirror/v<version>/` as a release would publish it.
fn mirror(dir: &Path) -> PathBuf {
    let version = env!("CARGO_PKG_VERSION");
    let m = dir.join("mirror");
    let out = m.join(format!("v{version}"));
    let o = Command::new("bash")
        .arg(root().join("scripts/package.sh"))
        .args([version, TARGET, env!("CARGO_BIN_EXE_kafkalint")])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "package.sh: {}", text(&o.stderr));
    let archive = format!("kafkalint-v{version}-{TARGET}.tar.gz");
    assert_eq!(text(&o.stdout).trim(), out.join(&archive).to_string_lossy());
    let sum = std::fs::read_to_string(out.join(format!("{archive}.sha256"))).unwrap();
    assert!(sum.ends_with(&format!("  {archive}\n")), "sha256sum format: {sum}");
    m
}

fn install(dir: &Path, mirror: &Path, version: &str) -> Output {
    Command::new("bash")
        .arg(root().join("scripts/action/install.sh"))
        .env("KAFKALINT_VERSION", version)
        .env("KAFKALINT_BASE_URL", format!("file://{}", mirror.display()))
        .env("KAFKALINT_TARGET", TARGET)
        .env("KAFKALINT_INSTALL_DIR", dir.join("bin"))
        .env("GITHUB_PATH", dir.join("github-path"))
        .output()
        .unwrap()
}

fn run(dir: &Path, bin: &Path, vars: &[(&str, &str)]) -> Output {
    let mut c = Command::new("bash");
    c.arg(root().join("scripts/action/run.sh")).current_dir(dir).env("KAFKALINT", bin).env("GITHUB_OUTPUT", dir.join("github-output"));
    for (k, v) in vars {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn the_action_installs_the_released_binary_and_runs_check() {
    if !tools_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let m = mirror(d.path());

    // Install (with or without the v of the tag): the binary, its directory on the next steps' PATH.
    let o = install(d.path(), &m, &format!("v{}", env!("CARGO_PKG_VERSION")));
    assert!(o.status.success(), "install.sh: {}", text(&o.stderr));
    let bin = PathBuf::from(text(&o.stdout).trim());
    assert_eq!(bin, d.path().join("bin/kafkalint"));
    let v = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(text(&v.stdout).trim(), format!("kafkalint {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(std::fs::read_to_string(d.path().join("github-path")).unwrap().trim(), d.path().join("bin").to_string_lossy());
    assert!(install(d.path(), &m, env!("CARGO_PKG_VERSION")).status.success());

    // Run: annotations in the log, SARIF beside, outputs for the next steps.
    let conf = d.path().join("conf");
    std::fs::create_dir(&conf).unwrap();
    std::fs::write(conf.join("consumer.properties"), "group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=10000\n").unwrap();
    let o = run(d.path(), &bin, &[("INPUT_PATHS", "conf"), ("INPUT_SARIF", "true"), ("INPUT_ARGS", "--kafka-version 3.9")]);
    assert_eq!(o.status.code(), Some(1), "findings fail the step: {}", text(&o.stderr));
    assert!(text(&o.stdout).contains("::error file=conf/consumer.properties"), "{}", text(&o.stdout));
    let sarif: serde_json::Value = serde_json::from_slice(&std::fs::read(d.path().join("kafkalint.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["runs"][0]["results"].as_array().is_some_and(|r| !r.is_empty()));
    let outputs = std::fs::read_to_string(d.path().join("github-output")).unwrap();
    assert!(outputs.contains("exit-code=1\n") && outputs.contains("sarif-file=kafkalint.sarif\n"), "{outputs}");

    // fail: false lets findings pass; a usage error fails whatever it says.
    assert_eq!(run(d.path(), &bin, &[("INPUT_PATHS", "conf"), ("INPUT_FAIL", "false")]).status.code(), Some(0));
    assert_eq!(run(d.path(), &bin, &[("INPUT_PATHS", "missing"), ("INPUT_FAIL", "false")]).status.code(), Some(2));
    assert_eq!(run(d.path(), &bin, &[("INPUT_PATHS", "conf"), ("INPUT_ARGS", "--select nonsense")]).status.code(), Some(2));
}

#[test]
fn install_refuses_a_wrong_checksum_and_a_missing_release() {
    if !tools_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let m = mirror(d.path());
    let version = env!("CARGO_PKG_VERSION");
    let sum = m.join(format!("v{version}/kafkalint-v{version}-{TARGET}.tar.gz.sha256"));
    let good = std::fs::read_to_string(&sum).unwrap();
    std::fs::write(&sum, format!("{}{}", "0".repeat(64), &good[64..])).unwrap();
    let o = install(d.path(), &m, version);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("SHA-256 mismatch"), "{}", text(&o.stderr));
    assert!(!d.path().join("bin/kafkalint").exists(), "nothing installed");

    let o = install(d.path(), &m, "9.9.9");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("cannot download"), "{}", text(&o.stderr));
}

#[test]
fn the_binary_pre_commit_hook_downloads_once_and_checks_the_files() {
    if !tools_present() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let m = mirror(d.path());
    std::fs::write(d.path().join("consumer.properties"), "group.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=10000\n").unwrap();
    std::fs::write(d.path().join("gradle.properties"), "org.gradle.jvmargs=-Xmx2g\n").unwrap();
    let hook = |files: &[&str]| {
        Command::new("bash")
            .arg(root().join("scripts/pre-commit-binary.sh"))
            .args(files)
            .current_dir(d.path())
            .env("KAFKALINT_BASE_URL", format!("file://{}", m.display()))
            .env("KAFKALINT_TARGET", TARGET)
            .env("KAFKALINT_CACHE", d.path().join("cache"))
            .output()
            .unwrap()
    };
    let o = hook(&["consumer.properties", "gradle.properties"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("consumer/heartbeat-vs-session-timeout"), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("install.sh: downloading"), "first run downloads: {}", text(&o.stderr));
    // The second run reuses the cached binary; a file that is not Kafka's passes.
    let o = hook(&["gradle.properties"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(!text(&o.stderr).contains("downloading"), "{}", text(&o.stderr));
}
