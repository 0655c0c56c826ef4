use crate::model::{parse_i64, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker file that sets both `node.id` and `broker.id` to different numbers. Kafka
    /// copies one into the other when only one is set; when both are set they must agree.
    /// ## Why it fails in production
    /// The broker refuses to start: ``ConfigException: You must set `node.id` to the same value as
    /// `broker.id`.``
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// broker.id=1
    /// node.id=2
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// node.id=2
    /// ```
    /// ## Fix
    /// None: keep one of the two (in KRaft mode, `node.id`).
    /// ## Versions
    /// 3.1+ (2.8 and 3.0 did not compare them). The same check, after `populateSynonyms`, in
    /// `KafkaConfig` at apache/kafka tags 3.1.0 to 3.8.0 and 3.9.0-rc3 (and the 3.9.0 release commit
    /// cc53a63, whose `KafkaConfig` is the same), and at the 4.0.0, 4.1.0 and 4.2.0 release commits of
    /// the apache branches (read in the confluentinc/kafka mirror: 4.0 branch at 4ae6814, the head
    /// before the bump to 4.0.1-SNAPSHOT; 13f7025 and a18251b, `Bump version to 4.1.0` / `4.2.0`).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`if (nodeId != brokerId) throw new
    /// ConfigException(...)`) after `KafkaConfig.populateSynonyms`.
    pub NodeIdDiffersFromBrokerId {
        id: "broker/node-id-differs-from-broker-id",
        summary: "node.id and broker.id are both set and differ: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.1") => None,
        reads: ["node.id", "broker.id"],
        fix: None,
        source: "KafkaConfig.validateValues (You must set `node.id` to the same value as `broker.id`.)",
    }
}

impl Rule for NodeIdDiffersFromBrokerId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let (Some(n), Some(b)) = (cx.explicit("node.id"), cx.explicit("broker.id")) else { return };
        let (Some(nv), Some(bv)) = (parse_i64(&n.value), parse_i64(&b.value)) else { return };
        if nv == bv {
            return;
        }
        out.report(&META, cx.id, n.value_span, format!("`node.id={nv}` differs from `broker.id={bv}`: the broker refuses to start"))
            .key("node.id")
            .label(cx.id, b.value_span, Some("broker.id"), format!("`broker.id` is {bv} here"))
            .help("set only one of them, or the same id in both");
    }
}
