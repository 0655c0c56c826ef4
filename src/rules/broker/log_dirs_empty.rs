use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker whose log directories come out empty: `log.dirs` set to an empty value (or
    /// only commas), or, with `log.dirs` unset, `log.dir` set to one. Kafka reads `log.dirs` when it
    /// is set, else `log.dir`.
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed: At least one
    /// log directory must be defined via log.dirs or log.dir.`
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// log.dirs=
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// log.dirs=/var/lib/kafka/data
    /// ```
    /// ## Fix
    /// None: name the data directories.
    /// ## Versions
    /// 0.11.0+ (`KafkaConfig.validateValues` from 0.11.0.0 to 3.8.0 as tagged in apache/kafka;
    /// later lines assumed unchanged, not verified here).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`require(logDirs.nonEmpty)`) and
    /// `KafkaConfig.logDirs` (`log.dirs`, else `log.dir`, as a comma-separated list).
    pub LogDirsEmpty {
        id: "broker/log-dirs-empty",
        summary: "log.dirs (or log.dir) is empty: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("0.11.0") => None,
        reads: ["log.dirs", "log.dir"],
        fix: None,
        source: "KafkaConfig.validateValues (At least one log directory must be defined via log.dirs or log.dir.)",
    }
}

impl Rule for LogDirsEmpty {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(e) = cx.explicit("log.dirs").or_else(|| cx.explicit("log.dir")) else { return };
        if is_placeholder(&e.value) || e.value.split(',').any(|d| !d.trim().is_empty()) {
            return;
        }
        out.report(
            &META,
            cx.id,
            e.key_span,
            format!(
                "`{}` is empty: the broker refuses to start (`At least one log directory must be defined via log.dirs or log.dir.`)",
                e.key
            ),
        )
        .key(&e.key)
        .help("set `log.dirs` to the broker's data directories (comma-separated)");
    }
}
