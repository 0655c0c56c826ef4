use crate::formats::go::Lib;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a franz-go client with `kgo.AutoCommitMarks()` in a file that never calls
    /// `MarkCommitRecords` or `MarkCommitOffsets`.
    /// ## Why it fails in production
    /// With `AutoCommitMarks` the autocommitter commits only records that were marked. Nothing is
    /// marked, so nothing is committed: after every restart or rebalance the group starts again
    /// from its last commit (or the reset offset) and reprocesses everything.
    /// ## Example
    /// ```go
    /// cl, _ := kgo.NewClient(kgo.ConsumerGroup("orders"), kgo.ConsumeTopics("orders"), kgo.AutoCommitMarks())
    /// fetches := cl.PollFetches(ctx)
    /// ```
    /// ## Use instead
    /// ```go
    /// fetches := cl.PollFetches(ctx)
    /// process(fetches)
    /// cl.MarkCommitRecords(fetches.Records()...)
    /// ```
    /// ## Fix
    /// None.
    /// ## Versions
    /// All.
    /// ## Source
    /// twmb/franz-go `pkg/kgo/config.go` (`AutoCommitMarks`: "only commit marked records, which
    /// can be done with the MarkCommitRecords method") at v1.21.5.
    pub FranzGoAutocommitMarksWithoutMarking {
        id: "go/franz-go-autocommit-marks-without-marking",
        summary: "franz-go AutoCommitMarks but no record is ever marked: nothing is committed",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "twmb/franz-go pkg/kgo/config.go AutoCommitMarks at v1.21.5",
    }
}

impl Rule for FranzGoAutocommitMarksWithoutMarking {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(g) = super::go(cx).filter(|g| g.lib == Lib::FranzGo) else { return };
        let Some(call) = g.call("AutoCommitMarks") else { return };
        if g.marks_records || g.has_call("DisableAutoCommit") {
            return;
        }
        out.report(&META, cx.id, call.span, "`kgo.AutoCommitMarks()` commits only marked records, and nothing in this file calls MarkCommitRecords or MarkCommitOffsets: no offset is ever committed")
            .help("mark processed records with `cl.MarkCommitRecords(...)`, or drop AutoCommitMarks");
    }
}
