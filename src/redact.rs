//! Secrets never reach any output. What is a secret is decided here, once, by what a value is and
//! by what its key is called, and every renderer reads the redacted view:
//!
//! - the value of a key that holds a credential: a `password`-type key of the knowledge base
//!   (prefixed or not), a key named like a credential (`*.secret*`, `*token*`, `*credentials*`,
//!   `*.passwd`, `*.pwd`, `*.pass`, `api.key`, `private.key`, `*secret.access.key`, `userinfo`…),
//!   or a misspelling of a password key (`ssl.key.passwrd`, `SSL.KEY.PASSWORD`);
//! - inside any value: a JAAS credential option (`password="…"`, `user_alice="…"`, `clientSecret=…`,
//!   quoted with `"` or `'`, white space allowed around `=` as Kafka's `JaasConfig` tokenizer allows:
//!   apache/kafka clients/src/main/java/org/apache/kafka/common/security/JaasConfig.java), the
//!   password of a URL's `user:password@`, a PEM block;
//! - the same in comments (`#ssl.key.password=…` is a credential left in the file).

use crate::knowledge;
use crate::model::LintFile;
use crate::properties::{self, Entry};
use crate::source::Span;

pub const MASK: &str = "***";

/// The key as compared: decoded, without the white space an escape can leave around it
/// (`ssl.key.password\ =x` has the key `ssl.key.password `), lower case.
fn norm(key: &str) -> String {
    key.trim().to_ascii_lowercase()
}

/// Whether a key names a JAAS configuration: `sasl.jaas.config`, prefixed, in any case, or
/// misspelled by a letter or two (`sasl.jaas.confg`, `sasl.jaas.configs`, `sasl.jass.config`).
pub fn is_jaas_key(key: &str) -> bool {
    let k = norm(key);
    if k == "sasl.jaas.config" || k.ends_with(".sasl.jaas.config") {
        return true;
    }
    if k.contains("jaas") {
        return true;
    }
    // The last two segments close to `jaas.config`.
    let tail = last_segments(&k, 2);
    // The cheap test first: an edit distance for every key of a 10,000-line file is most of the
    // language server's time on it.
    tail.len() >= 9 && tail.len() <= 14 && tail.contains(".conf") && strsim::damerau_levenshtein(tail, "jaas.config") <= 2
}

fn last_segments(k: &str, n: usize) -> &str {
    let mut cut = 0;
    let mut seen = 0;
    for (i, b) in k.bytes().enumerate().rev() {
        if b == b'.' {
            seen += 1;
            if seen == n {
                cut = i + 1;
                break;
            }
        }
    }
    &k[cut..]
}

/// Whether a key's value is a secret as a whole (JAAS keys are not: only their credential
/// options are, see [`value_secret_ranges`]).
///
/// A pure function of the key, remembered per thread: the language server asks it about every
/// key of the edited document at each keystroke, a tree of files about the same keys again and
/// again (the name tests and the known-key lookups of every suffix were a quarter of a
/// keystroke's time on a 10,000-line file).
pub fn is_secret_key(key: &str) -> bool {
    thread_local! {
        static KNOWN: std::cell::RefCell<std::collections::HashMap<Box<str>, bool, foldhash::fast::RandomState>> = Default::default();
    }
    KNOWN.with(|m| {
        if let Some(&secret) = m.borrow().get(key) {
            return secret;
        }
        let secret = secret_key_uncached(key);
        let mut m = m.borrow_mut();
        // Bounded: a run over millions of distinct keys does not keep them all.
        if m.len() >= MEMO_LIMIT {
            m.clear();
        }
        m.insert(key.into(), secret);
        secret
    })
}

/// How many answers [`is_secret_key`] and [`file_secrets`] remember per thread.
const MEMO_LIMIT: usize = 1 << 16;

fn secret_key_uncached(key: &str) -> bool {
    let k = norm(key);
    if k.is_empty() || is_jaas_key(&k) {
        return false;
    }
    // A known key (or a prefixed one: `producer.ssl.keystore.key`, `listener.name.x.ssl.key.password`)
    // is a secret exactly when Kafka's type says so.
    let original = key.trim();
    for suffix in std::iter::once(original).chain(original.match_indices('.').map(|(i, _)| &original[i + 1..])) {
        if let Some(pw) = knowledge::known_key(suffix) {
            return pw;
        }
    }
    secret_by_name(&k)
}

/// A key named like a credential.
fn secret_by_name(k: &str) -> bool {
    let compact: String = k.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let last = k.rsplit(['.', '_', '-']).next().unwrap_or(k);
    const ANYWHERE: [&str; 9] = ["password", "passwd", "passphrase", "secret", "token", "credential", "apikey", "privatekey", "userinfo"];
    if ANYWHERE.iter().any(|w| compact.contains(w)) {
        return true;
    }
    // `user_alice="…"` written as a line of its own (a JAAS file read as properties).
    if ["pwd", "pass", "pw"].contains(&last) || k.starts_with("user_") {
        return true;
    }
    // A misspelled `password` (`pasword`, `passwrd`, `passwort`, `passwort`) as the last segment.
    (6..=10).contains(&last.len()) && last.starts_with('p') && strsim::damerau_levenshtein(last, "password") <= 2
}

/// Option names inside a JAAS config (or any `name=value` text) whose values are credentials:
/// `password`, `pwd`, `passphrase`, `privateKey`, `clientSecret`, `*token`, and the broker's
/// `user_<name>` options of `PlainLoginModule`, which hold each user's password.
fn is_secret_option(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    if l.starts_with("user_") {
        return true;
    }
    let compact: String = l.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    ["password", "passwd", "pwd", "passphrase", "secret", "credential", "apikey", "privatekey"].iter().any(|w| compact.contains(w))
        || compact.ends_with("token")
        || compact == "pass"
        || compact == "pw"
}

fn is_option_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-' || b == b'$'
}

/// Byte ranges (in the decoded value) of credential values inside a JAAS config string:
/// `name="value"`, `name='value'` or `name=value` options (white space allowed around `=`) whose
/// name says credential.
pub fn jaas_secret_ranges(value: &str) -> Vec<(usize, usize)> {
    let b = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'=' {
            i += 1;
            continue;
        }
        // The option name before '=' (white space allowed in between).
        let mut e = i;
        while e > 0 && (b[e - 1] == b' ' || b[e - 1] == b'\t') {
            e -= 1;
        }
        let mut s = e;
        while s > 0 && is_option_char(b[s - 1]) {
            s -= 1;
        }
        let name = &value[s..e];
        let mut j = i + 1;
        while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
            j += 1;
        }
        let (vs, ve, next) = if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
            let q = b[j];
            let mut k = j + 1;
            while k < b.len() && b[k] != q {
                if b[k] == b'\\' {
                    k += 1;
                }
                k += 1;
            }
            let k = k.min(b.len());
            (j + 1, k, k + 1)
        } else {
            let mut k = j;
            while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b';' && b[k] != b'"' && b[k] != b'\'' {
                k += 1;
            }
            (j, k, k)
        };
        if !name.is_empty() && is_secret_option(name) && ve > vs {
            out.push((vs, ve));
        }
        i = next.max(i + 1);
    }
    out
}

/// The password of every `scheme://user:password@host` in a text (the whole user part when it
/// has no `:`, as a token is written `https://TOKEN@host`).
pub fn url_userinfo_ranges(value: &str) -> Vec<(usize, usize)> {
    let b = value.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = value[from..].find("://") {
        let start = from + p + 3;
        let mut end = start;
        while end < b.len()
            && !matches!(b[end], b'/' | b'?' | b'#' | b',' | b';' | b'"' | b'\'' | b'<' | b'>')
            && !b[end].is_ascii_whitespace()
        {
            end += 1;
        }
        if let Some(at) = value[start..end].rfind('@') {
            let user = &value[start..start + at];
            let s = user.find(':').map_or(start, |c| start + c + 1);
            if start + at > s {
                out.push((s, start + at));
            }
        }
        from = end.max(start);
    }
    out
}

/// Byte ranges of the decoded `value` of `key` that are secret, sorted and disjoint.
pub fn value_secret_ranges(key: &str, value: &str) -> Vec<(usize, usize)> {
    if value.trim().is_empty() {
        return Vec::new();
    }
    if is_secret_key(key) || value.contains("-----BEGIN ") {
        return vec![(0, value.len())];
    }
    let mut r = jaas_secret_ranges(value);
    r.extend(url_userinfo_ranges(value));
    r.sort();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(r.len());
    for (s, e) in r {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Whether a key is a piece of a value broken over lines without a `\`, not a name: a JAAS
/// configuration copied from a JAAS file, one option per line, makes each further line an entry of
/// its own, and a quoted credential split there gives keys like `"s3cret";` or `tail";`. No
/// setting's name holds a quote or a `;` (Java reads them into the key, Kafka ignores it as an
/// unknown key), so such an entry is masked whole, its key included, wherever it is shown (the
/// unknown-key finding names it).
pub fn is_value_piece(key: &str) -> bool {
    key.contains(['"', '\'', ';'])
}

/// A value as shown to users (`effective`): its secrets replaced by [`MASK`].
pub fn mask_value(key: &str, value: &str) -> String {
    let mut v = value.to_string();
    for (s, e) in value_secret_ranges(key, value).into_iter().rev() {
        v.replace_range(s..e, MASK);
    }
    v
}

/// The source spans of an entry's secrets (`text` is what the entry was parsed from).
fn entry_spans(text: &str, e: &Entry, offset: usize, spans: &mut Vec<Span>, values: &mut Vec<String>) {
    if is_value_piece(&e.key) {
        // The whole line: key and value are both the rest of a credential.
        let end = e.value_span.end.max(e.key_span.end);
        spans.push(Span::new(e.key_span.start + offset, end + offset));
        values.push(e.key.clone());
        if !e.value.trim().is_empty() {
            values.push(e.value.trim().to_string());
        }
        return;
    }
    if e.value_span.is_empty() {
        return;
    }
    let ranges = value_secret_ranges(&e.key, &e.value);
    if ranges == [(0, e.value.len())] {
        spans.push(Span::new(e.value_span.start + offset, e.value_span.end + offset));
        values.push(e.value.trim().to_string());
        return;
    }
    for (s, t) in ranges {
        let sp = properties::value_subspan(text, e, s, t);
        spans.push(Span::new(sp.start + offset, sp.end + offset));
        values.push(e.value[s..t].to_string());
    }
}

/// A comment read as the line it would be without its markers (`#ssl.key.password=x`): its
/// entry and where its text starts.
fn commented_entries(c: &properties::Comment) -> Option<(usize, &str, properties::Document)> {
    let t = &c.text;
    let rest = t.trim_start_matches(['#', '!', ' ', '\t', '\u{0c}']);
    if rest.is_empty() || !rest.contains(['=', ':', ' ', '@']) {
        return None;
    }
    let skipped = t.len() - rest.len();
    Some((c.span.start + 1 + skipped, rest, properties::parse(rest)))
}

/// The secrets of a comment read as the line it would be (see [`commented_entries`]): a pure
/// function of its text, remembered per thread (a comment is parsed as a document of its own;
/// a 10,000-line file has thousands of comments, the same from one keystroke to the next).
fn comment_secrets(c: &properties::Comment, spans: &mut Vec<Span>, values: &mut Vec<String>) {
    type Found = std::rc::Rc<(Vec<(usize, usize)>, Vec<String>)>;
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<Box<str>, Found, foldhash::fast::RandomState>> = Default::default();
    }
    let found = SEEN.with(|m| {
        if let Some(f) = m.borrow().get(c.text.as_str()) {
            return f.clone();
        }
        // Spans relative to the comment's start.
        let at = properties::Comment { span: Span::new(0, c.span.end.saturating_sub(c.span.start)), ..c.clone() };
        let (mut s, mut v) = (Vec::new(), Vec::new());
        if let Some((offset, text, doc)) = commented_entries(&at) {
            for e in &doc.entries {
                entry_spans(text, e, offset, &mut s, &mut v);
            }
        }
        let f: Found = std::rc::Rc::new((s.iter().map(|s| (s.start, s.end)).collect(), v));
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_LIMIT {
            m.clear();
        }
        m.insert(c.text.as_str().into(), f.clone());
        f
    });
    spans.extend(found.0.iter().map(|&(a, b)| Span::new(a + c.span.start, b + c.span.start)));
    values.extend(found.1.iter().cloned());
}

fn file_secrets(file: &LintFile) -> (Vec<Span>, Vec<String>) {
    let mut spans = Vec::new();
    let mut values = Vec::new();
    for e in &file.doc.entries {
        entry_spans(&file.source.text, e, 0, &mut spans, &mut values);
    }
    // A unit of a YAML or Spring file shows the whole file: the secrets of its other settings too.
    for e in file.unit.iter().flat_map(|u| u.file_settings.iter()) {
        entry_spans(&file.source.text, e, 0, &mut spans, &mut values);
    }
    for c in &file.doc.comments {
        comment_secrets(c, &mut spans, &mut values);
    }
    spans.retain(|s| s.end <= file.source.text.len() && s.start <= s.end);
    spans.sort();
    spans.dedup();
    (spans, values)
}

/// A `.properties` document's secrets kept entry by entry and comment by comment, for a caller
/// that re-reads a few lines of a large document at a time (the language server, on every
/// keystroke; [`properties::reparse_spliced`]): the secrets of the lines not read again are
/// moved with them, not found again. [`DocSecrets::secrets`] is [`secrets`] of the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocSecrets {
    /// (index, spans, values) of the entries that hold secrets, in order.
    entries: Vec<(usize, Vec<Span>, Vec<String>)>,
    /// The same of the comments.
    comments: Vec<(usize, Vec<Span>, Vec<String>)>,
}

type ItemSecrets = (usize, Vec<Span>, Vec<String>);

fn push_entry(out: &mut Vec<ItemSecrets>, i: usize, text: &str, e: &Entry) {
    let (mut spans, mut values) = (Vec::new(), Vec::new());
    entry_spans(text, e, 0, &mut spans, &mut values);
    if !spans.is_empty() || !values.is_empty() {
        out.push((i, spans, values));
    }
}

fn push_comment(out: &mut Vec<ItemSecrets>, i: usize, c: &properties::Comment) {
    let (mut spans, mut values) = (Vec::new(), Vec::new());
    comment_secrets(c, &mut spans, &mut values);
    if !spans.is_empty() || !values.is_empty() {
        out.push((i, spans, values));
    }
}

/// The items' secrets after a splice: those kept as they were, those moved shifted and
/// renumbered, those read again found (`find(list, index)`).
fn splice_items(
    old: Vec<ItemSecrets>,
    m: properties::Moved,
    delta: isize,
    mut find: impl FnMut(&mut Vec<ItemSecrets>, usize),
) -> Vec<ItemSecrets> {
    let mut out = Vec::with_capacity(old.len() + 1);
    let mut old = old.into_iter().peekable();
    while let Some(item) = old.next_if(|it| it.0 < m.kept) {
        out.push(item);
    }
    for i in m.kept..m.new_from {
        find(&mut out, i);
    }
    let shift = |s: Span| Span::new((s.start as isize + delta) as usize, (s.end as isize + delta) as usize);
    for (i, spans, values) in old.filter(|it| it.0 >= m.old_from) {
        out.push((i - m.old_from + m.new_from, spans.into_iter().map(shift).collect(), values));
    }
    out
}

impl DocSecrets {
    /// Of a document read whole (`doc` is [`properties::parse`] of `text`).
    pub fn of(text: &str, doc: &properties::Document) -> DocSecrets {
        let mut out = DocSecrets::default();
        for (i, e) in doc.entries.iter().enumerate() {
            push_entry(&mut out.entries, i, text, e);
        }
        for (i, c) in doc.comments.iter().enumerate() {
            push_comment(&mut out.comments, i, c);
        }
        out
    }

    /// Of `doc`, read from `text` by [`properties::reparse_spliced`] with `splice`, given these of
    /// the document it was read from: only the items read again are looked at.
    pub fn spliced(self, text: &str, doc: &properties::Document, splice: &properties::Splice) -> DocSecrets {
        let entries = splice_items(self.entries, splice.entries, splice.delta, |out, i| push_entry(out, i, text, &doc.entries[i]));
        let comments = splice_items(self.comments, splice.comments, splice.delta, |out, i| push_comment(out, i, &doc.comments[i]));
        DocSecrets { entries, comments }
    }

    /// [`secrets`] of a `.properties` file of `text` whose document these are.
    pub fn secrets(&self, text: &str) -> (Vec<Span>, Vec<String>) {
        let items = || self.entries.iter().chain(&self.comments);
        let mut spans: Vec<Span> = items().flat_map(|(_, s, _)| s.iter().copied()).collect();
        let values: Vec<String> = items().flat_map(|(_, _, v)| v.iter().cloned()).collect();
        // As `file_secrets` and `values_with_spans`.
        spans.retain(|s| s.end <= text.len() && s.start <= s.end);
        spans.sort();
        spans.dedup();
        let values = values_of(text, values, &spans);
        (spans, values)
    }
}

/// The source spans to hide in a file.
pub fn secret_spans(file: &LintFile) -> Vec<Span> {
    file_secrets(file).0
}

/// The secret strings of a file (decoded values and their text in the file), longest first, to
/// scrub from messages.
pub fn secret_values(file: &LintFile, spans: &[Span]) -> Vec<String> {
    values_with_spans(file, file_secrets(file).1, spans)
}

/// [`secret_spans`] and [`secret_values`] of a file, its entries read once.
pub fn secrets(file: &LintFile) -> (Vec<Span>, Vec<String>) {
    let (spans, values) = file_secrets(file);
    let values = values_with_spans(file, values, &spans);
    (spans, values)
}

fn values_with_spans(file: &LintFile, out: Vec<String>, spans: &[Span]) -> Vec<String> {
    values_of(&file.source.text, out, spans)
}

fn values_of(text: &str, mut out: Vec<String>, spans: &[Span]) -> Vec<String> {
    for s in spans {
        if let Some(t) = text.get(s.range()) {
            out.push(t.to_string());
        }
    }
    out.retain(|s| s.chars().count() >= 3);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// Whether a character must not reach a terminal as it is: C0 and C1 controls but tab and line
/// ends (`\x1b` starts escape sequences that retitle windows, clear screens or hide text), DEL,
/// and the bidirectional overrides that make text read differently than it is.
fn is_unprintable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escaped(c: char) -> String {
    if (c as u32) < 0x100 {
        format!("\\x{:02x}", c as u32)
    } else {
        format!("\\u{{{:x}}}", c as u32)
    }
}

/// Whether [`push_plain`] would copy a text unchanged: printable ASCII, tabs and line ends only,
/// no line longer than [`MAX_RUN`].
fn shown_as_is(b: &[u8]) -> bool {
    // Every byte printable ASCII, a tab or a line end (a test of each byte alone, which the
    // compiler runs many bytes at a time), then the lines' lengths from one line end to the next.
    if !b.iter().fold(true, |ok, &c| ok & ((0x20..0x7f).contains(&c) | (c == b'\t') | (c == b'\n') | (c == b'\r'))) {
        return false;
    }
    let mut start = 0;
    for end in crate::bytes::find2_iter(b'\n', b'\r', b) {
        if end - start > MAX_RUN {
            return false;
        }
        start = end + 1;
    }
    b.len() - start <= MAX_RUN
}

/// A text for a terminal (human, compact and GitHub output; file names and messages): control
/// characters and bidirectional overrides shown as `\x1b`, `\u{202e}`.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    // Printable ASCII, tabs and line ends (nearly every message) need no look at characters.
    let plain = |b: &u8| matches!(b, b' '..=b'~' | b'\t' | b'\n' | b'\r');
    if s.as_bytes().iter().all(plain) || !s.chars().any(is_unprintable) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unprintable(c) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Longer stretches of one line are shown by their start and end only (a snippet of a 200 MB
/// value must not print 200 MB, nor reach the renderer's limits on columns).
const MAX_RUN: usize = 1000;
const RUN_HEAD: usize = 300;
const RUN_TAIL: usize = 100;

/// Copies `text[from..to]` (no secret in it) to `out`: lines kept, long stretches of a line
/// elided in the middle, unprintable characters escaped; every replacement recorded in `pieces`.
fn push_plain(text: &str, out: &mut String, pieces: &mut Vec<(Span, Span)>, from: usize, to: usize) {
    let b = text.as_bytes();
    // Printable ASCII in lines of ordinary length (the stretches between a file's secrets):
    // what the loop below copies unchanged, copied at once.
    if shown_as_is(&b[from..to]) {
        out.push_str(&text[from..to]);
        return;
    }
    push_lines(text, out, pieces, from, to);
}

/// [`push_plain`] line by line.
fn push_lines(text: &str, out: &mut String, pieces: &mut Vec<(Span, Span)>, from: usize, to: usize) {
    let b = text.as_bytes();
    let mut i = from;
    while i < to {
        let end = crate::bytes::find2(b'\n', b'\r', &b[i..to]).map_or(to, |k| i + k);
        if end - i > MAX_RUN {
            let mut a = i + RUN_HEAD;
            while !text.is_char_boundary(a) {
                a -= 1;
            }
            let mut z = end - RUN_TAIL;
            while !text.is_char_boundary(z) {
                z += 1;
            }
            push_escaped(text, out, pieces, i, a);
            let ns = out.len();
            out.push_str(&format!("…({} bytes not shown)…", z - a));
            pieces.push((Span::new(a, z), Span::new(ns, out.len())));
            push_escaped(text, out, pieces, z, end);
        } else {
            push_escaped(text, out, pieces, i, end);
        }
        let mut j = end;
        while j < to && (b[j] == b'\n' || b[j] == b'\r') {
            j += 1;
        }
        out.push_str(&text[end..j]);
        i = j;
    }
}

fn push_escaped(text: &str, out: &mut String, pieces: &mut Vec<(Span, Span)>, from: usize, to: usize) {
    // Printable ASCII and tabs (nearly every line of a configuration file): copied as they are.
    if text.as_bytes()[from..to].iter().all(|&b| (0x20..0x7f).contains(&b) || b == b'\t') {
        out.push_str(&text[from..to]);
        return;
    }
    let mut pos = from;
    for (i, c) in text[from..to].char_indices().filter(|&(_, c)| is_unprintable(c)) {
        let at = from + i;
        out.push_str(&text[pos..at]);
        let ns = out.len();
        out.push_str(&escaped(c));
        pieces.push((Span::new(at, at + c.len_utf8()), Span::new(ns, out.len())));
        pos = at + c.len_utf8();
    }
    out.push_str(&text[pos..to]);
}

/// A message for a terminal: [`printable`], and at most [`MAX_MESSAGE`] characters (a message
/// quoting a 2 MB value is cut, with the count of what was left out).
pub fn printable_message(s: &str) -> String {
    // No more characters than bytes: a short text is not counted.
    let n = if s.len() <= MAX_MESSAGE { s.len() } else { s.chars().count() };
    if n <= MAX_MESSAGE {
        return printable(s).into_owned();
    }
    let head: String = s.chars().take(MAX_MESSAGE - 200).collect();
    let tail: String = s.chars().skip(n - 100).collect();
    format!("{}…({} characters not shown)…{}", printable(&head), n - MAX_MESSAGE + 300, printable(&tail))
}

pub const MAX_MESSAGE: usize = 2000;

/// A file's text as shown: secrets replaced by [`MASK`], unprintable characters escaped (see
/// [`printable`]), and the offset map back to the original.
#[derive(Debug, Clone)]
pub struct Redacted {
    pub text: String,
    /// (original span, span in `text`), sorted, disjoint.
    pieces: Vec<(Span, Span)>,
}

impl Redacted {
    pub fn new(text: &str, spans: &[Span]) -> Redacted {
        // Nearly every file: no secret, printable ASCII in lines of ordinary length. It is shown
        // as it is, checked in one pass over its bytes.
        if spans.is_empty() && shown_as_is(text.as_bytes()) {
            return Redacted { text: text.to_string(), pieces: Vec::new() };
        }
        let mut out = String::with_capacity(text.len().min(1 << 20));
        let mut pieces = Vec::new();
        let mut pos = 0;
        for s in spans {
            if s.start < pos || s.end > text.len() || !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
                continue;
            }
            push_plain(text, &mut out, &mut pieces, pos, s.start);
            let ns = out.len();
            out.push_str(MASK);
            pieces.push((*s, Span::new(ns, out.len())));
            pos = s.end;
        }
        push_plain(text, &mut out, &mut pieces, pos, text.len());
        Redacted { text: out, pieces }
    }

    /// Maps an original offset to the shown text (an offset inside a replaced piece maps to its
    /// start, or its end for the end of a span).
    pub fn offset(&self, orig: usize, is_end: bool) -> usize {
        let i = self.pieces.partition_point(|(o, _)| o.start < orig);
        if i == 0 {
            return orig;
        }
        let (o, n) = self.pieces[i - 1];
        if orig < o.end {
            return if is_end { n.end } else { n.start };
        }
        orig - o.end + n.end
    }

    pub fn span(&self, s: Span) -> Span {
        let a = self.offset(s.start, false);
        let b = self.offset(s.end, true).max(a);
        Span::new(a, b)
    }

    pub fn is_identity(&self) -> bool {
        self.pieces.is_empty()
    }
}

fn scrub_all(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), MASK);
        }
    }
    out
}

/// Masks secret values in a message. Key names in backticks stay readable (a password
/// `password` must not turn `spring.datasource.password` into `spring.datasource.***`);
/// in a backticked `key=value`, only the value is scrubbed.
pub fn scrub(text: &str, secrets: &[String], keys: &std::collections::HashSet<&str>) -> String {
    if !secrets.iter().any(|s| text.contains(s.as_str())) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            let is_key = |k: &str| keys.contains(k) || knowledge::known_key(k).is_some();
            // A key name stays, unless it is itself a secret (a piece of a broken JAAS value).
            if is_key(part) && !secrets.iter().any(|s| s == part) {
                out.push_str(part);
                continue;
            }
            if let Some((k, v)) = part.split_once('=') {
                if is_key(k) {
                    out.push_str(k);
                    out.push('=');
                    out.push_str(&scrub_all(v, secrets));
                    continue;
                }
            }
        }
        out.push_str(&scrub_all(part, secrets));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test of printable ASCII agrees with the test of each character.
    #[test]
    fn printable_escapes_exactly_the_unprintable_characters() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let p = printable(&text);
            assert_eq!(matches!(p, std::borrow::Cow::Borrowed(_)), !is_unprintable(c), "{:?}", c);
            if is_unprintable(c) {
                assert_eq!(p, format!("a{}b", escaped(c)));
            }
        }
        let long = "é".repeat(MAX_MESSAGE);
        assert_eq!(printable_message(&long), long, "2,000 characters in more bytes are kept whole");
        assert!(printable_message(&"x".repeat(MAX_MESSAGE + 1)).contains("characters not shown"));
    }

    #[test]
    fn jaas_credentials() {
        let v = r#"org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="s3cr3t";"#;
        let r = jaas_secret_ranges(v);
        assert_eq!(r.len(), 1);
        assert_eq!(&v[r[0].0..r[0].1], "s3cr3t");
        let v = "x required clientSecret=abc oauth.token.endpoint.uri=\"http://x\";";
        let r: Vec<&str> = jaas_secret_ranges(v).iter().map(|&(a, b)| &v[a..b]).collect();
        assert_eq!(r, vec!["abc"]);
    }

    #[test]
    fn pieces_of_a_broken_jaas_value_are_masked_key_and_all() {
        let text = "sasl.jaas.config=x required password=\n\"Zq-split\";\nbootstrap.servers=k:9092\n";
        let doc = properties::parse(text);
        assert_eq!(doc.entries[1].key, "\"Zq-split\";");
        assert!(is_value_piece(&doc.entries[1].key) && !is_value_piece(&doc.entries[2].key));
        let (mut spans, mut values) = (Vec::new(), Vec::new());
        for e in &doc.entries {
            entry_spans(text, e, 0, &mut spans, &mut values);
        }
        let shown: Vec<&str> = spans.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(shown, ["\"Zq-split\";"]);
        // A key name in backticks stays readable, unless it is the secret itself.
        let keys: std::collections::HashSet<&str> = doc.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(scrub("`\"Zq-split\";` is not a Kafka key", &values, &keys), "`***` is not a Kafka key");
        assert_eq!(scrub("`bootstrap.servers` is set", &values, &keys), "`bootstrap.servers` is set");
    }

    #[test]
    fn scrub_keeps_key_names() {
        let keys: std::collections::HashSet<&str> = ["spring.datasource.password", "ssl.key.password"].into_iter().collect();
        let secrets = vec!["password".to_string()];
        assert_eq!(scrub("`spring.datasource.password` is unknown", &secrets, &keys), "`spring.datasource.password` is unknown");
        assert_eq!(scrub("`ssl.key.password=password` is odd; password", &secrets, &keys), "`ssl.key.password=***` is odd; ***");
    }

    #[test]
    fn plain_texts_are_shown_as_they_are() {
        let line = "x".repeat(MAX_RUN);
        for t in ["", "a=1\nb=2\r\nc=\t3\n", "\n\r\n", line.as_str()] {
            let r = Redacted::new(t, &[]);
            assert_eq!((r.text.as_str(), r.is_identity()), (t, true), "{t:?}");
        }
        // One more character, a control character, a non-ASCII letter: the general path, which
        // shortens, escapes, or copies.
        let long = format!("{line}x");
        assert!(!shown_as_is(long.as_bytes()) && Redacted::new(&long, &[]).text.contains("not shown"));
        assert!(!shown_as_is(b"a=\x1b") && Redacted::new("a=\x1b", &[]).text == "a=\\x1b");
        assert!(!shown_as_is("a=é".as_bytes()) && Redacted::new("a=é", &[]).text == "a=é");
    }

    #[test]
    fn redacted_offsets() {
        let r = Redacted::new("a=secretvalue\nb=1", &[Span::new(2, 13)]);
        assert_eq!(r.text, "a=***\nb=1");
        assert_eq!(r.offset(14, false), 6);
        assert_eq!(r.span(Span::new(2, 13)), Span::new(2, 5));
        assert_eq!(r.span(Span::new(0, 1)), Span::new(0, 1));
        // Control characters are shown escaped, offsets follow.
        let r = Redacted::new("a=\x1b[2J\nb=s3cr3t\nc=\u{202e}x", &[Span::new(9, 15)]);
        assert_eq!(r.text, "a=\\x1b[2J\nb=***\nc=\\u{202e}x");
        assert_eq!(r.offset(3, false), 6, "after the escape");
        assert_eq!(r.span(Span::new(9, 15)), Span::new(12, 15));
        assert_eq!(r.offset(18, false), 18, "at the override");
        assert_eq!(r.offset(21, false), 26, "after it");
        // A long line is shown by its ends; a span in the middle maps to the elision.
        let long = format!("k={}{}\nnext=1", "a".repeat(500), "b".repeat(5000));
        let r = Redacted::new(&long, &[]);
        assert!(r.text.len() < 600, "{}", r.text.len());
        assert!(r.text.contains("bytes not shown") && r.text.ends_with("b\nnext=1"), "{}", r.text);
        let shown = r.span(Span::new(2000, 2001));
        assert!(r.text[shown.range()].contains("not shown"), "{:?}", &r.text[shown.range()]);
        assert_eq!(&r.text[r.span(Span::new(long.len() - 6, long.len())).range()], "next=1");
    }

    /// Stretches copied at once are those the line-by-line copy leaves unchanged: lines at and
    /// around the length where a line is elided, stretches starting inside a line, control and
    /// non-ASCII characters, every line end.
    #[test]
    fn plain_stretches_copied_at_once_are_the_line_by_line_copy() {
        let pieces = ["a=1", "\n", "\r\n", "\r", "\t", "é", "\x1b", "x".repeat(MAX_RUN - 3).leak(), "y".repeat(MAX_RUN + 1).leak()];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next() % 7 {
                text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let seed = next();
            let mut from = (seed >> 20) as usize % (text.len() + 1);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let (mut fast, mut fast_pieces, mut slow, mut slow_pieces) = (String::new(), Vec::new(), String::new(), Vec::new());
            push_plain(&text, &mut fast, &mut fast_pieces, from, text.len());
            push_lines(&text, &mut slow, &mut slow_pieces, from, text.len());
            assert_eq!((fast, fast_pieces), (slow, slow_pieces), "{text:?} from {from}");
        }
    }

    /// A document's secrets moved along a re-read are the secrets found in the new document, item
    /// by item, and give what [`secrets`] gives for the file: random edits of texts with secret
    /// keys, JAAS credentials, URL passwords, PEM blocks, secrets in comments, continuations.
    #[test]
    fn secrets_moved_along_a_reread_are_those_found_again() {
        const PARTS: [&str; 20] = [
            "ssl.key.password=hunter22\n",
            "sasl.jaas.config=x required username=\"u\" password=\"jaas-pw\";\n",
            "#ssl.truststore.password=in-a-comment\n",
            "# plain comment\n",
            "url=https://user:urlpass@host/x\n",
            "a=1\n",
            "app.x=value\n",
            "pem=-----BEGIN KEY-----\\\n  abc\n",
            "k\\\n  .password=cont-secret\n",
            "\\\n",
            "\n",
            "\r\n",
            "=",
            "#",
            "x",
            "é",
            " ",
            "password",
            "token=tok\n",
            "é=\\u00e9\n",
        ];
        let mut seed = 0x1234_5678_9abc_def1u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let file_secrets_of = |text: &str| {
            secrets(&LintFile::new(crate::source::SourceFile::new("a.properties", text.to_string()), crate::version::Release::newest()))
        };
        for round in 0..1_500 {
            let n = (next() % 40) as usize;
            let mut text: String = (0..n).map(|_| PARTS[(next() % PARTS.len() as u64) as usize]).collect();
            let mut doc = properties::parse(&text);
            let mut kept = DocSecrets::of(&text, &doc);
            assert_eq!(kept.secrets(&text), file_secrets_of(&text), "round {round}: {text:?}");
            for _ in 0..6 {
                let cut = |x: u64, t: &str| {
                    let mut i = (x % (t.len() as u64 + 1)) as usize;
                    while !t.is_char_boundary(i) {
                        i -= 1;
                    }
                    i
                };
                let (x, y) = (cut(next(), &text), cut(next(), &text));
                let (from, to) = (x.min(y), if next() % 3 == 0 { x.max(y) } else { x.min(y) });
                let ins: String = (0..next() % 3).map(|_| PARTS[(next() % PARTS.len() as u64) as usize]).collect();
                let mut new = text.clone();
                new.replace_range(from..to, &ins);
                let (again, splice) = properties::reparse_spliced(&text, doc, &new);
                kept = match splice {
                    Some(sp) => kept.spliced(&new, &again, &sp),
                    None => DocSecrets::of(&new, &again),
                };
                assert_eq!(kept, DocSecrets::of(&new, &again), "round {round}: {text:?} -> {new:?}");
                assert_eq!(kept.secrets(&new), file_secrets_of(&new), "round {round}: {new:?}");
                text = new;
                doc = again;
            }
        }
    }

    #[test]
    fn secrets_by_key_name_and_value() {
        for k in [
            "ssl.key.password",
            "SSL.KEY.PASSWORD",
            "ssl.key.password ",
            "listener.name.x.ssl.key.password",
            "ssl.keystore.pasword",
            "ssl.key.passwrd",
            "ssl.truststore.passwort",
            "ssl.keystore.passwd",
            "ssl.key.pass",
            "basic.auth.userinfo",
            "basic.auth.user.info",
            "aws.secret.access.key",
            "s3.secretAccessKey",
            "api.key",
            "x.apikey",
            "private.key",
            "ssl.private.key",
            "db.pwd",
            "client.secret.id",
            "github.token",
            "gcp.credentials",
            "user_alice",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "sasl.jaas.config",
            "sasl.jaas.confg",
            "SASL.JAAS.CONFIG",
            "delegation.token.expiry.time.ms",
            "ssl.keystore.location",
            "acks",
            "key.serializer",
            "ssl.key.algorithm",
            "passive.mode",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
        for k in ["sasl.jaas.confg", "sasl.jaas.configs", "SASL.JAAS.CONFIG", "listener.name.a.plain.sasl.jaas.config", "sasl.jass.config"]
        {
            assert!(is_jaas_key(k), "{k}");
        }
        let shown = |k: &str, v: &str| mask_value(k, v);
        assert_eq!(
            shown("sasl.jaas.config", "x required password = \"a b\" user_bob='c d' pwd=e;"),
            "x required password = \"***\" user_bob='***' pwd=***;"
        );
        assert_eq!(shown("url", "jdbc:mysql://u:p4ss@h:1/db, http://tok3n@h"), "jdbc:mysql://u:***@h:1/db, http://***@h");
        assert_eq!(shown("x", "-----BEGIN PRIVATE KEY-----abc"), "***");
        assert_eq!(shown("bootstrap.servers", "a:9092,b:9092"), "a:9092,b:9092");
        assert_eq!(shown("ssl.key.password", ""), "");
    }
}
