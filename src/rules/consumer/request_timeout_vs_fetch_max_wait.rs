use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a `request.timeout.ms` that is not greater than `fetch.max.wait.ms` (effective
    /// values): an error up to Kafka 1.1, where the consumer refuses it, a warning later.
    /// ## Why it fails in production
    /// A fetch waits on the broker up to `fetch.max.wait.ms` when there is no new data. Up to
    /// 1.1 the consumer refuses to start: `ConfigException: request.timeout.ms should be greater
    /// than session.timeout.ms and fetch.max.wait.ms`. From 2.0 it starts, but a fetch on idle
    /// partitions outlives its request timeout: the client logs "Disconnecting from node ... due
    /// to request timeout", drops the connection with every request on it, reconnects and
    /// fetches again, over and over while the topic is quiet.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// group.id=orders
    /// fetch.max.wait.ms=30000
    /// request.timeout.ms=30000
    /// ```
    /// ## Use instead
    /// ```properties
    /// group.id=orders
    /// fetch.max.wait.ms=500
    /// request.timeout.ms=30000
    /// ```
    /// ## Fix
    /// Safe when `fetch.max.wait.ms` is set: lowers it below `request.timeout.ms` (to the
    /// target version's default when that is below, else to half of the request timeout).
    /// ## Versions
    /// All; an error up to 1.1 (the check in `KafkaConsumer`'s constructor), a warning from 2.0
    /// (KIP-266 removed the check).
    /// ## Source
    /// `KafkaConsumer` constructor 0.10–1.1; KIP-266; `ConsumerConfig` docs for `fetch.max.wait.ms`.
    pub RequestTimeoutVsFetchMaxWait {
        id: "consumer/request-timeout-vs-fetch-max-wait",
        summary: "request.timeout.ms must be greater than fetch.max.wait.ms",
        severity: Warning,
        scope: Scope::File(&[Role::Consumer]),
        versions: None => None,
        reads: ["request.timeout.ms", "fetch.max.wait.ms"],
        fix: Sometimes,
        source: "KafkaConsumer constructor (0.10-1.1); KIP-266; ConsumerConfig (fetch.max.wait.ms)",
    }
}

impl Rule for RequestTimeoutVsFetchMaxWait {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let (Some(rt), Some(fw)) = (cx.get("request.timeout.ms"), cx.get("fetch.max.wait.ms")) else { return };
        let (Some(r), Some(f)) = (rt.as_i64(), fw.as_i64()) else { return };
        if r > f {
            return;
        }
        let release = cx.release();
        let refused = super::until(release, "request_timeout_check.until");
        let (primary, key, other) = match (fw.entry(), rt.entry()) {
            (Some(e), _) => (e.value_span, "fetch.max.wait.ms", &rt),
            (None, Some(e)) => (e.value_span, "request.timeout.ms", &fw),
            (None, None) => return,
        };
        let what = if refused {
            "the consumer refuses to start".to_string()
        } else {
            "fetches on idle partitions time out and the consumer keeps reconnecting".to_string()
        };
        let b = out
            .report(
                &META,
                cx.id,
                primary,
                format!(
                    "`request.timeout.ms` ({r}{}) is not greater than `fetch.max.wait.ms` ({f}{}): {what}",
                    super::default_note(&rt, release),
                    super::default_note(&fw, release)
                ),
            )
            .key(key)
            .severity(if refused { Severity::Error } else { Severity::Warning })
            .help("keep `fetch.max.wait.ms` well below `request.timeout.ms`");
        let b = match other.entry() {
            Some(e) => b.label(cx.id, e.value_span, Some(other.key), other.origin_text()),
            None => b.primary_label(other.origin_text()),
        };
        if let Some(e) = fw.entry() {
            let default = cx
                .file
                .info("fetch.max.wait.ms")
                .and_then(|i| i.def.default_in(release))
                .and_then(|d| match d {
                    crate::knowledge::DefaultVal::Value(v) => crate::model::parse_i64(v),
                    _ => None,
                })
                .filter(|d| *d < r);
            let target = default.unwrap_or(r / 2);
            if target >= 0 {
                b.fix(Fix::safe(format!("Set `fetch.max.wait.ms={target}`"), vec![cx.replace_value(e, &target.to_string())]));
            }
        }
    }
}
