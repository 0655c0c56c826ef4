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
//! list of them per document, each one's bytes on disk, and each one read as the linter reads a
//! context file (units, roles, versions, redaction: [`lint::prepare_context`]), so a keystroke
//! reads and parses nothing but the document ([`lint::lint_prepared`]). A configuration file
//! changed drops every prepared file. The cache is invalidated by what can change them: `workspace/didChangeWatchedFiles`
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
use crate::rules::schema::keys::ClassPrior;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::Url;
use serde::de::DeserializeOwned;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Serves the protocol on standard input and output until `exit`; returns the process exit code
/// (0 after `shutdown` then `exit`, 1 otherwise, as the protocol asks).
///
/// The base protocol is read by [`framing`]: a malformed message is answered with a JSON-RPC
/// error (or dropped) and the server keeps serving; nothing a client sends is written to
/// standard error.
pub fn run_stdio() -> i32 {
    keep_freed_memory();
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
            // Ranges: a keystroke in a 10,000-line file sends the characters typed, not 300 KB
            // the server would decode and compare (a change without a range is a whole text,
            // which every client may still send).
            change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
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
    /// Per companion path: the file read as the linter reads a context file (units, roles,
    /// versions, redaction), from the text `files` holds or its open buffer. Dropped wherever
    /// `files` drops the path, and whenever a configuration file changes.
    prepared: HashMap<PathBuf, Prepared>,
    /// Disk reads of companion files since the start (tests check that a keystroke reads none).
    reads: usize,
    /// Companion files prepared since the start (tests check that a keystroke prepares none).
    preparations: usize,
    /// Changes to what the cache holds or to the set of open documents: a document's context
    /// (below) is current while this is what it was built at.
    generation: u64,
    /// Per document path, with a client that watches files: its companions prepared, as
    /// [`Server::prepared_context`] last gave them, and the generation then (a keystroke reuses
    /// them, not looking up 500 files one by one).
    contexts: HashMap<PathBuf, (u64, Vec<std::sync::Arc<lint::PreparedContext>>)>,
}

/// A companion prepared for [`lint::lint_prepared`], with what it was read from.
struct Prepared {
    context: std::sync::Arc<lint::PreparedContext>,
    /// Read from an open buffer (else from the bytes on disk, with their stamp).
    buffer: bool,
    stamp: Stamp,
    /// The configuration file it was read with, and that file's stamp (for a client that does
    /// not watch files).
    config: Option<(PathBuf, Stamp)>,
}

impl SiblingCache {
    fn clear(&mut self) {
        self.lists.clear();
        self.files.clear();
        self.prepared.clear();
        self.changed();
    }

    /// Something a document's context is made of changed (see [`SiblingCache::contexts`]).
    fn changed(&mut self) {
        self.generation += 1;
        self.contexts.clear();
    }

    /// Forgets one file on disk; a file created or deleted (or a configuration file) changes
    /// which files are companions: every list goes.
    fn forget(&mut self, path: &Path, listing_changed: bool) {
        let held = self.files.remove(path).is_some() | self.prepared.remove(path).is_some();
        let is_config = config::FILE_NAMES.iter().any(|n| path.file_name().is_some_and(|f| f == *n));
        if is_config {
            // Every prepared file was read with some configuration.
            self.prepared.clear();
        }
        if listing_changed || is_config {
            self.lists.clear();
        }
        if held || listing_changed || is_config {
            self.changed();
        }
    }

    fn companions(&mut self, path: &Path) -> Vec<PathBuf> {
        if let Some((list, deps)) = self.lists.get(path) {
            if self.watched || deps.iter().all(|(p, s)| stamp(p) == *s) {
                return list.clone();
            }
            // The directory or its configuration changed under a client that does not watch.
            self.prepared.clear();
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
        self.changed();
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
        // New bytes: what was prepared from the old ones goes.
        self.prepared.remove(path);
        let bytes = crate::cli::read_bounded(path).ok().map(std::sync::Arc::new);
        self.files.insert(path.to_path_buf(), (bytes.clone(), s));
        self.changed();
        bytes
    }

    /// A companion prepared for linting (`Ok(None)`: unreadable), from its open buffer `open` or
    /// its bytes on disk; prepared again only when those changed (see [`SiblingCache::prepared`]).
    fn prepare(&mut self, path: &Path, open: Option<&str>) -> Result<Option<std::sync::Arc<lint::PreparedContext>>, String> {
        if let Some(p) = self.prepared.get(path) {
            let current = match open {
                Some(_) => p.buffer,
                None => !p.buffer && (self.watched || (stamp(path) == p.stamp && p.config.as_ref().is_none_or(|(c, s)| stamp(c) == *s))),
            };
            if current {
                return Ok(Some(p.context.clone()));
            }
        }
        let (bytes, file_stamp) = match open {
            Some(t) => (t.as_bytes().to_vec(), None),
            None => match self.bytes(path) {
                Some(b) => (b.as_ref().clone(), self.files.get(path).and_then(|f| f.1)),
                None => return Ok(None),
            },
        };
        self.preparations += 1;
        let context = std::sync::Arc::new(lint::prepare_context(Input { path: path.to_path_buf(), bytes }, &Settings::default())?);
        let config = if self.watched { None } else { context.config_path().map(|c| (c.to_path_buf(), stamp(c))) };
        self.prepared.insert(path.to_path_buf(), Prepared { context: context.clone(), buffer: open.is_some(), stamp: file_stamp, config });
        self.changed();
        Ok(Some(context))
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
                // An open buffer is read in place of the disk (or is a companion not on disk yet).
                self.siblings.changed();
                self.touch(&td.uri);
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = params::<lsp::DidChangeTextDocumentParams>(n) else { return };
                let uri = p.text_document.uri;
                let Some(doc) = self.docs.get_mut(&uri) else { return };
                let lintable = doc.lintable(&uri);
                for change in p.content_changes {
                    apply_change(&mut doc.text, change);
                }
                doc.version = p.text_document.version;
                // A buffer that became or stopped being one kafkalint reads (a YAML file now a
                // compose file) joins or leaves its siblings' contexts.
                if doc.lintable(&uri) != lintable {
                    self.siblings.changed();
                }
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
                    self.siblings.changed();
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
            let Analysed { report, secrets, spring, context } = report;
            let mut analysis = Analysis::new(&uri, version, report);
            analysis.secrets = secrets;
            analysis.spring = spring;
            analysis.context = context;
            // Serialised from the analysis as it is kept, not from a copy of its diagnostics.
            let params = Publish { uri: &uri, diagnostics: &analysis.diagnostics, version: Some(version) };
            self.send(
                Notification::new(<lsp::notification::PublishDiagnostics as lsp::notification::Notification>::METHOD.into(), params).into(),
            );
            if let Some(doc) = self.docs.get_mut(&uri) {
                drop_later(doc.analysis.replace(analysis));
            }
        }
    }

    /// Lints one open document through the one pipeline, its directory's other `.properties`
    /// files (open buffers over disk text) as context; with the document's secrets line by
    /// line when it was re-read ([`Server::reread`]), and the prepared companions it was linted
    /// with.
    fn analyse(&mut self, uri: &Url) -> Option<Analysed> {
        let doc = self.docs.get(uri)?;
        let (path, isolated) = match &doc.path {
            Some(p) => (p.clone(), false),
            None => (PathBuf::from(file_name(uri, None)), true),
        };
        let (parsed, (secrets, spring), kept) = match self.reread(uri) {
            Some((parsed, by_entry, kept)) => (Some(parsed), (Some(by_entry.0), Some(by_entry.1)), Some(kept)),
            None => (None, (None, None), None),
        };
        let input = |s: &Self| s.docs.get(uri).map(|d| Input { path: path.clone(), bytes: d.text.clone().into_bytes() });
        // The companions as prepared before (a keystroke re-reads only the document); a
        // configuration error in one of them is reported as the plain run reports it.
        let prepared = if isolated { Err(String::new()) } else { self.prepared_context(&path) };
        let (result, context) = match prepared {
            Ok(context) => {
                // The last report's copies of the same companions' units, taken back.
                let reuse = match kept {
                    Some((old, units)) if old.len() == context.len() && old.iter().zip(&context).all(|(a, b)| Arc::ptr_eq(a, b)) => units,
                    _ => Vec::new(),
                };
                (lint::lint_prepared_parsed(vec![input(self)?], vec![parsed], &Settings::default(), &context, reuse), context)
            }
            Err(_) => {
                let context = if isolated { Vec::new() } else { self.context(&path) };
                (lint::lint(vec![input(self)?], &Settings { isolated, context, ..Default::default() }), Vec::new())
            }
        };
        match result {
            Ok(report) => Some(Analysed { report, secrets, spring, context }),
            Err(e) => {
                // A broken kafkalint.toml: say so once, and lint without it meanwhile.
                if self.shown.insert(e.clone()) {
                    self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
                        typ: lsp::MessageType::ERROR,
                        message: format!("kafkalint: {e} (linting without the configuration file until it is fixed)"),
                    });
                }
                let context = if isolated { Vec::new() } else { self.context(&path) };
                let report = lint::lint(vec![input(self)?], &Settings { isolated: true, context, ..Default::default() }).ok()?;
                Some(Analysed { report, secrets, spring, context: Vec::new() })
            }
        }
    }

    /// The document's `.properties` text parsed, from its last analysis's document: only the lines
    /// changed since are read again ([`crate::properties::reparse_spliced`]), and only their
    /// secrets are looked for (those of the others are moved, [`crate::redact::DocSecrets`]); that
    /// analysis is given up (this lint replaces it). `None` when there is nothing to start from (a
    /// first lint, a unit of another format, a binary file).
    fn reread(&mut self, uri: &Url) -> Option<(lint::Parsed, (crate::redact::DocSecrets, Vec<bool>), KeptContext)> {
        let doc = self.docs.get_mut(uri)?;
        let old = doc.analysis.as_mut()?;
        let kept = old.secrets.take();
        let spring_kept = old.spring.take();
        let f = old.report.files.iter_mut().find(|f| !f.context && f.file.input == 0)?;
        let l = &mut f.file;
        if l.unit.is_some() || l.not_read.is_some() || l.binary_at.is_some() || l.format != crate::formats::Format::Properties {
            return None;
        }
        let old_entries = l.doc.entries.len();
        // The keys' classes as the last lint worked them out, by entry, for the same role, version
        // and allowed keys (the rules' classification of every key, `keys::classes`).
        let classes = l
            .role
            .zip(l.classes.take())
            .map(|(role, list)| (ClassPrior { role, release: l.release, allow: std::mem::take(&mut l.allow), by_entry: Vec::new() }, list));
        let last = std::mem::take(&mut l.last);
        let (parsed, splice) = crate::properties::reparse_spliced(&l.source.text, std::mem::take(&mut l.doc), &doc.text);
        // The key index moved along (only the keys of the lines read again looked up).
        let last = splice.map(|sp| crate::model::reindex(last, &parsed, sp.entries));
        // The companions' units, copies of the prepared ones the report was made with.
        // (Sized at once: a unit is a large struct, and a growing vector moved them again and again.)
        let mut units: Vec<crate::model::LintFile> = Vec::with_capacity(old.report.files.len());
        units.extend(old.report.files.drain(..).filter(|f| f.context).map(|f| f.file));
        let kept_context = (std::mem::take(&mut old.context), units);
        drop_later(doc.analysis.take());
        // Each class put at its entry's new index in one pass (the entries kept before the lines
        // read again, and those moved after them; none for the lines read again), instead of
        // laid out by old index first.
        let classes = classes.zip(splice).map(|((mut prior, list), splice)| {
            let m = splice.entries;
            let new_entries = parsed.entries.len();
            let mut by_entry = vec![None; new_entries];
            let moved = new_entries.saturating_sub(m.new_from).min(old_entries.saturating_sub(m.old_from));
            for &(o, class) in &list {
                let n = if o < m.kept.min(old_entries) {
                    Some(o)
                } else if o >= m.old_from && o - m.old_from < moved {
                    Some(o - m.old_from + m.new_from)
                } else {
                    None
                };
                if let Some(slot) = n.and_then(|n| by_entry.get_mut(n)) {
                    *slot = Some(class);
                }
            }
            #[cfg(debug_assertions)]
            {
                let mut old = vec![None; old_entries];
                for &(i, class) in &list {
                    if let Some(slot) = old.get_mut(i) {
                        *slot = Some(class);
                    }
                }
                let mut again = vec![None; new_entries];
                let kept = (0..m.kept).zip(0..m.kept);
                for (n, o) in kept.chain((m.new_from..new_entries).zip(m.old_from..old.len())) {
                    if let Some(slot) = again.get_mut(n) {
                        *slot = old.get(o).copied().flatten();
                    }
                }
                debug_assert_eq!(format!("{by_entry:?}"), format!("{again:?}"), "the classes moved in one pass");
            }
            prior.by_entry = by_entry;
            prior
        });
        let secrets = match (kept, splice) {
            (Some(kept), Some(splice)) => kept.spliced(&doc.text, &parsed, &splice),
            _ => crate::redact::DocSecrets::of(&doc.text, &parsed),
        };
        let known = secrets.secrets(&doc.text);
        // Which entries set `spring.kafka.*`, moved along too.
        let is_spring = |e: &crate::properties::Entry| {
            crate::formats::spring::is_spring_document(&crate::properties::Document { entries: vec![e.clone()], ..Default::default() })
        };
        let spring: Vec<bool> = match (spring_kept, splice) {
            (Some(old), Some(sp)) if old.len() == sp.entries.old_from + (parsed.entries.len() - sp.entries.new_from) => {
                let m = sp.entries;
                let mut bits = Vec::with_capacity(parsed.entries.len());
                bits.extend_from_slice(&old[..m.kept]);
                bits.extend(parsed.entries[m.kept..m.new_from].iter().map(is_spring));
                bits.extend_from_slice(&old[m.old_from..]);
                bits
            }
            _ => parsed.entries.iter().map(is_spring).collect(),
        };
        let any_spring = spring.iter().any(|&b| b);
        let parsed = lint::Parsed { doc: parsed, secrets: Some(known), classes, last, spring: Some(any_spring) };
        Some((parsed, (secrets, spring), kept_context))
    }

    fn open_text(&self, path: &Path) -> Option<&str> {
        self.docs.values().find(|d| d.path.as_deref() == Some(path)).map(|d| d.text.as_str())
    }

    /// [`Server::context`], prepared (see [`SiblingCache::prepare`]).
    fn prepared_context(&mut self, path: &Path) -> Result<Vec<std::sync::Arc<lint::PreparedContext>>, String> {
        // Without a watcher every file is checked against its stamp: nothing is reused unchecked.
        let watched = self.siblings.watched;
        if let Some((generation, context)) = self.siblings.contexts.get(path).filter(|_| watched) {
            if *generation == self.siblings.generation {
                return Ok(context.clone());
            }
        }
        let out = self.prepare_context(path)?;
        if watched {
            let generation = self.siblings.generation;
            self.siblings.contexts.insert(path.to_path_buf(), (generation, out.clone()));
        }
        Ok(out)
    }

    /// [`Server::prepared_context`] made afresh.
    fn prepare_context(&mut self, path: &Path) -> Result<Vec<std::sync::Arc<lint::PreparedContext>>, String> {
        let mut out = Vec::new();
        let mut seen: HashSet<PathBuf> = HashSet::new();
        let docs = &self.docs;
        let open_text = |p: &Path| docs.values().find(|d| d.path.as_deref() == Some(p)).map(|d| d.text.as_str());
        for p in self.siblings.companions(path) {
            if let Some(c) = self.siblings.prepare(&p, open_text(&p))? {
                out.push(c);
                seen.insert(p);
            }
        }
        // Open buffers of the directory not on disk yet.
        for (uri, doc) in docs {
            let Some(p) = doc.path.as_deref() else { continue };
            if p != path && p.parent() == path.parent() && doc.lintable(uri) && !seen.contains(p) {
                if let Some(c) = self.siblings.prepare(p, Some(&doc.text))? {
                    out.push(c);
                    seen.insert(p.to_path_buf());
                }
            }
        }
        Ok(out)
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

/// A document's lint: the report, the document's secrets line by line (when it was re-read),
/// and the prepared companions the report was made with.
struct Analysed {
    report: lint::Report,
    secrets: Option<crate::redact::DocSecrets>,
    spring: Option<Vec<bool>>,
    context: Vec<Arc<lint::PreparedContext>>,
}

/// The prepared companions of a document's last lint, and their units taken back from its report.
type KeptContext = (Vec<Arc<lint::PreparedContext>>, Vec<crate::model::LintFile>);

/// [`lsp::PublishDiagnosticsParams`] by reference (the same JSON).
#[derive(serde::Serialize)]
struct Publish<'a> {
    uri: &'a Url,
    diagnostics: &'a [lsp::Diagnostic],
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
}

/// Frees an old analysis (a report of every file of the deployment: tens of thousands of
/// allocations for a large document) on a thread of its own, not between a keystroke and its
/// diagnostics; on this thread if that thread cannot be started.
/// The server's allocations kept in the process once freed, instead of handed back to the
/// system and faulted in again page by page. A keystroke in a 10,000-line document among 500
/// companions builds and frees several vectors of hundreds of kilobytes (the report's 501
/// units alone are 630 KB): glibc serves such a block with `mmap` (or trims the heap's top after
/// freeing it), so each keystroke cleared and faulted in fresh pages, a tenth of the server's
/// CPU time. With fixed thresholds glibc keeps blocks up to 32 MiB in its heaps and trims a heap
/// only past 256 MiB free at its top: the server holds at most about its peak use, which a
/// language server keeps anyway. glibc's `mallopt` (malloc.h): `M_TRIM_THRESHOLD` is -1,
/// `M_MMAP_THRESHOLD` -3; it returns 0 on an error, which leaves the defaults.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
        }
        const M_TRIM_THRESHOLD: std::ffi::c_int = -1;
        const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
        // SAFETY: mallopt sets two of the allocator's parameters under its lock; nothing else
        // is touched.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 32 << 20);
            mallopt(M_TRIM_THRESHOLD, 256 << 20);
        }
    }
}

fn drop_later(old: Option<Analysis>) {
    static FREE: std::sync::OnceLock<Option<std::sync::mpsc::Sender<Analysis>>> = std::sync::OnceLock::new();
    let Some(old) = old else { return };
    let sender = FREE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Analysis>();
        std::thread::Builder::new().name("kafkalint-free".into()).spawn(move || rx.into_iter().for_each(drop)).ok()?;
        Some(tx)
    });
    // Without the thread (or with it gone), dropped here.
    if let Some(tx) = sender {
        let _ = tx.send(old);
    }
}

fn err(id: RequestId, code: ErrorCode, message: String) -> Response {
    Response::new_err(id, code as i32, message)
}

fn params<P: DeserializeOwned>(n: Notification) -> Option<P> {
    serde_json::from_value(n.params).ok()
}

/// Applies one content change: a range replaced (what we ask for), or the whole text.
fn apply_change(text: &mut String, change: lsp::TextDocumentContentChangeEvent) {
    let Some(r) = change.range else {
        *text = change.text;
        return;
    };
    let a = offset_of_lsp(text, r.start.line, r.start.character);
    let b = offset_of_lsp(text, r.end.line, r.end.character);
    let (a, b) = (a.min(b), a.max(b));
    text.replace_range(a..b, &change.text);
}

/// [`crate::source::SourceFile::offset_of_lsp`] (the same lines, `\n`, `\r\n` or `\r`, and the same clamping),
/// without a table of every line start: a keystroke looks up two positions.
fn offset_of_lsp(text: &str, line: u32, character: u32) -> usize {
    let b = text.as_bytes();
    let mut start = 0;
    for _ in 0..line {
        let Some(i) = crate::bytes::find2(b'\n', b'\r', &b[start..]) else { return text.len() };
        let at = start + i;
        start = if b[at] == b'\r' && b.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
    }
    let mut units = 0u32;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' || c == '\r' {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files of every kind the server prepares as companions (brokers, clients with secrets and a
    /// suppression, a compose file whose client takes its brokers' version, a Spring file, a
    /// file that is not Kafka's, a broken YAML file, a binary one): linting with them prepared
    /// gives the report the plain run gives with them as context, to the byte.
    #[test]
    fn prepared_companions_give_the_plain_report() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("kafkalint.toml"),
            "[keys]\nallow = [\"app.*\"]\n[rules]\n\"consumer/heartbeat-vs-session-timeout\" = \"error\"\n",
        )
        .unwrap();
        let files: [(&str, &[u8]); 8] = [
            ("server.properties", b"process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@kafka:9093\ncontroller.listener.names=CONTROLLER\nlisteners=PLAINTEXT://:9092,CONTROLLER://:9093\ngroup.max.session.timeout.ms=30000\nssl.key.password=broker-secret-1\n"),
            ("orders-producer.properties", b"bootstrap.servers=kafka:9092\nacks=1\nenable.idempotence=true\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"jaas-secret-2\";\n"),
            ("audit-consumer.properties", b"# kafkalint: disable=consumer/heartbeat-vs-session-timeout\ngroup.id=a\nsession.timeout.ms=10000\nheartbeat.interval.ms=5000\n#ssl.truststore.password=commented-secret\n"),
            ("docker-compose.yml", b"services:\n  kafka:\n    image: apache/kafka:3.8.0\n    environment:\n      KAFKA_NODE_ID: 1\n      KAFKA_PROCESS_ROLES: broker,controller\n      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:9093\n      KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093\n      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER\n      KAFKA_SSL_KEY_PASSWORD: compose-secret\n"),
            ("application.properties", b"spring.kafka.bootstrap-servers=kafka:9092\nspring.kafka.consumer.group-id=g\nspring.kafka.properties.sasl.jaas.config=x password=\"spring-secret\";\n"),
            ("log4j.properties", b"log4j.rootLogger=INFO, stdout\n"),
            ("broken.yml", b"services:\n  kafka: [\n"),
            ("blob.properties", b"acks=all\n\0\x01\x02"),
        ];
        for (name, bytes) in files {
            std::fs::write(d.join(name), bytes).unwrap();
        }
        let doc = d.join("consumer.properties");
        let text =
            "group.id=billing\nsession.timeout.ms=45000\nssl.keystore.password=doc-secret-3\nsasl.mechanism=PLAIN\napp.x=1\nacks=all\n";
        std::fs::write(&doc, text).unwrap();
        let input = || Input { path: doc.clone(), bytes: text.as_bytes().to_vec() };
        // The directory's companions (its `.properties` files), the YAML files as the command
        // line would give them, and the document itself (read once, as the input).
        let yaml = ["docker-compose.yml", "broken.yml"].map(|n| d.join(n));
        let context: Vec<Input> = lint::companions(&doc)
            .into_iter()
            .chain(yaml)
            .map(|p| Input { bytes: std::fs::read(&p).unwrap(), path: p })
            .chain(std::iter::once(input()))
            .collect();
        assert_eq!(context.len(), 9, "{:?}", context.iter().map(|i| &i.path).collect::<Vec<_>>());
        let plain = lint::lint(vec![input()], &Settings { context: context.clone(), ..Default::default() }).unwrap();
        let prepared: Vec<_> =
            context.into_iter().map(|i| std::sync::Arc::new(lint::prepare_context(i, &Settings::default()).unwrap())).collect();
        let fast = lint::lint_prepared(vec![input()], &Settings::default(), &prepared).unwrap();
        assert!(!plain.diagnostics.is_empty());
        assert_eq!(format!("{:?}", plain.diagnostics), format!("{:?}", fast.diagnostics));
        assert_eq!(
            format!("{:?}", plain.raw_diagnostics().collect::<Vec<_>>()),
            format!("{:?}", fast.raw_diagnostics().collect::<Vec<_>>())
        );
        assert_eq!(format!("{:?}", plain.inputs), format!("{:?}", fast.inputs));
        // Files field by field (the key index is a hash map: its order is not its content).
        let shown = |r: &lint::Report| -> Vec<String> {
            r.files
                .iter()
                .map(|f| {
                    let l = &f.file;
                    let mut last: Vec<_> = l.last.iter().collect();
                    last.sort();
                    format!(
                        "{:?}",
                        (
                            (&l.source.path, &l.source.text, &l.doc, l.role, l.role_source, l.release, l.cluster_release, last),
                            (&l.allow, l.unknown_keys, &l.inferred, &l.client, l.binary_at, l.format, &l.unit, l.input, &l.not_read),
                            (&f.redacted.text, &f.secrets, f.context),
                        )
                    )
                })
                .collect()
        };
        assert_eq!(shown(&plain), shown(&fast));
        assert_eq!(
            (plain.release, plain.release_assumed, plain.all_assumed, plain.fail_on),
            (fast.release, fast.release_assumed, fast.all_assumed, fast.fail_on)
        );
        // The same twice over (nothing prepared is consumed by a run).
        let again = lint::lint_prepared(vec![input()], &Settings::default(), &prepared).unwrap();
        assert_eq!(format!("{:?}", fast.diagnostics), format!("{:?}", again.diagnostics));
    }

    /// A document linted with its directory's other files as context gets the deployment
    /// findings it gets when every file is an input: the rules that go over clients one by one
    /// skip the context files' clients (whose findings are dropped), and nothing of the
    /// document's changes. Each file of a deployment taken in turn as the document; the rules
    /// that skip are all made to fire, on documents and on context files.
    #[test]
    fn context_files_findings_skipped_change_nothing_of_the_documents() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let broker = |id: u32| {
            format!(
                "process.roles=broker,controller\nnode.id={id}\ncontroller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093\n\
                 controller.listener.names=CONTROLLER\nlisteners=SASL_SSL://:9092,CONTROLLER://:9093\n\
                 advertised.listeners=SASL_SSL://kafka-{id}:9092\nlistener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT\n\
                 inter.broker.listener.name=SASL_SSL\nsasl.enabled.mechanisms=SCRAM-SHA-512\nmin.insync.replicas=2\n\
                 replica.lag.time.max.ms=30000\nmessage.max.bytes=1048588\ntransaction.max.timeout.ms=900000\n\
                 group.max.session.timeout.ms=30000\n"
            )
        };
        let files: Vec<(String, String)> = vec![
            ("server-1.properties".into(), broker(1)),
            ("server-2.properties".into(), broker(2)),
            // Every client-by-client rule fires (most on more than one client).
            ("a-producer.properties".into(), "bootstrap.servers=kafka-1:9092\nsecurity.protocol=SSL\nacks=1\nenable.idempotence=false\nrequest.timeout.ms=10000\nmax.request.size=20000000\ntransactional.id=t\ntransaction.timeout.ms=1000000\n".into()),
            ("b-producer.properties".into(), "bootstrap.servers=kafka-2:9999\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nacks=0\nenable.idempotence=false\nrequest.timeout.ms=5000\n".into()),
            ("c-consumer.properties".into(), "bootstrap.servers=kafka-1:9092\ngroup.id=g\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsession.timeout.ms=45000\n".into()),
            ("d-consumer.properties".into(), "bootstrap.servers=kafka-2:9092\ngroup.id=h\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsession.timeout.ms=60000\n".into()),
            ("e-admin.properties".into(), "bootstrap.servers=kafka-1:9092\nclient.id=ops\n".into()),
        ];
        for (name, text) in &files {
            std::fs::write(d.join(name), text).unwrap();
        }
        let input = |name: &str| Input { path: d.join(name), bytes: std::fs::read(d.join(name)).unwrap() };
        // A finding as it reads, files by path.
        let shown = |r: &lint::Report, diag: &crate::diagnostic::Diagnostic| {
            let path = |id: usize| r.files[id].file.source.path.clone();
            let labels: Vec<_> = diag.related.iter().map(|l| (path(l.file), l.span, l.message.clone())).collect();
            let fixes: Vec<_> = diag
                .fixes
                .iter()
                .map(|f| (f.description.clone(), f.edits.iter().map(|e| (path(e.file), e.span, e.replacement.clone())).collect::<Vec<_>>()))
                .collect();
            format!("{:?}", (diag.rule.id, diag.severity, &diag.message, &diag.help, path(diag.file()), diag.primary.span, labels, fixes))
        };
        let all = lint::lint(files.iter().map(|(n, _)| input(n)).collect(), &Settings { isolated: true, ..Default::default() }).unwrap();
        let skipping = [
            "client/security-protocol-vs-listener",
            "client/sasl-mechanism-not-enabled",
            "client/bootstrap-port-not-advertised",
            "producer/request-timeout-vs-replica-lag",
            "producer/acks-weaker-than-min-insync",
            "producer/max-request-size-exceeds-broker-limit",
            "producer/transaction-timeout-exceeds-broker-max",
            "consumer/session-timeout-vs-broker-bounds",
        ];
        for id in skipping {
            let on: BTreeSet<_> = all.diagnostics.iter().filter(|x| x.rule.id == id).map(|x| x.file()).collect();
            assert!(!on.is_empty(), "{id} does not fire");
        }
        for (name, _) in &files {
            let path = d.join(name);
            let expected: Vec<String> =
                all.diagnostics.iter().filter(|x| all.files[x.file()].file.source.path == path).map(|x| shown(&all, x)).collect();
            let context: Vec<Input> = files.iter().filter(|(n, _)| n != name).map(|(n, _)| input(n)).collect();
            let alone = lint::lint(vec![input(name)], &Settings { isolated: true, context, ..Default::default() }).unwrap();
            let got: Vec<String> = alone.diagnostics.iter().map(|x| shown(&alone, x)).collect();
            assert_eq!(got, expected, "{name}");
        }
    }

    /// The offsets of a range are those of the line table the rest of the server uses, for every
    /// line and column of texts with every line end, multi-byte and surrogate-pair characters,
    /// and positions past a line's end or the text's.
    #[test]
    fn range_offsets_are_the_line_tables() {
        for text in ["", "a", "a\n", "a\r\nb\rc\n\nd", "é=x\r\n\r\n𝄞y=\u{1F600}z\n\r", "k=v\r", "\n\n\r\r\n"] {
            let source = crate::source::SourceFile::new("", text.to_string());
            for line in 0..8 {
                for character in 0..8 {
                    assert_eq!(offset_of_lsp(text, line, character), source.offset_of_lsp(line, character), "{text:?} {line}:{character}");
                }
            }
        }
    }

    #[test]
    fn incremental_changes_are_applied() {
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
