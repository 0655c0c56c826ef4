//! Kafka Streams application files.

pub mod eos_max_in_flight_above_limit;
pub mod eos_transaction_timeout_below_commit_interval;
pub mod metrics_push_prefixed_setting;
pub mod rack_aware_tags_invalid;
pub mod replication_factor_exceeds_brokers;
pub mod state_dir_in_tmp;
pub mod streams_protocol_with_static_membership;
pub mod topic_segment_below_batch_size;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &eos_max_in_flight_above_limit::EosMaxInFlightAboveLimit,
    &eos_transaction_timeout_below_commit_interval::EosTransactionTimeoutBelowCommitInterval,
    &metrics_push_prefixed_setting::MetricsPushPrefixedSetting,
    &rack_aware_tags_invalid::RackAwareTagsInvalid,
    &replication_factor_exceeds_brokers::ReplicationFactorExceedsBrokers,
    &state_dir_in_tmp::StateDirInTmp,
    &streams_protocol_with_static_membership::StreamsProtocolWithStaticMembership,
    &topic_segment_below_batch_size::TopicSegmentBelowBatchSize,
];

use crate::model::is_placeholder;
use crate::properties::Entry;
use crate::rules::FileCtx;

/// `processing.guarantee` when it turns exactly-once on in the file's version
/// (`StreamsConfigUtils.eosEnabled`: exact, case-sensitive names): `exactly_once` up to 3.9,
/// `exactly_once_beta` from 2.6 to 3.9, `exactly_once_v2` from 3.0. A value that the version's
/// validator refuses is `schema/invalid-value`'s.
pub(crate) fn eos_guarantee<'a>(cx: &FileCtx<'a>) -> Option<&'a Entry> {
    let e = cx.explicit("processing.guarantee")?;
    let r = cx.release();
    let on = match e.value.trim() {
        "exactly_once" => r.at_least("0.11.0") && !r.at_least("4.0"),
        "exactly_once_beta" => r.at_least("2.6") && !r.at_least("4.0"),
        "exactly_once_v2" => r.at_least("3.0"),
        _ => false,
    };
    on.then_some(e)
}

/// A setting of Streams' embedded producer as `StreamsConfig.getClientPropsWithPrefix("producer.",
/// ProducerConfig.configNames())` resolves it: `producer.<key>` wins over the unprefixed key.
/// `None` when neither is set, or the value is a placeholder.
pub(crate) fn producer_setting<'a>(cx: &FileCtx<'a>, key: &str) -> Option<&'a Entry> {
    let e = cx.explicit(&format!("producer.{key}")).or_else(|| cx.explicit(key))?;
    (!is_placeholder(&e.value)).then_some(e)
}

/// A setting of Streams' main consumer as `StreamsConfig.getMainConsumerConfigs` resolves it:
/// `main.consumer.<key>` wins over `consumer.<key>`, which wins over the unprefixed key
/// (`getCommonConsumerConfigs`: `getClientPropsWithPrefix(CONSUMER_PREFIX,
/// ConsumerConfig.configNames())`). `None` when none is set, or the value is a placeholder.
pub(crate) fn main_consumer_setting<'a>(cx: &FileCtx<'a>, key: &str) -> Option<&'a Entry> {
    let e =
        cx.explicit(&format!("main.consumer.{key}")).or_else(|| cx.explicit(&format!("consumer.{key}"))).or_else(|| cx.explicit(key))?;
    (!is_placeholder(&e.value)).then_some(e)
}
