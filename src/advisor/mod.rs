//! The advisor: `kafkalint diagnose`, from the error a user sees to the cause in their files.
//!
//! Symptoms are recognised in a pasted text or streamed log files by the patterns of the symptom
//! catalog (`knowledge/symptoms.toml`), or named with `--symptom`. Each symptom's causes are then
//! ranked against the user's configuration, read by the normal lint pipeline: a cause whose
//! kafkalint rules fire is **confirmed** (their diagnostics are shown, with fixes); a cause whose
//! `likely` conditions hold on effective values is **likely** (the values and where they came
//! from are shown); every other cause is **possible**, with the commands that confirm or rule it
//! out. Nothing here depends on the file format a setting came from: it reads the lint report.

pub mod catalog;
mod render;
pub mod scan;

use crate::cli::{collect_inputs, settings, Common, EXIT_OK, EXIT_USAGE};
use crate::lint::{lint, Input, Report};
use crate::model::{is_placeholder, LintFile, Origin, Role};
use catalog::{Catalog, Cause, Condition, Likely, Op, Symptom};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnoseFormat {
    Human,
    Json,
}

#[derive(Args, Debug)]
pub struct DiagnoseArgs {
    /// An exception, an error message or a pasted log excerpt (`-`: standard input)
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
    /// Configuration files and directories to relate the symptoms to (default: .)
    #[arg(value_name = "PATH", trailing_var_arg = false)]
    pub paths: Vec<PathBuf>,
    /// A log file to read (a broker's server.log, a client application's log); repeatable
    #[arg(long = "log", value_name = "FILE")]
    pub logs: Vec<PathBuf>,
    /// A symptom by its id, without an error text: no-messages, rebalance-loop, duplicates,
    /// data-loss, slow-producer, lag-growing, cannot-connect, … (see --list); repeatable
    #[arg(long = "symptom", value_name = "ID")]
    pub symptoms: Vec<String>,
    /// List the symptoms kafkalint knows
    #[arg(long)]
    pub list: bool,
    #[arg(long, value_enum, default_value_t = DiagnoseFormat::Human)]
    pub format: DiagnoseFormat,
    #[command(flatten)]
    pub common: Common,
}

/// How sure the advisor is of a cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// A kafkalint rule found it in the files.
    Confirmed,
    /// Effective values in the files make it likely.
    Likely,
    /// Nothing in the files shows it: a runtime cause, checked with a command.
    Possible,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Likely => "likely",
            Confidence::Possible => "possible",
        }
    }
}

/// An effective value that made a cause likely.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub key: String,
    /// The value (secrets masked).
    pub value: String,
    pub file: String,
    /// The line of the setting; `None` for a default.
    pub line: Option<usize>,
    /// `set` (in the file), `default` (the version's default) or `platform` (set by what runs the
    /// file: a container image's start script, Spring Boot).
    pub origin: &'static str,
    /// For `platform`: what set it.
    pub note: Option<String>,
    /// The name as written in the file's format (`KAFKA_…` in a compose file), when it differs.
    pub written: Option<String>,
    /// The Kafka version whose default applies.
    pub kafka_version: String,
    /// The catalog condition it satisfied (`max.poll.records >= 500`), or the relation.
    pub condition: String,
}

#[derive(Debug, Clone)]
pub struct RankedCause {
    pub cause: &'static Cause,
    pub confidence: Confidence,
    /// Indexes into the report's diagnostics.
    pub diagnostics: Vec<usize>,
    /// One group per file (or pair of files) where the `likely` conditions held.
    pub evidence: Vec<Vec<Evidence>>,
}

#[derive(Debug)]
pub struct Found {
    pub symptom: &'static Symptom,
    pub seen: scan::Seen,
    pub causes: Vec<RankedCause>,
}

/// The result of a run.
pub struct Diagnosis {
    pub found: Vec<Found>,
    pub report: Report,
    /// Lines read from the text and the logs.
    pub lines: u64,
    /// The text or log sources read.
    pub sources: Vec<String>,
}

/// What to diagnose.
#[derive(Default)]
pub struct Request {
    /// A pasted text: (source name, text).
    pub texts: Vec<(String, String)>,
    /// Log files, streamed.
    pub logs: Vec<PathBuf>,
    /// Stream standard input as a log (`TEXT` is `-`), named this (`<stdin>` by default).
    pub stdin: Option<String>,
    /// Symptoms named without a text.
    pub symptoms: Vec<String>,
}

/// Recognises the symptoms of a request and ranks their causes against a lint report.
pub fn diagnose(request: &Request, report: Report) -> Result<Diagnosis, String> {
    let catalog = catalog::get()?;
    let matcher = scan::Matcher::new(catalog)?;
    let mut scan = scan::Scan::new(&matcher);
    let mut sources = Vec::new();
    for (name, text) in &request.texts {
        scan.text(name, text);
        sources.push(name.clone());
    }
    if let Some(name) = &request.stdin {
        scan.reader(name, std::io::stdin().lock()).map_err(|e| format!("{name}: cannot read: {e}"))?;
        sources.push(name.clone());
    }
    for path in &request.logs {
        let name = crate::source::display_path(path);
        let file = std::fs::File::open(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        scan.reader(&name, file).map_err(|e| format!("{name}: cannot read: {e}"))?;
        sources.push(name);
    }
    let mut wanted: Vec<usize> = Vec::new();
    for id in &request.symptoms {
        let i = catalog.symptoms.iter().position(|s| &s.id == id).ok_or_else(|| {
            format!(
                "`{id}` is not a symptom kafkalint knows; known: {}",
                catalog.symptoms.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
            )
        })?;
        if !wanted.contains(&i) {
            wanted.push(i);
        }
    }
    let lines = scan.lines;
    let mut seen: Vec<(usize, scan::Seen)> = scan
        .seen
        .into_iter()
        .enumerate()
        .filter(|(i, s)| (s.count > 0 && s.count >= catalog.symptoms[*i].min_count) || wanted.contains(i))
        .collect();
    // Named symptoms first (in the order given), then by how often they were seen.
    seen.sort_by_key(|(i, s)| (wanted.iter().position(|w| w == i).unwrap_or(usize::MAX), std::cmp::Reverse(s.count), *i));
    let found = seen
        .into_iter()
        .map(|(i, seen)| {
            let symptom = &catalog.symptoms[i];
            Found { symptom, seen, causes: rank(catalog, symptom, &report) }
        })
        .collect();
    Ok(Diagnosis { found, report, lines, sources })
}

/// The causes of a symptom, ranked: confirmed, then likely, then possible; the catalog's order
/// within each.
pub fn rank(catalog: &'static Catalog, symptom: &Symptom, report: &Report) -> Vec<RankedCause> {
    let mut out: Vec<RankedCause> = symptom
        .causes
        .iter()
        .map(|&ci| {
            let cause = &catalog.causes[ci];
            let diagnostics: Vec<usize> =
                report.diagnostics.iter().enumerate().filter(|(_, d)| cause.rules.iter().any(|r| r == d.rule.id)).map(|(i, _)| i).collect();
            let evidence = likely(cause, report);
            let confidence = if !diagnostics.is_empty() {
                Confidence::Confirmed
            } else if !evidence.is_empty() {
                Confidence::Likely
            } else {
                Confidence::Possible
            };
            RankedCause { cause, confidence, diagnostics, evidence }
        })
        .collect();
    out.sort_by_key(|c| c.confidence);
    out
}

fn files(report: &Report) -> impl Iterator<Item = &LintFile> {
    report.files.iter().map(|f| &f.file).filter(|f| f.binary_at.is_none())
}

fn evidence(file: &LintFile, key: &str, condition: &str) -> Option<Evidence> {
    let v = file.get(key)?;
    let value = if crate::redact::is_secret_key(key) || crate::redact::is_jaas_key(key) {
        crate::redact::MASK.to_string()
    } else {
        v.text.to_string()
    };
    let (line, origin, written, note) = match v.origin {
        Origin::Explicit(e) => (Some(file.source.line_col(e.key_span.start).0), "set", e.written.clone(), None),
        Origin::Default(_) => (None, "default", None, None),
        // Set outside the file (a container image's start script, Spring Boot): say by what.
        _ => {
            let note = v.origin_text();
            let note = if value == crate::redact::MASK { note.replace(v.text.as_ref(), crate::redact::MASK) } else { note };
            (None, "platform", None, Some(note))
        }
    };
    Some(Evidence {
        key: key.to_string(),
        value,
        file: file.source.display_path(),
        line,
        origin,
        written,
        note,
        kafka_version: file.release.name().to_string(),
        condition: condition.to_string(),
    })
}

/// Whether a condition holds for a file's effective value.
pub fn holds(file: &LintFile, c: &Condition) -> bool {
    let explicit = file.explicit(&c.key).is_some();
    match &c.op {
        Op::IsSet => return explicit,
        Op::IsUnset => return !explicit,
        Op::IsDefault => return !explicit && file.get(&c.key).is_some(),
        _ => {}
    }
    let Some(v) = file.get(&c.key) else { return false };
    if is_placeholder(&v.text) {
        return false;
    }
    let t = v.text.trim();
    let n = || crate::model::parse_i64(t);
    match &c.op {
        Op::Eq(vs) => vs.iter().any(|x| x.eq_ignore_ascii_case(t)),
        Op::Ne(x) => !x.eq_ignore_ascii_case(t),
        Op::Ge(x) => n().is_some_and(|n| n >= *x),
        Op::Gt(x) => n().is_some_and(|n| n > *x),
        Op::Le(x) => n().is_some_and(|n| n <= *x),
        Op::Lt(x) => n().is_some_and(|n| n < *x),
        Op::Contains(x) => t.to_ascii_lowercase().contains(&x.to_ascii_lowercase()),
        Op::EvenItems => {
            let k = v.as_list().len();
            k > 0 && k % 2 == 0
        }
        Op::IsSet | Op::IsUnset | Op::IsDefault => unreachable!("handled above"),
    }
}

fn role_fits(file: &LintFile, role: Option<Role>) -> bool {
    role.is_none_or(|r| file.role == Some(r))
}

/// The evidence groups that make a cause likely.
fn likely(cause: &Cause, report: &Report) -> Vec<Vec<Evidence>> {
    let mut out = Vec::new();
    for l in &cause.likely {
        match l {
            Likely::Values { role, when } => {
                for f in files(report).filter(|f| role_fits(f, *role)) {
                    if when.iter().all(|c| holds(f, c)) {
                        let group: Vec<Evidence> = when.iter().filter_map(|c| evidence(f, &c.key, &c.text)).collect();
                        if !group.is_empty() && !out.contains(&group) {
                            out.push(group);
                        }
                    }
                }
            }
            Likely::Relation { name, role, key } => match name.as_str() {
                "serializer-mismatch" => serializer_mismatch(report, &mut out),
                "same-value" => {
                    if let Some(key) = key {
                        same_value(report, *role, key, &mut out);
                    }
                }
                _ => {}
            },
        }
    }
    out
}

/// What a (de)serializer class reads or writes: Kafka's own `org.apache.kafka.common.serialization`
/// classes, Confluent's Schema Registry ones and Spring Kafka's JSON ones. `None`: unknown class.
fn serde_format(class: &str) -> Option<&'static str> {
    let simple = class.trim().rsplit('.').next()?;
    let base = simple.trim_end_matches("Deserializer").trim_end_matches("Serializer");
    Some(match base {
        "String" => "String",
        "Long" => "Long",
        "Integer" => "Integer",
        "Short" => "Short",
        "Double" => "Double",
        "Float" => "Float",
        "UUID" => "UUID",
        "ByteArray" | "Bytes" | "ByteBuffer" => "bytes",
        "KafkaAvro" => "Avro",
        "KafkaProtobuf" => "Protobuf",
        "KafkaJsonSchema" => "JsonSchema",
        "Json" => "Json",
        _ => return None,
    })
}

/// Formats a deserializer refuses when they were written otherwise: fixed-size numbers check the
/// size; Schema Registry formats need their magic byte and schema id.
const STRICT: [&str; 9] = ["Long", "Integer", "Short", "Double", "Float", "UUID", "Avro", "Protobuf", "JsonSchema"];

fn serializer_mismatch(report: &Report, out: &mut Vec<Vec<Evidence>>) {
    let all: Vec<&LintFile> = files(report).collect();
    for p in all.iter().filter(|f| f.role == Some(Role::Producer)) {
        for c in all.iter().filter(|f| f.role == Some(Role::Consumer) && f.source.path.parent() == p.source.path.parent()) {
            for part in ["key", "value"] {
                let sk = format!("{part}.serializer");
                let dk = format!("{part}.deserializer");
                let (Some(s), Some(d)) = (p.get(&sk), c.get(&dk)) else { continue };
                // Spring's ErrorHandlingDeserializer delegates to the class it names.
                let delegate = format!("spring.deserializer.{part}.delegate.class");
                let d_text = if d.text.ends_with("ErrorHandlingDeserializer") {
                    match c.get(&delegate) {
                        Some(x) => x.text.to_string(),
                        None => continue,
                    }
                } else {
                    d.text.to_string()
                };
                let (Some(sf), Some(df)) = (serde_format(&s.text), serde_format(&d_text)) else { continue };
                let binary_registry = ["Avro", "Protobuf", "JsonSchema"];
                let clash = sf != df && sf != "bytes" && (STRICT.contains(&df) || (df == "Json" && binary_registry.contains(&sf)));
                if clash {
                    let cond = format!("{part}: {sf} written, {df} read");
                    let group: Vec<Evidence> = [evidence(p, &sk, &cond), evidence(c, &dk, &cond)].into_iter().flatten().collect();
                    if !out.contains(&group) {
                        out.push(group);
                    }
                }
            }
        }
    }
}

fn same_value(report: &Report, role: Option<Role>, key: &str, out: &mut Vec<Vec<Evidence>>) {
    let all: Vec<&LintFile> = files(report).filter(|f| role_fits(f, role)).collect();
    for (i, a) in all.iter().enumerate() {
        let Some(va) = a.explicit(key) else { continue };
        let ta = va.value.trim();
        if ta.is_empty() || is_placeholder(ta) {
            continue;
        }
        for b in &all[i + 1..] {
            if b.explicit(key).is_some_and(|vb| vb.value.trim() == ta) {
                let cond = format!("`{key}` is the same in both files");
                let group: Vec<Evidence> = [evidence(a, key, &cond), evidence(b, key, &cond)].into_iter().flatten().collect();
                if !out.contains(&group) {
                    out.push(group);
                }
            }
        }
    }
}

/// The files named on the command line, plus the rest of their deployments as context.
fn context_for(paths: &[PathBuf], inputs: &[Input]) -> Vec<Input> {
    let mut out: Vec<Input> = Vec::new();
    for p in paths.iter().filter(|p| p.is_file()) {
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

/// `kafkalint diagnose`.
pub fn run(mut args: DiagnoseArgs, out: &mut dyn Write) -> Result<i32, String> {
    let catalog = catalog::get()?;
    if args.list {
        let text = match args.format {
            DiagnoseFormat::Json => render::list_json(catalog),
            DiagnoseFormat::Human => render::list_human(catalog),
        };
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        return Ok(EXIT_OK);
    }
    // `diagnose --log app.log conf/`: a TEXT that names an existing path is the first PATH.
    if let Some(t) = &args.text {
        if t != "-" && Path::new(t).exists() {
            if args.logs.is_empty() && args.symptoms.is_empty() {
                return Err(format!(
                    "`{t}` is a file or directory, not an error text: read a log with `--log {t}`, or name a symptom for configuration files (`--symptom ID {t}`; see --list)"
                ));
            }
            args.paths.insert(0, PathBuf::from(t));
            args.text = None;
        }
    }
    let mut request = Request { logs: args.logs.clone(), symptoms: args.symptoms.clone(), ..Request::default() };
    match args.text.as_deref() {
        // Streamed like a log file: `cat server.log | kafkalint diagnose -` keeps memory flat.
        Some("-") => {
            request.stdin = Some(args.common.stdin_filename.as_deref().map_or_else(|| "<stdin>".to_string(), crate::source::display_path))
        }
        Some(t) => request.texts.push(("<text>".into(), t.to_string())),
        None => {}
    }
    if request.texts.is_empty() && request.stdin.is_none() && request.logs.is_empty() && request.symptoms.is_empty() {
        return Err("give an error text (or `-` for standard input), `--log FILE` or `--symptom ID`; `kafkalint diagnose --list` shows the symptoms".into());
    }
    for l in &request.logs {
        match std::fs::metadata(l) {
            Ok(m) if m.is_dir() => return Err(format!("{}: a directory, not a log file", l.display())),
            Ok(_) => {}
            Err(e) => return Err(format!("{}: cannot read: {e}", l.display())),
        }
    }
    let mut settings = settings(&args.common)?;
    // Only the rules that confirm a cause run, including those off by default.
    let mut rules: Vec<String> = catalog.causes.iter().flat_map(|c| c.rules.iter().cloned()).collect();
    rules.sort();
    rules.dedup();
    settings.select = Some(rules);
    let (inputs, errors) = collect_inputs(&args.paths, None);
    for e in &errors.0 {
        eprintln!("kafkalint: error: {e}");
    }
    let inputs_ok = errors.0.is_empty();
    settings.context = context_for(&args.paths, &inputs);
    let report = lint(inputs, &settings)?;
    let diagnosis = diagnose(&request, report)?;
    let text = match args.format {
        DiagnoseFormat::Json => render::json(&diagnosis),
        DiagnoseFormat::Human => render::human(&diagnosis),
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(if inputs_ok { EXIT_OK } else { EXIT_USAGE })
}

/// For the language server's hover on a key: the symptoms it can cause, as Markdown.
pub fn symptoms_markdown(key: &str) -> Option<String> {
    let found = catalog::get().ok()?.symptoms_for_key(key);
    if found.is_empty() {
        return None;
    }
    let mut s = String::from("\n**Symptoms it can cause** (`kafkalint diagnose --symptom ID` ranks their causes):\n");
    for sy in found {
        s.push_str(&format!("- `{}`: {}\n", sy.id, sy.title));
    }
    Some(s)
}

/// For `kafkalint explain KEY`: one line naming the symptoms a key can cause, if any.
pub fn symptoms_of_key_line(key: &str) -> Option<String> {
    let ids: Vec<&str> = catalog::get().ok()?.symptoms_for_key(key).iter().map(|s| s.id.as_str()).collect();
    (!ids.is_empty())
        .then(|| format!("Symptoms `{key}` can cause: {} (`kafkalint diagnose --symptom ID` ranks their causes)\n", ids.join(", ")))
}

/// For `kafkalint explain`: the symptoms an exception name or symptom id points to, as text.
pub fn explain_text(name: &str) -> Option<String> {
    let catalog = catalog::get().ok()?;
    let found = catalog.symptoms_named(name);
    if found.is_empty() {
        return None;
    }
    let mut s = String::new();
    for sy in found {
        s.push_str(&format!("# {} (symptom)\n\n{}\n\n{}\n\n", sy.id, sy.title, sy.summary));
        s.push_str("Causes kafkalint checks:\n");
        for &c in &sy.causes {
            s.push_str(&format!("- {}\n", catalog.causes[c].title));
        }
        s.push_str(&format!("\nRun `kafkalint diagnose --symptom {} [PATHS]`, or `kafkalint diagnose --log FILE [PATHS]` with the log that shows it, to rank these causes against your files.\n\n", sy.id));
    }
    Some(s)
}

#[cfg(test)]
mod tests;
