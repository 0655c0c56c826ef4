use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a broker with `max.connections.per.ip=0` and no `max.connections.per.ip.overrides`:
    /// zero connections from every address is only allowed when some addresses are let in by an
    /// override.
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: requirement failed:
    /// max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides property
    /// is set.`
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// max.connections.per.ip=0
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// max.connections.per.ip=0
    /// max.connections.per.ip.overrides=10.0.0.5:100,10.0.0.6:100
    /// ```
    /// ## Fix
    /// None: name the addresses that may connect, or raise the limit.
    /// ## Versions
    /// 2.0+. The same check in `KafkaConfig.validateValues` at apache/kafka tags 2.0.0 to 3.8.0 and
    /// 3.9.0-rc3 (and the 3.9.0 release commit cc53a63, whose `KafkaConfig` is the same), and at the
    /// 4.0.0, 4.1.0 and 4.2.0 release commits of the apache branches (read in the confluentinc/kafka
    /// mirror: 4.0 branch at 4ae6814, the head before the bump to 4.0.1-SNAPSHOT; 13f7025 and a18251b,
    /// `Bump version to 4.1.0` / `4.2.0`). Whether each override parses (`host:count`, and
    /// `Utils.validHostPattern` from 2.1) is `broker/max-connections-per-ip-override-invalid`'s.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (`if (maxConnectionsPerIp == 0)
    /// require(maxConnectionsPerIpOverrides.nonEmpty)`).
    pub MaxConnectionsPerIpZeroWithoutOverrides {
        id: "broker/max-connections-per-ip-zero-without-overrides",
        summary: "max.connections.per.ip=0 without max.connections.per.ip.overrides: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("2.0") => None,
        reads: ["max.connections.per.ip", "max.connections.per.ip.overrides"],
        fix: None,
        source: "KafkaConfig.validateValues (max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides property is set.)",
    }
}

impl Rule for MaxConnectionsPerIpZeroWithoutOverrides {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((0, Some(e))) = super::long_of(cx, "max.connections.per.ip") else { return };
        let overrides = cx.explicit("max.connections.per.ip.overrides");
        if overrides.is_some_and(|o| is_placeholder(&o.value) || o.value.split(',').any(|x| !x.trim().is_empty())) {
            return;
        }
        out.report(
            &META,
            cx.id,
            e.value_span,
            "`max.connections.per.ip=0` without `max.connections.per.ip.overrides`: the broker refuses to start",
        )
        .key("max.connections.per.ip")
        .help("list the addresses that may connect in `max.connections.per.ip.overrides` (`host:count,...`), or raise the limit");
    }
}
