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

/// The release line a `processing.guarantee` value implies (`exactly_once_v2` exists from 3.0,
/// `exactly_once_beta` from 2.6), for judging a file whose version is inferred.
pub(crate) fn guarantee_floor(pg: &Entry) -> Option<&'static str> {
    match pg.value.trim() {
        "exactly_once_v2" => Some("3.0"),
        "exactly_once_beta" => Some("2.6"),
        _ => None,
    }
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

#[cfg(test)]
mod inferred_range_tests {
    use crate::lint::{lint, Input, Settings};

    /// The findings of `rule` on one Streams file linted with no version given (inferred).
    pub(crate) fn findings(rule: &str, path: &str, text: &str) -> usize {
        let settings = Settings { isolated: true, select: Some(vec![rule.to_string()]), ..Default::default() };
        let input = Input { path: path.into(), bytes: text.as_bytes().to_vec() };
        let report = lint(vec![input], &settings).expect("lint");
        report.diagnostics.iter().filter(|d| d.rule.id == rule).count()
    }

    #[test]
    fn exactly_once_v2_puts_the_range_after_the_in_flight_check() {
        // exactly_once_v2 exists from 3.0, where Streams refuses more than 5 in flight.
        let v2 = "# kafkalint: role=streams\napplication.id=a\nprocessing.guarantee=exactly_once_v2\nproducer.max.in.flight.requests.per.connection=10\n";
        assert_eq!(findings("streams/eos-max-in-flight-above-limit", "streams.properties", v2), 1);
        let timeout = "# kafkalint: role=streams\napplication.id=a\nprocessing.guarantee=exactly_once_v2\ncommit.interval.ms=60000\n";
        assert_eq!(findings("streams/eos-transaction-timeout-below-commit-interval", "streams.properties", timeout), 1);
    }

    #[test]
    fn a_check_newer_than_the_inferred_start_is_not_an_error() {
        // Keys from 0.10: the range starts before 1.1, where Streams does not compare the two.
        let seg = "# kafkalint: role=streams\napplication.id=a\ntopic.segment.bytes=100\nbatch.size=1000\n";
        assert_eq!(findings("streams/topic-segment-below-batch-size", "streams.properties", seg), 0);
        // rack.aware.assignment.tags exists from 3.2, where the tags are checked.
        let tags = "# kafkalint: role=streams\napplication.id=a\nrack.aware.assignment.tags=zone\n";
        assert_eq!(findings("streams/rack-aware-tags-invalid", "streams.properties", tags), 1);
        // enable.metrics.push exists from 3.7; the cast comes with 4.0.
        let push = "# kafkalint: role=streams\napplication.id=a\nmain.consumer.enable.metrics.push=false\n";
        assert_eq!(findings("streams/metrics-push-prefixed-setting", "streams.properties", push), 0);
    }
}
