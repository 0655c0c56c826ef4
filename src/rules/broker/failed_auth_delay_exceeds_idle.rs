use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker whose `connection.failed.authentication.delay.ms` is not below
    /// `connections.max.idle.ms` (when that is 0 or more; explicit values or the version's
    /// defaults).
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed:
    /// connection.failed.authentication.delay.ms=… should always be less than
    /// connections.max.idle.ms=… to prevent failed authentication responses from timing out`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// connections.max.idle.ms=60000
    /// connection.failed.authentication.delay.ms=60000
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// connections.max.idle.ms=60000
    /// connection.failed.authentication.delay.ms=1000
    /// ```
    /// ## Fix
    /// None: keep the delay well below the idle timeout.
    /// ## Versions
    /// 2.1+ (the key came with KIP-306 in 2.1). The same check in `KafkaConfig.validateValues` at
    /// apache/kafka tags 2.1.0 to 3.8.0 and 3.9.0-rc3 (and the 3.9.0 release commit cc53a63, whose
    /// `KafkaConfig` is the same), and at the 4.0.0, 4.1.0 and 4.2.0 release commits of the apache
    /// branches (read in the confluentinc/kafka mirror: 4.0 branch at 4ae6814, the head before the bump
    /// to 4.0.1-SNAPSHOT; 13f7025 and a18251b, `Bump version to 4.1.0` / `4.2.0`).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`if (connectionsMaxIdleMs >= 0)
    /// require(failedAuthenticationDelayMs < connectionsMaxIdleMs)`).
    pub FailedAuthDelayExceedsIdle {
        id: "broker/failed-auth-delay-exceeds-idle",
        summary: "connection.failed.authentication.delay.ms is not below connections.max.idle.ms: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("2.1") => None,
        reads: ["connection.failed.authentication.delay.ms", "connections.max.idle.ms"],
        fix: None,
        source: "KafkaConfig.validateValues (failed authentication delay < connections.max.idle.ms)",
    }
}

impl Rule for FailedAuthDelayExceedsIdle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((delay, delay_e)) = super::long_of(cx, "connection.failed.authentication.delay.ms") else { return };
        let Some((idle, idle_e)) = super::long_of(cx, "connections.max.idle.ms") else { return };
        if idle < 0 || delay < idle || (delay_e.is_none() && idle_e.is_none()) {
            return;
        }
        let span = delay_e.or(idle_e).map(|e| e.value_span).expect("one of them is explicit");
        out.report(
            &META,
            cx.id,
            span,
            format!(
                "{} is not below {}: the broker refuses to start (failed authentication responses would time out)",
                super::shown(cx, "connection.failed.authentication.delay.ms", delay, delay_e),
                super::shown(cx, "connections.max.idle.ms", idle, idle_e)
            ),
        )
        .key("connection.failed.authentication.delay.ms")
        .help("keep `connection.failed.authentication.delay.ms` below `connections.max.idle.ms`");
    }
}
