use crate::diagnostic::{Fix, Severity};
use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a Kafka Streams `state.dir` under `/tmp` (a warning), and a `state.dir` left at its
    /// default, the JVM's temporary directory (`java.io.tmpdir`, `/tmp` on Linux; an info).
    /// ## Why it fails in production
    /// `/tmp` is emptied at reboot and, on many distributions, cleaned of old files while the
    /// application runs (systemd-tmpfiles, tmpwatch). Streams then loses its local state stores
    /// (RocksDB) and checkpoints: after a restart every stateful task restores from its changelog
    /// topics from the beginning, which can take hours and keeps the application rebalancing; a
    /// cleaner deleting lock or checkpoint files under a running instance gives `LockException`
    /// and `ProcessorStateException` errors.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// application.id=orders
    /// bootstrap.servers=broker1:9092
    /// state.dir=/tmp/kafka-streams
    /// ```
    /// ## Use instead
    /// ```properties
    /// application.id=orders
    /// bootstrap.servers=broker1:9092
    /// state.dir=/var/lib/kafka-streams
    /// ```
    /// ## Fix
    /// A suggestion only (for a default): adds `state.dir=/var/lib/kafka-streams`, a directory you
    /// create and own; never applied automatically.
    /// ## Versions
    /// All: the default was `/tmp/kafka-streams` up to 2.7 and the JVM temp directory (plus
    /// `/kafka-streams`) from 2.8.
    /// ## Source
    /// `StreamsConfig` (`state.dir` docs: "the directory location for state stores … should be
    /// unique per streams instance"); Kafka Streams developer guide, "Configuring a Streams
    /// Application" (state.dir).
    pub StateDirInTmp {
        id: "streams/state-dir-in-tmp",
        summary: "Streams state stores under /tmp are lost at reboot and restored from changelogs",
        severity: Warning,
        scope: Scope::File(&[Role::Streams]),
        versions: None => None,
        reads: ["state.dir"],
        fix: Sometimes,
        source: "StreamsConfig state.dir; Kafka Streams developer guide",
    }
}

fn under_tmp(path: &str) -> bool {
    let p = path.trim();
    p == "/tmp" || p.starts_with("/tmp/") || p.starts_with("${java.io.tmpdir}")
}

impl Rule for StateDirInTmp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        match cx.explicit("state.dir") {
            Some(e) => {
                let value = e.value.trim();
                if !under_tmp(value) || (is_placeholder(value) && !value.starts_with("${java.io.tmpdir}")) {
                    return;
                }
                out.report(&META, cx.id, e.value_span, format!("`state.dir={value}` keeps the state stores in a temporary directory: they are lost at reboot and every stateful task restores from its changelog topics"))
                    .key("state.dir")
                    .help("put `state.dir` on persistent storage owned by the application (e.g. /var/lib/kafka-streams)");
            }
            None => {
                // Up to 2.7 the default is /tmp/kafka-streams; from 2.8 it is java.io.tmpdir (the
                // knowledge base records the doc build machine's temp directory for those lines).
                let default = match cx.get("state.dir") {
                    Some(v) if v.text.starts_with("/tmp") => format!("`{}`", v.text),
                    _ => "the JVM's temporary directory (`java.io.tmpdir`, /tmp on Linux)".to_string(),
                };
                out.report(
                    &META,
                    cx.id,
                    cx.anchor(&["application.id"]),
                    format!("`state.dir` is not set: it defaults to {default} in Kafka {}, lost at reboot", cx.release()),
                )
                .key("state.dir")
                .severity(Severity::Info)
                .help("set `state.dir` to persistent storage if the application keeps state (joins, aggregations, tables)")
                .fix(Fix::display_only(
                    "Add `state.dir=/var/lib/kafka-streams`",
                    vec![cx.insert_entry("state.dir", "/var/lib/kafka-streams")],
                ));
            }
        }
    }
}
