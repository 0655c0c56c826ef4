use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a key that another key in the same file makes unused: `log.retention.ms` over
    /// `log.retention.minutes` over `log.retention.hours`, `log.roll.ms` over `log.roll.hours`,
    /// `log.roll.jitter.ms` over `log.roll.jitter.hours`, `log.dirs` over `log.dir`, and a plain
    /// `ssl.*` key (or `sasl.enabled.mechanisms`) when every listener that would use it sets its
    /// own `listener.name.<listener>.` override.
    /// ## Why it fails in production
    /// Kafka reads only the winning key and says nothing about the other. Someone edits
    /// `log.retention.hours=24` to shorten retention and nothing changes, because
    /// `log.retention.ms` (set further up, or by a template) wins; a keystore rotated in
    /// `ssl.keystore.location` is never loaded because each listener has its own.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// log.retention.ms=604800000
    /// log.retention.hours=24
    /// ```
    /// ## Use instead
    /// ```properties
    /// log.retention.hours=24
    /// ```
    /// ## Fix
    /// Unsafe: removes the unused key (nothing changes in what Kafka does; if the unused value
    /// was the one you meant, change the winning key instead).
    /// ## Versions
    /// All (listener overrides from 0.10.2, KIP-103).
    /// ## Source
    /// `KafkaConfig.logRetentionTimeMillis`, `logRollTimeMillis`, `logRollTimeJitterMillis`,
    /// `logDirs`; `AbstractConfig.valuesWithPrefixOverride` (listener-prefixed settings win);
    /// broker docs of `listener.security.protocol.map`.
    pub ShadowedKey {
        id: "broker/shadowed-key",
        summary: "a key is unused because a more specific key in the file wins",
        severity: Warning,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: [
            "log.retention.ms",
            "log.retention.minutes",
            "log.retention.hours",
            "log.roll.ms",
            "log.roll.hours",
            "log.roll.jitter.ms",
            "log.roll.jitter.hours",
            "log.dirs",
            "log.dir",
            "listeners",
            "listener.security.protocol.map",
        ],
        fix: Always,
        source: "KafkaConfig (logRetentionTimeMillis, logRollTimeMillis, logDirs); AbstractConfig.valuesWithPrefixOverride",
    }
}

/// Loser → winners, most specific first.
const CHAINS: &[(&str, &[&str])] = &[
    ("log.retention.minutes", &["log.retention.ms"]),
    ("log.retention.hours", &["log.retention.ms", "log.retention.minutes"]),
    ("log.roll.hours", &["log.roll.ms"]),
    ("log.roll.jitter.hours", &["log.roll.jitter.ms"]),
    ("log.dir", &["log.dirs"]),
];

impl Rule for ShadowedKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        for (loser, winners) in CHAINS {
            let Some(l) = cx.explicit(loser) else { continue };
            let Some(w) = winners.iter().find_map(|k| cx.explicit(k).filter(|e| !e.value.trim().is_empty())) else { continue };
            out.report(
                &META,
                cx.id,
                l.key_span,
                format!("`{loser}` ({}) is unused: `{}` ({}) takes precedence", l.value.trim(), w.key, w.value.trim()),
            )
            .key(loser)
            .primary_label("never read")
            .label(cx.id, w.span, Some(&w.key), format!("`{}` wins", w.key))
            .help(format!("remove `{loser}`, or change `{}` if that value was meant", w.key))
            .fix(Fix::unsafe_(format!("Remove `{loser}`"), vec![cx.delete_entry(l)]));
        }
        self.listener_overrides(cx, out);
    }
}

impl ShadowedKey {
    /// Plain security keys that every listener using them overrides.
    fn listener_overrides(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(map) = super::security_protocol_map(cx) else { return };
        let Some(lis) = super::listeners_of(cx, "listeners") else { return };
        if lis.malformed > 0 {
            return;
        }
        let protocols: Vec<(String, String)> =
            lis.endpoints.iter().filter_map(|e| super::protocol_of(&map, &e.name).map(|p| (e.name.to_ascii_lowercase(), p))).collect();
        if protocols.len() != lis.endpoints.len() {
            return;
        }
        for (key, _, _) in cx.keys() {
            let uses: fn(&str) -> bool = if key.starts_with("ssl.") {
                |p| p == "SSL" || p == "SASL_SSL"
            } else if *key == "sasl.enabled.mechanisms" {
                |p| p == "SASL_PLAINTEXT" || p == "SASL_SSL"
            } else {
                continue;
            };
            let users: Vec<&String> = protocols.iter().filter(|(_, p)| uses(p)).map(|(n, _)| n).collect();
            if users.is_empty() {
                continue;
            }
            let overrides: Vec<&crate::properties::Entry> =
                users.iter().filter_map(|n| cx.explicit(&format!("listener.name.{n}.{key}"))).collect();
            if overrides.len() != users.len() {
                continue;
            }
            let Some(plain) = cx.explicit(key) else { continue };
            let names: Vec<String> = users.iter().map(|n| n.to_ascii_uppercase()).collect();
            let mut b = out
                .report(
                    &META,
                    cx.id,
                    plain.key_span,
                    format!(
                        "`{key}` is unused: every listener that would use it ({}) sets its own `listener.name.<listener>.{key}`",
                        names.join(", ")
                    ),
                )
                .key(key)
                .primary_label("never read")
                .help(format!("remove `{key}`, or change the listener overrides if this value was meant"));
            for o in overrides {
                b = b.label(cx.id, o.key_span, Some(&o.key), "this override wins for its listener");
            }
            b.fix(Fix::unsafe_(format!("Remove `{key}`"), vec![cx.delete_entry(plain)]));
        }
    }
}
