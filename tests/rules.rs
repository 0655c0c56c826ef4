//! Rule fixtures: `tests/fixtures/rules/<family>/<name>/{bad*,good*}` (a `.properties` file, or a
//! folder of files forming one deployment). Each is linted with only that rule; `bad*` must fire
//! it, `good*` must not; safe fixes must converge and leave the rule silent; the human output and
//! the fixed text are snapshotted beside the fixture.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<(String, PathBuf)> {
    let base = root().join("tests/fixtures/rules");
    let mut out = Vec::new();
    for family in std::fs::read_dir(&base).unwrap() {
        let family = family.unwrap().path();
        for rule in std::fs::read_dir(&family).unwrap() {
            let rule = rule.unwrap().path();
            let id = format!("{}/{}", family.file_name().unwrap().to_string_lossy(), rule.file_name().unwrap().to_string_lossy());
            for case in std::fs::read_dir(&rule).unwrap() {
                let case = case.unwrap().path();
                let name = case.file_name().unwrap().to_string_lossy().to_string();
                if (name.starts_with("bad") || name.starts_with("good"))
                    && (case.is_dir() || [".properties", ".yml", ".yaml"].iter().any(|x| name.ends_with(x)))
                {
                    out.push((id.clone(), case));
                }
            }
        }
    }
    out.sort();
    out
}

fn case_name(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    [".properties", ".yml", ".yaml"].iter().find_map(|x| name.strip_suffix(x)).unwrap_or(&name).to_string()
}

#[test]
fn every_fixture_names_a_rule_and_every_rule_has_fixtures() {
    let fx = fixtures();
    for (id, path) in &fx {
        assert!(kafkalint::rules::by_id(id).is_some(), "{} names no rule `{id}`", path.display());
    }
    for r in kafkalint::rules::RULES.iter() {
        let id = r.meta().id;
        if id == "syntax/binary-file" {
            continue; // binary fixtures are generated in tests/bad_input.rs
        }
        let cases: Vec<String> = fx.iter().filter(|(i, _)| i == id).map(|(_, p)| case_name(p)).collect();
        assert!(cases.iter().any(|c| c.starts_with("bad")), "rule {id} has no bad* fixture");
        assert!(cases.iter().any(|c| c.starts_with("good")), "rule {id} has no good* fixture");
    }
}

#[test]
fn rule_fixtures() {
    for (id, path) in fixtures() {
        let inputs = fixture_inputs(&path);
        let dir = if path.is_dir() { path.clone() } else { path.parent().unwrap().to_path_buf() };
        // Suppressions are judged against the rules that ran: that rule's fixtures run them all.
        let select = (id != "kafkalint/unused-suppression").then(|| vec![id.clone()]);
        let settings = settings_for(&dir, select);
        let report = lint_inputs(inputs.clone(), &settings);
        let hits = report.diagnostics.iter().filter(|d| d.rule.id == id).count();
        let name = case_name(&path);
        if name.starts_with("bad") {
            assert!(hits > 0, "{}: expected `{id}` to fire", path.display());
        } else {
            assert_eq!(hits, 0, "{}: expected no `{id}`, got:\n{}", path.display(), human(&report));
        }
        let (fixed, _) = fix_until_stable(&inputs, &settings, false);
        // After fixing, no safe fix of this rule is left, and a second run changes nothing.
        let again: Vec<_> = fixed.iter().map(|(p, t)| kafkalint::lint::Input { path: p.clone(), bytes: t.clone().into_bytes() }).collect();
        let (fixed2, rounds) = fix_until_stable(&again, &settings, false);
        assert_eq!(rounds, 0, "{}: a second --fix changed something", path.display());
        assert_eq!(fixed, fixed2);
        let mut snap = String::new();
        for (input, (_, after)) in inputs.iter().zip(&fixed) {
            snap.push_str(&format!("--- {}\n{}", input.path.display(), String::from_utf8_lossy(&input.bytes)));
            if !snap.ends_with('\n') {
                snap.push('\n');
            }
            let before = String::from_utf8_lossy(&input.bytes);
            if before != *after {
                snap.push_str(&format!("--- fixed (safe fixes applied)\n{}", line_diff(&before, after)));
            }
        }
        snap.push_str("--- output\n");
        snap.push_str(&human(&report));
        insta::with_settings!({ snapshot_path => dir.clone(), prepend_module_to_snapshot => false, omit_expression => true, description => id.clone() }, {
            insta::assert_snapshot!(name, snap);
        });
    }
}
