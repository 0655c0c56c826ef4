//! `kafkalint lsp` under a real LSP client: pytest-lsp (tests/lsp/test_lsp.py) in a virtual
//! environment that scripts/python-venv.sh makes under the target directory, from pinned versions
//! on PyPI. Without python3 the test fails in CI (`CI` set) and is skipped with a note elsewhere.

mod common;

use common::python::{has_python3, in_ci, venv};
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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

/// Sends raw bytes to `kafkalint lsp` and returns its exit code and standard error.
fn raw_session(input: &[u8]) -> (Option<i32>, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kafkalint lsp");
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(input);
    drop(stdin);
    let out = child.wait_with_output().expect("kafkalint lsp ends");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

#[test]
fn malformed_frames_end_the_server_cleanly() {
    let init = frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
        + &frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
    let cases: Vec<(&str, String)> = vec![
        ("a bad header", format!("{init}Content-Length: many\r\n\r\n{{}}")),
        ("a body that is not JSON", format!("{init}{}", frame("{not json"))),
        ("JSON that is not a message", format!("{init}{}", frame(r#"{"hello":1}"#))),
        ("a truncated body", format!("{init}Content-Length: 100\r\n\r\n{{\"jsonrpc\"")),
        ("nothing at all", String::new()),
    ];
    for (what, input) in cases {
        let (code, stderr) = raw_session(input.as_bytes());
        assert_eq!(code, Some(1), "{what}: exit status 1 (no shutdown), not a crash; stderr: {stderr}");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    }
    // The polite way out.
    let bye = init + &frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#) + &frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
    let (code, stderr) = raw_session(bye.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
}
