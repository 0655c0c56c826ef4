use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::{Encoding, Span};

declare_rule! {
    /// ## What it does
    /// Notes a file that is not valid UTF-8 and was read as ISO-8859-1.
    /// ## Why it fails in production
    /// Kafka's own loader reads ISO-8859-1, so Kafka sees what kafkalint shows; but editors and
    /// other tools reading the file as UTF-8 show something else, and a non-ASCII value (a path, a
    /// principal name) may not be what its author typed.
    /// ## Example
    /// A file saved in Windows-1252 with `sasl.kerberos.service.name=kafka-é`.
    /// ## Use instead
    /// Save the file as UTF-8 (or ASCII with `\uXXXX` escapes).
    /// ## Fix
    /// None.
    /// ## Versions
    /// All.
    /// ## Source
    /// `org.apache.kafka.common.utils.Utils.loadProps` (Properties.load(InputStream): ISO-8859-1).
    pub Latin1Fallback {
        id: "syntax/latin1-fallback",
        summary: "the file is not UTF-8 and was read as ISO-8859-1",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "Utils.loadProps; java.util.Properties.load(InputStream)",
    }
}

impl Rule for Latin1Fallback {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if let Encoding::Latin1 { first_invalid } = cx.file.source.encoding {
            if cx.file.binary_at.is_some() {
                return;
            }
            let at = cx.text().char_indices().map(|(i, _)| i).find(|&i| i >= first_invalid).unwrap_or(cx.text().len());
            let end = cx.text()[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            out.report(
                &META,
                cx.id,
                Span::new(at, end),
                format!("invalid UTF-8 at byte {first_invalid}: the file was read as ISO-8859-1, as Kafka reads it"),
            )
            .help("save the file as UTF-8, or write non-ASCII characters as \\uXXXX escapes");
        }
    }
}
