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
