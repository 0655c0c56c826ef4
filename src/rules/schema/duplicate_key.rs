use crate::diagnostic::Fix;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Flags a key set more than once in one file.
    /// ## Why it fails in production
    /// `java.util.Properties` keeps the last value and drops the others without a word. Whoever
    /// edits the first occurrence (the one they find first) changes nothing, and the setting they
    /// believe is in force is not.
    ///
    /// When every occurrence holds the same value (as Kafka reads it: trimmed), nothing is lost and
    /// the finding is information. In other formats (compose, Spring, Strimzi) only the same name
    /// written twice is reported: which of two different names for one key wins is the platform's
    /// rule, not the file order.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// acks=all
    /// linger.ms=5
    /// acks=1
    /// ```
    /// ## Use instead
    /// ```properties
    /// linger.ms=5
    /// acks=1
    /// ```
    /// ## Fix
    /// Safe: deletes the earlier occurrences, which Kafka ignores anyway; the value in force stays.
    /// ## Versions
    /// All.
    /// ## Source
    /// `java.util.Properties.load` (a later `put` replaces an earlier one).
    pub DuplicateKey {
        id: "schema/duplicate-key",
        summary: "a key is set more than once; the last value wins",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: Always,
        source: "java.util.Properties.load",
    }
}

impl Rule for DuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let entries = &cx.file.doc.entries;
        // `last` has one item per distinct key: as many as entries, no key is set twice (nearly
        // every file), and no map of occurrences is needed.
        if entries.len() == cx.file.last.len() {
            return;
        }
        let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            seen.entry(e.key.as_str()).or_default().push(i);
        }
        for (i, e) in entries.iter().enumerate() {
            let all = &seen[e.key.as_str()];
            let last = *all.last().expect("non-empty");
            if last == i {
                continue;
            }
            let winner = &entries[last];
            if e.written.is_some() && e.written != winner.written {
                continue;
            }
            let (line, _) = cx.file.source.line_col(winner.span.start);
            let same = all.iter().all(|&j| entries[j].value.trim() == winner.value.trim());
            let message = if same {
                format!("`{}` is set again on line {line} to the same value; this line is redundant", e.key)
            } else {
                format!("`{}` is set again on line {line}; this earlier value is ignored", e.key)
            };
            out.report(&META, cx.id, e.key_span, message)
                .severity(if same { crate::diagnostic::Severity::Info } else { META.severity })
                .key(&e.key)
                .primary_label("ignored: a later line sets this key again")
                .label(cx.id, winner.span, Some(&e.key), "this value is the one Kafka uses")
                .help("keep one occurrence of the key")
                .fix(Fix::safe(format!("Delete the ignored `{}` line", e.key), vec![cx.delete_entry(e)]));
        }
    }
}
