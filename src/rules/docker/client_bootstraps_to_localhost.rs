use crate::rules::broker::{is_loopback, listeners_of};
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// In a docker-compose file that runs a broker, flags a client service (an application,
    /// Schema Registry, Connect, ksqlDB, a UI) on the compose network whose bootstrap servers
    /// name `localhost`, or name a broker service with a port that is only published on the host
    /// (`ports: "9092:29092"` and `kafka:9092`), where the broker container does not listen.
    /// Services that share the host's or another container's network are not flagged.
    /// ## Why it fails in production
    /// Inside a container `localhost` is the container itself, and host-published ports exist
    /// only on the host: the client never reaches the broker (`Connection to node -1
    /// (localhost/127.0.0.1:9092) could not be established`).
    /// ## Example
    /// ```yaml
    /// services:
    ///   kafka:
    ///     image: confluentinc/cp-kafka:7.6.0
    ///     environment:
    ///       KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092
    ///   app:
    ///     image: example/app
    ///     environment:
    ///       SPRING_KAFKA_BOOTSTRAP_SERVERS: localhost:9092
    /// ```
    /// ## Use instead
    /// ```yaml
    ///       SPRING_KAFKA_BOOTSTRAP_SERVERS: kafka:29092
    /// ```
    /// ## Fix
    /// None: use the broker's service name and the container port of its internal listener.
    /// ## Versions
    /// All.
    /// ## Source
    /// Docker networking (each container has its own loopback interface; `ports` publish on the
    /// host only).
    pub ClientBootstrapsToLocalhost {
        id: "docker/client-bootstraps-to-localhost",
        summary: "a client container bootstraps to localhost or to a host-published port",
        severity: Warning,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["bootstrap.servers"],
        fix: None,
        source: "Docker networking",
    }
}

impl Rule for ClientBootstrapsToLocalhost {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let brokers = super::advertised_localhost_inside_network::brokers(cx);
        if brokers.is_empty() {
            return;
        }
        for c in &cx.files {
            let Some(cu) = super::service(c).filter(|cu| cu.image_kind == Some("client") && super::own_network(cu)) else { continue };
            let Some(bs) = c.explicit("bootstrap.servers") else { continue };
            if crate::model::is_placeholder(&bs.value) {
                continue;
            }
            for (host, port, range) in super::bootstrap_items(&bs.value) {
                let span = crate::rules::broker::entry_range_span(c, bs, range);
                if is_loopback(&host) {
                    out.report(
                        &META,
                        c.id,
                        span,
                        format!("service `{}` bootstraps to `{host}`: inside its container that is the container itself, not the broker", cu.name),
                    )
                    .key("bootstrap.servers")
                    .primary_label("the client's own container")
                    .help("use the broker's service name and the container port of its internal listener (`kafka:29092` in the usual two-listener setup)");
                    continue;
                }
                let Some(port) = port else { continue };
                for b in &brokers {
                    let bu = super::service(b).expect("a compose broker");
                    if !super::own_network(bu) || !bu.hostnames.iter().any(|h| h.eq_ignore_ascii_case(&host)) {
                        continue;
                    }
                    let Some(binds) = listeners_of(b, "listeners") else { continue };
                    if binds.endpoints.is_empty() || binds.malformed > 0 || binds.endpoints.iter().any(|e| e.port == Some(port)) {
                        continue;
                    }
                    let Some(p) = bu.ports.iter().find(|p| p.host_port == Some(port) && p.container_port != port) else { continue };
                    let inside: Vec<String> =
                        binds.endpoints.iter().filter(|e| !is_loopback(&e.host)).filter_map(|e| e.port).map(|x| x.to_string()).collect();
                    out.report(
                        &META,
                        c.id,
                        span,
                        format!("service `{}` bootstraps to `{host}:{port}`, a port published on the host (to container port {}); inside the compose network the broker listens on {}", cu.name, p.container_port, inside.join(", ")),
                    )
                    .key("bootstrap.servers")
                    .primary_label("only published on the host")
                    .label(b.id, p.span, None, "published here")
                    .help("inside the network, use the container port of the broker's internal listener");
                }
            }
        }
    }
}
