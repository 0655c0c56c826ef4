//! `kafkalint lsp` fed raw byte streams: no malformed message ends the server, each gets the
//! JSON-RPC error the protocol asks for (or is dropped), allocation is bounded, and nothing a
//! client sent (document text, passwords) is written to standard error.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn framed(body: &str) -> Vec<u8> {
    let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    v.extend_from_slice(body.as_bytes());
    v
}

fn msg(v: Value) -> Vec<u8> {
    framed(&v.to_string())
}

struct Session {
    code: Option<i32>,
    stderr: String,
    /// Every message the server wrote.
    out: Vec<Value>,
}

impl Session {
    fn response(&self, id: Value) -> &Value {
        self.out
            .iter()
            .find(|m| m["id"] == id && m.get("method").is_none())
            .unwrap_or_else(|| panic!("no response to {id}: {:#?}", self.out))
    }
    fn errors_without_id(&self) -> Vec<i64> {
        self.out.iter().filter(|m| m["id"].is_null() && m.get("error").is_some()).map(|m| m["error"]["code"].as_i64().unwrap()).collect()
    }
}

/// Runs `kafkalint lsp` on `input` (standard input closed after it) within 60 s.
fn session(input: Vec<u8>) -> Session {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stdout.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("kafkalint lsp did not exit within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    feeder.join().unwrap();
    let bytes = reader.join().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    Session { code: status.code(), stderr, out: parse_frames(&bytes) }
}

fn parse_frames(mut b: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    while let Some(h) = b.windows(4).position(|w| w == b"\r\n\r\n") {
        let head = std::str::from_utf8(&b[..h]).unwrap();
        let n: usize = head.trim().strip_prefix("Content-Length: ").expect(head).parse().unwrap();
        out.push(serde_json::from_slice(&b[h + 4..h + 4 + n]).unwrap());
        b = &b[h + 4 + n..];
    }
    out
}

fn initialize(id: i64) -> Vec<u8> {
    msg(json!({"jsonrpc": "2.0", "id": id, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}))
}

const SECRET: &str = "Xv9-lsp-secret";

#[test]
fn malformed_messages_never_end_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/consumer.properties", dir.path().display());
    let text = format!("group.id=a\nssl.key.password={SECRET}\n");
    let mut s: Vec<u8> = Vec::new();
    // Before `initialize`: a response, a request, garbage.
    s.extend(msg(json!({"jsonrpc": "2.0", "id": 99, "result": null})));
    s.extend(msg(json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}})));
    s.extend(framed(&format!("{{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"{SECRET}")));
    s.extend(initialize(2));
    s.extend(msg(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})));
    s.extend(initialize(3));
    s.extend(msg(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "properties", "version": 1, "text": text}}})));
    // Bad headers.
    s.extend(b"Content-Length: banana\r\n\r\n");
    s.extend(b"Content-Length: -12\r\n\r\n");
    s.extend(b"Content-Length: 1000000000000\r\n\r\n");
    s.extend(b"Content-Type: application/vscode-jsonrpc\r\n\r\n");
    // A body without a header.
    s.extend(format!("{{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{{\"t\":\"{SECRET}\"}}}}").as_bytes());
    // Invalid JSON, invalid UTF-8, not an object, not a message.
    s.extend(framed(&format!("{{\"text\": \"{SECRET}\" oops}}")));
    let bad_utf8 = b"Content-Length: 9\r\n\r\n{\"a\":\"\xff\"}".to_vec();
    s.extend(bad_utf8);
    s.extend(framed("[1, 2, 3]"));
    s.extend(framed("\"just a string\""));
    s.extend(framed(r#"{"jsonrpc":"2.0","id":4,"method":17}"#));
    s.extend(framed(r#"{"jsonrpc":"2.0","id":{"x":1},"method":"textDocument/hover"}"#));
    // A lone surrogate in didChange text.
    s.extend(framed(&format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{uri}","version":2}},"contentChanges":[{{"text":"group.id=\ud800b\nssl.key.password={SECRET}\nacks=1\n"}}]}}}}"#
    )));
    // Params of the wrong shape.
    s.extend(msg(json!({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": {"textDocument": SECRET}})));
    // Still serving.
    s.extend(msg(json!({"jsonrpc": "2.0", "id": 6, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}})));
    s.extend(msg(json!({"jsonrpc": "2.0", "id": 7, "method": "shutdown"})));
    s.extend(msg(json!({"jsonrpc": "2.0", "method": "exit"})));

    let r = session(s);
    assert!(!r.stderr.contains(SECRET) && !r.stderr.contains("group.id"), "standard error echoes the client:\n{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.code, Some(0), "shutdown then exit: 0\n{}", r.stderr);
    assert_eq!(r.response(json!(1))["error"]["code"], -32002, "a request before initialize: ServerNotInitialized");
    assert_eq!(r.response(json!(2))["result"]["serverInfo"]["name"], "kafkalint");
    assert_eq!(r.response(json!(3))["error"]["code"], -32600, "a second initialize: InvalidRequest");
    assert_eq!(r.response(json!(4))["error"]["code"], -32600);
    assert_eq!(r.response(json!(5))["error"]["code"], -32602);
    assert!(r.response(json!(6))["result"]["contents"]["value"].as_str().unwrap().contains("group.id"), "{:#?}", r.out);
    assert!(r.response(json!(7))["error"].is_null());
    assert!(r.out.iter().all(|m| m["id"] != json!(99)), "a response from the client is not answered");
    let errs = r.errors_without_id();
    // Garbage before initialize, banana, -12, huge, missing header, invalid JSON, [..], string, id {x}.
    assert!(errs.iter().filter(|&&c| c == -32700).count() >= 5, "{errs:?}");
    assert!(errs.iter().filter(|&&c| c == -32600).count() >= 3, "{errs:?}");
    // The document after the lone surrogate: read with U+FFFD, linted (acks is not a consumer key).
    let published: Vec<&Value> = r.out.iter().filter(|m| m["method"] == "textDocument/publishDiagnostics").collect();
    assert!(published.last().is_some_and(|p| p["params"]["version"] == 2), "{published:#?}");
    let all = r.out.iter().map(Value::to_string).collect::<String>();
    assert!(
        !all.contains(SECRET),
        "a message to the client carries the secret: {:#?}",
        r.out.iter().filter(|m| m.to_string().contains(SECRET)).collect::<Vec<_>>()
    );
}

#[test]
fn a_truncated_stream_or_eof_anywhere_ends_quietly() {
    let full = [initialize(1), msg(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}))].concat();
    for cut in [0, 5, 17, 25, full.len() / 2, full.len() - 1] {
        let r = session(full[..cut].to_vec());
        assert_eq!(r.code, Some(1), "cut at {cut}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
}

#[test]
fn exit_before_initialize() {
    let r = session(msg(json!({"jsonrpc": "2.0", "method": "exit"})));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}
