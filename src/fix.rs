//! Applying fixes: edits sorted, a fix whose edits overlap an applied one is skipped (whole fix),
//! one fix per diagnostic (the first applicable), repeated until nothing changes ([`fix_inputs`]).
//! Edits are byte spans of a file's decoded text; [`apply_to_bytes`] carries them over to the
//! file's bytes so that nothing outside them changes and the file keeps its encoding.
//! [`unified_diff`] shows a change with secrets masked (`--diff`).

use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId};
use crate::lint::{lint, Input, Report, Settings};
#[allow(unused_imports)]
use crate::model::LintFile as _;
use crate::redact;
use crate::source::{Encoding, SourceFile, Span};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Rounds of lint → choose → apply before giving up on fixes that keep producing new fixes.
pub const MAX_ROUNDS: usize = 10;

/// The edits of the fixes to apply, per file: for each diagnostic, its first fix at or above
/// `min`; fixes that overlap an already chosen one are left for the next round.
pub fn choose<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>, min: Applicability) -> BTreeMap<FileId, Vec<Edit>> {
    choose_where(diagnostics, min, |_| true).edits
}

/// What [`choose_where`] picked.
#[derive(Debug, Default)]
pub struct Chosen {
    /// Sorted, non-overlapping edits per file.
    pub edits: BTreeMap<FileId, Vec<Edit>>,
    /// How many fixes (findings) they come from.
    pub fixes: usize,
    /// How many of those fixes edit each file.
    pub per_file: BTreeMap<FileId, usize>,
}

/// As [`choose`], leaving out every fix that would edit a file `writable` refuses (a file read
/// only as context, a binary file). The diagnostics' order decides between overlapping fixes,
/// and the report sorts them by file, position, rule and message, so the choice is the same on
/// every run.
pub fn choose_where<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    min: Applicability,
    writable: impl Fn(FileId) -> bool,
) -> Chosen {
    let mut chosen = Chosen::default();
    let mut all: Vec<&Edit> = Vec::new();
    for d in diagnostics {
        let Some(fix) = d.fixes.iter().find(|f| f.applicability >= min && f.applicability != Applicability::DisplayOnly) else { continue };
        if fix.edits.is_empty() || fix.edits.iter().any(|e| !writable(e.file)) {
            continue;
        }
        let clashes = fix.edits.iter().any(|e| all.iter().any(|o| o.file == e.file && overlaps(o, e)))
            || fix.edits.iter().enumerate().any(|(i, e)| fix.edits[..i].iter().any(|o| o.file == e.file && overlaps(o, e)));
        if clashes {
            continue;
        }
        for e in &fix.edits {
            all.push(e);
            chosen.edits.entry(e.file).or_default().push(e.clone());
        }
        let mut files: Vec<FileId> = fix.edits.iter().map(|e| e.file).collect();
        files.sort_unstable();
        files.dedup();
        for f in files {
            *chosen.per_file.entry(f).or_default() += 1;
        }
        chosen.fixes += 1;
    }
    for edits in chosen.edits.values_mut() {
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

/// Applies sorted, non-overlapping edits of `source.text` to the bytes `source` was read from.
/// Bytes outside the edits are copied as they are; replacements are written in `write_as`: UTF-8,
/// or ISO-8859-1 for a file read as ISO-8859-1, where a character beyond it becomes a `\uXXXX`
/// escape (as `Properties.store` writes it, and as Kafka reads it back). Edits that do not fit the
/// text (out of range, not on a character boundary, overlapping an earlier one) are skipped.
pub fn apply_to_bytes(bytes: &[u8], source: &SourceFile, edits: &[Edit], write_as: Encoding) -> Vec<u8> {
    let text = source.text.as_str();
    let latin1_text = matches!(source.encoding, Encoding::Latin1 { .. });
    // Byte offset in `bytes` of a text offset: the same for UTF-8; one byte per character for
    // ISO-8859-1, counted incrementally as the edits are sorted.
    let mut mapped = (0usize, 0usize);
    let mut to_byte = |off: usize| -> usize {
        if !latin1_text {
            return off;
        }
        let (t, b) = mapped;
        let n = if off >= t { b + text[t..off].chars().count() } else { text[..off].chars().count() };
        mapped = (off, n);
        n
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0usize; // in text
    let mut bpos = 0usize; // in bytes
    for e in edits {
        let Span { start, end } = e.span;
        if start < pos || end < start || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        let (bs, be) = (to_byte(start), to_byte(end));
        if be > bytes.len() {
            continue;
        }
        out.extend_from_slice(&bytes[bpos..bs]);
        encode_into(&e.replacement, write_as, &mut out);
        pos = end;
        bpos = be;
    }
    out.extend_from_slice(&bytes[bpos.min(bytes.len())..]);
    out
}

fn encode_into(s: &str, encoding: Encoding, out: &mut Vec<u8>) {
    match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => out.extend_from_slice(s.as_bytes()),
        Encoding::Latin1 { .. } => {
            for c in s.chars() {
                if (c as u32) < 0x100 {
                    out.push(c as u32 as u8);
                } else {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        out.extend_from_slice(format!("\\u{:04X}", u).as_bytes());
                    }
                }
            }
        }
    }
}

/// One input after fixing.
#[derive(Debug, Clone)]
pub struct FixedFile {
    pub path: PathBuf,
    /// The bytes as read.
    pub original: Vec<u8>,
    /// The bytes with every applied fix.
    pub fixed: Vec<u8>,
    /// The text as first read, and the spans of the secrets in it (for [`unified_diff`]).
    pub original_text: String,
    pub original_secrets: Vec<Span>,
    /// How many fixes changed this file.
    pub fixes: usize,
}

impl FixedFile {
    pub fn changed(&self) -> bool {
        self.original != self.fixed
    }
}

/// The result of [`fix_inputs`].
#[derive(Debug)]
pub struct Outcome {
    /// The lint of the fixed texts: what remains.
    pub report: Report,
    /// The inputs in order (context files excluded).
    pub files: Vec<FixedFile>,
    /// Fixes applied over all rounds.
    pub fixes: usize,
    /// False when fixes still applied after [`MAX_ROUNDS`] rounds (the result so far is kept).
    pub converged: bool,
}

/// Lints the inputs, applies the chosen fixes at or above `min`, and again, until no fix
/// applies or nothing changes (at most [`MAX_ROUNDS`] rounds). Files read only as context are
/// never edited, nor files read as binary. Nothing is written: the caller writes
/// [`FixedFile::fixed`] or shows a diff.
pub fn fix_inputs(inputs: Vec<Input>, settings: &Settings, min: Applicability) -> Result<Outcome, String> {
    let mut files: Vec<FixedFile> = inputs
        .into_iter()
        .map(|i| FixedFile {
            path: i.path,
            original_text: String::new(),
            original_secrets: Vec::new(),
            fixed: i.bytes.clone(),
            original: i.bytes,
            fixes: 0,
        })
        .collect();
    let mut encodings: Vec<Encoding> = Vec::new();
    let mut total = 0;
    let mut round = 0;
    loop {
        let inputs: Vec<Input> = files.iter().map(|f| Input { path: f.path.clone(), bytes: f.fixed.clone() }).collect();
        let report = lint(inputs, settings)?;
        // Units of one physical file share its text: edits are chosen and applied per input.
        // The units of each linted input, found in one pass (a run may fix thousands of files).
        let mut units_of: Vec<Vec<FileId>> = vec![Vec::new(); files.len()];
        for (u, f) in report.files.iter().enumerate() {
            if let Some(v) = units_of.get_mut(f.file.input) {
                v.push(u);
            }
        }
        let sources: Vec<Option<&crate::model::LintFile>> = units_of.iter().map(|u| u.first().map(|&u| &report.files[u].file)).collect();
        if round == 0 {
            encodings = sources.iter().map(|f| f.map_or(Encoding::Utf8, |f| f.source.encoding)).collect();
            for ((f, lf), units) in files.iter_mut().zip(&sources).zip(&units_of) {
                if let Some(lf) = lf {
                    f.original_text = lf.source.text.clone();
                    f.original_secrets = unit_secrets(&report, units);
                }
            }
        }
        let writable = |input: FileId| {
            units_of.get(input).is_some_and(|units| {
                units.iter().all(|&u| report.files[u].file.binary_at.is_none() && report.files[u].file.not_read.is_none())
            })
        };
        let by_input = by_input(&report);
        let chosen = choose_where(&by_input, min, writable);
        if chosen.edits.is_empty() {
            return Ok(Outcome { report, files, fixes: total, converged: true });
        }
        if round == MAX_ROUNDS {
            return Ok(Outcome { report, files, fixes: total, converged: false });
        }
        let mut changed = false;
        for (input, edits) in &chosen.edits {
            let Some(source) = sources[*input].map(|f| &f.source) else { continue };
            let new = apply_to_bytes(&files[*input].fixed, source, edits, encodings[*input]);
            if new != files[*input].fixed {
                files[*input].fixed = new;
                files[*input].fixes += chosen.per_file.get(input).copied().unwrap_or(0);
                changed = true;
            }
        }
        if !changed {
            return Ok(Outcome { report, files, fixes: total, converged: true });
        }
        total += chosen.fixes;
        round += 1;
    }
}

/// What [`fix_parts`] hands each part's outcome and inputs to.
pub type PartDone<'a> = &'a mut dyn FnMut(Outcome, &mut [Input]) -> Result<(), String>;

/// [`fix_inputs`] of a run a part at a time (parts of at least `size` consecutive inputs that no
/// deployment spans, see [`crate::lint::part_ends`]), for a run [`crate::lint::batched`] holds
/// for: a finding, its fixes and the rounds they take depend only on the files of its
/// deployment, so each part's files end as they would in one run, and only one part's reports
/// are held at a time. The bytes of each part's inputs are handed to [`fix_inputs`]; `each`
/// gets the part's outcome and its inputs (their paths, no bytes), to put back the bytes a
/// later step needs.
pub fn fix_parts(inputs: &mut [Input], settings: &Settings, min: Applicability, size: usize, each: PartDone) -> Result<(), String> {
    let mut start = 0;
    for end in crate::lint::part_ends(inputs, settings, size)? {
        let part: Vec<Input> =
            inputs[start..end].iter_mut().map(|i| Input { path: i.path.clone(), bytes: std::mem::take(&mut i.bytes) }).collect();
        let outcome = fix_inputs(part, settings, min)?;
        each(outcome, &mut inputs[start..end])?;
        start = end;
    }
    Ok(())
}

/// The report's raw diagnostics with every edit's file turned from a unit into the physical
/// input it was read from (units of one file share its text).
pub fn by_input(report: &Report) -> Vec<Diagnostic> {
    report
        .raw_diagnostics()
        .map(|d| {
            let mut d = d.clone();
            for f in &mut d.fixes {
                for e in &mut f.edits {
                    if let Some(u) = report.files.get(e.file) {
                        e.file = u.file.input;
                    }
                }
            }
            d
        })
        .collect()
}

/// The secret spans of a physical input: those of every unit read from it.
pub fn input_secrets(report: &Report, input: usize) -> Vec<Span> {
    let units: Vec<FileId> = (0..report.files.len()).filter(|&u| report.files[u].file.input == input).collect();
    unit_secrets(report, &units)
}

/// The secret spans of some units of one input.
fn unit_secrets(report: &Report, units: &[FileId]) -> Vec<Span> {
    let mut v: Vec<Span> = units.iter().flat_map(|&u| redact::secret_spans(&report.files[u].file)).collect();
    v.sort();
    v.dedup();
    v
}

/// A text as [`unified_diff`] shows it: `secrets` (spans of `text`) are shown as `***`.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    pub text: &'a str,
    pub secrets: &'a [Span],
}

/// Lines of a text as (start, end without terminator, end with it), for `\n`, `\r\n` and `\r`.
fn lines(text: &str) -> Vec<(usize, usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            let content_end = i;
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            out.push((start, content_end, i + 1));
            start = i + 1;
        }
        i += 1;
    }
    if start < b.len() {
        out.push((start, b.len(), b.len()));
    }
    out
}

/// The secret strings of a run, masked wherever they appear in a diff: every occurrence of each,
/// overlapping ones together, found in one pass over a line whatever their number (a `--diff` of
/// 100,000 files searched every shown line for each secret of the run in turn: 36 s of CPU
/// against 5 s for the check).
pub struct Scrub {
    finder: Option<aho_corasick::AhoCorasick>,
}

impl Scrub {
    pub fn new(secrets: &[String]) -> Scrub {
        let mut patterns: Vec<&str> = secrets.iter().map(String::as_str).filter(|s| !s.is_empty()).collect();
        patterns.sort_unstable();
        patterns.dedup();
        let finder = if patterns.is_empty() { None } else { aho_corasick::AhoCorasick::new(&patterns).ok() };
        Scrub { finder }
    }

    /// `line` with every stretch covered by an occurrence of a secret replaced by one mask.
    fn apply(&self, line: String) -> String {
        let Some(finder) = &self.finder else { return line };
        let mut spans: Vec<(usize, usize)> = finder.find_overlapping_iter(&line).map(|m| (m.start(), m.end())).collect();
        if spans.is_empty() {
            return line;
        }
        spans.sort_unstable();
        let mut out = String::with_capacity(line.len());
        let mut pos = 0;
        let mut i = 0;
        while i < spans.len() {
            let (start, mut end) = spans[i];
            i += 1;
            while i < spans.len() && spans[i].0 < end {
                end = end.max(spans[i].1);
                i += 1;
            }
            out.push_str(&line[pos..start]);
            out.push_str(redact::MASK);
            pos = end;
        }
        out.push_str(&line[pos..]);
        out
    }
}

/// One line for display: secret spans masked, then any known secret string scrubbed.
fn shown_line(s: &Shown<'_>, (start, end, _): (usize, usize, usize), scrub: &Scrub) -> String {
    let mut out = String::new();
    let mut pos = start;
    for m in s.secrets {
        if m.end <= pos || m.start >= end || m.is_empty() {
            continue;
        }
        let from = m.start.max(pos);
        if s.text.is_char_boundary(pos) && s.text.is_char_boundary(from) {
            out.push_str(&s.text[pos..from]);
        }
        out.push_str(redact::MASK);
        pos = m.end.min(end);
    }
    if pos < end && s.text.is_char_boundary(pos) {
        out.push_str(&s.text[pos..end]);
    }
    // Every occurrence, key names included: in a diff, masking too much is the safe side.
    scrub.apply(out)
}

/// A unified diff (3 lines of context) of two versions of a file, `--- name` / `+++ name`
/// headers, with secrets masked on both sides: each side's secret spans, and every string in
/// `scrub` wherever it appears. Empty when the texts are equal.
pub fn unified_diff(name: &str, old: Shown<'_>, new: Shown<'_>, scrub: &Scrub) -> String {
    if old.text == new.text {
        return String::new();
    }
    let ol = lines(old.text);
    let nl = lines(new.text);
    let a: Vec<&str> = ol.iter().map(|&(s, _, e)| &old.text[s..e]).collect();
    let b: Vec<&str> = nl.iter().map(|&(s, _, e)| &new.text[s..e]).collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    let mut out = format!("--- {name}\n+++ {name}\n");
    let range = |start: usize, len: usize| match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    };
    for group in similar::group_diff_ops(ops, 3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else { continue };
        let (os, oe) = (first.old_range().start, last.old_range().end);
        let (ns, ne) = (first.new_range().start, last.new_range().end);
        out.push_str(&format!("@@ -{} +{} @@\n", range(os, oe - os), range(ns, ne - ns)));
        let mut line = |mark: char, s: &Shown<'_>, l: (usize, usize, usize)| {
            out.push(mark);
            out.push_str(&shown_line(s, l, scrub));
            out.push('\n');
            if l.1 == l.2 {
                out.push_str("\\ No newline at end of file\n");
            }
        };
        for op in &group {
            let (tag, or, nr) = op.as_tag_tuple();
            match tag {
                similar::DiffTag::Equal => or.for_each(|i| line(' ', &old, ol[i])),
                similar::DiffTag::Delete => or.for_each(|i| line('-', &old, ol[i])),
                similar::DiffTag::Insert => nr.for_each(|i| line('+', &new, nl[i])),
                similar::DiffTag::Replace => {
                    or.for_each(|i| line('-', &old, ol[i]));
                    nr.for_each(|i| line('+', &new, nl[i]));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_order() {
        let e = |s, t, r: &str| Edit { file: 0, span: Span::new(s, t), replacement: r.into() };
        assert_eq!(apply("a=1\nb=2\n", &[e(2, 3, "9"), e(6, 7, "8")]), "a=9\nb=8\n");
        assert!(overlaps(&e(2, 4, ""), &e(3, 5, "")));
        assert!(!overlaps(&e(2, 3, ""), &e(3, 5, "")));
    }

    #[test]
    fn latin1_bytes_stay_latin1() {
        // `é` is one byte in the file, two in the decoded text.
        let bytes = b"a=caf\xe9\nb=1 \nc=\xff\n".to_vec();
        let src = SourceFile::from_bytes("x", bytes.clone());
        assert!(matches!(src.encoding, Encoding::Latin1 { .. }));
        let at = src.text.find("1 ").unwrap();
        let e = |s, t, r: &str| Edit { file: 0, span: Span::new(s, t), replacement: r.into() };
        let out = apply_to_bytes(&bytes, &src, &[e(at + 1, at + 2, ""), e(at - 2, at - 1, "bé")], src.encoding);
        assert_eq!(out, b"a=caf\xe9\nb=1\nc=\xff\n", "edits out of order are skipped, not misapplied");
        let out = apply_to_bytes(&bytes, &src, &[e(at - 2, at - 1, "b\u{e9}\u{20ac}"), e(at + 1, at + 2, "")], src.encoding);
        assert_eq!(out, b"a=caf\xe9\nb\xe9\\u20AC=1\nc=\xff\n");
        // UTF-8 with a byte order mark: bytes are the text.
        let bytes = "\u{feff}a=1 \r\n".as_bytes().to_vec();
        let src = SourceFile::from_bytes("x", bytes.clone());
        let out = apply_to_bytes(&bytes, &src, &[e(6, 7, "")], src.encoding);
        assert_eq!(out, "\u{feff}a=1\r\n".as_bytes());
    }

    #[test]
    fn diff_masks_secrets_and_marks_missing_newline() {
        let old = "a=1\nssl.key.password=hunter22 \nb=2\nc=3";
        let new = "a=1\nssl.key.password=hunter22\nb=2\nc=4";
        let os = [Span::new(21, 30)];
        let ns = [Span::new(21, 29)];
        let d = unified_diff(
            "x.properties",
            Shown { text: old, secrets: &os },
            Shown { text: new, secrets: &ns },
            &Scrub::new(&["hunter22".into()]),
        );
        assert!(!d.contains("hunter22"), "{d}");
        assert_eq!(
            d,
            "--- x.properties\n+++ x.properties\n@@ -1,4 +1,4 @@\n a=1\n-ssl.key.password=***\n+ssl.key.password=***\n b=2\n-c=3\n\\ No newline at end of file\n+c=4\n\\ No newline at end of file\n"
        );
        assert_eq!(unified_diff("x", Shown { text: old, secrets: &[] }, Shown { text: old, secrets: &[] }, &Scrub::new(&[])), "");
        assert_eq!(lines("a\r\nb\rc\n"), vec![(0, 1, 3), (3, 4, 5), (5, 6, 7)]);
    }

    /// Every occurrence of every secret is masked, overlapping ones as one stretch; no character
    /// of a secret's occurrence is left, whatever the order or number of secrets.
    #[test]
    fn scrub_masks_every_occurrence_in_one_pass() {
        let s =
            |secrets: &[&str], line: &str| Scrub::new(&secrets.iter().map(|x| x.to_string()).collect::<Vec<_>>()).apply(line.to_string());
        assert_eq!(s(&["hunter22"], "a=hunter22 b=hunter22"), "a=*** b=***");
        assert_eq!(s(&["abcd", "cdef"], "xabcdefx"), "x***x", "overlapping: one stretch");
        assert_eq!(s(&["bcde", "abc"], "abcdef"), "***f");
        assert_eq!(s(&["ab", "ab"], "abab"), "******", "touching occurrences: one mask each");
        assert_eq!(s(&[], "hunter22"), "hunter22");
        assert_eq!(s(&["", "é"], "café"), "caf***");
        // Against masking each secret in turn (the old way) where no two occurrences meet.
        let secrets: Vec<String> = (0..500).map(|i| format!("secret-{i:03}-x")).collect();
        let scrub = Scrub::new(&secrets);
        let line = "user=secret-007-x pass=secret-499-x again secret-007-x secret-250";
        let mut each = line.to_string();
        for x in &secrets {
            each = each.replace(x.as_str(), redact::MASK);
        }
        assert_eq!(scrub.apply(line.to_string()), each);
    }
}
