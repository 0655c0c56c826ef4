//! `--format json`: the documented contract (README "JSON output").
//!
//! Typed structs serialised straight to the (buffered) output: no `serde_json::Value` tree and
//! no whole-document string. Fields are declared in alphabetical order, the order the document
//! has always had.

use super::Totals;
use crate::diagnostic::Severity;
use crate::lint::Report;
use serde::Serialize;
use serde_json::Value;
use std::io::Write;

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: Vec<Diag<'a>>,
    files: Vec<File<'a>>,
    kafka_version: &'static str,
    kafka_version_assumed: bool,
    summary: Summary,
    tool: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct File<'a> {
    /// `properties`, `compose`, `spring`, `strimzi`; `null` for a file in no format kafkalint reads.
    format: Option<&'static str>,
    kafka_version: &'static str,
    path: String,
    role: Option<&'a str>,
    role_source: &'a str,
    /// The logical configurations read from the file (a compose service, a Spring client, a
    /// Strimzi resource); empty for a `.properties` file, which is its own unit.
    units: Vec<UnitOut<'a>>,
}

#[derive(Serialize)]
struct UnitOut<'a> {
    image: Option<&'a str>,
    kafka_version: &'static str,
    name: &'a str,
    role: Option<&'a str>,
    version_note: Option<&'a str>,
    version_source: &'static str,
}

#[derive(Serialize)]
struct Diag<'a> {
    column: usize,
    end: usize,
    end_column: usize,
    end_line: usize,
    file: String,
    fixes: Vec<FixOut<'a>>,
    help: Option<&'a str>,
    key: Option<&'a str>,
    /// The name as written in the file when it differs from the Kafka key
    /// (`KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR`).
    key_as_written: Option<&'a str>,
    line: usize,
    message: &'a str,
    related: Vec<Related<'a>>,
    rule: &'a str,
    severity: &'a str,
    start: usize,
    /// The unit (compose service, Spring section, Strimzi resource) the finding is in.
    unit: Option<&'a str>,
}

#[derive(Serialize)]
struct Related<'a> {
    column: usize,
    file: String,
    key: Option<&'a str>,
    line: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct FixOut<'a> {
    applicability: &'a str,
    description: &'a str,
    edits: Vec<EditOut<'a>>,
    safe: bool,
}

#[derive(Serialize)]
struct EditOut<'a> {
    end: usize,
    file: String,
    replacement: &'a str,
    start: usize,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    files: usize,
    infos: usize,
    warnings: usize,
}

/// The name a finding's key is written as, when the file writes it otherwise (a compose
/// environment variable, a Spring property name).
pub fn written_key<'a>(file: &'a crate::model::LintFile, d: &crate::diagnostic::Diagnostic) -> Option<&'a str> {
    let key = d.key.as_deref()?;
    let entries = &file.doc.entries;
    entries
        .iter()
        .find(|e| e.key == key && (e.span.overlaps(d.primary.span) || e.span.contains(d.primary.span)))
        .or_else(|| file.explicit(key))
        .and_then(|e| e.written.as_deref())
}

/// The `files` entry of an input.
fn file_out<'a>(report: &'a Report, i: &'a crate::lint::InputInfo) -> File<'a> {
    let first = i.units.first().map(|&u| &report.files[u].file);
    File {
        path: crate::source::display_path(&i.path),
        format: i.format.map(|f| f.as_str()),
        role: first.and_then(|f| f.role.map(|r| r.as_str())),
        role_source: first.map_or("unknown", |f| f.role_source.as_str()),
        kafka_version: first.map_or_else(|| crate::version::Release::newest().name(), |f| f.release.name()),
        units: i
            .units
            .iter()
            .filter_map(|&u| {
                let f = &report.files[u].file;
                let m = f.unit.as_ref()?;
                Some(UnitOut {
                    name: &m.name,
                    role: f.role.map(|r| r.as_str()),
                    kafka_version: f.release.name(),
                    version_source: m.version_source.map_or("assumed", |v| v.as_str()),
                    version_note: m.version_note.as_deref(),
                    image: m.image.as_deref(),
                })
            })
            .collect(),
    }
}

/// The `diagnostics` entry of a finding.
fn diag_out<'a>(report: &'a Report, d: &'a crate::diagnostic::Diagnostic) -> Diag<'a> {
    let path = |i: usize| report.files[i].file.source.display_path();
    let file = &report.files[d.file()].file;
    let (line, column) = file.source.line_col(d.primary.span.start);
    let (end_line, end_column) = file.source.line_col(d.primary.span.end);
    let related = d
        .related
        .iter()
        .map(|l| {
            let lf = &report.files[l.file].file;
            let (line, column) = lf.source.line_col(l.span.start);
            Related { file: lf.source.display_path(), line, column, key: l.key.as_deref(), message: &l.message }
        })
        .collect();
    let fixes = d
        .fixes
        .iter()
        .map(|f| FixOut {
            description: &f.description,
            safe: f.is_safe(),
            applicability: super::applicability_text(f.applicability),
            edits: f
                .edits
                .iter()
                .map(|e| EditOut { file: path(e.file), start: e.span.start, end: e.span.end, replacement: &e.replacement })
                .collect(),
        })
        .collect();
    Diag {
        rule: d.rule.id,
        severity: d.severity.as_str(),
        file: file.source.display_path(),
        key: d.key.as_deref(),
        key_as_written: written_key(file, d),
        unit: file.unit_name(),
        line,
        column,
        end_line,
        end_column,
        start: d.primary.span.start,
        end: d.primary.span.end,
        message: &d.message,
        help: d.help.as_deref(),
        related,
        fixes,
    }
}

fn summary(totals: &Totals) -> Summary {
    Summary {
        files: totals.linted_files,
        errors: totals.count(Severity::Error),
        warnings: totals.count(Severity::Warning),
        infos: totals.count(Severity::Info),
    }
}

fn document(report: &Report) -> Document<'_> {
    let files = report.inputs.iter().filter(|i| !i.context).map(|i| file_out(report, i)).collect();
    use rayon::prelude::*;
    let diagnostics = report.diagnostics.par_iter().map(|d| diag_out(report, d)).collect();
    let totals = Totals::of(report);
    Document {
        tool: "kafkalint",
        version: env!("CARGO_PKG_VERSION"),
        kafka_version: report.release.name(),
        kafka_version_assumed: totals.release_assumed,
        files,
        diagnostics,
        summary: summary(&totals),
    }
}

/// The document as a JSON value (tests, and callers that embed it).
pub fn value(report: &Report) -> Value {
    serde_json::to_value(document(report)).unwrap_or(Value::Null)
}

/// Writes the document, pretty-printed, and a final newline.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut stream = Stream::default();
    stream.batch(report, out)?;
    stream.finish(&Totals::of(report), out)
}

/// A value pretty-printed as an element at depth 2 (an array in the document's object): its own
/// pretty form indented by four spaces after each line break (strings never hold a raw line
/// break, serde_json escapes it): the bytes `to_writer_pretty` writes for it in the document.
fn element(value: &impl Serialize) -> Vec<u8> {
    let mut text = Vec::with_capacity(1024);
    let _ = serde_json::to_writer_pretty(&mut text, value);
    let mut indented = Vec::with_capacity(text.len() + 256);
    for &b in &text {
        indented.push(b);
        if b == b'\n' {
            indented.extend_from_slice(b"    ");
        }
    }
    indented
}

/// The document written a report at a time (a run checked in batches, see
/// [`crate::lint::lint_batches`]): the diagnostics as each report comes, its `files` entries kept
/// (serialised) until the end, then the rest; the bytes of [`write`] for the run as one report.
#[derive(Default)]
pub struct Stream {
    started: bool,
    diagnostics: usize,
    files: Vec<u8>,
    /// Where the `files` entries go past [`SPILL`] bytes: a temporary file (a run of 100,000
    /// files has about 22 MB of them), `None` while they fit, or when no temporary file can be
    /// made (they stay in memory).
    spilled: Option<(std::fs::File, std::path::PathBuf)>,
    file_count: usize,
}

/// The `files` entries kept in memory before they go to a temporary file.
const SPILL: usize = if cfg!(test) { 256 } else { 1 << 20 };

/// An unnamed temporary file: created in the temporary directory and, where the system allows,
/// removed at once (it lives while it is open).
pub(super) fn temporary() -> Option<(std::fs::File, std::path::PathBuf)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!("kafkalint-{}-{}.json", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    let path = std::env::temp_dir().join(name);
    let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path).ok()?;
    // Unix keeps an open file's data once its name is removed; elsewhere it is removed at the end.
    if cfg!(unix) {
        let _ = std::fs::remove_file(&path);
    }
    Some((file, path))
}

impl Stream {
    /// Moves the kept `files` entries to the temporary file once they pass [`SPILL`] bytes.
    fn spill(&mut self) -> std::io::Result<()> {
        if self.files.len() < SPILL {
            return Ok(());
        }
        if self.spilled.is_none() {
            self.spilled = temporary();
        }
        if let Some((f, _)) = self.spilled.as_mut() {
            f.write_all(&self.files)?;
            self.files.clear();
        }
        Ok(())
    }
}

impl Stream {
    /// Writes a report's diagnostics; keeps its files' entries.
    pub fn batch(&mut self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        use rayon::prelude::*;
        if !self.started {
            out.write_all(b"{\n  \"diagnostics\": [")?;
            self.started = true;
        }
        // The diagnostics, most of the document, are serialised on every core, a block at a time.
        for block in report.diagnostics.chunks(2048) {
            let texts: Vec<Vec<u8>> = block.par_iter().map(|d| element(&diag_out(report, d))).collect();
            for t in &texts {
                out.write_all(if self.diagnostics == 0 { b"\n    " } else { b",\n    " })?;
                out.write_all(t)?;
                self.diagnostics += 1;
            }
        }
        for i in report.inputs.iter().filter(|i| !i.context) {
            self.files.extend_from_slice(if self.file_count == 0 { b"\n    " } else { b",\n    " });
            self.files.extend_from_slice(&element(&file_out(report, i)));
            self.file_count += 1;
        }
        self.spill()
    }

    /// Writes the files' entries and the rest of the document.
    pub fn finish(&mut self, totals: &Totals, out: &mut dyn Write) -> std::io::Result<()> {
        if !self.started {
            out.write_all(b"{\n  \"diagnostics\": [")?;
        }
        out.write_all(if self.diagnostics == 0 { b"]" } else { b"\n  ]" })?;
        out.write_all(b",\n  \"files\": [")?;
        if let Some((mut f, path)) = self.spilled.take() {
            use std::io::Seek;
            let copied = f.seek(std::io::SeekFrom::Start(0)).and_then(|_| std::io::copy(&mut f, out));
            drop(f);
            if !cfg!(unix) {
                let _ = std::fs::remove_file(&path);
            }
            copied?;
        }
        out.write_all(&std::mem::take(&mut self.files))?;
        out.write_all(if self.file_count == 0 { b"]" } else { b"\n  ]" })?;
        // The rest of the document, serialised as one: its text after `{\n`.
        let rest = serde_json::to_vec_pretty(&Rest {
            kafka_version: totals.release.unwrap_or_else(crate::version::Release::newest).name(),
            kafka_version_assumed: totals.release_assumed,
            summary: summary(totals),
            tool: "kafkalint",
            version: env!("CARGO_PKG_VERSION"),
        })?;
        out.write_all(b",\n")?;
        out.write_all(rest.strip_prefix(b"{\n").unwrap_or(&rest))?;
        out.write_all(b"\n")
    }
}

/// [`Document`] after its diagnostics and files (see [`Stream`]).
#[derive(Serialize)]
struct Rest {
    kafka_version: &'static str,
    kafka_version_assumed: bool,
    summary: Summary,
    tool: &'static str,
    version: &'static str,
}

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write(report, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}
