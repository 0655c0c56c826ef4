use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// From Kafka 4.0, flags a controller-only node (`process.roles=controller`) that sets
    /// `inter.broker.listener.name` to one of its own `controller.listener.names`. Kafka compares
    /// the upper-cased inter-broker listener name with the controller listener names as written.
    /// ## Why it fails in production
    /// The controller refuses to start: `IllegalArgumentException: requirement failed:
    /// controller.listener.names must not contain an explicitly set inter.broker.listener.name
    /// configuration value when process.roles=controller`. The inter-broker listener is a broker
    /// listener; a controller reaches brokers through what they advertise.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// process.roles=controller
    /// node.id=3000
    /// controller.quorum.voters=3000@controller-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=CONTROLLER://:9093
    /// inter.broker.listener.name=CONTROLLER
    /// ```
    /// ## Use instead
    /// ```properties
    /// process.roles=controller
    /// node.id=3000
    /// controller.quorum.voters=3000@controller-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=CONTROLLER://:9093
    /// ```
    /// ## Fix
    /// None: remove `inter.broker.listener.name` from the controller's file, or name the brokers'
    /// listener there.
    /// ## Versions
    /// 4.0 and later. With no version given, a warning unless the file's keys rule out the lines before
    /// 4.0 (KAFKA-18305, apache/kafka#18222, February 2025): present on the 4.0, 4.1 and 4.2 branches
    /// at their x.y.0 releases, absent at 3.9.0-rc3 and on the 3.9 branch at 3.9.1.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (controller-only branch:
    /// `controllerListenerNames.contains(interBrokerListenerName.value())` when
    /// `inter.broker.listener.name` is set).
    pub ControllerListenerIsInterBrokerListener {
        id: "broker/controller-listener-is-inter-broker-listener",
        summary: "a controller-only node sets inter.broker.listener.name to one of its controller listeners (refused from Kafka 4.0)",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("4.0") => None,
        reads: ["process.roles", "inter.broker.listener.name", "controller.listener.names"],
        fix: None,
        source: "KafkaConfig.validateValues (controller.listener.names must not contain an explicitly set inter.broker.listener.name)",
    }
}

impl Rule for ControllerListenerIsInterBrokerListener {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if super::mode(cx) != super::Mode::Controller {
            return;
        }
        let Some(ibl) = cx.explicit("inter.broker.listener.name") else { return };
        let Some(names) = cx.explicit("controller.listener.names") else { return };
        if is_placeholder(&ibl.value) || is_placeholder(&names.value) || cx.explicit("security.inter.broker.protocol").is_some() {
            return;
        }
        let upper = ibl.value.trim().to_ascii_uppercase();
        if upper.is_empty() {
            return;
        }
        // 4.0 splits the value at commas as written; 4.1 and later trim each name.
        let trim = cx.release().at_least("4.1");
        let value = names.value.trim();
        let mut offset = 0;
        for raw in value.split(',') {
            let item = if trim { raw.trim() } else { raw };
            let start = offset + raw.find(item).unwrap_or(0);
            offset += raw.len() + 1;
            if item != upper {
                continue;
            }
            // With no version given, an error only when every line the file may run refuses it.
            let (verdict, severity) = if super::holds_across_range(cx, "4.0") {
                (format!("Kafka {} refuses to start", cx.release()), crate::diagnostic::Severity::Error)
            } else {
                (
                    "Kafka 4.0 and later refuse to start (no version given; earlier lines accept it)".to_string(),
                    crate::diagnostic::Severity::Warning,
                )
            };
            out.report(
                &META,
                cx.id,
                ibl.value_span,
                format!(
                    "controller-only node sets `inter.broker.listener.name={}`, one of its controller listeners: {verdict}",
                    ibl.value.trim()
                ),
            )
            .severity(severity)
            .key("inter.broker.listener.name")
            .label(
                cx.id,
                super::entry_range_span(cx, names, (start, start + item.len())),
                Some("controller.listener.names"),
                "a controller listener",
            )
            .help("remove `inter.broker.listener.name` from this controller's configuration");
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::lint::{lint, Input, Settings};
    use crate::version::Release;

    const CONTROLLER: &str = "process.roles=controller\nnode.id=3000\ncontroller.quorum.voters=3000@c-1:9093\n\
        controller.listener.names=CONTROLLER\nlisteners=CONTROLLER://:9093\ninter.broker.listener.name=CONTROLLER\n";

    fn severities(text: &str, rule: &str, release: Option<&str>) -> Vec<Severity> {
        let settings = Settings {
            isolated: true,
            select: Some(vec![rule.to_string()]),
            release: release.map(|r| Release::named(r).unwrap()),
            ..Default::default()
        };
        let input = Input { path: "server.properties".into(), bytes: text.as_bytes().to_vec() };
        lint(vec![input], &settings).unwrap().diagnostics.iter().map(|d| d.severity).collect()
    }

    #[test]
    fn error_only_where_every_possible_line_refuses() {
        let id = "broker/controller-listener-is-inter-broker-listener";
        assert_eq!(severities(CONTROLLER, id, Some("4.0")), vec![Severity::Error]);
        assert_eq!(severities(CONTROLLER, id, Some("3.9")), vec![]);
        // No version: the keys fit 2.8 to 4.2, and lines before 4.0 accept it.
        assert_eq!(severities(CONTROLLER, id, None), vec![Severity::Warning]);
        // log.dirs with a stray comma: refused from 4.2 only.
        let stray =
            "process.roles=broker\nnode.id=4\ncontroller.quorum.voters=1@c:9093\ncontroller.listener.names=CONTROLLER\nlog.dirs=/d/1,\n";
        assert_eq!(severities(stray, "broker/log-dirs-empty", Some("4.2")), vec![Severity::Error]);
        assert_eq!(severities(stray, "broker/log-dirs-empty", Some("4.1")), vec![]);
        assert_eq!(severities(stray, "broker/log-dirs-empty", None), vec![Severity::Warning]);
    }
}
