//! Kafka Streams application files.

pub mod eos_transaction_timeout_below_commit_interval;
pub mod replication_factor_exceeds_brokers;
pub mod state_dir_in_tmp;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &eos_transaction_timeout_below_commit_interval::EosTransactionTimeoutBelowCommitInterval,
    &replication_factor_exceeds_brokers::ReplicationFactorExceedsBrokers,
    &state_dir_in_tmp::StateDirInTmp,
];
