use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker whose `log.cleaner.dedupe.buffer.size / log.cleaner.threads` (integer
    /// division, effective values) is not above 1 MiB (1048576 bytes), and
    /// `log.cleaner.threads=0`, which Kafka divides by. As information, it also notes a share above
    /// 2 GiB per thread, which the cleaner caps.
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed:
    /// log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread.` (the check is
    /// `>`, so exactly 1 MiB per thread is refused too). `log.cleaner.threads=0` passes the key's
    /// own range (`atLeast(0)`) but the same check divides by it: `ArithmeticException: / by
    /// zero`. The check runs whether or not `log.cleaner.enable` is on. Above 2 GiB per thread
    /// the cleaner logs `Cannot use more than 2G of cleaner buffer space per cleaner thread,
    /// ignoring excess buffer space...` and uses 2 GiB: the rest of the setting does nothing.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// log.cleaner.threads=8
    /// log.cleaner.dedupe.buffer.size=8388608
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// log.cleaner.threads=8
    /// log.cleaner.dedupe.buffer.size=268435456
    /// ```
    /// ## Fix
    /// None: raise the buffer or lower the number of cleaner threads.
    /// ## Versions
    /// All: the same `require` in `KafkaConfig.validateValues` at apache/kafka tags 0.10.0.0,
    /// 0.11.0.0, 1.0.0, 2.0.0, 2.8.0, 3.0.0, 3.5.0, 3.8.0, the 3.9 branch (3.9.0), and at the
    /// 4.0.0, 4.1.0 and 4.2.0 release commits of the apache branches (read in the
    /// confluentinc/kafka mirror: 4ae6814, the 4.0 head before the bump to 4.0.1-SNAPSHOT; 13f7025
    /// and a18251b, `Bump version to 4.1.0` / `4.2.0`). The 2 GiB cap: `LogCleaner.CleanerThread`
    /// at the 3.9 branch.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`require(logCleanerDedupeBufferSize /
    /// logCleanerThreads > 1024 * 1024, …)`); `kafka.log.LogCleaner.CleanerThread`
    /// (`math.min(config.dedupeBufferSize / config.numThreads, Int.MaxValue)`).
    pub CleanerDedupeBufferPerThread {
        id: "broker/cleaner-dedupe-buffer-per-thread",
        summary: "log.cleaner.dedupe.buffer.size is at most 1 MiB per cleaner thread (or no threads): the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["log.cleaner.dedupe.buffer.size", "log.cleaner.threads"],
        fix: None,
        source: "KafkaConfig.validateValues (log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread); LogCleaner.CleanerThread",
    }
}

const MIB: i64 = 1024 * 1024;

impl Rule for CleanerDedupeBufferPerThread {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((size, size_e)) = super::long_of(cx, "log.cleaner.dedupe.buffer.size") else { return };
        let Some((threads, threads_e)) = super::long_of(cx, "log.cleaner.threads") else { return };
        if size_e.is_none() && threads_e.is_none() {
            return;
        }
        let span = size_e.or(threads_e).map(|e| e.value_span).expect("one of them is explicit");
        let shown_size = super::shown(cx, "log.cleaner.dedupe.buffer.size", size, size_e);
        let shown_threads = super::shown(cx, "log.cleaner.threads", threads, threads_e);
        if threads == 0 {
            let span = threads_e.map_or(span, |e| e.value_span);
            out.report(&META, cx.id, span, format!("{shown_threads}: the broker refuses to start (its dedupe buffer check divides by the thread count: `ArithmeticException: / by zero`)"))
                .key("log.cleaner.threads")
                .help("keep at least one cleaner thread (`log.cleaner.threads=1`); to stop compaction set `log.cleaner.enable=false`");
            return;
        }
        if threads < 0 {
            // Below the key's range: `schema/invalid-value` reports it.
            return;
        }
        let per_thread = size / threads;
        if per_thread <= MIB {
            out.report(
                &META,
                cx.id,
                span,
                format!("{shown_size} over {shown_threads} is {per_thread} bytes per cleaner thread: the broker refuses to start (`log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread.`, more than 1048576 bytes each)"),
            )
            .key(if size_e.is_some() { "log.cleaner.dedupe.buffer.size" } else { "log.cleaner.threads" })
            .help(format!("give each cleaner thread more than 1 MiB: `log.cleaner.dedupe.buffer.size` of at least {}", (MIB + 1) * threads));
        } else if per_thread > i64::from(i32::MAX) {
            out.report(
                &META,
                cx.id,
                span,
                format!("{shown_size} over {shown_threads} is {per_thread} bytes per cleaner thread: each cleaner uses at most 2147483647 (`Cannot use more than 2G of cleaner buffer space per cleaner thread, ignoring excess buffer space...`)"),
            )
            .key("log.cleaner.dedupe.buffer.size")
            .severity(crate::diagnostic::Severity::Info)
            .help("lower `log.cleaner.dedupe.buffer.size` to what the cleaner threads use (2 GiB each), or add cleaner threads");
        }
    }
}
