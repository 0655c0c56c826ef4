//! Strimzi custom resources: keys the operator drops, topics their cluster cannot hold.
pub mod forbidden_config;
pub mod topic_min_insync_exceeds_replicas;
pub mod topic_replicas_exceed_brokers;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &forbidden_config::ForbiddenConfig,
    &topic_min_insync_exceeds_replicas::TopicMinInsyncExceedsReplicas,
    &topic_replicas_exceed_brokers::TopicReplicasExceedBrokers,
];
