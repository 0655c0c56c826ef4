//! `--format compact`: one line per finding, `path:line:col: severity[rule] message`, the form
//! editors' error lists and `grep` read. Nothing else on standard output; the CLI writes the
//! summary to standard error.

use crate::lint::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let source = &report.files[d.file()].file.source;
        let (line, col) = source.line_col(d.primary.span.start);
        out.push_str(&format!(
            "{}:{line}:{col}: {}[{}] {}\n",
            one_line(&source.display_path()),
            d.severity,
            d.rule.id,
            one_line(&d.message)
        ));
    }
    out
}

/// One finding, one line: line breaks (in a message, or even a file name) become spaces, and
/// other control characters are shown escaped (`\x1b`), never sent to the terminal.
fn one_line(s: &str) -> String {
    let s: String = s.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    crate::redact::printable_message(&s)
}
