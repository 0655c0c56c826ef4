//! Outputs: pure functions of a [`Report`](crate::lint::Report). Renderers never know a rule.
pub mod compact;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
mod snippet;

use crate::diagnostic::Applicability;

pub fn applicability_text(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "suggestion",
    }
}

use crate::diagnostic::Severity;
use crate::lint::Report;
use crate::version::Release;

/// What an output's closing parts (the summary, the counts, the version notes) say about a run:
/// of one report, or added up over the reports of a run checked in batches
/// ([`crate::lint::lint_batches`]).
#[derive(Debug, Default)]
pub struct Totals {
    /// The version the run targets.
    pub release: Option<Release>,
    run_release: bool,
    assumed: usize,
    linted_units: usize,
    /// See [`Report::release_assumed`] and [`Report::all_assumed`].
    pub release_assumed: bool,
    pub all_assumed: bool,
    /// Physical files linted (context files excluded).
    pub linted_files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings with a safe fix.
    pub fixable: usize,
    /// The most severe finding's severity.
    pub worst: Option<Severity>,
    /// The Kafka versions the linted files were checked against.
    pub versions: std::collections::BTreeSet<Release>,
    /// The first files (at most [`Totals::INFERRED_SHOWN`]) whose keys narrowed their version
    /// down, with the range, and how many there are.
    pub inferred: Vec<(std::path::PathBuf, crate::model::Inferred)>,
    pub inferred_count: usize,
    /// Files with no version whose keys did not narrow it down.
    pub inferred_rest: usize,
}

impl Totals {
    pub const INFERRED_SHOWN: usize = 5;

    /// The totals of one report.
    pub fn of(report: &Report) -> Totals {
        let mut t = Totals::default();
        t.add(report);
        t.release_assumed = report.release_assumed;
        t.all_assumed = report.all_assumed;
        t
    }

    /// Adds a report (a batch of the run) to the totals.
    pub fn add(&mut self, report: &Report) {
        self.release = Some(report.release);
        self.run_release = report.run_release;
        self.assumed += report.assumed;
        self.linted_units += report.linted_units;
        self.release_assumed = self.assumed > 0 || (!self.run_release && self.linted_units == 0);
        self.all_assumed = self.assumed >= self.linted_units;
        self.linted_files += report.linted_files();
        for d in &report.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            self.fixable += usize::from(d.fixes.iter().any(|f| f.is_safe()));
            self.worst = self.worst.max(Some(d.severity));
        }
        for f in report.files.iter().filter(|f| !f.context) {
            self.versions.insert(f.file.cluster_release);
            match &f.file.inferred {
                Some(i) if i.narrowed() => {
                    if self.inferred.len() < Self::INFERRED_SHOWN {
                        self.inferred.push((f.file.source.path.clone(), i.clone()));
                    }
                    self.inferred_count += 1;
                }
                Some(_) => self.inferred_rest += 1,
                None => {}
            }
        }
    }

    pub fn count(&self, s: Severity) -> usize {
        match s {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        }
    }

    /// Findings at or above `fail_on`.
    pub fn failing(&self, fail_on: Severity) -> bool {
        self.worst.is_some_and(|w| w >= fail_on)
    }
}

/// Output kept for later (a run checked in batches writes some parts after all of them): in
/// memory up to 1 MiB, then in a temporary file (in memory if none can be made).
#[derive(Default)]
pub struct Spill {
    kept: Vec<u8>,
    file: Option<(std::fs::File, std::path::PathBuf)>,
}

impl Spill {
    const MEMORY: usize = if cfg!(test) { 256 } else { 1 << 20 };

    /// Writes what was kept to `out`, and forgets it.
    pub fn copy_to(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        if let Some((mut f, path)) = self.file.take() {
            use std::io::Seek;
            let copied = f.seek(std::io::SeekFrom::Start(0)).and_then(|_| std::io::copy(&mut f, out));
            drop(f);
            if !cfg!(unix) {
                let _ = std::fs::remove_file(&path);
            }
            copied?;
        }
        out.write_all(&std::mem::take(&mut self.kept))
    }
}

impl std::io::Write for Spill {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.kept.extend_from_slice(buf);
        if self.kept.len() >= Self::MEMORY {
            if self.file.is_none() {
                self.file = json::temporary();
            }
            if let Some((f, _)) = self.file.as_mut() {
                f.write_all(&self.kept)?;
                self.kept.clear();
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
