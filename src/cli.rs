//! The command line: argument parsing, input collection, output, exit codes.

use crate::config::Config;
use crate::diagnostic::{Applicability, Severity};
use crate::fix;
use crate::lint::{lint, Input, Report, Settings};
use crate::model::Role;
use crate::render;
use crate::version::Release;
use clap::{ArgGroup, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::collections::HashSet;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(name = "kafkalint", version, about = "Lints Apache Kafka configuration files: what is wrong, why it bites, and the fix")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files and directories (directories recursively, `*.properties`)
    Check(CheckArgs),
    /// Print a file's effective configuration for the target Kafka version (secrets redacted)
    Effective(EffectiveArgs),
    /// List every rule
    Rules(RulesArgs),
    /// Explain a rule (or a configuration key)
    Explain(ExplainArgs),
    /// Run the language server over standard input and output
    Lsp,
    /// Write a commented kafkalint.toml for a directory (or add what an existing one lacks)
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Snippets with labels, help and fixes, and a summary
    Human,
    /// One JSON object (README "JSON output")
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding
    Github,
    /// One line per finding: `path:line:col: severity[rule] message`
    Compact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug, Clone)]
pub struct Common {
    /// Target Kafka version (X.Y or X.Y.Z); default: kafkalint.toml's, else the newest known
    #[arg(long, value_name = "VERSION")]
    pub kafka_version: Option<String>,
    /// Role of every file: broker, topic, producer, consumer, admin, streams, connect-worker
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Configuration file (default: kafkalint.toml or .kafkalint.toml found upwards from each path)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore kafkalint.toml files
    #[arg(long)]
    pub isolated: bool,
    /// Client library and version the client files are written for: java@3.7.0, librdkafka@2.3.0,
    /// sarama@1.43.0, kafka-python@2.0.2, franz-go@1.17.0, kafka-go@0.4.47 (default: the Java client
    /// at the cluster's version)
    #[arg(long, value_name = "LIB@VERSION")]
    pub client: Option<String>,
    /// Name used for standard input (`-`) in role detection and output
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("apply").args(["fix", "diff"]).multiple(true)))]
pub struct CheckArgs {
    /// Files or directories; `-` reads standard input
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    /// Output format (github and compact write their summary to standard error)
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Apply the safe fixes in place, then report what remains (standard input: the fixed text is printed)
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: also apply the unsafe fixes (they change behaviour beyond the finding)
    #[arg(long, requires = "apply")]
    pub unsafe_fixes: bool,
    /// Print a diff of what --fix would change instead of writing; exit 1 when there is a change
    #[arg(long)]
    pub diff: bool,
    /// Exit 1 when a finding is at or above this severity
    #[arg(long, value_name = "LEVEL", value_parser = ["error", "warning", "info"])]
    pub fail_on: Option<String>,
    /// Only run these rules or families (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Option<Vec<String>>,
    /// Show each file's role and where it came from
    #[arg(long, short)]
    pub verbose: bool,
    /// Colours in human output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Args, Debug)]
pub struct EffectiveArgs {
    /// The file (`-` for standard input)
    pub file: PathBuf,
    #[command(flatten)]
    pub common: Common,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The directory whose `.properties` files to configure
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Print the file instead of writing it
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule id (`consumer/heartbeat-vs-session-timeout`) or a configuration key
    pub what: String,
    #[command(flatten)]
    pub common: Common,
}

/// Runs the command line; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let mut stdout = std::io::stdout().lock();
    let result = match cli.command {
        Command::Check(args) => check(args, &mut stdout),
        Command::Effective(args) => crate::effective::run(args, &mut stdout),
        Command::Rules(args) => crate::explain::rules(args.format == Format::Json, &mut stdout).map(|_| EXIT_OK),
        Command::Explain(args) => crate::explain::explain(&args, &mut stdout),
        Command::Lsp => {
            drop(stdout);
            return crate::lsp::run_stdio();
        }
        Command::Init(args) => crate::init::run(&args, &mut stdout),
        Command::Completions(args) => completions(args.shell, &mut stdout),
        Command::Man => man(&mut stdout),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = stdout.flush();
            eprintln!("kafkalint: error: {message}");
            EXIT_USAGE
        }
    }
}

/// Settings shared by the commands.
pub fn settings(common: &Common) -> Result<Settings, String> {
    let release = common.kafka_version.as_deref().map(Release::parse).transpose()?;
    let role = match &common.role {
        Some(r) => Some(
            Role::parse(r)
                .ok_or_else(|| format!("`{r}` is not a role; roles: broker, topic, producer, consumer, admin, streams, connect-worker"))?,
        ),
        None => None,
    };
    let config = match &common.config {
        Some(p) => Some(Config::load(p).map_err(|e| e.to_string())?),
        None => None,
    };
    if let Some(c) = &common.client {
        crate::model::parse_client(c)?;
    }
    Ok(Settings { release, role, config, isolated: common.isolated, select: None, context: Vec::new(), client: common.client.clone() })
}

/// Problems with inputs that are not findings (unreadable files, symlink loops): exit 2.
pub struct InputErrors(pub Vec<String>);

/// Collects inputs: explicit files always; directories recursively (`*.properties`, hidden
/// entries and `target/` skipped, symlink loops detected); `-` is standard input.
pub fn collect_inputs(paths: &[PathBuf], stdin_name: Option<&Path>) -> (Vec<Input>, InputErrors) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    for p in paths {
        if p.as_os_str() == "-" {
            let mut bytes = Vec::new();
            match std::io::stdin().lock().read_to_end(&mut bytes) {
                Ok(_) => inputs.push(Input { path: stdin_name.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("<stdin>")), bytes }),
                Err(e) => errors.push(format!("<stdin>: cannot read: {e}")),
            }
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut seen = HashSet::new();
                walk(p, &mut seen, &mut inputs, &mut errors);
            }
            Ok(_) => read_file(p, &mut inputs, &mut errors),
            Err(e) => errors.push(format!("{}: {}", p.display(), io_message(&e))),
        }
    }
    (inputs, InputErrors(errors))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            if e.raw_os_error() == Some(40) {
                "too many levels of symbolic links (a symlink loop)".into()
            } else {
                e.to_string()
            }
        }
    }
}

fn read_file(p: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<String>) {
    match std::fs::read(p) {
        Ok(bytes) => inputs.push(Input { path: p.to_path_buf(), bytes }),
        Err(e) => errors.push(format!("{}: cannot read: {}", p.display(), io_message(&e))),
    }
}

fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, inputs: &mut Vec<Input>, errors: &mut Vec<String>) {
    let canonical = match std::fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => {
            errors.push(format!("{}: cannot read directory: {}", dir.display(), io_message(&e)));
            return;
        }
    };
    if !seen.insert(canonical) {
        errors.push(format!("{}: symlink loop (this directory was already visited); skipped", dir.display()));
        return;
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(format!("{}: cannot read directory: {}", dir.display(), io_message(&e)));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, seen, inputs, errors),
            Ok(_) => {
                if name.ends_with(".properties") {
                    read_file(&path, inputs, errors);
                }
            }
            Err(e) => {
                // A dangling link or a link loop on a file name: only report what would be linted.
                if name.ends_with(".properties") || path.is_symlink() && e.raw_os_error() == Some(40) {
                    errors.push(format!("{}: {}", path.display(), io_message(&e)));
                }
            }
        }
    }
}

/// For files named on the command line, the other files of their deployment, read as context.
fn context_for(paths: &[PathBuf], inputs: &[Input]) -> Vec<Input> {
    let mut out: Vec<Input> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || !p.is_file() {
            continue;
        }
        for c in crate::lint::companions(p) {
            if inputs.iter().chain(out.iter()).any(|i| i.path == c) {
                continue;
            }
            if let Ok(bytes) = std::fs::read(&c) {
                out.push(Input { path: c, bytes });
            }
        }
    }
    out
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal(),
    }
}

/// The clap definition of the whole command line (completions and the man page are made from it).
pub fn command() -> clap::Command {
    Cli::command()
}

fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<i32, String> {
    clap_complete::generate(shell, &mut command(), "kafkalint", out);
    Ok(EXIT_OK)
}

fn man(out: &mut dyn Write) -> Result<i32, String> {
    clap_mangen::Man::new(command()).render(out).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}

fn check(args: CheckArgs, out: &mut dyn Write) -> Result<i32, String> {
    if args.fix || args.diff {
        return check_fix(args, out);
    }
    let mut settings = settings(&args.common)?;
    settings.select = args.select.clone();
    let (inputs, errors) = collect_inputs(&args.paths, args.common.stdin_filename.as_deref());
    settings.context = context_for(&args.paths, &inputs);
    let mut report = lint(inputs, &settings)?;
    if let Some(f) = &args.fail_on {
        report.fail_on = Severity::parse(f).unwrap_or(Severity::Warning);
    }
    write_report(&report, &args, out).map_err(|e| e.to_string())?;
    for e in &errors.0 {
        eprintln!("kafkalint: error: {e}");
    }
    Ok(if !errors.0.is_empty() {
        EXIT_USAGE
    } else if report.failing() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn write_report(report: &Report, args: &CheckArgs, out: &mut dyn Write) -> std::io::Result<()> {
    match args.format {
        CheckFormat::Json => out.write_all(render::json::render(report).as_bytes()),
        CheckFormat::Sarif => out.write_all(render::sarif::render(report).as_bytes()),
        CheckFormat::Github | CheckFormat::Compact => {
            let text = if args.format == CheckFormat::Github { render::github::render(report) } else { render::compact::render(report) };
            out.write_all(text.as_bytes())?;
            // Standard output holds only the findings; the summary goes with the messages.
            out.flush()?;
            eprint!("{}", render::human::summary(report));
            Ok(())
        }
        CheckFormat::Human => {
            if args.verbose {
                for f in report.files.iter().filter(|f| !f.context) {
                    let role = f.file.role.map_or("unknown".to_string(), |r| r.to_string());
                    writeln!(
                        out,
                        "{}: role {} (from {}), Kafka {}",
                        f.file.source.display_path(),
                        role,
                        f.file.role_source.as_str(),
                        f.file.release
                    )?;
                }
            }
            let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100);
            out.write_all(render::human::render(report, &render::human::Options { color: use_color(args.color), width }).as_bytes())
        }
    }
}

/// `check --fix` / `--diff`: lint, apply fixes until nothing changes, then write the files (or
/// print the diff) and report what remains.
fn check_fix(args: CheckArgs, out: &mut dyn Write) -> Result<i32, String> {
    let mut settings = settings(&args.common)?;
    settings.select = args.select.clone();
    let default = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() { &default[..] } else { &args.paths[..] };
    // Inputs path by path, to know which one is standard input; a file named twice (or found
    // in a directory and named too) is fixed once.
    let mut inputs: Vec<Input> = Vec::new();
    let mut from_stdin: Vec<bool> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        let stdin = p.as_os_str() == "-";
        let (found, errs) = collect_inputs(std::slice::from_ref(p), args.common.stdin_filename.as_deref());
        errors.extend(errs.0);
        for input in found {
            if !stdin && std::fs::canonicalize(&input.path).is_ok_and(|c| !seen.insert(c)) {
                continue;
            }
            from_stdin.push(stdin);
            inputs.push(input);
        }
    }
    settings.context = context_for(&args.paths, &inputs);
    let min = if args.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    let outcome = fix::fix_inputs(inputs, &settings, min)?;
    let changed: Vec<usize> = (0..outcome.files.len()).filter(|&i| outcome.files[i].changed()).collect();
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let fixes_in = |ids: &[usize]| ids.iter().map(|&i| outcome.files[i].fixes).sum::<usize>();
    if !outcome.converged {
        eprintln!(
            "kafkalint: warning: fixes still applied after {} rounds; the result so far is used and the rest is reported (please report this)",
            fix::MAX_ROUNDS
        );
    }

    if args.diff {
        // Secrets: each side's secret spans, and every secret string either side holds.
        let mut scrub: Vec<String> = outcome.report.files.iter().flat_map(|f| f.secrets.iter().cloned()).collect();
        for f in &outcome.files {
            scrub.extend(
                f.original_secrets
                    .iter()
                    .filter_map(|s| f.original_text.get(s.range()))
                    .filter(|s| s.chars().count() >= 3)
                    .map(str::to_string),
            );
        }
        scrub.sort_by_key(|s| std::cmp::Reverse(s.len()));
        scrub.dedup();
        for &i in &changed {
            let f = &outcome.files[i];
            let now = &outcome.report.files[i].file;
            let now_secrets = crate::redact::secret_spans(now);
            let diff = fix::unified_diff(
                &now.source.display_path(),
                fix::Shown { text: &f.original_text, secrets: &f.original_secrets },
                fix::Shown { text: &now.source.text, secrets: &now_secrets },
                &scrub,
            );
            out.write_all(diff.as_bytes()).map_err(|e| e.to_string())?;
        }
        out.flush().map_err(|e| e.to_string())?;
        if changed.is_empty() {
            eprintln!("kafkalint: no fixes to apply");
        } else {
            eprintln!("kafkalint: would apply {} to {}", count(fixes_in(&changed), "fix", "fixes"), count(changed.len(), "file", "files"));
        }
        for e in &errors {
            eprintln!("kafkalint: error: {e}");
        }
        return Ok(if !errors.is_empty() {
            EXIT_USAGE
        } else if changed.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        });
    }

    // Write the fixed files; standard input's fixed text goes to standard output.
    let mut written: Vec<usize> = Vec::new();
    let mut failed = false;
    for &i in &changed {
        let f = &outcome.files[i];
        if from_stdin[i] {
            continue;
        }
        match crate::write::replace(&f.path, &f.fixed, Some(&f.original)) {
            Ok(()) => written.push(i),
            Err(e) => {
                failed = true;
                errors.push(e.to_string());
            }
        }
    }
    let mut report = if failed {
        // Report what the files hold: the fixed text where it was written, else the old one.
        let inputs = outcome
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| Input {
                path: f.path.clone(),
                bytes: if written.contains(&i) || from_stdin[i] { f.fixed.clone() } else { f.original.clone() },
            })
            .collect();
        lint(inputs, &settings)?
    } else {
        outcome.report
    };
    if let Some(f) = &args.fail_on {
        report.fail_on = Severity::parse(f).unwrap_or(Severity::Warning);
    }
    let stdin_used = from_stdin.iter().any(|&s| s);
    if stdin_used {
        for (i, f) in outcome.files.iter().enumerate() {
            if from_stdin[i] {
                out.write_all(&f.fixed).map_err(|e| e.to_string())?;
            }
        }
        out.flush().map_err(|e| e.to_string())?;
        // Standard output holds the fixed text: the findings go to standard error.
        let mut err = std::io::stderr().lock();
        write_report(&report, &args, &mut err).map_err(|e| e.to_string())?;
    } else {
        write_report(&report, &args, out).map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
    }
    let fixed_stdin: Vec<usize> = changed.iter().copied().filter(|&i| from_stdin[i]).collect();
    let done: Vec<usize> = written.iter().chain(&fixed_stdin).copied().collect();
    if !done.is_empty() {
        eprintln!("kafkalint: applied {} to {}", count(fixes_in(&done), "fix", "fixes"), count(done.len(), "file", "files"));
    }
    for e in &errors {
        eprintln!("kafkalint: error: {e}");
    }
    Ok(if !errors.is_empty() {
        EXIT_USAGE
    } else if report.failing() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
