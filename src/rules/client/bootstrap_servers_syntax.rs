use super::{bootstrap_items, is_java, security_protocol, BootstrapItem, CLIENT_ROLES};
use crate::diagnostic::{Fix, Severity};
use crate::model::is_placeholder;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Reads `bootstrap.servers` as the Java client does (`ClientUtils.parseAndValidateAddresses`)
    /// and flags what it rejects or silently ignores: an entry that is not `host:port` (a missing
    /// port, a path, entries separated by spaces instead of commas), a port above 65535, an empty
    /// value, an empty entry between commas, and a `PLAINTEXT://`-style prefix, which the client
    /// accepts but ignores (it never selects the security protocol).
    /// ## Why it fails in production
    /// A malformed entry stops the client at construction: `ConfigException: Invalid url in
    /// bootstrap.servers: broker1` or `Invalid port in bootstrap.servers: broker1:99999`, and an
    /// empty list gives `No resolvable bootstrap urls given in bootstrap.servers`. A prefix such as
    /// `SSL://broker:9093` looks like it enables TLS, but the client still speaks
    /// `security.protocol` (PLAINTEXT by default) to that port and the connection fails.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// bootstrap.servers=broker1:9092 broker2:9092
    /// ```
    /// ## Use instead
    /// ```properties
    /// bootstrap.servers=broker1:9092,broker2:9092
    /// ```
    /// ## Fix
    /// Safe: separates space-separated entries with commas, removes empty entries, and removes a
    /// prefix (the client ignores it; set `security.protocol` for the protocol you meant).
    /// ## Versions
    /// All (the host:port pattern has accepted and ignored a `scheme://` prefix since 0.10.0).
    /// Empty entries are skipped before 4.2; 4.2 validates LIST values more strictly (KIP-1161)
    /// and its `bootstrap.servers` validator rejects empty entries. Only for the Java client (the
    /// default): librdkafka reads a missing port as 9092.
    /// ## Source
    /// `org.apache.kafka.clients.ClientUtils.parseAndValidateAddresses`; `Utils.getHost`/`getPort`
    /// (`HOST_PORT_PATTERN`); `ConfigDef` LIST parsing and `ValidList` (KIP-1161, Kafka 4.2
    /// upgrade notes).
    pub BootstrapServersSyntax {
        id: "client/bootstrap-servers-syntax",
        summary: "a bootstrap.servers entry the Java client rejects or misreads",
        severity: Error,
        scope: Scope::File(CLIENT_ROLES),
        versions: None => None,
        reads: ["bootstrap.servers", "security.protocol"],
        fix: Sometimes,
        source: "ClientUtils.parseAndValidateAddresses; Utils.HOST_PORT_PATTERN; ConfigDef.ValidList (KIP-1161)",
    }
}

const PROTOCOLS: [&str; 4] = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"];

/// Entries separated by white space inside one comma-separated item, when each part is host:port.
fn space_separated(item: &BootstrapItem) -> Option<Vec<String>> {
    let parts: Vec<&str> = item.text.split_whitespace().collect();
    if parts.len() < 2 {
        return None;
    }
    let ok = parts.iter().all(|p| bootstrap_items(p).first().is_some_and(|b| b.port.is_some()));
    ok.then(|| parts.iter().map(|p| p.to_string()).collect())
}

/// The value with one kind of repair applied to every item.
fn repaired(items: &[BootstrapItem], f: impl Fn(&BootstrapItem) -> Vec<String>) -> String {
    items.iter().flat_map(f).collect::<Vec<_>>().join(",")
}

fn without_scheme(item: &BootstrapItem) -> String {
    match &item.scheme {
        Some(s) => item.text[s.len() + 3..].to_string(),
        None => item.text.clone(),
    }
}

impl Rule for BootstrapServersSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !is_java(cx.file) {
            return;
        }
        let Some(entry) = cx.explicit("bootstrap.servers") else { return };
        let value = entry.value.trim();
        if is_placeholder(value) {
            return;
        }
        if value.is_empty() {
            out.report(
                &META,
                cx.id,
                entry.key_span,
                "`bootstrap.servers` is empty: the client refuses to start (`No resolvable bootstrap urls given in bootstrap.servers`)",
            )
            .key("bootstrap.servers")
            .help("list at least one broker as `host:port`");
            return;
        }
        let items = bootstrap_items(value);
        let span_of = |i: &BootstrapItem| {
            if i.text.is_empty() {
                // An empty entry: point at the comma before it (or after it, for the first).
                let at = value[..i.range.0].rfind(',').or_else(|| value.find(',')).unwrap_or(0);
                crate::kafka::value_range_span(entry.value_span, &entry.value, (at, at + 1))
            } else {
                crate::kafka::value_range_span(entry.value_span, &entry.value, i.range)
            }
        };
        let protocol = security_protocol(cx);
        let release = cx.release();
        let strict = super::at_least(release, "protocol.bootstrap.strict_list_since");
        let mut reported_empty = false;
        let mut reported_scheme = false;
        for item in &items {
            if is_placeholder(&item.text) {
                continue;
            }
            let span: Span = span_of(item);
            if item.text.is_empty() {
                if reported_empty {
                    continue;
                }
                reported_empty = true;
                let message = if strict {
                    format!("`bootstrap.servers` has an empty entry: Kafka {release} validates LIST values strictly and rejects it (`values must not be empty`)")
                } else {
                    "`bootstrap.servers` has an empty entry (two commas, or a trailing comma): Kafka skips it, but 4.2 and later reject it"
                        .to_string()
                };
                let fixed = repaired(&items, |i| if i.text.is_empty() { vec![] } else { vec![i.text.clone()] });
                out.report(&META, cx.id, span, message)
                    .key("bootstrap.servers")
                    .severity(Severity::Warning)
                    .help("remove the extra comma")
                    .fix(Fix::safe("Remove the empty entries", vec![cx.replace_value(entry, &fixed)]));
                continue;
            }
            match item.port {
                None => {
                    let parts = space_separated(item);
                    let message = if parts.is_some() {
                        format!("`{}` in `bootstrap.servers` separates brokers with spaces: the client reads it as one address and refuses to start (`Invalid url in bootstrap.servers`)", item.text)
                    } else {
                        format!("`{}` in `bootstrap.servers` is not `host:port`: the client refuses to start (`Invalid url in bootstrap.servers`)", item.text)
                    };
                    let b = out.report(&META, cx.id, span, message).key("bootstrap.servers");
                    match parts {
                        Some(_) => {
                            let fixed = repaired(&items, |i| space_separated(i).unwrap_or_else(|| vec![i.text.clone()]));
                            b.help("separate brokers with commas")
                                .fix(Fix::safe("Separate the brokers with commas", vec![cx.replace_value(entry, &fixed)]));
                        }
                        None => {
                            b.help("write each broker as `host:port` (the port of a listener the broker advertises)");
                        }
                    }
                }
                Some(p) if p > 65535 => {
                    out.report(&META, cx.id, span, format!("`{}` in `bootstrap.servers` has port {p}, above 65535: the client refuses to start (`Invalid port in bootstrap.servers`)", item.text))
                        .key("bootstrap.servers")
                        .help("use the port of a listener the broker advertises");
                }
                Some(0) => {
                    out.report(&META, cx.id, span, format!("`{}` in `bootstrap.servers` has port 0: no broker listens there", item.text))
                        .key("bootstrap.servers")
                        .severity(Severity::Warning)
                        .help("use the port of a listener the broker advertises");
                }
                Some(_) => {}
            }
            let Some(scheme) = &item.scheme else { continue };
            if item.port.is_none() || reported_scheme {
                continue;
            }
            reported_scheme = true;
            let named = scheme.to_ascii_uppercase();
            let fixed = repaired(&items, |i| vec![if i.port.is_some() { without_scheme(i) } else { i.text.clone() }]);
            let fix = Fix::safe("Remove the `scheme://` prefixes (the client ignores them)", vec![cx.replace_value(entry, &fixed)]);
            match &protocol {
                Some((proto, pv)) if PROTOCOLS.contains(&named.as_str()) && named != *proto => {
                    let origin = if pv.is_explicit() { String::new() } else { format!(", the default in Kafka {release}") };
                    let b = out
                        .report(&META, cx.id, span, format!("`{scheme}://` in `bootstrap.servers` does not select {named}: the client ignores the prefix and speaks `security.protocol` ({proto}{origin}) to this port"))
                        .key("bootstrap.servers")
                        .severity(Severity::Warning)
                        .help(format!("drop the prefix, and set `security.protocol={named}` if the broker's listener on this port speaks {named}"));
                    let b = match pv.entry() {
                        Some(e) => b.label(cx.id, e.value_span, Some("security.protocol"), "`security.protocol` is set here"),
                        None => b,
                    };
                    b.fix(fix);
                }
                _ => {
                    out.report(
                        &META,
                        cx.id,
                        span,
                        format!("`{scheme}://` in `bootstrap.servers` is ignored: the client reads only `host:port`"),
                    )
                    .key("bootstrap.servers")
                    .severity(Severity::Info)
                    .help("drop the prefix; `security.protocol` selects the protocol")
                    .fix(fix);
                }
            }
        }
    }
}
