use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Notes a file whose role (broker, topic, producer, consumer, admin, streams, connect-worker)
    /// kafkalint could not decide: from the command line, a `# kafkalint: role=…` comment, a
    /// `[[files]]` entry in `kafkalint.toml`, the file name, or the keys in it.
    /// ## Why it fails in production
    /// Without a role, kafkalint cannot tell defaults or unknown keys, and checks only what holds
    /// for any properties file: the file is mostly unchecked.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// bootstrap.servers=kafka:9092
    /// security.protocol=SSL
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=admin
    /// bootstrap.servers=kafka:9092
    /// security.protocol=SSL
    /// ```
    /// ## Fix
    /// None: say the role with `--role`, a directive comment, or `[[files]]` in `kafkalint.toml`.
    /// ## Versions
    /// All.
    /// ## Source
    /// kafkalint.
    pub RoleUndetermined {
        id: "kafkalint/role-undetermined",
        summary: "the file's role could not be decided; only role-independent checks ran",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "kafkalint",
    }
}

impl Rule for RoleUndetermined {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        // A Go client configuration without a constructor in its function (a `newConfig()` helper)
        // has no role to decide: its library's own rules ran.
        if cx.role().is_some() || cx.file.binary_at.is_some() || cx.file.format == crate::formats::Format::Go {
            return;
        }
        let msg = match cx.file.directive_role() {
            Some(Err(bad)) => format!("`{bad}` is not a role (broker, topic, producer, consumer, admin, streams, connect-worker); only role-independent checks ran"),
            _ => match crate::model::foreign_format(&cx.file.doc) {
                Some(what) => format!("this looks like {what}, not a Kafka properties file of one role; only role-independent checks ran"),
                None => "kafkalint could not decide this file's role; only role-independent checks ran".to_string(),
            },
        };
        out.report(&META, cx.id, Span::empty(0), msg)
            .help("add `# kafkalint: role=<role>` to the file, pass `--role`, or add a `[[files]]` entry to kafkalint.toml");
    }
}
