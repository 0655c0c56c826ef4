use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks each entry of `controller.quorum.voters` (`{id}@{host}:{port}`, an integer id) and
    /// of `controller.quorum.bootstrap.servers` (`{host}:{port}`) as Kafka parses them.
    /// ## Why it fails in production
    /// The key's validator parses the list when the configuration is loaded, on every node (even
    /// ZooKeeper-mode brokers): Kafka refuses to start with `ConfigException: Invalid configuration
    /// value for controller.quorum.voters. Each entry should be in the form {id}@{host}:{port}.`,
    /// `Failed to parse voter ID as an integer from kafka-1`, or `Failed to parse host port from
    /// entry 1@kafka-1`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093,2@kafka-2,kafka-3:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// ```
    /// ## Use instead
    /// ```properties
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// ```
    /// ## Fix
    /// None: each entry needs the controller's `node.id`, host and controller port.
    /// ## Versions
    /// 3.0 and later; `controller.quorum.bootstrap.servers` from 3.9.
    /// ## Source
    /// `org.apache.kafka.raft.RaftConfig.parseVoterConnections` and `ControllerQuorumVotersValidator`
    /// (3.x), `QuorumConfig` (3.9+); `Utils.getHost` / `Utils.getPort`.
    pub QuorumVotersSyntax {
        id: "broker/quorum-voters-syntax",
        summary: "an entry of controller.quorum.voters or controller.quorum.bootstrap.servers does not parse",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.0") => None,
        reads: ["controller.quorum.voters", "controller.quorum.bootstrap.servers"],
        fix: None,
        source: "RaftConfig.parseVoterConnections / QuorumConfig; Utils.getHost, Utils.getPort",
    }
}

impl Rule for QuorumVotersSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if let Some((e, parsed)) = super::voters(cx) {
            for bad in parsed.into_iter().filter_map(Result::err) {
                let (why, range) = bad;
                out.report(
                    &META,
                    cx.id,
                    super::entry_range_span(cx, e, range),
                    format!("`controller.quorum.voters` entry {why}: Kafka refuses to start"),
                )
                .key("controller.quorum.voters")
                .primary_label("expected `{id}@{host}:{port}`")
                .help("write each voter as `{node.id}@{host}:{controller port}`, e.g. `1@kafka-1:9093`");
            }
        }
        if !super::since(cx.release(), "quorum_bootstrap_servers.since") {
            return;
        }
        let Some(e) = cx.explicit("controller.quorum.bootstrap.servers") else { return };
        if crate::model::is_placeholder(&e.value) {
            return;
        }
        for (item, range) in super::list_items(e.value.trim()) {
            let why = match super::parse_host_port(&item) {
                None => "has no `:{port}` after the host",
                Some((_, None)) => "has a port out of range (0-65535)",
                Some(_) => continue,
            };
            out.report(
                &META,
                cx.id,
                super::entry_range_span(cx, e, range),
                format!("`controller.quorum.bootstrap.servers` entry `{item}` {why}: Kafka refuses to start"),
            )
            .key("controller.quorum.bootstrap.servers")
            .primary_label("expected `{host}:{port}`")
            .help("write each controller as `{host}:{controller port}`, e.g. `kafka-1:9093`");
        }
    }
}
