use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a consumer without `group.id` whose other settings only make sense in a group:
    /// `enable.auto.commit=true` set explicitly (from 2.2), or one of the settings of group
    /// membership: `group.instance.id`, `session.timeout.ms`, `heartbeat.interval.ms`,
    /// `partition.assignment.strategy`, `max.poll.interval.ms`, `group.protocol`,
    /// `group.remote.assignor`. A consumer with none of them may use `assign()` only, which needs
    /// no group: it is not flagged. Nor is a file that also configures a producer
    /// (`key.serializer`, `acks`): an application shares it between its clients and completes
    /// it in code.
    /// ## Why it fails in production
    /// Without a group id the consumer cannot join a group or commit offsets. From 2.2
    /// (KIP-289) `group.id` defaults to null and `enable.auto.commit=true` set explicitly makes
    /// the constructor throw `InvalidConfigurationException: enable.auto.commit cannot be set to
    /// true when default group id (null) is used.` Otherwise `subscribe()` or `commitSync()`
    /// throws `InvalidGroupIdException: To use the group management or offset commit APIs, you
    /// must provide a valid group.id in the consumer configuration.` (before 2.2, the broker
    /// rejects the empty group id with the same exception).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// bootstrap.servers=kafka-1:9092
    /// enable.auto.commit=true
    /// session.timeout.ms=45000
    /// ```
    /// ## Use instead
    /// ```properties
    /// bootstrap.servers=kafka-1:9092
    /// group.id=orders
    /// enable.auto.commit=true
    /// session.timeout.ms=45000
    /// ```
    /// ## Fix
    /// A placeholder `group.id=<group-id>` to fill in (never applied). For
    /// `enable.auto.commit=true`, also an unsafe fix that removes it (for a consumer that only
    /// uses `assign()`).
    /// ## Versions
    /// All; the `enable.auto.commit=true` case from 2.2 (KIP-289), when `group.id` became null by
    /// default. A warning, not an error: `group.id` is often given outside the file (the console
    /// consumer's `--group`, application code), which the file cannot show.
    /// ## Source
    /// KIP-289; `ConsumerConfig.maybeOverrideEnableAutoCommit` / `KafkaConsumer` constructor
    /// (2.2+); `KafkaConsumer.maybeThrowInvalidGroupIdException`; `ConsumerConfig` docs.
    pub GroupSettingsWithoutGroupId {
        id: "consumer/group-settings-without-group-id",
        summary: "a consumer configured for a group has no group.id",
        severity: Warning,
        scope: Scope::File(&[Role::Consumer]),
        versions: None => None,
        reads: ["group.id", "enable.auto.commit", "group.instance.id", "session.timeout.ms", "heartbeat.interval.ms", "partition.assignment.strategy", "max.poll.interval.ms", "group.protocol", "group.remote.assignor"],
        fix: Always,
        source: "KIP-289; ConsumerConfig.maybeOverrideEnableAutoCommit; KafkaConsumer.maybeThrowInvalidGroupIdException",
    }
}

const PLACEHOLDER: &str = "<group-id>";

impl Rule for GroupSettingsWithoutGroupId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::group_id_missing(cx) || super::producer_key_in(cx).is_some() {
            return;
        }
        let release = cx.release();
        let group_id = cx.explicit("group.id");
        let add_group = || match group_id {
            Some(e) => cx.replace_value(e, PLACEHOLDER),
            None => cx.insert_entry("group.id", PLACEHOLDER),
        };
        let missing = if group_id.is_some() { "with an empty `group.id`" } else { "without `group.id`" };
        if let Some(e) = cx.explicit("enable.auto.commit") {
            if e.value.trim().eq_ignore_ascii_case("true") && group_id.is_none() && super::since(release, "null_group_id.since") {
                out.report(
                    &META,
                    cx.id,
                    e.value_span,
                    "`enable.auto.commit=true` without `group.id`: the consumer refuses to start unless `group.id` is given outside this file",
                )
                    .key("enable.auto.commit")
                    .help("set `group.id`, or remove `enable.auto.commit=true` if this consumer only uses assign()")
                    .fix(Fix::display_only("Set `group.id`", vec![add_group()]))
                    .fix(Fix::unsafe_("Remove `enable.auto.commit=true`", vec![cx.delete_entry(e)]));
                return;
            }
        }
        let group_keys: Vec<&str> = super::fact_list("group_keys.keys");
        let found: Vec<&crate::properties::Entry> =
            group_keys.iter().filter_map(|k| cx.explicit(k)).filter(|e| !e.value.trim().is_empty()).collect();
        let Some(first) = found.iter().min_by_key(|e| e.span.start) else { return };
        let names: Vec<String> = found.iter().map(|e| format!("`{}`", e.key)).collect();
        let mut b = out
            .report(
                &META,
                cx.id,
                first.key_span,
                format!(
                    "{} {} set {missing}: subscribe() fails with InvalidGroupIdException unless `group.id` is given outside this file",
                    names.join(", "),
                    if names.len() == 1 { "is" } else { "are" }
                ),
            )
            .key(&first.key)
            .help("set `group.id` for a consumer that subscribes; a consumer that only uses assign() needs none of these settings");
        // A file the application loads with its own settings is completed in code: information.
        if crate::rules::client::carries_app_keys(cx, crate::model::Role::Consumer) {
            b = b.severity(crate::diagnostic::Severity::Info);
        }
        for e in found.iter().filter(|e| e.span.start != first.span.start) {
            b = b.label(cx.id, e.key_span, Some(&e.key), "a group setting");
        }
        b.fix(Fix::display_only("Set `group.id`", vec![add_group()]));
    }
}
