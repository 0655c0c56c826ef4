use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a file that contains NUL bytes: it is not a properties file (an archive, an image, a
    /// keystore saved under a `.properties` name).
    /// ## Why it fails in production
    /// Kafka reads it anyway and gets garbage keys: none of the settings the file was meant to
    /// hold apply, and the process starts with defaults or fails on a required key.
    /// ## Example
    /// A `server.properties` that is really a gzip archive.
    /// ## Use instead
    /// The text file itself.
    /// ## Fix
    /// None: replace the file.
    /// ## Versions
    /// All.
    /// ## Source
    /// `java.util.Properties.load` reads any bytes as ISO-8859-1 text.
    pub BinaryFile {
        id: "syntax/binary-file",
        summary: "the file holds binary data, not properties text",
        severity: Error,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "java.util.Properties.load",
    }
}

impl Rule for BinaryFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if let Some(at) = cx.file.binary_at {
            out.report(
                &META,
                cx.id,
                crate::source::Span::new(at, at + 1),
                format!("binary data (a NUL byte) at byte {at}: this is not a properties file"),
            )
            .help("lint the text configuration file, or exclude this file");
        }
    }
}
