use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a Streams application that chooses the Streams rebalance protocol
    /// (`group.protocol=streams`, KIP-1071) and gives its main consumer a `group.instance.id`
    /// (static membership). The consumer's value is resolved as Streams resolves it:
    /// `main.consumer.group.instance.id`, else `consumer.group.instance.id`, else the unprefixed
    /// key.
    /// ## Why it fails in production
    /// The application does not start: `ConfigException: Streams rebalance protocol does not
    /// support static membership. Please set group.protocol=classic or remove group.instance.id
    /// from the configuration.` (Streams appends the thread index to the id, so even an empty
    /// value counts.)
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=streams
    /// application.id=orders
    /// group.protocol=streams
    /// group.instance.id=orders-1
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=streams
    /// application.id=orders
    /// group.protocol=streams
    /// ```
    /// ## Fix
    /// None: remove `group.instance.id`, or keep static membership with `group.protocol=classic`.
    /// ## Versions
    /// 4.1+. `StreamsConfig.verifyStreamsProtocolCompatibility` read at the apache/kafka 4.1.0
    /// and 4.2.0 releases (`group.protocol` does not exist in 4.0.0).
    /// ## Source
    /// `StreamsConfig.verifyStreamsProtocolCompatibility` (constructor), `isStreamsProtocolEnabled`
    /// (`equalsIgnoreCase("STREAMS")`), `getMainConsumerConfigs`; KIP-1071.
    pub StreamsProtocolWithStaticMembership {
        id: "streams/streams-protocol-with-static-membership",
        summary: "group.protocol=streams with a group.instance.id: the Streams application does not start",
        severity: Error,
        scope: Scope::File(&[Role::Streams]),
        versions: Some("4.1") => None,
        reads: ["group.protocol", "group.instance.id", "consumer.group.instance.id", "main.consumer.group.instance.id"],
        fix: None,
        source: "StreamsConfig.verifyStreamsProtocolCompatibility; KIP-1071",
    }
}

impl Rule for StreamsProtocolWithStaticMembership {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(gp) = cx.explicit("group.protocol") else { return };
        if !crate::rules::client::holds_from(cx, "4.1", None) {
            return;
        }
        if !gp.value.trim().eq_ignore_ascii_case("streams") {
            return;
        }
        let Some(id) = super::main_consumer_setting(cx, "group.instance.id") else { return };
        let span = if id.value_span.is_empty() { id.key_span } else { id.value_span };
        out.report(
            &META,
            cx.id,
            span,
            format!("`{}` with `group.protocol=streams`: the Streams rebalance protocol has no static membership and the application does not start", id.key),
        )
        .key(&id.key)
        .label(cx.id, gp.value_span, Some("group.protocol"), "the Streams rebalance protocol is chosen here")
        .help(format!("remove `{}`, or set `group.protocol=classic` to keep static membership", id.key));
    }
}
