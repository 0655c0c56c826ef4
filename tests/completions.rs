//! `kafkalint completions SHELL` and `kafkalint man`, generated from the clap definitions.

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_kafkalint")).args(args).output().unwrap();
    (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn completion_scripts_name_the_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, out) = run(&["completions", shell]);
        assert_eq!(code, Some(0), "{shell}");
        for word in ["check", "effective", "explain", "init", "completions", "unsafe-fixes", "format"] {
            assert!(out.contains(word), "{shell} completion mentions {word}");
        }
    }
    // The values of `--format` are completed where the shell takes a list of values.
    let (_, bash) = run(&["completions", "bash"]);
    assert!(bash.contains("sarif") && bash.contains("github") && bash.contains("compact"));
    assert!(bash.contains("complete -F _kafkalint"), "a bash completion function is registered");
    let (code, _) = run(&["completions", "tcsh"]);
    assert_eq!(code, Some(2), "an unknown shell is a usage error");
}

/// The subcommands a man page is written for (every one but clap's `help`).
const SUBCOMMANDS: [&str; 9] = ["check", "effective", "rules", "explain", "diagnose", "lsp", "init", "completions", "man"];

#[test]
fn man_prints_one_complete_page_with_every_subcommand() {
    let (code, out) = run(&["man"]);
    assert_eq!(code, Some(0));
    assert!(out.contains(".TH kafkalint 1"), "{out}");
    // roff's quote definition once, at the top (each section render would repeat it).
    assert_eq!(out.matches(".ds Aq").count(), 2, "{out}");
    assert!(out.contains(".SH COMMANDS"), "{out}");
    for sub in SUBCOMMANDS {
        assert!(out.contains(&format!(".SS \"kafkalint {sub}\"")), "a subsection for {sub}");
        assert!(out.contains(&format!("\\fBkafkalint\\-{sub}\\fR(1)")), "SEE ALSO names kafkalint-{sub}(1)");
    }
    assert!(!out.contains(".SS \"kafkalint help\""), "clap's help subcommand has no page");
    // Each subcommand's options are in its subsection, not only the top level's -h/-V.
    let section = |sub: &str| {
        let start = out.find(&format!(".SS \"kafkalint {sub}\"")).unwrap();
        let rest = &out[start + 4..];
        rest[..rest.find(".SS ").or_else(|| rest.find(".SH ")).unwrap()].to_string()
    };
    assert!(section("check").contains("\\fB\\-\\-stdin\\-filename\\fR"), "{}", section("check"));
    assert!(section("check").contains("\\fB\\-\\-extend\\-select\\fR"));
    assert!(section("diagnose").contains("\\fB\\-\\-symptom\\fR"), "{}", section("diagnose"));
    assert!(section("man").contains("\\fB\\-\\-out\\fR"), "{}", section("man"));
    assert!(!section("lsp").contains("stdin\\-filename"), "check's options stay in check's subsection");
    // Only one SYNOPSIS/OPTIONS heading: the subsections' headings became paragraphs.
    assert_eq!(out.matches(".SH SYNOPSIS").count(), 1);
    assert_eq!(out.matches(".SH OPTIONS").count(), 1);
}

#[test]
fn man_out_writes_a_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("share/man/man1");
    let (code, out) = run(&["man", "--out", target.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}");
    let mut names: Vec<String> =
        std::fs::read_dir(&target).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut expected: Vec<String> = SUBCOMMANDS.iter().map(|s| format!("kafkalint-{s}.1")).collect();
    expected.push("kafkalint.1".into());
    expected.sort();
    assert_eq!(names, expected);
    // Each written path is listed on standard output.
    assert_eq!(out.lines().count(), expected.len(), "{out}");
    let check = std::fs::read_to_string(target.join("kafkalint-check.1")).unwrap();
    assert!(check.contains(".TH kafkalint-check 1"), "{check}");
    assert!(check.contains("\\fB\\-\\-stdin\\-filename\\fR"), "{check}");
    let top = std::fs::read_to_string(target.join("kafkalint.1")).unwrap();
    assert!(top.contains("kafkalint\\-check(1)"), "the overview refers to the subcommand pages: {top}");
    // A directory that cannot be made is an error (exit 2), not a panic.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let (code, _) = run(&["man", "--out", file.join("sub").to_str().unwrap()]);
    assert_eq!(code, Some(2));
}

/// The pages are valid roff: groff (when installed) renders them without warnings, its input
/// converted from UTF-8 as `man` does (`-k`).
#[test]
fn man_pages_render_without_groff_warnings() {
    if Command::new("groff").arg("--version").output().is_err() {
        eprintln!("groff is not installed: the man pages' roff is not rendered (skipped)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (code, _) = run(&["man", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let (_, complete) = run(&["man"]);
    std::fs::write(dir.path().join("complete.1"), complete).unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let o = Command::new("groff").args(["-k", "-man", "-Tutf8", "-ww", "-z"]).arg(&path).output().unwrap();
        assert!(o.status.success() && o.stderr.is_empty(), "{}: {}", path.display(), String::from_utf8_lossy(&o.stderr));
    }
}
