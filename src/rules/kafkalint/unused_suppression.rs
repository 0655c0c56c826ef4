use crate::rules::{declare_rule, Rule, RuleMeta, Scope};

declare_rule! {
    /// ## What it does
    /// Flags a `# kafkalint: disable=…` or `disable-file=…` comment that names an unknown rule or
    /// silences nothing.
    /// ## Why it fails in production
    /// A stale suppression hides the next real finding of that rule at that place, and a misspelt
    /// one silences nothing while looking as if it did.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: disable=schema/duplicate-key
    /// acks=all
    /// ```
    /// ## Use instead
    /// ```properties
    /// acks=all
    /// ```
    /// ## Fix
    /// Safe: removes the suppression comment (or the unused rule from its list).
    /// ## Versions
    /// All.
    /// ## Source
    /// kafkalint (as ruff's unused-noqa).
    pub UnusedSuppression {
        id: "kafkalint/unused-suppression",
        summary: "a suppression comment names an unknown rule or silences nothing",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: Always,
        source: "kafkalint",
    }
}

/// Reported by the suppression pass (`crate::suppress`), not by a check of its own.
impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
