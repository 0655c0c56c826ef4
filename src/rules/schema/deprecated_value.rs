use crate::diagnostic::{Fix, Severity};
use crate::rules::schema::keys::Class;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::Release;

declare_rule! {
    /// ## What it does
    /// Flags a value that Kafka documents as deprecated for its key (`processing.guarantee=exactly_once`,
    /// `client.dns.lookup=default`): a warning while it is deprecated, an error once the target
    /// version no longer accepts it.
    /// ## Why it fails in production
    /// A removed value fails validation: the application does not start (`ConfigException: Invalid
    /// value exactly_once for configuration processing.guarantee`). Kafka Streams 4.0 accepts only
    /// `at_least_once` and `exactly_once_v2`.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=4.0
    /// # kafkalint: role=streams
    /// application.id=orders
    /// processing.guarantee=exactly_once
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=4.0
    /// # kafkalint: role=streams
    /// application.id=orders
    /// processing.guarantee=exactly_once_v2
    /// ```
    /// ## Fix
    /// Unsafe: sets the replacement value (`exactly_once_v2` needs brokers 2.5 or newer).
    /// ## Versions
    /// Per value (knowledge/keys, knowledge/manual): `exactly_once`/`exactly_once_beta` deprecated in
    /// 3.0 and removed in 4.0; `client.dns.lookup=default` deprecated in 2.6 and removed in 3.0.
    /// ## Source
    /// Kafka's generated configuration docs; KIP-732 (exactly_once_v2); KIP-602 (client.dns.lookup).
    pub DeprecatedValue {
        id: "schema/deprecated-value",
        summary: "a value deprecated, or removed, for its key in the target Kafka version",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: Sometimes,
        source: "Kafka configuration docs; KIP-732; KIP-602",
    }
}

impl Rule for DeprecatedValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(role) = cx.role() else { return };
        let release = cx.release();
        for &(key, i, class) in cx.keys() {
            let e = &cx.file.doc.entries[i];
            let Class::Known(info) = class else { continue };
            let value = e.value.trim();
            for dv in info.def.deprecated_values {
                if !dv.value.eq_ignore_ascii_case(value) || release < Release(dv.from) {
                    continue;
                }
                let removed = dv.removed.is_some_and(|r| release >= Release(r));
                let mut msg = if removed {
                    format!(
                        "`{key}={value}` was removed in Kafka {}: {} with it",
                        Release(dv.removed.unwrap_or(dv.from)),
                        role.refusal(release)
                    )
                } else {
                    format!("`{key}={value}` is deprecated since Kafka {}", Release(dv.from))
                };
                if let (Some(r), false) = (dv.removed, removed) {
                    msg.push_str(&format!(" and removed in {}", Release(r)));
                }
                let b = out.report(&META, cx.id, e.value_span, msg).key(key).severity(if removed {
                    Severity::Error
                } else {
                    Severity::Warning
                });
                let b = match dv.replaced_by {
                    Some(r) => {
                        b.help(format!("use `{key}={r}`")).fix(Fix::unsafe_(format!("Set `{key}={r}`"), vec![cx.replace_value(e, r)]))
                    }
                    None => b.help("use one of the values the target version documents (`kafkalint explain KEY`)"),
                };
                let _ = b;
            }
        }
    }
}
