//! Human output: miette snippets with labels on the exact (redacted) text, help, fixes, and
//! related locations in other files as child diagnostics with their own source.

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::Report;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use std::fmt;
use std::sync::Arc;

struct Human {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<Arc<String>>>,
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
    crate::redact::printable(s).into_owned()
}

fn build(report: &Report, sources: &[NamedSource<Arc<String>>], d: &Diagnostic) -> Human {
    let file = &report.files[d.file()];
    let span = file.redacted.span(d.primary.span);
    let mut labels =
        vec![LabeledSpan::new_primary_with_span((!d.primary.message.is_empty()).then(|| printable(&d.primary.message)), span.start..span.end)];
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
    let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_links(false).with_context_lines(1);
    let sources: Vec<NamedSource<Arc<String>>> = report
        .files
        .iter()
        .map(|f| NamedSource::new(printable(&f.file.source.display_path()), Arc::new(f.redacted.text.clone())).with_language("properties"))
        .collect();
    let mut out = String::new();
    for d in &report.diagnostics {
        let h = build(report, &sources, d);
        let mut s = String::new();
        if handler.render_report(&mut s, &h).is_err() {
            s = printable(&format!("{}: {} [{}]\n", report.files[d.file()].file.source.display_path(), d.message, d.rule.id));
        }
        out.push_str(&s);
        out.push('\n');
    }
    out.push_str(&summary(report));
    out
}

/// The Kafka versions the linted files were checked against (`3.9`, or `3.9, 4.2`).
fn versions(report: &Report) -> String {
    let mut v: Vec<crate::version::Release> = report.files.iter().filter(|f| !f.context).map(|f| f.file.cluster_release).collect();
    v.sort();
    v.dedup();
    if v.is_empty() {
        return report.release.to_string();
    }
    v.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", ")
}

pub fn summary(report: &Report) -> String {
    let n = report.linted_files();
    let plural = |k: usize, w: &str| format!("{k} {w}{}", if k == 1 { "" } else { "s" });
    let mut s = format!(
        "{} checked against Kafka {}: {}, {}, {}",
        plural(n, "file"),
        versions(report),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        plural(report.count(Severity::Info), "info"),
    );
    let fixable = report.diagnostics.iter().filter(|d| d.fixes.iter().any(|f| f.is_safe())).count();
    if fixable > 0 {
        s.push_str(&format!(" ({fixable} fixable with `--fix`)"));
    }
    s.push('\n');
    if report.release_assumed {
        let which = if report.all_assumed { "" } else { " for some files" };
        s.push_str(&format!(
            "note: no Kafka version given{which}; assumed {} (the newest kafkalint knows). Pin it with `--kafka-version X.Y` or `kafka-version = \"X.Y\"` in kafkalint.toml\n",
            crate::version::Release::newest()
        ));
    }
    s
}
