//! `--format github`: one GitHub Actions workflow command per finding, which the runner turns
//! into an annotation on the pull request's diff:
//! `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE-ID::MESSAGE`.
//! Nothing else is printed on standard output; the CLI writes the summary to standard error.

use crate::diagnostic::Severity;
use crate::lint::Report;
use std::path::{Component, Path};

/// The message part of a workflow command: `%`, CR and LF escaped; other control characters
/// shown escaped (`\x1b`), never sent to the log as they are.
pub fn escape_data(s: &str) -> String {
    crate::redact::printable_message(s).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value (`file=`, `title=`): also `:` and `,`, which end the value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The path as given, with `/` between segments and no leading `./` (GitHub matches annotation
/// paths against the repository's files).
pub fn annotation_path(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in path.components() {
        match c {
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute && !joined.contains(':') {
        format!("/{joined}")
    } else {
        joined
    }
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let source = &report.files[d.file()].file.source;
        let (line, col) = source.line_col(d.primary.span.start);
        let (end_line, end_col) = source.line_col(d.primary.span.end);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
            escape_property(&annotation_path(&source.path)),
            escape_property(d.rule.id),
            escape_data(&message),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(annotation_path(Path::new("./conf/x.properties")), "conf/x.properties");
        assert_eq!(annotation_path(Path::new("/etc/x.properties")), "/etc/x.properties");
    }
}
