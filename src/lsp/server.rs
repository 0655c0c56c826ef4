//! The routing table and the document store.
//!
//! Messages are handled one at a time. A change marks documents dirty (the changed one and the
//! other open documents of its directory, which may read it as a deployment companion); dirty
//! documents are linted and published when no message is waiting, and before any request is
//! answered, so a burst of keystrokes costs one lint and a request always sees the current text.
//! The document just edited is linted first, and between two documents waiting messages are read:
//! the file being typed in is published first, and a keystroke is not held up behind the other
//! open files of its directory.
//!
//! The files beside a document (its deployment's companions, read as context) are cached: the
//! list of them per document and each one's bytes on disk, so a keystroke reads nothing from
//! disk. The cache is invalidated by what can change them: `workspace/didChangeWatchedFiles`
//! (registered when the client supports dynamic registration; a created or deleted file, or any
//! kafkalint.toml, drops every list), `didSave` (the file on disk changed), `didOpen`/`didChange`/
//! `didClose` of that file (an open buffer is read instead while it is open). A client that does
//! not watch files gets the same cache checked against each file's size and modification time,
//! and each list against its directory's and configuration file's modification times.

use super::complete;
use super::convert::{self, Analysis};
use super::framing::{self, Frame, FrameReader};
use super::hover;
use crate::config;
use crate::lint::{self, Input, Settings};
use crate::source::SourceFile;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::Url;
use serde::de::DeserializeOwned;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Serves the protocol on standard input and output until `exit`; returns the process exit code
/// (0 after `shutdown` then `exit`, 1 otherwise, as the protocol asks).
///
/// The base protocol is read by [`framing`]: a malformed message is answered with a JSON-RPC
/// error (or dropped) and the server keeps serving; nothing a client sends is written to
/// standard error.
pub fn run_stdio() -> i32 {
    let (server_side, client_side) = Connection::memory();
    let Connection { sender: to_server, receiver: from_server } = client_side;
    let writer = std::thread::spawn(move || {
        for msg in from_server {
            let mut out = std::io::stdout().lock();
            if msg.write(&mut out).is_err() {
                break;
            }
        }
    });
    // The reader is left to the process exit: it may be blocked on standard input.
    std::thread::spawn(move || {
        let mut reader = FrameReader::new(std::io::stdin().lock());
        loop {
            match reader.next_frame() {
                Frame::Eof => break,
                Frame::Message(m) => {
                    if to_server.send(m).is_err() {
                        break;
                    }
                }
                Frame::Error { id, code, message } => {
                    let body = framing::error_body(id.as_ref(), code, &message);
                    let mut out = std::io::stdout().lock();
                    if framing::write_frame(&mut out, &body).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let code = match run(&server_side) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kafkalint lsp: {e}");
            1
        }
    };
    drop(server_side);
    let _ = writer.join();
    code
}

/// A method name as quoted back in an error (a client may send anything as a name).
fn method_name(m: &str) -> String {
    if m.len() <= 80 {
        m.to_string()
    } else {
        format!("{}…", m.chars().take(80).collect::<String>())
    }
}

/// Serves one connection (stdio, or an in-memory pair in tests) until `exit` or disconnection.
pub fn run(connection: &Connection) -> Result<i32, String> {
    // Before `initialize`, a request is answered with ServerNotInitialized, a notification is
    // dropped (`exit` ends the server), a response is ignored (LSP 3.17, "Initialize Request").
    let (id, params) = loop {
        match connection.receiver.recv() {
            Err(_) => return Ok(1),
            Ok(Message::Request(req)) if req.method == "initialize" => break (req.id, req.params),
            Ok(Message::Request(req)) => {
                let message = format!("the server is not initialized: `{}` came before `initialize`", method_name(&req.method));
                let _ = connection.sender.send(Response::new_err(req.id, ErrorCode::ServerNotInitialized as i32, message).into());
            }
            Ok(Message::Notification(n)) if n.method == "exit" => return Ok(1),
            Ok(_) => {}
        }
    };
    let params: Option<lsp::InitializeParams> = serde_json::from_value(params).ok();
    let init = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "kafkalint", "version": env!("CARGO_PKG_VERSION") },
    });
    let _ = connection.sender.send(Response::new_ok(id, init).into());
    let watched = params.as_ref().is_some_and(watches_files);
    let mut server = Server {
        connection,
        docs: HashMap::new(),
        dirty: BTreeSet::new(),
        edited: Vec::new(),
        shown: HashSet::new(),
        siblings: SiblingCache { watched, ..SiblingCache::default() },
    };
    if watched {
        server.watch_files();
    }
    let mut shutdown = false;
    loop {
        let msg = if server.dirty.is_empty() {
            match connection.receiver.recv() {
                Ok(m) => m,
                Err(_) => return Ok(1),
            }
        } else {
            match connection.receiver.try_recv() {
                Ok(m) => m,
                Err(e) if e.is_empty() => {
                    server.flush_one();
                    continue;
                }
                Err(_) => return Ok(1),
            }
        };
        match msg {
            Message::Request(req) if req.method == "initialize" => server.send(
                Response::new_err(
                    req.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is already initialized: `initialize` may only be sent once".into(),
                )
                .into(),
            ),
            Message::Request(req) if shutdown => {
                server.send(Response::new_err(req.id, ErrorCode::InvalidRequest as i32, "the server is shutting down".into()).into())
            }
            Message::Request(req) if req.method == "shutdown" => {
                shutdown = true;
                server.send(Response::new_ok(req.id, ()).into());
            }
            Message::Request(req) => {
                server.flush();
                let id = req.id.clone();
                let method = method_name(&req.method);
                let response = catch_unwind(AssertUnwindSafe(|| server.request(req))).unwrap_or_else(|_| {
                    Response::new_err(id, ErrorCode::InternalError as i32, format!("kafkalint: internal error in {method}"))
                });
                server.send(response.into());
            }
            Message::Notification(n) if n.method == "exit" => return Ok(if shutdown { 0 } else { 1 }),
            Message::Notification(_) if shutdown => {}
            Message::Notification(n) => {
                let method = method_name(&n.method);
                if catch_unwind(AssertUnwindSafe(|| server.notification(n))).is_err() {
                    server.log(lsp::MessageType::ERROR, format!("kafkalint: internal error in {method}"));
                }
            }
            Message::Response(_) => {}
        }
    }
}

pub fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(lsp::TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(lsp::TextDocumentSyncKind::FULL),
            save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(lsp::SaveOptions { include_text: Some(false) })),
            ..Default::default()
        })),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions { trigger_characters: Some(vec![".".into(), "=".into()]), ..Default::default() }),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
            code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
            resolve_provider: Some(false),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// Whether the client can watch files for us (dynamic registration of `didChangeWatchedFiles`).
fn watches_files(p: &lsp::InitializeParams) -> bool {
    p.capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|c| c.dynamic_registration)
        .unwrap_or(false)
}

struct Doc {
    text: String,
    version: i32,
    language_id: String,
    /// The file the URI names (`None` for `untitled:` and other schemes).
    path: Option<PathBuf>,
    analysis: Option<Analysis>,
}

impl Doc {
    /// `.properties` files (and documents the editor calls properties), YAML and Go files in a
    /// format kafkalint reads; never kafkalint.toml.
    fn lintable(&self, uri: &Url) -> bool {
        let name = file_name(uri, self.path.as_deref());
        if config::FILE_NAMES.contains(&name.as_str()) {
            return false;
        }
        if name.ends_with(".properties") || self.language_id.contains("properties") {
            return true;
        }
        // Go code that imports a Kafka client library (sarama, goka, franz-go, confluent-kafka-go).
        if name.ends_with(".go") || self.language_id == "go" {
            return crate::formats::go::imports_kafka_client(&self.text);
        }
        // YAML documents in a format kafkalint reads (compose, Spring Boot, Strimzi), by content.
        (name.ends_with(".yml") || name.ends_with(".yaml") || self.language_id.contains("yaml") || self.language_id.contains("compose"))
            && crate::formats::detect(Path::new(&name), &self.text).is_some()
    }
}

fn file_name(uri: &Url, path: Option<&Path>) -> String {
    match path.and_then(Path::file_name) {
        Some(n) => n.to_string_lossy().into_owned(),
        None => uri.path().rsplit('/').next().unwrap_or_default().to_string(),
    }
}

struct Server<'c> {
    connection: &'c Connection,
    docs: HashMap<Url, Doc>,
    dirty: BTreeSet<Url>,
    /// The documents edited, opened or saved themselves, most recent last: linted first.
    edited: Vec<Url>,
    /// Messages already shown (a broken kafkalint.toml is reported once).
    shown: HashSet<String>,
    siblings: SiblingCache,
}

/// When a cached file or list was read: (size, modification time) of what it depends on.
type Stamp = Option<(u64, std::time::SystemTime)>;

fn stamp(p: &Path) -> Stamp {
    let m = std::fs::metadata(p).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// A document's companions, with the stamps of what chose them (its directory, its config file).
type CachedList = (Vec<PathBuf>, Vec<(PathBuf, Stamp)>);

/// A companion's bytes on disk (`None`: unreadable), with its stamp.
type CachedFile = (Option<std::sync::Arc<Vec<u8>>>, Stamp);

/// The companion files of open documents, as read from disk (see the module documentation).
#[derive(Default)]
struct SiblingCache {
    /// The client reports changes on disk (`workspace/didChangeWatchedFiles`): no stat needed.
    watched: bool,
    /// Per document path: its companions, and the stamps of its directory and of the
    /// configuration file that chose them.
    lists: HashMap<PathBuf, CachedList>,
    /// Per companion path: its bytes (`None`: unreadable) and its stamp.
    files: HashMap<PathBuf, CachedFile>,
    /// Disk reads of companion files since the start (tests check that a keystroke reads none).
    reads: usize,
}

impl SiblingCache {
    fn clear(&mut self) {
        self.lists.clear();
        self.files.clear();
    }

    /// Forgets one file on disk; a file created or deleted (or a configuration file) changes
    /// which files are companions: every list goes.
    fn forget(&mut self, path: &Path, listing_changed: bool) {
        self.files.remove(path);
        if listing_changed || config::FILE_NAMES.iter().any(|n| path.file_name().is_some_and(|f| f == *n)) {
            self.lists.clear();
        }
    }

    fn companions(&mut self, path: &Path) -> Vec<PathBuf> {
        if let Some((list, deps)) = self.lists.get(path) {
            if self.watched || deps.iter().all(|(p, s)| stamp(p) == *s) {
                return list.clone();
            }
        }
        let config = config::Config::discover(path);
        let loaded = config.as_deref().and_then(|p| config::Config::load(p).ok());
        let list = lint::companions_with(path, loaded.as_ref());
        let mut deps: Vec<(PathBuf, Stamp)> = Vec::new();
        if !self.watched {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            deps.push((dir.to_path_buf(), stamp(dir)));
            if let Some(c) = config {
                deps.push((c.clone(), stamp(&c)));
            }
        }
        self.lists.insert(path.to_path_buf(), (list.clone(), deps));
        list
    }

    /// A companion's bytes on disk (bounded, as the command line reads inputs: a FIFO or
    /// `/dev/zero` beside the document must not hang or exhaust the server).
    fn bytes(&mut self, path: &Path) -> Option<std::sync::Arc<Vec<u8>>> {
        if let Some((bytes, s)) = self.files.get(path) {
            if self.watched || stamp(path) == *s {
                return bytes.clone();
            }
        }
        let s = if self.watched { None } else { stamp(path) };
        self.reads += 1;
        let bytes = crate::cli::read_bounded(path).ok().map(std::sync::Arc::new);
        self.files.insert(path.to_path_buf(), (bytes.clone(), s));
        bytes
    }
}

impl Server<'_> {
    fn send(&self, msg: Message) {
        // A client that went away ends the loop on the next receive.
        let _ = self.connection.sender.send(msg);
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params).into());
    }

    /// Asks the client to report changes to `.properties` files and kafkalint.toml on disk (a
    /// broker file changed by `git pull`, a config edited elsewhere): open documents are re-linted.
    fn watch_files(&self) {
        let watchers = ["**/*.properties", "**/kafkalint.toml", "**/.kafkalint.toml"]
            .map(|g| lsp::FileSystemWatcher { glob_pattern: lsp::GlobPattern::String(g.to_string()), kind: None })
            .to_vec();
        let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = lsp::Registration {
            id: "kafkalint-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let params = lsp::RegistrationParams { registrations: vec![registration] };
        // The answer (a Response) is ignored by the main loop.
        self.send(Request::new(RequestId::from("kafkalint/watch".to_string()), "client/registerCapability".into(), params).into());
    }

    fn log(&self, typ: lsp::MessageType, message: String) {
        self.notify::<lsp::notification::LogMessage>(lsp::LogMessageParams { typ, message });
    }

    fn request(&mut self, req: Request) -> Response {
        use lsp::request::{CodeActionRequest, Completion, HoverRequest, Request as _};
        let id = req.id.clone();
        match req.method.as_str() {
            HoverRequest::METHOD => self.answer(req, |s, p: lsp::HoverParams| {
                let tdp = p.text_document_position_params;
                s.analysis(&tdp.text_document.uri).and_then(|a| hover::hover(a, tdp.position))
            }),
            Completion::METHOD => self.answer(req, |s, p: lsp::CompletionParams| {
                let tdp = p.text_document_position;
                s.analysis(&tdp.text_document.uri).and_then(|a| complete::complete(a, tdp.position))
            }),
            CodeActionRequest::METHOD => self.answer(req, |s, p: lsp::CodeActionParams| {
                let a = s.analysis(&p.text_document.uri);
                Some(convert::code_actions(&p, a))
            }),
            _ => Response::new_err(id, ErrorCode::MethodNotFound as i32, format!("kafkalint does not handle {}", method_name(&req.method))),
        }
    }

    fn answer<P: DeserializeOwned, R: serde::Serialize>(&mut self, req: Request, f: impl FnOnce(&Self, P) -> Option<R>) -> Response {
        match serde_json::from_value::<P>(req.params) {
            Ok(p) => {
                let result = f(self, p);
                match serde_json::to_value(result) {
                    Ok(v) => Response::new_ok(req.id, v),
                    Err(e) => err(req.id, ErrorCode::InternalError, e.to_string()),
                }
            }
            // Not serde's message: it quotes the offending value, which may be a document's text.
            Err(_) => err(req.id, ErrorCode::InvalidParams, format!("invalid parameters for {}", method_name(&req.method))),
        }
    }

    fn analysis(&self, uri: &Url) -> Option<&Analysis> {
        self.docs.get(uri)?.analysis.as_ref()
    }

    fn notification(&mut self, n: Notification) {
        use lsp::notification::{
            DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
        };
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Some(p) = params::<lsp::DidOpenTextDocumentParams>(n) else { return };
                let td = p.text_document;
                let path = td.uri.to_file_path().ok();
                if let Some(p) = &path {
                    self.siblings.forget(p, false);
                }
                let doc = Doc { text: td.text, version: td.version, language_id: td.language_id, path, analysis: None };
                self.docs.insert(td.uri.clone(), doc);
                self.touch(&td.uri);
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = params::<lsp::DidChangeTextDocumentParams>(n) else { return };
                let uri = p.text_document.uri;
                let Some(doc) = self.docs.get_mut(&uri) else { return };
                for change in p.content_changes {
                    apply_change(&mut doc.text, change);
                }
                doc.version = p.text_document.version;
                if let Some(path) = doc.path.clone() {
                    self.siblings.forget(&path, false);
                }
                self.touch(&uri);
            }
            DidSaveTextDocument::METHOD => {
                let Some(p) = params::<lsp::DidSaveTextDocumentParams>(n) else { return };
                let uri = p.text_document.uri;
                if let (Some(doc), Some(text)) = (self.docs.get_mut(&uri), p.text) {
                    doc.text = text;
                }
                let path = uri.to_file_path().ok();
                if let Some(p) = &path {
                    // Saved: the text on disk changed (a new file: the directory's list too).
                    self.siblings.forget(p, !self.siblings.files.contains_key(p.as_path()));
                }
                if config::FILE_NAMES.contains(&file_name(&uri, path.as_deref()).as_str()) {
                    self.siblings.clear();
                    self.touch_all();
                } else {
                    self.touch(&uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                let Some(p) = params::<lsp::DidCloseTextDocumentParams>(n) else { return };
                let uri = p.text_document.uri;
                if let Some(doc) = self.docs.remove(&uri) {
                    self.dirty.remove(&uri);
                    if let Some(p) = &doc.path {
                        // Maybe never saved, or saved elsewhere: read again from disk.
                        self.siblings.forget(p, true);
                    }
                    if doc.analysis.is_some() {
                        self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                            uri: uri.clone(),
                            diagnostics: Vec::new(),
                            version: None,
                        });
                    }
                    // Its siblings now read the file from disk.
                    if let Some(dir) = doc.path.as_deref().and_then(Path::parent) {
                        self.touch_dir(dir);
                    }
                }
            }
            DidChangeWatchedFiles::METHOD => {
                match params::<lsp::DidChangeWatchedFilesParams>(n) {
                    Some(p) => {
                        for change in p.changes {
                            match change.uri.to_file_path() {
                                Ok(path) => self.siblings.forget(&path, change.typ != lsp::FileChangeType::CHANGED),
                                Err(_) => self.siblings.clear(),
                            }
                        }
                    }
                    None => self.siblings.clear(),
                }
                self.touch_all();
            }
            _ => {}
        }
    }

    /// Marks a document and the other open documents of its directory for linting.
    fn touch(&mut self, uri: &Url) {
        self.dirty.insert(uri.clone());
        self.edited.retain(|u| u != uri);
        self.edited.push(uri.clone());
        if let Some(dir) = self.docs.get(uri).and_then(|d| d.path.as_deref()).and_then(Path::parent).map(Path::to_path_buf) {
            self.touch_dir(&dir);
        }
    }

    fn touch_dir(&mut self, dir: &Path) {
        for (uri, doc) in &self.docs {
            if doc.path.as_deref().and_then(Path::parent) == Some(dir) {
                self.dirty.insert(uri.clone());
            }
        }
    }

    fn touch_all(&mut self) {
        self.dirty.extend(self.docs.keys().cloned());
    }

    /// Lints and publishes every dirty document.
    fn flush(&mut self) {
        while !self.dirty.is_empty() {
            self.flush_one();
        }
    }

    /// Lints and publishes one dirty document: the one edited last, else the first.
    fn flush_one(&mut self) {
        let next = loop {
            match self.edited.pop() {
                Some(u) if self.dirty.contains(&u) => break Some(u),
                Some(_) => continue,
                None => break self.dirty.iter().next().cloned(),
            }
        };
        let Some(uri) = next else { return };
        self.dirty.remove(&uri);
        {
            let Some(doc) = self.docs.get(&uri) else { return };
            if !doc.lintable(&uri) {
                return;
            }
            let version = doc.version;
            let analysed = catch_unwind(AssertUnwindSafe(|| self.analyse(&uri)));
            let Ok(Some(report)) = analysed else {
                self.log(lsp::MessageType::ERROR, format!("kafkalint: internal error while linting {uri}"));
                return;
            };
            let analysis = Analysis::new(&uri, version, report);
            self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics: analysis.diagnostics.clone(),
                version: Some(version),
            });
            if let Some(doc) = self.docs.get_mut(&uri) {
                doc.analysis = Some(analysis);
            }
        }
    }

    /// Lints one open document through the one pipeline, its directory's other `.properties`
    /// files (open buffers over disk text) as context.
    fn analyse(&mut self, uri: &Url) -> Option<lint::Report> {
        let doc = self.docs.get(uri)?;
        let (path, isolated) = match &doc.path {
            Some(p) => (p.clone(), false),
            None => (PathBuf::from(file_name(uri, None)), true),
        };
        let input = Input { path: path.clone(), bytes: doc.text.clone().into_bytes() };
        let context = if isolated { Vec::new() } else { self.context(&path) };
        let settings = Settings { isolated, context, ..Default::default() };
        match lint::lint(vec![input.clone()], &settings) {
            Ok(r) => Some(r),
            Err(e) => {
                // A broken kafkalint.toml: say so once, and lint without it meanwhile.
                if self.shown.insert(e.clone()) {
                    self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
                        typ: lsp::MessageType::ERROR,
                        message: format!("kafkalint: {e} (linting without the configuration file until it is fixed)"),
                    });
                }
                lint::lint(vec![input], &Settings { isolated: true, ..settings }).ok()
            }
        }
    }

    fn open_text(&self, path: &Path) -> Option<&str> {
        self.docs.values().find(|d| d.path.as_deref() == Some(path)).map(|d| d.text.as_str())
    }

    /// The document's companions (cached, see [`SiblingCache`]): open buffers over disk text.
    fn context(&mut self, path: &Path) -> Vec<Input> {
        let mut out: Vec<Input> = Vec::new();
        for p in self.siblings.companions(path) {
            let bytes = match self.open_text(&p) {
                Some(t) => t.as_bytes().to_vec(),
                None => match self.siblings.bytes(&p) {
                    Some(b) => b.as_ref().clone(),
                    None => continue,
                },
            };
            out.push(Input { path: p, bytes });
        }
        // Open buffers of the directory not on disk yet.
        for (uri, doc) in &self.docs {
            let Some(p) = doc.path.as_deref() else { continue };
            if p != path && p.parent() == path.parent() && doc.lintable(uri) && !out.iter().any(|i| i.path == p) {
                out.push(Input { path: p.to_path_buf(), bytes: doc.text.clone().into_bytes() });
            }
        }
        out
    }
}

fn err(id: RequestId, code: ErrorCode, message: String) -> Response {
    Response::new_err(id, code as i32, message)
}

fn params<P: DeserializeOwned>(n: Notification) -> Option<P> {
    serde_json::from_value(n.params).ok()
}

/// Applies one content change: the whole text (what we ask for), or a range (tolerated).
fn apply_change(text: &mut String, change: lsp::TextDocumentContentChangeEvent) {
    let Some(r) = change.range else {
        *text = change.text;
        return;
    };
    let source = SourceFile::new("", std::mem::take(text));
    let a = source.offset_of_lsp(r.start.line, r.start.character);
    let b = source.offset_of_lsp(r.end.line, r.end.character);
    let (a, b) = (a.min(b), a.max(b));
    let mut t = source.text;
    t.replace_range(a..b, &change.text);
    *text = t;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_changes_are_tolerated() {
        let mut t = "acks=1\nlinger.ms=5\n".to_string();
        let range = lsp::Range { start: lsp::Position { line: 0, character: 5 }, end: lsp::Position { line: 0, character: 6 } };
        apply_change(&mut t, lsp::TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: "all".into() });
        assert_eq!(t, "acks=all\nlinger.ms=5\n");
        // Out of range and reversed positions are clamped, never a panic.
        let range = lsp::Range { start: lsp::Position { line: 9, character: 9 }, end: lsp::Position { line: 0, character: 99 } };
        apply_change(&mut t, lsp::TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: "x".into() });
        assert_eq!(t, "acks=allx");
    }
}
