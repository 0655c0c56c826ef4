//! How the file reads as `java.util.Properties`.
pub mod binary_file;
pub mod continuation_at_eof;
pub mod invalid_yaml;
pub mod latin1_fallback;
pub mod malformed_unicode_escape;
pub mod trailing_whitespace;
pub mod unknown_escape;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &binary_file::BinaryFile,
    &continuation_at_eof::ContinuationAtEof,
    &invalid_yaml::InvalidYaml,
    &latin1_fallback::Latin1Fallback,
    &malformed_unicode_escape::MalformedUnicodeEscape,
    &trailing_whitespace::TrailingWhitespace,
    &unknown_escape::UnknownEscape,
];

use crate::properties::IssueKind;
use crate::rules::{FileCtx, RuleMeta, Sink};

/// Reports each parser issue of one kind.
pub(crate) fn report_issues(
    cx: &FileCtx<'_>,
    out: &mut Sink,
    meta: &'static RuleMeta,
    kind: IssueKind,
    message: impl Fn(&str) -> String,
    help: &str,
) {
    for issue in cx.file.doc.issues.iter().filter(|i| i.kind == kind) {
        let text = &cx.text()[issue.span.range()];
        let key = cx.file.doc.entries.iter().find(|e| e.span.contains(issue.span)).map(|e| e.key.as_str());
        let b = out.report(meta, cx.id, issue.span, message(text)).help(help);
        if let Some(k) = key {
            b.key(k);
        }
    }
}
