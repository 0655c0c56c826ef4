use crate::formats::go::Lib;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a franz-go client with `kgo.BlockRebalanceOnPoll()` in a file that never calls
    /// `AllowRebalance()`.
    /// ## Why it fails in production
    /// With `BlockRebalanceOnPoll` every poll blocks rebalances until `AllowRebalance` is called.
    /// Without it the first rebalance waits for ever: the member misses the rebalance timeout,
    /// the coordinator removes it, and the group churns while partitions stay unconsumed.
    /// ## Example
    /// ```go
    /// cl, _ := kgo.NewClient(kgo.ConsumerGroup("orders"), kgo.BlockRebalanceOnPoll())
    /// for {
    ///     fetches := cl.PollFetches(ctx)
    ///     process(fetches)
    /// }
    /// ```
    /// ## Use instead
    /// ```go
    /// for {
    ///     fetches := cl.PollRecords(ctx, 500)
    ///     process(fetches)
    ///     cl.AllowRebalance()
    /// }
    /// ```
    /// ## Fix
    /// None.
    /// ## Versions
    /// All.
    /// ## Source
    /// twmb/franz-go `pkg/kgo/config.go` (`BlockRebalanceOnPoll`: "You must always
    /// AllowRebalances when you are done processing the records you received") at v1.21.5.
    pub FranzGoBlockRebalanceWithoutAllow {
        id: "go/franz-go-block-rebalance-without-allow",
        summary: "franz-go BlockRebalanceOnPoll but AllowRebalance is never called: rebalances wait for ever",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "twmb/franz-go pkg/kgo/config.go BlockRebalanceOnPoll at v1.21.5",
    }
}

impl Rule for FranzGoBlockRebalanceWithoutAllow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(g) = super::go(cx).filter(|g| g.lib == Lib::FranzGo) else { return };
        let Some(call) = g.call("BlockRebalanceOnPoll") else { return };
        if g.allows_rebalance {
            return;
        }
        out.report(&META, cx.id, call.span, "`kgo.BlockRebalanceOnPoll()` blocks rebalances until AllowRebalance is called, and nothing in this file calls it: the first rebalance never completes")
            .help("call `cl.AllowRebalance()` after processing each poll");
    }
}
