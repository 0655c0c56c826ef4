use crate::diagnostic::Fix;
use crate::kafka::{parse_listeners, value_range_span};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `0.0.0.0` as the host of an advertised listener: in `advertised.listeners`, or in
    /// `listeners` when `advertised.listeners` is not set (Kafka then advertises `listeners`).
    /// ## Why it fails in production
    /// `0.0.0.0` means "bind every interface"; it is not an address anyone can connect to. Kafka
    /// refuses to start: `advertised.listeners cannot use the nonroutable meta-address 0.0.0.0.
    /// Use a routable IP address.` (Before 1.0 the broker started and handed `0.0.0.0` to
    /// clients, which then connected to themselves: "connected, but no data".)
    /// ## Example
    /// ```properties,expect_diagnostic
    /// listeners=PLAINTEXT://0.0.0.0:9092
    /// ```
    /// ## Use instead
    /// ```properties
    /// listeners=PLAINTEXT://0.0.0.0:9092
    /// advertised.listeners=PLAINTEXT://kafka-1.example.com:9092
    /// ```
    /// ## Fix
    /// Display only: puts a `<broker-host>` placeholder where clients need the broker's real host
    /// name; you must fill it in. Controller listeners (`controller.listener.names`) that are only
    /// in `listeners` are not advertised to clients and are not flagged.
    /// ## Versions
    /// 1.0 and later (KAFKA-4260). Kafka 3.9.0 also rejected `0.0.0.0` in controller listeners
    /// taken implicitly from `listeners` (KAFKA-18281, fixed in 3.9.1 and 4.0); kafkalint follows
    /// the fixed behaviour.
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues` (KAFKA-4260, apache/kafka#3382).
    pub AdvertisedWildcardAddress {
        id: "broker/advertised-wildcard-address",
        summary: "an advertised listener uses the non-routable address 0.0.0.0",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("1.0") => None,
        reads: ["advertised.listeners", "listeners", "controller.listener.names"],
        fix: Always,
        source: "KafkaConfig.validateValues; KAFKA-4260",
    }
}

const PLACEHOLDER: &str = "<broker-host>";

impl Rule for AdvertisedWildcardAddress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let controller_names: Vec<String> =
            cx.get("controller.listener.names").map(|v| v.as_list().iter().map(|s| s.to_string()).collect()).unwrap_or_default();
        if let Some(entry) = cx.explicit("advertised.listeners") {
            let raw = &cx.text()[entry.value_span.range()];
            for ep in parse_listeners(entry.value.trim()).into_iter().flatten() {
                if ep.host != "0.0.0.0" {
                    continue;
                }
                let span = value_range_span(entry.value_span, raw, ep.host_range);
                let fixed = replace_hosts(entry.value.trim(), &[ep.host_range]);
                out.report(
                    &META,
                    cx.id,
                    span,
                    format!(
                        "`advertised.listeners` advertises `{}://0.0.0.0`, which no client can connect to: Kafka refuses to start",
                        ep.name
                    ),
                )
                .key("advertised.listeners")
                .primary_label("not a routable address")
                .help("advertise the host name or IP address clients use to reach this broker")
                .fix(Fix::display_only(
                    format!("Advertise `{PLACEHOLDER}` (fill in the broker's host)"),
                    vec![cx.replace_value(entry, &fixed)],
                ));
            }
            return;
        }
        let Some(listeners) = cx.get("listeners") else { return };
        let wild: Vec<_> =
            parse_listeners(&listeners.text).into_iter().flatten().filter(|ep| !controller_names.iter().any(|c| c == &ep.name)).collect();
        let bad: Vec<_> = wild.iter().filter(|ep| ep.host == "0.0.0.0").collect();
        if bad.is_empty() {
            return;
        }
        let Some(entry) = listeners.entry() else { return };
        let raw = &cx.text()[entry.value_span.range()];
        let advertised: Vec<String> = wild
            .iter()
            .map(|ep| {
                format!(
                    "{}://{}:{}",
                    ep.name,
                    if ep.host == "0.0.0.0" { PLACEHOLDER } else { &ep.host },
                    ep.port.map_or(String::new(), |p| p.to_string())
                )
            })
            .collect();
        for ep in bad {
            let span = value_range_span(entry.value_span, raw, ep.host_range);
            out.report(&META, cx.id, span, format!("`advertised.listeners` is not set, so Kafka advertises `listeners`, whose `{}` listener binds 0.0.0.0: Kafka refuses to start", ep.name))
                .key("listeners")
                .primary_label("advertised to clients because `advertised.listeners` is not set")
                .help("set `advertised.listeners` to the host name or IP address clients use to reach this broker")
                .fix(Fix::display_only(format!("Add `advertised.listeners` with `{PLACEHOLDER}` (fill in the broker's host)"), vec![cx.insert_entry("advertised.listeners", &advertised.join(","))]));
        }
    }
}

fn replace_hosts(value: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = value.to_string();
    for &(s, e) in ranges.iter().rev() {
        out.replace_range(s..e, PLACEHOLDER);
    }
    out
}
