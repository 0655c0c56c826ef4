//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod python;

use kafkalint::diagnostic::Applicability;
use kafkalint::lint::{lint, Input, Report, Settings};
use kafkalint::render;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Paths relative to the package root, so outputs are the same on every machine.
pub fn rel(p: &Path) -> PathBuf {
    p.strip_prefix(root()).map(Path::to_path_buf).unwrap_or_else(|_| p.to_path_buf())
}

/// The `.properties`, YAML and Go (`.go`, `go.mod`) files of a fixture: the file itself, or every
/// file of a fixture folder.
pub fn fixture_inputs(path: &Path) -> Vec<Input> {
    let mut files = Vec::new();
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "properties" || e == "yml" || e == "yaml" || e == "go" || e == "mod"))
            .collect();
        entries.sort();
        files.extend(entries);
    } else {
        files.push(path.to_path_buf());
    }
    files.into_iter().map(|p| Input { bytes: std::fs::read(&p).unwrap(), path: rel(&p) }).collect()
}

pub fn settings_for(dir: &Path, select: Option<Vec<String>>) -> Settings {
    // A kafkalint.toml beside the fixture applies; none found upwards otherwise.
    let cfg = dir.join("kafkalint.toml");
    let config = cfg.is_file().then(|| kafkalint::config::Config::load(&cfg).unwrap());
    // Fixtures target the newest release line unless their kafkalint.toml pins a version
    // (for the run, a file or a cluster: then the config decides, per file).
    let pinned = config.as_ref().is_some_and(|c| {
        c.kafka_version.is_some()
            || c.files.iter().any(|f| f.kafka_version.is_some())
            || c.clusters.iter().any(|cl| cl.kafka_version.is_some())
    });
    let release = (!pinned).then(kafkalint::version::Release::newest);
    Settings { isolated: config.is_none(), config, select, release, ..Default::default() }
}

pub fn lint_inputs(inputs: Vec<Input>, settings: &Settings) -> Report {
    lint(inputs, settings).expect("lint")
}

pub fn human(report: &Report) -> String {
    render::human::render(report, &render::human::Options { color: false, width: 100 })
}

/// Applies safe (or also unsafe) fixes until nothing changes; returns the final texts per input
/// path and how many rounds it took.
pub fn fix_until_stable(inputs: &[Input], settings: &Settings, unsafe_too: bool) -> (Vec<(PathBuf, String)>, usize) {
    let mut texts: Vec<(PathBuf, String)> =
        inputs.iter().map(|i| (i.path.clone(), String::from_utf8_lossy(&i.bytes).into_owned())).collect();
    let min = if unsafe_too { Applicability::Unsafe } else { Applicability::Safe };
    for round in 0..10 {
        let ins: Vec<Input> = texts.iter().map(|(p, t)| Input { path: p.clone(), bytes: t.clone().into_bytes() }).collect();
        let report = lint_inputs(ins, settings);
        let chosen = kafkalint::fix::choose(report.raw_diagnostics(), min);
        if chosen.is_empty() {
            return (texts, round);
        }
        // A file of several units (a compose file's services, a Spring file's clients): the edits
        // of its units apply to its one text, together.
        let mut per_input: std::collections::BTreeMap<usize, Vec<kafkalint::diagnostic::Edit>> = Default::default();
        for (fid, edits) in chosen {
            per_input.entry(report.files[fid].file.input).or_default().extend(edits);
        }
        for (input, mut edits) in per_input {
            edits.sort_by_key(|e| (e.span.start, e.span.end));
            edits.dedup_by(|a, b| a.span == b.span && a.replacement == b.replacement);
            texts[input].1 = kafkalint::fix::apply(&texts[input].1, &edits);
        }
    }
    panic!("fixes did not converge within 10 rounds");
}

/// A minimal unified-style diff of two texts, line by line (enough for snapshots).
pub fn line_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Longest common subsequence table.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        } else {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        }
    }
    out
}

/// The fixture cases under `base`: `.properties` files, and deployment folders named `bad*`/`good*`
/// (each one case), sorted.
pub fn fixture_cases(base: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![base.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if p.is_dir() && (name.starts_with("bad") || name.starts_with("good")) {
                out.push(p);
            } else if p.is_dir() {
                stack.push(p);
            } else if [".properties", ".yml", ".yaml"].iter().any(|x| name.ends_with(x)) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
