//! `kafkalint lsp` under a real LSP client: pytest-lsp (tests/lsp/test_lsp.py) in a virtual
//! environment that scripts/python-venv.sh makes under the target directory, from pinned versions
//! on PyPI. Without python3 the test fails in CI (`CI` set) and is skipped with a note elsewhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The Cargo target directory this test was built into (`<target>/<profile>/deps/lsp-…`), so the
/// environment follows `CARGO_TARGET_DIR`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.ancestors().nth(3).map_or_else(|| root().join("target"), Path::to_path_buf)
}

fn has_python3() -> bool {
    Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Makes or reuses the virtual environment for a requirements file; returns its directory.
fn venv(requirements: &str, name: &str) -> PathBuf {
    let dir = target_dir().join("python").join(name);
    let out = Command::new("bash")
        .arg(root().join("scripts/python-venv.sh"))
        .arg(root().join(requirements))
        .arg(&dir)
        .stderr(Stdio::inherit())
        .output()
        .expect("run scripts/python-venv.sh");
    assert!(out.status.success(), "scripts/python-venv.sh {requirements} failed ({}): is PyPI reachable?", out.status);
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

#[test]
fn a_real_lsp_client_drives_kafkalint_lsp() {
    if !has_python3() {
        assert!(!in_ci(), "python3 is needed for the language-server test (pytest-lsp) and CI must have it");
        eprintln!("note: python3 not found: skipping the pytest-lsp test of `kafkalint lsp` (CI runs it)");
        return;
    }
    let venv = venv("scripts/requirements-lsp.txt", "lsp");
    let out = Command::new(venv.join("bin/python"))
        .args(["-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA", "tests/lsp"])
        .current_dir(root())
        .env("KAFKALINT_BIN", env!("CARGO_BIN_EXE_kafkalint"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run pytest");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "pytest tests/lsp failed ({}):\n{text}", out.status);
    assert!(text.contains(" passed") && !text.contains(" skipped"), "{text}");
    println!("{text}");
}
