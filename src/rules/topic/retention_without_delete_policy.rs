use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `retention.ms` or `retention.bytes` on a topic whose `cleanup.policy` does not
    /// include `delete` (`cleanup.policy=compact`).
    /// ## Why it fails in production
    /// A compacted-only topic never deletes segments by age or size: retention settings have no
    /// effect, and the topic keeps the latest value of every key forever. Teams that set
    /// `retention.ms=604800000` on a compacted topic expecting old records to expire find the
    /// topic (and the disk) growing with every new key. To compact and also expire old data,
    /// use `cleanup.policy=compact,delete`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// cleanup.policy=compact
    /// retention.ms=604800000
    /// ```
    /// ## Use instead
    /// ```properties
    /// cleanup.policy=compact,delete
    /// retention.ms=604800000
    /// ```
    /// ## Fix
    /// None: add `delete` to `cleanup.policy` if old records must expire (this deletes data), or
    /// remove the retention setting.
    /// ## Versions
    /// All (`compact,delete` from 0.10.1, KIP-71).
    /// ## Source
    /// `UnifiedLog.deleteOldSegments` (retention only when the policy includes `delete`); topic
    /// docs of `cleanup.policy`; KIP-71.
    pub RetentionWithoutDeletePolicy {
        id: "topic/retention-without-delete-policy",
        summary: "retention.ms/retention.bytes on a topic whose cleanup.policy does not delete: no effect",
        severity: Warning,
        scope: Scope::File(&[Role::Topic]),
        versions: None => None,
        reads: ["cleanup.policy", "retention.ms", "retention.bytes"],
        fix: None,
        source: "UnifiedLog.deleteOldSegments; topic docs (cleanup.policy); KIP-71",
    }
}

impl Rule for RetentionWithoutDeletePolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(policy) = cx.explicit("cleanup.policy") else { return };
        if super::deletes(cx) || policy.value.trim().is_empty() {
            return;
        }
        for key in ["retention.ms", "retention.bytes"] {
            let Some(e) = cx.explicit(key) else { continue };
            out.report(
                &META,
                cx.id,
                e.key_span,
                format!(
                    "`{key}` ({}) has no effect: `cleanup.policy={}` never deletes by age or size",
                    e.value.trim(),
                    policy.value.trim()
                ),
            )
            .key(key)
            .primary_label("ignored")
            .label(cx.id, policy.value_span, Some("cleanup.policy"), "no `delete` in the policy")
            .help("use `cleanup.policy=compact,delete` if old records must expire, or remove the retention setting");
        }
    }
}
