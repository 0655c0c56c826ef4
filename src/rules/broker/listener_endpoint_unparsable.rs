use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// Reads each entry of `listeners` and `advertised.listeners` as Kafka does: it must match
    /// `NAME://host:port` by Kafka's pattern (`^(.*)://\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)`:
    /// the host may be empty, a name or an address of letters, digits and `-%._:`, an IPv6
    /// address in brackets; the port is a whole number), the listener name must not be empty and
    /// the port must fit a Java `int`. A port of `listeners` must also be one the broker can bind
    /// (0 to 65535). Duplicate names and ports are `broker/duplicate-listener`'s, names without a
    /// security protocol `broker/listener-without-security-protocol`'s.
    /// ## Why it fails in production
    /// The node refuses to start: `IllegalArgumentException: Error creating broker listeners from
    /// 'PLAINTEXT://kafka 1:9092': Unable to parse PLAINTEXT://kafka 1:9092 to a broker endpoint`
    /// (a space, a `/`, a missing port or `://`), `For input string: "99999999999"`, `The provided
    /// listener name is null or empty string`; a `listeners` port above 65535 fails when the socket
    /// server binds it (`IllegalArgumentException: port out of range`).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// listeners=PLAINTEXT://0.0.0.0:9092
    /// advertised.listeners=PLAINTEXT://kafka-1.example.com
    /// ```
    /// ## Use instead
    /// ```properties
    /// listeners=PLAINTEXT://0.0.0.0:9092
    /// advertised.listeners=PLAINTEXT://kafka-1.example.com:9092
    /// ```
    /// ## Fix
    /// None: write each entry as `NAME://host:port`.
    /// ## Versions
    /// All. The host pattern took `_` from 0.10.1 (0.10.0.0 refuses it). Read in
    /// `EndPoint.createEndPoint` at apache/kafka tags 0.10.0.0, 0.10.1.0, 0.10.2.0, 1.0.0, 2.0.0,
    /// 2.4.0, 2.8.0, 3.0.0, 3.3.0, 3.5.0, 3.6.0, 3.7.0 and 3.8.0, and in its successor
    /// `SocketServerConfigs.listenerListToEndPoints` at 3.9.0-rc3 and on the 4.0, 4.1 and 4.2 branches
    /// at their x.y.0 releases (the same pattern throughout).
    /// ## Source
    /// `kafka.utils.CoreUtils.listenerListToEndPoints` → `EndPoint.createEndPoint` /
    /// `SocketServerConfigs.listenerListToEndPoints` (`URI_PARSE_REGEXP`, `Integer.parseInt`);
    /// `ListenerName.normalised`; `SocketServer.openServerSocket` (`new InetSocketAddress`).
    pub ListenerEndpointUnparsable {
        id: "broker/listener-endpoint-unparsable",
        summary: "an entry of listeners or advertised.listeners is not NAME://host:port as Kafka parses it",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["listeners", "advertised.listeners"],
        fix: None,
        source: "EndPoint.createEndPoint / SocketServerConfigs.listenerListToEndPoints (Unable to parse ... to a broker endpoint)",
    }
}

static ENDPOINT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(.*)://\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)$").expect("valid"));
static ENDPOINT_0_10_0: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(.*)://\[?([0-9a-zA-Z\-%.:]*)\]?:(-?[0-9]+)$").expect("valid"));

/// Why Kafka refuses one endpoint (`None`: it parses). `bound`: the entry is bound (`listeners`).
pub(crate) fn endpoint_error(item: &str, bound: bool, old_host_pattern: bool) -> Option<String> {
    let re = if old_host_pattern { &*ENDPOINT_0_10_0 } else { &*ENDPOINT };
    let Some(c) = re.captures(item) else {
        let why = if !item.contains("://") {
            "it has no `://` after the listener name"
        } else if !item
            .rsplit_once(':')
            .is_some_and(|(_, p)| !p.is_empty() && p.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit()))
        {
            "it does not end in `:port`"
        } else {
            "its host has a character Kafka does not accept (letters, digits and `-%._:` only, IPv6 in brackets)"
        };
        return Some(format!("`{item}` is not `NAME://host:port` ({why})"));
    };
    if c[1].trim().is_empty() {
        return Some(format!("`{item}` has no listener name"));
    }
    let port = &c[3];
    let Ok(p) = port.parse::<i32>() else {
        return Some(format!("`{item}` has a port, {port}, that does not fit a Java int"));
    };
    if bound && !(0..=65535).contains(&p) {
        return Some(format!("`{item}` has a port, {p}, outside 0-65535, which the broker cannot bind"));
    }
    None
}

impl Rule for ListenerEndpointUnparsable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let old = !cx.release().at_least("0.10.1");
        for key in ["listeners", "advertised.listeners"] {
            let Some(e) = cx.explicit(key) else { continue };
            if is_placeholder(&e.value) {
                continue;
            }
            for (item, range) in super::list_items(e.value.trim()) {
                let Some(why) = endpoint_error(&item, key == "listeners", old) else { continue };
                out.report(
                    &META,
                    cx.id,
                    super::entry_range_span(cx, e, range),
                    format!("`{key}`: {why}: Kafka {} refuses to start", cx.release()),
                )
                .key(key)
                .help("write each entry as `NAME://host:port` (an empty host binds every interface; IPv6 as `[::1]`)");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::endpoint_error;

    #[test]
    fn kafka_pattern() {
        for ok in ["PLAINTEXT://:9092", "SSL://[::1]:9093", "INTERNAL://kafka_1.internal:9092", "A://fe80::1%eth0:1", "X://h:-1"] {
            assert_eq!(endpoint_error(ok, false, false), None, "{ok}");
        }
        assert!(endpoint_error("X://h:-1", true, false).is_some());
        assert!(endpoint_error("PLAINTEXT://kafka 1:9092", false, false).is_some());
        assert!(endpoint_error("PLAINTEXT://kafka-1", false, false).is_some());
        assert!(endpoint_error("kafka-1:9092", false, false).is_some());
        assert!(endpoint_error("://:9092", false, false).is_some());
        assert!(endpoint_error("P://h:99999999999", false, false).is_some());
        assert!(endpoint_error("P://h:70000", true, false).is_some());
        assert_eq!(endpoint_error("P://h:70000", false, false), None);
        assert!(endpoint_error("P://a_b:1", false, true).is_some());
    }
}
