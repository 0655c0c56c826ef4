use crate::model::NotRead;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a compose, Spring Boot or Strimzi file that is not valid YAML.
    /// ## Why it fails in production
    /// `docker compose`, Spring Boot and `kubectl apply` refuse the file: nothing starts, or the
    /// previous configuration keeps running. kafkalint cannot check any setting in it either.
    /// ## Example
    /// ```yaml
    /// services:
    ///   kafka:
    ///     environment: [KAFKA_NODE_ID=1
    /// ```
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   kafka:
    ///     environment: [KAFKA_NODE_ID=1]
    /// ```
    /// ## Fix
    /// None: correct the YAML at the position shown.
    /// ## Versions
    /// All.
    /// ## Source
    /// YAML 1.2 (the parser of saphyr-parser); Compose specification.
    pub InvalidYaml {
        id: "syntax/invalid-yaml",
        summary: "the YAML file does not parse; none of its settings were checked",
        severity: Error,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "YAML 1.2",
    }
}

impl Rule for InvalidYaml {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if let Some(NotRead::Syntax { at, message }) = &cx.file.not_read {
            let text = cx.text();
            // A parser that ran to the end of the text points past it: show the last character.
            let mut at = (*at).min(text.trim_end().len().saturating_sub(1)).min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            out.report(&META, cx.id, Span::new(at, end), format!("invalid YAML: {message}"))
                .help("correct the YAML here; kafkalint checked nothing in this file");
        }
    }
}
