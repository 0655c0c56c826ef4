use super::{broker_listeners, client_bootstrap, listeners_known};
use crate::rules::{declare_rule, DeploymentCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares the ports of each client's `bootstrap.servers` with the ports of the listeners
    /// (`advertised.listeners` and `listeners`) of the deployment's broker files, and flags a
    /// client none of whose bootstrap ports any broker listens on or advertises. Host names are not
    /// compared (aliases, container networks and load balancers make them differ); only a client
    /// that matches no port at all is reported, and only when every broker file sets its listeners
    /// (a broker file that leaves them to their defaults is often a template that environment
    /// variables complete).
    /// ## Why it fails in production
    /// The client cannot reach a broker listener: it logs `Connection to node -1 (…) could not be
    /// established. Node may not be available.` and gives up with `TimeoutException: Failed to
    /// update metadata` (producers) or `Timed out waiting for a node assignment` (admin). When a
    /// proxy forwards the port elsewhere, the client connects but receives broker addresses it
    /// cannot reach ("connected, but no data").
    /// ## Example
    /// A consumer and a broker in one directory:
    /// ```properties
    /// # consumer.properties
    /// bootstrap.servers=broker1:9029
    /// group.id=orders
    /// # server.properties: listeners=PLAINTEXT://:9092
    /// ```
    /// ## Use instead
    /// ```properties
    /// # consumer.properties
    /// bootstrap.servers=broker1:9092
    /// group.id=orders
    /// ```
    /// ## Fix
    /// None: use the port of a listener the brokers advertise.
    /// ## Versions
    /// All.
    /// ## Source
    /// `KafkaConfig` (`listeners`, `advertised.listeners`); `NetworkClient` (bootstrap and metadata).
    pub BootstrapPortNotAdvertised {
        id: "client/bootstrap-port-not-advertised",
        summary: "no broker of the deployment listens on any of the client's bootstrap ports",
        severity: Warning,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["bootstrap.servers", "listeners", "advertised.listeners", "port", "controller.listener.names"],
        fix: None,
        source: "KafkaConfig listeners/advertised.listeners; NetworkClient",
    }
}

impl Rule for BootstrapPortNotAdvertised {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let brokers: Vec<_> = cx.brokers().collect();
        if brokers.is_empty() || !brokers.iter().all(|b| listeners_known(b)) {
            return;
        }
        let mut ports: Vec<u16> = brokers.iter().flat_map(|b| broker_listeners(b)).map(|l| l.port).collect();
        ports.sort_unstable();
        ports.dedup();
        for client in cx.reported_clients() {
            let Some((v, items)) = client_bootstrap(client) else { continue };
            if items.is_empty() || items.iter().any(|(i, _)| i.port.is_some_and(|p| ports.iter().any(|&q| u64::from(q) == p))) {
                continue;
            }
            let (first, span) = &items[0];
            let listed: Vec<String> = ports.iter().map(u16::to_string).collect();
            let message = if items.len() == 1 {
                format!(
                    "`{}` in `bootstrap.servers` uses port {}, on which no broker of this deployment listens (they use {}): the client cannot connect",
                    first.text,
                    first.port.unwrap_or(0),
                    listed.join(", ")
                )
            } else {
                format!(
                    "no address in `bootstrap.servers` uses a port a broker of this deployment listens on (they use {}): the client cannot connect",
                    listed.join(", ")
                )
            };
            let primary = if items.len() == 1 { *span } else { v.entry().map_or(*span, |e| e.value_span) };
            let b = out
                .report(&META, client.id, primary, message)
                .key("bootstrap.servers")
                .help(format!("bootstrap from a port the brokers advertise ({})", listed.join(", ")));
            let first_listener = brokers.iter().find_map(|br| broker_listeners(br).iter().find(|l| l.span.is_some()).map(|l| (br.id, l)));
            if let Some((id, l)) = first_listener {
                b.label(id, l.span.unwrap_or_default(), Some(l.key), format!("the broker's {} listener is on port {}", l.name, l.port));
            }
        }
    }
}
