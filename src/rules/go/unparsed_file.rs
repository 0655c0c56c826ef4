use crate::formats::Format;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Notes a Go file that imports a Kafka client library but is not valid Go (tree-sitter's Go
    /// grammar finds a syntax error): kafkalint skips it and checks nothing in it.
    /// ## Why it fails in production
    /// It does not: the note says the file's client configuration was not checked (the Go
    /// compiler will report the error itself).
    /// ## Example
    /// ```go
    /// func main() {
    ///     config := sarama.NewConfig(
    /// }
    /// ```
    /// ## Use instead
    /// Code that compiles.
    /// ## Fix
    /// None.
    /// ## Versions
    /// All.
    /// ## Source
    /// kafkalint (tree-sitter-go).
    pub UnparsedFile {
        id: "go/unparsed-file",
        summary: "a Go file with a Kafka client that is not valid Go: skipped, nothing in it was checked",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "kafkalint",
    }
}

impl Rule for UnparsedFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if cx.file.format != Format::Go {
            return;
        }
        let Some(g) = cx.file.unit.as_ref().and_then(|u| u.go.as_deref()) else { return };
        if let Some(c) = g.call("(syntax error)") {
            out.report(
                &META,
                cx.id,
                c.span,
                "this Go file does not parse: it was skipped, and its Kafka client configuration was not checked",
            )
            .help("fix the syntax error (the Go compiler names it)");
        }
    }
}
