use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a Streams file that sets `main.consumer.enable.metrics.push`,
    /// `consumer.enable.metrics.push` or `admin.enable.metrics.push` (KIP-1076).
    /// ## Why it fails in production
    /// From 4.0 the `StreamsConfig` constructor reads these three settings to check that they
    /// agree with Streams' own `enable.metrics.push` (a main consumer or admin client with
    /// metrics push off while Streams pushes is refused: `ConfigException: Kafka Streams metrics
    /// push enabled but main.consumer metrics push is disabled, the setting needs to be
    /// consistent between the two`). It reads them with a cast, `(Boolean)
    /// originalsWithPrefix(prefix).get("enable.metrics.push")`: a value that comes from a file is
    /// a string, and the constructor fails before any comparison with `ClassCastException: class
    /// java.lang.String cannot be cast to class java.lang.Boolean`, whatever the value. Only an
    /// application that puts a `Boolean` object into its properties in code passes.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=4.2
    /// # kafkalint: role=streams
    /// application.id=orders
    /// main.consumer.enable.metrics.push=false
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=streams
    /// application.id=orders
    /// enable.metrics.push=false
    /// ```
    /// ## Fix
    /// None: set Streams' own `enable.metrics.push` instead, or put a `Boolean` for the prefixed
    /// setting in code.
    /// ## Versions
    /// 4.0+. `StreamsConfig.verifyClientTelemetryConfigs` and `maybeMetricsPushEnabled` are the
    /// same at the apache/kafka 4.0.0, 4.1.0 and 4.2.0 releases and absent at 3.9.0; the values
    /// are `AbstractConfig.originals()` as given (`originalsWithPrefix` does not parse them).
    /// ## Source
    /// `StreamsConfig.verifyClientTelemetryConfigs`, `maybeMetricsPushEnabled`,
    /// `checkMainConsumerAndAdminMetricsConfig`; `AbstractConfig.originalsWithPrefix`; KIP-1076.
    pub MetricsPushPrefixedSetting {
        id: "streams/metrics-push-prefixed-setting",
        summary: "a prefixed enable.metrics.push in a Streams file: StreamsConfig casts it to Boolean and does not start",
        severity: Error,
        scope: Scope::File(&[Role::Streams]),
        versions: Some("4.0") => None,
        reads: ["main.consumer.enable.metrics.push", "consumer.enable.metrics.push", "admin.enable.metrics.push", "enable.metrics.push"],
        fix: None,
        source: "StreamsConfig.verifyClientTelemetryConfigs / maybeMetricsPushEnabled; KIP-1076",
    }
}

/// `MAIN_CONSUMER_PREFIX`, `CONSUMER_PREFIX`, `ADMIN_CLIENT_PREFIX`, in the order Streams reads them.
const KEYS: [&str; 3] = ["main.consumer.enable.metrics.push", "consumer.enable.metrics.push", "admin.enable.metrics.push"];

impl Rule for MetricsPushPrefixedSetting {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        // The first one read fails the constructor.
        let Some(e) = KEYS.iter().find_map(|k| cx.explicit(k)) else { return };
        // 3.7 to 3.9 know the keys but do not cast them.
        if !crate::rules::client::holds_from(cx, "4.0", None) {
            return;
        }
        if is_placeholder(&e.value) {
            return;
        }
        let span = if e.value_span.is_empty() { e.key_span } else { e.value_span };
        out.report(
            &META,
            cx.id,
            span,
            format!(
                "`{}` from a file is a string, and StreamsConfig casts it to Boolean: the application does not start (ClassCastException)",
                e.key
            ),
        )
        .key(&e.key)
        .help("set Streams' own `enable.metrics.push` instead; the prefixed setting only works as a `Boolean` put into the properties in code");
    }
}
