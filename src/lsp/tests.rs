//! In-process protocol tests over an in-memory connection. The Python client in `tests/lsp/`
//! drives the real binary over stdio; these pin the server's behaviour without the subprocess.

use super::convert::{DiagnosticData, FixData};
use super::run;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::Url;
use serde_json::{json, Value};
use std::path::Path;
use std::thread::JoinHandle;
use std::time::Duration;

struct Client {
    conn: Connection,
    server: Option<JoinHandle<Result<i32, String>>>,
    next: i32,
    /// Every message the server sent, as JSON text: what a secret must never be part of.
    transcript: Vec<String>,
    /// Notifications not yet consumed.
    inbox: Vec<Notification>,
}

impl Client {
    fn start() -> Client {
        Client::start_with(json!({}))
    }

    fn start_with(capabilities: Value) -> Client {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || run(&server_side));
        let mut c = Client { conn: client_side, server: Some(server), next: 0, transcript: Vec::new(), inbox: Vec::new() };
        let init = c.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": capabilities}));
        assert_eq!(init["serverInfo"]["name"], "kafkalint");
        // Incremental: ranges (a change without one, a whole text, is read too).
        assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
        c.notify("initialized", json!({}));
        c
    }

    fn recv(&mut self) -> Message {
        let m = self.conn.receiver.recv_timeout(Duration::from_secs(20)).expect("the server answers within 20 s");
        self.transcript.push(serde_json::to_string(&m).unwrap());
        if let Message::Request(r) = &m {
            // Server-to-client requests (client/registerCapability) are kept as notifications.
            self.inbox.push(Notification::new(r.method.clone(), r.params.clone()));
            self.conn.sender.send(Response::new_ok(r.id.clone(), Value::Null).into()).unwrap();
        }
        m
    }

    fn request_raw(&mut self, method: &str, params: Value) -> Response {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn.sender.send(Request::new(id.clone(), method.to_string(), params).into()).unwrap();
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.inbox.push(n),
                _ => {}
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        match self.request_raw(method, params).response_result {
            Ok(v) => v,
            Err(e) => panic!("{method}: {e:?}"),
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.conn.sender.send(Notification::new(method.to_string(), params).into()).unwrap();
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &Url) -> Vec<Value> {
        loop {
            if let Some(i) =
                self.inbox.iter().position(|n| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri.as_str())
            {
                let n = self.inbox.remove(i);
                return n.params["diagnostics"].as_array().unwrap().clone();
            }
            if let Message::Notification(n) = self.recv() {
                self.inbox.push(n);
            }
        }
    }

    /// Waits until everything the server had to publish so far is in, and forgets it: a request
    /// is answered only after pending documents are linted and published.
    fn settle(&mut self) {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///settle.properties"}, "position": {"line": 0, "character": 0}}),
        );
        self.inbox.clear();
    }

    fn open(&mut self, uri: &Url, text: &str) -> Vec<Value> {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "properties", "version": 1, "text": text}}));
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &Url, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn stop(&mut self, shutdown: bool) -> i32 {
        if shutdown {
            assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        }
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap().unwrap()
    }
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

fn uri(p: &Path) -> Url {
    Url::from_file_path(p).unwrap()
}

const PRODUCER: &str = "bootstrap.servers=kafka:9092\nenable.idempotence=true\nacks=1\n";

#[test]
fn diagnostics_fixes_hover_completion_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("producer.properties"));
    let mut c = Client::start();
    let diags = c.open(&u, PRODUCER);
    let d = diags.iter().find(|d| d["code"] == "producer/idempotence-without-acks-all").expect("the rule fires");
    assert_eq!(d["range"], json!({"start": {"line": 2, "character": 5}, "end": {"line": 2, "character": 6}}));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "kafkalint");
    assert_eq!(d["codeDescription"]["href"], format!("{}#produceridempotence-without-acks-all", super::DOCS_BASE));
    // `enable.idempotence=true`, the other key involved, as related information.
    let related = d["relatedInformation"].as_array().unwrap();
    assert!(related.iter().any(|r| r["location"]["uri"] == u.as_str() && r["location"]["range"]["start"]["line"] == 1), "{related:?}");
    let data: DiagnosticData = serde_json::from_value(d["data"].clone()).unwrap();
    assert_eq!(data.version, 1);

    // The quick fix comes from the data: `acks=all`, preferred because safe.
    let actions =
        c.request("textDocument/codeAction", json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}));
    let a = &actions[0];
    assert_eq!(a["kind"], "quickfix");
    assert_eq!(a["isPreferred"], true);
    assert_eq!(a["edit"]["changes"][u.as_str()], json!([{"range": d["range"], "newText": "all"}]));
    // Without diagnostics in the context, the current ones under the range are used.
    let actions =
        c.request("textDocument/codeAction", json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": []}}));
    assert_eq!(actions[0]["edit"]["changes"][u.as_str()][0]["newText"], "all");
    // A client that wants only other kinds gets none.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d], "only": ["refactor"]}}),
    );
    assert_eq!(actions, json!([]));

    // Hover on `acks`: the knowledge base for a producer at the newest release, and the rule.
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": {"line": 2, "character": 1}}));
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**`acks`** · producer key"), "{md}");
    assert!(md.contains("- Type: `string`"), "{md}");
    assert!(md.contains("- Default: `all`"), "{md}");
    assert!(md.contains("[all, -1, 0, 1]"), "{md}");
    assert!(md.contains("producer/idempotence-without-acks-all"), "{md}");
    assert_eq!(h["range"], json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 4}}));

    // Completion of a key being typed, and of a value after `=`.
    c.change(&u, 2, &format!("{PRODUCER}linger"));
    let list = c.request("textDocument/completion", json!({"textDocument": {"uri": u}, "position": {"line": 3, "character": 6}}));
    let items = list["items"].as_array().unwrap();
    let linger = items.iter().find(|i| i["label"] == "linger.ms").expect("linger.ms is offered");
    assert!(linger["detail"].as_str().unwrap().starts_with("long, default"), "{linger}");
    assert_eq!(linger["textEdit"]["range"]["start"], json!({"line": 3, "character": 0}));
    assert!(items.iter().all(|i| i["label"] != "acks"), "keys already set are not offered again");
    assert!(items.iter().all(|i| i["label"] != "group.id"), "consumer keys are not offered to a producer");
    c.change(&u, 3, &format!("{PRODUCER}compression.type="));
    let list = c.request("textDocument/completion", json!({"textDocument": {"uri": u}, "position": {"line": 3, "character": 17}}));
    let labels: Vec<&str> = list["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"zstd") && labels.contains(&"none"), "{labels:?}");

    // A change re-publishes: fixing acks clears the finding, with the new version.
    c.settle();
    c.change(&u, 4, "bootstrap.servers=kafka:9092\nenable.idempotence=true\nacks=all\n");
    let diags = c.diagnostics(&u);
    assert!(!codes(&diags).contains(&"producer/idempotence-without-acks-all"), "{diags:?}");

    assert_eq!(c.stop(true), 0);
}

#[test]
fn a_client_is_checked_against_the_broker_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let broker = dir.path().join("server.properties");
    std::fs::write(&broker, "process.roles=broker\nnode.id=1\ngroup.max.session.timeout.ms=30000\n").unwrap();
    let consumer = uri(&dir.path().join("consumer.properties"));
    let mut c = Client::start();
    let diags = c.open(&consumer, "group.id=billing\nsession.timeout.ms=45000\n");
    let d = diags.iter().find(|d| d["code"] == "consumer/session-timeout-vs-broker-bounds").expect("read against the broker on disk");
    assert_eq!(d["range"]["start"], json!({"line": 1, "character": 19}));
    let related: Vec<&str> = d["relatedInformation"].as_array().unwrap().iter().map(|r| r["location"]["uri"].as_str().unwrap()).collect();
    assert!(related.contains(&uri(&broker).as_str()), "{related:?}");
    // The broker's diagnostics are not published for the consumer's sake.
    assert!(c.inbox.iter().all(|n| n.params["uri"] != uri(&broker).as_str()));

    // Opening the broker and raising its bound (unsaved) re-lints the consumer.
    let b = uri(&broker);
    c.open(&b, "process.roles=broker\nnode.id=1\ngroup.max.session.timeout.ms=30000\n");
    c.settle();
    c.change(&b, 2, "process.roles=broker\nnode.id=1\ngroup.max.session.timeout.ms=60000\n");
    let diags = c.diagnostics(&consumer);
    assert!(!codes(&diags).contains(&"consumer/session-timeout-vs-broker-bounds"), "{diags:?}");
    // Closing it: the disk text counts again.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": b}}));
    let diags = c.diagnostics(&consumer);
    assert!(codes(&diags).contains(&"consumer/session-timeout-vs-broker-bounds"), "{diags:?}");
    assert_eq!(c.stop(true), 0);
}

const SECRETS: [&str; 4] = ["Pa55w0rd-keystore", "Pa55w0rd-key", "alice-secret-pw", "reg1stry-pw"];

#[test]
fn no_secret_in_any_message() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("consumer.properties"));
    let text = format!(
        "group.id=payments\nssl.keystore.password={} \nssl.key.password={}\nssl.key.password={}\n\
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\\n    username=\"alice\" \\\n    password=\"{}\";\n\
basic.auth.user.info=registry:{}\n",
        SECRETS[0], SECRETS[1], SECRETS[1], SECRETS[2], SECRETS[3]
    );
    let mut c = Client::start();
    let diags = c.open(&u, &text);
    assert!(codes(&diags).contains(&"schema/duplicate-key"), "{diags:?}");
    assert!(codes(&diags).contains(&"syntax/trailing-whitespace"), "{diags:?}");
    for d in &diags {
        c.request("textDocument/codeAction", json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}));
    }
    for line in 0..9 {
        for character in [0, 3, 20, 40, 90] {
            let pos = json!({"line": line, "character": character});
            c.request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": pos}));
            c.request("textDocument/completion", json!({"textDocument": {"uri": u}, "position": pos}));
        }
    }
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": {"line": 2, "character": 2}}));
    assert!(h["contents"]["value"].as_str().unwrap().contains("secret, never shown"), "{h}");
    c.stop(true);
    let all = c.transcript.join("\n");
    for s in SECRETS {
        assert!(!all.contains(s), "an LSP message carries {s}");
    }
}

#[test]
fn a_fix_that_would_carry_a_secret_is_narrowed_or_dropped() {
    use crate::diagnostic::{Edit, Fix};
    let text = "ssl.key.password=hunter2-secret  \n";
    let input = crate::lint::Input { path: "consumer.properties".into(), bytes: text.as_bytes().to_vec() };
    let settings = crate::lint::Settings { isolated: true, ..Default::default() };
    let mut report = crate::lint::lint(vec![input], &settings).unwrap();
    assert!(!report.diagnostics.is_empty());
    let value = crate::source::Span::new(17, text.len() - 1);
    let trim = Fix::safe("Trim", vec![Edit { file: 0, span: value, replacement: "hunter2-secret".into() }]);
    let rewrite = Fix::safe("Rewrite", vec![Edit { file: 0, span: value, replacement: "xhunter2-secret".into() }]);
    let mut raw = report.raw_diagnostic(0).unwrap().clone();
    raw.fixes = vec![trim.clone(), rewrite.clone()];
    report.raw.insert(0, raw);
    report.diagnostics[0].fixes = vec![trim, rewrite];
    let u = Url::parse("file:///x/consumer.properties").unwrap();
    let diags = super::convert::diagnostics(&report, &u, 7);
    let data: DiagnosticData = serde_json::from_value(diags[0].data.clone().unwrap()).unwrap();
    assert_eq!(data.fixes.len(), 1, "the rewrite would send the secret: dropped");
    let FixData { title, changes, .. } = &data.fixes[0];
    assert_eq!(title, "Trim");
    let edit = &changes[&u][0];
    assert_eq!(edit.new_text, "");
    assert_eq!((edit.range.start.character, edit.range.end.character), (31, 33));
    assert!(!serde_json::to_string(&diags).unwrap().contains("hunter2"));
}

#[test]
fn malformed_input_never_stops_the_server() {
    let mut c = Client::start();
    // Bad parameters: an error response, and the server goes on.
    let r = c.request_raw("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(r.response_result.unwrap_err().code, lsp_server::ErrorCode::InvalidParams as i32);
    let r = c.request_raw("workspace/unknownThing", json!({}));
    assert_eq!(r.response_result.unwrap_err().code, lsp_server::ErrorCode::MethodNotFound as i32);
    c.notify("textDocument/didOpen", json!({"textDocument": 42}));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere/x.properties", "version": 2}, "contentChanges": [{"text": "a=1"}]}),
    );
    // Requests about documents never opened answer null.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere/x.properties"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(h, Value::Null);
    // Odd documents: binary, broken escapes, an untitled buffer, positions past the end.
    let untitled = Url::parse("untitled:Untitled-1").unwrap();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": untitled, "languageId": "properties", "version": 1, "text": "a=\\u12\u{0}\\\n"}}),
    );
    let diags = c.diagnostics(&untitled);
    assert!(!diags.is_empty());
    for (line, character) in [(0, 0), (0, 99), (99, 0), (u32::MAX, u32::MAX)] {
        let pos = json!({"line": line, "character": character});
        c.request("textDocument/hover", json!({"textDocument": {"uri": untitled}, "position": pos}));
        c.request("textDocument/completion", json!({"textDocument": {"uri": untitled}, "position": pos}));
    }
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("consumer.properties"));
    let diags = c.open(&u, "k😀=v\\u00e9\\\n  x\r\nsession.timeout.ms=\u{0301}\n\\");
    assert!(codes(&diags).contains(&"syntax/continuation-at-eof"), "{diags:?}");
    // After shutdown, requests are refused until exit.
    assert_eq!(c.request("shutdown", Value::Null), Value::Null);
    let r = c.request_raw("textDocument/hover", json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 0}}));
    assert!(r.response_result.is_err());
    c.notify("exit", Value::Null);
    assert_eq!(c.server.take().unwrap().join().unwrap().unwrap(), 0);
}

#[test]
fn exit_without_shutdown_is_an_error_code() {
    let mut c = Client::start();
    assert_eq!(c.stop(false), 1);
}

#[test]
fn a_broken_workspace_config_is_shown_and_linting_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kafkalint.toml"), "kafka-versoin = \"3.9\"\n").unwrap();
    let u = uri(&dir.path().join("producer.properties"));
    let mut c = Client::start();
    let diags = c.open(&u, PRODUCER);
    assert!(codes(&diags).contains(&"producer/idempotence-without-acks-all"));
    let shown = c.inbox.iter().find(|n| n.method == "window/showMessage").expect("the config error is shown");
    assert!(shown.params["message"].as_str().unwrap().contains("did you mean `kafka-version`"), "{shown:?}");
    // A valid config applies: the rule turned off.
    std::fs::write(dir.path().join("kafkalint.toml"), "[rules]\n\"producer/idempotence-without-acks-all\" = \"off\"\n").unwrap();
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": u}}));
    let diags = c.diagnostics(&u);
    assert!(!codes(&diags).contains(&"producer/idempotence-without-acks-all"), "{diags:?}");
    assert_eq!(c.stop(true), 0);
}

#[test]
fn a_broker_changed_on_disk_re_lints_its_clients() {
    let dir = tempfile::tempdir().unwrap();
    let broker = dir.path().join("server.properties");
    std::fs::write(&broker, "process.roles=broker\nnode.id=1\ngroup.max.session.timeout.ms=30000\n").unwrap();
    let consumer = uri(&dir.path().join("consumer.properties"));
    let mut c = Client::start_with(json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}));
    let diags = c.open(&consumer, "group.id=billing\nsession.timeout.ms=45000\n");
    assert!(codes(&diags).contains(&"consumer/session-timeout-vs-broker-bounds"));
    let reg = c.inbox.iter().find(|n| n.method == "client/registerCapability").expect("file watching is registered");
    let globs: Vec<&str> = reg.params["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert!(globs.contains(&"**/*.properties") && globs.contains(&"**/kafkalint.toml"), "{globs:?}");
    c.settle();
    std::fs::write(&broker, "process.roles=broker\nnode.id=1\ngroup.max.session.timeout.ms=60000\n").unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri(&broker), "type": 2}]}));
    let diags = c.diagnostics(&consumer);
    assert!(!codes(&diags).contains(&"consumer/session-timeout-vs-broker-bounds"), "{diags:?}");
    assert_eq!(c.stop(true), 0);
}

const WATCHING: &str = r#"{"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}"#;
const BOUNDS: &str = "consumer/session-timeout-vs-broker-bounds";

fn broker_bounding(max_session: u32) -> String {
    format!("process.roles=broker\nnode.id=1\ngroup.max.session.timeout.ms={max_session}\n")
}

/// With a client that watches files, a sibling is read once: a keystroke in the open document
/// reads nothing from disk, so a change on disk the watcher has not announced is not seen yet;
/// once announced, the open document's diagnostics follow it.
#[test]
fn siblings_are_cached_until_the_watcher_announces_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let broker = dir.path().join("server.properties");
    std::fs::write(&broker, broker_bounding(30000)).unwrap();
    let consumer = uri(&dir.path().join("consumer.properties"));
    let mut c = Client::start_with(serde_json::from_str(WATCHING).unwrap());
    let diags = c.open(&consumer, "group.id=billing\nsession.timeout.ms=45000\n");
    assert!(codes(&diags).contains(&BOUNDS), "{diags:?}");
    c.settle();

    // Raised on disk, not announced: the cached broker still bounds the timeout.
    std::fs::write(&broker, broker_bounding(600000)).unwrap();
    c.change(&consumer, 2, "group.id=billing\nsession.timeout.ms=45000\nclient.id=billing-1\n");
    let diags = c.diagnostics(&consumer);
    assert!(codes(&diags).contains(&BOUNDS), "a keystroke does not re-read the siblings: {diags:?}");

    // Announced: read again, the finding goes.
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri(&broker), "type": 2}]}));
    let diags = c.diagnostics(&consumer);
    assert!(!codes(&diags).contains(&BOUNDS), "{diags:?}");

    // Lowered again and announced: back.
    std::fs::write(&broker, broker_bounding(30000)).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri(&broker), "type": 2}]}));
    let diags = c.diagnostics(&consumer);
    assert!(codes(&diags).contains(&BOUNDS), "{diags:?}");
    assert_eq!(c.stop(true), 0);
}

/// A file created or deleted beside the document changes which files are its companions: the
/// cached list is dropped when the watcher announces it.
#[test]
fn a_sibling_created_or_deleted_on_disk_changes_the_open_documents_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("producer.properties"), "bootstrap.servers=kafka:9092\nacks=all\n").unwrap();
    let consumer = uri(&dir.path().join("consumer.properties"));
    let mut c = Client::start_with(serde_json::from_str(WATCHING).unwrap());
    let diags = c.open(&consumer, "group.id=billing\nsession.timeout.ms=45000\n");
    assert!(!codes(&diags).contains(&BOUNDS), "no broker yet: {diags:?}");
    c.settle();

    let broker = dir.path().join("server.properties");
    std::fs::write(&broker, broker_bounding(30000)).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri(&broker), "type": 1}]}));
    let diags = c.diagnostics(&consumer);
    assert!(codes(&diags).contains(&BOUNDS), "the new broker is a companion: {diags:?}");

    std::fs::remove_file(&broker).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri(&broker), "type": 3}]}));
    let diags = c.diagnostics(&consumer);
    assert!(!codes(&diags).contains(&BOUNDS), "the deleted broker is gone: {diags:?}");
    assert_eq!(c.stop(true), 0);
}

/// A kafkalint.toml created beside the document and announced by the watcher applies at once.
#[test]
fn a_configuration_file_announced_by_the_watcher_applies() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("producer.properties"));
    let mut c = Client::start_with(serde_json::from_str(WATCHING).unwrap());
    let diags = c.open(&u, PRODUCER);
    assert!(codes(&diags).contains(&"producer/idempotence-without-acks-all"));
    c.settle();
    let toml = dir.path().join("kafkalint.toml");
    std::fs::write(&toml, "[rules]\n\"producer/idempotence-without-acks-all\" = \"off\"\n").unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri(&toml), "type": 1}]}));
    let diags = c.diagnostics(&u);
    assert!(!codes(&diags).contains(&"producer/idempotence-without-acks-all"), "{diags:?}");
    assert_eq!(c.stop(true), 0);
}

/// A client that does not watch files: the cache is checked against each sibling's size and
/// modification time, so the next keystroke sees a broker changed on disk.
#[test]
fn without_a_watcher_a_sibling_changed_on_disk_is_seen_at_the_next_change() {
    let dir = tempfile::tempdir().unwrap();
    let broker = dir.path().join("server.properties");
    std::fs::write(&broker, broker_bounding(30000)).unwrap();
    let consumer = uri(&dir.path().join("consumer.properties"));
    let mut c = Client::start();
    let diags = c.open(&consumer, "group.id=billing\nsession.timeout.ms=45000\n");
    assert!(codes(&diags).contains(&BOUNDS), "{diags:?}");
    c.settle();
    std::fs::write(&broker, broker_bounding(600000)).unwrap();
    c.change(&consumer, 2, "group.id=billing\nsession.timeout.ms=45000\nclient.id=billing-1\n");
    let diags = c.diagnostics(&consumer);
    assert!(!codes(&diags).contains(&BOUNDS), "{diags:?}");
    // A new broker file in the directory (the directory's modification time changed).
    std::fs::write(dir.path().join("server-2.properties"), broker_bounding(30000)).unwrap();
    c.change(&consumer, 3, "group.id=billing\nsession.timeout.ms=45000\n");
    let diags = c.diagnostics(&consumer);
    assert!(codes(&diags).contains(&BOUNDS), "{diags:?}");
    assert_eq!(c.stop(true), 0);
}

/// A sibling open in the editor and saved: its buffer counted while open, and after it is
/// closed the saved text on disk, not a copy cached before it was opened.
#[test]
fn a_sibling_saved_and_closed_is_read_again_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let broker = dir.path().join("server.properties");
    std::fs::write(&broker, broker_bounding(30000)).unwrap();
    let consumer = uri(&dir.path().join("consumer.properties"));
    let mut c = Client::start_with(serde_json::from_str(WATCHING).unwrap());
    let diags = c.open(&consumer, "group.id=billing\nsession.timeout.ms=45000\n");
    assert!(codes(&diags).contains(&BOUNDS), "{diags:?}");
    let b = uri(&broker);
    c.open(&b, &broker_bounding(30000));
    c.settle();
    c.change(&b, 2, &broker_bounding(600000));
    let diags = c.diagnostics(&consumer);
    assert!(!codes(&diags).contains(&BOUNDS), "the open buffer counts: {diags:?}");
    // Saved (the editor wrote it; a client without a watcher for it sends only didSave), closed.
    std::fs::write(&broker, broker_bounding(600000)).unwrap();
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": b}}));
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": b}}));
    c.settle();
    c.change(&consumer, 3, "group.id=billing\nsession.timeout.ms=45000\nclient.id=billing-1\n");
    let diags = c.diagnostics(&consumer);
    assert!(!codes(&diags).contains(&BOUNDS), "the saved text on disk, not the cached one: {diags:?}");
    assert_eq!(c.stop(true), 0);
}

/// The document being typed in is published first; the other open documents of its directory
/// (re-linted because they read it as a companion) follow.
#[test]
fn the_edited_document_is_published_before_its_open_siblings() {
    let dir = tempfile::tempdir().unwrap();
    // `consumer` sorts before `producer`: an unordered flush would publish it first.
    let consumer = uri(&dir.path().join("consumer.properties"));
    let producer = uri(&dir.path().join("producer.properties"));
    let mut c = Client::start();
    c.open(&consumer, "group.id=billing\nsession.timeout.ms=45000\n");
    c.open(&producer, PRODUCER);
    c.settle();
    c.change(&producer, 2, "bootstrap.servers=kafka:9092\nenable.idempotence=true\nacks=all\n");
    let mut order = Vec::new();
    while order.len() < 2 {
        if let Message::Notification(n) = c.recv() {
            if n.method == "textDocument/publishDiagnostics" {
                order.push(n.params["uri"].as_str().unwrap().to_string());
            }
        }
    }
    assert_eq!(order, [producer.to_string(), consumer.to_string()]);
    assert_eq!(c.stop(true), 0);
}

mod corpus {
    include!("../../tests/common/secrets_corpus.rs");
}

/// The credentials corpus of tests/secrets.rs through the server: diagnostics, hover, completion
/// and code actions at every position of every line carry none of its secrets.
#[test]
fn no_secret_of_the_corpus_in_any_message() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("consumer.properties"));
    let text = corpus::fixture();
    let mut c = Client::start();
    let diags = c.open(&u, &text);
    assert!(codes(&diags).contains(&"schema/duplicate-key"), "{diags:?}");
    for d in &diags {
        c.request("textDocument/codeAction", json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}));
    }
    for (line, l) in text.lines().enumerate() {
        for character in [0, 5, 12, 20, 30, 45, 60, 90, 130].into_iter().filter(|&ch| ch <= l.len()) {
            let pos = json!({"line": line, "character": character});
            c.request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": pos}));
            c.request("textDocument/completion", json!({"textDocument": {"uri": u}, "position": pos}));
            let range = json!({"start": {"line": line, "character": 0}, "end": pos});
            c.request("textDocument/codeAction", json!({"textDocument": {"uri": u}, "range": range, "context": {"diagnostics": []}}));
        }
    }
    c.stop(true);
    let all = c.transcript.join("\n");
    for s in corpus::needles() {
        assert!(!all.contains(s), "an LSP message carries {s}");
    }
}

/// A compose file in the editor: findings at the environment lines, hover on a variable shows the
/// Kafka key it sets, completion offers environment names in the image's convention.
#[test]
fn compose_documents_get_diagnostics_hover_and_env_name_completion() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("docker-compose.yml"));
    let text = "services:\n  kafka:\n    image: apache/kafka:3.8.0\n    environment:\n      KAFKA_NODE_ID: 1\n      KAFKA_PROCESS_ROLES: broker,controller\n      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:9093\n      KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092\n      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER\n      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n      KAFKA_HEARTBEAT: x\n";
    let mut c = Client::start();
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": u, "languageId": "yaml", "version": 1, "text": text}}));
    let diags = c.diagnostics(&u);
    // One broker service with the default offsets replication factor 3: never a coordinator.
    let rf = diags.iter().find(|d| d["code"] == "broker/replication-factor-exceeds-brokers").unwrap_or_else(|| panic!("{diags:?}"));
    assert!(rf["range"]["start"]["line"].as_u64().unwrap() >= 4, "points into the environment block: {rf}");
    // Hover on `KAFKA_NODE_ID` explains `node.id`.
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": {"line": 4, "character": 8}}));
    let md = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.contains("`node.id`"), "{md}");
    // Typing a new variable in the block: names come in the image's `KAFKA_…` form.
    let typed = text.replace("      KAFKA_HEARTBEAT: x\n", "      KAFKA_NUM_PART: \n");
    c.change(&u, 2, &typed);
    let line = typed.lines().position(|l| l.contains("KAFKA_NUM_PART")).unwrap() as u32;
    let list = c.request("textDocument/completion", json!({"textDocument": {"uri": u}, "position": {"line": line, "character": 20}}));
    let labels: Vec<&str> = list["items"].as_array().map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect()).unwrap_or_default();
    assert!(labels.contains(&"KAFKA_NUM_PARTITIONS"), "{labels:?}");
    assert!(labels.iter().all(|l| !l.contains('.')), "no Kafka key spellings in a compose file: {labels:?}");
    assert_eq!(c.stop(true), 0);
}

/// A FIFO beside an open document is a companion the server reads bounded: it must not wait for a
/// writer (the server would hang on every change).
#[cfg(unix)]
#[test]
fn a_fifo_beside_the_document_does_not_hang_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("broker.properties");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    if !made {
        eprintln!("mkfifo is not available: skipped");
        return;
    }
    let u = uri(&dir.path().join("consumer.properties"));
    let mut c = Client::start();
    // `diagnostics` waits at most 20 s for the publication.
    let diags = c.open(&u, "group.id=g\nheartbeat.interval.ms=20000\nsession.timeout.ms=10000\n");
    assert!(codes(&diags).contains(&"consumer/heartbeat-vs-session-timeout"), "{diags:?}");
    assert_eq!(c.stop(true), 0);
}

/// A sibling open in the editor is read from its buffer, and kept prepared until that buffer
/// changes: typing in the broker re-checks the consumer beside it against the new text, closing
/// the broker goes back to its text on disk.
#[test]
fn an_open_siblings_edits_reach_the_document_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let broker_path = dir.path().join("server.properties");
    std::fs::write(&broker_path, broker_bounding(30000)).unwrap();
    let broker = uri(&broker_path);
    let consumer = uri(&dir.path().join("consumer.properties"));
    let mut c = Client::start_with(serde_json::from_str(WATCHING).unwrap());
    let diags = c.open(&consumer, "group.id=billing\nsession.timeout.ms=45000\n");
    assert!(codes(&diags).contains(&BOUNDS), "{diags:?}");
    c.settle();
    c.open(&broker, &broker_bounding(30000));
    c.settle();
    // Raised in the buffer (not on disk): the consumer follows the buffer.
    c.change(&broker, 2, &broker_bounding(600000));
    let diags = c.diagnostics(&consumer);
    assert!(!codes(&diags).contains(&BOUNDS), "{diags:?}");
    // A keystroke in the consumer keeps the broker's buffer text.
    c.change(&consumer, 2, "group.id=billing\nsession.timeout.ms=45000\nclient.id=x\n");
    let diags = c.diagnostics(&consumer);
    assert!(!codes(&diags).contains(&BOUNDS), "{diags:?}");
    // Closed unsaved: the text on disk bounds the timeout again.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": broker}}));
    let diags = c.diagnostics(&consumer);
    assert!(codes(&diags).contains(&BOUNDS), "{diags:?}");
    assert_eq!(c.stop(true), 0);
}

/// Random edits of a document among siblings, each sent to the server: every publication is
/// what a fresh, full lint of the same text gives (the document re-read only where it changed,
/// the siblings kept prepared, must change nothing a user sees).
#[test]
fn every_publication_after_random_edits_is_a_full_lints() {
    use crate::lint::{self, Input, Settings};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kafkalint.toml"), "[keys]\nallow = [\"app.*\"]\n").unwrap();
    std::fs::write(dir.path().join("server.properties"), broker_bounding(60000)).unwrap();
    std::fs::write(dir.path().join("producer.properties"), PRODUCER).unwrap();
    let path = dir.path().join("consumer.properties");
    let doc = uri(&path);
    // Pieces an edit inserts: whole settings (secrets, deprecated and duplicate keys, a
    // suppression, a bound the broker refuses), and the characters that change how lines read
    // (continuations, separators, escapes, comment markers, line ends).
    const PIECES: [&str; 22] = [
        "group.id=billing\n",
        "session.timeout.ms=90000\n",
        "session.timeout.ms=45000\n",
        "heartbeat.interval.ms=40000\n",
        "ssl.truststore.password=edit-secret-1\n",
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"edit-secret-2\";\n",
        "# kafkalint: disable=consumer/heartbeat-vs-session-timeout\n",
        "auto.offset.reset=latest\n",
        "app.x=1\n",
        "enable.auto.commit=true\n",
        "bootstrap.servers=kafka:9092\n",
        "\\\n",
        "\\",
        "=",
        ":",
        " ",
        "\n",
        "\r\n",
        "#",
        "\\u00e9",
        "é",
        "x",
    ];
    let mut seed = 0x5851_f42d_4c95_7f2du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut text: String = (0..40).map(|i| PIECES[i % 11]).collect::<String>() + &"app.filler=1\n".repeat(200);
    std::fs::write(&path, &text).unwrap();
    let companions: Vec<Input> =
        lint::companions(&path).into_iter().map(|p| Input { bytes: std::fs::read(&p).unwrap(), path: p }).collect();
    assert_eq!(companions.len(), 2);
    let full = |text: &str, version: i32| -> Value {
        let input = Input { path: path.clone(), bytes: text.as_bytes().to_vec() };
        let report = lint::lint(vec![input], &Settings { context: companions.clone(), ..Default::default() }).unwrap();
        serde_json::to_value(super::convert::Analysis::new(&doc, version, report).diagnostics).unwrap()
    };
    let mut c = Client::start_with(serde_json::from_str(WATCHING).unwrap());
    let first = c.open(&doc, &text);
    assert_eq!(Value::Array(first), full(&text, 1));
    let mut changed = 0;
    for version in 2..140 {
        let cut = |x: u64, t: &str| {
            let mut i = (x % (t.len() as u64 + 1)) as usize;
            while !t.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let (x, y) = (cut(next(), &text), cut(next(), &text));
        // Mostly typing (an insertion), sometimes a deletion or a replacement of a stretch.
        let to = if next() % 4 == 0 { x.max(y).min(x + 80) } else { x };
        let to = cut(to as u64, &text).max(x);
        let inserted: String = (0..next() % 3).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        let before = full(&text, version);
        // As a client of incremental sync sends it (ranges in the old text, UTF-16 columns),
        // sometimes as two changes (the deletion, then the insertion in the text it left), and
        // every third edit as the whole new text.
        let source = crate::source::SourceFile::new("", text.clone());
        let at = |o: usize| {
            let (line, character) = source.lsp_position(o);
            json!({"line": line, "character": character})
        };
        // A position between the `\r` and `\n` of one line end is none a client can name.
        let splits = |o: usize| o > 0 && text.as_bytes()[o - 1] == b'\r' && text.as_bytes().get(o) == Some(&b'\n');
        let changes = match version % 3 {
            _ if splits(x) || splits(to) => json!([{"text": text[..x].to_string() + &inserted + &text[to..]}]),
            0 => json!([{"text": text[..x].to_string() + &inserted + &text[to..]}]),
            // (Chosen without drawing from the generator: the texts stay the ones drawn before.)
            1 if (x + to) % 2 == 0 => json!([
                {"range": {"start": at(x), "end": at(to)}, "text": ""},
                {"range": {"start": at(x), "end": at(x)}, "text": inserted},
            ]),
            _ => json!([{"range": {"start": at(x), "end": at(to)}, "text": inserted}]),
        };
        text.replace_range(x..to, &inserted);
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": doc, "version": version}, "contentChanges": changes}));
        let published = Value::Array(c.diagnostics(&doc));
        let expected = full(&text, version);
        changed += usize::from(expected != before);
        assert_eq!(published, expected, "version {version}: {text:?}");
    }
    // The edits did change what is published (the comparison is not of empty lists).
    assert!(changed > 10, "{changed}");
    let leaked: Vec<&String> = c.transcript.iter().filter(|m| m.contains("edit-secret")).collect();
    assert!(leaked.is_empty(), "{leaked:?}");
    assert_eq!(c.stop(true), 0);
}

/// With a client that watches files, a document's companions are kept as a list between
/// keystrokes: a buffer opened beside it that is not on disk yet joins that list, and leaves it
/// when closed (the list is made again when the set of open documents changes).
#[test]
fn a_new_unsaved_sibling_joins_and_leaves_the_kept_companions() {
    let dir = tempfile::tempdir().unwrap();
    let consumer = uri(&dir.path().join("consumer.properties"));
    let broker = uri(&dir.path().join("server.properties"));
    let mut c = Client::start_with(serde_json::from_str(WATCHING).unwrap());
    let text = "group.id=billing\nsession.timeout.ms=45000\n";
    let diags = c.open(&consumer, text);
    assert!(!codes(&diags).contains(&BOUNDS), "{diags:?}");
    c.change(&consumer, 2, &format!("{text}client.id=x\n"));
    assert!(!codes(&c.diagnostics(&consumer)).contains(&BOUNDS));
    c.settle();
    // A new broker file, never saved: the consumer is checked against it.
    c.open(&broker, &broker_bounding(30000));
    c.settle();
    c.change(&consumer, 3, text);
    let diags = c.diagnostics(&consumer);
    assert!(codes(&diags).contains(&BOUNDS), "{diags:?}");
    // Closed unsaved: gone from the disk and the editor, gone from the consumer's deployment.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": broker}}));
    let diags = c.diagnostics(&consumer);
    assert!(!codes(&diags).contains(&BOUNDS), "{diags:?}");
    c.change(&consumer, 4, &format!("{text}client.id=y\n"));
    assert!(!codes(&c.diagnostics(&consumer)).contains(&BOUNDS));
    assert_eq!(c.stop(true), 0);
}

/// A `.properties` document becomes Spring Boot's when a `spring.kafka.*` key is typed into it
/// and Kafka's again when it is deleted; what the server keeps by entry (which entries set
/// `spring.kafka.*`, their secrets, their keys' classes) is moved along: every publication is a
/// full lint's.
#[test]
fn typing_a_spring_key_in_and_out_is_a_full_lints() {
    use crate::lint::{self, Input, Settings};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("application.properties");
    let doc = uri(&path);
    let base = format!("{}ssl.key.password=typed-secret-1\nacks=all\n", "bootstrap.servers=kafka:9092\nlinger.ms=5\n".repeat(30));
    std::fs::write(&path, &base).unwrap();
    let full = |text: &str, version: i32| -> Value {
        let input = Input { path: path.clone(), bytes: text.as_bytes().to_vec() };
        let report = lint::lint(vec![input], &Settings::default()).unwrap();
        serde_json::to_value(super::convert::Analysis::new(&doc, version, report).diagnostics).unwrap()
    };
    let mut c = Client::start_with(serde_json::from_str(WATCHING).unwrap());
    assert_eq!(Value::Array(c.open(&doc, &base)), full(&base, 1));
    let mut text = base.clone();
    // Type a Spring key at line 10 a piece at a time, then delete it a piece at a time.
    let line = "spring.kafka.consumer.group-id=g\n";
    let at = text.match_indices('\n').nth(9).unwrap().0 + 1;
    let mut version = 1;
    let mut spring_seen = false;
    for (i, ch) in line.char_indices() {
        version += 1;
        let column = i as u32;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc, "version": version}, "contentChanges": [{"range": {"start": {"line": 10, "character": column}, "end": {"line": 10, "character": column}}, "text": ch.to_string()}]}),
        );
        text.insert(at + i, ch);
        let published = Value::Array(c.diagnostics(&doc));
        assert_eq!(published, full(&text, version), "version {version}: {text:?}");
        spring_seen |= published.to_string().contains("spring/");
    }
    for _ in 0..line.len() {
        version += 1;
        // The first character of line 10 (the line end itself, last: up to the next line's start).
        let (end_line, end_character) = crate::source::SourceFile::new("", text.clone()).lsp_position(at + 1);
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": doc, "version": version}, "contentChanges": [{"range": {"start": {"line": 10, "character": 0}, "end": {"line": end_line, "character": end_character}}, "text": ""}]}),
        );
        text.remove(at);
        let published = Value::Array(c.diagnostics(&doc));
        assert_eq!(published, full(&text, version), "version {version}: {text:?}");
    }
    assert_eq!(text, base);
    assert!(spring_seen, "the document was read as Spring Boot's at some point");
    assert!(c.transcript.iter().all(|m| !m.contains("typed-secret")));
    assert_eq!(c.stop(true), 0);
}
