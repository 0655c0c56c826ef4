use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker whose `queued.max.request.bytes` is positive but below
    /// `socket.request.max.bytes` (explicit values or the version's defaults). A value of 0 or
    /// below means no limit.
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed:
    /// queued.max.request.bytes must be larger or equal to socket.request.max.bytes`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// queued.max.request.bytes=1048576
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// queued.max.request.bytes=209715200
    /// ```
    /// ## Fix
    /// None: raise `queued.max.request.bytes`, or leave it at -1 (no limit).
    /// ## Versions
    /// 1.0+ (the key came with KIP-72 in 1.0). The same check in `KafkaConfig.validateValues` at
    /// apache/kafka tags 1.0.0 to 3.8.0 and 3.9.0-rc3 (and the 3.9.0 release commit cc53a63, whose
    /// `KafkaConfig` is the same), and at the 4.0.0, 4.1.0 and 4.2.0 release commits of the apache
    /// branches (read in the confluentinc/kafka mirror: 4.0 branch at 4ae6814, the head before the bump
    /// to 4.0.1-SNAPSHOT; 13f7025 and a18251b, `Bump version to 4.1.0` / `4.2.0`).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`require(queuedMaxBytes <= 0 || queuedMaxBytes >=
    /// socketRequestMaxBytes)`).
    pub QueuedMaxRequestBytesBelowRequestMax {
        id: "broker/queued-max-request-bytes-below-request-max",
        summary: "queued.max.request.bytes is positive and below socket.request.max.bytes: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("1.0") => None,
        reads: ["queued.max.request.bytes", "socket.request.max.bytes"],
        fix: None,
        source: "KafkaConfig.validateValues (queued.max.request.bytes must be larger or equal to socket.request.max.bytes)",
    }
}

impl Rule for QueuedMaxRequestBytesBelowRequestMax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((queued, queued_e)) = super::long_of(cx, "queued.max.request.bytes") else { return };
        let Some((max, max_e)) = super::long_of(cx, "socket.request.max.bytes") else { return };
        if queued <= 0 || queued >= max || (queued_e.is_none() && max_e.is_none()) {
            return;
        }
        let span = queued_e.or(max_e).map(|e| e.value_span).expect("one of them is explicit");
        out.report(
            &META,
            cx.id,
            span,
            format!(
                "{} is below {}: the broker refuses to start (`queued.max.request.bytes must be larger or equal to socket.request.max.bytes`)",
                super::shown(cx, "queued.max.request.bytes", queued, queued_e),
                super::shown(cx, "socket.request.max.bytes", max, max_e)
            ),
        )
        .key("queued.max.request.bytes")
        .help("raise `queued.max.request.bytes` to at least `socket.request.max.bytes`, or set it to -1 (no limit)");
    }
}
