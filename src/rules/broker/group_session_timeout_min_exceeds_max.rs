use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `group.min.session.timeout.ms` greater than `group.max.session.timeout.ms`
    /// (effective values: a default counts).
    /// ## Why it fails in production
    /// The group coordinator accepts a member only if its session timeout lies between the two
    /// bounds; with the bounds inverted no timeout does. Every consumer of the classic group
    /// protocol (and every Connect worker and Streams instance) fails to join with
    /// `InvalidSessionTimeoutException: The session timeout is not within the range allowed by the
    /// broker`. The broker itself starts.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// group.min.session.timeout.ms=60000
    /// group.max.session.timeout.ms=30000
    /// ```
    /// ## Use instead
    /// ```properties
    /// group.min.session.timeout.ms=6000
    /// group.max.session.timeout.ms=300000
    /// ```
    /// ## Fix
    /// None: decide which bound is wrong.
    /// ## Versions
    /// All.
    /// ## Source
    /// `GroupCoordinator.handleJoinGroup` (`INVALID_SESSION_TIMEOUT` when the timeout is below
    /// the minimum or above the maximum); broker docs of both keys.
    pub GroupSessionTimeoutMinExceedsMax {
        id: "broker/group-session-timeout-min-exceeds-max",
        summary: "group.min.session.timeout.ms exceeds group.max.session.timeout.ms: no consumer can join",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["group.min.session.timeout.ms", "group.max.session.timeout.ms"],
        fix: None,
        source: "GroupCoordinator.handleJoinGroup (INVALID_SESSION_TIMEOUT)",
    }
}

impl Rule for GroupSessionTimeoutMinExceedsMax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let (Some(min), Some(max)) = (cx.get("group.min.session.timeout.ms"), cx.get("group.max.session.timeout.ms")) else { return };
        let (Some(lo), Some(hi)) = (min.as_i64(), max.as_i64()) else { return };
        if lo <= hi {
            return;
        }
        let (primary, key, other) = match (min.entry(), max.entry()) {
            (Some(e), _) => (e.value_span, min.key, &max),
            (None, Some(e)) => (e.value_span, max.key, &min),
            (None, None) => return,
        };
        let b = out
            .report(
                &META,
                cx.id,
                primary,
                format!("`group.min.session.timeout.ms` ({lo}{}) exceeds `group.max.session.timeout.ms` ({hi}{}): no consumer group member can join", super::default_note(&min, cx.release()), super::default_note(&max, cx.release())),
            )
            .key(key)
            .help("keep `group.min.session.timeout.ms` at most `group.max.session.timeout.ms`");
        match other.entry() {
            Some(e) => b.label(cx.id, e.value_span, Some(other.key), other.origin_text()),
            None => b.primary_label(other.origin_text()),
        };
    }
}
