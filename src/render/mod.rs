//! Outputs: pure functions of a [`Report`](crate::lint::Report). Renderers never know a rule.
pub mod compact;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diagnostic::Applicability;

pub fn applicability_text(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "suggestion",
    }
}
