use crate::properties::IssueKind;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `\u` not followed by four hexadecimal digits.
    /// ## Why it fails in production
    /// `Properties.load` throws `IllegalArgumentException: Malformed \uxxxx encoding.` and Kafka
    /// loads nothing from the file: the broker or client does not start.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// ssl.keystore.location=C:\users\kafka\keystore.jks
    /// ```
    /// ## Use instead
    /// ```properties
    /// ssl.keystore.location=C:/users/kafka/keystore.jks
    /// ```
    /// ## Fix
    /// None: write forward slashes in paths, `\\` for a backslash, or a complete `\uXXXX`.
    /// ## Versions
    /// All.
    /// ## Source
    /// `java.util.Properties.load` (`loadConvert`).
    pub MalformedUnicodeEscape {
        id: "syntax/malformed-unicode-escape",
        summary: "a `\\u` escape without four hex digits makes the whole file unreadable to Kafka",
        severity: Error,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "java.util.Properties.load",
    }
}

impl Rule for MalformedUnicodeEscape {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        super::report_issues(
            cx,
            out,
            &META,
            IssueKind::MalformedUnicodeEscape,
            |t| format!("`{t}` is a malformed \\uXXXX escape: Kafka fails to load this file"),
            "write `\\\\` for a backslash (or forward slashes in paths), or a full `\\uXXXX` escape",
        );
    }
}
