use crate::diagnostic::{Fix, Severity};
use crate::knowledge::Absence;
use crate::model::Role;
use crate::rules::schema::keys::Class;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a key that Kafka removed before the target version, saying in which release it went
    /// and what replaces it. An error where the removal means the file cannot work as written: a
    /// ZooKeeper-mode broker (`zookeeper.connect` without `process.roles`) on Kafka 4.0 or later,
    /// which has no ZooKeeper mode.
    /// ## Why it fails in production
    /// A removed key is ignored: the behaviour it configured silently reverts to the default (a
    /// broker without `port` listens on 9092, `advertised.host.name` no longer advertises
    /// anything). A ZooKeeper-mode broker file on 4.x does not start at all: the broker requires
    /// `process.roles` and `node.id`.
    /// A topic configuration is different: Kafka refuses a name `LogConfig.validateNames` does not
    /// know for that version (`InvalidConfigurationException: Unknown topic config name: …`) and
    /// the topic is not created or altered, so for the topic role this is an error.
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=4.0
    /// # kafkalint: role=broker
    /// process.roles=broker,controller
    /// node.id=1
    /// log.message.format.version=2.8
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=4.0
    /// # kafkalint: role=broker
    /// process.roles=broker,controller
    /// node.id=1
    /// ```
    /// ## Fix
    /// Safe where the replacement takes the same value (a rename); otherwise none: the
    /// replacement needs a decision (`port` becomes part of `listeners`).
    /// ## Versions
    /// All; each key from the release that removed it (knowledge/keys).
    /// ## Source
    /// Kafka's generated configuration docs per release (knowledge/keys); Kafka 4.0 upgrade notes
    /// (ZooKeeper removal, KIP-500/KIP-833).
    pub RemovedKey {
        id: "schema/removed-key",
        summary: "a key removed before the target Kafka version; Kafka ignores it",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: ["zookeeper.connect", "process.roles"],
        fix: Sometimes,
        source: "Kafka configuration docs per release; Kafka 4.0 upgrade notes",
    }
}

impl Rule for RemovedKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(role) = cx.role() else { return };
        let release = cx.release();
        let zk_mode_on_4 = role == Role::Broker
            && release.at_least("4.0")
            && cx.explicit("process.roles").is_none()
            && cx.explicit("zookeeper.connect").is_some();
        let moving = cx
            .file
            .unit
            .as_ref()
            .filter(|u| u.version_source == Some(crate::formats::VersionSource::ImageTag))
            .and_then(|u| u.version_note.as_deref());
        for &(key, i, class) in cx.keys() {
            let e = &cx.file.doc.entries[i];
            let Class::Known(info) = class else { continue };
            let Absence::Removed(gone) = info.def.absence(release) else { continue };
            let replacement = info.def.replaced_by.map(|r| format!("{}{r}", info.prefix));
            let mut msg = format!("`{key}` was removed in Kafka {gone}: {} ignores it", cx.reader());
            if let Some(r) = &replacement {
                msg.push_str(&format!("; `{r}` replaces it"));
            }
            let refused = crate::rules::schema::keys::topic_refuses(cx.file);
            if refused {
                msg = format!("`{key}` was removed in Kafka {gone}: {}", crate::rules::schema::keys::topic_refusal(key));
                if let Some(r) = &replacement {
                    msg.push_str(&format!("; `{r}` replaces it"));
                }
            }
            let fatal = zk_mode_on_4 && key == "zookeeper.connect";
            if fatal {
                msg = format!("`zookeeper.connect` without `process.roles`: a ZooKeeper-mode broker, which Kafka {release} cannot run (ZooKeeper mode was removed in 4.0)");
                // A moving image tag (`latest`, no tag) is why a file written for ZooKeeper now
                // gets 4.x: say so, the fix may be a pinned tag rather than a migration.
                if let Some(note) = moving {
                    msg.push_str(&format!("; {note}"));
                }
            }
            let b = out.report(&META, cx.id, e.key_span, msg).key(key);
            let b = if refused { b.severity(Severity::Error) } else { b };
            let b = if fatal {
                let migrate = "migrate to KRaft first (on Kafka 3.9), then configure `process.roles`, `node.id`, `controller.quorum.voters` or `controller.quorum.bootstrap.servers`, and `controller.listener.names`";
                b.severity(Severity::Error).help(match moving {
                    Some(_) => format!("pin the image to a tag that runs Kafka 3.9 or older, or {migrate}"),
                    None => migrate.to_string(),
                })
            } else {
                b.help(match &replacement {
                    Some(r) => format!("use `{r}`"),
                    None => "remove it".to_string(),
                })
            };
            let renamable = info.def.rename && replacement.as_ref().is_some_and(|r| cx.explicit(r).is_none());
            let no_replacement = replacement.is_none();
            if let (true, Some(r)) = (renamable, replacement) {
                b.fix(Fix::safe(format!("Rename to `{r}`"), vec![cx.rename_key(e, &r)]));
            } else if !fatal && no_replacement {
                let what = if refused { format!("Remove the refused `{key}` line") } else { format!("Remove the ignored `{key}` line") };
                b.fix(Fix::safe(what, vec![cx.delete_entry(e)]));
            }
        }
    }
}
