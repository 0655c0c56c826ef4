use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a `buffer.memory` smaller than `batch.size` (effective values).
    /// ## Why it fails in production
    /// Each new batch takes `batch.size` bytes (or the record's size, when larger) from the
    /// producer's buffer pool, which holds `buffer.memory` bytes in all. A batch larger than the
    /// whole pool can never be allocated: every `send()` throws
    /// `IllegalArgumentException: Attempt to allocate 1048576 bytes, but there is a hard limit of
    /// 65536 on memory allocations.` The producer starts, but sends nothing.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// batch.size=1048576
    /// buffer.memory=65536
    /// ```
    /// ## Use instead
    /// ```properties
    /// batch.size=1048576
    /// buffer.memory=67108864
    /// ```
    /// ## Fix
    /// Safe when `buffer.memory` is set: raises it to `batch.size` (the smallest value that lets
    /// the producer send; a pool of several batches is better). Otherwise none.
    /// ## Versions
    /// All.
    /// ## Source
    /// `RecordAccumulator.append` (allocates `max(batch.size, record size)`); `BufferPool.allocate`.
    pub BufferMemoryBelowBatchSize {
        id: "producer/buffer-memory-below-batch-size",
        summary: "buffer.memory is smaller than batch.size: no batch can be allocated",
        severity: Error,
        scope: Scope::File(&[Role::Producer]),
        versions: None => None,
        reads: ["buffer.memory", "batch.size"],
        fix: Sometimes,
        source: "RecordAccumulator.append; BufferPool.allocate",
    }
}

impl Rule for BufferMemoryBelowBatchSize {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let (Some(buffer), Some(batch)) = (cx.get("buffer.memory"), cx.get("batch.size")) else { return };
        let (Some(m), Some(b)) = (buffer.as_i64(), batch.as_i64()) else { return };
        if b <= m {
            return;
        }
        let release = cx.release();
        let (primary, key, other) = match (buffer.entry(), batch.entry()) {
            (Some(e), _) => (e.value_span, "buffer.memory", &batch),
            (None, Some(e)) => (e.value_span, "batch.size", &buffer),
            (None, None) => return,
        };
        let builder = out
            .report(
                &META,
                cx.id,
                primary,
                format!(
                    "`buffer.memory` ({m}{}) is smaller than `batch.size` ({b}{}): every send fails to allocate a batch",
                    super::default_note(&buffer, release),
                    super::default_note(&batch, release)
                ),
            )
            .key(key)
            .help(format!("set `buffer.memory` well above `batch.size` ({b}), or lower `batch.size`"));
        let builder = match other.entry() {
            Some(e) => builder.label(cx.id, e.value_span, Some(other.key), other.origin_text()),
            None => builder.primary_label(other.origin_text()),
        };
        if let Some(e) = buffer.entry() {
            builder.fix(Fix::safe(format!("Set `buffer.memory={b}`"), vec![cx.replace_value(e, &b.to_string())]));
        }
    }
}
