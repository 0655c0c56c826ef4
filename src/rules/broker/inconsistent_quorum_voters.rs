use crate::model::Role;
use crate::rules::{declare_rule, DeploymentCtx, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Compares `controller.quorum.voters` across the KRaft broker and controller files of one
    /// deployment (and ZooKeeper-mode brokers migrating to KRaft): every node must list the same
    /// voters (the same ids with the same `host:port`; order does not matter). The set most
    /// controllers list is taken as the quorum's; files that differ from it are reported.
    /// ## Why it fails in production
    /// The voter set defines the KRaft quorum. Nodes that disagree on it cannot agree on a
    /// leader or a majority: controllers keep voting without electing (`Election has timed out`),
    /// and brokers that list other voters fetch metadata from the wrong nodes and never register
    /// (`Timed out waiting for the controller`). A node added or moved on some files only is the
    /// usual cause.
    /// ## Example
    /// Two files of one cluster:
    /// ```properties,expect_diagnostic
    /// # controller-1.properties
    /// controller.quorum.voters=1@controller-1:9093,2@controller-2:9093,3@controller-3:9093
    /// # broker-4.properties
    /// controller.quorum.voters=1@controller-1:9093,2@controller-2:9093
    /// ```
    /// ## Use instead
    /// ```properties
    /// # broker-4.properties
    /// controller.quorum.voters=1@controller-1:9093,2@controller-2:9093,3@controller-3:9093
    /// ```
    /// ## Fix
    /// None: make every file list the quorum's voters.
    /// ## Versions
    /// 3.0 and later (KRaft).
    /// ## Source
    /// KRaft docs ("all of the servers in a Kafka cluster discover the quorum voters using the
    /// controller.quorum.voters property"); KIP-595.
    pub InconsistentQuorumVoters {
        id: "broker/inconsistent-quorum-voters",
        summary: "nodes of one deployment list different controller.quorum.voters",
        severity: Error,
        scope: Scope::Deployment,
        versions: Some("3.0") => None,
        reads: ["controller.quorum.voters", "process.roles", "zookeeper.metadata.migration.enable"],
        fix: None,
        source: "KRaft docs (controller.quorum.voters); KIP-595",
    }
}

type VoterSet = Vec<(i32, String, u16)>;

fn voter_set<'a>(f: &FileCtx<'a>) -> Option<(VoterSet, &'a crate::properties::Entry)> {
    let (entry, parsed) = super::voters(f)?;
    if parsed.is_empty() || parsed.iter().any(Result::is_err) {
        return None;
    }
    let mut set: VoterSet = parsed.into_iter().flatten().map(|v| (v.id, v.host.to_ascii_lowercase(), v.port)).collect();
    set.sort();
    set.dedup();
    Some((set, entry))
}

fn show(set: &VoterSet) -> String {
    set.iter().map(|(i, h, p)| format!("{i}@{h}:{p}")).collect::<Vec<_>>().join(",")
}

impl Rule for InconsistentQuorumVoters {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_deployment(&self, cx: &DeploymentCtx<'_>, out: &mut Sink) {
        // Files that are alternatives to each other (Kafka's config/kraft/) are not one cluster.
        if !cx.is_one_cluster() {
            return;
        }
        // Nodes that use the voters: KRaft nodes, and ZooKeeper-mode brokers migrating to KRaft.
        let uses_voters = |f: &&FileCtx<'_>| {
            super::mode(f).is_kraft()
                || (super::mode(f) == super::Mode::ZooKeeper
                    && f.get("zookeeper.metadata.migration.enable").and_then(|v| v.as_bool()) == Some(true))
        };
        let nodes: Vec<(&FileCtx<'_>, VoterSet, &crate::properties::Entry)> =
            cx.with_role(Role::Broker).filter(uses_voters).filter_map(|f| voter_set(f).map(|(s, e)| (f, s, e))).collect();
        // The reference: the voter set most controllers list (they form the quorum), else the one
        // most nodes list; the first file listing it carries the label.
        let count = |set: &VoterSet, controllers_only: bool| {
            nodes.iter().filter(|(f, s, _)| s == set && (!controllers_only || super::mode(f).runs_controller())).count()
        };
        let Some((first, reference, first_entry)) =
            nodes.iter().max_by_key(|(f, s, _)| (count(s, true), count(s, false), std::cmp::Reverse(f.id)))
        else {
            return;
        };
        for (f, set, entry) in &nodes {
            if set == reference {
                continue;
            }
            out.report(
                &META,
                f.id,
                entry.value_span,
                format!(
                    "`controller.quorum.voters` ({}) differs from {} ({}): the nodes disagree on the KRaft quorum",
                    show(set),
                    first.file.display_name(),
                    show(reference)
                ),
            )
            .key("controller.quorum.voters")
            .label(first.id, first_entry.value_span, Some("controller.quorum.voters"), "these voters are listed here")
            .help("list the same voters (`id@host:port` of every controller) in every broker and controller file");
        }
    }
}
