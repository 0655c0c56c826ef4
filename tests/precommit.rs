//! The pre-commit hooks (.pre-commit-hooks.yaml) as a user meets them: pre-commit from PyPI, in a
//! virtual environment scripts/python-venv.sh makes, runs `pre-commit try-repo` on this repository
//! in a throwaway git repository holding a broken producer configuration, for each kind of hook:
//! `kafkalint` (language: rust: pre-commit builds it with `cargo install`, about a minute with the
//! dependencies built), `kafkalint-binary` (the release binary from a `file://` mirror, ~30 s) and
//! `kafkalint-python` (the maturin wheel built here, one run, ~1 min). Without python3 they fail in CI
//! (`CI` set) and are skipped with a note elsewhere; the two newer ones say SKIPPED and return when
//! the package registry cannot be reached.
//!
//! The repository handed to try-repo is a one-commit snapshot of this working tree (tracked and
//! untracked files, less what .gitignore ignores): try-repo on a local path takes only committed and
//! tracked-modified files, so the snapshot tests exactly what is on disk.

mod common;

use common::python::{has_python3, in_ci, target_dir, venv, venv_or_skip};
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
    /// More environment for the hooks (pip's find-links, the binary hook's mirror).
    env: Vec<(String, String)>,
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
        for (k, v) in &self.env {
            c.env(k, v);
        }
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
        env: Vec::new(),
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

/// A throwaway repository holding the broken producer, and a snapshot of this tree as the hook
/// repository, for the faster hooks below.
fn setup(tmp: &Path, pre_commit: PathBuf, env: Vec<(String, String)>) -> Hooks {
    let hook_repo = tmp.join("kafkalint");
    snapshot(&hook_repo);
    let repo = tmp.join("app");
    std::fs::create_dir_all(repo.join("deploy")).unwrap();
    run_ok(git(&repo).args(["init", "-q"]));
    std::fs::write(repo.join("deploy/producer.properties"), BROKEN).unwrap();
    std::fs::write(repo.join("deploy/gradle.properties"), "org.gradle.jvmargs=-Xmx2g\n").unwrap();
    run_ok(git(&repo).args(["add", "-A"]));
    Hooks { pre_commit, repo, hook_repo, cargo_target: target_dir().join("precommit-cargo"), env }
}

/// The hook fails on the broken producer with its finding, and passes once it is fixed.
fn fails_then_passes(hooks: &Hooks, hook: &str) {
    let (ok, out) = hooks.try_repo(hook);
    assert!(!ok, "{hook} passes a producer that refuses to start:\n{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(out.contains("producer/idempotence-without-acks-all") && out.contains("deploy/producer.properties"), "{out}");
    std::fs::write(hooks.repo.join("deploy/producer.properties"), BROKEN.replace("acks=1", "acks=all")).unwrap();
    run_ok(git(&hooks.repo).args(["add", "-A"]));
    let (ok, out) = hooks.try_repo(hook);
    assert!(ok, "{hook} fails a fixed file:\n{out}");
    assert!(out.contains("Passed"), "{out}");
}

fn pre_commit_or_skip(test: &str) -> Option<PathBuf> {
    if !has_python3() {
        assert!(!in_ci(), "python3 is needed for the pre-commit hook tests and CI must have it");
        eprintln!("SKIPPED {test}: python3 not found (CI runs it)");
        return None;
    }
    venv_or_skip("scripts/requirements-precommit.txt", "precommit", test).map(|v| v.join("bin/pre-commit"))
}

fn have(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().is_ok_and(|o| o.status.success())
}

/// `kafkalint-binary` (language: script, scripts/pre-commit-binary.sh): the binary of this build,
/// packed as the release workflow packs it (scripts/package.sh) into a `file://` mirror, is
/// downloaded once (SHA-256 checked) into the hook's cache and run; nothing is compiled.
#[cfg(unix)]
#[test]
fn binary_hook_downloads_the_release_binary_and_fails_then_passes() {
    let missing: Vec<&str> = ["bash", "curl", "tar", "sha256sum"].into_iter().filter(|t| !have(t)).collect();
    if !missing.is_empty() {
        eprintln!("SKIPPED binary hook test: the install script needs {} (not found)", missing.join(", "));
        return;
    }
    let Some(pre_commit) = pre_commit_or_skip("binary hook test") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let version = env!("CARGO_PKG_VERSION");
    // Named as the Linux release asset whatever this machine is: the script only downloads it.
    let target = "x86_64-unknown-linux-musl";
    let mirror = tmp.path().join("mirror");
    let o = Command::new("bash")
        .arg(root().join("scripts/package.sh"))
        .args([version, target, env!("CARGO_BIN_EXE_kafkalint")])
        .arg(mirror.join(format!("v{version}")))
        .output()
        .unwrap();
    assert!(o.status.success(), "package.sh: {}", String::from_utf8_lossy(&o.stderr));
    let cache = tmp.path().join("hook-cache");
    let env = vec![
        ("KAFKALINT_BASE_URL".to_string(), format!("file://{}", mirror.display())),
        ("KAFKALINT_TARGET".to_string(), target.to_string()),
        ("KAFKALINT_CACHE".to_string(), cache.display().to_string()),
    ];
    let hooks = setup(tmp.path(), pre_commit, env);
    fails_then_passes(&hooks, "kafkalint-binary");
    assert!(cache.join("kafkalint").is_file(), "the binary is kept in the hook's cache");
}

/// The root pyproject.toml (what pre-commit's python hooks install) pins the wheel of Cargo.toml's
/// version, and is that version itself.
#[test]
fn the_pre_commit_package_pins_the_wheel_of_this_version() {
    let version = env!("CARGO_PKG_VERSION");
    let shim = std::fs::read_to_string(root().join("pyproject.toml")).unwrap();
    assert!(shim.contains(&format!("\nversion = \"{version}\"\n")), "pyproject.toml's version is not {version}");
    assert!(shim.contains(&format!("dependencies = [\"kafkalint=={version}\"]")), "pyproject.toml does not pin kafkalint=={version}");
    let wheel = std::fs::read_to_string(root().join("python/pyproject.toml")).unwrap();
    assert!(wheel.contains("bindings = \"bin\"") && wheel.contains("name = \"kafkalint\""), "{wheel}");
}

/// `kafkalint-python` (language: python): the wheel is built here with maturin from
/// python/pyproject.toml (maturin from scripts/requirements-wheel.txt; the dev profile, so the
/// binary `cargo test` already built is reused), and pre-commit installs the hook from this
/// tree (the root pyproject.toml, whose one dependency is the wheel) with pip finding that wheel
/// (`PIP_FIND_LINKS`; setuptools, the root package's build backend, comes from PyPI): nothing is
/// compiled by the hook.
#[cfg(unix)]
#[test]
fn python_hook_installs_the_wheel_and_fails_then_passes() {
    let Some(pre_commit) = pre_commit_or_skip("python hook test") else { return };
    let Some(maturin_env) = venv_or_skip("scripts/requirements-wheel.txt", "wheel", "python hook test") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let wheels = tmp.path().join("wheels");
    let o = Command::new(maturin_env.join("bin/maturin"))
        // Not stripped, not compressed: the build is then exactly the one `cargo test` made
        // (same profile and flags, nothing recompiled, target/debug/kafkalint untouched while
        // other tests run it), and packing it takes seconds.
        .args(["build", "--profile", "dev", "--strip", "false", "--compression-method", "stored", "--quiet", "--out"])
        .arg(&wheels)
        .current_dir(root().join("python"))
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("run maturin");
    assert!(o.status.success(), "maturin build: {}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let built: Vec<String> = std::fs::read_dir(&wheels).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        built.len() == 1 && built[0].starts_with(&format!("kafkalint-{version}-py3-none-")) && built[0].ends_with(".whl"),
        "one binary wheel of kafkalint {version}: {built:?}"
    );
    // The wheel carries the binary as a script: installed on PATH as `kafkalint`.
    let listing = Command::new(maturin_env.join("bin/python")).args(["-m", "zipfile", "-l"]).arg(wheels.join(&built[0])).output().unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(listing.contains(&format!("kafkalint-{version}.data/scripts/kafkalint")), "{listing}");

    let env = vec![("PIP_FIND_LINKS".to_string(), wheels.display().to_string())];
    let hooks = setup(tmp.path(), pre_commit, env);
    // One run (each run installs the hook's environment again, the 130 MB debug binary with it):
    // the hook fails with the finding, so the wheel's kafkalint ran. Passing on a fixed file is
    // the same binary; the other hook tests check it.
    let (ok, out) = hooks.try_repo("kafkalint-python");
    assert!(!ok, "kafkalint-python passes a producer that refuses to start:\n{out}");
    assert!(out.contains("Failed") && out.contains("- hook id: kafkalint-python"), "{out}");
    assert!(out.contains("producer/idempotence-without-acks-all") && out.contains("deploy/producer.properties"), "{out}");
    assert!(!out.contains("gradle.properties"), "not a Kafka file: passed untouched\n{out}");
}

/// Every version the README pins (the action's tag, pre-commit's `rev`, pip's and the install
/// script's version) is Cargo.toml's: the one a release tag must carry.
#[test]
fn the_readme_pins_the_version_in_cargo_toml() {
    let version = env!("CARGO_PKG_VERSION");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut pins = 0;
    for marker in ["kafkalint/kafkalint@v", "rev: v", "KAFKALINT_VERSION=", "kafkalint==", "version: ", "git tag -a v"] {
        for (i, _) in readme.match_indices(marker) {
            let pinned: String = readme[i + marker.len()..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            if pinned.is_empty() {
                continue;
            }
            assert_eq!(pinned, version, "README pins {marker}{pinned}, Cargo.toml says {version}");
            pins += 1;
        }
    }
    assert!(pins >= 6, "the README's pins were not found ({pins})");
}
