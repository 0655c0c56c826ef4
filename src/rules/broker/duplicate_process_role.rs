use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a role written twice in `process.roles` (`broker,broker`). Roles other than `broker`
    /// and `controller` are reported by `schema/invalid-value`.
    /// ## Why it fails in production
    /// Kafka refuses to start: ``ConfigException: Duplicate role names found in `process.roles`:
    /// List(broker, broker)``.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// process.roles=broker,controller,broker
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// ```
    /// ## Use instead
    /// ```properties
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// ```
    /// ## Fix
    /// Safe: removes the repeated role (the node keeps the same roles).
    /// ## Versions
    /// 3.0 and later (KRaft).
    /// ## Source
    /// `kafka.server.KafkaConfig.parseProcessRoles`, read at 3.7 and 3.9.
    pub DuplicateProcessRole {
        id: "broker/duplicate-process-role",
        summary: "process.roles names a role twice",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.0") => None,
        reads: ["process.roles"],
        fix: Always,
        source: "KafkaConfig.parseProcessRoles",
    }
}

impl Rule for DuplicateProcessRole {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(e) = cx.explicit("process.roles") else { return };
        let items = super::list_items(e.value.trim());
        let mut seen: Vec<&str> = Vec::new();
        for (role, range) in &items {
            if seen.contains(&role.as_str()) {
                let first = items.iter().find(|(r, _)| r == role).map(|(_, r)| *r).unwrap_or(*range);
                let mut unique: Vec<&str> = Vec::new();
                for (r, _) in &items {
                    if !unique.contains(&r.as_str()) {
                        unique.push(r);
                    }
                }
                out.report(
                    &META,
                    cx.id,
                    super::entry_range_span(cx, e, *range),
                    format!("`process.roles` names `{role}` twice: Kafka refuses to start"),
                )
                .key("process.roles")
                .primary_label("repeated role")
                .label(cx.id, super::entry_range_span(cx, e, first), Some("process.roles"), format!("`{role}` is first named here"))
                .help("name each role once")
                .fix(Fix::safe(format!("Set `process.roles={}`", unique.join(",")), vec![cx.replace_value(e, &unique.join(","))]));
            } else {
                seen.push(role);
            }
        }
    }
}
