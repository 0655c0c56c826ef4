use crate::rules::broker::{controller_listener_names, is_loopback, listeners_of};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// For a broker service on the compose network, flags a host-facing listener, one that
    /// advertises `localhost` (or `127.0.0.1`) and binds a non-loopback address, whose advertised
    /// port no `ports:` entry publishes on the host, or publishes to another container port than
    /// the one the listener binds. Services that publish no ports at all, share the host's
    /// network, or whose `ports:` cannot be read, are not checked; nor is the inter-broker
    /// listener.
    /// ## Why it fails in production
    /// A client on the host bootstraps, receives `localhost:<port>` as the broker's address and
    /// connects there: nothing listens on that host port (or Docker forwards it to a port the
    /// broker does not listen on), so the client times out after bootstrapping fine ("connected,
    /// but no data").
    /// ## Example
    /// ```yaml
    /// services:
    ///   kafka:
    ///     image: confluentinc/cp-kafka:7.6.0
    ///     ports:
    ///       - "29092:9092"
    ///     environment:
    ///       KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092
    /// ```
    /// ## Use instead
    /// ```yaml
    ///     ports:
    ///       - "9092:9092"
    /// ```
    /// ## Fix
    /// None: publish the advertised port (`"9092:9092"`), or advertise the port you publish.
    /// ## Versions
    /// All.
    /// ## Source
    /// Kafka broker docs (`advertised.listeners`: the address clients use after bootstrap);
    /// Docker's `ports` (HOST:CONTAINER).
    pub AdvertisedPortNotPublished {
        id: "docker/advertised-port-not-published",
        summary: "a broker advertises localhost:<port> for the host, but that host port is not published to the listener",
        severity: Warning,
        scope: Scope::File(&[crate::model::Role::Broker]),
        versions: None => None,
        reads: ["advertised.listeners", "listeners", "inter.broker.listener.name", "security.inter.broker.protocol"],
        fix: None,
        source: "broker docs (advertised.listeners); docker compose ports",
    }
}

impl Rule for AdvertisedPortNotPublished {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(u) = super::service(cx) else { return };
        if u.image_kind.is_none_or(|k| k == "client") || !super::own_network(u) || u.ports.is_empty() {
            return;
        }
        if u.ports.iter().any(|p| p.host_ip.as_deref() == Some("?")) {
            return;
        }
        let Some(adv) = listeners_of(cx, "advertised.listeners") else { return };
        let binds = listeners_of(cx, "listeners");
        let controllers = controller_listener_names(cx);
        let inter = super::inter_broker_listener(cx);
        for ep in &adv.endpoints {
            let Some(port) = ep.port else { continue };
            if !is_loopback(&ep.host)
                || ep.name.eq_ignore_ascii_case(&inter)
                || controllers.iter().any(|c| c.eq_ignore_ascii_case(&ep.name))
            {
                continue;
            }
            let bind = binds.as_ref().and_then(|b| b.endpoints.iter().find(|b| b.name.eq_ignore_ascii_case(&ep.name)));
            if bind.is_some_and(|b| is_loopback(&b.host)) {
                continue; // reachable only inside the container: not meant for the host
            }
            let bind_port = bind.and_then(|b| b.port).unwrap_or(port);
            let published: Vec<_> = u.ports.iter().filter(|p| p.host_port == Some(port)).collect();
            let span = adv.span_of(cx, ep);
            if published.is_empty() {
                out.report(
                    &META,
                    cx.id,
                    span,
                    format!(
                        "listener `{}` advertises `{}:{port}` to clients on the host, but no `ports:` entry publishes host port {port}",
                        ep.name.to_ascii_uppercase(),
                        ep.host
                    ),
                )
                .key("advertised.listeners")
                .primary_label("host clients are sent here")
                .help(format!("publish it: `\"{port}:{bind_port}\"` under `ports:`"));
            } else if published.iter().all(|p| p.container_port != bind_port) {
                let p = published[0];
                out.report(
                    &META,
                    cx.id,
                    span,
                    format!(
                        "listener `{}` advertises `{}:{port}` to clients on the host, but host port {port} is published to container port {}, where this listener does not listen ({bind_port})",
                        ep.name.to_ascii_uppercase(),
                        ep.host,
                        p.container_port
                    ),
                )
                .key("advertised.listeners")
                .primary_label("host clients are sent here")
                .label(cx.id, p.span, None, "published to another container port")
                .help(format!("publish `\"{port}:{bind_port}\"`"));
            }
        }
    }
}
