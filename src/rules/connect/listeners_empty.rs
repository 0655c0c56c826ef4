use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a Connect worker that sets `listeners` to an empty value. (A blank item in the list,
    /// `listeners=http://:8083,`, is refused by the same validator and reported by
    /// `schema/invalid-value`.)
    /// ## Why it fails in production
    /// The worker does not start: `ConfigException: Invalid value for listeners, at least one URL
    /// is expected, ex: http://localhost:8080,https://localhost:8443.` An empty value does not
    /// fall back to the default `http://:8083`.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=4.2
    /// # kafkalint: role=connect-worker
    /// group.id=connect-cluster
    /// listeners=
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=connect-worker
    /// group.id=connect-cluster
    /// listeners=http://:8083
    /// ```
    /// ## Fix
    /// None: remove the line to listen on the default `http://:8083`, or list the URLs.
    /// ## Versions
    /// 3.0+ (KAFKA-12482 removed `rest.host.name`/`rest.port`; `listeners` defaults to
    /// `http://:8083`). `ListenersValidator` is in `WorkerConfig` at apache/kafka tags 3.0.0 to
    /// 3.4.0 and in `RestServerConfig` at 3.5.0, 3.6.0, 3.8.0 and 3.9.0 and at the 4.0.0, 4.1.0
    /// and 4.2.0 releases. Before 3.0 `listeners` had no validator (default null, with
    /// `rest.host.name`/`rest.port` as the fallback).
    /// ## Source
    /// `RestServerConfig.ListenersValidator` (3.5+; `WorkerConfig.ListenersValidator` 3.0–3.4).
    pub ListenersEmpty {
        id: "connect/listeners-empty",
        summary: "a Connect worker with an empty listeners value: the worker does not start",
        severity: Error,
        scope: Scope::File(&[Role::ConnectWorker]),
        versions: Some("3.0") => None,
        reads: ["listeners"],
        fix: None,
        source: "RestServerConfig.ListenersValidator (WorkerConfig before 3.5)",
    }
}

impl Rule for ListenersEmpty {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(e) = cx.explicit("listeners") else { return };
        // Before 3.0 an empty `listeners` falls back to `rest.host.name`/`rest.port`.
        if !crate::rules::client::holds_from(cx, "3.0", None) {
            return;
        }
        // ConfigDef's LIST type: a value that trims to nothing is the empty list.
        if !e.value.trim_matches(|c: char| c <= ' ').is_empty() {
            return;
        }
        let span = if e.value_span.is_empty() { e.key_span } else { e.value_span };
        out.report(&META, cx.id, span, "`listeners` is empty: the Connect worker needs at least one URL and does not start")
            .key("listeners")
            .help("remove the line to listen on the default `http://:8083`, or list the URLs (`listeners=http://:8083`)");
    }
}
