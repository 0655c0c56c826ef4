use super::{sasl_mechanism, security_protocol, CLIENT_ROLES};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `sasl.mechanism=PLAIN` over `security.protocol=SASL_PLAINTEXT`.
    /// ## Why it fails in production
    /// SASL/PLAIN sends the user name and password as they are: without TLS anyone on the network
    /// path reads the credentials from the first packets of every connection. Nothing fails, which
    /// is the problem.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// security.protocol=SASL_PLAINTEXT
    /// sasl.mechanism=PLAIN
    /// ```
    /// ## Use instead
    /// ```properties
    /// security.protocol=SASL_SSL
    /// sasl.mechanism=PLAIN
    /// ```
    /// ## Fix
    /// None: switching to `SASL_SSL` needs a TLS listener on the broker and a truststore on the
    /// client; alternatively use SCRAM, which never sends the password.
    /// ## Versions
    /// All.
    /// ## Source
    /// Kafka security docs ("Authentication using SASL/PLAIN": use only with TLS); RFC 4616.
    pub SaslPlainOverPlaintext {
        id: "client/sasl-plain-over-plaintext",
        summary: "SASL/PLAIN without TLS sends the password in clear text",
        severity: Warning,
        scope: Scope::File(CLIENT_ROLES),
        versions: None => None,
        reads: ["security.protocol", "sasl.mechanism"],
        fix: None,
        source: "Kafka security docs (SASL/PLAIN); RFC 4616",
    }
}

impl Rule for SaslPlainOverPlaintext {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((protocol, pv)) = security_protocol(cx) else { return };
        let Some((mechanism, mv)) = sasl_mechanism(cx) else { return };
        if protocol != "SASL_PLAINTEXT" || !mechanism.eq_ignore_ascii_case("PLAIN") {
            return;
        }
        let (Some(pe), Some(me)) = (pv.entry(), mv.entry()) else { return };
        out.report(
            &META,
            cx.id,
            pe.value_span,
            "`sasl.mechanism=PLAIN` over `security.protocol=SASL_PLAINTEXT` sends the password in clear text",
        )
        .key("security.protocol")
        .label(cx.id, me.value_span, Some("sasl.mechanism"), "PLAIN sends the password as it is")
        .help("use `security.protocol=SASL_SSL` (a TLS listener on the broker), or a SCRAM mechanism");
    }
}
