//! YAML with byte positions: a small tree over saphyr-parser's events, each node carrying the byte
//! span of its text in the original file, plus the file's `#` comments. The compose, Spring and
//! Strimzi front-ends read this tree; fixes edit the original text at these spans.
//!
//! Anchors and aliases are resolved (an alias node is a copy of the anchored node, spans included,
//! marked `aliased` so that no fix edits a value shared by several places), and `<<` merge keys
//! are applied by [`Map::entries_merged`].

use crate::properties::Comment;
use crate::source::Span;
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone)]
pub struct Scalar {
    /// The value after YAML's unquoting and folding.
    pub value: String,
    pub style: Style,
    /// The scalar's text in the file, quotes included.
    pub span: Span,
    /// The value's text without its quotes (for plain and quoted scalars on one line, the bytes
    /// that `value` was read from).
    pub inner: Span,
    /// Reached through an alias: the text belongs to another place in the file.
    pub aliased: bool,
}

impl Scalar {
    /// Whether `inner` holds `value` byte for byte (so a sub-range of the value is a sub-range of
    /// the text).
    pub fn verbatim(&self, text: &str) -> bool {
        text.get(self.inner.range()) == Some(self.value.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Map {
    pub entries: Vec<(Node, Node)>,
    pub span: Span,
    pub flow: bool,
}

#[derive(Debug, Clone)]
pub struct Seq {
    pub items: Vec<Node>,
    pub span: Span,
    pub flow: bool,
}

#[derive(Debug, Clone)]
pub enum Node {
    Scalar(Scalar),
    Map(Map),
    Seq(Seq),
}

impl Node {
    pub fn span(&self) -> Span {
        match self {
            Node::Scalar(s) => s.span,
            Node::Map(m) => m.span,
            Node::Seq(s) => s.span,
        }
    }
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Node::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_seq(&self) -> Option<&Seq> {
        match self {
            Node::Seq(s) => Some(s),
            _ => None,
        }
    }
    /// The scalar's value (`None` for a map or a sequence).
    pub fn str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }
    /// Whether the node is a null (`~`, `null`, empty).
    pub fn is_null(&self) -> bool {
        self.as_scalar().is_some_and(|s| s.style == Style::Plain && matches!(s.value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }
    /// A map's value by key (merge keys applied).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.get(key)
    }
    /// Follows a path of map keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |n, k| n.get(k))
    }
}

impl Map {
    /// Entries with `<<` merge keys applied: explicit keys first, in order, then merged keys that
    /// the map does not set itself (YAML's merge-key semantics).
    pub fn entries_merged(&self) -> Vec<(&Node, &Node)> {
        let mut out: Vec<(&Node, &Node)> = Vec::new();
        let mut merged: Vec<&Map> = Vec::new();
        for (k, v) in &self.entries {
            if k.str() == Some("<<") {
                match v {
                    Node::Map(m) => merged.push(m),
                    Node::Seq(s) => merged.extend(s.items.iter().filter_map(Node::as_map)),
                    Node::Scalar(_) => {}
                }
            } else {
                out.push((k, v));
            }
        }
        for m in merged {
            for (k, v) in m.entries_merged() {
                if !out.iter().any(|(ok, _)| ok.str().is_some() && ok.str() == k.str()) {
                    out.push((k, v));
                }
            }
        }
        out
    }
    pub fn get(&self, key: &str) -> Option<&Node> {
        // The last of duplicate keys is what most loaders keep; front-ends report duplicates.
        self.entries_merged().into_iter().rev().find(|(k, _)| k.str() == Some(key)).map(|(_, v)| v)
    }
    /// Keys set more than once in this map (merge keys aside): (key, first, later).
    pub fn duplicates(&self) -> Vec<(&Scalar, &Scalar)> {
        let mut out = Vec::new();
        for (i, (k, _)) in self.entries.iter().enumerate() {
            let Some(ks) = k.as_scalar() else { continue };
            if ks.value == "<<" {
                continue;
            }
            if let Some((first, _)) = self.entries[..i].iter().find(|(o, _)| o.str() == Some(ks.value.as_str())) {
                if let Some(fs) = first.as_scalar() {
                    out.push((fs, ks));
                }
            }
        }
        out
    }
}

/// A YAML syntax error at a byte offset.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub at: usize,
    pub message: String,
}

/// Character index → byte offset (saphyr-parser counts characters).
struct Offsets {
    ascii: bool,
    starts: Vec<usize>,
}

impl Offsets {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Offsets { ascii: true, starts: Vec::new() };
        }
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        Offsets { ascii: false, starts }
    }
    fn byte(&self, char_index: usize, len: usize) -> usize {
        if self.ascii {
            char_index.min(len)
        } else {
            self.starts.get(char_index).copied().unwrap_or(len)
        }
    }
}

/// Most documents a file may hold, and deepest nesting: bounds on hostile input.
const MAX_DOCS: usize = 10_000;
const MAX_DEPTH: usize = 256;

/// Parses every document of a YAML stream.
pub fn parse(text: &str) -> Result<Vec<Node>, YamlError> {
    let off = Offsets::new(text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let shift = text.len() - body.len();
    let mut parser = Parser::new_from_str(body);
    let mut docs = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    // A stack of containers being built: (node, pending key for maps).
    enum Open {
        Map(Map, Option<Node>, usize),
        Seq(Seq, usize),
    }
    let mut stack: Vec<Open> = Vec::new();
    let to_span = |s: &saphyr_parser::Span| {
        let (a, b) = (off.byte(s.start.index(), body.len()), off.byte(s.end.index(), body.len()));
        Span::new(shift + a.min(b), shift + b.max(a))
    };
    while let Some(ev) = parser.next_event() {
        let (event, span) =
            ev.map_err(|e| YamlError { at: shift + off.byte(e.marker().index(), body.len()), message: e.info().to_string() })?;
        let sp = to_span(&span);
        let node = match event {
            Event::StreamEnd => break,
            Event::Scalar(value, style, anchor, _tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                let (outer, inner) = scalar_spans(text, sp, style);
                let n = Node::Scalar(Scalar { value: value.into_owned(), style, span: outer, inner, aliased: false });
                if anchor > 0 {
                    anchors.insert(anchor, n.clone());
                }
                n
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some(n) => mark_aliased(n.clone()),
                None => return Err(YamlError { at: sp.start, message: "an alias to an unknown anchor".into() }),
            },
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError { at: sp.start, message: "nesting too deep".into() });
                }
                let flow = text.get(sp.start..).is_some_and(|t| t.starts_with('{'));
                stack.push(Open::Map(Map { entries: Vec::new(), span: sp, flow }, None, anchor));
                continue;
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError { at: sp.start, message: "nesting too deep".into() });
                }
                let flow = text.get(sp.start..).is_some_and(|t| t.starts_with('['));
                stack.push(Open::Seq(Seq { items: Vec::new(), span: sp, flow }, anchor));
                continue;
            }
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map(mut m, _, anchor)) => {
                    m.span.end =
                        m.entries.last().map_or(m.span.end.max(sp.end), |(_, v)| v.span().end.max(if m.flow { sp.end } else { 0 }));
                    let n = Node::Map(m);
                    if anchor > 0 {
                        anchors.insert(anchor, n.clone());
                    }
                    n
                }
                _ => return Err(YamlError { at: sp.start, message: "unbalanced mapping".into() }),
            },
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Seq(mut s, anchor)) => {
                    s.span.end = s.items.last().map_or(s.span.end.max(sp.end), |v| v.span().end.max(if s.flow { sp.end } else { 0 }));
                    let n = Node::Seq(s);
                    if anchor > 0 {
                        anchors.insert(anchor, n.clone());
                    }
                    n
                }
                _ => return Err(YamlError { at: sp.start, message: "unbalanced sequence".into() }),
            },
            _ => continue,
        };
        match stack.last_mut() {
            None => {
                if docs.len() >= MAX_DOCS {
                    return Err(YamlError { at: sp.start, message: "too many documents".into() });
                }
                docs.push(node);
            }
            Some(Open::Seq(s, _)) => s.items.push(node),
            Some(Open::Map(m, pending, _)) => match pending.take() {
                None => *pending = Some(node),
                Some(k) => m.entries.push((k, node)),
            },
        }
    }
    Ok(docs)
}

/// Parses a YAML stream as the libyaml family reads it (Go's yaml.v3, which Docker Compose uses;
/// SnakeYAML; PyYAML): a flow collection's closing `]` or `}` on a line of its own, indented no
/// deeper than the block that holds it, is accepted there:
///
/// ```yaml
/// command: [
///   "sh", "-c", "start.sh"
/// ]
/// ```
///
/// libyaml checks indentation only in block context (`yaml_parser_unroll_indent` returns at once
/// when `flow_level` is not zero: go-yaml/yaml v3 scannerc.go). saphyr-parser 0.3.4 (the newest
/// release) applies the block indentation to that bracket and reports "invalid indentation"; the
/// fix is upstream but unreleased (saphyr-rs/saphyr pull requests #101 and #108). So, narrowly:
/// when saphyr reports "invalid indentation" at a `]`/`}` that is the only thing on its line, and
/// the line before it has no comment, the bracket is moved to the end of the line before
/// (`"c"\n]` → `"c" ]\n`: same length, so every other byte offset is unchanged), the text is
/// parsed again, and the closing collection's end is set back to the bracket's place in the file.
/// The move is kept only if that bracket closes a flow collection in the result; otherwise the
/// first error stands. Spans are the file's own, byte for byte.
pub fn parse_lenient(text: &str) -> Result<Vec<Node>, YamlError> {
    let mut first: Option<YamlError> = None;
    let mut work: Option<String> = None;
    // (end of the moved bracket in the re-read text, its end in the file)
    let mut moved: Vec<(usize, usize)> = Vec::new();
    for _ in 0..64 {
        let t = work.as_deref().unwrap_or(text);
        let e = match parse(t) {
            Ok(mut docs) => {
                for &(w, o) in &moved {
                    if !restore_end(&mut docs, w, o) {
                        return Err(first.unwrap_or(YamlError { at: o, message: "invalid indentation".into() }));
                    }
                }
                return Ok(docs);
            }
            Err(e) => e,
        };
        let b = t.as_bytes();
        let at = e.at;
        let ls = t[..at.min(t.len())].rfind('\n').map_or(0, |i| i + 1);
        let closing = matches!(b.get(at), Some(b']') | Some(b'}'));
        let alone = closing && ls < at && b[ls..at].iter().all(|&c| c == b' ');
        let br = if ls >= 2 && &b[ls - 2..ls] == b"\r\n" {
            Some(ls - 2)
        } else if ls >= 1 && b[ls - 1] == b'\n' {
            Some(ls - 1)
        } else {
            None
        };
        let first_err = first.get_or_insert_with(|| e.clone()).clone();
        let Some(br) = br.filter(|_| e.message == "invalid indentation" && alone) else { return Err(first_err) };
        let prev_start = t[..br].rfind('\n').map_or(0, |i| i + 1);
        let prev = &t[prev_start..br];
        if prev.trim().is_empty() || prev.contains('#') {
            return Err(first_err);
        }
        let indent = at - ls;
        let mut next = String::with_capacity(t.len());
        next.push_str(&t[..br]);
        next.push_str(&" ".repeat(indent));
        next.push(b[at] as char);
        next.push_str(&t[br..ls]);
        next.push_str(&t[at + 1..]);
        debug_assert_eq!(next.len(), t.len());
        moved.push((br + indent + 1, at + 1));
        work = Some(next);
    }
    Err(first.unwrap_or(YamlError { at: 0, message: "invalid indentation".into() }))
}

/// Sets the end of every flow collection ending at `from` to `to`; whether there was one.
fn restore_end(docs: &mut [Node], from: usize, to: usize) -> bool {
    fn walk(n: &mut Node, from: usize, to: usize) -> bool {
        match n {
            Node::Scalar(_) => false,
            Node::Seq(s) => {
                let mut hit = false;
                for i in &mut s.items {
                    hit |= walk(i, from, to);
                }
                if s.flow && s.span.end == from {
                    s.span.end = to;
                    hit = true;
                }
                hit
            }
            Node::Map(m) => {
                let mut hit = false;
                for (k, v) in &mut m.entries {
                    hit |= walk(k, from, to);
                    hit |= walk(v, from, to);
                }
                if m.flow && m.span.end == from {
                    m.span.end = to;
                    hit = true;
                }
                hit
            }
        }
    }
    let mut hit = false;
    for d in docs {
        hit |= walk(d, from, to);
    }
    hit
}

fn mark_aliased(n: Node) -> Node {
    match n {
        Node::Scalar(mut s) => {
            s.aliased = true;
            Node::Scalar(s)
        }
        Node::Map(mut m) => {
            m.entries = m.entries.into_iter().map(|(k, v)| (mark_aliased(k), mark_aliased(v))).collect();
            Node::Map(m)
        }
        Node::Seq(mut s) => {
            s.items = s.items.into_iter().map(mark_aliased).collect();
            Node::Seq(s)
        }
    }
}

/// The outer span (quotes included) and inner span (the value's text) of a scalar. The parser's
/// span may stop short of a closing quote or run into trailing space; both are normalised here.
fn scalar_spans(text: &str, sp: Span, style: Style) -> (Span, Span) {
    let b = text.as_bytes();
    match style {
        Style::SingleQuoted | Style::DoubleQuoted => {
            let q = if style == Style::SingleQuoted { b'\'' } else { b'"' };
            let mut start = sp.start;
            while start < b.len() && b[start] != q {
                start += 1;
            }
            // Closing quote: for `"`, the first unescaped one; for `'`, the first not doubled.
            let mut i = start + 1;
            while i < b.len() {
                if q == b'"' && b[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if b[i] == q {
                    if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            let end = (i + 1).min(b.len());
            (Span::new(start, end), Span::new((start + 1).min(end), i.min(b.len()).max(start + 1).min(end)))
        }
        Style::Plain => {
            let mut end = sp.end.min(b.len());
            while end > sp.start && matches!(b[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
                end -= 1;
            }
            let s = Span::new(sp.start.min(end), end);
            (s, s)
        }
        Style::Literal | Style::Folded => (sp, sp),
    }
}

/// The `#` comments of a YAML text: a `#` at the start of a line or after white space, outside
/// quoted scalars on that line. Block scalars' content is not told apart (a `# kafkalint:` line
/// inside a literal block is rare and harmless: it only ever suppresses).
pub fn comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let bytes = body.as_bytes();
        let mut quote: Option<u8> = None;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            match quote {
                Some(q) => {
                    if q == b'"' && c == b'\\' {
                        i += 1;
                    } else if c == q {
                        quote = None;
                    }
                }
                None => {
                    if (c == b'"' || c == b'\'') && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b':' | b'-' | b'[' | b'{' | b',')) {
                        quote = Some(c);
                    } else if c == b'#' && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t')) {
                        let span = Span::new(line_start + i, line_start + bytes.len());
                        out.push(Comment { span, text: body[i + 1..].to_string() });
                        break;
                    }
                }
            }
            i += 1;
        }
        line_start += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_brackets_at_the_parents_indentation() {
        let t = "services:\n  zk:\n    command: [\n      \"sh\", \"-c\",\n      \"start.sh\"\n    ]\n    ports:\n      - 2181:2181\n  k:\n    environment: {\n      A: b\n    }\n    x: 1\n";
        assert!(parse(t).is_err(), "saphyr-parser refuses it (if this fails, a release fixed it: drop parse_lenient)");
        let docs = parse_lenient(t).unwrap();
        let cmd = docs[0].path(&["services", "zk", "command"]).unwrap();
        assert_eq!(&t[cmd.span().range()], "[\n      \"sh\", \"-c\",\n      \"start.sh\"\n    ]");
        let items: Vec<&str> = cmd.as_seq().unwrap().items.iter().map(|i| &t[i.as_scalar().unwrap().inner.range()]).collect();
        assert_eq!(items, ["sh", "-c", "start.sh"]);
        let port = docs[0].path(&["services", "zk", "ports"]).unwrap().as_seq().unwrap().items[0].as_scalar().unwrap();
        assert_eq!(&t[port.span.range()], "2181:2181");
        let env = docs[0].path(&["services", "k", "environment"]).unwrap();
        assert!(t[env.span().range()].starts_with('{') && t[env.span().range()].ends_with('}'));
        let a = env.get("A").unwrap().as_scalar().unwrap();
        assert_eq!(&t[a.span.range()], "b");
        assert_eq!(docs[0].path(&["services", "k", "x"]).and_then(Node::str), Some("1"));
        // CRLF line breaks.
        let crlf = t.replace('\n', "\r\n");
        let docs = parse_lenient(&crlf).unwrap();
        let cmd = docs[0].path(&["services", "zk", "command"]).unwrap();
        assert!(crlf[cmd.span().range()].ends_with("\r\n    ]"));
    }

    #[test]
    fn lenient_reading_stays_narrow() {
        // A stray bracket in block context, a comment before the bracket, a bracket that closes
        // nothing, other indentation errors: each is an error for saphyr, and stays the same one.
        for t in [
            "a:\n  b: c\n]\n",
            "s:\n  z:\n    c: [\n      \"b\" # note\n    ]\n",
            "a:\n  b: 1\n c: 2\n",
            "s:\n  z:\n    c: [\n      \"b\"\n    ]]\n",
        ] {
            let strict = parse(t).err().map(|e| (e.at, e.message));
            assert!(strict.is_some(), "{t:?}: saphyr accepts it; pick another case");
            let lenient = parse_lenient(t).err().map(|e| (e.at, e.message));
            assert_eq!(strict, lenient, "{t:?}: the first error is reported");
        }
        // A valid text reads the same either way.
        let ok = "a: [b, c]\nd:\n  - e\n";
        assert_eq!(format!("{:?}", parse(ok).unwrap()), format!("{:?}", parse_lenient(ok).unwrap()));
    }

    #[test]
    fn spans_point_at_the_text() {
        let t = "services:\n  kafka:\n    image: \"confluentinc/cp-kafka:7.6.0\" # pinned\n    environment:\n      - KAFKA_BROKER_ID=1\n      KEY: 'it''s'\n";
        // The last line makes the sequence invalid YAML: use a valid file instead.
        assert!(parse(t).is_err());
        let t = "services:\n  kafka:\n    image: \"confluentinc/cp-kafka:7.6.0\" # pinned\n    environment:\n      KAFKA_BROKER_ID: 1\n      KEY: 'it''s'\n";
        let docs = parse(t).unwrap();
        let root = &docs[0];
        let image = root.path(&["services", "kafka", "image"]).unwrap().as_scalar().unwrap();
        assert_eq!(&t[image.span.range()], "\"confluentinc/cp-kafka:7.6.0\"");
        assert_eq!(&t[image.inner.range()], "confluentinc/cp-kafka:7.6.0");
        assert!(image.verbatim(t));
        let id = root.path(&["services", "kafka", "environment", "KAFKA_BROKER_ID"]).unwrap().as_scalar().unwrap();
        assert_eq!(&t[id.span.range()], "1");
        let k = root.path(&["services", "kafka", "environment", "KEY"]).unwrap().as_scalar().unwrap();
        assert_eq!(k.value, "it's");
        assert_eq!(&t[k.span.range()], "'it''s'");
        assert!(!k.verbatim(t));
        let c = comments(t);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].text, " pinned");
    }

    #[test]
    fn merge_keys_and_aliases() {
        let t = "x-env: &env\n  A: \"1\"\n  B: \"2\"\ns:\n  <<: *env\n  B: \"3\"\n";
        let docs = parse(t).unwrap();
        let s = docs[0].get("s").unwrap().as_map().unwrap();
        let got: Vec<(&str, &str)> = s.entries_merged().iter().map(|(k, v)| (k.str().unwrap(), v.str().unwrap())).collect();
        assert_eq!(got, vec![("B", "3"), ("A", "1")]);
        assert!(s.get("A").unwrap().as_scalar().unwrap().aliased);
        assert!(!s.get("B").unwrap().as_scalar().unwrap().aliased);
    }

    #[test]
    fn unicode_offsets_and_errors() {
        let t = "a: \"é\"\nb: ü\n";
        let docs = parse(t).unwrap();
        let b = docs[0].get("b").unwrap().as_scalar().unwrap();
        assert_eq!(&t[b.span.range()], "ü");
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.at <= 14, "{e:?}");
        assert!(parse("a: *nope\n").is_err());
    }

    #[test]
    fn duplicates_are_found() {
        let docs = parse("a: 1\nb: 2\na: 3\n").unwrap();
        let m = docs[0].as_map().unwrap();
        let d = m.duplicates();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0.value, "a");
    }
}
