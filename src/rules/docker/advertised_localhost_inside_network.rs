use crate::rules::broker::{is_loopback, listeners_of, mode};
use crate::rules::{declare_rule, DeploymentCtx, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// In a docker-compose file, flags a broker that advertises `localhost` (or `127.0.0.1`) on a
    /// listener that other containers use: the inter-broker listener when the file runs two or
    /// more brokers, or the listener a client service of the same file bootstraps to (its
    /// service name and the listener's container port). The usual two-listener pattern, the
    /// service name inside the network and `localhost` for the host, is correct and not flagged.
    /// ## Why it fails in production
    /// Inside a container `localhost` is the container itself. The other brokers cannot replicate
    /// (they connect to themselves), and a client container bootstraps fine, is told the broker
    /// is at `localhost:9092`, and then never reaches it: "connected, but no data".
    /// ## Example
    /// ```yaml
    /// services:
    ///   kafka:
    ///     image: confluentinc/cp-kafka:7.6.0
    ///     environment:
    ///       KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092
    ///   app:
    ///     image: example/app
    ///     environment:
    ///       SPRING_KAFKA_BOOTSTRAP_SERVERS: kafka:9092
    /// ```
    /// ## Use instead
    /// ```yaml
    ///       KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092
    ///       KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT
    ///   app:
    ///     environment:
    ///       SPRING_KAFKA_BOOTSTRAP_SERVERS: kafka:29092
    /// ```
    /// ## Fix
    /// None: add a listener that advertises the service name.
    /// ## Versions
    /// All.
    /// ## Source
    /// Kafka broker docs (`advertised.listeners`); Docker networking (each container has its own
    /// loopback interface).
    pub AdvertisedLocalhostInsideNetwork {
        id: "docker/advertised-localhost-inside-network",
        summary: "a broker advertises localhost on the listener other containers use",
        severity: Warning,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["advertised.listeners", "listeners", "inter.broker.listener.name", "security.inter.broker.protocol"],
        fix: None,
        source: "broker docs (advertised.listeners); Docker networking",
    }
}

/// The broker services of a compose deployment that run a broker on the compose network.
pub(crate) fn brokers<'a, 'b>(cx: &'b DeploymentCtx<'a>) -> Vec<&'b FileCtx<'a>> {
    cx.files
        .iter()
        .filter(|f| f.role() == Some(crate::model::Role::Broker))
        .filter(|f| super::service(f).is_some_and(|u| u.image_kind.is_some_and(|k| k != "client")))
        .filter(|f| mode(f).runs_broker())
        .collect()
}

impl Rule for AdvertisedLocalhostInsideNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let brokers = brokers(cx);
        let n = brokers.len();
        for b in &brokers {
            let u = super::service(b).expect("a compose broker");
            if !super::own_network(u) {
                continue;
            }
            let Some(adv) = listeners_of(b, "advertised.listeners").filter(|l| l.entry.is_some()) else { continue };
            let inter = super::inter_broker_listener(b);
            let binds = listeners_of(b, "listeners");
            let mut reported = Vec::new();
            if n >= 2 {
                for ep in adv.endpoints.iter().filter(|e| e.name.eq_ignore_ascii_case(&inter) && is_loopback(&e.host)) {
                    reported.push(ep.name.clone());
                    out.report(
                        &META,
                        b.id,
                        adv.span_of(b, ep),
                        format!("the inter-broker listener `{}` advertises `{}` in a compose file with {n} brokers: the other brokers connect to themselves and cannot replicate from this one", ep.name.to_ascii_uppercase(), ep.host),
                    )
                    .key("advertised.listeners")
                    .primary_label("other brokers are sent here")
                    .help(format!("advertise the service name on `{}` (`{}://{}:<port>`), and `localhost` only on a listener for the host", ep.name.to_ascii_uppercase(), ep.name.to_ascii_uppercase(), u.name));
                }
            }
            // Client services of the file that bootstrap to this broker by its service name.
            for c in
                cx.files.iter().filter(|f| super::service(f).is_some_and(|cu| cu.image_kind == Some("client") && super::own_network(cu)))
            {
                let Some(bs) = c.explicit("bootstrap.servers") else { continue };
                for (host, port, range) in super::bootstrap_items(&bs.value) {
                    let Some(port) = port else { continue };
                    if !u.hostnames.iter().any(|h| h.eq_ignore_ascii_case(&host)) {
                        continue;
                    }
                    // The listener bound on that container port.
                    let name = binds
                        .as_ref()
                        .and_then(|l| l.endpoints.iter().find(|e| e.port == Some(port)).map(|e| e.name.clone()))
                        .or_else(|| adv.endpoints.iter().find(|e| e.port == Some(port)).map(|e| e.name.clone()));
                    let Some(name) = name else { continue };
                    if reported.iter().any(|r: &String| r.eq_ignore_ascii_case(&name)) {
                        continue;
                    }
                    let Some(ep) = adv.endpoints.iter().find(|e| e.name.eq_ignore_ascii_case(&name) && is_loopback(&e.host)) else {
                        continue;
                    };
                    reported.push(name.clone());
                    let cname = super::service(c).map_or("", |cu| cu.name.as_str());
                    out.report(
                        &META,
                        b.id,
                        adv.span_of(b, ep),
                        format!("listener `{}` advertises `{}`, but service `{cname}` reaches it from inside the compose network (`{host}:{port}`): after bootstrapping it connects to its own container", name.to_ascii_uppercase(), ep.host),
                    )
                    .key("advertised.listeners")
                    .primary_label("containers are sent here")
                    .label(c.id, crate::rules::broker::entry_range_span(c, bs, range), Some("bootstrap.servers"), "bootstraps through this listener")
                    .help(format!("advertise `{}` on this listener, and `localhost` only on a separate listener for the host", u.name));
                }
            }
        }
    }
}
