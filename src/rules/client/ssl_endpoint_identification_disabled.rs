use super::{is_ssl, security_protocol, CLIENT_ROLES};
use crate::diagnostic::Fix;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a TLS client (`security.protocol=SSL` or `SASL_SSL`) that sets
    /// `ssl.endpoint.identification.algorithm` to an empty value, turning host name verification
    /// off.
    /// ## Why it fails in production
    /// The client then accepts any certificate its truststore signed, for any host: a machine
    /// that holds one such certificate can impersonate every broker (a man in the middle reads and
    /// alters the traffic, SASL credentials included). It is usually set to silence
    /// `SSLHandshakeException: No subject alternative names matching IP address …` instead of
    /// fixing the broker certificates.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// security.protocol=SSL
    /// ssl.endpoint.identification.algorithm=
    /// ```
    /// ## Use instead
    /// ```properties
    /// security.protocol=SSL
    /// ```
    /// ## Fix
    /// Unsafe: removes the line, restoring the default `https`; connections fail until the broker
    /// certificates carry the advertised host names (subject alternative names).
    /// ## Versions
    /// 2.0 and later, where the default is `https` (KIP-294); before 2.0 the default itself left
    /// verification off.
    /// ## Source
    /// KIP-294; Kafka 2.0 upgrade notes; `SslConfigs` (`ssl.endpoint.identification.algorithm`).
    pub SslEndpointIdentificationDisabled {
        id: "client/ssl-endpoint-identification-disabled",
        summary: "an empty ssl.endpoint.identification.algorithm turns off host name verification",
        severity: Warning,
        scope: Scope::File(CLIENT_ROLES),
        versions: Some("2.0") => None,
        reads: ["security.protocol", "ssl.endpoint.identification.algorithm"],
        fix: Always,
        source: "KIP-294; SslConfigs ssl.endpoint.identification.algorithm",
    }
}

impl Rule for SslEndpointIdentificationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::at_least(cx.release(), "protocol.ssl.endpoint_identification_default_https_since") {
            return;
        }
        let Some((protocol, _)) = security_protocol(cx) else { return };
        if !is_ssl(&protocol) {
            return;
        }
        let Some(e) = cx.explicit("ssl.endpoint.identification.algorithm") else { return };
        if !e.value.trim().is_empty() {
            return;
        }
        let span = if e.value_span.is_empty() { e.key_span } else { e.value_span };
        out.report(&META, cx.id, span, format!("`ssl.endpoint.identification.algorithm` is empty: the {protocol} client does not check that the broker certificate matches the host"))
            .key("ssl.endpoint.identification.algorithm")
            .help("remove the line (the default is `https`) and give the broker certificates subject alternative names for their advertised hosts")
            .fix(Fix::unsafe_("Remove `ssl.endpoint.identification.algorithm` (default `https`)", vec![cx.delete_entry(e)]));
    }
}
