//! Rules: metadata, docs and check in one file each; the registry is the sorted list below.

use crate::diagnostic::{Diagnostic, Edit, FileId, Fix, Label, Severity};
use crate::model::{LintFile, Role, Value};
use crate::properties::{self, Entry};
use crate::source::Span;
use crate::version::Release;

pub mod broker;
pub mod client;
pub mod compat;
pub mod connect;
pub mod consumer;
pub mod docker;
pub mod go;
pub mod kafkalint;
pub mod producer;
pub mod schema;
pub mod spring;
pub mod streams;
pub mod strimzi;
pub mod syntax;
pub mod topic;

/// Whether a rule's findings come with a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// Which files a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One file at a time, of the given roles (empty: any file, even one whose role is unknown).
    File(&'static [Role]),
    /// A deployment: the brokers of a cluster and the clients that talk to it.
    Deployment,
}

#[derive(Debug)]
pub struct RuleMeta {
    /// `family/kebab-name`.
    pub id: &'static str,
    pub summary: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    /// First and last release lines where the rule's fact holds (`None`: open).
    pub since: Option<&'static str>,
    pub until: Option<&'static str>,
    /// Keys the rule reads.
    pub reads: &'static [&'static str],
    pub fix: FixAvailability,
    /// Where the fact comes from (Kafka class, doc section, KIP).
    pub source: &'static str,
    /// Markdown docs: What it does / Why it fails in production / Example / Use instead / Fix / Versions / Source.
    pub docs: &'static str,
    /// Whether the rule runs unless a config enables it.
    pub enabled: bool,
    /// Where the rule is defined, for `explain`.
    pub location: &'static str,
}

impl RuleMeta {
    pub fn family(&self) -> &'static str {
        self.id.split_once('/').map_or(self.id, |(f, _)| f)
    }
    pub fn applies_to(&self, release: Release) -> bool {
        let lo = self.since.and_then(Release::named).is_none_or(|s| release >= s);
        let hi = self.until.and_then(Release::named).is_none_or(|u| release <= u);
        lo && hi
    }
    pub fn versions_text(&self) -> String {
        match (self.since, self.until) {
            (None, None) => "all".into(),
            (Some(s), None) => format!("{s}+"),
            (None, Some(u)) => format!("up to {u}"),
            (Some(s), Some(u)) => format!("{s} to {u}"),
        }
    }
    pub fn roles(&self) -> &'static [Role] {
        match self.scope {
            Scope::File(r) => r,
            Scope::Deployment => &[],
        }
    }
    /// The docs as Markdown (the one space after `///` removed).
    pub fn doc_text(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
    /// A section of the docs by heading (`"What it does"`), without the heading.
    pub fn section(&self, heading: &str) -> Option<String> {
        let docs = self.doc_text();
        let marker = format!("## {heading}\n");
        let start = docs.find(&marker)? + marker.len();
        let rest = &docs[start..];
        let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
        Some(rest[..end].trim().to_string())
    }
    /// The first ```properties block of a docs section.
    pub fn example(&self, heading: &str) -> Option<String> {
        self.example_with_info(heading).map(|(_, body)| body)
    }
    /// The first ```properties block of a docs section with its fence info
    /// (`properties,expect_diagnostic,kafka-version=3.6`).
    pub fn example_with_info(&self, heading: &str) -> Option<(String, String)> {
        let sec = self.section(heading)?;
        let start = sec.find("```properties")?;
        let block = &sec[start + 3..];
        let nl = block.find('\n')?;
        let info = block[..nl].trim().to_string();
        let body = &block[nl + 1..];
        Some((info, body[..body.find("```")?].to_string()))
    }
}

/// Declares a rule: its docs (doc comments), metadata and the unit struct implementing [`Rule`].
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $name:ident {
            id: $id:literal,
            summary: $summary:literal,
            severity: $sev:ident,
            scope: $scope:expr,
            versions: $since:expr => $until:expr,
            reads: [$($read:literal),* $(,)?],
            fix: $fix:ident,
            source: $source:literal
            $(, enabled: $enabled:literal)?
            $(,)?
        }
    ) => {
        pub struct $name;
        pub static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $id,
            summary: $summary,
            severity: $crate::diagnostic::Severity::$sev,
            scope: $scope,
            since: $since,
            until: $until,
            reads: &[$($read),*],
            fix: $crate::rules::FixAvailability::$fix,
            source: $source,
            docs: concat!($($doc, "\n"),*),
            enabled: $crate::rules::declare_rule!(@enabled $($enabled)?),
            location: concat!(file!(), ":", line!()),
        };
    };
    (@enabled) => { true };
    (@enabled $e:literal) => { $e };
}
pub(crate) use declare_rule;

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check_file(&self, _cx: &FileCtx<'_>, _out: &mut Sink) {}
    fn check_deployment(&self, _cx: &DeploymentCtx<'_>, _out: &mut Sink) {}
}

/// Every rule, sorted by id: each family module lists its own rules (`<family>::RULES`).
pub static RULES: std::sync::LazyLock<Vec<&'static dyn Rule>> = std::sync::LazyLock::new(|| {
    let families: [&[&'static dyn Rule]; 15] = [
        broker::RULES,
        client::RULES,
        compat::RULES,
        connect::RULES,
        consumer::RULES,
        docker::RULES,
        go::RULES,
        kafkalint::RULES,
        producer::RULES,
        schema::RULES,
        spring::RULES,
        streams::RULES,
        strimzi::RULES,
        syntax::RULES,
        topic::RULES,
    ];
    let mut all: Vec<&'static dyn Rule> = families.into_iter().flatten().copied().collect();
    // Each id read once (not twice per comparison, through the rule's vtable: that sort was 3% of
    // a one-file run).
    all.sort_by_cached_key(|r| r.meta().id);
    all
});

/// Renamed rules: old id → new id. Old ids keep working in suppressions and `kafkalint.toml`.
pub static REDIRECTS: &[(&str, &str)] = &[];

pub fn redirect(id: &str) -> Option<&'static str> {
    REDIRECTS.iter().find(|(old, _)| *old == id).map(|(_, new)| *new)
}

pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().id == id)
}

pub fn families() -> Vec<&'static str> {
    let mut f: Vec<&str> = RULES.iter().map(|r| r.meta().family()).collect();
    f.dedup();
    f.sort();
    f.dedup();
    f
}

/// Collects diagnostics from rules.
#[derive(Default)]
pub struct Sink {
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn report(&mut self, meta: &'static RuleMeta, file: FileId, span: Span, message: impl Into<String>) -> Builder<'_> {
        self.diagnostics.push(Diagnostic {
            rule: meta,
            severity: meta.severity,
            message: message.into(),
            key: None,
            primary: Label { file, span, message: String::new(), key: None },
            related: Vec::new(),
            help: None,
            fixes: Vec::new(),
        });
        Builder { diag: self.diagnostics.last_mut().expect("just pushed") }
    }
}

pub struct Builder<'a> {
    diag: &'a mut Diagnostic,
}

impl Builder<'_> {
    pub fn key(self, key: &str) -> Self {
        self.diag.key = Some(key.to_string());
        self.diag.primary.key = Some(key.to_string());
        self
    }
    pub fn primary_label(self, text: impl Into<String>) -> Self {
        self.diag.primary.message = text.into();
        self
    }
    pub fn label(self, file: FileId, span: Span, key: Option<&str>, text: impl Into<String>) -> Self {
        self.diag.related.push(Label { file, span, message: text.into(), key: key.map(str::to_string) });
        self
    }
    pub fn help(self, text: impl Into<String>) -> Self {
        self.diag.help = Some(text.into());
        self
    }
    /// Adds a fix, unless one of its edits cannot be written in the file's format.
    pub fn fix(self, fix: Fix) -> Self {
        if fix.edits.iter().all(|e| !e.is_unavailable()) {
            self.diag.fixes.push(fix);
        }
        self
    }
    pub fn fix_if(self, cond: bool, fix: impl FnOnce() -> Fix) -> Self {
        if cond {
            return self.fix(fix());
        }
        self
    }
    pub fn severity(self, severity: Severity) -> Self {
        self.diag.severity = severity;
        self
    }
}

/// What a file rule sees.
pub struct FileCtx<'a> {
    pub id: FileId,
    pub file: &'a LintFile,
    /// Each set key's classification (see [`FileCtx::keys`]), computed once for all rules.
    classes: std::cell::OnceCell<Vec<(&'a str, usize, schema::keys::Class)>>,
    /// A broker's listeners as clients reach them, computed once per deployment (not once per
    /// client and bootstrap entry).
    pub(crate) listeners: std::cell::OnceCell<Vec<client::BrokerListener>>,
    /// `process.roles` as [`DeploymentCtx::brokers`] reads it, computed once (every client of a
    /// deployment asks which files are brokers).
    process_roles: std::cell::OnceCell<Vec<String>>,
    /// A client's bootstrap items with a usable port, read once per deployment.
    pub(crate) bootstrap: std::cell::OnceCell<Vec<(client::BootstrapItem, Span)>>,
}

impl<'a> FileCtx<'a> {
    pub fn new(id: FileId, file: &'a LintFile) -> Self {
        FileCtx {
            id,
            file,
            classes: std::cell::OnceCell::new(),
            listeners: std::cell::OnceCell::new(),
            process_roles: std::cell::OnceCell::new(),
            bootstrap: std::cell::OnceCell::new(),
        }
    }
    /// Every key set in the file (its last occurrence), in file order, with what it is for the
    /// file's role. Empty when the role is unknown.
    pub fn keys(&self) -> &[(&'a str, usize, schema::keys::Class)] {
        self.classes.get_or_init(|| {
            let Some(role) = self.file.role else { return Vec::new() };
            let entries = &self.file.doc.entries;
            schema::keys::classes(self.file, role).iter().map(|&(i, class)| (entries[i].key.as_str(), i, class)).collect()
        })
    }
    /// The version this file's keys are checked against (a declared Java client's version, else
    /// the target version).
    pub fn release(&self) -> Release {
        self.file.release
    }
    /// Who reads this file's keys, for messages: "the Java client 3.5" for a file that declares its
    /// Java client version, else "Kafka 3.9".
    pub fn reader(&self) -> String {
        if self.file.release != self.file.cluster_release {
            format!("the Java client {}", self.file.release)
        } else {
            format!("Kafka {}", self.file.release)
        }
    }
    /// The cluster's version: the run's target version.
    pub fn cluster_release(&self) -> Release {
        self.file.cluster_release
    }
    pub fn role(&self) -> Option<Role> {
        self.file.role
    }
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        self.file.get(key)
    }
    pub fn explicit(&self, key: &str) -> Option<&'a Entry> {
        self.file.explicit(key)
    }
    pub fn text(&self) -> &'a str {
        &self.file.source.text
    }
    /// Where to point when a finding is about a value left at its default: the first of `keys`
    /// set in the file (its key), else the file's first entry, else the start of the file.
    pub fn anchor(&self, keys: &[&str]) -> Span {
        // A unit without entries (a compose service that sets no Kafka key): its name.
        let fallback = self.file.unit.as_ref().map_or(Span::empty(0), |u| u.anchor);
        keys.iter().find_map(|k| self.explicit(k)).or_else(|| self.file.doc.entries.first()).map_or(fallback, |e| e.key_span)
    }
    fn index_of(&self, entry: &Entry) -> Option<usize> {
        self.file.doc.entries.iter().position(|e| std::ptr::eq(e, entry))
    }
    /// An edit replacing an entry's whole value with `new`, written in the entry's own syntax
    /// (escaped for a `.properties` file; a YAML scalar keeps its quoting style). A value that
    /// must not be edited (a YAML alias, a block scalar) gives an edit that drops the fix.
    pub fn replace_value(&self, entry: &Entry, new: &str) -> Edit {
        let syntax = self.index_of(entry).map_or(crate::formats::ValueSyntax::Properties, |i| self.file.syntax(i));
        match crate::formats::replace_value(&syntax, entry.value_span, new) {
            Some((span, replacement)) => Edit { file: self.id, span, replacement },
            None => Edit::unavailable(),
        }
    }
    /// An edit renaming an entry's key to the Kafka key `to`, named as the unit names keys
    /// (`KAFKA_…` in a compose service).
    pub fn rename_key(&self, entry: &Entry, to: &str) -> Edit {
        match &self.file.unit {
            None => Edit { file: self.id, span: entry.key_span, replacement: properties::escape_key(to) },
            Some(u) => match u.insert.as_ref().and_then(|i| i.naming.name(to)) {
                Some(name) if self.index_of(entry).is_some_and(|i| self.file.syntax(i) != crate::formats::ValueSyntax::Fixed) => {
                    Edit { file: self.id, span: entry.key_span, replacement: name }
                }
                _ => Edit::unavailable(),
            },
        }
    }
    /// An edit adding `key=value`: after the file's last entry (or at the end) in a
    /// `.properties` file; in the unit's own form elsewhere (an `environment` item of a compose
    /// service, in the form and indentation the block uses).
    pub fn insert_entry(&self, key: &str, value: &str) -> Edit {
        if let Some(u) = &self.file.unit {
            return match u.insert.as_ref().and_then(|i| i.render(key, value).map(|t| (i.at, t))) {
                Some((at, replacement)) => Edit { file: self.id, span: Span::empty(at), replacement },
                None => Edit::unavailable(),
            };
        }
        let text = self.text();
        let nl = self.file.source.newline();
        let line = format!("{}={}", properties::escape_key(key), properties::escape_value(value));
        if text.is_empty() {
            return Edit { file: self.id, span: Span::empty(0), replacement: format!("{line}{nl}") };
        }
        if text.ends_with('\n') || text.ends_with('\r') {
            Edit { file: self.id, span: Span::empty(text.len()), replacement: format!("{line}{nl}") }
        } else {
            Edit { file: self.id, span: Span::empty(text.len()), replacement: format!("{nl}{line}") }
        }
    }
    /// An edit deleting an entry's whole line(s), terminator included.
    pub fn delete_entry(&self, entry: &Entry) -> Edit {
        if self.file.unit.is_some() && self.index_of(entry).is_none_or(|i| self.file.syntax(i) == crate::formats::ValueSyntax::Fixed) {
            return Edit::unavailable();
        }
        Edit { file: self.id, span: full_lines(self.text(), entry.span), replacement: String::new() }
    }
}

/// Extends a span to whole lines, including the final line terminator.
pub fn full_lines(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let mut start = span.start;
    while start > 0 && bytes[start - 1] != b'\n' && bytes[start - 1] != b'\r' {
        start -= 1;
    }
    let mut end = span.end;
    while end < bytes.len() && bytes[end] != b'\n' && bytes[end] != b'\r' {
        end += 1;
    }
    if end < bytes.len() && bytes[end] == b'\r' {
        end += 1;
    }
    if end < bytes.len() && bytes[end] == b'\n' {
        end += 1;
    }
    Span::new(start, end)
}

/// What a deployment rule sees: the files of one deployment (a declared cluster, or a
/// directory), and the facts kafkalint.toml declares about the cluster.
pub struct DeploymentCtx<'a> {
    pub files: Vec<FileCtx<'a>>,
    pub cluster: Option<&'a crate::config::ClusterDecl>,
    /// Files with an id at or past this one are read only as context (their findings are
    /// dropped, [`crate::lint::Settings::context`]): a rule whose finding on a client is located
    /// in that client alone need not work it out ([`DeploymentCtx::reported`]). `usize::MAX`:
    /// every file is reported.
    pub reported_below: usize,
}

/// A broker-side setting as the deployment knows it.
#[derive(Clone)]
pub enum BrokerSetting<'a, 'b> {
    /// Declared in kafkalint.toml for the cluster.
    Fact { cluster: &'b str, value: &'b str },
    /// From a broker file (explicit or that file's version default).
    File { file: &'b FileCtx<'a>, value: Value<'a> },
}

impl BrokerSetting<'_, '_> {
    pub fn text(&self) -> &str {
        match self {
            BrokerSetting::Fact { value, .. } => value,
            BrokerSetting::File { value, .. } => &value.text,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        crate::model::parse_i64(self.text())
    }
    /// Words for a label: where the value comes from.
    pub fn origin(&self, key: &str) -> String {
        match self {
            BrokerSetting::Fact { cluster, value } => format!("kafkalint.toml declares `{key}={value}` for cluster `{cluster}`"),
            BrokerSetting::File { value, .. } if value.is_explicit() => format!("the broker sets `{key}` here"),
            BrokerSetting::File { value, file } => {
                format!("the broker leaves `{key}` at its default in Kafka {}, {}", file.release(), value.text)
            }
        }
    }
    /// Where to put a related label: the broker file and span, when the value is in a file.
    pub fn location(&self) -> Option<(FileId, Span)> {
        match self {
            BrokerSetting::Fact { .. } => None,
            BrokerSetting::File { file, value } => Some((file.id, value.entry().map_or_else(|| file.anchor(&[]), |e| e.value_span))),
        }
    }
}

fn roles_value<'f>(f: &'f FileCtx<'_>) -> &'f [String] {
    f.process_roles.get_or_init(|| {
        f.explicit("process.roles")
            .map(|e| e.value.split(',').map(|r| r.trim().to_ascii_lowercase()).filter(|r| !r.is_empty()).collect())
            .unwrap_or_default()
    })
}

impl<'a> DeploymentCtx<'a> {
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &FileCtx<'a>> {
        self.files.iter().filter(move |f| f.role() == Some(role))
    }
    /// Broker-role files that run a broker: ZooKeeper-era brokers and KRaft nodes whose
    /// `process.roles` includes `broker` (controller-only nodes are not brokers).
    pub fn brokers(&self) -> impl Iterator<Item = &FileCtx<'a>> {
        self.with_role(Role::Broker).filter(|f| {
            let roles = roles_value(f);
            roles.is_empty() || roles.iter().any(|r| r == "broker")
        })
    }
    /// KRaft nodes whose `process.roles` includes `controller`.
    pub fn controllers(&self) -> impl Iterator<Item = &FileCtx<'a>> {
        self.with_role(Role::Broker).filter(|f| roles_value(f).iter().any(|r| r == "controller"))
    }
    /// Files of every client role (producer, consumer, admin, streams, connect-worker).
    pub fn clients(&self) -> impl Iterator<Item = &FileCtx<'a>> {
        self.files.iter().filter(|f| f.role().is_some_and(Role::is_client))
    }
    /// Whether findings located in this file are reported (not a context file's). A rule that
    /// goes over clients one by one and reports each finding in the client it is about, worked
    /// out from that client and the brokers alone, skips the others: the language server lints
    /// one document among hundreds of context files on every keystroke.
    pub fn reported(&self, f: &FileCtx<'_>) -> bool {
        f.id < self.reported_below
    }
    /// [`DeploymentCtx::clients`] whose findings are reported (see [`DeploymentCtx::reported`]).
    pub fn reported_clients(&self) -> impl Iterator<Item = &FileCtx<'a>> {
        self.clients().filter(|f| self.reported(f))
    }
    /// [`DeploymentCtx::with_role`] whose findings are reported (see [`DeploymentCtx::reported`]).
    pub fn reported_with_role(&self, role: Role) -> impl Iterator<Item = &FileCtx<'a>> {
        self.with_role(role).filter(|f| self.reported(f))
    }
    /// A fact kafkalint.toml declares for the cluster (a broker key).
    pub fn fact(&self, key: &str) -> Option<&'a str> {
        self.cluster.and_then(|c| c.facts.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()))
    }
    /// Whether the broker files of this deployment can be one cluster. A declared cluster is. A
    /// directory is not when its files are alternatives to each other, as in Kafka's own
    /// `config/kraft/`: a combined-mode node beside dedicated broker and controller nodes, or
    /// ZooKeeper-mode and KRaft-mode brokers side by side (outside a migration). Rules that compare
    /// brokers with each other (unique ids and endpoints, the broker count) hold back then.
    pub fn is_one_cluster(&self) -> bool {
        if self.cluster.is_some() {
            return true;
        }
        let nodes: Vec<&[String]> = self.with_role(Role::Broker).map(|f| roles_value(f)).collect();
        let combined = nodes.iter().any(|r| r.iter().any(|x| x == "broker") && r.iter().any(|x| x == "controller"));
        let dedicated = nodes.iter().any(|r| r.len() == 1);
        let migrating =
            self.with_role(Role::Broker).any(|f| f.get("zookeeper.metadata.migration.enable").and_then(|v| v.as_bool()) == Some(true));
        let zk = nodes.iter().any(|r| r.is_empty());
        let kraft = nodes.iter().any(|r| !r.is_empty());
        let alternatives = (combined && dedicated) || (zk && kraft && !migrating);
        !alternatives
    }
    /// How many brokers the cluster has, when that is known: declared in kafkalint.toml, or by
    /// the deployment the units come from (the broker services of a compose file, a Strimzi
    /// cluster's replicas); else the number of broker files when there are two or more of one
    /// cluster (pointing at the same ZooKeeper or quorum); else 1 when the single broker file is a
    /// combined KRaft node that is the only voter of its quorum. Never from loopback listeners: a
    /// broker listening on localhost may be one of several on the host, or a template. `None`
    /// when unknown: one broker file may be a template for many brokers.
    pub fn broker_count(&self) -> Option<usize> {
        if let Some(n) = self.cluster.and_then(|c| c.broker_count) {
            return Some(n);
        }
        if let Some(n) = self.unit_broker_count() {
            return Some(n);
        }
        let brokers: Vec<&FileCtx<'a>> = self.brokers().collect();
        match brokers.len() {
            0 => None,
            1 => {
                let b = brokers[0];
                let voters = b.get("controller.quorum.voters").map(|v| v.as_list().len()).unwrap_or(0);
                let combined = roles_value(b).iter().any(|r| r == "controller");
                (voters == 1 && combined).then_some(1)
            }
            n if self.is_one_cluster() && self.same_metadata_quorum() => Some(n),
            _ => None,
        }
    }
    /// Whether the broker files name the same ZooKeeper (`zookeeper.connect`) and the same KRaft
    /// quorum (`controller.quorum.voters`, `controller.quorum.bootstrap.servers`), as sets of
    /// entries: brokers pointing at different ones are different clusters.
    pub fn same_metadata_quorum(&self) -> bool {
        for key in ["zookeeper.connect", "controller.quorum.voters", "controller.quorum.bootstrap.servers"] {
            let mut seen: Option<Vec<String>> = None;
            for f in self.brokers() {
                let Some(e) = f.explicit(key) else { continue };
                if crate::model::is_placeholder(&e.value) {
                    continue;
                }
                // `zookeeper.connect` may end in a chroot (`zk:2181/kafka`), which is part of its identity.
                let mut items: Vec<String> = e.value.split(',').map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()).collect();
                items.sort();
                match &seen {
                    None => seen = Some(items),
                    Some(s) if *s != items => return false,
                    Some(_) => {}
                }
            }
        }
        true
    }
    /// The broker count the units' front-end knows (the broker services of one compose file):
    /// when every file of the deployment is a unit of the same cluster with a known count.
    pub fn unit_broker_count(&self) -> Option<usize> {
        let mut counts = self.files.iter().map(|f| f.file.unit.as_ref().and_then(|u| u.cluster.as_ref().zip(u.broker_count)));
        let first = counts.next()??;
        counts.all(|c| c == Some(first)).then_some(first.1)
    }
    /// Words for where the broker count comes from, for messages.
    pub fn broker_count_origin(&self) -> String {
        if self.cluster.and_then(|c| c.broker_count).is_none() {
            if let Some(n) = self.unit_broker_count() {
                let strimzi = self.files.iter().find(|f| f.file.format == crate::formats::Format::Strimzi);
                if let Some(cluster) = strimzi.and_then(|f| f.file.unit.as_ref()).and_then(|u| u.cluster.as_deref()) {
                    return format!("the Kafka resource `{cluster}` has {n} broker{}", if n == 1 { "" } else { "s" });
                }
                return format!("the compose file runs {n} broker service{}", if n == 1 { "" } else { "s" });
            }
        }
        match (self.cluster.and_then(|c| c.broker_count), self.brokers().count()) {
            (Some(n), _) => format!("kafkalint.toml declares {n} broker{}", if n == 1 { "" } else { "s" }),
            (None, 1) => "the only broker file describes a one-node cluster".to_string(),
            (None, n) => format!("{n} broker files"),
        }
    }
    /// A broker setting: the cluster's declared fact, else each broker file's effective value.
    pub fn broker_settings<'s>(&'s self, key: &str) -> Vec<BrokerSetting<'a, 's>> {
        if let (Some(v), Some(c)) = (self.fact(key), self.cluster) {
            return vec![BrokerSetting::Fact { cluster: &c.name, value: v }];
        }
        self.brokers().filter_map(|f| f.get(key).map(|value| BrokerSetting::File { file: f, value })).collect()
    }
}
