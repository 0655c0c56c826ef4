use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a topic whose segments outlive its retention: `segment.ms` above a set
    /// `retention.ms`, or `segment.bytes` above a set `retention.bytes`. Unset segment settings
    /// count with their defaults (the broker's `log.roll.hours`, 7 days, and `log.segment.bytes`,
    /// 1 GiB, unless the broker changes them). Topics whose `cleanup.policy` does not delete are
    /// skipped.
    /// ## Why it fails in production
    /// Retention deletes whole closed segments and never the active one. A topic with
    /// `retention.ms=3600000` (one hour) and the default 7-day segments keeps a quiet partition's
    /// data for up to 7 days: consumers replay data the owners believe deleted, and data that
    /// had to be gone in an hour (privacy, compliance) is still on disk. With `segment.bytes`
    /// above `retention.bytes` a partition grows to about the sum of both before anything is
    /// deleted.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// retention.ms=3600000
    /// ```
    /// ## Use instead
    /// ```properties
    /// retention.ms=3600000
    /// segment.ms=600000
    /// ```
    /// ## Fix
    /// None: lower `segment.ms` / `segment.bytes` to a fraction of the retention (smaller
    /// segments mean more files), or raise the retention.
    /// ## Versions
    /// All.
    /// ## Source
    /// `UnifiedLog.deleteRetentionMsBreachedSegments` / `deleteRetentionSizeBreachedSegments`
    /// (whole segments; the active segment is kept); topic docs of `segment.ms` ("the period of
    /// time after which Kafka will force the log to roll even if the segment file isn't full to
    /// ensure that retention can delete or compact old data").
    pub SegmentExceedsRetention {
        id: "topic/segment-exceeds-retention",
        summary: "a topic's segments outlive its retention (segment.ms > retention.ms, segment.bytes > retention.bytes)",
        severity: Warning,
        scope: Scope::File(&[Role::Topic]),
        versions: None => None,
        reads: ["segment.ms", "retention.ms", "segment.bytes", "retention.bytes", "cleanup.policy"],
        fix: None,
        source: "UnifiedLog retention (whole segments, active segment kept); topic docs (segment.ms)",
    }
}

impl Rule for SegmentExceedsRetention {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::deletes(cx) {
            return;
        }
        for (seg_key, ret_key, unit, default_from) in [
            ("segment.ms", "retention.ms", "ms", "the broker's `log.roll.ms`/`log.roll.hours`"),
            ("segment.bytes", "retention.bytes", "bytes", "the broker's `log.segment.bytes`"),
        ] {
            let (Some(seg), Some(ret)) = (cx.get(seg_key), cx.get(ret_key)) else { continue };
            let Some(ret_entry) = ret.entry() else { continue };
            let (Some(s), Some(r)) = (seg.as_i64(), ret.as_i64()) else { continue };
            if r < 0 || s <= r {
                continue;
            }
            let consequence = if unit == "ms" {
                format!("a quiet partition keeps its data for up to {s} ms, not {r} ms")
            } else {
                format!("a partition grows to about {} bytes before anything is deleted", s.saturating_add(r))
            };
            let b = match seg.entry() {
                Some(e) => out
                    .report(&META, cx.id, e.value_span, format!("`{seg_key}` ({s}) exceeds `{ret_key}` ({r}): {consequence}"))
                    .key(seg_key)
                    .label(cx.id, ret_entry.value_span, Some(ret_key), format!("`{ret_key}` is set here")),
                None => out
                    .report(
                        &META,
                        cx.id,
                        ret_entry.value_span,
                        format!("`{ret_key}` ({r}) is below the default `{seg_key}` ({s}, from {default_from} unless the broker changes it): {consequence}"),
                    )
                    .key(ret_key),
            };
            b.help(format!(
                "set `{seg_key}` to a fraction of `{ret_key}` (a tenth, say) so that segments roll and retention can delete them"
            ));
        }
    }
}
