use super::declared;
use crate::diagnostic::{Fix, Severity};
use crate::rules::client::CLIENT_ROLES;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::Release;

declare_rule! {
    /// ## What it does
    /// For a file declared as a librdkafka client (`[[files]] client = "librdkafka@2.3.0"`), flags
    /// `api.version.request=false`: the client then does not ask the brokers which request
    /// versions they support and assumes the feature set of `broker.version.fallback` (default
    /// `0.10.0` since librdkafka 1.0). The rule compares that fallback with the cluster's version.
    /// ## Why it fails in production
    /// The setting exists only for brokers before 0.10.0, which cannot answer ApiVersionRequest.
    /// Against a newer cluster a fallback below it silently disables features (no headers,
    /// idempotence, zstd; `Local: Required feature not supported by broker`), and a fallback above
    /// it makes the client send requests the brokers reject. Both keys are deprecated since
    /// librdkafka 2.10.
    /// ## Example
    /// A consumer declared as `[[files]] client = "librdkafka@2.3.0"`:
    /// ```properties
    /// bootstrap.servers=broker1:9092
    /// group.id=orders
    /// api.version.request=false
    /// ```
    /// ## Use instead
    /// ```properties
    /// bootstrap.servers=broker1:9092
    /// group.id=orders
    /// ```
    /// ## Fix
    /// Unsafe: removes `api.version.request` (the client then negotiates request versions with the
    /// brokers).
    /// ## Versions
    /// All cluster versions kafkalint knows (0.10.0 and later all answer ApiVersionRequest).
    /// ## Source
    /// librdkafka CONFIGURATION.md (`api.version.request`, `broker.version.fallback`) and
    /// INTRODUCTION.md ("Broker version compatibility"); `src/rdkafka_conf.c`; CHANGELOG.md v2.10.0.
    pub LibrdkafkaApiVersionRequestDisabled {
        id: "compat/librdkafka-api-version-request-disabled",
        summary: "librdkafka told not to ask the brokers their protocol versions",
        severity: Warning,
        scope: Scope::File(CLIENT_ROLES),
        versions: None => None,
        reads: ["api.version.request", "broker.version.fallback"],
        fix: Always,
        source: "librdkafka CONFIGURATION.md, INTRODUCTION.md; rdkafka_conf.c",
    }
}

impl Rule for LibrdkafkaApiVersionRequestDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((lib, _)) = declared(cx.file) else { return };
        if lib != "librdkafka" {
            return;
        }
        let Some(e) = cx.explicit("api.version.request") else { return };
        if !e.value.trim().eq_ignore_ascii_case("false") {
            return;
        }
        let cluster = cx.cluster_release();
        let below = super::fact_release("clients.librdkafka.api_version_request_needed_below_kafka");
        if cluster < below {
            return;
        }
        let (fallback, fallback_entry) = match cx.explicit("broker.version.fallback") {
            Some(f) => (f.value.trim().to_string(), Some(f)),
            None => {
                let d = crate::knowledge::client_lib("librdkafka").and_then(|l| l.get("broker.version.fallback")).and_then(|p| p.default);
                (d.unwrap_or("0.10.0").to_string(), None)
            }
        };
        if crate::model::is_placeholder(&fallback) {
            return;
        }
        let origin = if fallback_entry.is_some() { String::new() } else { ", its default".to_string() };
        // Legacy values (0.9.0, 0.8.x) name no release line kafkalint knows: older than all.
        let line = Release::parse(&fallback).ok();
        let (severity, tail) = match line {
            Some(l) if l > cluster => (Severity::Error, format!("newer than the cluster's Kafka {cluster}: the client sends requests the brokers reject")),
            Some(l) if l == cluster => (Severity::Warning, format!("the cluster's version today, but it will not follow the cluster's upgrades (Kafka {cluster} brokers answer ApiVersionRequest)")),
            _ => (Severity::Warning, format!("older than the cluster's Kafka {cluster}: features the brokers support stay disabled (`Required feature not supported by broker`)")),
        };
        let b = out
            .report(&META, cx.id, e.value_span, format!("`api.version.request=false` makes librdkafka assume `broker.version.fallback` ({fallback}{origin}) instead of asking the brokers, {tail}"))
            .key("api.version.request")
            .severity(severity)
            .help(format!("remove `api.version.request` (it is needed only for brokers before {below})"));
        let b = match fallback_entry {
            Some(f) => b.label(cx.id, f.value_span, Some("broker.version.fallback"), "`broker.version.fallback` is set here"),
            None => b,
        };
        b.fix(Fix::unsafe_("Remove `api.version.request=false` (negotiate with the brokers)", vec![cx.delete_entry(e)]));
    }
}
