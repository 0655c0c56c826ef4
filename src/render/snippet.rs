//! The common shape of a finding written without miette, in the bytes miette's graphical handler
//! (wrapping off, one context line, no links) writes for it: one label on one line of printable
//! ASCII text (two labels: on two lines), and related locations (in other files) of the same
//! shape. Every other shape is left to miette (`None`). Test:
//! `human::tests::the_fast_path_writes_what_miette_writes` renders random findings both ways.

use miette::{GraphicalTheme, SourceCode, SourceSpan};

/// A style's escape codes before and after the text it styles (empty without colour).
#[derive(Clone, Default)]
struct Paint {
    pre: String,
    suf: String,
}

impl Paint {
    fn of(style: owo_colors::Style) -> Paint {
        let s = format!("{}", style.style("\u{0}"));
        let (pre, suf) = s.split_once('\u{0}').unwrap_or(("", ""));
        Paint { pre: pre.to_string(), suf: suf.to_string() }
    }

    fn put(&self, out: &mut String, text: &str) {
        out.push_str(&self.pre);
        out.push_str(text);
        out.push_str(&self.suf);
    }
}

/// The theme's characters and escape codes, computed once.
pub(super) struct Fast {
    /// Error, warning, advice: the message's first-line indent (`  ⚠ `) and the next lines' (`  │ `).
    first: [String; 3],
    rest: [String; 3],
    /// The severity's style, for the code line.
    severity: [Paint; 3],
    help_indent: String,
    link: Paint,
    linum: Paint,
    /// The labels' styles, taken in turn.
    highlights: Vec<Paint>,
    ltop: char,
    hbar: char,
    vbar: char,
    vbar_break: char,
    lbot: char,
    underline: char,
    underbar: char,
    uarrow: char,
}

type Window<'a> = Box<dyn miette::SpanContents<'a> + 'a>;

/// What one finding of the fast shape is made of.
pub(super) struct Finding<'a> {
    pub code: Option<&'a str>,
    /// 0 error, 1 warning, 2 advice.
    pub severity: usize,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub source: &'a dyn SourceCode,
    pub labels: Vec<Label<'a>>,
}

/// A label: its span, its text, whether it is the primary one.
pub(super) struct Label<'a> {
    pub span: SourceSpan,
    pub text: Option<&'a str>,
    pub primary: bool,
}

impl Fast {
    pub(super) fn new(theme: &GraphicalTheme) -> Fast {
        let (c, s) = (&theme.characters, &theme.styles);
        let sev = [s.error, s.warning, s.advice];
        let icons = [&c.error, &c.warning, &c.advice];
        let severity = sev.map(Paint::of);
        let first = [0, 1, 2].map(|i| {
            let mut t = String::from("  ");
            severity[i].put(&mut t, icons[i]);
            t.push(' ');
            t
        });
        let rest = [0, 1, 2].map(|i| {
            let mut t = String::from("  ");
            severity[i].put(&mut t, &c.vbar.to_string());
            t.push(' ');
            t
        });
        let mut help_indent = String::new();
        Paint::of(s.help).put(&mut help_indent, "  help: ");
        Fast {
            first,
            rest,
            severity,
            help_indent,
            link: Paint::of(s.link),
            linum: Paint::of(s.linum),
            highlights: if s.highlights.is_empty() { vec![Paint::default()] } else { s.highlights.iter().map(|&h| Paint::of(h)).collect() },
            ltop: c.ltop,
            hbar: c.hbar,
            vbar: c.vbar,
            vbar_break: c.vbar_break,
            lbot: c.lbot,
            underline: c.underline,
            underbar: c.underbar,
            uarrow: c.uarrow,
        }
    }

    /// The finding and its related locations (in other files) as miette writes them, or `None`
    /// when one of them is not of the shape written here (`out` then holds part of it).
    pub(super) fn render(&self, d: &Finding<'_>, related: &[Finding<'_>], out: &mut String) -> Option<()> {
        self.header(d, out);
        self.body(d, out)?;
        for r in related {
            out.push('\n');
            out.push_str(["Error: ", "Warning: ", "Advice: "].get(r.severity)?);
            // miette's header of a related diagnostic: a line break even without a code.
            self.header(r, out);
            self.body(r, out)?;
        }
        Some(())
    }

    /// The code line and a blank line (a blank line alone without a code).
    fn header(&self, d: &Finding<'_>, out: &mut String) {
        if let (Some(code), Some(paint)) = (d.code, self.severity.get(d.severity)) {
            paint.put(out, code);
            out.push('\n');
        }
        out.push('\n');
    }

    /// The message, the snippets, the help.
    fn body(&self, d: &Finding<'_>, out: &mut String) -> Option<()> {
        if d.severity > 2 || d.labels.is_empty() || d.labels.iter().any(|l| l.text.is_some_and(|t| t.contains('\n'))) {
            return None;
        }
        // miette's order (by offset; two at one offset could come in either order).
        let mut labels: Vec<&Label<'_>> = d.labels.iter().collect();
        labels.sort_by_key(|l| l.span.offset());
        if labels.windows(2).any(|w| w[0].span.offset() == w[1].span.offset()) {
            return None;
        }
        indent(out, d.message, &self.first[d.severity], &self.rest[d.severity]);
        out.push('\n');
        // The snippets: labels whose windows (one line of context each side) meet share one.
        // Each with the window read for it, which miette reads again to draw it (the same).
        let mut contexts: Vec<(SourceSpan, Window<'_>)> = Vec::with_capacity(labels.len());
        for l in &labels {
            let w = d.source.read_span(&l.span, 1, 1).ok()?;
            if let Some((left, left_w)) = contexts.last() {
                if left_w.line() + left_w.line_count() >= w.line() {
                    let end = (left.offset() + left.len()).max(l.span.offset() + l.span.len());
                    let merged = SourceSpan::new(left.offset().into(), end - left.offset());
                    if let Ok(m) = d.source.read_span(&merged, 1, 1) {
                        contexts.pop();
                        contexts.push((merged, m));
                        continue;
                    }
                }
            }
            contexts.push((l.span, w));
        }
        for (ctx, window) in contexts {
            self.context(&labels, ctx, window, out)?;
        }
        if let Some(help) = d.help {
            indent(out, help, &self.help_indent, "        ");
            out.push('\n');
        }
        Some(())
    }

    /// One snippet: the lines of `ctx` and one line of context each side, every label that falls
    /// on them underlined (at most one a line, within the line's text).
    fn context(&self, labels: &[&Label<'_>], ctx: SourceSpan, window: Window<'_>, out: &mut String) -> Option<()> {
        let data = window.data();
        // Printable ASCII lines, ended by `\n` or `\r\n` (miette's own line splitting then gives
        // one column per byte and no text changed).
        let mut i = 0;
        while i < data.len() {
            match data[i] {
                b' '..=b'~' | b'\n' => {}
                b'\r' if data.get(i + 1) == Some(&b'\n') => {}
                _ => return None,
            }
            i += 1;
        }
        let lines = lines(data, window.line(), window.column(), window.span().offset());
        // The label each line shows (its index in `labels`): one within the line's text, and
        // no label over a line end anywhere in the window.
        let mut shown: Vec<Option<usize>> = vec![None; lines.len()];
        for (k, l) in labels.iter().enumerate() {
            let (start, len) = (l.span.offset(), l.span.len());
            let touched = lines.iter().filter(|x| applies(x, start, len)).count();
            if touched == 0 {
                continue;
            }
            let at = lines.iter().position(|x| x.offset <= start && start < x.offset + x.text.len())?;
            if touched != 1 || start + len > lines[at].offset + lines[at].text.len() || shown[at].is_some() {
                return None;
            }
            shown[at] = Some(k);
        }
        // The primary label of the context (else its first) gives the line and column.
        let (c0, c1) = (ctx.offset(), ctx.offset() + ctx.len());
        let in_ctx = |l: &&&Label<'_>| c0 <= l.span.offset() && l.span.offset() + l.span.len() <= c1;
        let primary = labels.iter().filter(in_ctx).find(|l| l.primary).or_else(|| labels.iter().find(in_ctx))?;
        // Its line and column as miette reads them (ASCII: a column a byte); the window's name
        // is the source's.
        let at = lines.iter().position(|x| x.offset <= primary.span.offset() && primary.span.offset() < x.offset + x.text.len())?;
        let (line, column) = (lines[at].line_number, primary.span.offset() - lines[at].offset + 1);
        let name = window.name()?;
        let linum_width = digits(lines.last().map_or(0, |l| l.line_number));

        push_n(out, ' ', linum_width + 2);
        out.push(self.ltop);
        out.push(self.hbar);
        out.push('[');
        out.push_str(&self.link.pre);
        out.push_str(name);
        out.push(':');
        push_num(out, line);
        out.push(':');
        push_num(out, column);
        out.push_str(&self.link.suf);
        out.push_str("]\n");
        for (l, shown) in lines.iter().zip(shown) {
            out.push(' ');
            out.push_str(&self.linum.pre);
            push_n(out, ' ', linum_width.saturating_sub(digits(l.line_number)));
            push_num(out, l.line_number);
            out.push_str(&self.linum.suf);
            out.push(' ');
            out.push(self.vbar);
            out.push(' ');
            out.push_str(l.text);
            out.push('\n');
            let Some(k) = shown else { continue };
            let label = labels[k];
            // miette's highlight styles go round the labels in order.
            let paint = &self.highlights[k % self.highlights.len()];
            // Underline: columns are bytes (ASCII).
            let (start, len) = (label.span.offset(), label.span.len());
            let from = start - l.offset;
            let to = if len == 0 { from + 1 } else { (from + len).max(from + 1) };
            let mid = (from + to) / 2;
            self.no_linum(out, linum_width);
            out.push_str(&paint.pre);
            push_n(out, ' ', from);
            push_n(out, self.underline, mid - from);
            out.push(if len == 0 {
                self.uarrow
            } else if label.text.is_some() {
                self.underbar
            } else {
                self.underline
            });
            push_n(out, self.underline, to - mid - 1);
            out.push_str(&paint.suf);
            out.push('\n');
            if let Some(text) = label.text {
                self.no_linum(out, linum_width);
                push_n(out, ' ', mid);
                out.push_str(&paint.pre);
                out.push(self.lbot);
                out.push(self.hbar);
                out.push(self.hbar);
                out.push(' ');
                paint.put(out, text);
                out.push_str(&paint.suf);
                out.push('\n');
            }
        }
        push_n(out, ' ', linum_width + 2);
        out.push(self.lbot);
        push_n(out, self.hbar, 4);
        out.push('\n');
        Some(())
    }

    fn no_linum(&self, out: &mut String, width: usize) {
        push_n(out, ' ', width + 2);
        out.push(self.vbar_break);
        out.push(' ');
    }
}

/// Whether miette shows a label on a line (its `span_applies`).
fn applies(line: &Line<'_>, offset: usize, len: usize) -> bool {
    let spanlen = len.max(1);
    let (lo, hi) = (line.offset, line.offset + line.length);
    (offset >= lo && offset < hi) || (offset < lo && offset + spanlen > hi) || (offset + spanlen > lo && offset + spanlen <= hi)
}

fn push_n(out: &mut String, c: char, n: usize) {
    for _ in 0..n {
        out.push(c);
    }
}

/// The decimal digits of `n` (`n.to_string().len()`, without the string).
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

fn push_num(out: &mut String, n: usize) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

/// miette's text indented without wrapping (its `wrap` with wrapping off).
fn indent(out: &mut String, text: &str, initial: &str, subsequent: &str) {
    let trimmed = subsequent.trim_end();
    for (idx, line) in text.split_terminator('\n').enumerate() {
        if idx > 0 {
            out.push('\n');
        }
        if idx == 0 {
            if line.trim().is_empty() {
                out.push_str(initial.trim_end());
            } else {
                out.push_str(initial);
            }
        } else if line.trim().is_empty() {
            out.push_str(trimmed);
        } else {
            out.push_str(subsequent);
        }
        out.push_str(line);
    }
    if text.ends_with('\n') {
        out.push('\n');
    }
}

struct Line<'a> {
    line_number: usize,
    offset: usize,
    /// Bytes with the line end.
    length: usize,
    text: &'a str,
}

/// miette's lines of a window (its `get_lines`), for text of ASCII with `\n` and `\r\n` line ends.
fn lines(data: &[u8], mut line: usize, mut column: usize, mut offset: usize) -> Vec<Line<'_>> {
    let text = std::str::from_utf8(data).unwrap_or_default();
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(3);
    let mut line_offset = offset;
    let mut text_from = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        offset += 1;
        let mut at_end_of_file = false;
        let mut text_to = i;
        match c {
            b'\r' => {
                // Only before `\n` here.
                i += 1;
                offset += 1;
                line += 1;
                column = 0;
                text_to = i - 2;
                at_end_of_file = i >= b.len();
            }
            b'\n' => {
                at_end_of_file = i >= b.len();
                line += 1;
                column = 0;
                text_to = i - 1;
            }
            _ => column += 1,
        }
        if i >= b.len() && !at_end_of_file {
            line += 1;
        }
        if column == 0 || i >= b.len() {
            out.push(Line { line_number: line, offset: line_offset, length: offset - line_offset, text: &text[text_from..text_to] });
            text_from = i;
            line_offset = offset;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_are_those_of_the_number_written() {
        for n in [0, 1, 9, 10, 99, 100, 101, 999, 1000, 12345, 99999, 100000, usize::MAX] {
            assert_eq!(super::digits(n), n.to_string().len(), "{n}");
        }
    }
}
