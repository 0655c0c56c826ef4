use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker whose log directories come out empty: `log.dirs` set to an empty value (or
    /// only commas), or, with `log.dirs` unset, `log.dir` set to one. Kafka reads `log.dirs` when it
    /// is set, else `log.dir`. From Kafka 4.2 also an empty item in either key (a stray comma), and
    /// an empty `log.dir` beside `log.dirs`.
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
    /// 0.11.0+. `KafkaConfig.validateValues` refuses empty log directories at apache/kafka tags
    /// 0.11.0.0 to 3.8.0 and 3.9.0-rc3 (and the 3.9.0 release commit cc53a63, whose `KafkaConfig` is
    /// the same) and at the 4.0.0 and 4.1.0 release commits of the apache branches (read in the
    /// confluentinc/kafka mirror: 4ae6814, 13f7025), where `log.dirs`/`log.dir` are strings whose empty
    /// items are dropped. From 4.2 (release commit a18251b) both keys are lists that `ConfigDef`
    /// validates first (`ValidList.anyNonDuplicateValues(false, …)`, KIP-1161): an empty value is
    /// refused as `Configuration 'log.dirs' must not be empty`, an empty item (`/data/1,`,
    /// `/data/1,,/data/2`) as `Configuration 'log.dirs' values must not be empty`, and `log.dir` is
    /// validated even when `log.dirs` is set. With no version given, the 4.2-only findings are warnings
    /// unless the file's keys rule out the lines before 4.2.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`require(logDirs.nonEmpty)`) and
    /// `KafkaConfig.logDirs` (`log.dirs`, else `log.dir`, as a comma-separated list;
    /// `AbstractKafkaConfig.logDirs` from 4.1); from 4.2 `LogConfig.SERVER_CONFIG_DEF` (`LIST` with
    /// `ConfigDef.ValidList.anyNonDuplicateValues`) and `ConfigDef.parseType` (`split(trimmed, -1)`).
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

/// The line from which `log.dirs` and `log.dir` are `ConfigDef` lists validated as non-empty,
/// without empty items (KIP-1161; `LogConfig.SERVER_CONFIG_DEF` at the 4.2.0 release commit).
const LISTS_VALIDATED: &str = "4.2";

impl Rule for LogDirsEmpty {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if cx.release().at_least(LISTS_VALIDATED) {
            return self.check_lists(cx, out);
        }
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

impl LogDirsEmpty {
    /// 4.2 and later: `ConfigDef` validates both keys as non-empty lists without empty items.
    fn check_lists(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let since = LISTS_VALIDATED;
        let (verdict, severity) = if super::holds_across_range(cx, since) {
            (format!("Kafka {} refuses to start", cx.release()), crate::diagnostic::Severity::Error)
        } else {
            (
                format!("Kafka {since} and later refuse to start (no version given; earlier lines accept it)"),
                crate::diagnostic::Severity::Warning,
            )
        };
        for key in ["log.dirs", "log.dir"] {
            let Some(e) = cx.explicit(key) else { continue };
            if is_placeholder(&e.value) {
                continue;
            }
            let value = e.value.trim();
            let items: Vec<&str> = if value.is_empty() { Vec::new() } else { value.split(',').map(str::trim).collect() };
            let empties = items.iter().filter(|d| d.is_empty()).count();
            let all_empty = empties == items.len();
            if !all_empty && empties == 0 {
                continue;
            }
            // `ValidList.ensureValid`: an empty list, then duplicates (two empty items are
            // duplicates), then empty items.
            let kafka_says = if items.is_empty() {
                format!("Configuration '{key}' must not be empty")
            } else if empties > 1 {
                format!("Configuration '{key}' values must not be duplicated")
            } else {
                format!("Configuration '{key}' values must not be empty")
            };
            if all_empty {
                // No directory at all: refused at every line, except an empty `log.dir` beside
                // `log.dirs`, which lines before 4.2 ignore.
                let sev = if key == "log.dir" && cx.explicit("log.dirs").is_some() { severity } else { crate::diagnostic::Severity::Error };
                let verdict = if sev == crate::diagnostic::Severity::Error {
                    format!("Kafka {} refuses to start", cx.release())
                } else {
                    verdict.clone()
                };
                out.report(&META, cx.id, e.key_span, format!("`{key}` is empty: {verdict} (`{kafka_says}`)")).severity(sev).key(key).help(
                    if key == "log.dir" {
                        "remove `log.dir` (`log.dirs` names the directories) or give it a directory"
                    } else {
                        "set `log.dirs` to the broker's data directories (comma-separated)"
                    },
                );
                continue;
            }
            out.report(&META, cx.id, e.value_span, format!("`{key}` has an empty item (a stray comma): {verdict} (`{kafka_says}`)"))
                .severity(severity)
                .key(key)
                .help("remove the empty item (the extra comma)");
        }
    }
}
