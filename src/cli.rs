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

// Each subcommand's arguments are built only when it is the one run (`defer`): a `check` does
// not build the options of the eight others (clap's builders are most of a short run's own work,
// and their frames and allocations its stack and heap page faults). Help, errors, completions and
// man pages build the whole tree as before, so they are unchanged.
#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum Command {
    /// Lint files and directories (directories recursively, `*.properties`)
    Check(CheckArgs),
    /// Print a file's effective configuration for the target Kafka version (secrets redacted)
    Effective(EffectiveArgs),
    /// List every rule
    Rules(RulesArgs),
    /// Explain a rule (or a configuration key)
    Explain(ExplainArgs),
    /// From an error a user sees (an exception, a log) to its likely causes in the configuration
    Diagnose(crate::advisor::DiagnoseArgs),
    /// Run the language server over standard input and output
    Lsp,
    /// Write a commented kafkalint.toml for a directory (or add what an existing one lacks)
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the complete man page (roff), or write one page per subcommand into a directory
    Man(ManArgs),
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
    #[arg(long, visible_alias = "output-format", env = FORMAT_ENV, value_enum, default_value_t = CheckFormat::Human)]
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
    /// Also run these rules or families, on top of the selection (turns on rules that are off by default)
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub extend_select: Vec<String>,
    /// Do not run these rules or families (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Exit 0 even when there are findings (2 still means a usage or input error)
    #[arg(long)]
    pub exit_zero: bool,
    /// Print only the findings: no summary, no version note
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print the number of findings per rule instead of the findings
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    pub statistics: bool,
    /// Print the resolved settings of each file (config file, Kafka version, role, rules) and exit
    #[arg(long, conflicts_with_all = ["fix", "diff", "statistics"])]
    pub show_settings: bool,
    /// Print the files that would be checked and exit
    #[arg(long, conflicts_with_all = ["fix", "diff", "statistics", "show_settings"])]
    pub show_files: bool,
    /// Show each file's role and where it came from, and the files skipped (human: on standard
    /// output; other formats: on standard error)
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
pub struct ManArgs {
    /// Write `kafkalint.1` and a page per subcommand (`kafkalint-check.1` and so on) into this directory
    /// (created if missing) instead of printing the complete page
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
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
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match plain_check(&args, std::env::var_os(FORMAT_ENV).is_some()) {
        Some(check) => Cli { command: Command::Check(check) },
        None => match Cli::try_parse_from(args) {
            Ok(c) => c,
            Err(e) => {
                let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
                let _ = e.print();
                return code;
            }
        },
    };
    let mut stdout = std::io::BufWriter::with_capacity(64 * 1024, PipeSafe { inner: std::io::stdout().lock(), closed: false });
    let result = match cli.command {
        Command::Check(args) => check(args, &mut stdout),
        Command::Effective(args) => crate::effective::run(args, &mut stdout),
        Command::Rules(args) => crate::explain::rules(args.format == Format::Json, &mut stdout).map(|_| EXIT_OK),
        Command::Explain(args) => crate::explain::explain(&args, &mut stdout),
        Command::Diagnose(args) => crate::advisor::run(args, &mut stdout),
        Command::Lsp => {
            drop(stdout);
            return crate::lsp::run_stdio();
        }
        Command::Init(args) => crate::init::run(&args, &mut stdout),
        Command::Completions(args) => completions(args.shell, &mut stdout),
        Command::Man(args) => man(&args, &mut stdout),
    };
    let flushed = stdout.flush();
    match result {
        Ok(code) => {
            if let Err(e) = flushed {
                eprintln!("kafkalint: error: cannot write the output: {e}");
                return EXIT_USAGE;
            }
            code
        }
        Err(message) => {
            eprintln!("kafkalint: error: {message}");
            EXIT_USAGE
        }
    }
}

/// The environment variable `check --format` reads.
const FORMAT_ENV: &str = "KAFKALINT_OUTPUT_FORMAT";

/// The arguments of `check` followed by paths only, or by `--fix` then paths (`kafkalint check
/// a.properties b.yaml`, what the pre-commit hooks run), made without clap: building clap's parser
/// for `check` and parsing with it was about a tenth of a one-file run (its derived argument builder
/// alone has a 20 KB stack frame). Anything else (another option, `-`, `--`, an empty argument, no
/// path, [`FORMAT_ENV`] set, another subcommand) is left to clap: `None`. The result is what clap
/// makes of the same arguments (test `plain_check_is_what_clap_parses`).
fn plain_check(args: &[std::ffi::OsString], format_env_set: bool) -> Option<CheckArgs> {
    let [_, subcommand, rest @ ..] = args else { return None };
    let fix = rest.first().is_some_and(|a| a == "--fix");
    let paths = &rest[usize::from(fix)..];
    let plain = |p: &std::ffi::OsString| p.as_encoded_bytes().first().is_some_and(|&b| b != b'-');
    if format_env_set || subcommand != "check" || paths.is_empty() || !paths.iter().all(plain) {
        return None;
    }
    Some(CheckArgs {
        paths: paths.iter().map(PathBuf::from).collect(),
        common: Common { kafka_version: None, role: None, config: None, isolated: false, client: None, stdin_filename: None },
        format: CheckFormat::Human,
        fix,
        unsafe_fixes: false,
        diff: false,
        fail_on: None,
        select: None,
        extend_select: Vec::new(),
        ignore: Vec::new(),
        exit_zero: false,
        quiet: false,
        statistics: false,
        show_settings: false,
        show_files: false,
        verbose: false,
        color: ColorChoice::Auto,
    })
}

/// Standard output that takes a reader closing early (`kafkalint rules | head -1`) as the end of
/// the output: what follows is dropped, with no "Broken pipe" error and no exit 2.
struct PipeSafe<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> Write for PipeSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            r => r,
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

/// Checks `--select`, `--extend-select` and `--ignore`: every name must be a rule id, a family
/// or a renamed rule's old id; else a usage error with the closest name.
pub fn check_rule_names(flag: &str, names: &[String]) -> Result<(), String> {
    for n in names {
        if n.is_empty()
            || crate::rules::by_id(n).is_some()
            || crate::rules::families().contains(&n.as_str())
            || crate::rules::redirect(n).is_some()
        {
            continue;
        }
        let hint = closest_rule(n).map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default();
        return Err(format!("{flag}: `{n}` is not a kafkalint rule or family{hint}; `kafkalint rules` lists them"));
    }
    Ok(())
}

/// The rule id or family closest to a misspelt name, or the one rule whose name (without its
/// family) it is.
pub fn closest_rule(name: &str) -> Option<String> {
    let ids: Vec<&str> = crate::rules::RULES.iter().map(|r| r.meta().id).collect();
    let tail: Vec<&str> = ids.iter().copied().filter(|id| id.split_once('/').is_some_and(|(_, t)| t == name)).collect();
    if tail.len() == 1 {
        return Some(tail[0].to_string());
    }
    let families = crate::rules::families();
    let candidates = ids.iter().copied().chain(families.iter().copied());
    let by_distance = |c: &str| {
        let whole = strsim::levenshtein(name, c);
        // A misspelt rule name without its family: compare with the name part too.
        let part = c.split_once('/').map_or(usize::MAX, |(_, t)| strsim::levenshtein(name, t));
        (whole.min(part), c.len().min(c.split_once('/').map_or(c.len(), |(_, t)| t.len())))
    };
    candidates
        .map(|c| (by_distance(c), c))
        .filter(|((d, len), _)| *d <= 2.max(len / 3))
        .min_by_key(|((d, _), c)| (*d, *c))
        .map(|(_, c)| c.to_string())
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
    Ok(Settings { release, role, config, isolated: common.isolated, client: common.client.clone(), ..Default::default() })
}

/// Problems with inputs that are not findings (unreadable files, symlink loops): exit 2.
pub struct InputErrors(pub Vec<String>);

/// Collects inputs: explicit files always; directories with [`crate::walk`] (`.gitignore` and
/// `.ignore` respected, hidden entries and `exclude` skipped, symlinks followed with loops
/// reported, the candidate formats); `-` is standard input. The kafkalint.toml found from each
/// directory gives its `exclude`/`extend-exclude`.
pub fn collect_inputs(paths: &[PathBuf], stdin_name: Option<&Path>) -> (Vec<Input>, InputErrors) {
    collect_inputs_with(paths, stdin_name, None, false)
}

/// [`collect_inputs`] with the run's configuration choice: `--config` (its excludes for every
/// directory) or `--isolated` (no kafkalint.toml: the default excludes).
pub fn collect_inputs_with(
    paths: &[PathBuf],
    stdin_name: Option<&Path>,
    config: Option<&Config>,
    isolated: bool,
) -> (Vec<Input>, InputErrors) {
    collect_inputs_listed(paths, stdin_name, config, isolated, None)
}

/// [`collect_inputs_with`], given the walks of the paths when they were walked already (by
/// [`check_walked`]: the `i`th is the walk of the `i`th directory path).
fn collect_inputs_listed(
    paths: &[PathBuf],
    stdin_name: Option<&Path>,
    config: Option<&Config>,
    isolated: bool,
    mut listed: Option<Vec<crate::walk::Walked>>,
) -> (Vec<Input>, InputErrors) {
    use rayon::prelude::*;
    let mut errors = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    // What to read, in order: standard input, or a path and whether a walk found it.
    enum Item {
        Stdin,
        File(PathBuf, bool),
    }
    let mut items: Vec<Item> = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        if p.as_os_str() == "-" {
            items.push(Item::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let walked = match listed.as_mut().and_then(|l| l.get_mut(i)) {
                    Some(w) => std::mem::take(w),
                    None => walk_dir(p, config, isolated),
                };
                errors.extend(walked.errors);
                items.extend(walked.files.into_iter().map(|f| Item::File(f, true)));
            }
            Ok(_) => items.push(Item::File(p.clone(), false)),
            Err(e) => errors.push(format!("{}: {}", p.display(), io_message(&e))),
        }
    }
    // Files are read on every core, in order (a few files: on this thread, no pool started).
    crate::lint::threads_for(items.len());
    let read: Vec<Option<Result<Input, String>>> = items
        .par_iter()
        .map(|item| match item {
            Item::Stdin => None,
            Item::File(p, walked) => Some(match read_bounded(p) {
                // A walk reads YAML files of the formats kafkalint reads, decided by content.
                Ok(bytes) if *walked && !crate::walk::is_properties(p) && !crate::formats::is_read(p, &bytes) => Err(String::new()),
                Ok(bytes) => Ok(Input { path: p.clone(), bytes }),
                Err(e) => Err(format!("{}: cannot read: {e}", p.display())),
            }),
        })
        .collect();
    let mut inputs = Vec::with_capacity(read.len());
    for r in read {
        match r {
            None => {
                let mut bytes = Vec::new();
                match std::io::stdin().lock().take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes) {
                    Ok(_) if bytes.len() as u64 > MAX_INPUT_BYTES => {
                        errors.push(format!("<stdin>: larger than {} MiB; not read", MAX_INPUT_BYTES >> 20))
                    }
                    Ok(_) => {
                        inputs.push(Input { path: stdin_name.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("<stdin>")), bytes })
                    }
                    Err(e) => errors.push(format!("<stdin>: cannot read: {e}")),
                }
            }
            Some(Ok(i)) => inputs.push(i),
            Some(Err(e)) if e.is_empty() => {}
            Some(Err(e)) => errors.push(e),
        }
    }
    // The messages name files: a name's control characters are shown escaped, not sent to the terminal.
    (inputs, InputErrors(errors.iter().map(|e| crate::redact::printable(e).into_owned()).collect()))
}

/// The candidate files of a directory named on the command line (see [`collect_inputs_with`]).
fn walk_dir(p: &Path, config: Option<&Config>, isolated: bool) -> crate::walk::Walked {
    let found = if isolated || config.is_some() { None } else { Config::discover(p).and_then(|c| Config::load(&c).ok()) };
    let mut walk_settings = crate::walk::WalkSettings::for_config(config.or(found.as_ref()));
    walk_settings.filter = crate::formats::is_candidate;
    crate::walk::walk(p, &walk_settings)
}

/// A walked file as [`collect_inputs_with`] and [`kafka_inputs`] take it: its bytes, or `None`
/// when it is no input (a YAML file of no format kafkalint reads, a `.properties` file that is
/// not a Kafka file), or the message of a file that cannot be read.
fn walked_input(p: &Path, settings: &Settings, kafka: &KafkaFiles) -> Result<Option<Vec<u8>>, String> {
    match read_bounded(p) {
        Ok(bytes) if !crate::walk::is_properties(p) && !crate::formats::is_read(p, &bytes) => Ok(None),
        Ok(bytes) => Ok(kafka.reason(settings, p, &bytes).is_none().then_some(bytes)),
        Err(e) => Err(format!("{}: cannot read: {e}", p.display())),
    }
}

/// What [`check_walked`] did: checked the run, or walked its directories and left the run to
/// [`check`], or nothing.
enum Walk {
    Checked(Result<i32, String>),
    Listed(Vec<crate::walk::Walked>),
    Not,
}

/// `check` of directories only, with many candidate files, checked in batches (see
/// [`crate::lint::lint_batches_loading`]): the walk only lists the files, and each batch's files
/// are read, told apart from files that are not Kafka's and parsed on every core when the batch
/// is checked, while the batch before is written. The output is that of [`collect_inputs_with`],
/// [`kafka_inputs`] and [`check_batches`]. Not for a file or standard input named,
/// `--show-files`, `--verbose` or `--show-settings` ([`Walk::Not`]); nor for too few files, Go
/// files or SARIF of inputs sharing a URI, whose walks [`check`] takes ([`Walk::Listed`]).
fn check_walked(args: &CheckArgs, settings: &Settings, out: &mut dyn Write) -> Walk {
    if args.show_files || args.verbose || args.show_settings {
        return Walk::Not;
    }
    let default = [PathBuf::from(".")];
    let roots = if args.paths.is_empty() { &default[..] } else { &args.paths[..] };
    if !roots.iter().all(|p| p.as_os_str() != "-" && std::fs::metadata(p).is_ok_and(|m| m.is_dir())) {
        return Walk::Not;
    }
    let walks: Vec<crate::walk::Walked> = roots.iter().map(|p| walk_dir(p, settings.config.as_ref(), settings.isolated)).collect();
    let count: usize = walks.iter().map(|w| w.files.len()).sum();
    let mut paths = walks.iter().flat_map(|w| &w.files);
    let go = paths.any(|p| p.extension().is_some_and(|e| e == "go") || p.file_name().is_some_and(|n| n == "go.mod"));
    let sarif_doc = args.format == CheckFormat::Sarif && !args.statistics;
    if count < crate::lint::BATCHED_FROM
        || go
        || !settings.context.is_empty()
        || (sarif_doc && !render::sarif::distinct_uris(walks.iter().flat_map(|w| &w.files).map(PathBuf::as_path)))
    {
        return Walk::Listed(walks);
    }
    let mut errors = Vec::new();
    let mut paths = Vec::with_capacity(count);
    for w in walks {
        errors.extend(w.errors);
        paths.extend(w.files);
    }
    crate::lint::threads_for(paths.len());
    // The messages of files that cannot be read, by input number (an input may be read twice).
    let unread = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let kafka = KafkaFiles::default();
    let load = |i: usize, p: &Path| match walked_input(p, settings, &kafka) {
        Ok(bytes) => bytes,
        Err(e) => {
            if let Ok(mut u) = unread.lock() {
                u.insert(i, e);
            }
            None
        }
    };
    let run = |each: &mut dyn FnMut(Report) -> std::io::Result<()>| crate::lint::lint_batches_loading(paths, &load, settings, each);
    let failing = match write_batches(run, settings, &[], args, out, &mut std::io::stderr()) {
        Ok(f) => f,
        Err(e) => return Walk::Checked(Err(e)),
    };
    errors.extend(unread.into_inner().unwrap_or_default().into_values());
    // The messages name files: a name's control characters are shown escaped, not sent to the terminal.
    for e in &errors {
        eprintln!("kafkalint: error: {}", crate::redact::printable(e));
    }
    Walk::Checked(Ok(exit_code(args, !errors.is_empty(), failing)))
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

/// The most read from one named file: past it, the file is reported, not read (`/dev/zero`
/// named as a path must not be read until memory runs out).
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// Reads a file named as an input, at most [`MAX_INPUT_BYTES`]. A FIFO is opened without
/// waiting for a writer (one with no writer reads as empty, never blocks forever).
///
/// One path lookup per file: the file is opened without waiting (which changes nothing for a
/// regular file) and asked its size and type through the descriptor, instead of looked up by
/// path first and opened after (every path resolved twice). Anything but a regular file or a
/// FIFO (a terminal, a device) is opened again the ordinary way, so reading it waits as before.
pub(crate) fn read_bounded(p: &Path) -> Result<Vec<u8>, String> {
    let too_big = || format!("larger than {} MiB; not read", MAX_INPUT_BYTES >> 20);
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        #[cfg(target_os = "linux")]
        const O_NONBLOCK: i32 = 0o4000;
        #[cfg(not(target_os = "linux"))]
        const O_NONBLOCK: i32 = 0x4;
        options.custom_flags(O_NONBLOCK);
    }
    let mut file = options.open(p).map_err(|e| io_message(&e))?;
    let meta = file.metadata().map_err(|e| io_message(&e))?;
    if meta.is_file() && meta.len() > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if !meta.is_file() && !meta.file_type().is_fifo() {
            file = std::fs::File::open(p).map_err(|e| io_message(&e))?;
        }
    }
    // Read straight into the result, sized by the file (no zeroed 64 KiB stack buffer, whose 16
    // pages a one-file run paid for in page faults). `read_to_end` keeps what it read before an
    // error, so a FIFO that would block is read on after a pause.
    let mut bytes = Vec::with_capacity(if meta.is_file() { meta.len() as usize + 1 } else { 0 });
    let mut reader = file.take(MAX_INPUT_BYTES + 1);
    loop {
        match reader.read_to_end(&mut bytes) {
            Ok(_) => break,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(std::time::Duration::from_millis(5)),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_message(&e)),
        }
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// For files named on the command line, the other files of their deployment, read as context.
///
/// Linear in the files named: the companions of one directory (or one declared cluster) are
/// listed once for all the files named in it, and each file is read once.
fn context_for(paths: &[PathBuf], inputs: &[Input]) -> Vec<Input> {
    let mut out: Vec<Input> = Vec::new();
    let mut known: HashSet<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    let mut configs: std::collections::HashMap<PathBuf, Option<Config>> = std::collections::HashMap::new();
    let mut groups: HashSet<(PathBuf, Option<String>)> = HashSet::new();
    for p in paths {
        if p.as_os_str() == "-" || !p.is_file() {
            continue;
        }
        let config = match Config::discover(p) {
            Some(found) => configs.entry(found.clone()).or_insert_with(|| Config::load(&found).ok()).as_ref(),
            None => None,
        };
        let cluster = config.and_then(|c| c.cluster_of(p)).map(|(cl, _)| cl.name.clone());
        let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
        let group = if cluster.is_some() { (config.and_then(|c| c.path.clone()).unwrap_or_default(), cluster) } else { (dir, None) };
        if !groups.insert(group) {
            // Its directory's (or cluster's) files are read already; only itself may be new.
            continue;
        }
        for c in crate::lint::companions_with(p, config) {
            if !known.insert(c.clone()) {
                continue;
            }
            if let Ok(bytes) = read_bounded(&c) {
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
        ColorChoice::Auto => auto_color(|k| std::env::var_os(k), std::io::stdout().is_terminal()),
    }
}

/// `--color auto`: `NO_COLOR` (set, not empty) turns colours off; else `FORCE_COLOR` or
/// `CLICOLOR_FORCE` (set, not empty, not `0`) turns them on; else `CLICOLOR=0` or `TERM=dumb`
/// turns them off; else colours when standard output is a terminal.
pub fn auto_color(env: impl Fn(&str) -> Option<std::ffi::OsString>, terminal: bool) -> bool {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    let on = |k: &str| env(k).is_some_and(|v| !v.is_empty() && v != "0");
    if set("NO_COLOR") {
        return false;
    }
    if on("FORCE_COLOR") || on("CLICOLOR_FORCE") {
        return true;
    }
    if env("CLICOLOR").is_some_and(|v| v == "0") || env("TERM").is_some_and(|v| v == "dumb") {
        return false;
    }
    terminal
}

/// The width of human output: `COLUMNS`, else the terminal's, else 100.
fn output_width() -> usize {
    if let Some(c) = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok()).filter(|&c| c > 0) {
        return c;
    }
    terminal_size::terminal_size().map_or(100, |(w, _)| usize::from(w.0)).max(20)
}

/// The clap definition of the whole command line (completions and the man page are made from it).
pub fn command() -> clap::Command {
    Cli::command()
}

fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<i32, String> {
    clap_complete::generate(shell, &mut command(), "kafkalint", out);
    Ok(EXIT_OK)
}

/// `kafkalint man`: one complete page on standard output (every subcommand's synopsis,
/// description and options under COMMANDS), or with `--out DIR` `kafkalint.1` and one page per
/// subcommand (`kafkalint-check.1`, …), each listed on standard output.
fn man(args: &ManArgs, out: &mut dyn Write) -> Result<i32, String> {
    let mut cmd = command().disable_help_subcommand(true);
    cmd.build();
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut pages = vec![clap_mangen::Man::new(cmd.clone())];
        pages.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).map(|s| clap_mangen::Man::new(s.clone())));
        for page in pages {
            let path = page.generate_to(dir).map_err(|e| format!("{}: {e}", dir.join(page.get_filename()).display()))?;
            writeln!(out, "{}", path.display()).map_err(|e| e.to_string())?;
        }
        return Ok(EXIT_OK);
    }
    out.write_all(complete_man_page(&cmd).as_bytes()).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}

/// The complete page: the top-level sections, then a COMMANDS section with each subcommand's
/// synopsis, description and options, and SEE ALSO naming the per-subcommand pages.
fn complete_man_page(cmd: &clap::Command) -> String {
    // Each render call writes roff's quote-definition preamble again: kept once, at the top.
    fn section(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>, keep_preamble: bool) -> String {
        let mut buf = Vec::new();
        let _ = render(&mut buf);
        let text = String::from_utf8_lossy(&buf).into_owned();
        if keep_preamble {
            return text;
        }
        text.lines().filter(|l| !l.starts_with(".ie \\n(.g") && !l.starts_with(".el .ds Aq")).map(|l| format!("{l}\n")).collect()
    }
    let top = clap_mangen::Man::new(cmd.clone());
    let mut page = section(|w| top.render_title(w), true);
    page += &section(|w| top.render_name_section(w), false);
    page += &section(|w| top.render_synopsis_section(w), false);
    page += &section(|w| top.render_description_section(w), false);
    page += &section(|w| top.render_options_section(w), false);
    page += ".SH COMMANDS\n";
    let subs: Vec<&clap::Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    for sub in &subs {
        let m = clap_mangen::Man::new((*sub).clone());
        page += &format!(".SS \"kafkalint {}\"\n", sub.get_name());
        // The subsection's own headings become paragraphs of it (options under a heading of
        // their own keep it in bold).
        let parts = [
            section(|w| m.render_synopsis_section(w), false),
            section(|w| m.render_description_section(w), false),
            section(|w| m.render_options_section(w), false),
        ];
        for l in parts.iter().flat_map(|p| p.lines()) {
            match l.strip_prefix(".SH ").map(|h| h.trim_matches('"')) {
                Some("SYNOPSIS" | "DESCRIPTION" | "OPTIONS") => page += ".PP\n",
                Some(heading) => page += &format!(".PP\n\\fB{heading}\\fR\n"),
                None => page += &format!("{l}\n"),
            }
        }
    }
    page += ".SH \"SEE ALSO\"\n";
    let refs: Vec<String> = subs.iter().map(|s| format!("\\fBkafkalint\\-{}\\fR(1)", s.get_name())).collect();
    page += &format!("{}\n", refs.join(", "));
    page += &section(|w| top.render_version_section(w), false);
    page
}

/// The settings of `check`: the common ones and the rule selection flags (checked).
fn check_settings(args: &CheckArgs) -> Result<Settings, String> {
    check_rule_names("--select", args.select.as_deref().unwrap_or(&[]))?;
    check_rule_names("--extend-select", &args.extend_select)?;
    check_rule_names("--ignore", &args.ignore)?;
    let mut settings = settings(&args.common)?;
    settings.select = args.select.clone();
    settings.extend_select = args.extend_select.clone();
    settings.ignore = args.ignore.clone();
    Ok(settings)
}

/// Drops the `.properties` files that are not Kafka files (see [`crate::walk::not_kafka_reason`]);
/// returns what was dropped and why. `--role` says every file is a Kafka file.
fn kafka_inputs(inputs: Vec<Input>, settings: &Settings) -> (Vec<Input>, Vec<(PathBuf, &'static str)>) {
    if settings.role.is_some() {
        return (inputs, Vec::new());
    }
    let mut skipped = Vec::new();
    let kafka = KafkaFiles::default();
    // Told apart on every core (a file without a role in its name is parsed for its keys).
    use rayon::prelude::*;
    let reasons: Vec<Option<&'static str>> = inputs.par_iter().map(|i| kafka.reason(settings, &i.path, &i.bytes)).collect();
    let kept = inputs
        .into_iter()
        .zip(reasons)
        .filter(|(i, reason)| match reason {
            Some(why) => {
                skipped.push((i.path.clone(), *why));
                false
            }
            None => true,
        })
        .map(|(i, _)| i)
        .collect();
    (kept, skipped)
}

/// Tells Kafka files from the others for [`kafka_inputs`], on any core: the configurations
/// asked whether they give a file a role, by path.
#[derive(Default)]
struct KafkaFiles {
    configs: std::sync::Mutex<std::collections::HashMap<PathBuf, Option<Config>>>,
}

impl KafkaFiles {
    /// Why a file is not a Kafka file, or `None` when it is one (see
    /// [`crate::walk::not_kafka_reason`]): `--role` says every file is, and so does a `[[files]]`
    /// entry with a role in kafkalint.toml.
    fn reason(&self, settings: &Settings, path: &Path, bytes: &[u8]) -> Option<&'static str> {
        if settings.role.is_some() {
            return None;
        }
        let why = crate::walk::not_kafka_reason(path, bytes)?;
        let found = if settings.isolated || settings.config.is_some() { None } else { Config::discover(path) };
        let in_config = match (&settings.config, found) {
            (Some(c), _) => c.file_entry(path).is_some_and(|e| e.role.is_some()),
            (None, Some(p)) => {
                let Ok(mut configs) = self.configs.lock() else { return Some(why) };
                let config = configs.entry(p.clone()).or_insert_with(|| Config::load(&p).ok());
                config.as_ref().and_then(|c| c.file_entry(path)).is_some_and(|e| e.role.is_some())
            }
            (None, None) => false,
        };
        (!in_config).then_some(why)
    }
}

fn exit_code(args: &CheckArgs, errors: bool, failing: bool) -> i32 {
    if errors {
        EXIT_USAGE
    } else if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn check(mut args: CheckArgs, out: &mut dyn Write) -> Result<i32, String> {
    // As ruff: `--stdin-filename` with no path reads standard input.
    if args.paths.is_empty() && args.common.stdin_filename.is_some() {
        args.paths.push(PathBuf::from("-"));
    }
    let mut settings = check_settings(&args)?;
    if args.fix || args.diff {
        return check_fix(args, settings, out);
    }
    let listed = match check_walked(&args, &settings, out) {
        Walk::Checked(done) => return done,
        Walk::Listed(walks) => Some(walks),
        Walk::Not => None,
    };
    let (inputs, errors) =
        collect_inputs_listed(&args.paths, args.common.stdin_filename.as_deref(), settings.config.as_ref(), settings.isolated, listed);
    let (inputs, skipped) = kafka_inputs(inputs, &settings);
    if args.show_files {
        for i in &inputs {
            writeln!(out, "{}", crate::source::display_path(&i.path)).map_err(|e| e.to_string())?;
        }
        for e in &errors.0 {
            eprintln!("kafkalint: error: {e}");
        }
        return Ok(if errors.0.is_empty() { EXIT_OK } else { EXIT_USAGE });
    }
    settings.context = context_for(&args.paths, &inputs);
    // SARIF a batch at a time needs every input's URI to be its own (see `render::sarif::Stream`).
    let sarif_doc = args.format == CheckFormat::Sarif && !args.statistics && !args.show_settings;
    if crate::lint::batched(&inputs, &settings) && (!sarif_doc || render::sarif::distinct_uris(inputs.iter().map(|i| i.path.as_path()))) {
        return check_batches(inputs, &settings, &args, &skipped, &errors.0, out);
    }
    let mut report = lint(inputs, &settings)?;
    if let Some(f) = &args.fail_on {
        report.fail_on = Severity::parse(f).unwrap_or(Severity::Warning);
    }
    write_one(&report, &settings, &skipped, &args, out, &mut std::io::stderr()).map_err(|e| e.to_string())?;
    if args.show_settings {
        for e in &errors.0 {
            eprintln!("kafkalint: error: {e}");
        }
        return Ok(if errors.0.is_empty() { EXIT_OK } else { EXIT_USAGE });
    }
    out.flush().map_err(|e| e.to_string())?;
    for e in &errors.0 {
        eprintln!("kafkalint: error: {e}");
    }
    let code = exit_code(&args, !errors.0.is_empty(), report.failing());
    // The process ends here: freeing every file's text and tree one by one would be a few per
    // cent of a large run for nothing.
    std::mem::forget(report);
    Ok(code)
}

/// What `check` writes of a run checked as one report: `--show-settings`, else the `--verbose`
/// lines, then `--statistics` or the report. `err` is standard error.
pub(crate) fn write_one(
    report: &Report,
    settings: &Settings,
    skipped: &[(PathBuf, &'static str)],
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    if args.show_settings {
        return show_settings(report, settings, args, out);
    }
    write_verbose(report, skipped, args, out, err)?;
    if args.statistics {
        let mut stats = Statistics::default();
        stats.add(report);
        stats.write(args, &render::human::summary(report), out, err)
    } else {
        write_report(report, args, out, err)
    }
}

/// `check` of many files (see [`crate::lint::lint_batches`]): each batch's findings are written
/// as soon as it is checked and the batch dropped, then what the batches add up to; the output
/// is that of the run checked as one report.
fn check_batches(
    inputs: Vec<Input>,
    settings: &Settings,
    args: &CheckArgs,
    skipped: &[(PathBuf, &'static str)],
    errors: &[String],
    out: &mut dyn Write,
) -> Result<i32, String> {
    let run = |each: &mut dyn FnMut(Report) -> std::io::Result<()>| crate::lint::lint_batches(inputs, settings, each);
    let failing = write_batches(run, settings, skipped, args, out, &mut std::io::stderr())?;
    for e in errors {
        eprintln!("kafkalint: error: {e}");
    }
    if args.show_settings {
        return Ok(if errors.is_empty() { EXIT_OK } else { EXIT_USAGE });
    }
    Ok(exit_code(args, !errors.is_empty(), failing))
}

/// [`write_one`] of a run checked in batches: `run` hands each batch's report to the function it
/// is given. What a batch adds to the output is written as it comes, and what the output holds
/// after every batch's part (the summary, the statistics, the JSON `files` list, SARIF's
/// results behind its rules) is added up or kept (past 1 MiB in a temporary file) until the end:
/// the bytes of [`write_one`] on each stream. With `--verbose` on standard output (human
/// output), the findings are kept until every file's lines are written. Returns whether a
/// finding is at or above the fail level.
pub(crate) fn write_batches(
    run: impl FnOnce(&mut dyn FnMut(Report) -> std::io::Result<()>) -> Result<(), String>,
    settings: &Settings,
    skipped: &[(PathBuf, &'static str)],
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<bool, String> {
    let mut totals = render::Totals::default();
    let mut json = render::json::Stream::default();
    let opts = render::human::Options { color: use_color(args.color), width: output_width() };
    let mut human = render::human::Stream::new(&opts);
    let mut sarif = render::sarif::Stream::default();
    let mut stats = Statistics::default();
    let verbose = args.verbose && !args.show_settings;
    let verbose_out = verbose_on_out(args);
    // The findings written after every file's `--verbose` line, and the lines of inputs with no
    // Kafka configuration, which follow those of every file.
    let mut held = (verbose && verbose_out).then(render::Spill::default);
    let mut empty = render::Spill::default();
    if verbose {
        write_verbose_text(&verbose_skipped(skipped), args, out, err).map_err(|e| e.to_string())?;
    }
    let mut fail_on = Severity::Warning;
    run(&mut |mut report| {
        if let Some(f) = &args.fail_on {
            report.fail_on = Severity::parse(f).unwrap_or(Severity::Warning);
        }
        fail_on = report.fail_on;
        totals.add(&report);
        if args.show_settings {
            return show_settings(&report, settings, args, out);
        }
        if verbose {
            write_verbose_text(&verbose_files(&report), args, out, err)?;
            empty.write_all(verbose_empty(&report).as_bytes())?;
        }
        if args.statistics {
            stats.add(&report);
            return Ok(());
        }
        let target: &mut dyn Write = match held.as_mut() {
            Some(h) => h,
            None => out,
        };
        match args.format {
            CheckFormat::Json => json.batch(&report, target)?,
            CheckFormat::Github => target.write_all(render::github::render(&report).as_bytes())?,
            CheckFormat::Compact => target.write_all(render::compact::render(&report).as_bytes())?,
            CheckFormat::Human => human.batch(&report, target)?,
            CheckFormat::Sarif => sarif.batch(&report)?,
        }
        // The process ends soon: a batch's memory is handed back to the allocator, which is
        // enough (its pages serve the next batch).
        drop(report);
        Ok(())
    })?;
    if args.show_settings {
        return Ok(false);
    }
    let finished = (|| {
        if verbose {
            let mut text = Vec::new();
            empty.copy_to(&mut text)?;
            write_verbose_text(&String::from_utf8_lossy(&text), args, out, err)?;
        }
        if let Some(h) = held.as_mut() {
            h.copy_to(out)?;
        }
        if args.statistics {
            return stats.write(args, &render::human::summary_of(&totals), out, err);
        }
        match args.format {
            CheckFormat::Json => json.finish(&totals, out),
            CheckFormat::Human => human.finish(&totals, !args.quiet, out),
            CheckFormat::Sarif => sarif.finish(&totals, out),
            CheckFormat::Github | CheckFormat::Compact => {
                // Standard output holds only the findings; the summary goes with the messages.
                out.flush()?;
                if !args.quiet {
                    err.write_all(render::human::summary_of(&totals).as_bytes())?;
                }
                Ok(())
            }
        }
    })();
    finished.map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    Ok(totals.failing(fail_on))
}

/// Whether the `--verbose` lines go to standard output (human output), else to standard error
/// (standard output holds only the machine-readable document, or the statistics).
fn verbose_on_out(args: &CheckArgs) -> bool {
    args.format == CheckFormat::Human && !args.statistics
}

/// Writes `--verbose` lines where they go (see [`verbose_on_out`]).
fn write_verbose_text(text: &str, args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<()> {
    if verbose_on_out(args) {
        out.write_all(text.as_bytes())
    } else {
        out.flush()?;
        err.write_all(text.as_bytes())
    }
}

/// `--verbose`: each file's role, where it came from and its Kafka version, and the files
/// skipped as not Kafka files (see [`verbose_on_out`] for where).
fn write_verbose(
    report: &Report,
    skipped: &[(PathBuf, &'static str)],
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    if !args.verbose {
        return Ok(());
    }
    let text = verbose_skipped(skipped) + &verbose_files(report) + &verbose_empty(report);
    write_verbose_text(&text, args, out, err)
}

/// The `--verbose` lines of the files skipped as not Kafka files.
fn verbose_skipped(skipped: &[(PathBuf, &'static str)]) -> String {
    let mut text = String::new();
    for (p, why) in skipped {
        text.push_str(&format!("{}: skipped, not a Kafka configuration file ({why})\n", crate::source::display_path(p)));
    }
    text
}

/// The `--verbose` lines of a report's files: role, where it came from, Kafka version, notes.
fn verbose_files(report: &Report) -> String {
    let mut text = String::new();
    for f in report.files.iter().filter(|f| !f.context) {
        let role = f.file.role.map_or("unknown".to_string(), |r| r.to_string());
        let unit = match &f.file.unit {
            Some(u) => {
                let image = u.image.as_deref().map(|i| format!(", image {i}")).unwrap_or_default();
                format!(" {} `{}`{image}:", f.file.format.as_str(), u.name)
            }
            None => String::new(),
        };
        let version = match f.file.unit.as_ref().and_then(|u| u.version_source) {
            Some(v) => format!(" (from {})", v.as_str()),
            None => String::new(),
        };
        text.push_str(&format!(
            "{}:{unit} role {} (from {}), Kafka {}{version}\n",
            f.file.source.display_path(),
            role,
            f.file.role_source.as_str(),
            f.file.release
        ));
        for note in f.file.unit.iter().flat_map(|u| u.version_note.iter().chain(&u.notes)) {
            text.push_str(&format!("  note: {note}\n"));
        }
    }
    text
}

/// The `--verbose` lines of a report's inputs with no Kafka configuration in them.
fn verbose_empty(report: &Report) -> String {
    let mut text = String::new();
    for i in report.inputs.iter().filter(|i| !i.context && i.units.is_empty()) {
        let fmt = i.format.map_or("no format kafkalint reads", |f| f.as_str());
        text.push_str(&format!("{}: {fmt}, no Kafka configuration in it\n", crate::source::display_path(&i.path)));
    }
    text
}

/// `--statistics`: the number of findings per rule, most first, added up over a run's reports.
#[derive(Default)]
struct Statistics {
    /// Per rule: findings, findings with a safe fix, the most severe finding's severity.
    by_rule: std::collections::BTreeMap<&'static str, (usize, usize, Severity)>,
}

impl Statistics {
    fn add(&mut self, report: &Report) {
        for d in &report.diagnostics {
            let e = self.by_rule.entry(d.rule.id).or_insert((0, 0, d.severity));
            e.0 += 1;
            e.1 += usize::from(d.fixes.iter().any(|f| f.is_safe()));
            e.2 = e.2.max(d.severity);
        }
    }

    /// Writes the rows, then (unless `--quiet`) `summary` on standard error.
    fn write(&self, args: &CheckArgs, summary: &str, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<()> {
        let mut rows: Vec<(&str, (usize, usize, Severity))> = self.by_rule.iter().map(|(r, n)| (*r, *n)).collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        if args.format == CheckFormat::Json {
            #[derive(serde::Serialize)]
            struct Row<'a> {
                rule: &'a str,
                severity: &'a str,
                count: usize,
                fixable: usize,
            }
            let list: Vec<Row> = rows.iter().map(|(r, (n, f, s))| Row { rule: r, severity: s.as_str(), count: *n, fixable: *f }).collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            return out.write_all(b"\n");
        }
        let w = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
        let nw = rows.first().map_or(1, |(_, (n, _, _))| n.to_string().len());
        for (rule, (n, fixable, sev)) in &rows {
            let fix = if *fixable > 0 { format!("  ({fixable} fixable)") } else { String::new() };
            writeln!(out, "{n:>nw$}  {rule:<w$}  {}{fix}", sev.as_str())?;
        }
        if !args.quiet {
            out.flush()?;
            err.write_all(summary.as_bytes())?;
        }
        Ok(())
    }
}

/// `--show-settings`: what kafkalint resolved for each file.
fn show_settings(report: &Report, settings: &Settings, args: &CheckArgs, out: &mut dyn Write) -> std::io::Result<()> {
    let mut cache: std::collections::HashMap<PathBuf, Option<Config>> = std::collections::HashMap::new();
    for f in report.files.iter().filter(|f| !f.context) {
        let path = &f.file.source.path;
        let config = if let Some(c) = &settings.config {
            Some(c.clone())
        } else if settings.isolated || path.as_os_str() == "<stdin>" {
            None
        } else {
            match Config::discover(path) {
                Some(p) => cache.entry(p.clone()).or_insert_with(|| Config::load(&p).ok()).clone(),
                None => None,
            }
        };
        let config_text = match (&config, settings.isolated) {
            (_, true) => "none (--isolated)".to_string(),
            (Some(c), _) => c.path.as_ref().map_or("--config".into(), |p| {
                let cwd = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
                let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                crate::source::display_path(cwd.as_ref().and_then(|d| p.strip_prefix(d).ok()).unwrap_or(&p))
            }),
            (None, _) => "none found".into(),
        };
        let role = f.file.role.map_or("unknown".to_string(), |r| r.to_string());
        writeln!(out, "{}", f.file.source.display_path())?;
        writeln!(out, "  config file:    {config_text}")?;
        writeln!(out, "  kafka version:  {}", f.file.release)?;
        writeln!(out, "  role:           {role} (from {})", f.file.role_source.as_str())?;
        writeln!(out, "  client:         {}", f.file.client.as_deref().unwrap_or("java (at the cluster's version)"))?;
        writeln!(out, "  fail on:        {}", report.fail_on.as_str())?;
        writeln!(out, "  format:         {}", args.format.to_possible_value().map_or("human".into(), |v| v.get_name().to_string()))?;
        let mut on = Vec::new();
        let mut off = Vec::new();
        let per_file = config.as_ref().map(|c| c.ignored_rules(path)).unwrap_or_default();
        for r in crate::rules::RULES.iter() {
            let m = r.meta();
            if per_file.iter().any(|x| x == m.id || x == m.family()) {
                off.push(format!("{} (per-file-ignores)", m.id));
                continue;
            }
            match crate::lint::rule_level(settings, config.as_ref(), m) {
                crate::config::Level::On(s) if m.applies_to(f.file.release) => on.push(format!("{} ({})", m.id, s.as_str())),
                crate::config::Level::On(_) => off.push(format!("{} (not in Kafka {})", m.id, f.file.release)),
                crate::config::Level::Off => off.push(m.id.to_string()),
            }
        }
        writeln!(out, "  rules on ({}):", on.len())?;
        for r in &on {
            writeln!(out, "    {r}")?;
        }
        writeln!(out, "  rules off ({}):", off.len())?;
        for r in &off {
            writeln!(out, "    {r}")?;
        }
    }
    Ok(())
}

fn write_report(report: &Report, args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<()> {
    match args.format {
        CheckFormat::Json => render::json::write(report, out),
        CheckFormat::Sarif => render::sarif::write(report, out),
        CheckFormat::Github | CheckFormat::Compact => {
            let text = if args.format == CheckFormat::Github { render::github::render(report) } else { render::compact::render(report) };
            out.write_all(text.as_bytes())?;
            // Standard output holds only the findings; the summary goes with the messages.
            out.flush()?;
            if !args.quiet {
                err.write_all(render::human::summary(report).as_bytes())?;
            }
            Ok(())
        }
        CheckFormat::Human => {
            let opts = render::human::Options { color: use_color(args.color), width: output_width() };
            render::human::write(report, &opts, !args.quiet, out)
        }
    }
}

/// [`check_fix`] of a run of many files, none of them standard input (see
/// [`crate::lint::batched`]): fixed a part at a time ([`fix::fix_parts`]), each part's files
/// written as soon as they are fixed; then what remains is checked and written in batches from
/// what the files hold ([`write_batches`]). `--diff` keeps the changed files' texts until every
/// part is fixed, as each diff masks every secret of the run. The output is that of
/// [`check_fix`] for the run as one.
fn check_fix_parts(
    args: &CheckArgs,
    settings: &Settings,
    mut inputs: Vec<Input>,
    mut errors: Vec<String>,
    min: Applicability,
    size: usize,
    out: &mut dyn Write,
) -> Result<i32, String> {
    /// A changed file's diff, made once every secret of the run is known.
    struct Change {
        name: String,
        old: (String, Vec<crate::source::Span>),
        new: (String, Vec<crate::source::Span>),
    }
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut converged = true;
    // Files changed (or written) and their fixes.
    let (mut files, mut fixes) = (0usize, 0usize);
    let mut changes: Vec<Change> = Vec::new();
    // The secrets `--diff` masks: those of the fixed texts, then those of the texts as read.
    let (mut secrets_now, mut secrets_read): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    fix::fix_parts(&mut inputs, settings, min, size, &mut |outcome, part| {
        converged &= outcome.converged;
        if args.diff {
            secrets_now.extend(outcome.report.files.iter().flat_map(|f| f.secrets.iter().cloned()));
            for f in &outcome.files {
                secrets_read.extend(
                    f.original_secrets
                        .iter()
                        .filter_map(|s| f.original_text.get(s.range()))
                        .filter(|s| s.chars().count() >= 3)
                        .map(str::to_string),
                );
            }
            for (i, f) in outcome.files.iter().enumerate().filter(|(_, f)| f.changed()) {
                files += 1;
                fixes += f.fixes;
                let Some(now) = outcome.report.files.iter().map(|u| &u.file).find(|u| u.input == i) else { continue };
                changes.push(Change {
                    name: now.source.display_path(),
                    old: (f.original_text.clone(), f.original_secrets.clone()),
                    new: (now.source.text.clone(), fix::input_secrets(&outcome.report, i)),
                });
            }
            return Ok(());
        }
        // Written at once; each input keeps what its file now holds, for the report.
        for (f, input) in outcome.files.into_iter().zip(part.iter_mut()) {
            input.bytes = if !f.changed() {
                f.original
            } else {
                match crate::write::replace(&f.path, &f.fixed, Some(&f.original)) {
                    Ok(()) => {
                        files += 1;
                        fixes += f.fixes;
                        f.fixed
                    }
                    Err(e) => {
                        errors.push(e.to_string());
                        f.original
                    }
                }
            };
        }
        Ok(())
    })?;
    if !converged {
        eprintln!(
            "kafkalint: warning: fixes still applied after {} rounds; the result so far is used and the rest is reported (please report this)",
            fix::MAX_ROUNDS
        );
    }
    if args.diff {
        let mut scrub = secrets_now;
        scrub.extend(secrets_read);
        let scrub_all = fix::Scrub::new(&scrub);
        for c in &changes {
            let diff = fix::unified_diff(
                &c.name,
                fix::Shown { text: &c.old.0, secrets: &c.old.1 },
                fix::Shown { text: &c.new.0, secrets: &c.new.1 },
                &scrub_all,
            );
            out.write_all(diff.as_bytes()).map_err(|e| e.to_string())?;
        }
        out.flush().map_err(|e| e.to_string())?;
        if files == 0 {
            eprintln!("kafkalint: no fixes to apply");
        } else {
            eprintln!("kafkalint: would apply {} to {}", count(fixes, "fix", "fixes"), count(files, "file", "files"));
        }
        for e in &errors {
            eprintln!("kafkalint: error: {e}");
        }
        return Ok(if !errors.is_empty() {
            EXIT_USAGE
        } else if files == 0 {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        });
    }
    let run = |each: &mut dyn FnMut(Report) -> std::io::Result<()>| crate::lint::lint_batches(inputs, settings, each);
    let failing = write_batches(run, settings, &[], args, out, &mut std::io::stderr())?;
    if files > 0 {
        eprintln!("kafkalint: applied {} to {}", count(fixes, "fix", "fixes"), count(files, "file", "files"));
    }
    for e in &errors {
        eprintln!("kafkalint: error: {e}");
    }
    Ok(exit_code(args, !errors.is_empty(), failing))
}

/// The arguments of `kafkalint check ARGV...` (tests).
#[cfg(test)]
pub(crate) fn check_args(argv: &[&str]) -> CheckArgs {
    let cli = Cli::try_parse_from(["kafkalint", "check"].iter().chain(argv)).expect("check arguments");
    match cli.command {
        Command::Check(args) => args,
        _ => unreachable!("parsed as check"),
    }
}

/// `check --fix` / `--diff`: lint, apply fixes until nothing changes, then write the files (or
/// print the diff) and report what remains.
fn check_fix(args: CheckArgs, mut settings: Settings, out: &mut dyn Write) -> Result<i32, String> {
    let default = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() { &default[..] } else { &args.paths[..] };
    // Inputs path by path, to know which one is standard input; a file named twice (or found
    // in a directory and named too) is fixed once.
    let mut inputs: Vec<Input> = Vec::new();
    let mut from_stdin: Vec<bool> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    // Paths are collected one at a time below: size the thread pool for the whole run first.
    crate::lint::threads_for(if paths.len() == 1 && !paths[0].is_dir() { 1 } else { paths.len().max(crate::lint::PARALLEL_FROM) });
    for p in paths {
        let stdin = p.as_os_str() == "-";
        let (found, errs) = collect_inputs_with(
            std::slice::from_ref(p),
            args.common.stdin_filename.as_deref(),
            settings.config.as_ref(),
            settings.isolated,
        );
        errors.extend(errs.0);
        let (found, skipped) = kafka_inputs(found, &settings);
        if args.verbose {
            for (p, why) in &skipped {
                eprintln!("{}: skipped, not a Kafka configuration file ({why})", crate::source::display_path(p));
            }
        }
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
    if !from_stdin.contains(&true) && crate::lint::batched(&inputs, &settings) {
        return check_fix_parts(&args, &settings, inputs, errors, min, crate::lint::BATCH, out);
    }
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
        let scrub_all = fix::Scrub::new(&scrub);
        for &i in &changed {
            let f = &outcome.files[i];
            let Some(now) = outcome.report.files.iter().map(|u| &u.file).find(|u| u.input == i) else { continue };
            let now_secrets = fix::input_secrets(&outcome.report, i);
            let diff = fix::unified_diff(
                &now.source.display_path(),
                fix::Shown { text: &f.original_text, secrets: &f.original_secrets },
                fix::Shown { text: &now.source.text, secrets: &now_secrets },
                &scrub_all,
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
        write_verbose(&report, &[], &args, &mut err, &mut std::io::stderr()).map_err(|e| e.to_string())?;
        write_report(&report, &args, &mut err, &mut std::io::stderr()).map_err(|e| e.to_string())?;
    } else {
        write_verbose(&report, &[], &args, out, &mut std::io::stderr()).map_err(|e| e.to_string())?;
        write_report(&report, &args, out, &mut std::io::stderr()).map_err(|e| e.to_string())?;
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
    Ok(exit_code(&args, !errors.is_empty(), report.failing()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn plain_check_is_what_clap_parses() {
        for args in [
            &["kafkalint", "check", "consumer.properties"][..],
            &["kafkalint", "check", "a.properties", "dir", "docker-compose.yml", "help", "check", "x-y", "./-z"],
            &["/usr/bin/kafkalint", "check", "file with spaces.properties", "é.properties"],
            &["kafkalint", "check", "--fix", "consumer.properties", "producer.properties"],
        ] {
            let plain = plain_check(&os(args), false).unwrap_or_else(|| panic!("{args:?}: not taken"));
            let Command::Check(parsed) = Cli::try_parse_from(os(args)).expect("parses").command else { panic!("{args:?}: not check") };
            assert_eq!(format!("{plain:?}"), format!("{parsed:?}"), "{args:?}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let args = vec![OsString::from("kafkalint"), OsString::from("check"), OsString::from_vec(vec![b'a', 0xff])];
            let plain = plain_check(&args, false).expect("taken");
            let Command::Check(parsed) = Cli::try_parse_from(args).expect("parses").command else { panic!("not check") };
            assert_eq!(format!("{plain:?}"), format!("{parsed:?}"));
        }
    }

    #[test]
    fn plain_check_leaves_everything_else_to_clap() {
        for args in [
            &["kafkalint"][..],
            &["kafkalint", "check"],
            &["kafkalint", "check", "-"],
            &["kafkalint", "check", "--", "a"],
            &["kafkalint", "check", "a", "--quiet"],
            &["kafkalint", "check", "-q", "a"],
            &["kafkalint", "check", "--fix"],
            &["kafkalint", "check", "--fix", "--fix", "a"],
            &["kafkalint", "check", "--fix", "a", "--diff"],
            &["kafkalint", "check", "a", "--fix"],
            &["kafkalint", "check", "--fix=true", "a"],
            &["kafkalint", "check", ""],
            &["kafkalint", "check", "a", ""],
            &["kafkalint", "effective", "a"],
            &["kafkalint", "--version"],
            &["kafkalint", "chec", "a"],
        ] {
            assert!(plain_check(&os(args), false).is_none(), "{args:?}");
        }
        assert!(plain_check(&os(&["kafkalint", "check", "a"]), true).is_none(), "{FORMAT_ENV} set");
    }

    /// `plain_check` reads no environment but [`FORMAT_ENV`]: a new `env` on a `check` argument
    /// must be added there.
    #[test]
    fn check_reads_one_environment_variable() {
        let mut cmd = command();
        cmd.build();
        let check = cmd.find_subcommand("check").expect("check");
        let envs: Vec<_> = check.get_arguments().filter_map(|a| a.get_env()).collect();
        assert_eq!(envs, [std::ffi::OsStr::new(FORMAT_ENV)]);
    }
}
