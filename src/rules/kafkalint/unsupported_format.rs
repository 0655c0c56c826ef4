use crate::model::NotRead;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Notes a file named on the command line that is not in a format kafkalint reads: a YAML file
    /// that is no docker-compose file, Spring Boot application file or Strimzi resource, a JSON
    /// or Go file. kafkalint does not read it as a `.properties` file (that would turn YAML lines
    /// into nonsense keys, and `--fix` could delete them).
    /// ## Why it fails in production
    /// It does not: the note says that nothing in the file was checked.
    /// ## Example
    /// A Helm `values.yaml` named on the command line.
    /// ## Use instead
    /// Name the Kafka configuration files, or give a `.properties` file its role with `--role`.
    /// ## Fix
    /// None.
    /// ## Versions
    /// All.
    /// ## Source
    /// kafkalint.
    pub UnsupportedFormat {
        id: "kafkalint/unsupported-format",
        summary: "the file is not in a format kafkalint reads; nothing in it was checked",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "kafkalint",
    }
}

impl Rule for UnsupportedFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if cx.file.not_read == Some(NotRead::Unsupported) {
            out.report(
                &META,
                cx.id,
                Span::empty(0),
                "not a format kafkalint reads (docker-compose, Spring Boot, Strimzi or .properties): nothing here was checked",
            )
            .help("give a Kafka properties file a `.properties` name or its role with `--role`");
        }
    }
}
