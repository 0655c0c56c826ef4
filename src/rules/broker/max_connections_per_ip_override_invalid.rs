use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Reads `max.connections.per.ip.overrides` as Kafka does: comma-separated `host:count`
    /// entries, split at each entry's last `:`; the count must be a whole number (a Java `int`)
    /// and, from 2.1, the host must consist of letters, digits and `-%._:` (a host name or an IPv4
    /// or IPv6 address, without brackets; no CIDR ranges, no `*`). An empty entry before another
    /// one (`,10.0.0.1:5` or `a:1,,b:2`) has no `:` and is refused too.
    /// ## Why it fails in production
    /// The broker refuses to start: `IllegalArgumentException: max.connections.per.ip.overrides
    /// contains invalid addresses : 10.0.0.0/8`, `Error parsing configuration property
    /// 'max.connections.per.ip.overrides': …` (an entry without `:`), or `NumberFormatException:
    /// For input string: "many"`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// max.connections.per.ip=10
    /// max.connections.per.ip.overrides=10.0.0.0/8:1000
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// max.connections.per.ip=10
    /// max.connections.per.ip.overrides=10.0.0.5:1000,10.0.0.6:1000
    /// ```
    /// ## Fix
    /// None: list each host or address with its own count.
    /// ## Versions
    /// All for the `host:count` form (`KafkaConfig.maxConnectionsPerIpOverrides`, read at apache/kafka
    /// tags 0.10.0.0, 2.1.0, 2.7.0 and 3.9.0-rc3 and on the 4.0, 4.1 and 4.2 branches at their x.y.0
    /// releases); the host check (`Utils.validHostPattern`, KIP-308) from 2.1 (present at 2.1.0 to
    /// 3.9.0-rc3 and 4.0 to 4.2, absent at 2.0.0). With no version given, a host finding is a warning
    /// unless the file's keys rule out the lines before 2.1.
    /// ## Source
    /// `kafka.server.KafkaConfig.maxConnectionsPerIpOverrides` (`getMap` → `parseCsvMap`, then
    /// `toInt`) and `validateValues` (`Utils.validHostPattern`, `[0-9a-zA-Z\-%._:]*`).
    pub MaxConnectionsPerIpOverrideInvalid {
        id: "broker/max-connections-per-ip-override-invalid",
        summary: "an entry of max.connections.per.ip.overrides is not host:count as Kafka reads it: the broker does not start",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["max.connections.per.ip.overrides"],
        fix: None,
        source: "KafkaConfig.validateValues (max.connections.per.ip.overrides contains invalid addresses); KafkaConfig.getMap",
    }
}

/// `Utils.validHostPattern` on the override hosts (KIP-308): present at 2.1.0, absent at 2.0.0.
const HOSTS_CHECKED: &str = "2.1";

fn valid_host(h: &str) -> bool {
    h.bytes().all(|b| b.is_ascii_alphanumeric() || b"-%._:".contains(&b))
}

impl Rule for MaxConnectionsPerIpOverrideInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(e) = cx.explicit("max.connections.per.ip.overrides") else { return };
        let value = e.value.trim();
        if value.is_empty() || is_placeholder(value) {
            return;
        }
        let hosts_checked = cx.release().at_least(HOSTS_CHECKED);
        // Java's split drops trailing empty items only.
        let mut items: Vec<(String, (usize, usize))> = Vec::new();
        let mut offset = 0;
        for raw in value.split(',') {
            let start = offset + (raw.len() - raw.trim_start().len());
            items.push((raw.trim().to_string(), (start, start + raw.trim().len())));
            offset += raw.len() + 1;
        }
        while items.last().is_some_and(|(t, _)| t.is_empty()) {
            items.pop();
        }
        for (item, range) in items {
            let span = if item.is_empty() { e.value_span } else { super::entry_range_span(cx, e, range) };
            // (why, the line from which Kafka refuses it)
            let why = match item.rsplit_once(':') {
                None if item.is_empty() => Some(("an empty entry (no `host:count`)".to_string(), None)),
                None => Some((format!("`{item}` has no `:count`"), None)),
                Some((host, count)) => {
                    let (host, count) = (host.trim(), count.trim());
                    let count_ok = count.parse::<i32>().is_ok();
                    if !count_ok {
                        Some((format!("`{item}` has a count, `{count}`, that is not a whole number"), None))
                    } else if hosts_checked && !valid_host(host) {
                        Some((
                            format!(
                                "`{host}` is not a host name or address Kafka accepts (letters, digits and `-%._:` only; no ranges, wildcards or brackets)"
                            ),
                            Some(HOSTS_CHECKED),
                        ))
                    } else {
                        None
                    }
                }
            };
            let Some((why, since)) = why else { continue };
            let (severity, verdict) = match since {
                Some(v) => super::refusal_from(cx, v),
                None => (crate::diagnostic::Severity::Error, format!("Kafka {} refuses to start", cx.release())),
            };
            out.report(&META, cx.id, span, format!("`max.connections.per.ip.overrides`: {why}: {verdict}"))
                .severity(severity)
                .key("max.connections.per.ip.overrides")
                .help("write `host:count` entries, one per host or address (`10.0.0.5:100,broker-admin.example.com:20`)");
        }
    }
}
