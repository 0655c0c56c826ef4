use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// In a cluster of two or more brokers (declared in kafkalint.toml, or two or more broker
    /// files), flags a broker that advertises a loopback address (`localhost`, `127.x.x.x`,
    /// `::1`) in `advertised.listeners` (else `listeners`). A local development cluster, where
    /// every broker file advertises only loopback addresses on distinct ports and there is a file
    /// for each broker, is not flagged.
    /// ## Why it fails in production
    /// Clients and the other brokers connect to the address each broker advertises. `localhost`
    /// sends them to their own machine: other brokers cannot replicate from this one (followers
    /// fall out of sync, `acks=all` writes fail), and clients on other hosts see `Connection to
    /// node 1 (localhost/127.0.0.1:9092) could not be established. Broker may not be available.`
    /// after bootstrapping fine.
    /// ## Example
    /// A kafkalint.toml that declares `broker-count = 3` and a broker file:
    /// ```properties,expect_diagnostic
    /// # server.properties
    /// listeners=PLAINTEXT://0.0.0.0:9092
    /// advertised.listeners=PLAINTEXT://localhost:9092
    /// ```
    /// ## Use instead
    /// ```properties
    /// # server.properties
    /// listeners=PLAINTEXT://0.0.0.0:9092
    /// advertised.listeners=PLAINTEXT://kafka-1.example.com:9092
    /// ```
    /// ## Fix
    /// None: advertise the host name or address the other brokers and the clients use.
    /// ## Versions
    /// All. Silent when the broker count is unknown or 1.
    /// ## Source
    /// Broker docs of `advertised.listeners`; Kafka docs "Listener configuration".
    pub LoopbackAdvertisedInCluster {
        id: "broker/loopback-advertised-in-cluster",
        summary: "a broker of a multi-broker cluster advertises a loopback address",
        severity: Warning,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["advertised.listeners", "listeners", "controller.listener.names", "process.roles"],
        fix: None,
        source: "broker docs (advertised.listeners)",
    }
}

impl Rule for LoopbackAdvertisedInCluster {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let Some(n) = cx.broker_count() else { return };
        if n < 2 {
            return;
        }
        let brokers: Vec<_> = cx.brokers().filter_map(|f| super::advertised_broker_endpoints(f).map(|(l, k)| (f, l, k))).collect();
        // A local cluster: a file for every broker, all advertising only loopback addresses.
        let all_local = brokers.len() == n
            && brokers
                .iter()
                .all(|(_, l, _)| l.entry.is_some() && !l.endpoints.is_empty() && l.endpoints.iter().all(|e| super::is_loopback(&e.host)));
        if all_local {
            let mut ports: Vec<u16> = brokers.iter().flat_map(|(_, l, _)| l.endpoints.iter().filter_map(|e| e.port)).collect();
            let total = ports.len();
            ports.sort_unstable();
            ports.dedup();
            if ports.len() == total {
                return;
            }
        }
        let origin = cx.broker_count_origin();
        for (f, l, key) in &brokers {
            if l.entry.is_none() {
                continue;
            }
            // A compose service: `localhost` on a listener for the host is the usual pattern;
            // docker/advertised-localhost-inside-network judges the listeners containers use.
            if f.file.format == crate::formats::Format::Compose {
                continue;
            }
            for ep in l.endpoints.iter().filter(|e| super::is_loopback(&e.host)) {
                out.report(
                    &META,
                    f.id,
                    l.span_of(f, ep),
                    format!("this broker advertises `{}` on listener `{}` in a cluster of {n} brokers ({origin}): other brokers and remote clients connect to themselves", ep.host, ep.name.to_ascii_uppercase()),
                )
                .key(key)
                .primary_label("a loopback address")
                .help("advertise the broker's host name or address as the other brokers and the clients reach it");
            }
        }
    }
}
