use super::{is_distributed, topic, STORAGE_TOPICS};
use crate::diagnostic::Severity;
use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares the distributed Connect workers of a deployment: workers with the same `group.id`
    /// form one Connect cluster and must name the same three storage topics; workers with
    /// different `group.id`s are different clusters and must not share a storage topic.
    /// ## Why it fails in production
    /// Workers of one group that read different config topics disagree on the connectors: the
    /// leader assigns work the others cannot find, and they fail to catch up with the config log
    /// (`Didn't reach end of config log quickly enough`), leave the group and rejoin, over and
    /// over. Two clusters sharing a config topic both run every connector (duplicate processing)
    /// and overwrite each other's task configurations. Different offset topics in one group make a
    /// source task restart from other offsets when it moves (duplicates or gaps); shared status
    /// topics mix the clusters' statuses.
    /// ## Example
    /// Two worker files in one directory:
    /// ```properties
    /// # connect-distributed-1.properties
    /// group.id=connect-cluster
    /// config.storage.topic=connect-configs
    /// # connect-distributed-2.properties
    /// group.id=connect-cluster
    /// config.storage.topic=connect-configs-2
    /// ```
    /// ## Use instead
    /// ```properties
    /// # connect-distributed-2.properties
    /// group.id=connect-cluster
    /// config.storage.topic=connect-configs
    /// ```
    /// ## Fix
    /// None: decide which cluster each worker belongs to.
    /// ## Versions
    /// All.
    /// ## Source
    /// Kafka Connect docs ("Distributed Mode": the storage topics "must be the same for all
    /// workers with the same group.id"); `DistributedHerder` (config log sync);
    /// `DistributedConfig`.
    pub StorageTopicsVsGroup {
        id: "connect/storage-topics-vs-group",
        summary: "distributed Connect workers whose group.id and storage topics disagree",
        severity: Error,
        scope: Scope::Deployment,
        versions: None => None,
        reads: ["group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic", "offset.storage.file.filename"],
        fix: None,
        source: "Kafka Connect docs (distributed mode); DistributedHerder; DistributedConfig",
    }
}

fn group(w: &FileCtx<'_>) -> Option<String> {
    let e = w.explicit("group.id")?;
    let v = e.value.trim();
    (!v.is_empty() && !crate::model::is_placeholder(v)).then(|| v.to_string())
}

impl Rule for StorageTopicsVsGroup {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        let workers: Vec<&FileCtx<'_>> = cx.with_role(Role::ConnectWorker).filter(|w| is_distributed(w)).collect();
        for (i, w) in workers.iter().enumerate() {
            let Some(g) = group(w) else { continue };
            // Compare with the earlier workers only: one finding per pair.
            for other in &workers[..i] {
                let Some(og) = group(other) else { continue };
                let other_path = other.file.display_name();
                for key in STORAGE_TOPICS {
                    let (Some((e, t)), Some((oe, ot))) = (topic(w, key), topic(other, key)) else { continue };
                    let config = key == "config.storage.topic";
                    if g == og && t != ot {
                        out.report(
                            &META,
                            w.id,
                            e.value_span,
                            format!("`{key}` is `{t}`, but {other_path} in the same Connect cluster (`group.id={g}`) uses `{ot}`"),
                        )
                        .key(key)
                        .severity(if config { Severity::Error } else { Severity::Warning })
                        .label(other.id, oe.value_span, Some(key), format!("the other worker's `{key}`"))
                        .help(format!("use one `{key}` for every worker of group `{g}`"));
                    } else if g != og && t == ot {
                        out.report(&META, w.id, e.value_span, format!("`{key}={t}` is also the storage topic of {other_path}, a different Connect cluster (`group.id={og}`; this worker's is `{g}`)"))
                            .key(key)
                            .severity(if config { Severity::Error } else { Severity::Warning })
                            .label(other.id, oe.value_span, Some(key), format!("the other cluster's `{key}`"))
                            .help(format!("give each Connect cluster its own `{key}`, or the same `group.id` if they are one cluster"));
                    }
                }
            }
        }
    }
}
