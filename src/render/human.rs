//! Human output: miette snippets with labels on the exact (redacted) text, help, fixes, and
//! related locations in other files as child diagnostics with their own source.

use super::Totals;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::Report;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::sync::Arc;

/// A file's (redacted) text with its line starts, so a snippet is read from the lines around
/// it instead of from the start of the file (miette's own `SourceCode` for strings scans from
/// the start for every snippet: quadratic in a large file with many findings). The result is
/// exactly what miette computes for the whole text.
#[derive(Clone)]
struct Lines {
    text: Arc<String>,
    /// Byte offsets where lines start, with miette's line ends (`\n`, `\r\n`, lone `\r`).
    starts: Arc<Vec<usize>>,
}

impl Lines {
    fn new(text: String) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\r' if b.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' | b'\n' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines { text: Arc::new(text), starts: Arc::new(starts) }
    }
}

impl SourceCode for Lines {
    fn read_span<'a>(&'a self, span: &SourceSpan, before: usize, after: usize) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let bytes = self.text.as_bytes();
        if span.offset() > bytes.len() {
            return bytes.read_span(span, before, after);
        }
        // The line of the span's start, and the window from `before` lines above it.
        let line = self.starts.partition_point(|&s| s <= span.offset()).saturating_sub(1);
        let first = line.saturating_sub(before);
        let from = self.starts[first];
        let shifted = SourceSpan::new((span.offset() - from).into(), span.len());
        let inner = bytes[from..].read_span(&shifted, before, after)?;
        let data: &'a [u8] = &bytes[from + inner.span().offset()..from + inner.span().offset() + inner.span().len()];
        Ok(Box::new(MietteSpanContents::new(
            data,
            SourceSpan::new((from + inner.span().offset()).into(), inner.span().len()),
            first + inner.line(),
            inner.column(),
            first + inner.line_count(),
        )))
    }
}

struct Human {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<Lines>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Human>,
}

impl fmt::Debug for Human {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Human {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Human {}

impl miette::Diagnostic for Human {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
        }
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

pub struct Options {
    pub color: bool,
    pub width: usize,
}

/// Text from a file (messages quote keys and values; file names) with control characters and
/// bidirectional overrides escaped; the snippets' text is escaped by [`crate::redact::Redacted`].
fn printable(s: &str) -> String {
    crate::redact::printable_message(s)
}

fn build(report: &Report, sources: &[NamedSource<Lines>], d: &Diagnostic) -> Human {
    let file = &report.files[d.file()];
    let span = file.redacted.span(d.primary.span);
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        (!d.primary.message.is_empty()).then(|| printable(&d.primary.message)),
        span.start..span.end,
    )];
    let mut related = Vec::new();
    for l in &d.related {
        let lf = &report.files[l.file];
        let s = lf.redacted.span(l.span);
        if l.file == d.file() {
            labels.push(LabeledSpan::new_with_span(Some(printable(&l.message)), s.start..s.end));
        } else {
            related.push(Human {
                message: printable(&format!("{}: {}", lf.file.source.display_path(), l.message)),
                code: None,
                severity: miette::Severity::Advice,
                help: None,
                source: Some(sources[l.file].clone()),
                labels: vec![LabeledSpan::new_primary_with_span(Some(printable(&l.message)), s.start..s.end)],
                related: Vec::new(),
            });
        }
    }
    let mut help = d.help.clone().unwrap_or_default();
    for f in &d.fixes {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&format!("fix ({}): {}", super::applicability_text(f.applicability), f.description));
    }
    Human {
        message: printable(&d.message),
        code: Some(d.rule.id.to_string()),
        severity: miette_severity(d.severity),
        help: (!help.is_empty()).then(|| printable(&help)),
        source: Some(sources[d.file()].clone()),
        labels,
        related,
    }
}

/// Renders every diagnostic and the closing summary.
pub fn render(report: &Report, opts: &Options) -> String {
    let mut out = Vec::new();
    let _ = write(report, opts, true, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes every diagnostic as it is rendered, then the summary (unless `summary` is false:
/// `--quiet`).
pub fn write(report: &Report, opts: &Options, summary_too: bool, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut stream = Stream::new(opts);
    stream.batch(report, out)?;
    stream.finish(&Totals::of(report), summary_too, out)
}

/// Human output written a report at a time (a run checked in batches, see
/// [`crate::lint::lint_batches`]): each report's snippets as it comes, then the notes of files
/// with more findings than are shown and the summary, as [`write`] writes one report.
pub struct Stream {
    handler: GraphicalReportHandler,
    /// "… and N more findings" lines, written after every snippet.
    more: Vec<String>,
}

impl Stream {
    pub fn new(opts: &Options) -> Stream {
        let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_links(false).with_context_lines(1);
        Stream { handler, more: Vec::new() }
    }

    /// Writes a report's snippets.
    pub fn batch(&mut self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let handler = &self.handler;
        // Sources only for the files a diagnostic shows (its own and its related files').
        let mut shown = vec![false; report.files.len()];
        for d in &report.diagnostics {
            shown[d.file()] = true;
            for l in &d.related {
                shown[l.file] = true;
            }
        }
        let empty = Lines::new(String::new());
        let sources: Vec<NamedSource<Lines>> = report
            .files
            .iter()
            .zip(&shown)
            .map(|(f, &used)| {
                let lines = if used { Lines::new(f.redacted.text.clone()) } else { empty.clone() };
                NamedSource::new(printable(&f.file.source.display_path()), lines).with_language("properties")
            })
            .collect();
        // At most MAX_SHOWN_PER_FILE snippets per file: past that, a count (the machine formats list
        // every finding).
        let mut per_file = vec![0usize; report.files.len()];
        let shown_diags: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| {
                per_file[d.file()] += 1;
                per_file[d.file()] <= MAX_SHOWN_PER_FILE
            })
            .collect();
        let render_one = |d: &&Diagnostic| {
            let h = build(report, &sources, d);
            let mut s = String::new();
            if handler.render_report(&mut s, &h).is_err() {
                s = printable(&format!("{}: {} [{}]\n", report.files[d.file()].file.source.display_path(), d.message, d.rule.id));
            }
            s.push('\n');
            s
        };
        // Rendered on every core a chunk at a time (wrapping text is most of the work), written in order.
        for chunk in shown_diags.chunks(512) {
            let texts: Vec<String> = if chunk.len() > 8 {
                use rayon::prelude::*;
                chunk.par_iter().map(render_one).collect()
            } else {
                chunk.iter().map(render_one).collect()
            };
            for t in texts {
                out.write_all(t.as_bytes())?;
            }
        }
        for (f, &n) in report.files.iter().zip(&per_file).filter(|(_, &n)| n > MAX_SHOWN_PER_FILE) {
            let path = printable(&f.file.source.display_path());
            self.more
                .push(format!("… and {} more findings in {path}, not shown (`--format json` lists every one)\n\n", n - MAX_SHOWN_PER_FILE));
        }
        Ok(())
    }

    /// Writes the notes of files with findings not shown, then the summary (unless `summary_too`
    /// is false: `--quiet`).
    pub fn finish(&mut self, totals: &Totals, summary_too: bool, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        for line in self.more.drain(..) {
            out.write_all(line.as_bytes())?;
        }
        if summary_too {
            out.write_all(summary_of(totals).as_bytes())?;
        }
        Ok(())
    }
}

/// Snippets shown per file in human output.
pub const MAX_SHOWN_PER_FILE: usize = 1000;

/// The Kafka versions the linted files were checked against (`3.9`, or `3.9, 4.2`).
fn versions(totals: &Totals) -> String {
    if totals.versions.is_empty() {
        return totals.release.unwrap_or_else(crate::version::Release::newest).to_string();
    }
    totals.versions.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", ")
}

pub fn summary(report: &Report) -> String {
    summary_of(&Totals::of(report))
}

/// The summary of a run from its totals (a run checked in batches adds its reports up).
pub fn summary_of(totals: &Totals) -> String {
    let n = totals.linted_files;
    let plural = |k: usize, w: &str| format!("{k} {w}{}", if k == 1 { "" } else { "s" });
    let mut s = format!(
        "{} checked against Kafka {}: {}, {}, {}",
        plural(n, "file"),
        versions(totals),
        plural(totals.count(Severity::Error), "error"),
        plural(totals.count(Severity::Warning), "warning"),
        plural(totals.count(Severity::Info), "info"),
    );
    let fixable = totals.fixable;
    if fixable > 0 {
        s.push_str(&format!(" ({fixable} fixable with `--fix`)"));
    }
    s.push('\n');
    // Files whose keys narrowed their version down: the range, the evidence, the line used.
    if totals.release_assumed && totals.inferred_count > 0 {
        let which = if totals.all_assumed { "" } else { " for some files" };
        s.push_str(&format!("note: no Kafka version given{which}; assumed the newest release line the keys allow:\n"));
        for (path, i) in totals.inferred.iter().take(Totals::INFERRED_SHOWN) {
            let why: Vec<&str> = [i.why_lo.as_deref(), i.why_hi.as_deref()].into_iter().flatten().collect();
            s.push_str(&format!(
                "  {}: Kafka {} ({}), checked against {}\n",
                printable(&path.display().to_string()),
                i.range_text(),
                why.join("; "),
                i.hi
            ));
        }
        if totals.inferred_count > Totals::INFERRED_SHOWN {
            s.push_str(&format!("  ... and {} more files\n", totals.inferred_count - Totals::INFERRED_SHOWN));
        }
        let rest = totals.inferred_rest;
        if rest > 0 {
            s.push_str(&format!("  other files: assumed {} (the newest kafkalint knows)\n", crate::version::Release::newest()));
        }
        s.push_str("  pin it with `--kafka-version X.Y` or `kafka-version = \"X.Y\"` in kafkalint.toml\n");
    } else if totals.release_assumed {
        let which = if totals.all_assumed { "" } else { " for some files" };
        s.push_str(&format!(
            "note: no Kafka version given{which}; assumed {} (the newest kafkalint knows). Pin it with `--kafka-version X.Y` or `kafka-version = \"X.Y\"` in kafkalint.toml\n",
            crate::version::Release::newest()
        ));
    }
    s
}
