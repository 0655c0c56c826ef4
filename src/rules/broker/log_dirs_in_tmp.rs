use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags broker data directories under `/tmp`: `log.dirs`, else `log.dir` (whose default,
    /// `/tmp/kafka-logs`, applies when neither is set), and KRaft's `metadata.log.dir`. A broker
    /// that only advertises loopback addresses (a local development broker) gets an info instead
    /// of a warning.
    /// ## Why it fails in production
    /// `/tmp` is cleaned at boot on many systems (tmpfs, `systemd-tmpfiles`, `tmpreaper`): after a
    /// reboot the broker starts with empty logs. Its replicas are gone (data loss if it led
    /// under-replicated partitions), a KRaft node finds no `meta.properties` and refuses to start
    /// (`No readable meta.properties files found`), and a ZooKeeper broker re-registers with an
    /// empty disk. The shipped `server.properties` uses `/tmp/kafka-logs` for quick starts only.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// broker.id=1
    /// listeners=PLAINTEXT://kafka-1.example.com:9092
    /// log.dirs=/tmp/kafka-logs
    /// ```
    /// ## Use instead
    /// ```properties
    /// broker.id=1
    /// listeners=PLAINTEXT://kafka-1.example.com:9092
    /// log.dirs=/var/lib/kafka/data
    /// ```
    /// ## Fix
    /// Display only: sets `log.dirs` to a `<data-dir>` placeholder (a persistent disk of your
    /// choosing; move the existing data first).
    /// ## Versions
    /// All; `metadata.log.dir` from 3.0.
    /// ## Source
    /// Broker docs of `log.dir` (default `/tmp/kafka-logs`) and `log.dirs`;
    /// `KafkaConfig.logDirs` (`log.dirs`, else `log.dir`).
    pub LogDirsInTmp {
        id: "broker/log-dirs-in-tmp",
        summary: "broker data lives under /tmp (explicitly or by default) and may vanish at reboot",
        severity: Warning,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["log.dirs", "log.dir", "metadata.log.dir", "advertised.listeners", "listeners"],
        fix: Always,
        source: "broker docs (log.dir default /tmp/kafka-logs); KafkaConfig.logDirs",
    }
}

fn in_tmp(dir: &str) -> bool {
    let d = dir.trim();
    d == "/tmp" || d.starts_with("/tmp/")
}

const PLACEHOLDER: &str = "<data-dir>";

impl Rule for LogDirsInTmp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let local = {
            let l = super::listeners_of(cx, "advertised.listeners")
                .filter(|l| l.entry.is_some())
                .or_else(|| super::listeners_of(cx, "listeners"));
            l.is_some_and(|l| l.entry.is_some() && !l.endpoints.is_empty() && l.endpoints.iter().all(|e| super::is_loopback(&e.host)))
        };
        let severity = if local { Severity::Info } else { Severity::Warning };
        let note = if local { " (a local development broker: it only advertises loopback addresses)" } else { "" };
        // In a container /tmp is no more ephemeral than any other path of its filesystem.
        if cx.file.format == crate::formats::Format::Compose {
            return;
        }
        let dirs = if cx.explicit("log.dirs").is_some() || cx.file.platform_default("log.dirs").is_some() { "log.dirs" } else { "log.dir" };
        if let Some(v) = cx.get(dirs) {
            if !crate::model::is_placeholder(&v.text) {
                let tmp: Vec<&str> = v.as_list().into_iter().filter(|d| in_tmp(d)).collect();
                if !tmp.is_empty() {
                    let (span, msg) = match v.entry() {
                        Some(e) => (e.value_span, format!("`{dirs}` keeps the broker's data under /tmp ({}), which is often wiped at reboot{note}", tmp.join(", "))),
                        None => (
                            cx.anchor(&[]),
                            format!("`log.dirs` is not set, so the broker keeps its data in `log.dir`'s default {} (Kafka {}), which is often wiped at reboot{note}", v.text, cx.release()),
                        ),
                    };
                    let edit = match v.entry() {
                        Some(e) => cx.replace_value(e, PLACEHOLDER),
                        None => cx.insert_entry("log.dirs", PLACEHOLDER),
                    };
                    out.report(&META, cx.id, span, msg)
                        .key(dirs)
                        .severity(severity)
                        .help("keep broker data on a persistent disk: set `log.dirs` to a directory outside /tmp")
                        .fix(Fix::display_only("Set `log.dirs` to a persistent directory (fill it in)", vec![edit]));
                }
            }
        }
        if let Some(e) = cx.explicit("metadata.log.dir") {
            if in_tmp(&e.value) {
                out.report(
                    &META,
                    cx.id,
                    e.value_span,
                    format!(
                        "`metadata.log.dir` keeps the KRaft metadata log under /tmp ({}), which is often wiped at reboot{note}",
                        e.value.trim()
                    ),
                )
                .key("metadata.log.dir")
                .severity(severity)
                .help("keep the metadata log on a persistent disk: a node that loses it must be reformatted")
                .fix(Fix::display_only(
                    "Set `metadata.log.dir` to a persistent directory (fill it in)",
                    vec![cx.replace_value(e, PLACEHOLDER)],
                ));
            }
        }
    }
}
