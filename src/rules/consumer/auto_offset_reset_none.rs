use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `auto.offset.reset=none`.
    /// ## Why it fails in production
    /// With `none` the consumer has no answer when its group has no committed offset for a
    /// partition: on the first start of a new group, for a partition added later, or once the
    /// committed offsets expired (`offsets.retention.minutes`, 7 days from 2.0) or point to
    /// data deleted by retention. `poll()` then throws `NoOffsetForPartitionException:
    /// Undefined offset with no reset policy for partitions: [orders-3]` and, unless the
    /// application seeks by itself, the consumer stops.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// group.id=orders
    /// auto.offset.reset=none
    /// ```
    /// ## Use instead
    /// ```properties
    /// group.id=orders
    /// auto.offset.reset=earliest
    /// ```
    /// ## Fix
    /// Unsafe: sets `earliest` (reads a partition from its start when no offset is known:
    /// duplicates instead of a crash). Keep `none` only when the application handles
    /// `NoOffsetForPartitionException` or seeks every partition itself.
    /// ## Versions
    /// All.
    /// ## Source
    /// `ConsumerConfig` docs for `auto.offset.reset` ("none: throw exception to the consumer if no
    /// previous offset is found for the consumer's group"); `NoOffsetForPartitionException`.
    pub AutoOffsetResetNone {
        id: "consumer/auto-offset-reset-none",
        summary: "auto.offset.reset=none stops the consumer when no committed offset exists",
        severity: Warning,
        scope: Scope::File(&[Role::Consumer]),
        versions: None => None,
        reads: ["auto.offset.reset"],
        fix: Always,
        source: "ConsumerConfig (auto.offset.reset); NoOffsetForPartitionException",
    }
}

impl Rule for AutoOffsetResetNone {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(e) = cx.explicit("auto.offset.reset") else { return };
        if e.value.trim() != "none" {
            return;
        }
        out.report(
            &META,
            cx.id,
            e.value_span,
            "`auto.offset.reset=none`: a partition without a committed offset (a new group, a new partition, expired offsets) stops the consumer with NoOffsetForPartitionException",
        )
        .key("auto.offset.reset")
        .help("use `earliest` (or `latest`), or handle `NoOffsetForPartitionException` and seek in the application")
        .fix(Fix::unsafe_("Set `auto.offset.reset=earliest`", vec![cx.replace_value(e, "earliest")]));
    }
}
