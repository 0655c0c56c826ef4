use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `unclean.leader.election.enable=true` on a broker. The effective value counts: it was
    /// the broker default before Kafka 0.11.
    /// ## Why it fails in production
    /// When every in-sync replica of a partition is down, an out-of-sync replica may become
    /// leader: the partition comes back, but the messages it had not replicated are gone, and
    /// consumers' committed offsets may point past the new end of the log (acknowledged writes
    /// lost, `OffsetOutOfRange` resets). It trades durability for availability silently.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// unclean.leader.election.enable=true
    /// ```
    /// ## Use instead
    /// ```properties
    /// unclean.leader.election.enable=false
    /// ```
    /// ## Fix
    /// Unsafe: sets it to `false` (a partition whose in-sync replicas are all lost then stays
    /// offline until one returns, or until an operator elects a leader with
    /// `kafka-leader-election.sh --election-type unclean`).
    /// ## Versions
    /// All; the default is `true` before 0.11 and `false` since (KIP-106).
    /// ## Source
    /// Broker and topic docs of `unclean.leader.election.enable`; KIP-106 (default changed in 0.11).
    pub UncleanLeaderElectionEnabled {
        id: "broker/unclean-leader-election-enabled",
        summary: "unclean.leader.election.enable=true may lose acknowledged messages",
        severity: Warning,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["unclean.leader.election.enable"],
        fix: Always,
        source: "broker/topic docs (unclean.leader.election.enable); KIP-106",
    }
}

impl Rule for UncleanLeaderElectionEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(v) = cx.get("unclean.leader.election.enable") else { return };
        if v.as_bool() != Some(true) {
            return;
        }
        let (span, msg) = match v.entry() {
            Some(e) => (e.value_span, "`unclean.leader.election.enable=true`: an out-of-sync replica may become leader and acknowledged messages are lost".to_string()),
            None => (
                cx.anchor(&[]),
                format!("`unclean.leader.election.enable` defaults to true in Kafka {}: an out-of-sync replica may become leader and acknowledged messages are lost", cx.release()),
            ),
        };
        let edit = match v.entry() {
            Some(e) => cx.replace_value(e, "false"),
            None => cx.insert_entry("unclean.leader.election.enable", "false"),
        };
        out.report(&META, cx.id, span, msg)
            .key("unclean.leader.election.enable")
            .help("set `unclean.leader.election.enable=false`; elect an unclean leader by hand only when losing data is acceptable")
            .fix(Fix::unsafe_("Set `unclean.leader.election.enable=false`", vec![edit]));
    }
}
