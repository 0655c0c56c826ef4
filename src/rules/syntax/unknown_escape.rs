use crate::properties::IssueKind;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a backslash before a character that has no escape meaning (`\k`, `\d`, …).
    /// ## Why it fails in production
    /// Java drops the backslash silently: `log.dirs=D:\kafka\data` reads `D:kafkadata`, so Kafka
    /// writes to a directory nobody expects, or a regex loses its meaning.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// log.dirs=D:\kafka\data
    /// ```
    /// ## Use instead
    /// ```properties
    /// log.dirs=D:/kafka/data
    /// ```
    /// ## Fix
    /// None: whether `\\` or `/` is meant is for you to say.
    /// ## Versions
    /// All.
    /// ## Source
    /// `java.util.Properties.load` (`loadConvert`: "\c" reads as "c").
    pub UnknownEscape {
        id: "syntax/unknown-escape",
        summary: "a backslash before an ordinary character is dropped by Java",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "java.util.Properties.load",
    }
}

impl Rule for UnknownEscape {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        super::report_issues(
            cx,
            out,
            &META,
            IssueKind::UnknownEscape,
            |t| format!("`{t}` is not an escape: Java drops the backslash and reads `{}`", &t[1..]),
            "write `\\\\` for a literal backslash, or use forward slashes in paths",
        );
    }
}
