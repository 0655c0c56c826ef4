//! The one diagnostic model every output is rendered from.

use crate::rules::RuleMeta;
use crate::source::Span;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Index of a file in the report.
pub type FileId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
    pub key: Option<String>,
}

/// How safe a fix is to apply without review (as ruff's applicability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Shown, never applied (a placeholder the user must complete).
    DisplayOnly,
    /// Changes behaviour beyond the finding: applied with `--unsafe-fixes`.
    Unsafe,
    /// Applied by `--fix`.
    Safe,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    /// An edit the file's format cannot express (a YAML alias, a name the image cannot write): a
    /// fix holding one is dropped.
    pub fn unavailable() -> Edit {
        Edit { file: FileId::MAX, span: Span::empty(0), replacement: String::new() }
    }
    pub fn is_unavailable(&self) -> bool {
        self.file == FileId::MAX
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { description: description.into(), applicability: Applicability::Safe, edits }
    }
    pub fn unsafe_(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { description: description.into(), applicability: Applicability::Unsafe, edits }
    }
    pub fn display_only(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { description: description.into(), applicability: Applicability::DisplayOnly, edits }
    }
    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub key: Option<String>,
    pub primary: Label,
    pub related: Vec<Label>,
    pub help: Option<String>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn file(&self) -> FileId {
        self.primary.file
    }
}
