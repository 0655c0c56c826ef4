use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker whose `offsets.commit.required.acks` is below -1 or above
    /// `offsets.topic.replication.factor` (explicit or the version's default).
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed:
    /// offsets.commit.required.acks must be greater or equal -1 and less or equal to
    /// offsets.topic.replication.factor`.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.9
    /// # kafkalint: role=broker
    /// offsets.topic.replication.factor=1
    /// offsets.commit.required.acks=2
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.9
    /// # kafkalint: role=broker
    /// offsets.topic.replication.factor=1
    /// offsets.commit.required.acks=-1
    /// ```
    /// ## Fix
    /// None: leave `offsets.commit.required.acks` at its default (-1).
    /// ## Versions
    /// Up to 3.9 (the key was removed in 4.0; `KafkaConfig.validateValues` from 0.10.0.0 to 3.8.0
    /// as tagged in apache/kafka).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`require(offsetCommitRequiredAcks >= -1 &&
    /// offsetCommitRequiredAcks <= offsetsTopicReplicationFactor)`).
    pub OffsetsCommitRequiredAcksOutOfRange {
        id: "broker/offsets-commit-required-acks-out-of-range",
        summary: "offsets.commit.required.acks below -1 or above offsets.topic.replication.factor: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => Some("3.9"),
        reads: ["offsets.commit.required.acks", "offsets.topic.replication.factor"],
        fix: None,
        source: "KafkaConfig.validateValues (offsets.commit.required.acks vs offsets.topic.replication.factor)",
    }
}

impl Rule for OffsetsCommitRequiredAcksOutOfRange {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((acks, Some(e))) = super::long_of(cx, "offsets.commit.required.acks") else { return };
        let Some((rf, rf_e)) = super::long_of(cx, "offsets.topic.replication.factor") else { return };
        if (-1..=rf).contains(&acks) {
            return;
        }
        out.report(
            &META,
            cx.id,
            e.value_span,
            format!(
                "`offsets.commit.required.acks={acks}` is outside -1 to {}: the broker refuses to start",
                super::shown(cx, "offsets.topic.replication.factor", rf, rf_e)
            ),
        )
        .key("offsets.commit.required.acks")
        .help("remove `offsets.commit.required.acks` (the default -1 waits for all in-sync replicas)");
    }
}
