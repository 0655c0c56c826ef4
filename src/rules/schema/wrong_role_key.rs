use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::schema::keys::Class;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a key that belongs to another role: a producer key in a consumer file, a client key in
    /// a broker file, a topic-level name in a broker file (`retention.ms` where the broker reads
    /// `log.retention.ms`), or a plain client key in a Connect worker (which takes them under
    /// `producer.`, `consumer.` or `admin.`). A client file that sets both a serializer and a
    /// deserializer feeds a producer and a consumer alike (an application's one client
    /// configuration, as Kafka's tutorials load it): its producer and consumer keys are not
    /// reported there.
    /// ## Why it fails in production
    /// The process ignores keys of other roles (a "supplied but isn't a known config" log line), so
    /// the setting is not in force. A broker with `retention.ms=86400000` keeps data for the default
    /// seven days; a Connect worker with `acks=all` does not change its producers.
    /// A topic configuration is different: Kafka refuses a name `LogConfig.validateNames` does not
    /// know for that version (`InvalidConfigurationException: Unknown topic config name: …`) and
    /// the topic is not created or altered, so for the topic role this is an error.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=broker
    /// retention.ms=86400000
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=broker
    /// log.retention.ms=86400000
    /// ```
    /// ## Fix
    /// Unsafe: renames a topic-level key to its broker name, or prefixes a client key in a Connect
    /// worker (`producer.acks`): both make a setting take effect that did not before.
    /// ## Versions
    /// All.
    /// ## Source
    /// Kafka's generated configuration docs per role (topic configs name their "Server Default
    /// Property"); Connect `WorkerConfig` (client settings under `producer.`/`consumer.`/`admin.`).
    pub WrongRoleKey {
        id: "schema/wrong-role-key",
        summary: "a key of another role; this file's process ignores it",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: Sometimes,
        source: "Kafka configuration docs; Connect WorkerConfig",
    }
}

impl Rule for WrongRoleKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(role) = cx.role() else { return };
        if crate::rules::schema::keys::declared_librdkafka(cx.file).is_some() {
            return;
        }
        // Serializers and deserializers side by side: one file for both clients.
        let set = |keys: [&str; 2]| keys.iter().any(|k| cx.explicit(k).is_some());
        let shared = set(["key.serializer", "value.serializer"]) && set(["key.deserializer", "value.deserializer"]);
        for &(key, i, class) in cx.keys() {
            if crate::model::scala_client_key(role, key, cx.release()) {
                continue;
            }
            let e = &cx.file.doc.entries[i];
            match class {
                Class::TopicInBroker(def) => {
                    let broker_key = def.server_default.unwrap_or(key);
                    let taken = cx.explicit(broker_key).is_some();
                    out.report(
                        &META,
                        cx.id,
                        e.key_span,
                        format!("`{key}` is a topic-level name; the broker's setting is `{broker_key}`, so the broker ignores this line"),
                    )
                    .key(key)
                    .help(if taken {
                        format!("`{broker_key}` is already set in this file; remove this line")
                    } else {
                        format!("use `{broker_key}`")
                    })
                    .fix_if(!taken, || Fix::unsafe_(format!("Rename to `{broker_key}`"), vec![cx.rename_key(e, broker_key)]));
                }
                Class::OtherRole(other, _) => {
                    if role == Role::ConnectWorker && matches!(other, Role::Producer | Role::Consumer | Role::Admin) {
                        let prefixed = format!("{other}.{key}");
                        out.report(&META, cx.id, e.key_span, format!("`{key}` is a {other} key: a Connect worker passes client settings only under `{other}.`, so it ignores this line"))
                            .key(key)
                            .help(format!("write `{prefixed}` to configure the worker's {other}s"))
                            .fix(Fix::unsafe_(format!("Rename to `{prefixed}`"), vec![cx.rename_key(e, &prefixed)]));
                    } else if crate::rules::schema::keys::topic_refuses(cx.file) {
                        // A broker default's name in a topic file: the topic-level name, if any.
                        let topic_name = crate::knowledge::kind("topic")
                            .and_then(|t| t.keys.iter().find(|d| d.server_default == Some(key)).map(|d| d.name));
                        let b = out
                            .report(
                                &META,
                                cx.id,
                                e.key_span,
                                format!(
                                    "`{key}` is a {other} key, not a topic configuration name: {}",
                                    crate::rules::schema::keys::topic_refusal(key)
                                ),
                            )
                            .key(key)
                            .severity(crate::diagnostic::Severity::Error);
                        match topic_name {
                            Some(t) if cx.explicit(t).is_none() => {
                                b.help(format!("the topic-level name is `{t}`"))
                                    .fix(Fix::unsafe_(format!("Rename to `{t}`"), vec![cx.rename_key(e, t)]));
                            }
                            _ => {
                                b.help(format!("remove it, or move it to the {other}'s configuration"));
                            }
                        }
                    } else if shared && matches!((role, other), (Role::Producer, Role::Consumer) | (Role::Consumer, Role::Producer)) {
                        continue;
                    } else {
                        out.report(&META, cx.id, e.key_span, format!("`{key}` is a {other} key, not a {role} key: the {role} ignores it"))
                            .key(key)
                            .help(format!("move it to the {other}'s configuration, or check this file's role (`# kafkalint: role=…`)"));
                    }
                }
                _ => {}
            }
        }
    }
}
