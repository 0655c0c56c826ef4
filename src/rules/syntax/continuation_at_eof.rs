use crate::properties::IssueKind;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a file whose last line ends in a continuation backslash.
    /// ## Why it fails in production
    /// The backslash promises another line that never comes: often the file was truncated (a
    /// template cut short, a copy that lost its tail), and the last value is incomplete.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// bootstrap.servers=kafka-1:9092,\
    /// ```
    /// ## Use instead
    /// ```properties
    /// bootstrap.servers=kafka-1:9092,kafka-2:9092
    /// ```
    /// ## Fix
    /// None: complete the value or remove the backslash.
    /// ## Versions
    /// All.
    /// ## Source
    /// `java.util.Properties.load` (LineReader drops a continuation backslash at the end of input).
    pub ContinuationAtEof {
        id: "syntax/continuation-at-eof",
        summary: "the file ends inside a continued line",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "java.util.Properties.load",
    }
}

impl Rule for ContinuationAtEof {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        super::report_issues(
            cx,
            out,
            &META,
            IssueKind::ContinuationAtEof,
            |_| "the file ends with a line continuation: the value is cut short".into(),
            "complete the value, or remove the trailing backslash",
        );
    }
}
