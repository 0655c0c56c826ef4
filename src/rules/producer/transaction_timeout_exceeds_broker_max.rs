use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a transactional producer (`transactional.id` set) whose `transaction.timeout.ms`
    /// (effective value) is above its brokers' `transaction.max.timeout.ms` (a broker file's
    /// effective value, or the cluster's value declared in kafkalint.toml).
    /// ## Why it fails in production
    /// The transaction coordinator refuses to register the producer: `initTransactions()` throws
    /// `InvalidTxnTimeoutException: The transaction timeout is larger than the maximum value
    /// allowed by the broker (as configured by transaction.max.timeout.ms).` The producer cannot
    /// send anything. It bites when a long-running job raises its transaction timeout (to 1 hour,
    /// say) and the brokers keep their default maximum of 15 minutes.
    /// ## Example
    /// A producer and a broker in one directory:
    /// ```properties
    /// # producer.properties
    /// transactional.id=orders-tx-1
    /// transaction.timeout.ms=3600000
    /// # server.properties: transaction.max.timeout.ms left at its default (900000)
    /// ```
    /// ## Use instead
    /// ```properties
    /// # producer.properties
    /// transactional.id=orders-tx-1
    /// transaction.timeout.ms=600000
    /// ```
    /// ## Fix
    /// Safe when `transaction.timeout.ms` is set: lowers it to the broker's maximum (the
    /// producer cannot start otherwise). Or raise `transaction.max.timeout.ms` on the brokers.
    /// ## Versions
    /// 0.11.0 and later (KIP-98).
    /// ## Source
    /// `TransactionCoordinator.handleInitProducerId` (`validateTransactionTimeoutMs`);
    /// `Errors.INVALID_TRANSACTION_TIMEOUT`; broker docs for `transaction.max.timeout.ms`.
    pub TransactionTimeoutExceedsBrokerMax {
        id: "producer/transaction-timeout-exceeds-broker-max",
        summary: "transaction.timeout.ms is above the broker's transaction.max.timeout.ms",
        severity: Error,
        scope: Scope::Deployment,
        versions: Some("0.11.0") => None,
        reads: ["transactional.id", "transaction.timeout.ms", "transaction.max.timeout.ms"],
        fix: Sometimes,
        source: "TransactionCoordinator.handleInitProducerId; Errors.INVALID_TRANSACTION_TIMEOUT",
    }
}

impl Rule for TransactionTimeoutExceedsBrokerMax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let limits = super::limits(cx, "transaction.max.timeout.ms", None);
        for producer in cx.reported_with_role(Role::Producer) {
            if !super::since(producer.release(), "transactions.since") {
                continue;
            }
            let Some(tx) = producer.explicit("transactional.id") else { continue };
            let Some(tt) = producer.get("transaction.timeout.ms") else { continue };
            let Some(t) = tt.as_i64() else { continue };
            let Some(limit) = limits.iter().filter(|l| t > l.value).min_by_key(|l| l.value) else { continue };
            let release = producer.release();
            let help =
                format!("set `transaction.timeout.ms` to at most {}, or raise the brokers' `transaction.max.timeout.ms`", limit.value);
            let b = limit.report(
                out,
                &META,
                producer,
                &tt,
                tx.key_span,
                (
                    format!(
                        "`transaction.timeout.ms` ({t}{}) is above {} ({}): initTransactions() fails with InvalidTxnTimeoutException",
                        super::default_note(&tt, release),
                        limit.what,
                        limit.value
                    ),
                    help,
                ),
            );
            if let Some(e) = tt.entry() {
                b.fix(Fix::safe(
                    format!("Set `transaction.timeout.ms={}`", limit.value),
                    vec![producer.replace_value(e, &limit.value.to_string())],
                ));
            }
        }
    }
}
