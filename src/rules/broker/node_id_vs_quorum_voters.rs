use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks a KRaft node's id against `controller.quorum.voters`: a controller's `node.id` must
    /// be one of the voter ids, a broker-only node's must not be (`broker.id` counts when
    /// `node.id` is not set).
    /// ## Why it fails in production
    /// Kafka refuses to start: `If process.roles contains the 'controller' role, the node id 2
    /// must be included in the set of voters controller.quorum.voters=Set(1, 3)`, or `If
    /// process.roles contains just the 'broker' role, the node id 1 must not be included in the
    /// set of voters`. A copy-pasted controller file with the wrong `node.id` is the usual cause.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// process.roles=controller
    /// node.id=4
    /// controller.quorum.voters=1@controller-1:9093,2@controller-2:9093,3@controller-3:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=CONTROLLER://:9093
    /// ```
    /// ## Use instead
    /// ```properties
    /// process.roles=controller
    /// node.id=3
    /// controller.quorum.voters=1@controller-1:9093,2@controller-2:9093,3@controller-3:9093
    /// controller.listener.names=CONTROLLER
    /// listeners=CONTROLLER://:9093
    /// ```
    /// ## Fix
    /// None: fix the node id or the voter list, whichever is wrong.
    /// ## Versions
    /// 3.0 and later, when `controller.quorum.voters` is set (a dynamic quorum configured with
    /// `controller.quorum.bootstrap.servers` only, 3.9+, has no static voter list).
    /// ## Source
    /// `kafka.server.KafkaConfig.validateValues`
    /// (`validateControllerQuorumVotersMustContainNodeIdForKRaftController`, and the broker-only
    /// check), read at 3.7, 3.9 and 4.1.
    pub NodeIdVsQuorumVoters {
        id: "broker/node-id-vs-quorum-voters",
        summary: "a controller's node.id is not a voter, or a broker-only node's node.id is",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: Some("3.0") => None,
        reads: ["process.roles", "node.id", "broker.id", "controller.quorum.voters"],
        fix: None,
        source: "KafkaConfig.validateValues (node id and controller.quorum.voters)",
    }
}

impl Rule for NodeIdVsQuorumVoters {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let mode = super::mode(cx);
        if !mode.is_kraft() {
            return;
        }
        let Some((entry, parsed)) = super::voters(cx) else { return };
        if parsed.iter().any(Result::is_err) || parsed.is_empty() {
            return;
        }
        let Some((id, id_entry)) = super::node_id(cx) else { return };
        let voters: Vec<&super::Voter> = parsed.iter().filter_map(|v| v.as_ref().ok()).collect();
        let ids: Vec<String> = voters.iter().map(|v| v.id.to_string()).collect();
        let member = voters.iter().find(|v| i64::from(v.id) == id);
        if mode.runs_controller() && member.is_none() {
            out.report(
                &META,
                cx.id,
                id_entry.value_span,
                format!(
                    "this controller's `{}` ({id}) is not among the voters of `controller.quorum.voters` ({}): Kafka refuses to start",
                    id_entry.key,
                    ids.join(", ")
                ),
            )
            .key(&id_entry.key)
            .primary_label("not a voter")
            .label(cx.id, entry.value_span, Some("controller.quorum.voters"), "the voters are listed here")
            .help("give this controller the id of its entry in `controller.quorum.voters`, or add it to the voters");
        } else if mode == super::Mode::Broker {
            if let Some(v) = member {
                out.report(
                    &META,
                    cx.id,
                    id_entry.value_span,
                    format!(
                        "this broker-only node's `{}` ({id}) is a voter in `controller.quorum.voters`: Kafka refuses to start",
                        id_entry.key
                    ),
                )
                .key(&id_entry.key)
                .primary_label("a controller's id")
                .label(
                    cx.id,
                    super::entry_range_span(cx, entry, v.range),
                    Some("controller.quorum.voters"),
                    format!("voter {id} is listed here"),
                )
                .help("give this broker an id that no controller uses");
            }
        }
    }
}
