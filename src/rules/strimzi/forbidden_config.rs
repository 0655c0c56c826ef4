use crate::diagnostic::Fix;
use crate::formats::Format;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a key in a Strimzi `Kafka` resource's `spec.kafka.config` that Strimzi does not
    /// pass to the brokers (a key starting with one of `KafkaClusterSpec`'s forbidden prefixes
    /// and not one of its exceptions: `listeners`, `advertised.`, `listener.`, `ssl.`, `sasl.`,
    /// `security.`, `broker.`, `log.dir`, `node.id`, `process.roles`, `controller.`,
    /// `authorizer.`, `super.user`, `zookeeper.connect`, …), and names the resource field to use
    /// instead.
    /// ## Why it fails in production
    /// Strimzi manages listeners, security, node ids, roles, storage and the quorum itself. The
    /// Cluster Operator drops a forbidden option and only logs `Configuration option "…" is
    /// forbidden and will be ignored` in its own log: the resource is accepted, its status shows
    /// nothing, and the brokers run without the setting (a `ssl.client.auth=required` that never
    /// applies, a `log.dirs` that is not where the data goes). A warning, not an error: nothing
    /// fails to start, the setting just never takes effect.
    /// ## Example
    /// ```yaml
    /// apiVersion: kafka.strimzi.io/v1beta2
    /// kind: Kafka
    /// metadata:
    ///   name: my-cluster
    /// spec:
    ///   kafka:
    ///     config:
    ///       advertised.listeners: PLAINTEXT://my-cluster:9092
    ///       ssl.client.auth: required
    /// ```
    /// ## Use instead
    /// ```yaml
    /// apiVersion: kafka.strimzi.io/v1beta2
    /// kind: Kafka
    /// metadata:
    ///   name: my-cluster
    /// spec:
    ///   kafka:
    ///     listeners:
    ///       - name: tls
    ///         port: 9093
    ///         type: internal
    ///         tls: true
    ///         authentication:
    ///           type: tls
    /// ```
    /// ## Fix
    /// Unsafe: delete the key (it never applies); then configure the resource field named.
    /// ## Versions
    /// Strimzi 0.6 and later (every Kafka version); the prefixes are those of the newest Strimzi
    /// kafkalint read (1.2), each with the Strimzi line that added it. An option Strimzi once
    /// forbade and now allows (`principal.builder.class` until 0.27, the exceptions added later
    /// such as `broker.session.timeout.ms` in 0.48) is not flagged.
    /// ## Source
    /// strimzi/strimzi-kafka-operator KafkaClusterSpec.java (`FORBIDDEN_PREFIXES`,
    /// `FORBIDDEN_PREFIX_EXCEPTIONS`, tags 0.6.0 to 1.2.0), AbstractConfiguration.filterForbidden,
    /// documentation/api/io.strimzi.api.kafka.model.kafka.KafkaClusterSpec.adoc (knowledge/strimzi.toml).
    pub ForbiddenConfig {
        id: "strimzi/forbidden-config",
        summary: "Strimzi ignores this key in spec.kafka.config; it manages the setting itself",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: Sometimes,
        source: "Strimzi KafkaClusterSpec FORBIDDEN_PREFIXES (0.6.0 to 1.2.0)",
    }
}

impl Rule for ForbiddenConfig {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if cx.file.format != Format::Strimzi {
            return;
        }
        let Some(unit) = &cx.file.unit else { return };
        for u in unit.unmapped.iter().filter(|u| u.kind == "forbidden-config") {
            let instead = u.suggestion.as_deref().unwrap_or("the resource's own fields");
            // Deleting the line is only offered where it is one plain `key: value` line.
            let delete = cx.file.doc.entries.iter().find(|e| e.key_span == u.span).map(|e| cx.delete_entry(e)).or_else(|| {
                let whole = crate::rules::full_lines(cx.text(), crate::source::Span::new(u.span.start, u.value_span.end.max(u.span.end)));
                let line = cx.text().get(whole.range()).unwrap_or("");
                (line.matches(':').count() >= 1
                    && line.trim_start().starts_with(u.written.as_str())
                    && !line.contains('{')
                    && line.lines().count() == 1)
                    .then(|| crate::diagnostic::Edit { file: cx.id, span: whole, replacement: String::new() })
            });
            out.report(&META, cx.id, u.span, format!("Strimzi ignores `{}` in spec.kafka.config: {}", u.written, u.reason))
                .key(&u.written)
                .primary_label("dropped by the Cluster Operator, with a warning in its log")
                .help(format!("use {instead}"))
                .fix_if(delete.is_some(), || Fix::unsafe_(format!("Delete `{}`", u.written), delete.into_iter().collect()));
        }
    }
}
