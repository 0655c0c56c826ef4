use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a Kafka 3.6 or 3.7 node with tiered storage on
    /// (`remote.log.storage.system.enable=true`) and more than one log directory in `log.dirs`
    /// (else `log.dir`).
    /// ## Why it fails in production
    /// The node refuses to start: `ConfigException: Multiple log directories
    /// `/data/a,/data/b` are not supported when remote log storage is enabled`. Tiered storage
    /// with JBOD came in 3.8 (KAFKA-16399); on 3.6 and 3.7 use one directory per broker or keep
    /// tiered storage off.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.7
    /// # kafkalint: role=broker
    /// remote.log.storage.system.enable=true
    /// log.dirs=/data/a,/data/b
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.7
    /// # kafkalint: role=broker
    /// remote.log.storage.system.enable=true
    /// log.dirs=/data/a
    /// ```
    /// ## Fix
    /// None: one log directory, or Kafka 3.8 or later.
    /// ## Versions
    /// 3.6 to 3.7: `KafkaConfig.validateValues` at apache/kafka tags 3.6.0, 3.6.2, 3.7.0, 3.7.1;
    /// removed by KAFKA-16399 (apache/kafka#15690, "Add JBOD support in tiered storage") before
    /// 3.8.0 (absent at 3.8.0 and the 3.9 branch).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`if (isRemoteLogStorageSystemEnabled &&
    /// logDirs.size > 1) throw new ConfigException(…)`).
    pub RemoteStorageWithSeveralLogDirs {
        id: "broker/remote-storage-with-several-log-dirs",
        summary: "tiered storage with several log directories on Kafka 3.6-3.7: the node does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.6") => Some("3.7"),
        reads: ["remote.log.storage.system.enable", "log.dirs", "log.dir"],
        fix: None,
        source: "KafkaConfig.validateValues (Multiple log directories … are not supported when remote log storage is enabled)",
    }
}

impl Rule for RemoteStorageWithSeveralLogDirs {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(flag) = cx.get("remote.log.storage.system.enable") else { return };
        if flag.as_bool() != Some(true) {
            return;
        }
        let Some(dirs) = cx.get("log.dirs").or_else(|| cx.get("log.dir")) else { return };
        if crate::model::is_placeholder(&dirs.text) {
            return;
        }
        let list = dirs.as_list();
        if list.len() < 2 {
            return;
        }
        let span = dirs.entry().or(flag.entry()).map_or_else(|| cx.anchor(&[]), |e| e.value_span);
        let mut b = out
            .report(
                &META,
                cx.id,
                span,
                format!(
                    "{} log directories in `{}` with tiered storage on: Kafka {} refuses to start (`Multiple log directories `{}` are not supported when remote log storage is enabled`)",
                    list.len(),
                    dirs.key,
                    cx.release(),
                    list.join(",")
                ),
            )
            .key(dirs.key)
            .help("use one log directory with tiered storage on Kafka 3.6 and 3.7 (3.8 added JBOD support), or keep tiered storage off");
        if let Some(e) = flag.entry() {
            b = b.label(cx.id, e.value_span, Some("remote.log.storage.system.enable"), "tiered storage is enabled here");
        }
        let _ = b;
    }
}
