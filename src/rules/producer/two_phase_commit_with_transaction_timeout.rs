use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a producer with `transaction.two.phase.commit.enable=true` (KIP-939) that also sets
    /// `transaction.timeout.ms`, to any value.
    /// ## Why it fails in production
    /// The producer refuses to start: `ConfigException: Cannot set transaction.timeout.ms when
    /// transaction.two.phase.commit.enable is set to true. Transactions will not expire with
    /// two-phase commit enabled.` With two-phase commit an external coordinator decides when a
    /// transaction ends, so the broker-side timeout does not apply.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// transactional.id=orders-tx-1
    /// transaction.two.phase.commit.enable=true
    /// transaction.timeout.ms=60000
    /// ```
    /// ## Use instead
    /// ```properties
    /// transactional.id=orders-tx-1
    /// transaction.two.phase.commit.enable=true
    /// ```
    /// ## Fix
    /// Safe (the producer cannot start otherwise, and the timeout has no effect under two-phase
    /// commit): removes `transaction.timeout.ms`.
    /// ## Versions
    /// 4.1+ (KIP-939). Read in `ProducerConfig.postProcessAndValidateIdempotenceConfigs` at the
    /// apache/kafka 4.1.0 and 4.2.0 releases; absent at 4.0.0.
    /// ## Source
    /// `ProducerConfig.postProcessAndValidateIdempotenceConfigs` (4.1+); KIP-939.
    pub TwoPhaseCommitWithTransactionTimeout {
        id: "producer/two-phase-commit-with-transaction-timeout",
        summary: "transaction.timeout.ms set with transaction.two.phase.commit.enable=true: the producer does not start",
        severity: Error,
        scope: Scope::File(&[Role::Producer]),
        versions: Some("4.1") => None,
        reads: ["transaction.two.phase.commit.enable", "transaction.timeout.ms"],
        fix: Always,
        source: "ProducerConfig.postProcessAndValidateIdempotenceConfigs; KIP-939",
    }
}

impl Rule for TwoPhaseCommitWithTransactionTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !crate::rules::client::is_java(cx.file) {
            return;
        }
        let Some(tpc) = cx.explicit("transaction.two.phase.commit.enable") else { return };
        if !crate::rules::client::holds_from(cx, "4.1", None) {
            return;
        }
        if !tpc.value.trim().eq_ignore_ascii_case("true") {
            return;
        }
        let Some(tt) = cx.explicit("transaction.timeout.ms") else { return };
        out.report(
            &META,
            cx.id,
            tt.key_span,
            "`transaction.timeout.ms` is set with `transaction.two.phase.commit.enable=true`: the producer refuses to start",
        )
        .key("transaction.timeout.ms")
        .label(cx.id, tpc.value_span, Some("transaction.two.phase.commit.enable"), "two-phase commit is on here")
        .help("remove `transaction.timeout.ms`: transactions do not expire under two-phase commit")
        .fix(Fix::safe("Remove `transaction.timeout.ms`", vec![cx.delete_entry(tt)]));
    }
}
