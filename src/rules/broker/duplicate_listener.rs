use crate::kafka::Endpoint;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use std::net::{Ipv4Addr, Ipv6Addr};

declare_rule! {
    /// ## What it does
    /// Flags two listeners with the same name (in `listeners` or `advertised.listeners`; names
    /// compare case-insensitively) and two `listeners` with the same port. From Kafka 3.6 two
    /// listeners may share a port when one binds an IPv4 address and the other an IPv6 address
    /// (KIP-797); their names must still differ.
    /// ## Why it fails in production
    /// Kafka refuses to start: `IllegalArgumentException: requirement failed: Each listener must
    /// have a different name, listeners: PLAINTEXT://kafka-1:9092,PLAINTEXT://10.0.0.5:9093` (or
    /// `Each listener must have a different port`). A second interface needs a second listener
    /// name, mapped in `listener.security.protocol.map`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// listeners=PLAINTEXT://kafka-1.internal:9092,PLAINTEXT://kafka-1.example.com:9093
    /// ```
    /// ## Use instead
    /// ```properties
    /// listeners=INTERNAL://kafka-1.internal:9092,EXTERNAL://kafka-1.example.com:9093
    /// listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT
    /// inter.broker.listener.name=INTERNAL
    /// ```
    /// ## Fix
    /// None: give each listener its own name (and map it), or its own port.
    /// ## Versions
    /// All. The IPv4/IPv6 exception to unique ports holds from 3.6 (KIP-797); the Kafka
    /// documentation of `listeners` says names may repeat too in that case, but the code rejects
    /// it (KAFKA-16995), and so does kafkalint.
    /// ## Source
    /// `kafka.utils.CoreUtils.listenerListToEndPoints` (`validate`), and its successor
    /// `AbstractKafkaConfig.listenerListToEndPoints` in 4.x; KIP-797.
    pub DuplicateListener {
        id: "broker/duplicate-listener",
        summary: "two listeners share a name, or two listeners share a port",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["listeners", "advertised.listeners"],
        fix: None,
        source: "CoreUtils.listenerListToEndPoints; KIP-797",
    }
}

fn dual_stack(a: &Endpoint, b: &Endpoint) -> bool {
    let v4 = |h: &str| h.parse::<Ipv4Addr>().is_ok();
    let v6 = |h: &str| h.parse::<Ipv6Addr>().is_ok();
    (v4(&a.host) && v6(&b.host)) || (v6(&a.host) && v4(&b.host))
}

impl Rule for DuplicateListener {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let dual_ok = super::since(cx.release(), "dual_stack_ports.since");
        for key in ["listeners", "advertised.listeners"] {
            let Some(l) = super::listeners_of(cx, key) else { continue };
            if l.entry.is_none() {
                continue;
            }
            for (i, ep) in l.endpoints.iter().enumerate() {
                let earlier = &l.endpoints[..i];
                if let Some(first) = earlier.iter().find(|e| e.name.eq_ignore_ascii_case(&ep.name)) {
                    let name = ep.name.to_ascii_uppercase();
                    out.report(&META, cx.id, l.span_of(cx, ep), format!("`{key}` names listener `{name}` twice: Kafka refuses to start"))
                        .key(key)
                        .primary_label("second listener with this name")
                        .label(cx.id, l.span_of(cx, first), Some(key), format!("`{name}` is first defined here"))
                        .help("give each listener its own name and map it in `listener.security.protocol.map`");
                    continue;
                }
                if key != "listeners" {
                    continue; // advertised listeners may share ports
                }
                let Some(port) = ep.port.filter(|p| *p != 0) else { continue };
                let clash = earlier.iter().find(|e| e.port == Some(port) && !(dual_ok && dual_stack(e, ep)));
                if let Some(first) = clash {
                    let note = if dual_stack(first, ep) {
                        format!(
                            " (one IPv4 and one IPv6 address may share a port only from Kafka {})",
                            super::fact_version("dual_stack_ports.since")
                        )
                    } else {
                        String::new()
                    };
                    out.report(
                        &META,
                        cx.id,
                        l.span_of(cx, ep),
                        format!(
                            "listeners `{}` and `{}` both use port {port}: Kafka refuses to start{note}",
                            first.name.to_ascii_uppercase(),
                            ep.name.to_ascii_uppercase()
                        ),
                    )
                    .key(key)
                    .primary_label(format!("port {port} is already taken"))
                    .label(cx.id, l.span_of(cx, first), Some(key), format!("`{}` uses port {port}", first.name.to_ascii_uppercase()))
                    .help("give each listener its own port");
                }
            }
        }
    }
}
