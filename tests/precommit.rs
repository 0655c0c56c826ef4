//! The pre-commit hooks (.pre-commit-hooks.yaml) as a user meets them: pre-commit from PyPI, in a
//! virtual environment scripts/python-venv.sh makes, runs `pre-commit try-repo` on this repository
//! in a throwaway git repository holding a broken producer configuration. pre-commit builds the
//! hook with `cargo install` (language: rust), so this test takes minutes; without python3 it fails
//! in CI (`CI` set) and is skipped with a note elsewhere.
//!
//! The repository handed to try-repo is a one-commit snapshot of this working tree (tracked and
//! untracked files, less what .gitignore ignores): try-repo on a local path takes only committed and
//! tracked-modified files, so the snapshot tests exactly what is on disk.

mod common;

use common::python::{has_python3, in_ci, target_dir, venv};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BROKEN: &str = "bootstrap.servers=kafka-1:9092\nenable.idempotence=true\nacks=1\n";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// git, untouched by the environment of a surrounding git command.
fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .args(["-c", "user.name=kafkalint test", "-c", "user.email=test@kafkalint.invalid", "-c", "commit.gpgsign=false"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
    c
}

fn run_ok(c: &mut Command) -> Output {
    let out = c.output().expect("run");
    assert!(out.status.success(), "{c:?} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    out
}

/// This working tree as a one-commit repository.
fn snapshot(into: &Path) {
    let listed = run_ok(git(&root()).args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]));
    for rel in listed.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let rel = Path::new(std::str::from_utf8(rel).expect("UTF-8 path"));
        let from = root().join(rel);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = into.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    run_ok(git(into).args(["init", "-q"]));
    run_ok(git(into).args(["add", "-A"]));
    run_ok(git(into).args(["commit", "-q", "-m", "snapshot"]));
}

struct Hooks {
    pre_commit: PathBuf,
    repo: PathBuf,
    hook_repo: PathBuf,
    cargo_target: PathBuf,
}

impl Hooks {
    /// `pre-commit try-repo <snapshot> HOOK --all-files` in the throwaway repository.
    fn try_repo(&self, hook: &str) -> (bool, String) {
        let mut c = Command::new(&self.pre_commit);
        c.current_dir(&self.repo)
            .args(["try-repo", self.hook_repo.to_str().unwrap(), hook, "--all-files", "--color", "never"])
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE")
            .env("PRE_COMMIT_HOME", self.repo.parent().unwrap().join("pre-commit-home"))
            // `cargo install` of the hook: deps stay built between runs, and the hook is compiled
            // without LTO or optimisation (it checks one small file), to keep CI's time reasonable.
            .env("CARGO_TARGET_DIR", &self.cargo_target)
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env("CARGO_BUILD_JOBS", std::env::var("CARGO_BUILD_JOBS").unwrap_or_else(|_| "2".into()));
        let out = c.output().expect("run pre-commit");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        println!("$ pre-commit try-repo <kafkalint> {hook} --all-files\n{text}");
        (out.status.success(), text)
    }
}

fn has_fix_flag() -> bool {
    let out = Command::new(env!("CARGO_BIN_EXE_kafkalint")).args(["check", "--help"]).output().expect("kafkalint check --help");
    String::from_utf8_lossy(&out.stdout).contains("--fix")
}

#[test]
fn pre_commit_hook_fails_on_a_broken_config_and_passes_once_fixed() {
    if !has_python3() {
        assert!(!in_ci(), "python3 is needed for the pre-commit hook test and CI must have it");
        eprintln!("note: python3 not found: skipping the pre-commit hook test (CI runs it)");
        return;
    }
    let venv = venv("scripts/requirements-precommit.txt", "precommit");
    let tmp = tempfile::tempdir().unwrap();
    let hook_repo = tmp.path().join("kafkalint");
    snapshot(&hook_repo);
    let repo = tmp.path().join("app");
    std::fs::create_dir_all(repo.join("deploy")).unwrap();
    run_ok(git(&repo).args(["init", "-q"]));
    std::fs::write(repo.join("deploy/producer.properties"), BROKEN).unwrap();
    std::fs::write(repo.join("README.md"), "not a properties file\n").unwrap();
    run_ok(git(&repo).args(["add", "-A"]));
    let hooks = Hooks {
        pre_commit: venv.join("bin/pre-commit"),
        repo: repo.clone(),
        hook_repo,
        cargo_target: target_dir().join("precommit-cargo"),
    };

    // The check hook fails and shows the finding.
    let (ok, out) = hooks.try_repo("kafkalint");
    assert!(!ok, "the hook passes a producer that refuses to start:\n{out}");
    assert!(out.contains("kafkalint") && out.contains("Failed"), "{out}");
    assert!(out.contains("producer/idempotence-without-acks-all"), "the diagnostic is shown:\n{out}");
    assert!(out.contains("deploy/producer.properties"), "{out}");

    if has_fix_flag() {
        // The fix hook rewrites the file (pre-commit reports a modification, which fails the run).
        let (ok, out) = hooks.try_repo("kafkalint-fix");
        assert!(!ok, "{out}");
        assert!(out.contains("files were modified by this hook"), "{out}");
        let fixed = std::fs::read_to_string(repo.join("deploy/producer.properties")).unwrap();
        assert!(fixed.contains("acks=all") && !fixed.contains("acks=1"), "{fixed}");
    } else {
        eprintln!("note: `kafkalint check --fix` is not there yet: fixing the file by hand");
        std::fs::write(repo.join("deploy/producer.properties"), BROKEN.replace("acks=1", "acks=all")).unwrap();
    }
    run_ok(git(&repo).args(["add", "-A"]));

    let (ok, out) = hooks.try_repo("kafkalint");
    assert!(ok, "the hook fails a fixed file:\n{out}");
    assert!(out.contains("Passed"), "{out}");
}
