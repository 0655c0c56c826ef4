use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `group.remote.assignor` in a consumer that uses the classic group protocol
    /// (`group.protocol=classic`, the default): an error from Kafka 4.0, which refuses it, a
    /// warning in 3.7–3.9, which ignores it.
    /// ## Why it fails in production
    /// `group.remote.assignor` picks the server-side assignor of the consumer rebalance
    /// protocol (KIP-848). With the classic protocol the client assigns partitions itself
    /// (`partition.assignment.strategy`) and from 4.0 refuses to start: `ConfigException:
    /// group.remote.assignor cannot be set when group.protocol=CLASSIC`. Before 4.0 it is
    /// silently not used: a sign the consumer was meant to use `group.protocol=consumer`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// group.id=orders
    /// group.remote.assignor=uniform
    /// ```
    /// ## Use instead
    /// ```properties
    /// group.id=orders
    /// group.protocol=consumer
    /// group.remote.assignor=uniform
    /// ```
    /// ## Fix
    /// Safe: removes `group.remote.assignor` (keeps the classic protocol, which never used it).
    /// Unsafe: sets `group.protocol=consumer` (switches the rebalance protocol; the brokers must
    /// support it: 4.0, or 3.7–3.9 with it enabled).
    /// ## Versions
    /// 3.7 and later; an error from 4.0.
    /// ## Source
    /// `ConsumerConfig.checkUnsupportedConfigsPostProcess` (`CLASSIC_PROTOCOL_UNSUPPORTED_CONFIGS`,
    /// 4.0+); `ConsumerConfig` docs for `group.remote.assignor` ("applied only if group.protocol is
    /// set to consumer"); KIP-848.
    pub RemoteAssignorWithClassicProtocol {
        id: "consumer/remote-assignor-with-classic-protocol",
        summary: "group.remote.assignor is set with the classic group protocol",
        severity: Error,
        scope: Scope::File(&[Role::Consumer]),
        versions: Some("3.7") => None,
        reads: ["group.remote.assignor", "group.protocol"],
        fix: Always,
        source: "ConsumerConfig.checkUnsupportedConfigsPostProcess; KIP-848",
    }
}

impl Rule for RemoteAssignorWithClassicProtocol {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(protocol) = cx.get("group.protocol") else { return };
        if !protocol.text.eq_ignore_ascii_case("classic") {
            return;
        }
        let release = cx.release();
        let refused = super::since(release, "consumer_protocol.refused_since");
        for key in super::fact_list("consumer_protocol.consumer_only") {
            let Some(e) = cx.explicit(key) else { continue };
            if e.value.trim().is_empty() {
                continue;
            }
            let (message, severity) = if refused {
                (format!("`{key}` cannot be set with the classic group protocol: the consumer refuses to start"), Severity::Error)
            } else {
                (format!("`{key}` is not used with the classic group protocol, and Kafka 4.0 refuses it"), Severity::Warning)
            };
            let b = out.report(&META, cx.id, e.key_span, message).key(key).severity(severity);
            let b = match protocol.entry() {
                Some(p) => b.label(cx.id, p.value_span, Some("group.protocol"), "the classic protocol is chosen here"),
                None => b.primary_label(protocol.origin_text()),
            };
            let switch = match protocol.entry() {
                Some(p) => cx.replace_value(p, "consumer"),
                None => cx.insert_entry("group.protocol", "consumer"),
            };
            b.help("remove it, or set `group.protocol=consumer` to use the server-side assignor")
                .fix(Fix::safe(format!("Remove `{key}`"), vec![cx.delete_entry(e)]))
                .fix(Fix::unsafe_("Set `group.protocol=consumer`", vec![switch]));
        }
    }
}
