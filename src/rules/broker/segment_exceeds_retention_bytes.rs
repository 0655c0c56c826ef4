use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a `log.segment.bytes` larger than a set `log.retention.bytes` (effective segment
    /// size: the default, 1 GiB, counts).
    /// ## Why it fails in production
    /// Size-based retention deletes whole closed segments, never the active one. With segments
    /// bigger than the retention size a partition grows to about `log.segment.bytes +
    /// log.retention.bytes` before anything is deleted: the size limit does not hold, and disks
    /// planned with `log.retention.bytes` fill up.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// log.retention.bytes=104857600
    /// ```
    /// ## Use instead
    /// ```properties
    /// log.retention.bytes=104857600
    /// log.segment.bytes=26214400
    /// ```
    /// ## Fix
    /// None: lower `log.segment.bytes` (a fraction of `log.retention.bytes`) or raise the
    /// retention size.
    /// ## Versions
    /// All.
    /// ## Source
    /// `UnifiedLog.deleteRetentionSizeBreachedSegments` (whole segments, active segment kept);
    /// broker docs of `log.retention.bytes` and `log.segment.bytes`.
    pub SegmentExceedsRetentionBytes {
        id: "broker/segment-exceeds-retention-bytes",
        summary: "log.segment.bytes exceeds log.retention.bytes: the size limit does not hold",
        severity: Warning,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["log.segment.bytes", "log.retention.bytes"],
        fix: None,
        source: "UnifiedLog.deleteRetentionSizeBreachedSegments; broker docs",
    }
}

impl Rule for SegmentExceedsRetentionBytes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let (Some(seg), Some(ret)) = (cx.get("log.segment.bytes"), cx.get("log.retention.bytes")) else { return };
        let Some(ret_entry) = ret.entry() else { return };
        let (Some(s), Some(r)) = (seg.as_i64(), ret.as_i64()) else { return };
        if r < 0 || s <= r {
            return;
        }
        let (primary, key) = match seg.entry() {
            Some(e) => (e.value_span, "log.segment.bytes"),
            None => (ret_entry.value_span, "log.retention.bytes"),
        };
        let b = out
            .report(
                &META,
                cx.id,
                primary,
                format!("`log.segment.bytes` ({s}{}) exceeds `log.retention.bytes` ({r}): a partition grows to about {} bytes before anything is deleted", super::default_note(&seg, cx.release()), s + r),
            )
            .key(key)
            .help("keep `log.segment.bytes` well below `log.retention.bytes` (a quarter of it or less)");
        if seg.entry().is_some() {
            b.label(cx.id, ret_entry.value_span, Some("log.retention.bytes"), "`log.retention.bytes` is set here");
        } else {
            b.primary_label(seg.origin_text());
        }
    }
}
