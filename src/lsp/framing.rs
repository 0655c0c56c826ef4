//! The base protocol read by hand: `Content-Length` framed JSON-RPC messages from any byte
//! stream, where nothing a client sends ends the server or makes it allocate without bound.
//!
//! A header that is missing, not a number, negative or over [`MAX_CONTENT_LENGTH`], a body that
//! is not JSON (or not UTF-8, or holds a lone surrogate), or JSON that is not a JSON-RPC message,
//! each becomes a [`Frame::Error`] for the server to answer (`id` null when there is none to
//! answer to) and reading goes on: the next `Content-Length` header is searched for, even in the
//! middle of a line of garbage. The text of a bad message is never repeated anywhere (it may hold
//! a document's passwords).

use lsp_server::Message;
use serde_json::Value;
use std::io::{self, BufRead, Read, Write};

/// The largest body read (a whole document in `didOpen`/`didChange`); larger ones are refused.
pub const MAX_CONTENT_LENGTH: usize = 64 << 20;
/// Header lines longer than this keep only their end (where a `Content-Length` may start).
const MAX_HEADER_LINE: usize = 8 << 10;

/// JSON-RPC error codes (JSON-RPC 2.0 §5.1).
pub const PARSE_ERROR: i32 = -32700;
pub const INVALID_REQUEST: i32 = -32600;

#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A message that could not be read: answer it with this error (to `id`, else to null).
    Error {
        id: Option<Value>,
        code: i32,
        message: String,
    },
    /// The stream ended.
    Eof,
}

pub struct FrameReader<R> {
    input: R,
}

impl<R: BufRead> FrameReader<R> {
    pub fn new(input: R) -> Self {
        FrameReader { input }
    }

    /// One header line without its terminator, bounded; `None` at the end of the stream.
    fn line(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let mut any = false;
        loop {
            let buf = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(any.then_some(line));
            }
            any = true;
            let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            line.extend_from_slice(chunk);
            if line.len() > MAX_HEADER_LINE {
                line.drain(..line.len() - 64);
            }
            let used = done.unwrap_or(buf.len());
            self.input.consume(used);
            if done.is_some() {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(Some(line));
            }
        }
    }

    /// The next message, or what was wrong with it.
    pub fn next_frame(&mut self) -> Frame {
        match self.read_frame() {
            Ok(f) => f,
            Err(_) => Frame::Eof,
        }
    }

    fn read_frame(&mut self) -> io::Result<Frame> {
        let mut length: Option<Result<usize, String>> = None;
        let mut headers = false;
        loop {
            let Some(line) = self.line()? else { return Ok(Frame::Eof) };
            if line.is_empty() {
                if headers {
                    break;
                }
                continue;
            }
            headers = true;
            let lower = line.to_ascii_lowercase();
            // A header may follow garbage on the same line (a body without its header before it).
            if let Some(at) = find(&lower, b"content-length:") {
                let raw = String::from_utf8_lossy(&line[at + 15..]).trim().to_string();
                length = Some(match raw.parse::<u64>() {
                    Ok(n) if n <= MAX_CONTENT_LENGTH as u64 => Ok(n as usize),
                    Ok(n) => Err(format!("Content-Length {n} is over the limit of {MAX_CONTENT_LENGTH} bytes; message skipped")),
                    Err(_) => Err(format!("Content-Length is not a length ({}); message skipped", clip(&raw, 40))),
                });
            }
        }
        let n = match length {
            None => return Ok(error(None, PARSE_ERROR, "a message without a Content-Length header; skipped".into())),
            Some(Err(m)) => return Ok(error(None, PARSE_ERROR, m)),
            Some(Ok(n)) => n,
        };
        let mut body = Vec::new();
        (&mut self.input).take(n as u64).read_to_end(&mut body)?;
        if body.len() < n {
            return Ok(Frame::Eof);
        }
        Ok(parse_body(&body))
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn error(id: Option<Value>, code: i32, message: String) -> Frame {
    Frame::Error { id, code, message }
}

/// A body as a message: JSON (invalid UTF-8 and lone surrogates replaced by U+FFFD rather than
/// refused, so an editor's stray byte does not lose a whole `didChange`), an object, a JSON-RPC
/// request, response or notification.
pub fn parse_body(body: &[u8]) -> Frame {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            match serde_json::from_str(&replace_lone_surrogates(&text)) {
                Ok(v) => v,
                Err(e) => {
                    return error(None, PARSE_ERROR, format!("the message is not JSON (line {}, column {})", e.line(), e.column()));
                }
            }
        }
    };
    let Value::Object(o) = &value else {
        return error(None, INVALID_REQUEST, "a message must be a JSON object".into());
    };
    let id = o.get("id").filter(|v| v.is_string() || v.is_number()).cloned();
    if let Some(m) = o.get("method") {
        if !m.is_string() {
            return error(id, INVALID_REQUEST, "`method` must be a string".into());
        }
    }
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Frame::Message(m),
        Err(_) => error(id, INVALID_REQUEST, "not a JSON-RPC request, response or notification".into()),
    }
}

/// `\uD800`…`\uDFFF` escapes that are not a high surrogate followed by a low one become `\uFFFD`.
pub fn replace_lone_surrogates(text: &str) -> String {
    let b = text.as_bytes();
    let hex = |i: usize| -> Option<u32> {
        let s = text.get(i..i + 4)?;
        if s.bytes().all(|c| c.is_ascii_hexdigit()) {
            u32::from_str_radix(s, 16).ok()
        } else {
            None
        }
    };
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        if b[i + 1] != b'u' {
            i += 2; // `\\`, `\"`, …: skipped whole
            continue;
        }
        let Some(u) = hex(i + 2) else {
            i += 2;
            continue;
        };
        if (0xD800..0xDC00).contains(&u) && b.get(i + 6) == Some(&b'\\') && b.get(i + 7) == Some(&b'u') {
            if let Some(l) = hex(i + 8).filter(|l| (0xDC00..0xE000).contains(l)) {
                let _ = l;
                i += 12;
                continue;
            }
        }
        if (0xD800..0xE000).contains(&u) {
            out.push_str(&text[last..i]);
            out.push_str("\\uFFFD");
            last = i + 6;
        }
        i += 6;
    }
    out.push_str(&text[last..]);
    out
}

/// Writes one message with its header.
pub fn write_frame(out: &mut dyn Write, body: &[u8]) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body)?;
    out.flush()
}

/// The JSON of an error response.
pub fn error_body(id: Option<&Value>, code: i32, message: &str) -> Vec<u8> {
    let v = serde_json::json!({"jsonrpc": "2.0", "id": id.cloned().unwrap_or(Value::Null), "error": {"code": code, "message": message}});
    serde_json::to_vec(&v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<String> {
        let mut r = FrameReader::new(input);
        let mut out = Vec::new();
        loop {
            match r.next_frame() {
                Frame::Eof => return out,
                Frame::Message(m) => out.push(format!("msg {}", serde_json::to_string(&m).unwrap())),
                Frame::Error { id, code, .. } => out.push(format!("err {code} {}", id.unwrap_or(Value::Null))),
            }
        }
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn good_and_bad_messages_in_one_stream() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut s = String::new();
        s.push_str("Content-Length: abc\r\n\r\n");
        s.push_str(&framed(ok));
        s.push_str("Content-Length: -5\r\n\r\n");
        s.push_str("Content-Length: 1000000000000\r\n\r\n");
        s.push_str(ok); // a body without a header, then a header on the same line
        s.push_str(&framed(ok));
        s.push_str(&framed("{not json"));
        s.push_str(&framed("[1,2]"));
        s.push_str(&framed(r#"{"jsonrpc":"2.0","id":7,"method":5}"#));
        s.push_str(&framed(r#"{"jsonrpc":"2.0","method":"x","params":{"t":"a\ud800b"}}"#));
        s.push_str("\r\n\r\nX-Other: 1\r\n\r\n");
        s.push_str(&framed(ok));
        let f = frames(s.as_bytes());
        assert_eq!(
            f.iter().map(|x| &x[..6]).collect::<Vec<_>>(),
            vec!["err -3", "msg {\"", "err -3", "err -3", "msg {\"", "err -3", "err -3", "err -3", "msg {\"", "err -3", "msg {\""],
            "{f:#?}"
        );
        assert!(f[7].ends_with(" 7"), "the id is answered: {}", f[7]);
        assert!(f[8].contains("a\u{fffd}b"), "{}", f[8]);
    }

    #[test]
    fn invalid_utf8_and_a_truncated_body() {
        let body: &[u8] = b"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":\"\xff\"}";
        let mut s = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        s.extend_from_slice(body);
        let f = frames(&s);
        assert!(f[0].starts_with("msg"), "{f:?}");
        assert_eq!(frames(b"Content-Length: 10\r\n\r\n{}"), Vec::<String>::new());
    }

    #[test]
    fn surrogates() {
        assert_eq!(replace_lone_surrogates(r#""\ud83d\ude00""#), r#""\ud83d\ude00""#);
        assert_eq!(replace_lone_surrogates(r#""\ud83d x \ude00 \\ud800""#), r#""\uFFFD x \uFFFD \\ud800""#);
    }
}
