//! Python tools the tests drive (pytest-lsp, pre-commit), in virtual environments that
//! scripts/python-venv.sh makes under the target directory from pinned PyPI versions.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the tests run in CI (`CI` set), where a missing tool is a failure, not a skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The Cargo target directory this test was built into (`<target>/<profile>/deps/<test>-…`), so
/// the environments follow `CARGO_TARGET_DIR`.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.ancestors().nth(3).map_or_else(|| root().join("target"), Path::to_path_buf)
}

pub fn has_python3() -> bool {
    Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Makes or reuses the virtual environment for a requirements file; returns its directory.
pub fn venv(requirements: &str, name: &str) -> PathBuf {
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

/// [`venv`], or `None` with a note on standard error when scripts/python-venv.sh cannot install
/// from the package registry (no network, PyPI down): the test that needs it says so and skips.
pub fn venv_or_skip(requirements: &str, name: &str, test: &str) -> Option<PathBuf> {
    let dir = target_dir().join("python").join(name);
    let out = Command::new("bash")
        .arg(root().join("scripts/python-venv.sh"))
        .arg(root().join(requirements))
        .arg(&dir)
        .output()
        .expect("run scripts/python-venv.sh");
    if out.status.success() {
        return Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    }
    eprintln!(
        "SKIPPED {test}: scripts/python-venv.sh {requirements} could not install from the package registry (is PyPI reachable?):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    None
}
