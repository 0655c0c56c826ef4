//! A lossless reader of the `java.util.Properties` text format.
//!
//! It reads exactly what `Properties.load` reads (line terminators `\n`, `\r\n`, `\r`; comment lines
//! starting with `#` or `!`; continuation lines ending in an odd number of backslashes, whose leading
//! white space is dropped; `=`, `:` or white space between key and value; escapes `\t \n \r \f
//! \uXXXX`, and `\c` meaning `c`), and keeps the byte span of every key, value and comment in the
//! original text so that diagnostics point at the exact text and fixes replace exactly it.
//!
//! Where Java would fail (a malformed `\uXXXX`) or silently do something surprising (a backslash
//! swallowed by an unknown escape, a continuation at the end of the file), an [`Issue`] is recorded.

use crate::source::Span;

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub entries: Vec<Entry>,
    pub comments: Vec<Comment>,
    pub issues: Vec<Issue>,
}

/// One `key=value` pair (one logical line).
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key after escapes are decoded.
    pub key: String,
    pub key_span: Span,
    /// The value after escapes are decoded, with trailing white space kept (as Java keeps it).
    pub value: String,
    /// The value's text in the file, across continuation lines; empty (at the end of the line) when
    /// there is no value.
    pub value_span: Span,
    /// From the first character of the key to the end of the last physical line (terminator excluded).
    pub span: Span,
    /// The physical pieces of the logical line, in order (continuation backslashes excluded).
    pub pieces: Vec<Span>,
    /// For a setting of another format (compose, Spring, Strimzi): the name as written there
    /// (`KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR`); `None` in a `.properties` file.
    pub written: Option<String>,
}

impl Entry {
    /// Whether the value continues over more than one physical line.
    pub fn is_continued(&self) -> bool {
        self.pieces.len() > 1
    }
}

#[derive(Debug, Clone)]
pub struct Comment {
    /// From the `#`/`!` to the end of the line.
    pub span: Span,
    /// The text after the comment marker.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    /// `\u` not followed by four hex digits: `Properties.load` throws and nothing is loaded.
    MalformedUnicodeEscape,
    /// `\c` for a `c` with no meaning: Java drops the backslash (`C:\kafka` reads `C:kafka`).
    UnknownEscape,
    /// The file ends in a continuation backslash.
    ContinuationAtEof,
}

#[derive(Debug, Clone)]
pub struct Issue {
    pub kind: IssueKind,
    pub span: Span,
}

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == 0x0c
}

/// Parses a whole file. `text` may start with a UTF-8 BOM, which is skipped.
pub fn parse(text: &str) -> Document {
    parse_with(text, true)
}

/// [`parse`]; `one_line_path`: one-line entries split by [`split_line`] (else by the general
/// [`split_entry`], which tests compare it with).
fn parse_with(text: &str, one_line_path: bool) -> Document {
    let mut doc = Document::default();
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    read_lines(text, start, one_line_path, &mut doc, |_| false);
    doc
}

/// Reads the logical lines of `text` from `pos`, where a logical line may start, into `doc`, to
/// the end, or up to the first line start where `stop` says to stop (returned).
fn read_lines(text: &str, mut pos: usize, one_line_path: bool, doc: &mut Document, mut stop: impl FnMut(usize) -> bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let len = bytes.len();
    while pos < len {
        // Start of a natural line: skip white space and blank lines.
        while pos < len && (is_ws(bytes[pos]) || bytes[pos] == b'\n' || bytes[pos] == b'\r') {
            pos += 1;
        }
        if pos >= len {
            break;
        }
        if stop(pos) {
            return Some(pos);
        }
        if bytes[pos] == b'#' || bytes[pos] == b'!' {
            let end = line_end(bytes, pos);
            doc.comments.push(Comment { span: Span::new(pos, end), text: text[pos + 1..end].to_string() });
            pos = end;
            continue;
        }
        // A logical line: one or more physical pieces.
        let mut pieces = Vec::with_capacity(1);
        let mut piece_start = pos;
        let mut at_eof_continuation = None;
        loop {
            let end = line_end(bytes, piece_start);
            let trailing = bytes[piece_start..end].iter().rev().take_while(|&&b| b == b'\\').count();
            if trailing % 2 == 1 {
                pieces.push(Span::new(piece_start, end - 1));
                let next = skip_terminator(bytes, end);
                if next >= len || end == len {
                    at_eof_continuation = Some(Span::new(end - 1, end));
                    pos = next;
                    break;
                }
                // Leading white space of the continuation line is dropped; an empty line ends it.
                let mut p = next;
                while p < len && is_ws(bytes[p]) {
                    p += 1;
                }
                // Nothing read yet on this logical line (a line that is only `\`): Java 9+'s
                // LineReader is still at the start of a logical line, where `#` and `!` start a
                // comment (java.util.Properties.LineReader.readLine, `if (len == 0)`).
                if p < len && (bytes[p] == b'#' || bytes[p] == b'!') && pieces.iter().all(|s: &Span| s.is_empty()) {
                    pieces.clear();
                    pos = p;
                    break;
                }
                piece_start = p;
                if p >= len {
                    at_eof_continuation = Some(Span::new(end - 1, end));
                    pos = p;
                    break;
                }
                if bytes[p] == b'\n' || bytes[p] == b'\r' {
                    pos = p;
                    break;
                }
            } else {
                pieces.push(Span::new(piece_start, end));
                pos = end;
                break;
            }
        }
        if let Some(span) = at_eof_continuation {
            doc.issues.push(Issue { kind: IssueKind::ContinuationAtEof, span });
        }
        // Only backslashes and line breaks (`\` then an empty line, a comment, or the end of the
        // file): Java reads no entry (`if (len == 0) { skipWhiteSpace = true; continue; }`, and
        // `return -1` at the end) — except when the file ends right after the backslash or its
        // one-character line end, where `readLine` meets the end of the input before handling
        // the continuation and returns `len - 1`: an empty line that loads as the key "".
        if pieces.iter().all(|s| s.is_empty()) && at_eof_continuation.is_none_or(|s| s.end + 1 < len) {
            continue;
        }
        let entry = if one_line_path && pieces.len() == 1 {
            split_line(text, pieces, &mut doc.issues)
        } else {
            split_entry(text, pieces, &mut doc.issues)
        };
        doc.entries.push(entry);
    }
    None
}

/// How many of the first `most` bytes two sequences have in common: whole blocks compared at once
/// (`same(i, j)`: the `i`th to `j`th are the same), then byte by byte.
fn common_prefix<'a>(
    a: impl Iterator<Item = &'a u8>,
    b: impl Iterator<Item = &'a u8>,
    most: usize,
    same: impl Fn(usize, usize) -> bool,
) -> usize {
    const BLOCK: usize = 1024;
    let mut n = 0;
    while n + BLOCK <= most && same(n, n + BLOCK) {
        n += BLOCK;
    }
    n + a.skip(n).zip(b.skip(n)).take(most - n).take_while(|(x, y)| x == y).count()
}

/// Where an entry's logical line starts (its first piece, which may be an empty line before the
/// key: `\` then `key=v` on the next line).
fn line_start(e: &Entry) -> usize {
    e.pieces.first().map_or(e.span.start, |p| p.start)
}

/// [`parse`] of `new_text`, given `old`, [`parse`] of `old_text`: only the logical lines around
/// the change are read again (an editor's keystroke in a large file); the rest is moved from
/// `old`, its spans shifted. The result is what [`parse`] gives, to the span.
///
/// Why that holds: reading resumes where a logical line of the old text starts before the first
/// changed byte (the reader reads forward only, and everything before that line start is the same
/// text), and stops where the new text is at the start of a logical line at or after the last
/// changed byte and the old text had a logical line start at the same place of the unchanged end:
/// from there on both read the same bytes up to the same end of the file.
pub fn reparse(old_text: &str, old: Document, new_text: &str) -> Document {
    reparse_spliced(old_text, old, new_text).0
}

/// Which items (entries or comments) of a document [`reparse`] moved from the old one, as they
/// were: the first `kept` stay where they were, unchanged; the old ones from `old_from` on are
/// the new ones from `new_from` on, in order, their spans shifted by [`Splice::delta`]; the new
/// ones in between were read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub kept: usize,
    pub old_from: usize,
    pub new_from: usize,
}

/// What [`reparse_spliced`] kept of the old document, for a caller that keeps results per entry
/// or comment and works out only those of the items read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Splice {
    pub entries: Moved,
    pub comments: Moved,
    /// How far the moved items' spans were shifted (new length minus old length).
    pub delta: isize,
}

/// [`reparse`], and what it moved from the old document (`None`: the new text was read whole).
pub fn reparse_spliced(old_text: &str, old: Document, new_text: &str) -> (Document, Option<Splice>) {
    let (a, b) = (old_text.as_bytes(), new_text.as_bytes());
    let prefix = common_prefix(a.iter(), b.iter(), a.len().min(b.len()), |i, j| a[i..j] == b[i..j]);
    let most = a.len().min(b.len()) - prefix;
    let suffix = common_prefix(a.iter().rev(), b.iter().rev(), most, |i, j| a[a.len() - j..a.len() - i] == b[b.len() - j..b.len() - i]);
    if prefix == a.len() && prefix == b.len() {
        let all = |n: usize| Moved { kept: n, old_from: n, new_from: n };
        let splice = Splice { entries: all(old.entries.len()), comments: all(old.comments.len()), delta: 0 };
        return (old, Some(splice));
    }
    // A change in the first bytes (a byte-order mark) or before the first line: read it all.
    // Entries, comments and issues are in the order of the text: positions found by bisection.
    let before = |n: usize| n.checked_sub(1);
    let last_entry = before(old.entries.partition_point(|e| line_start(e) < prefix)).map(|i| line_start(&old.entries[i]));
    let last_comment = before(old.comments.partition_point(|c| c.span.start < prefix)).map(|i| old.comments[i].span.start);
    let restart = last_entry.max(last_comment);
    let Some(restart) = restart.filter(|_| prefix > 3) else { return (parse(new_text), None) };
    let delta = b.len() as isize - a.len() as isize;
    let new_end = b.len() - suffix;
    let Document { mut entries, mut comments, mut issues } = old;
    // The old lines from the restart on stay in place (the ones to resume at among them); the
    // lines read again go to a document of their own, then replace the old ones they cover (a
    // keystroke's one line for one line: nothing else of a large document moves in memory).
    let kept_entries = entries.partition_point(|e| line_start(e) < restart);
    let kept_comments = comments.partition_point(|c| c.span.start < restart);
    let kept_issues = issues.partition_point(|i| i.span.start < restart);
    let mut fresh = Document::default();
    let old_at = |q: usize| (q as isize - delta) as usize;
    let resumed = read_lines(new_text, restart, true, &mut fresh, |q| {
        q >= new_end && {
            let o = old_at(q);
            entries[kept_entries..].binary_search_by_key(&o, line_start).is_ok()
                || comments[kept_comments..].binary_search_by_key(&o, |c| c.span.start).is_ok()
        }
    });
    // Where the old lines moved as they are start (none when the new text was read to its end).
    let (from_entry, from_comment, from_issue) = match resumed {
        Some(q) => {
            let o = old_at(q);
            (
                kept_entries + entries[kept_entries..].partition_point(|e| line_start(e) < o),
                kept_comments + comments[kept_comments..].partition_point(|c| c.span.start < o),
                kept_issues + issues[kept_issues..].partition_point(|i| i.span.start < o),
            )
        }
        None => (entries.len(), comments.len(), issues.len()),
    };
    let shift = |s: &mut Span| {
        s.start = (s.start as isize + delta) as usize;
        s.end = (s.end as isize + delta) as usize;
    };
    for e in &mut entries[from_entry..] {
        shift(&mut e.key_span);
        shift(&mut e.value_span);
        shift(&mut e.span);
        e.pieces.iter_mut().for_each(shift);
    }
    comments[from_comment..].iter_mut().for_each(|c| shift(&mut c.span));
    issues[from_issue..].iter_mut().for_each(|i| shift(&mut i.span));
    let splice = Splice {
        entries: Moved { kept: kept_entries, old_from: from_entry, new_from: kept_entries + fresh.entries.len() },
        comments: Moved { kept: kept_comments, old_from: from_comment, new_from: kept_comments + fresh.comments.len() },
        delta,
    };
    entries.splice(kept_entries..from_entry, fresh.entries);
    comments.splice(kept_comments..from_comment, fresh.comments);
    issues.splice(kept_issues..from_issue, fresh.issues);
    (Document { entries, comments, issues }, Some(splice))
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    crate::bytes::find2(b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |i| from + i)
}

/// [`split_entry`] for a logical line of one physical line (nearly every line of a real file):
/// the same key, separator and value rules over the line's bytes, without the cursor across
/// pieces, and a key or value without a backslash copied as it is.
fn split_line(text: &str, pieces: Vec<Span>, issues: &mut Vec<Issue>) -> Entry {
    let line = pieces[0];
    let b = &text.as_bytes()[line.start..line.end];
    let n = b.len();
    let mut i = 0;
    let mut escaped = false;
    let mut has_sep = false;
    let key_len = loop {
        let Some(&c) = b.get(i) else { break n };
        if !escaped && (c == b'=' || c == b':') {
            has_sep = true;
            i += 1;
            break i - 1;
        }
        if !escaped && is_ws(c) {
            i += 1;
            break i - 1;
        }
        escaped = c == b'\\' && !escaped;
        i += 1;
    };
    while let Some(&c) = b.get(i) {
        if is_ws(c) {
            i += 1;
        } else if !has_sep && (c == b'=' || c == b':') {
            has_sep = true;
            i += 1;
        } else {
            break;
        }
    }
    let key_span = Span::new(line.start, line.start + key_len);
    let value_span = Span::new(line.start + i, line.end);
    let key = decode_span(text, key_span, issues);
    let value = decode_span(text, value_span, issues);
    Entry { key, key_span, value, value_span, span: line, pieces, written: None }
}

/// [`decode`] of one span of the text.
fn decode_span(text: &str, span: Span, issues: &mut Vec<Issue>) -> String {
    let s = &text[span.range()];
    if crate::bytes::find(b'\\', s.as_bytes()).is_none() {
        return s.to_string();
    }
    decode(text, &[span], issues, &mut None)
}

fn skip_terminator(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => at + 2,
        Some(b'\r') | Some(b'\n') => at + 1,
        _ => at,
    }
}

/// Iterates the source offsets of a logical line's bytes, piece after piece.
struct Cursor<'a> {
    bytes: &'a [u8],
    pieces: &'a [Span],
    piece: usize,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8], pieces: &'a [Span]) -> Self {
        let pos = pieces.first().map_or(0, |p| p.start);
        let mut c = Cursor { bytes, pieces, piece: 0, pos };
        c.normalize();
        c
    }
    fn normalize(&mut self) {
        while self.piece < self.pieces.len() && self.pos >= self.pieces[self.piece].end {
            self.piece += 1;
            if self.piece < self.pieces.len() {
                self.pos = self.pieces[self.piece].start;
            }
        }
    }
    fn peek(&self) -> Option<u8> {
        (self.piece < self.pieces.len()).then(|| self.bytes[self.pos])
    }
    fn offset(&self) -> usize {
        if self.piece < self.pieces.len() {
            self.pos
        } else {
            self.pieces.last().map_or(0, |p| p.end)
        }
    }
    fn bump(&mut self) {
        self.pos += 1;
        self.normalize();
    }
}

fn split_entry(text: &str, pieces: Vec<Span>, issues: &mut Vec<Issue>) -> Entry {
    let bytes = text.as_bytes();
    let mut cur = Cursor::new(bytes, &pieces);
    let key_start = cur.offset();
    // Key: up to an unescaped separator.
    let mut escaped = false;
    let mut has_sep = false;
    let key_end;
    loop {
        let Some(b) = cur.peek() else {
            key_end = cur.offset();
            break;
        };
        if !escaped && (b == b'=' || b == b':') {
            key_end = cur.offset();
            cur.bump();
            has_sep = true;
            break;
        }
        if !escaped && is_ws(b) {
            key_end = cur.offset();
            cur.bump();
            break;
        }
        escaped = b == b'\\' && !escaped;
        cur.bump();
    }
    // White space, at most one separator, white space.
    while let Some(b) = cur.peek() {
        if is_ws(b) {
            cur.bump();
        } else if !has_sep && (b == b'=' || b == b':') {
            has_sep = true;
            cur.bump();
        } else {
            break;
        }
    }
    let value_start = cur.offset();
    let end = pieces.last().map_or(key_start, |p| p.end);
    let key_pieces = clip(&pieces, key_start, key_end);
    let value_pieces = clip(&pieces, value_start, end);
    let key = decode(text, &key_pieces, issues, &mut None);
    let value = decode(text, &value_pieces, issues, &mut None);
    Entry {
        key,
        key_span: Span::new(key_start, key_end),
        value,
        value_span: Span::new(value_start.min(end), end),
        span: Span::new(key_start, end),
        pieces,
        written: None,
    }
}

/// The parts of `pieces` that fall within `start..end`.
fn clip(pieces: &[Span], start: usize, end: usize) -> Vec<Span> {
    pieces
        .iter()
        .filter_map(|p| {
            let s = p.start.max(start);
            let e = p.end.min(end);
            (s < e).then(|| Span::new(s, e))
        })
        .collect()
}

/// Decodes escapes over source pieces. When `map` is given, records for each decoded byte offset
/// where it starts in the source.
fn decode(text: &str, pieces: &[Span], issues: &mut Vec<Issue>, map: &mut Option<Vec<(usize, usize, usize)>>) -> String {
    let mut out = String::new();
    // Chars with their source offsets, across pieces.
    let mut chars = pieces.iter().flat_map(|p| text[p.range()].char_indices().map(move |(i, c)| (p.start + i, c))).peekable();
    while let Some((at, c)) = chars.next() {
        let dec_start = out.len();
        if c != '\\' {
            out.push(c);
            if let Some(m) = map.as_mut() {
                m.push((dec_start, at, at + c.len_utf8()));
            }
            continue;
        }
        let Some((_, e)) = chars.next() else {
            // A lone trailing backslash (only possible in a key): Java reads nothing for it.
            break;
        };
        match e {
            't' => out.push('\t'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            'f' => out.push('\u{0c}'),
            'u' => {
                let mut code = 0u32;
                let mut ok = true;
                let mut last = at + 2;
                for _ in 0..4 {
                    match chars.peek().copied() {
                        Some((i, h)) if h.is_ascii_hexdigit() => {
                            code = code * 16 + h.to_digit(16).unwrap_or(0);
                            last = i + 1;
                            chars.next();
                        }
                        _ => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok && (0xD800..0xDC00).contains(&code) {
                    // A high surrogate followed by `\uDC00`…`\uDFFF`: one character, as Java's
                    // UTF-16 string holds it (`Properties.store` and `native2ascii` write
                    // characters outside the BMP this way: `\uD83D\uDE00` is U+1F600).
                    let mut look = chars.clone();
                    let low = match (look.next(), look.next()) {
                        (Some((_, '\\')), Some((_, 'u'))) => {
                            let digits: Vec<(usize, char)> = look.by_ref().take(4).collect();
                            let hex: String = digits.iter().map(|&(_, c)| c).collect();
                            (digits.len() == 4 && hex.chars().all(|c| c.is_ascii_hexdigit()))
                                .then(|| u32::from_str_radix(&hex, 16).ok())
                                .flatten()
                                .filter(|l| (0xDC00..0xE000).contains(l))
                        }
                        _ => None,
                    };
                    match low {
                        Some(l) => {
                            chars = look;
                            out.push(char::from_u32(0x10000 + ((code - 0xD800) << 10) + (l - 0xDC00)).unwrap_or('\u{fffd}'));
                        }
                        None => out.push('\u{fffd}'),
                    }
                } else if ok {
                    // Lone surrogates cannot be represented; Java would keep them as UTF-16 units.
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                } else {
                    issues.push(Issue { kind: IssueKind::MalformedUnicodeEscape, span: Span::new(at, last.max(at + 2)) });
                }
            }
            '\\' | '=' | ':' | '#' | '!' | ' ' | '"' | '\'' => out.push(e),
            other => {
                issues.push(Issue { kind: IssueKind::UnknownEscape, span: Span::new(at, at + 1 + other.len_utf8()) });
                out.push(other);
            }
        }
        if let Some(m) = map.as_mut() {
            let end = chars.peek().map_or_else(|| pieces.last().map_or(at + 2, |p| p.end), |&(i, _)| i);
            // The escape ends where the next char starts, unless a piece boundary intervenes.
            let end = pieces.iter().find(|p| p.start <= at && at < p.end).map_or(end, |p| end.min(p.end));
            if out.len() > dec_start {
                m.push((dec_start, at, end));
            }
        }
    }
    out
}

/// For a value: for each decoded character, its decoded offset and its source range.
pub fn value_offsets(text: &str, entry: &Entry) -> Vec<(usize, usize, usize)> {
    let pieces = clip(&entry.pieces, entry.value_span.start, entry.value_span.end);
    let mut map = Some(Vec::new());
    decode(text, &pieces, &mut Vec::new(), &mut map);
    map.unwrap_or_default()
}

/// Source span of the decoded value range `from..to` of `entry` (from the first character's
/// source start to the last character's source end).
pub fn value_subspan(text: &str, entry: &Entry, from: usize, to: usize) -> Span {
    if entry.written.is_some() {
        // Another format's value: its text is the value byte for byte, or is masked whole.
        return if text.get(entry.value_span.range()) == Some(entry.value.as_str()) && to <= entry.value.len() && from <= to {
            Span::new(entry.value_span.start + from, entry.value_span.start + to)
        } else {
            entry.value_span
        };
    }
    let map = value_offsets(text, entry);
    let first = map.iter().find(|m| m.0 >= from);
    let last = map.iter().rev().find(|m| m.0 < to);
    match (first, last) {
        (Some(a), Some(b)) if a.1 <= b.2 => Span::new(a.1, b.2),
        _ => Span::empty(entry.value_span.end),
    }
}

/// Escapes a value for writing into a properties file (as `Properties.store` would, but keeping
/// non-ASCII characters as they are since files are read as UTF-8 here).
pub fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.chars().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{0c}' => out.push_str("\\f"),
            ' ' if i == 0 => out.push_str("\\ "),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a key for writing into a properties file.
pub fn escape_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        match c {
            '\\' | '=' | ':' | ' ' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{0c}' => out.push_str("\\f"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(text: &str) -> Vec<(String, String)> {
        parse(text).entries.into_iter().map(|e| (e.key, e.value)).collect()
    }

    #[test]
    fn separators() {
        assert_eq!(
            kv("a=1\nb:2\nc 3\nd = 4\ne\t:\t5\nf\n g==6"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "2".into()),
                ("c".into(), "3".into()),
                ("d".into(), "4".into()),
                ("e".into(), "5".into()),
                ("f".into(), "".into()),
                ("g".into(), "=6".into()),
            ]
        );
    }

    #[test]
    fn continuation_spans() {
        let text = "k = a,\\\n    b,\\\r\n  c\nnext=1";
        let d = parse(text);
        let e = &d.entries[0];
        assert_eq!(e.value, "a,b,c");
        assert_eq!(&text[e.value_span.range()], "a,\\\n    b,\\\r\n  c");
        assert_eq!(e.pieces.len(), 3);
        assert_eq!(d.entries[1].key, "next");
        let sub = value_subspan(text, e, 2, 4);
        assert_eq!(&text[sub.range()], "b,");
    }

    #[test]
    fn escapes() {
        let d = parse("a\\=b=c\\td\\u0041\\\\\nw=C:\\kafka\nbad=\\u00G1");
        assert_eq!(d.entries[0].key, "a=b");
        assert_eq!(d.entries[0].value, "c\tdA\\");
        assert_eq!(d.entries[1].value, "C:kafka");
        assert_eq!(d.issues[0].kind, IssueKind::UnknownEscape);
        assert_eq!(d.issues[1].kind, IssueKind::MalformedUnicodeEscape);
    }

    #[test]
    fn comments_and_trailing_space() {
        let d = parse("# c \\\n! d\n  key = v  \n");
        assert_eq!(d.comments.len(), 2);
        assert_eq!(d.entries[0].value, "v  ");
    }

    #[test]
    fn surrogate_pairs_are_one_character() {
        assert_eq!(kv("a=\\uD83D\\uDE00"), vec![("a".into(), "\u{1F600}".into())]);
        assert_eq!(kv("a=\\ud83d\\ude00x"), vec![("a".into(), "\u{1F600}x".into())]);
        // Across a continuation line.
        assert_eq!(kv("a=\\uD83D\\\n  \\uDE00"), vec![("a".into(), "\u{1F600}".into())]);
        // Lone surrogates: one U+FFFD each, the next character kept.
        assert_eq!(kv("a=\\uD83Dx\\uDE00"), vec![("a".into(), "\u{fffd}x\u{fffd}".into())]);
        assert_eq!(kv("a=\\uD83D\\u0041"), vec![("a".into(), "\u{fffd}A".into())]);
        let text = "k=\\uD83D\\uDE00!\n";
        let d = parse(text);
        let e = &d.entries[0];
        assert_eq!(&text[value_subspan(text, e, 4, 5).range()], "!");
        assert_eq!(&text[value_subspan(text, e, 0, 4).range()], "\\uD83D\\uDE00");
    }

    /// The one-line path reads exactly what the general one reads: keys, values, every span and
    /// issue, on random texts of the characters that matter (separators, white space, escapes,
    /// line ends, comment markers, surrogate escapes, a BOM, non-ASCII).
    #[test]
    fn the_one_line_path_reads_what_the_general_path_reads() {
        const PARTS: [&str; 24] = [
            "a", "key.x", "=", ":", " ", "\t", "\u{0c}", "\\", "\\\\", "\n", "\r", "\r\n", "#", "!", "\\u0041", "\\uD83D", "\\uDE00",
            "\\u00G", "\\t", "\\=", "é", "\u{feff}", "v", "\\ ",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let n = (next() % 24) as usize;
            let text: String = (0..n).map(|_| PARTS[(next() % PARTS.len() as u64) as usize]).collect();
            let fast = parse_with(&text, true);
            let general = parse_with(&text, false);
            assert_eq!(format!("{fast:?}"), format!("{general:?}"), "{text:?}");
        }
    }

    /// [`reparse`] gives what [`parse`] gives, span for span, after random edits (insertions,
    /// deletions, replacements, at the start, the end, across lines) of random texts.
    #[test]
    fn reparse_reads_what_parse_reads() {
        const PARTS: [&str; 26] = [
            "a", "key.x", "=", ":", " ", "\t", "\n", "\n", "\r", "\r\n", "#", "!", "\\", "\\\\", "\\u0041", "\\u00G", "\\t", "é",
            "\u{feff}", "v", "k=v\n", "# c\n", "a=1\\\n", "\\\n", "x y\n", "  ",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..6_000 {
            let n = (next() % 60) as usize;
            let mut text: String = (0..n).map(|_| PARTS[(next() % PARTS.len() as u64) as usize]).collect();
            let mut doc = parse(&text);
            for _ in 0..5 {
                let cut = |x: u64, t: &str| {
                    let mut i = (x % (t.len() as u64 + 1)) as usize;
                    while !t.is_char_boundary(i) {
                        i -= 1;
                    }
                    i
                };
                let (x, y) = (cut(next(), &text), cut(next(), &text));
                let (from, to) = (x.min(y), if next() % 3 == 0 { x.max(y) } else { x.min(y) });
                let ins: String = (0..next() % 4).map(|_| PARTS[(next() % PARTS.len() as u64) as usize]).collect();
                let mut new = text.clone();
                new.replace_range(from..to, &ins);
                let before = doc.clone();
                let (again, splice) = reparse_spliced(&text, doc, &new);
                let full = parse(&new);
                assert_eq!(format!("{again:?}"), format!("{full:?}"), "round {round}: {text:?} -> {new:?}");
                // What the splice says was kept or moved is the old item, as it was or shifted.
                if let Some(sp) = splice {
                    let shift = |s: Span| Span::new((s.start as isize + sp.delta) as usize, (s.end as isize + sp.delta) as usize);
                    let m = sp.entries;
                    assert_eq!(before.entries.len() - m.old_from, again.entries.len() - m.new_from, "round {round}");
                    assert!(m.kept <= m.new_from && m.kept <= m.old_from, "round {round}: {m:?}");
                    for i in 0..m.kept {
                        assert_eq!(format!("{:?}", again.entries[i]), format!("{:?}", before.entries[i]), "round {round}");
                    }
                    for (o, n) in (m.old_from..before.entries.len()).zip(m.new_from..) {
                        let mut e = before.entries[o].clone();
                        (e.span, e.key_span, e.value_span) = (shift(e.span), shift(e.key_span), shift(e.value_span));
                        e.pieces.iter_mut().for_each(|p| *p = shift(*p));
                        assert_eq!(format!("{:?}", again.entries[n]), format!("{e:?}"), "round {round}: {text:?} -> {new:?}");
                    }
                    let m = sp.comments;
                    assert_eq!(before.comments.len() - m.old_from, again.comments.len() - m.new_from, "round {round}");
                    assert!(m.kept <= m.new_from && m.kept <= m.old_from, "round {round}: {m:?}");
                    for i in 0..m.kept {
                        assert_eq!(format!("{:?}", again.comments[i]), format!("{:?}", before.comments[i]), "round {round}");
                    }
                    for (o, n) in (m.old_from..before.comments.len()).zip(m.new_from..) {
                        let c = &before.comments[o];
                        let moved = Comment { span: shift(c.span), text: c.text.clone() };
                        assert_eq!(format!("{:?}", again.comments[n]), format!("{moved:?}"), "round {round}");
                    }
                }
                text = new;
                doc = again;
            }
        }
    }

    /// Large texts (the unchanged ends compared a block at a time): an edit at the start, in the
    /// middle, at the end, and one that adds a continuation joining two lines.
    #[test]
    fn reparse_of_a_large_file() {
        let text: String = (0..10_000).map(|i| if i % 3 == 0 { format!("# c{i}\n") } else { format!("app.k{i}=v{i}\n") }).collect();
        let mid = text.len() / 2 + 7;
        let edits: [(usize, usize, &str); 5] =
            [(0, 0, "x=1\n"), (mid, mid + 3, "é\\\n"), (text.len(), text.len(), "z"), (text.len() - 5, text.len(), ""), (mid, mid, "\\")];
        for (from, to, ins) in edits {
            let mut new = text.clone();
            new.replace_range(from..to, ins);
            let again = reparse(&text, parse(&text), &new);
            assert_eq!(format!("{again:?}"), format!("{:?}", parse(&new)), "{from}..{to} {ins:?}");
        }
    }

    #[test]
    fn a_backslash_only_line_then_a_comment() {
        // Java 9+ reads the comment as a comment, and no entry for the backslash.
        let d = parse("\\\n#a=1\nb=2\n");
        assert_eq!(d.entries.iter().map(|e| (e.key.as_str(), e.value.as_str())).collect::<Vec<_>>(), vec![("b", "2")]);
        assert_eq!(d.comments.len(), 1);
        let d = parse("  \\\n  !\\u\n\\\n\nc=3");
        assert_eq!(kv("  \\\n  !\\u\n\\\n\nc=3"), vec![("c".into(), "3".into())]);
        assert!(d.issues.is_empty(), "{:?}", d.issues);
        // With something read, the next line continues the entry as before.
        assert_eq!(kv("a\\\n#b=1"), vec![("a#b".into(), "1".into())]);
        assert_eq!(kv("\\\nx=1"), vec![("x".into(), "1".into())]);
    }
}
