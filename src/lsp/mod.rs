//! `kafkalint lsp`: a language server over standard input and output.
//!
//! A thin layer over the one pipeline: every open `.properties` document is linted with
//! [`crate::lint::lint`], the document as the single input and the other `.properties` files of its
//! directory (open buffers over disk text) as [`crate::lint::Settings::context`], so deployment rules
//! see the brokers a client talks to. The report is only converted: diagnostics ([`convert`]) with
//! their fixes in `Diagnostic.data` (code actions need no second analysis), hover ([`hover`]) and
//! key completion ([`complete`]) from the knowledge base. Secrets never leave: messages come from the
//! report's redacted diagnostics, and a fix whose text would carry a secret is narrowed or dropped.
//!
//! Layout follows taplo's and ruff's servers: [`server`] is the routing table and document store,
//! the other modules are conversions.

pub mod complete;
pub mod convert;
pub mod framing;
pub mod hover;
pub mod server;

pub use server::{run, run_stdio};

/// Where the rule reference lives; a rule's anchor is its id without the `/`.
pub const DOCS_BASE: &str = "https://github.com/kafkalint/kafkalint/blob/main/docs/rules.md";

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "kafkalint";

/// The documentation link of a rule (`…/docs/rules.md#produceridempotence-without-acks-all`).
pub fn rule_docs_url(id: &str) -> String {
    format!("{DOCS_BASE}#{}", id.replace('/', ""))
}

#[cfg(test)]
mod tests;

/// The unit of the document (input 0) at a byte offset: the one with an entry there, else the one
/// whose last entry before the offset is nearest (a compose service's block being typed in).
pub fn unit_at(report: &crate::lint::Report, offset: usize) -> Option<&crate::model::LintFile> {
    let units: Vec<&crate::model::LintFile> = report.files.iter().map(|f| &f.file).filter(|f| f.input == 0).collect();
    if units.len() < 2 {
        return units.first().copied();
    }
    if let Some(u) = units.iter().find(|u| u.doc.entries.iter().any(|e| e.span.start <= offset && offset <= e.span.end)) {
        return Some(u);
    }
    units
        .iter()
        .filter_map(|u| {
            let anchor = u.unit.as_ref().map_or(0, |m| m.anchor.start);
            let before = u.doc.entries.iter().map(|e| e.span.end).filter(|&e| e <= offset).max().unwrap_or(anchor);
            (anchor <= offset).then_some((before.max(anchor), *u))
        })
        .max_by_key(|(at, _)| *at)
        .map(|(_, u)| u)
}
