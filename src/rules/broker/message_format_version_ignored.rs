use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::Version;

declare_rule! {
    /// ## What it does
    /// Flags `log.message.format.version` where Kafka ignores it: on a broker whose effective
    /// `inter.broker.protocol.version` is 3.0 or later, and on KRaft nodes (whose protocol version
    /// is at least 3.0).
    /// ## Why it fails in production
    /// Nothing breaks, but the setting no longer does what it says: from protocol 3.0 brokers
    /// always write the current message format (KIP-724), and the broker only logs `Broker
    /// configuration log.message.format.version with value 2.8 is ignored because the
    /// inter-broker protocol version 3.9 is greater or equal than 3.0`. Operators who rely on it
    /// to keep old clients on the down-converted format are mistaken, and the key is removed in
    /// 4.0, where the broker refuses it (`schema/removed-key`).
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.6
    /// inter.broker.protocol.version=3.6
    /// log.message.format.version=2.8
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.6
    /// inter.broker.protocol.version=3.6
    /// ```
    /// ## Fix
    /// Safe: removes `log.message.format.version` (it has no effect).
    /// ## Versions
    /// 3.0 to 3.9. Before 3.0 the key works; in 4.0 it is removed.
    /// ## Source
    /// `kafka.server.KafkaConfig` (3.x): `LogConfig.shouldIgnoreMessageFormatVersion` and the
    /// broker warning quoted above; KIP-724; 3.0 upgrade notes.
    pub MessageFormatVersionIgnored {
        id: "broker/message-format-version-ignored",
        summary: "log.message.format.version is ignored with inter.broker.protocol.version 3.0 or later",
        severity: Info,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.0") => Some("3.9"),
        reads: ["log.message.format.version", "inter.broker.protocol.version", "process.roles"],
        fix: Always,
        source: "KafkaConfig (LogConfig.shouldIgnoreMessageFormatVersion); KIP-724",
    }
}

impl Rule for MessageFormatVersionIgnored {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(mf) = cx.explicit("log.message.format.version") else { return };
        let threshold = Version::parse(super::fact_version("message_format_ignored.ibp_from")).expect("a version");
        let kraft = super::mode(cx).is_kraft();
        let ibp = cx.get("inter.broker.protocol.version");
        let why = if kraft {
            "this KRaft node's protocol version is 3.0 or later".to_string()
        } else {
            let Some(ibp) = &ibp else { return };
            if crate::model::is_placeholder(&ibp.text) {
                return;
            }
            let short = ibp.text.split_once("-IV").map_or(ibp.text.as_ref(), |(s, _)| s);
            let Some(v) = Version::parse(short) else { return };
            if v < threshold {
                return;
            }
            if ibp.is_explicit() {
                format!("`inter.broker.protocol.version` is {}", ibp.text)
            } else {
                format!("`inter.broker.protocol.version` defaults to {} in Kafka {}", ibp.text, cx.release())
            }
        };
        let mut b = out
            .report(&META, cx.id, mf.key_span, format!("`log.message.format.version` ({}) is ignored: {why}", mf.value.trim()))
            .key("log.message.format.version")
            .primary_label("has no effect")
            .help("remove `log.message.format.version`: brokers on protocol 3.0 or later always write the current message format");
        if let Some(e) = ibp.as_ref().and_then(|v| v.entry()).filter(|_| !kraft) {
            b = b.label(cx.id, e.value_span, Some("inter.broker.protocol.version"), "`inter.broker.protocol.version` is set here");
        }
        b.fix(Fix::safe("Remove `log.message.format.version`", vec![cx.delete_entry(mf)]));
    }
}
