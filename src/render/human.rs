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
    /// Shared by the findings of a file (a clone is a count, not a copy of the name).
    source: Option<Arc<NamedSource<Lines>>>,
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
        self.source.as_deref().map(|s| s as &dyn SourceCode)
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

fn build(report: &Report, sources: &[Arc<NamedSource<Lines>>], d: &Diagnostic) -> Human {
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

fn theme_of(opts: &Options) -> GraphicalTheme {
    if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    }
}

/// [`super::snippet::Fast`] for a [`Human`] whose texts are wrapped already (written by the
/// handler that does not wrap).
struct Fast(super::snippet::Fast);

impl Fast {
    /// Writes `h` when it is of the shape the fast path writes: labels on lines of their own,
    /// related locations the same, with nothing related of their own.
    fn render(&self, h: &Human, out: &mut String) -> Option<()> {
        let related = h.related.iter().map(|r| r.related.is_empty().then(|| finding(r)).flatten()).collect::<Option<Vec<_>>>()?;
        self.0.render(&finding(h)?, &related, out)
    }
}

fn finding(h: &Human) -> Option<super::snippet::Finding<'_>> {
    let source = h.source.as_deref()?;
    let severity = match h.severity {
        miette::Severity::Error => 0,
        miette::Severity::Warning => 1,
        miette::Severity::Advice => 2,
    };
    Some(super::snippet::Finding {
        code: h.code.as_deref(),
        severity,
        message: &h.message,
        help: h.help.as_deref(),
        source,
        labels: h.labels.iter().map(|l| super::snippet::Label { span: *l.inner(), text: l.label(), primary: l.primary() }).collect(),
    })
}

/// Human output written a report at a time (a run checked in batches, see
/// [`crate::lint::lint_batches`]): each report's snippets as it comes, then the notes of files
/// with more findings than are shown and the summary, as [`write`] writes one report.
pub struct Stream {
    handler: GraphicalReportHandler,
    /// The same handler with wrapping off, for a finding whose texts come wrapped already
    /// ([`Wrapping`]): wrapping them again would change nothing.
    plain: GraphicalReportHandler,
    wrapping: Wrapping,
    /// The common shape of a finding written without miette, in the bytes `plain` writes.
    fast: Fast,
    /// "… and N more findings" lines, written after every snippet.
    more: Vec<String>,
}

impl Stream {
    pub fn new(opts: &Options) -> Stream {
        let theme = theme_of(opts);
        let wrapping = Wrapping::new(&theme, opts.width);
        let handler = GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_links(false).with_context_lines(1);
        let plain = handler.clone().with_wrap_lines(false);
        let fast = Fast(super::snippet::Fast::new(&theme_of(opts)));
        Stream { handler, plain, wrapping, fast, more: Vec::new() }
    }

    /// Writes a report's snippets.
    pub fn batch(&mut self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let (handler, plain, wrapping, fast) = (&self.handler, &self.plain, &self.wrapping, &self.fast);
        wrapping.forget_many();
        // Sources only for the files a diagnostic shows (its own and its related files').
        let mut shown = vec![false; report.files.len()];
        for d in &report.diagnostics {
            shown[d.file()] = true;
            for l in &d.related {
                shown[l.file] = true;
            }
        }
        let empty = Lines::new(String::new());
        let sources: Vec<Arc<NamedSource<Lines>>> = report
            .files
            .iter()
            .zip(&shown)
            .map(|(f, &used)| {
                let lines = if used { Lines::new(f.redacted.text.clone()) } else { empty.clone() };
                Arc::new(NamedSource::new(printable(&f.file.source.display_path()), lines).with_language("properties"))
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
            let mut h = build(report, &sources, d);
            let mut s = String::with_capacity(1024);
            let prewrapped = wrapping.prewrap(&mut h);
            if prewrapped && fast.render(&h, &mut s).is_some() {
                s.push('\n');
                return s;
            }
            s.clear();
            let handler = if prewrapped { plain } else { handler };
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

/// How miette wraps a finding's texts (textwrap's `fill`, first fit, long words broken): the width
/// and the columns of the indents before a message's lines (`  ⚠ `, then `  │ `) and a help's
/// (`  help: `, then eight spaces). Texts wrapped here, with indents of the same widths, and
/// written by the handler that does not wrap are the bytes the wrapping handler writes (its
/// unwrapping form indents each line as textwrap does, given no blank line): most findings repeat
/// a message and help of other files, which are wrapped once (textwrap's word splitting and line
/// breaking were most of the rendering's work).
struct Wrapping {
    width: usize,
    /// The first line's indent of a message by severity (error, warning, advice), the next lines'.
    first: [usize; 3],
    rest: usize,
    /// Texts wrapped, by indents and text; `None` for one that cannot be given wrapped.
    done: std::sync::Mutex<std::collections::HashMap<Indents, Wrapped>>,
}

/// The indents of a text wrapped by [`Wrapping`]: its first line's, the next lines' (the texts
/// of each pair are kept apart, so that a text is looked up without a copy).
type Indents = (usize, usize);

/// Texts wrapped with one pair of indents, by text; `None` for one that cannot be given wrapped.
type Wrapped = std::collections::HashMap<Box<str>, Option<Arc<str>>, foldhash::fast::RandomState>;

const HELP_INDENT: usize = 8;

/// The most texts [`Wrapping`] keeps from one batch of a run to the next (a message or help
/// recurs in every batch; a related location's text, which names a file, in its own).
const WRAPPED_KEPT: usize = 8192;

impl Wrapping {
    fn new(theme: &GraphicalTheme, termwidth: usize) -> Wrapping {
        let c = &theme.characters;
        let w = |icon: &str| textwrap::core::display_width(&format!("  {icon} "));
        Wrapping {
            width: termwidth.saturating_sub(2),
            first: [w(&c.error), w(&c.warning), w(&c.advice)],
            rest: w(&c.vbar.to_string()),
            done: Default::default(),
        }
    }

    /// Forgets the texts wrapped when they are many (a batch's related locations name its own
    /// files): called between batches.
    fn forget_many(&self) {
        if let Ok(mut d) = self.done.lock() {
            if d.values().map(|m| m.len()).sum::<usize>() > WRAPPED_KEPT {
                d.clear();
            }
        }
    }

    /// Gives a finding its texts wrapped, when every one of them can be: then the handler that
    /// does not wrap writes it. Otherwise it is left as it is.
    fn prewrap(&self, h: &mut Human) -> bool {
        let first = |s: miette::Severity| match s {
            miette::Severity::Error => self.first[0],
            miette::Severity::Warning => self.first[1],
            miette::Severity::Advice => self.first[2],
        };
        let Some(message) = self.wrapped(&h.message, first(h.severity), self.rest) else { return false };
        let help = match &h.help {
            Some(t) => match self.wrapped(t, HELP_INDENT, HELP_INDENT) {
                Some(w) => w,
                None => return false,
            },
            None => None,
        };
        let mut related = Vec::with_capacity(h.related.len());
        for r in &h.related {
            if r.help.is_some() || !r.related.is_empty() {
                return false;
            }
            match self.wrapped(&r.message, first(r.severity), self.rest) {
                Some(w) => related.push(w),
                None => return false,
            }
        }
        // A text that fits is left as it is (most: no copy).
        if let Some(m) = message {
            h.message = m.to_string();
        }
        if let Some(w) = help {
            h.help = Some(w.to_string());
        }
        for (r, w) in h.related.iter_mut().zip(related) {
            if let Some(w) = w {
                r.message = w.to_string();
            }
        }
        true
    }

    /// `text` as textwrap wraps it with indents of `first` and `rest` columns, without the
    /// indents (`Some(None)`: the text as it is, which wrapping leaves alone); `None` when a line
    /// would be blank (the unwrapping form indents a blank line otherwise than textwrap) or the
    /// text ends with a line break.
    fn wrapped(&self, text: &str, first: usize, rest: usize) -> Option<Option<Arc<str>>> {
        if fits(text, first.max(rest), self.width) {
            return Some(None);
        }
        if let Some(w) = self.done.lock().ok().and_then(|d| d.get(&(first, rest)).and_then(|m| m.get(text)).cloned()) {
            return w.map(Some);
        }
        let w = wrap(text, first, rest, self.width);
        if let Ok(mut d) = self.done.lock() {
            d.entry((first, rest)).or_default().insert(Box::from(text), w.clone());
        }
        w.map(Some)
    }
}

/// See [`Wrapping::wrapped`].
fn wrap(text: &str, first: usize, rest: usize, width: usize) -> Option<Arc<str>> {
    if text.ends_with('\n') {
        return None;
    }
    let (a, b) = (" ".repeat(first), " ".repeat(rest));
    let opts = textwrap::Options::new(width).initial_indent(&a).subsequent_indent(&b).break_words(true);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in textwrap::wrap(text, opts).iter().enumerate() {
        let content = line.strip_prefix(if i == 0 { a.as_str() } else { b.as_str() })?;
        if content.trim().is_empty() {
            return None;
        }
        if i > 0 {
            out.push('\n');
        }
        out.push_str(content);
    }
    Some(Arc::from(out))
}

/// Whether wrapping leaves `text` as it is (no textwrap needed): every line is printable ASCII
/// (one column a byte), neither blank nor ending in a space (textwrap drops trailing spaces),
/// and fits beside its indent with a column to spare; the text does not end with a line break.
fn fits(text: &str, indent: usize, width: usize) -> bool {
    if text.is_empty() || text.ends_with('\n') {
        return false;
    }
    let room = width.saturating_sub(indent + 1);
    text.split('\n').all(|line| {
        line.len() <= room && line.bytes().all(|b| (b' '..=b'~').contains(&b)) && !line.ends_with(' ') && line.bytes().any(|b| b != b' ')
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn human(message: &str, help: Option<&str>, related: &[&str]) -> Human {
        let source = Arc::new(NamedSource::new("a.properties", Lines::new("acks=1\nretries=2\n".to_string())));
        Human {
            message: message.to_string(),
            code: Some("producer/x".into()),
            severity: miette::Severity::Warning,
            help: help.map(str::to_string),
            source: Some(source.clone()),
            labels: vec![LabeledSpan::new_primary_with_span(Some("here".into()), 0..6)],
            related: related
                .iter()
                .map(|m| Human {
                    message: m.to_string(),
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    source: Some(source.clone()),
                    labels: vec![LabeledSpan::new_primary_with_span(Some("there".into()), 7..16)],
                    related: Vec::new(),
                })
                .collect(),
        }
    }

    /// Texts of words, hyphens, runs of spaces and line breaks, of every length around the width.
    fn texts() -> Vec<String> {
        let mut out = Vec::new();
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let pieces = ["a", "key.name", "max-poll", "  ", " ", "-", "x".repeat(30).leak(), "`acks=all`", "(3.9)", ",", "\n", "é", "\t"];
        for _ in 0..3000 {
            let mut s = String::new();
            let words = next(16);
            for _ in 0..words {
                // Mostly what fits: a line break, a tab or a non-ASCII letter now and then.
                let k = next(pieces.len() as u64 * 4) as usize;
                s.push_str(pieces[if k < pieces.len() { k } else { k % (pieces.len() - 3) }]);
                if next(3) > 0 {
                    s.push(' ');
                }
            }
            out.push(s.trim_end().to_string());
        }
        for n in 80..100 {
            out.push("w".repeat(n));
            out.push(format!("{} {}", "w".repeat(n / 2), "v".repeat(n - n / 2 - 1)));
        }
        out
    }

    #[test]
    fn a_finding_wrapped_beforehand_renders_as_miette_wraps_it() {
        let (mut plain_ones, mut checked) = (0, 0);
        for width in [20, 60, 100, 101, 103] {
            let opts = Options { color: width % 2 == 0, width };
            let stream = Stream::new(&opts);
            let all = texts();
            for (i, t) in all.iter().enumerate() {
                let help = all[(i * 7) % all.len()].as_str();
                let rel = all[(i * 13) % all.len()].as_str();
                let severities = [miette::Severity::Error, miette::Severity::Warning, miette::Severity::Advice];
                {
                    let severity = severities[i % 3];
                    let mut h = human(t, Some(help), &[rel]);
                    h.severity = severity;
                    let mut wrapped = String::new();
                    stream.handler.render_report(&mut wrapped, &h).unwrap();
                    if stream.wrapping.prewrap(&mut h) {
                        let mut plain = String::new();
                        stream.plain.render_report(&mut plain, &h).unwrap();
                        assert_eq!(wrapped, plain, "width {width}: {t:?} / {help:?} / {rel:?}");
                        plain_ones += 1;
                    }
                    checked += 1;
                }
            }
        }
        // Most take the fast way (these texts have many blank lines, which do not).
        assert!(plain_ones * 2 > checked, "{plain_ones} of {checked}");
    }

    /// A random file: lines of keys, values, tabs, non-ASCII and wide letters, long and empty
    /// lines, `\n` or `\r\n` ends (a lone `\r` now and then), with or without a last line end.
    fn random_text(next: &impl Fn(u64) -> u64) -> String {
        let pieces = ["acks", "=", "all", "bootstrap.servers", "kafka-0:9092", " ", "\t", "é", "界", "#", "x".repeat(60).leak(), "."];
        let mut s = String::new();
        // Half the texts printable ASCII with `\n` and `\r\n` only.
        let ascii = next(2) == 0;
        for _ in 0..1 + next(6) {
            for _ in 0..next(9) {
                let k = next(pieces.len() as u64 * 3) as usize;
                s.push_str(pieces[if k < pieces.len() && !ascii { k } else { [0, 1, 2, 3, 4, 5, 9, 11][k % 8] }]);
            }
            s.push_str(["\n", "\n", "\n", "\r\n", "\r\n", "\r"][next(if ascii { 5 } else { 6 }) as usize]);
        }
        if next(3) == 0 {
            s.pop();
        }
        s
    }

    #[test]
    fn the_fast_path_writes_what_miette_writes() {
        let seed = std::cell::Cell::new(11u64);
        let next = |n: u64| {
            seed.set(seed.get().wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407));
            (seed.get() >> 33) % n.max(1)
        };
        let all = texts();
        let labels = [None, Some("here"), Some("set to `all` here"), Some("two\nlines"), Some("é界 wide"), Some(""), Some("  spaced ")];
        let severities = [miette::Severity::Error, miette::Severity::Warning, miette::Severity::Advice];
        let (mut fast_ones, mut checked, mut with_related, mut two_labels) = (0, 0, 0, 0);
        for width in [20, 60, 80, 100, 101, 160] {
            for color in [false, true] {
                let stream = Stream::new(&Options { color, width });
                for _ in 0..1500 {
                    let text = random_text(&next);
                    let source = Arc::new(
                        NamedSource::new(["a.properties", "dir/b 界.properties"][next(2) as usize], Lines::new(text.clone()))
                            .with_language("properties"),
                    );
                    let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
                    let span = || {
                        let a = boundaries[next(boundaries.len() as u64) as usize];
                        let ends: Vec<usize> = boundaries.iter().copied().filter(|&b| b >= a && b <= a + 30).collect();
                        let b = ends[if next(4) == 0 { 0 } else { next(ends.len() as u64) as usize }];
                        a..b
                    };
                    let mut spans =
                        vec![LabeledSpan::new_primary_with_span(labels[next(labels.len() as u64) as usize].map(str::to_string), span())];
                    // Now and then a second label, or a related location: miette's.
                    if next(3) == 0 {
                        spans.push(LabeledSpan::new_with_span(labels[next(labels.len() as u64) as usize].map(str::to_string), span()));
                    }
                    // Related locations (another file): none, one or two; now and then with a
                    // code, a help, two labels or a severity other than advice.
                    let other = Arc::new(NamedSource::new("other.properties", Lines::new(random_text(&next))));
                    let mut related = Vec::new();
                    for _ in 0..[0, 0, 1, 1, 2][next(5) as usize] {
                        let text = other.inner().text.clone();
                        let b: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
                        let (x, y) = (b[next(b.len() as u64) as usize], b[next(b.len() as u64) as usize]);
                        let mut labels = vec![LabeledSpan::new_primary_with_span(
                            labels[next(labels.len() as u64) as usize].map(str::to_string),
                            x.min(y)..x.max(y).min(x.min(y) + 20),
                        )];
                        if next(10) == 0 {
                            labels.push(LabeledSpan::new_with_span(Some("and here".into()), y..y));
                        }
                        related.push(Human {
                            message: format!("other.properties: {}", all[next(all.len() as u64) as usize]),
                            code: (next(10) == 0).then(|| "producer/x".to_string()),
                            severity: if next(10) == 0 { severities[next(3) as usize] } else { miette::Severity::Advice },
                            help: (next(10) == 0).then(|| "a help".to_string()),
                            source: Some(other.clone()),
                            labels,
                            related: Vec::new(),
                        });
                    }
                    let mut h = Human {
                        message: all[next(all.len() as u64) as usize].clone(),
                        code: Some(["producer/acks", "streams/state-dir-in-tmp"][next(2) as usize].into()),
                        severity: severities[next(3) as usize],
                        help: (next(4) > 0).then(|| all[next(all.len() as u64) as usize].clone()),
                        source: Some(source),
                        labels: spans,
                        related,
                    };
                    checked += 1;
                    if !stream.wrapping.prewrap(&mut h) {
                        continue;
                    }
                    let mut fast = String::new();
                    if stream.fast.render(&h, &mut fast).is_none() {
                        continue;
                    }
                    let mut miette = String::new();
                    stream.plain.render_report(&mut miette, &h).unwrap();
                    assert_eq!(miette, fast, "width {width}, colour {color}: {text:?}, {:?}, {:?}", h.labels, h.message);
                    fast_ones += 1;
                    with_related += usize::from(!h.related.is_empty());
                    two_labels += usize::from(h.labels.len() > 1);
                }
            }
        }
        // Many of these random findings take the fast path (the others have non-ASCII or tabs in
        // their lines, blank lines in their texts, spans over line ends, two labels on a line …).
        assert!(
            fast_ones * 10 > checked && with_related > 400 && two_labels > 150,
            "{fast_ones} of {checked}, {with_related} with related locations, {two_labels} with two labels"
        );
    }

    #[test]
    fn what_wrapping_would_change_is_wrapped() {
        assert!(fits("a short message", 4, 98));
        assert!(fits("two\nlines", HELP_INDENT, 98));
        assert!(!fits(&"w".repeat(94), 4, 98));
        assert!(fits(&"w".repeat(93), 4, 98));
        assert!(!fits("trailing space ", 4, 98));
        assert!(!fits("a\n\nblank line", 4, 98));
        assert!(!fits("ends with a break\n", 4, 98));
        assert!(!fits("", 4, 98));
        assert!(!fits("tab\there", 4, 98));
        assert!(!fits("non-ASCII …", 4, 98));
        // A long text: broken between words, the indents left to the handler.
        let w = wrap(&format!("{} {}", "a".repeat(50), "b".repeat(50)), 4, 4, 60).unwrap();
        assert_eq!(&*w, &format!("{}\n{}", "a".repeat(50), "b".repeat(50)));
        assert_eq!(wrap("a\n\nb", 4, 4, 60), None);
        assert_eq!(wrap("ends with a break\n", 4, 4, 60), None);
    }
}
