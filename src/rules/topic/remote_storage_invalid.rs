use crate::model::Role;
use crate::rules::broker::local_retention_exceeds_retention::refusal;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a topic configuration with `remote.storage.enable=true` that Kafka refuses from what
    /// the file says alone: a `cleanup.policy` with `compact`; `local.retention.ms` /
    /// `local.retention.bytes` set to `-1` or above `retention.ms` / `retention.bytes` when both
    /// are set in the file (`-2`, the default, means "the total retention"; a total of `-1`
    /// accepts anything); and from 3.9 `remote.log.copy.disable=true` with a
    /// `local.retention.*` that is neither `-2` nor equal to the total. A side left unset comes
    /// from the validating node's broker defaults (`log.retention.*`, `log.local.retention.*`):
    /// `topic/remote-storage-vs-broker` checks those when the deployment has the node's file.
    /// ## Why it fails in production
    /// Creating or altering the topic fails: `ConfigException: Remote log storage is unsupported
    /// for the compacted topics`, `Invalid value … for configuration local.retention.ms: Value must
    /// not be more than retention.ms property value: …`, `InvalidConfigurationException: When
    /// remote.log.copy.disable is set to true, the local.retention.ms and retention.ms must be
    /// set to the identical value …`. In KRaft the controller validates topic creation with its
    /// own configuration.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.9
    /// # kafkalint: role=topic
    /// remote.storage.enable=true
    /// cleanup.policy=compact
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.9
    /// # kafkalint: role=topic
    /// remote.storage.enable=true
    /// cleanup.policy=delete
    /// retention.ms=2592000000
    /// local.retention.ms=86400000
    /// ```
    /// ## Fix
    /// None: tiered storage needs a delete policy and a local retention within the total.
    /// ## Versions
    /// 3.6+ (`remote.log.copy.disable` from 3.9): `LogConfig.validateTopicLogConfigValues` read at
    /// apache/kafka tags 3.6.0, 3.7.0, 3.8.0, the 3.9 branch (3.9.0) and at the 4.0.0, 4.1.0 and
    /// 4.2.0 release commits of the apache branches (read in the confluentinc/kafka mirror:
    /// 4ae6814, the 4.0 head before the bump to 4.0.1-SNAPSHOT; 13f7025 and a18251b, `Bump version
    /// to 4.1.0` / `4.2.0`). From 4.1 Kafka refuses any `cleanup.policy` but `delete` with tiered
    /// storage (`Remote log storage only supports topics with cleanup.policy=delete`,
    /// `validateRemoteStorageRequiresDeleteCleanupPolicy`): kafkalint reports the policies with
    /// `compact`, which every line refuses, and from 4.1 an empty policy. A policy the topic does
    /// not set comes from the validating node's `log.cleanup.policy`, judged with the broker
    /// (`topic/remote-storage-vs-broker`) where that node is among the files. A trunk after 4.2 adds
    /// `remote.copy.lag.*` checks that kafkalint does not make.
    /// ## Source
    /// `org.apache.kafka.storage.internals.log.LogConfig.validate` →
    /// `validateTopicLogConfigValues` (`validateNoRemoteStorageForCompactedTopic`,
    /// `validateRemoteStorageRetentionSize/Time`, `validateRetentionConfigsWhenRemoteCopyDisabled`).
    pub RemoteStorageInvalid {
        id: "topic/remote-storage-invalid",
        summary: "remote.storage.enable=true with compaction, or a local retention Kafka refuses: the topic is not created",
        severity: Error,
        scope: Scope::File(&[Role::Topic]),
        versions: Some("3.6") => None,
        reads: [
            "remote.storage.enable",
            "cleanup.policy",
            "retention.ms",
            "retention.bytes",
            "local.retention.ms",
            "local.retention.bytes",
            "remote.log.copy.disable",
        ],
        fix: None,
        source: "LogConfig.validateTopicLogConfigValues (compacted topics, local retention vs retention, remote.log.copy.disable)",
    }
}

/// Whether the topic file turns tiered storage on (`remote.storage.enable=true`, explicit).
pub(crate) fn remote_enabled<'a>(cx: &FileCtx<'a>) -> Option<&'a crate::properties::Entry> {
    cx.explicit("remote.storage.enable").filter(|e| e.value.trim().eq_ignore_ascii_case("true"))
}

/// An explicit whole number of the topic file.
pub(crate) fn explicit_long<'a>(cx: &FileCtx<'a>, key: &str) -> Option<(i64, &'a crate::properties::Entry)> {
    let e = cx.explicit(key)?;
    if crate::model::is_placeholder(&e.value) {
        return None;
    }
    Some((crate::model::parse_i64(&e.value)?, e))
}

/// The message of `validateRetentionConfigsWhenRemoteCopyDisabled` when it refuses the pair.
pub(crate) fn copy_disabled_refusal(total: i64, local: i64, what: &str) -> Option<String> {
    (local != -2 && local != total).then(|| {
        format!("When `remote.log.copy.disable` is set to true, the `local.retention.{what}` and `retention.{what}` must be set to the identical value because there will be no more logs copied to the remote storage.")
    })
}

impl Rule for RemoteStorageInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(enabled) = remote_enabled(cx) else { return };
        if let Some(policy) = cx.explicit("cleanup.policy") {
            if !crate::model::is_placeholder(&policy.value) && policy.value.to_ascii_lowercase().contains("compact") {
                out.report(
                    &META,
                    cx.id,
                    policy.value_span,
                    format!("`cleanup.policy={}` with `remote.storage.enable=true`: Kafka refuses the topic (`Remote log storage is unsupported for the compacted topics`)", policy.value.trim()),
                )
                .key("cleanup.policy")
                .label(cx.id, enabled.value_span, Some("remote.storage.enable"), "tiered storage is enabled here")
                .help("tiered storage needs `cleanup.policy=delete`; keep compacted topics local");
                return;
            }
            // From 4.1 the policy must be exactly `delete`: an empty list (no clean-up at all),
            // which 4.1 accepts elsewhere, is refused with tiered storage too.
            let empty = policy.value.split(',').all(|p| p.trim().is_empty());
            if empty && crate::rules::broker::holds_across_range(cx, "4.1") {
                out.report(
                    &META,
                    cx.id,
                    policy.value_span,
                    format!(
                        "an empty `cleanup.policy` with `remote.storage.enable=true`: Kafka {} refuses the topic (`Remote log storage only supports topics with cleanup.policy=delete`)",
                        cx.release()
                    ),
                )
                .key("cleanup.policy")
                .label(cx.id, enabled.value_span, Some("remote.storage.enable"), "tiered storage is enabled here")
                .help("tiered storage needs `cleanup.policy=delete`");
                return;
            }
        }
        let copy_disabled = cx.release().at_least("3.9")
            && cx.explicit("remote.log.copy.disable").is_some_and(|e| e.value.trim().eq_ignore_ascii_case("true"));
        for (what, bytes) in [("bytes", true), ("ms", false)] {
            let total_key = format!("retention.{what}");
            let local_key = format!("local.retention.{what}");
            let (Some((total, total_e)), Some((local, local_e))) = (explicit_long(cx, &total_key), explicit_long(cx, &local_key)) else {
                continue;
            };
            let why = refusal(total, local, bytes, &total_key)
                .map(|w| format!("Invalid value {local} for configuration {local_key}: {w}"))
                .or_else(|| copy_disabled.then(|| copy_disabled_refusal(total, local, what)).flatten());
            let Some(why) = why else { continue };
            out.report(
                &META,
                cx.id,
                local_e.value_span,
                format!(
                    "`{local_key}={local}` with `{total_key}={total}` and `remote.storage.enable=true`: Kafka refuses the topic (`{why}`)"
                ),
            )
            .key(&local_key)
            .label(cx.id, total_e.value_span, Some(total_key.as_str()), "the total retention is set here")
            .help(format!(
                "keep `{local_key}` at most `{total_key}` (or `-2`: the total retention){}",
                if copy_disabled { "; with copying disabled, equal to it or `-2`" } else { "" }
            ));
        }
    }
}
