//! The committed `knowledge/` must be what `cargo run -p xtask -- import` produces from the
//! catalog: run the importer into a temporary directory and compare byte for byte.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Relative paths of the generated files under a knowledge directory.
fn generated_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("versions.toml")];
    if let Ok(rd) = fs::read_dir(dir.join("keys")) {
        let mut keys: Vec<PathBuf> =
            rd.flatten().map(|e| Path::new("keys").join(e.file_name())).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect();
        keys.sort();
        files.extend(keys);
    }
    if dir.join("clients/librdkafka.toml").exists() {
        files.push(PathBuf::from("clients/librdkafka.toml"));
    }
    files
}

#[test]
fn committed_knowledge_is_fresh() {
    let root = workspace_root();
    let catalog = root.join("..").join("shared").join("kafka-catalog");
    if !catalog.join("index.json").exists() {
        eprintln!("note: {} is absent; the freshness check of knowledge/ is skipped", catalog.display());
        return;
    }
    let committed = root.join("knowledge");
    let tmp = std::env::temp_dir().join(format!("xtask-freshness-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).unwrap();
    // The README's counts block is generated too: start from the committed README.
    let readme = committed.join("README.md");
    if readme.exists() {
        fs::copy(&readme, tmp.join("README.md")).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["import", "--quiet", "--catalog"])
        .arg(&catalog)
        .arg("--out")
        .arg(&tmp)
        .output()
        .expect("run xtask");
    assert!(out.status.success(), "xtask import failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));

    let fresh = generated_files(&tmp);
    let old = generated_files(&committed);
    let mut problems = Vec::new();
    for rel in fresh.iter().chain(old.iter().filter(|p| !fresh.contains(p))) {
        let a = fs::read(tmp.join(rel)).ok();
        let b = fs::read(committed.join(rel)).ok();
        if a != b {
            problems.push(rel.display().to_string());
        }
    }
    if readme.exists() && fs::read(&readme).ok() != fs::read(tmp.join("README.md")).ok() {
        problems.push("README.md (counts block)".to_string());
    }
    let _ = fs::remove_dir_all(&tmp);
    assert!(problems.is_empty(), "knowledge/ is stale, run `cargo run -p xtask -- import`; differing files: {problems:?}");
}

#[test]
fn check_mode_passes_on_committed_knowledge() {
    let root = workspace_root();
    let catalog = root.join("..").join("shared").join("kafka-catalog");
    if !catalog.join("index.json").exists() {
        eprintln!("note: {} is absent; skipped", catalog.display());
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).args(["import", "--check", "--quiet"]).output().expect("run xtask");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn check_mode_names_stale_files() {
    let root = workspace_root();
    let catalog = root.join("..").join("shared").join("kafka-catalog");
    if !catalog.join("index.json").exists() {
        eprintln!("note: {} is absent; skipped", catalog.display());
        return;
    }
    let tmp = std::env::temp_dir().join(format!("xtask-stale-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(tmp.join("keys")).unwrap();
    fs::write(tmp.join("keys").join("topic.toml"), "kind = \"topic\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).args(["import", "--check", "--out"]).arg(&tmp).output().expect("run xtask");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    // nothing was written
    let written = fs::read_to_string(tmp.join("keys").join("topic.toml")).unwrap();
    let versions_exists = tmp.join("versions.toml").exists();
    let _ = fs::remove_dir_all(&tmp);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("topic.toml") && stderr.contains("versions.toml"), "{stderr}");
    assert_eq!(written, "kind = \"topic\"\n");
    assert!(!versions_exists);
}
