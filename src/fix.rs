//! Applying fixes: edits sorted, a fix whose edits overlap an applied one is skipped (whole fix),
//! one fix per diagnostic (the first applicable), repeated by the caller until nothing changes.

use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId};
use std::collections::BTreeMap;

/// The edits of the fixes to apply, per file: for each diagnostic, its first fix at or above
/// `min`; fixes that overlap an already chosen one are left for the next round.
pub fn choose(diagnostics: &[Diagnostic], min: Applicability) -> BTreeMap<FileId, Vec<Edit>> {
    let mut chosen: BTreeMap<FileId, Vec<Edit>> = BTreeMap::new();
    let mut all: Vec<&Edit> = Vec::new();
    for d in diagnostics {
        let Some(fix) = d.fixes.iter().find(|f| f.applicability >= min && f.applicability != Applicability::DisplayOnly) else { continue };
        let clashes = fix.edits.iter().any(|e| all.iter().any(|o| o.file == e.file && overlaps(o, e)));
        if clashes {
            continue;
        }
        for e in &fix.edits {
            all.push(e);
            chosen.entry(e.file).or_default().push(e.clone());
        }
    }
    for edits in chosen.values_mut() {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        edits.dedup();
    }
    chosen
}

/// Two edits clash when their ranges overlap, or both insert at the same point.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    if a.span.is_empty() && b.span.is_empty() {
        return a.span.start == b.span.start && a != b;
    }
    a.span.start < b.span.end && b.span.start < a.span.end
}

/// Applies sorted, non-overlapping edits to a text.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        if e.span.start < pos || e.span.end > text.len() {
            continue;
        }
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.replacement);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn applies_in_order() {
        let e = |s, t, r: &str| Edit { file: 0, span: Span::new(s, t), replacement: r.into() };
        assert_eq!(apply("a=1\nb=2\n", &[e(2, 3, "9"), e(6, 7, "8")]), "a=9\nb=8\n");
        assert!(overlaps(&e(2, 4, ""), &e(3, 5, "")));
        assert!(!overlaps(&e(2, 3, ""), &e(3, 5, "")));
    }
}
