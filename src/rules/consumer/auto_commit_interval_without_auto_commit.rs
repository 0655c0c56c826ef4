use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `auto.commit.interval.ms` set while auto-commit is off: `enable.auto.commit=false`,
    /// or (from 2.2) no `group.id` and `enable.auto.commit` not set, where Kafka turns it off
    /// (not in a file that also configures a producer: its application may add `group.id`).
    /// ## Why it fails in production
    /// The interval is only read by the auto-commit timer; with auto-commit off it does
    /// nothing. The file suggests offsets are committed every N ms when only the application's
    /// own `commitSync()`/`commitAsync()` calls commit them: a reader tuning commit frequency
    /// here changes nothing.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// group.id=orders
    /// enable.auto.commit=false
    /// auto.commit.interval.ms=1000
    /// ```
    /// ## Use instead
    /// ```properties
    /// group.id=orders
    /// enable.auto.commit=false
    /// ```
    /// ## Fix
    /// Safe: removes `auto.commit.interval.ms` (Kafka ignores it).
    /// ## Versions
    /// All. From 2.2 a consumer without `group.id` has auto-commit off unless it sets
    /// `enable.auto.commit` (KIP-289).
    /// ## Source
    /// `ConsumerConfig` docs for `auto.commit.interval.ms` ("if enable.auto.commit is set to
    /// true"); `ConsumerConfig.maybeOverrideEnableAutoCommit`; KIP-289.
    pub AutoCommitIntervalWithoutAutoCommit {
        id: "consumer/auto-commit-interval-without-auto-commit",
        summary: "auto.commit.interval.ms is ignored while auto-commit is off",
        severity: Info,
        scope: Scope::File(&[Role::Consumer]),
        versions: None => None,
        reads: ["auto.commit.interval.ms", "enable.auto.commit", "group.id"],
        fix: Always,
        source: "ConsumerConfig (auto.commit.interval.ms, enable.auto.commit); KIP-289",
    }
}

impl Rule for AutoCommitIntervalWithoutAutoCommit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(interval) = cx.explicit("auto.commit.interval.ms") else { return };
        let release = cx.release();
        let enable = cx.explicit("enable.auto.commit");
        let (why, label) = match enable {
            Some(e) if e.value.trim().eq_ignore_ascii_case("false") => {
                ("`enable.auto.commit=false`".to_string(), Some((e.value_span, "auto-commit is disabled here")))
            }
            Some(_) => return,
            None if cx.explicit("group.id").is_none()
                && super::since(release, "null_group_id.since")
                && super::producer_key_in(cx).is_none() =>
            {
                (format!("no `group.id` (Kafka {release} then turns auto-commit off)"), None)
            }
            None => return,
        };
        let b = out
            .report(&META, cx.id, interval.key_span, format!("`auto.commit.interval.ms` ({}) is ignored with {why}", interval.value.trim()))
            .key("auto.commit.interval.ms")
            .help("remove `auto.commit.interval.ms`, or enable auto-commit if that is what you meant");
        let b = match label {
            Some((span, text)) => b.label(cx.id, span, Some("enable.auto.commit"), text),
            None => b,
        };
        b.fix(Fix::safe("Remove `auto.commit.interval.ms`", vec![cx.delete_entry(interval)]));
    }
}
