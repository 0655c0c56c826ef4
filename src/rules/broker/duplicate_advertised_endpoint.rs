use crate::model::is_placeholder;
use crate::rules::{declare_rule, DeploymentCtx, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags two broker files of one deployment that advertise the same `host:port` (from
    /// `advertised.listeners`, else `listeners`; empty hosts, which resolve to each machine's own
    /// name, are skipped).
    /// ## Why it fails in production
    /// Clients connect to the address each broker advertises. With two brokers behind one
    /// address, requests for the partitions the hidden broker leads reach the other one, which
    /// answers `NOT_LEADER_OR_FOLLOWER` forever: producers time out, consumers stall on those
    /// partitions. Usually a file was copied and its host or port not changed.
    /// ## Example
    /// Two broker files in one directory, both advertising `kafka-1.example.com:9092`:
    /// ```properties,expect_diagnostic
    /// # server-2.properties
    /// broker.id=2
    /// advertised.listeners=PLAINTEXT://kafka-1.example.com:9092
    /// ```
    /// ## Use instead
    /// ```properties
    /// # server-2.properties
    /// broker.id=2
    /// advertised.listeners=PLAINTEXT://kafka-2.example.com:9092
    /// ```
    /// ## Fix
    /// None: advertise each broker's own address.
    /// ## Versions
    /// All.
    /// ## Source
    /// Kafka docs of `advertised.listeners` ("the address clients use to reach this broker");
    /// client metadata handling (`MetadataResponse` maps each partition leader to its broker's
    /// advertised endpoint).
    pub DuplicateAdvertisedEndpoint {
        id: "broker/duplicate-advertised-endpoint",
        summary: "two brokers of a deployment advertise the same host:port",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["advertised.listeners", "listeners", "controller.listener.names", "process.roles"],
        fix: None,
        source: "broker docs (advertised.listeners); MetadataResponse",
    }
}

impl Rule for DuplicateAdvertisedEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        // Files that are alternatives to each other (Kafka's config/kraft/) are not one cluster.
        if !cx.is_one_cluster() {
            return;
        }
        // The first broker to advertise each endpoint (a map: a cluster of hundreds of broker
        // files is not searched over and over).
        let mut seen: std::collections::HashMap<(String, u16), (&FileCtx<'_>, crate::source::Span, String)> =
            std::collections::HashMap::new();
        for f in cx.brokers() {
            let Some((l, key)) = super::advertised_broker_endpoints(f) else { continue };
            if l.entry.is_none() {
                continue;
            }
            let mut reported = false;
            for ep in &l.endpoints {
                let Some(port) = ep.port else { continue };
                if ep.host.is_empty() || is_placeholder(&ep.host) || ep.host == "0.0.0.0" {
                    continue;
                }
                let host = ep.host.to_ascii_lowercase();
                let span = l.span_of(f, ep);
                if let Some((first, first_span, first_key)) = seen.get(&(host.clone(), port)).filter(|(g, _, _)| g.id != f.id) {
                    if !reported {
                        out.report(
                            &META,
                            f.id,
                            span,
                            format!(
                                "`{}:{port}` is also advertised by {}: clients cannot reach both brokers",
                                ep.host,
                                first.file.display_name()
                            ),
                        )
                        .key(key)
                        .primary_label("advertised twice")
                        .label(first.id, *first_span, Some(first_key), "the other broker advertises it here")
                        .help("advertise each broker's own host name (or port)");
                        reported = true;
                    }
                    continue;
                }
                seen.entry((host, port)).or_insert((f, span, key.to_string()));
            }
        }
    }
}
