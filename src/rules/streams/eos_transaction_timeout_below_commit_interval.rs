use crate::model::{is_placeholder, parse_i64, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a Streams application under exactly-once (`processing.guarantee` `exactly_once`,
    /// `exactly_once_beta` or `exactly_once_v2`) whose `commit.interval.ms` exceeds the
    /// transaction timeout of its producers. Streams reads only `producer.transaction.timeout.ms`
    /// here (default 10000): an unprefixed `transaction.timeout.ms` does not count.
    /// ## Why it fails in production
    /// The application refuses to start: `IllegalArgumentException: Transaction timeout 10000 was
    /// set lower than streams commit interval 60000. This will cause ongoing transaction always
    /// timeout due to inactivity caused by long commit interval.`
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=streams
    /// application.id=orders
    /// processing.guarantee=exactly_once_v2
    /// commit.interval.ms=60000
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=streams
    /// application.id=orders
    /// processing.guarantee=exactly_once_v2
    /// commit.interval.ms=60000
    /// producer.transaction.timeout.ms=120000
    /// ```
    /// ## Fix
    /// None: lower `commit.interval.ms` or raise `producer.transaction.timeout.ms`.
    /// ## Versions
    /// 3.0+. `StreamsConfig.verifyEOSTransactionTimeoutCompatibility` read at apache/kafka tags
    /// 3.0.0 to 3.8.0, and verified unchanged at 3.9.0 and at the 4.0.0, 4.1.0 and 4.2.0 releases
    /// (only the message's line breaks differ; `DEFAULT_TRANSACTION_TIMEOUT = 10000` and
    /// `EOS_DEFAULT_COMMIT_INTERVAL_MS = 100` throughout). From 4.0 only `exactly_once_v2` is
    /// accepted (`exactly_once` and `exactly_once_beta` are refused by the validator:
    /// `schema/invalid-value`). Under exactly-once `commit.interval.ms` defaults to 100.
    /// ## Source
    /// `org.apache.kafka.streams.StreamsConfig.verifyEOSTransactionTimeoutCompatibility`
    /// (`DEFAULT_TRANSACTION_TIMEOUT = 10000`, `EOS_DEFAULT_COMMIT_INTERVAL_MS = 100`).
    pub EosTransactionTimeoutBelowCommitInterval {
        id: "streams/eos-transaction-timeout-below-commit-interval",
        summary: "under exactly-once, commit.interval.ms exceeds producer.transaction.timeout.ms: the application does not start",
        severity: Error,
        scope: Scope::File(&[Role::Streams]),
        versions: Some("3.0") => None,
        reads: ["processing.guarantee", "commit.interval.ms", "producer.transaction.timeout.ms"],
        fix: None,
        source: "StreamsConfig.verifyEOSTransactionTimeoutCompatibility",
    }
}

/// `StreamsConfig.DEFAULT_TRANSACTION_TIMEOUT` (3.0.0-4.2.0).
const DEFAULT_TRANSACTION_TIMEOUT: i64 = 10_000;

impl Rule for EosTransactionTimeoutBelowCommitInterval {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        // StreamsConfigUtils.eosEnabled: exact, case-sensitive names, as the version has them.
        let Some(pg) = super::eos_guarantee(cx) else { return };
        if !crate::rules::client::holds_from(cx, "3.0", super::guarantee_floor(pg)) {
            return;
        }
        // Under exactly-once an unset commit interval is 100 ms: only an explicit one can exceed.
        let Some(ci) = cx.explicit("commit.interval.ms") else { return };
        let Some(commit) = (!is_placeholder(&ci.value)).then(|| parse_i64(&ci.value)).flatten() else { return };
        let tt_entry = cx.explicit("producer.transaction.timeout.ms");
        let timeout = match tt_entry {
            Some(e) if is_placeholder(&e.value) => return,
            Some(e) => match parse_i64(&e.value) {
                Some(v) => v,
                None => return,
            },
            None => DEFAULT_TRANSACTION_TIMEOUT,
        };
        if timeout >= commit {
            return;
        }
        let from = if tt_entry.is_some() {
            "`producer.transaction.timeout.ms`".to_string()
        } else {
            "the default transaction timeout".to_string()
        };
        let mut b = out
            .report(
                &META,
                cx.id,
                ci.value_span,
                format!("`commit.interval.ms={commit}` exceeds {from} ({timeout}) under exactly-once: the Streams application refuses to start"),
            )
            .key("commit.interval.ms")
            .label(cx.id, pg.value_span, Some("processing.guarantee"), "exactly-once is on here")
            .help("lower `commit.interval.ms`, or set `producer.transaction.timeout.ms` at least as high (the unprefixed `transaction.timeout.ms` is not read by this check)");
        if let Some(e) = tt_entry {
            b = b.label(cx.id, e.value_span, Some("producer.transaction.timeout.ms"), "the transaction timeout");
        }
        let _ = b;
    }
}
