use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a name in `early.start.listeners` (KIP-801: listeners started before the authorizer
    /// has loaded) that is not a listener of the node. Kafka compares the names exactly as
    /// written, while it upper-cases the names in `listeners`: `early.start.listeners=controller`
    /// does not match `CONTROLLER://:9093`. Only a file that sets `listeners` is judged (an
    /// environment often writes it).
    /// ## Why it fails in production
    /// The node refuses to start: `ConfigException: early.start.listeners contains listener
    /// INTERNAL, but this is not contained in listeners or controller.listener.names`.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// early.start.listeners=controller
    /// ```
    /// ## Use instead
    /// ```properties
    /// process.roles=broker,controller
    /// node.id=1
    /// controller.quorum.voters=1@kafka-1:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=PLAINTEXT://:9092,CONTROLLER://:9093
    /// early.start.listeners=CONTROLLER
    /// ```
    /// ## Fix
    /// None: name listeners of `listeners`, in upper case.
    /// ## Versions
    /// 3.3 and later (the key came with KIP-801). Read in `KafkaConfig.earlyStartListeners` at
    /// apache/kafka tags 3.3.0 and 3.9.0-rc3, and on the 4.0, 4.1 and 4.2 branches at their x.y.0
    /// releases (4.2 reads the key as a list, which also refuses a name given twice; that is left to
    /// the value checks).
    /// ## Source
    /// `kafka.server.KafkaConfig.earlyStartListeners` (`new ListenerName(str)`, compared with the
    /// normalised names of `listeners` and of its controller listeners); `ListenerName.equals`
    /// (case-sensitive).
    pub EarlyStartListenerUnknown {
        id: "broker/early-start-listener-unknown",
        summary: "early.start.listeners names a listener the node does not have (names are case-sensitive there)",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.3") => None,
        reads: ["early.start.listeners", "listeners"],
        fix: Sometimes,
        source: "KafkaConfig.earlyStartListeners (early.start.listeners contains listener ..., but this is not contained in listeners or controller.listener.names)",
    }
}

impl Rule for EarlyStartListenerUnknown {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(e) = cx.explicit("early.start.listeners") else { return };
        if is_placeholder(&e.value) {
            return;
        }
        let Some(lis) = super::listeners_of(cx, "listeners") else { return };
        if lis.entry.is_none() || lis.malformed > 0 {
            return;
        }
        let names = lis.names();
        for (item, range) in super::list_items(e.value.trim()) {
            if names.contains(&item) {
                continue;
            }
            let upper = item.to_ascii_uppercase();
            let span = super::entry_range_span(cx, e, range);
            let case_only = names.contains(&upper);
            let message = if case_only {
                format!("`early.start.listeners` names `{item}`, but Kafka compares these names case-sensitively and the listener is `{upper}`: Kafka {} refuses to start", cx.release())
            } else {
                format!(
                    "`early.start.listeners` names `{item}`, which is not a listener of this node ({}): Kafka {} refuses to start",
                    if names.is_empty() { "none".to_string() } else { names.join(", ") },
                    cx.release()
                )
            };
            let b = out
                .report(&META, cx.id, span, message)
                .key("early.start.listeners")
                .primary_label(if case_only { "write it in upper case" } else { "not in `listeners`" })
                .help(if case_only {
                    format!("write `{upper}`")
                } else {
                    "name listeners of `listeners` (in upper case), or remove this one".to_string()
                });
            let b = match lis.entry {
                Some(l) => b.label(cx.id, l.value_span, Some("listeners"), "`listeners` is set here"),
                None => b,
            };
            if case_only {
                let t = e.value.trim();
                let fixed = format!("{}{}{}", &t[..range.0], upper, &t[range.1..]);
                b.fix(crate::diagnostic::Fix::safe(format!("Write `{upper}`"), vec![cx.replace_value(e, &fixed)]));
            }
        }
    }
}
