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

#[test]
fn man_page_is_roff_with_the_subcommands() {
    let (code, out) = run(&["man"]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with(".ie") || out.contains(".TH kafkalint"), "{out}");
    assert!(out.contains(".TH kafkalint"), "{out}");
    for word in ["check", "effective", "rules", "explain", "init", "completions"] {
        assert!(out.contains(word), "man page mentions {word}");
    }
}
