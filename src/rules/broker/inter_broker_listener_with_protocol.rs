use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker file that sets both `inter.broker.listener.name` and
    /// `security.inter.broker.protocol`.
    /// ## Why it fails in production
    /// The two keys say the same thing in two ways (the listener's protocol comes from
    /// `listener.security.protocol.map`), and Kafka refuses to start: `ConfigException: Only one of
    /// inter.broker.listener.name and security.inter.broker.protocol should be set.`
    /// ## Example
    /// ```properties,expect_diagnostic
    /// listeners=INTERNAL://0.0.0.0:9092
    /// listener.security.protocol.map=INTERNAL:SSL
    /// inter.broker.listener.name=INTERNAL
    /// security.inter.broker.protocol=SSL
    /// ```
    /// ## Use instead
    /// ```properties
    /// listeners=INTERNAL://0.0.0.0:9092
    /// listener.security.protocol.map=INTERNAL:SSL
    /// inter.broker.listener.name=INTERNAL
    /// ```
    /// ## Fix
    /// Safe: removes `security.inter.broker.protocol`; the protocol of the listener named by
    /// `inter.broker.listener.name` is the one its map entry gives.
    /// ## Versions
    /// 0.10.2 and later (`inter.broker.listener.name`, KIP-103).
    /// ## Source
    /// `kafka.server.KafkaConfig.getInterBrokerListenerNameAndSecurityProtocol` (the check reads
    /// `originals`, so an explicit `security.inter.broker.protocol` counts even at its default
    /// value), read at 3.0, 3.9 and 4.1.
    pub InterBrokerListenerWithProtocol {
        id: "broker/inter-broker-listener-with-protocol",
        summary: "inter.broker.listener.name and security.inter.broker.protocol are both set",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("0.10.2") => None,
        reads: ["inter.broker.listener.name", "security.inter.broker.protocol"],
        fix: Always,
        source: "KafkaConfig.getInterBrokerListenerNameAndSecurityProtocol",
    }
}

impl Rule for InterBrokerListenerWithProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let (Some(name), Some(proto)) = (cx.explicit("inter.broker.listener.name"), cx.explicit("security.inter.broker.protocol")) else {
            return;
        };
        if name.value.trim().is_empty() {
            return;
        }
        out.report(
            &META,
            cx.id,
            proto.key_span,
            format!(
                "`security.inter.broker.protocol` ({}) is set together with `inter.broker.listener.name` ({}): Kafka refuses to start",
                proto.value.trim(),
                name.value.trim()
            ),
        )
        .key("security.inter.broker.protocol")
        .primary_label("set only one of the two")
        .label(cx.id, name.span, Some("inter.broker.listener.name"), "`inter.broker.listener.name` is set here")
        .help("remove `security.inter.broker.protocol`: the inter-broker listener's protocol comes from `listener.security.protocol.map`")
        .fix(Fix::safe("Remove `security.inter.broker.protocol`", vec![cx.delete_entry(proto)]));
    }
}
