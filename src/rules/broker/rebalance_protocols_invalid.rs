use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a `group.coordinator.rebalance.protocols` that Kafka refuses: one without `classic`
    /// (3.7 and later), and, on a ZooKeeper-mode broker of 3.8 or 3.9, one with `consumer`.
    /// ## Why it fails in production
    /// The broker refuses to start: `ConfigException: Disabling the 'classic' protocol is not
    /// supported.`, or `The new 'consumer' rebalance protocol is only supported in KRaft cluster.`
    /// (the KIP-848 group coordinator runs only in KRaft). In 3.7 a ZooKeeper broker with
    /// `consumer` only logs a warning; from 4.0 there is no ZooKeeper mode, the default is
    /// `classic,consumer` (4.0) and `classic,consumer,streams` (4.1), and `classic` is still
    /// required.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=3.9
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@localhost:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// group.coordinator.rebalance.protocols=consumer
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=3.9
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@localhost:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// group.coordinator.rebalance.protocols=classic,consumer
    /// ```
    /// ## Fix
    /// Safe when `classic` is missing: adds it to the list.
    /// ## Versions
    /// `classic` required: 3.7+ (`KafkaConfig.groupCoordinatorRebalanceProtocols` at apache/kafka
    /// tags 3.7.0, 3.8.0, the 3.9 branch, and at the 4.0.0, 4.1.0 and 4.2.0 release commits of the
    /// apache branches (read in the confluentinc/kafka mirror: 4ae6814, the 4.0 head before the
    /// bump to 4.0.1-SNAPSHOT; 13f7025 and a18251b, `Bump version to 4.1.0` / `4.2.0`)). `consumer`
    /// needs KRaft: 3.8.0 and 3.9 (a warning only at 3.7.0; gone with ZooKeeper in 4.0).
    /// ## Source
    /// `kafka.server.KafkaConfig.groupCoordinatorRebalanceProtocols` (3.7-4.0);
    /// `GroupCoordinatorConfig.GROUP_COORDINATOR_REBALANCE_PROTOCOLS_DEFAULT`.
    pub RebalanceProtocolsInvalid {
        id: "broker/rebalance-protocols-invalid",
        summary: "group.coordinator.rebalance.protocols without classic, or with consumer on a ZooKeeper broker: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.7") => None,
        reads: ["group.coordinator.rebalance.protocols", "process.roles"],
        fix: Sometimes,
        source: "KafkaConfig.groupCoordinatorRebalanceProtocols (Disabling the 'classic' protocol is not supported; only supported in KRaft cluster)",
    }
}

impl Rule for RebalanceProtocolsInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(e) = cx.explicit("group.coordinator.rebalance.protocols") else { return };
        if crate::model::is_placeholder(&e.value) {
            return;
        }
        let items: Vec<String> = e.value.split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()).collect();
        let key = "group.coordinator.rebalance.protocols";
        if !items.iter().any(|p| p == "classic") {
            let mut fixed = vec!["classic".to_string()];
            fixed.extend(e.value.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
            out.report(
                &META,
                cx.id,
                e.value_span,
                format!(
                    "`{key}={}` leaves out `classic`: the broker refuses to start (`Disabling the 'classic' protocol is not supported.`)",
                    e.value.trim()
                ),
            )
            .key(key)
            .help("keep `classic` in the list: classic consumers, Connect and Streams groups use it")
            .fix(crate::diagnostic::Fix::safe("Add `classic`", vec![cx.replace_value(e, &fixed.join(","))]));
            return;
        }
        let release = cx.release();
        let zk_only_release = super::holds_across_range(cx, "3.8") && !release.at_least("4.0");
        if zk_only_release && super::mode(cx) == super::Mode::ZooKeeper && items.iter().any(|p| p == "consumer") {
            out.report(
                &META,
                cx.id,
                e.value_span,
                format!("`{key}` enables `consumer` on a ZooKeeper-mode broker: Kafka {release} refuses to start (`The new 'consumer' rebalance protocol is only supported in KRaft cluster.`)"),
            )
            .key(key)
            .help("use `classic` until the cluster runs in KRaft mode (KIP-848's group coordinator needs KRaft)");
        }
    }
}
