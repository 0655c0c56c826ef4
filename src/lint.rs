//! The one entry: inputs → files with roles and versions → rules → suppressions → levels →
//! redaction → sorted report.

use crate::config::{ClusterDecl, Config, Level};
use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::formats::{self, Format};
use crate::model::{role_from_file_name, role_from_keys, LintFile, NotRead, Role, RoleSource};
use crate::redact::{self, Redacted};
use crate::rules::{self, DeploymentCtx, FileCtx, Scope, Sink};
use crate::source::SourceFile;
use crate::suppress;
use crate::version::Release;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One file to lint: its path (as given, or as joined from a directory argument) and bytes.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--kafka-version`.
    pub release: Option<Release>,
    /// `--role`.
    pub role: Option<Role>,
    /// `--config`: used for every file instead of discovery.
    pub config: Option<Config>,
    /// Skip config discovery (tests, `--isolated`).
    pub isolated: bool,
    /// Only these rules run (tests, `--select`).
    pub select: Option<Vec<String>>,
    /// `--extend-select`: these rules run too (also when off by default or in kafkalint.toml).
    pub extend_select: Vec<String>,
    /// `--ignore`: these rules never run.
    pub ignore: Vec<String>,
    /// `--client LIB@VERSION`: the client library every client file is written for.
    pub client: Option<String>,
    /// Files read only as context for cross-file rules (the brokers of a client named alone):
    /// rules see them, but findings located in them are not reported.
    pub context: Vec<Input>,
}

/// A linted file as the outputs see it.
#[derive(Debug)]
pub struct ReportFile {
    pub file: LintFile,
    /// Read only as context (see [`Settings::context`]).
    pub context: bool,
    /// The text with secrets masked: what every renderer shows.
    pub redacted: Redacted,
    pub secrets: Vec<String>,
}

/// A physical input as the outputs list it: its format and the units read from it.
#[derive(Debug, Clone)]
pub struct InputInfo {
    pub path: PathBuf,
    /// `None`: not a format kafkalint reads.
    pub format: Option<Format>,
    /// Indexes into [`Report::files`].
    pub units: Vec<FileId>,
    pub context: bool,
}

#[derive(Debug)]
pub struct Report {
    /// One per unit: a `.properties` file is one unit; a compose file one per Kafka service.
    pub files: Vec<ReportFile>,
    /// The physical inputs, in order, with their units.
    pub inputs: Vec<InputInfo>,
    /// Redacted diagnostics, sorted by file, position, rule: what renderers show.
    pub diagnostics: Vec<Diagnostic>,
    /// The unredacted form of each diagnostic scrubbed of a secret, by its index in
    /// `diagnostics` (every other one is the same both ways: kept once), for applying fixes only.
    pub(crate) raw: std::collections::BTreeMap<usize, Diagnostic>,
    /// The version the run targets (the command line's, else the config's, else the newest).
    pub release: Release,
    /// True when no version was given for some file and the newest was assumed.
    pub release_assumed: bool,
    /// True when that holds for every linted file.
    pub all_assumed: bool,
    pub fail_on: Severity,
    /// Linted units with no version from anywhere, linted units, and whether the run has a
    /// version of its own (command line or config): what [`Report::release_assumed`] and
    /// [`Report::all_assumed`] are worked out from, added up over the batches of a run.
    pub(crate) assumed: usize,
    pub(crate) linted_units: usize,
    pub(crate) run_release: bool,
}

impl Report {
    pub fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }
    /// Diagnostics at or above the fail level.
    pub fn failing(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity >= self.fail_on)
    }
    /// Physical files linted (context files excluded).
    pub fn linted_files(&self) -> usize {
        self.inputs.iter().filter(|f| !f.context).count()
    }
    /// The `i`th diagnostic as found, before redaction (for applying fixes only).
    pub fn raw_diagnostic(&self, i: usize) -> Option<&Diagnostic> {
        self.raw.get(&i).or_else(|| self.diagnostics.get(i))
    }
    /// Every diagnostic as found, before redaction, in the order of `diagnostics`.
    pub fn raw_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> + '_ {
        self.diagnostics.iter().enumerate().map(|(i, d)| self.raw.get(&i).unwrap_or(d))
    }
}

/// Configuration files by path, and the one found for each directory: a tree of 10,000 files
/// in 100 directories looks upwards 100 times, and every file shares its directory's config.
#[derive(Default)]
struct ConfigCache {
    given: Option<Arc<Config>>,
    by_path: HashMap<PathBuf, Arc<Config>>,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    /// The configuration of each directory as the inputs name it (`team/svc`): the files of one
    /// directory make its absolute path once, not once each.
    by_parent: HashMap<PathBuf, Option<Arc<Config>>>,
    /// The last directory asked about and its answer: a walk gives a directory's files one after
    /// another, and a path's hash reads it component by component.
    last: Option<(PathBuf, Option<Arc<Config>>)>,
}

impl ConfigCache {
    fn for_file(&mut self, settings: &Settings, path: &Path) -> Result<Option<Arc<Config>>, String> {
        if let Some(c) = &settings.config {
            return Ok(Some(self.given.get_or_insert_with(|| Arc::new(c.clone())).clone()));
        }
        if settings.isolated {
            return Ok(None);
        }
        let parent = path.parent().filter(|p| path.file_name().is_some() && !p.as_os_str().is_empty());
        if let (Some(p), Some((last, c))) = (parent, &self.last) {
            if p.as_os_str() == last.as_os_str() {
                return Ok(c.clone());
            }
        }
        let found = match parent.and_then(|p| self.by_parent.get(p)) {
            Some(c) => c.clone(),
            None => {
                let found = self.for_path(path)?;
                if let Some(p) = parent {
                    self.by_parent.insert(p.to_path_buf(), found.clone());
                }
                found
            }
        };
        if let Some(p) = parent {
            self.last = Some((p.to_path_buf(), found.clone()));
        }
        Ok(found)
    }

    fn for_path(&mut self, path: &Path) -> Result<Option<Arc<Config>>, String> {
        let dir = crate::walk::absolute(path).ok().and_then(|a| a.parent().map(Path::to_path_buf));
        let found = match dir {
            Some(dir) => self.by_dir.entry(dir.clone()).or_insert_with(|| Config::discover(&dir)).clone(),
            None => Config::discover(path),
        };
        let Some(found) = found else { return Ok(None) };
        if let Some(c) = self.by_path.get(&found) {
            return Ok(Some(c.clone()));
        }
        let c = Arc::new(Config::load(&found).map_err(|e| e.to_string())?);
        self.by_path.insert(found, c.clone());
        Ok(Some(c))
    }
}

/// The rules that run on a file kafkalint does not read as configuration.
const NOT_READ_RULES: [&str; 2] = ["kafkalint/unsupported-format", "syntax/invalid-yaml"];

/// A rule's facts the engine tests for every file, from its metadata.
struct RuleFacts {
    /// [`rules::RuleMeta::applies_to`]'s bounds.
    since: Option<Release>,
    until: Option<Release>,
    /// One of [`NOT_READ_RULES`].
    not_read: bool,
    /// Runs on a binary file.
    binary: bool,
    /// Of the syntax family, which reads `.properties` text (not `syntax/invalid-yaml`).
    properties_syntax: bool,
}

impl RuleFacts {
    fn of(meta: &rules::RuleMeta) -> RuleFacts {
        RuleFacts {
            since: meta.since.and_then(Release::named),
            until: meta.until.and_then(Release::named),
            not_read: NOT_READ_RULES.contains(&meta.id),
            binary: meta.id == "syntax/binary-file",
            properties_syntax: meta.family() == "syntax" && meta.id != "syntax/invalid-yaml",
        }
    }
}

/// Lints inputs. Errors are config-file errors (a usage problem: exit 2).
pub fn lint(inputs: Vec<Input>, settings: &Settings) -> Result<Report, String> {
    if settings.context.is_empty() {
        return lint_prepared(inputs, settings, &[]);
    }
    // Context files are read as the language server reads its companions: prepared apart, then
    // linted with the inputs by the one body, `lint_prepared`. Configuration errors come in input
    // order: the inputs' first, then the context files'.
    let mut cache = ConfigCache::default();
    let mut known = std::collections::HashSet::new();
    for input in &inputs {
        cache.for_file(settings, &input.path)?;
        known.extend(crate::walk::absolute(&input.path).ok());
    }
    // Context files that are inputs too are read once, as inputs.
    let context: Vec<Input> =
        settings.context.iter().filter(|c| crate::walk::absolute(&c.path).map_or(true, |p| !known.contains(&p))).cloned().collect();
    let mut configs = Vec::with_capacity(context.len());
    for c in &context {
        configs.push(cache.for_file(settings, &c.path)?);
    }
    let prepared: Vec<Arc<PreparedContext>> =
        context.into_par_iter().zip(configs.into_par_iter()).map(|(c, config)| Arc::new(prepare_with(c, config, settings))).collect();
    let mut plain = settings.clone();
    plain.context = Vec::new();
    lint_prepared(inputs, &plain, &prepared)
}

/// A file read only as context (see [`Settings::context`]), prepared once by [`prepare_context`]
/// for a caller that lints again and again against the same companions (the language server, on
/// every keystroke): its units as [`lint`] reads them, each with its redaction.
#[derive(Debug)]
pub struct PreparedContext {
    /// The path made absolute (a context file that is an input too is read as the input).
    absolute: Option<PathBuf>,
    config: Option<Arc<Config>>,
    cluster: Option<usize>,
    assumed: usize,
    empty: Option<InputInfo>,
    units: Vec<ReportFile>,
}

impl PreparedContext {
    /// The configuration file the context was read with (`None`: none).
    pub fn config_path(&self) -> Option<&Path> {
        self.config.as_ref().and_then(|c| c.path.as_deref())
    }
}

/// Reads a context file as [`lint`] reads it (its configuration, units, roles, versions, the
/// version a compose client takes from its own file's brokers) and redacts it, for
/// [`lint_prepared`]. Errors are [`lint`]'s configuration errors.
pub fn prepare_context(input: Input, settings: &Settings) -> Result<PreparedContext, String> {
    let config = ConfigCache::default().for_file(settings, &input.path)?;
    Ok(prepare_with(input, config, settings))
}

/// [`prepare_context`] with the file's configuration already found.
fn prepare_with(input: Input, config: Option<Arc<Config>>, settings: &Settings) -> PreparedContext {
    let absolute = crate::walk::absolute(&input.path).ok();
    let r = read_input(0, input, config, true, settings);
    let mut assumed = r.assumed;
    let mut units = r.units;
    // `lint`'s pass giving a client of a file with brokers their version, for this input alone.
    let broker = units.iter().find(|b| states_broker_version(b)).map(|b| b.release);
    for f in units.iter_mut() {
        if take_brokers_version(f, broker) {
            assumed = assumed.saturating_sub(1);
        }
    }
    let units = units
        .into_iter()
        .map(|file| {
            let (spans, secrets) = redact::secrets(&file);
            let redacted = Redacted::new(&file.source.text, &spans);
            ReportFile { file, redacted, secrets, context: true }
        })
        .collect();
    PreparedContext { absolute, config: r.config, cluster: r.cluster, assumed, empty: r.empty, units }
}

/// A broker unit whose file states its version (an image tag, a Strimzi resource).
fn states_broker_version(b: &LintFile) -> bool {
    b.role == Some(Role::Broker)
        && b.unit.as_ref().is_some_and(|u| u.release.is_some() && u.version_source != Some(formats::VersionSource::Assumed))
}

/// A client unit whose file says no version (an application service in a compose file) runs
/// against the brokers the same file defines and takes their version. Whether it did.
fn take_brokers_version(f: &mut LintFile, broker: Option<Release>) -> bool {
    let assumed_here = f.unit.as_ref().is_some_and(|u| u.version_source == Some(formats::VersionSource::Assumed));
    let (true, true, Some(r)) = (assumed_here, f.role.is_some_and(Role::is_client), broker) else { return false };
    f.release = r;
    f.cluster_release = r;
    f.inferred = None;
    if let Some(u) = f.unit.as_mut() {
        u.version_source = Some(formats::VersionSource::Cluster);
    }
    true
}

/// Whether any text [`redact_diagnostic`] scrubs holds one of `secrets` (else it returns a copy).
fn carries_secret(d: &Diagnostic, secrets: &[String]) -> bool {
    let has = |t: &str| secrets.iter().any(|s| t.contains(s.as_str()));
    has(&d.message)
        || d.help.as_deref().is_some_and(has)
        || has(&d.primary.message)
        || d.related.iter().any(|l| has(&l.message))
        || d.fixes.iter().any(|f| has(&f.description) || f.edits.iter().any(|e| has(&format!("`{}`", e.replacement))))
        || std::iter::once(&d.key)
            .chain(std::iter::once(&d.primary.key))
            .chain(d.related.iter().map(|l| &l.key))
            .any(|k| is_secret_key_text(k, secrets))
}

/// A finding's key that is itself a secret: a piece of a credential broken over lines that
/// reads as a key (`redact::is_value_piece`).
fn is_secret_key_text(key: &Option<String>, secrets: &[String]) -> bool {
    key.as_deref().is_some_and(|k| secrets.iter().any(|s| s == k))
}

/// A copy of a unit (all its fields are data).
fn copy_unit(f: &LintFile) -> LintFile {
    LintFile {
        source: f.source.clone(),
        doc: f.doc.clone(),
        role: f.role,
        role_source: f.role_source,
        release: f.release,
        last: f.last.clone(),
        allow: f.allow.clone(),
        unknown_keys: f.unknown_keys,
        inferred: f.inferred.clone(),
        client: f.client.clone(),
        binary_at: f.binary_at,
        cluster_release: f.cluster_release,
        format: f.format,
        unit: f.unit.clone(),
        input: f.input,
        not_read: f.not_read.clone(),
        secrets_known: None,
        classes: std::sync::OnceLock::new(),
        classes_prior: None,
    }
}

/// What [`copy_unit`] copies of a unit, but its input number and the caches, as text (for
/// checking a unit given back to [`lint_prepared_parsed`] in debug builds).
fn unit_content(f: &LintFile) -> String {
    let mut last: Vec<_> = f.last.iter().collect();
    last.sort();
    format!(
        "{:?}",
        (
            (&f.source.path, &f.source.text, &f.doc, f.role, f.role_source, f.release, f.cluster_release, last),
            (&f.allow, f.unknown_keys, &f.inferred, &f.client, f.binary_at, f.format, &f.unit, &f.not_read),
        )
    )
}

/// Lints inputs against context files prepared beforehand ([`prepare_context`], in place of
/// [`Settings::context`], which must be empty): the one body of [`lint`], which prepares its
/// context files this way; the language server keeps prepared companions across keystrokes, so
/// they are not read, parsed or redacted again. The configurations the contexts were prepared
/// with must be current (a caller drops a prepared file when its configuration file changes).
pub fn lint_prepared(inputs: Vec<Input>, settings: &Settings, context: &[std::sync::Arc<PreparedContext>]) -> Result<Report, String> {
    lint_prepared_parsed(inputs, Vec::new(), settings, context, Vec::new())
}

/// A `.properties` document a caller read already, for [`lint_prepared_parsed`].
pub struct Parsed {
    /// [`crate::properties::parse`] of the input's text, exactly.
    pub doc: crate::properties::Document,
    /// [`redact::secrets`] of the input read as a `.properties` file, exactly, when the caller
    /// knows them ([`redact::DocSecrets`]): used when the input is read with this document.
    pub secrets: Option<(Vec<crate::source::Span>, Vec<String>)>,
    /// The classes of the keys of an earlier text, by entry of this one
    /// ([`rules::schema::keys::ClassPrior`]).
    pub classes: Option<rules::schema::keys::ClassPrior>,
    /// The document's key index ([`LintFile::last`]), when the caller has it.
    pub last: Option<crate::model::KeyIndex>,
    /// Whether the document sets `spring.kafka.*` ([`formats::spring::is_spring_document`]),
    /// when the caller knows.
    pub spring: Option<bool>,
}

/// [`lint_prepared`], with the `.properties` document of input `i` given as `parsed[i]` where the
/// caller has it (the language server re-reads only the lines a keystroke changed,
/// [`crate::properties::reparse`], and keeps the secrets of the others); it is read as
/// [`lint_prepared`] reads it, without parsing the text again.
///
/// `reuse`: the context units of the report of an earlier call with the same inputs' paths and the
/// same `context` (the same prepared files, `Arc` for `Arc`, in the same order), taken back from
/// that report: they are the copies this call would make, and are moved in instead (empty: copied).
pub fn lint_prepared_parsed(
    inputs: Vec<Input>,
    parsed: Vec<Option<Parsed>>,
    settings: &Settings,
    context: &[std::sync::Arc<PreparedContext>],
    reuse: Vec<LintFile>,
) -> Result<Report, String> {
    debug_assert!(settings.context.is_empty());
    let mut parsed = parsed;
    parsed.resize_with(inputs.len(), || None);
    let mut cache = ConfigCache::default();
    let mut run_release = settings.release;
    let mut run_fail_on = None;
    let linted = inputs.len();
    let known: Vec<PathBuf> =
        if context.is_empty() { Vec::new() } else { inputs.iter().filter_map(|i| crate::walk::absolute(&i.path).ok()).collect() };
    // The language server lints one document among hundreds of companions on every keystroke:
    // a few inputs' paths are compared with each companion's, not hashed (a `Path`'s hash reads
    // it byte by byte); many are looked up in a set.
    const FEW: usize = 8;
    let known_set: std::collections::HashSet<&Path> =
        if known.len() > FEW { known.iter().map(PathBuf::as_path).collect() } else { Default::default() };
    let is_known = |p: &PathBuf| if known.len() > FEW { known_set.contains(p.as_path()) } else { known.iter().any(|k| k == p) };
    let context: Vec<&PreparedContext> =
        context.iter().map(|c| c.as_ref()).filter(|c| c.absolute.as_ref().is_none_or(|p| !is_known(p))).collect();
    let mut input_configs: Vec<Option<Arc<Config>>> = Vec::with_capacity(inputs.len());
    for input in &inputs {
        input_configs.push(cache.for_file(settings, &input.path)?);
    }
    for config in input_configs.iter().chain(context.iter().map(|c| &c.config)) {
        if run_release.is_none() {
            run_release = config.as_ref().and_then(|c| c.kafka_version);
        }
        if run_fail_on.is_none() {
            run_fail_on = config.as_ref().and_then(|c| c.fail_on);
        }
    }
    let mut read: Vec<ReadInput> = inputs
        .into_par_iter()
        .zip(input_configs.into_par_iter())
        .zip(parsed.into_par_iter())
        .enumerate()
        .map(|(input_index, ((input, config), parsed))| read_input_parsed(input_index, input, config, false, settings, parsed))
        .collect();
    // The prepared units: copies (the report owns its files), with their redaction by file id; or
    // the caller's copies from an earlier report of the same context.
    let mut prepared: Vec<Option<&ReportFile>> = read.iter().flat_map(|r| r.units.iter().map(|_| None)).collect();
    let units_count: usize = context.iter().map(|c| c.units.len()).sum();
    let mut reuse = if reuse.len() == units_count { reuse } else { Vec::new() }.into_iter();
    for (i, c) in context.iter().enumerate() {
        let input_index = linted + i;
        let units = c
            .units
            .iter()
            .map(|u| {
                prepared.push(Some(u));
                let mut f = match reuse.next() {
                    Some(f) if f.source.path == u.file.source.path => {
                        debug_assert_eq!(unit_content(&f), unit_content(&u.file), "{}", f.source.path.display());
                        f
                    }
                    _ => copy_unit(&u.file),
                };
                f.input = input_index;
                f
            })
            .collect();
        read.push(ReadInput { units, config: c.config.clone(), cluster: c.cluster, assumed: c.assumed, empty: c.empty.clone() });
    }
    Ok(check_read(read, prepared, linted, settings, run_release, run_fail_on, None))
}

/// Checks inputs read by [`read_input`] (the first `linted` of them inputs, the rest context
/// files, whose units come with their redaction in `prepared`): rules, deployments, suppressions,
/// levels, redaction. `more_keys`: the key names of the run's files outside `read` (a run checked
/// in batches), which a message scrubbed of a secret keeps readable as every file's keys.
fn check_read(
    read: Vec<ReadInput>,
    prepared: Vec<Option<&ReportFile>>,
    linted: usize,
    settings: &Settings,
    run_release: Option<Release>,
    run_fail_on: Option<Severity>,
    more_keys: Option<&MoreKeys>,
) -> Report {
    let mut files: Vec<LintFile> = Vec::with_capacity(read.len());
    let mut configs: Vec<Option<Arc<Config>>> = Vec::with_capacity(read.len());
    let mut file_cluster: Vec<Option<usize>> = Vec::with_capacity(read.len());
    let mut assumed = 0usize;
    let mut linted_units = 0usize;
    let mut inputs_seen: Vec<InputInfo> = Vec::new();
    for (input_index, r) in read.into_iter().enumerate() {
        assumed += r.assumed;
        if let Some(info) = r.empty {
            inputs_seen.push(info);
        }
        for file in r.units {
            let id = files.len();
            // The units of one input are consecutive: only the last entry can be this input's (a
            // search of every earlier input was quadratic in the number of files).
            match inputs_seen.last_mut().filter(|i| i.path == file.source.path && i.context == (input_index >= linted)) {
                Some(info) if info.units.last().is_some_and(|&u| files[u].input == input_index) => info.units.push(id),
                _ => inputs_seen.push(InputInfo {
                    path: file.source.path.clone(),
                    format: (file.not_read.is_none() || file.unit.is_some()).then_some(file.format),
                    units: vec![id],
                    context: input_index >= linted,
                }),
            }
            if input_index < linted {
                linted_units += 1;
            }
            files.push(file);
            configs.push(r.config.clone());
            file_cluster.push(r.cluster);
        }
    }

    // A client unit whose file says no version (an application service in a compose file) runs
    // against the brokers the same file defines: it takes their version.
    // The first broker of each input whose version the file states, found in one pass.
    let mut broker_release: HashMap<usize, Release> = HashMap::new();
    for b in files.iter().filter(|b| states_broker_version(b)) {
        broker_release.entry(b.input).or_insert(b.release);
    }
    for f in files.iter_mut() {
        let broker = broker_release.get(&f.input).copied();
        if take_brokers_version(f, broker) {
            assumed = assumed.saturating_sub(1);
        }
    }
    // `[per-file-ignores]` of each file's config, matched once per file.
    let file_ignores: Vec<Vec<String>> =
        files.iter().zip(&configs).map(|(f, c)| c.as_ref().map(|c| c.ignored_rules(&f.source.path)).unwrap_or_default()).collect();
    // Each rule's level under each configuration of the run, worked out once (a run of 10,000
    // files asks it about a million times): by configuration, then by rule.
    let rule_index: HashMap<&'static str, usize> = rules::RULES.iter().enumerate().map(|(i, r)| (r.meta().id, i)).collect();
    // By file (configurations prepared apart from this run are other `Arc`s of the same file).
    let mut config_index: HashMap<(Option<&Path>, *const Config), usize> = HashMap::new();
    let mut levels: Vec<Vec<Level>> = Vec::new();
    let file_config: Vec<usize> = configs
        .iter()
        .map(|c| {
            let key = match c.as_deref() {
                Some(c) if c.path.is_some() => (c.path.as_deref(), std::ptr::null()),
                c => (None, c.map_or(std::ptr::null(), |c| c as *const Config)),
            };
            *config_index.entry(key).or_insert_with(|| {
                levels.push(rules::RULES.iter().map(|r| rule_level(settings, c.as_deref(), r.meta())).collect());
                levels.len() - 1
            })
        })
        .collect();
    // What the loops below ask of each rule for every file, worked out once: its release bounds
    // (`RuleMeta::applies_to` looks the release names up each time) and what it reads.
    let facts: Vec<RuleFacts> = rules::RULES.iter().map(|r| RuleFacts::of(r.meta())).collect();
    let applies = |ri: usize, release: Release| {
        let f = &facts[ri];
        f.since.is_none_or(|s| release >= s) && f.until.is_none_or(|u| release <= u)
    };
    // The level of the `ri`th rule of `rules::RULES` for a file.
    let level_of = |fid: FileId, ri: usize, meta: &'static rules::RuleMeta| -> Level {
        if named(&file_ignores[fid], meta.id) {
            return Level::Off;
        }
        levels[file_config[fid]][ri]
    };
    let level = |fid: FileId, meta: &'static rules::RuleMeta| -> Level {
        match rule_index.get(meta.id) {
            Some(&ri) => level_of(fid, ri, meta),
            None if named(&file_ignores[fid], meta.id) => Level::Off,
            None => rule_level(settings, configs[fid].as_deref(), meta),
        }
    };

    // Single-file rules on every core; each file's findings in rule order, files in order.
    let per_file: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .enumerate()
        .map(|(id, file)| {
            let mut sink = Sink::default();
            // A context file's own findings are never reported: its single-file rules need not run.
            if id >= linted_units {
                return sink.diagnostics;
            }
            let cx = FileCtx::new(id, file);
            for (ri, rule) in rules::RULES.iter().enumerate() {
                let meta = rule.meta();
                let Scope::File(roles) = meta.scope else { continue };
                if level_of(id, ri, meta) == Level::Off || !applies(ri, file.release) {
                    continue;
                }
                if file.binary_at.is_some() && !facts[ri].binary {
                    continue;
                }
                if file.not_read.is_some() != facts[ri].not_read {
                    continue;
                }
                // The syntax family reads `.properties` text; other formats have their own.
                if file.format != Format::Properties && facts[ri].properties_syntax {
                    continue;
                }
                if !roles.is_empty() && !file.role.is_some_and(|r| roles.contains(&r)) {
                    continue;
                }
                rule.check_file(&cx, &mut sink);
            }
            sink.diagnostics
        })
        .collect();
    // Deployments: a cluster declared in kafkalint.toml (its broker and client globs), else the
    // files of one directory.
    // Each file's deployment, worked out on every core; then the groups in key order.
    type GroupKey = (PathBuf, String);
    let keys: Vec<Option<(GroupKey, Option<&ClusterDecl>)>> = files
        .par_iter()
        .enumerate()
        .map(|(id, f)| {
            if f.binary_at.is_some() {
                return None;
            }
            let declared =
                configs[id].as_ref().and_then(|c| file_cluster[id].map(|i| (c.path.clone().unwrap_or_default(), &c.clusters[i])));
            Some(match declared {
                Some((cfg, cl)) => ((cfg, cl.name.clone()), Some(cl)),
                // A unit that knows its cluster (the services of one compose file, a Strimzi cluster's
                // resources) is a deployment of its own: two compose files side by side are usually
                // alternatives, not one cluster.
                None => {
                    let cluster = f.unit.as_ref().and_then(|u| u.cluster.clone()).unwrap_or_default();
                    // A Go service pairs with the compose file of its repository, maybe in an ancestor
                    // directory (src/formats/go): it joins that compose file's deployment.
                    let dir = if f.format == crate::formats::Format::Go && !cluster.is_empty() {
                        Path::new(&cluster).parent().map(Path::to_path_buf).unwrap_or_default()
                    } else {
                        f.source.path.parent().map(Path::to_path_buf).unwrap_or_default()
                    };
                    ((dir, cluster), None)
                }
            })
        })
        .collect();
    let mut group_of: HashMap<GroupKey, usize> = HashMap::new();
    type Group = (Vec<FileId>, Option<ClusterDecl>);
    let mut group_list: Vec<(GroupKey, Group)> = Vec::new();
    // The group of the file before, tried first: the files of a directory come one after another
    // (a language server's 500 companions are one deployment), and a key's hash reads its path
    // byte by byte.
    let mut previous: Option<usize> = None;
    for (id, k) in keys.into_iter().enumerate() {
        let Some((key, cluster)) = k else { continue };
        let same = previous.filter(|&g| group_list[g].0 == key);
        debug_assert!(same.is_none_or(|g| group_of.get(&key) == Some(&g)));
        let g = match same.or_else(|| group_of.get(&key).copied()) {
            Some(g) => g,
            None => {
                group_list.push((key.clone(), (Vec::new(), cluster.cloned())));
                group_of.insert(key, group_list.len() - 1);
                group_list.len() - 1
            }
        };
        group_list[g].1 .0.push(id);
        previous = Some(g);
    }
    group_list.sort_by(|a, b| a.0.cmp(&b.0));
    let groups: Vec<(Vec<FileId>, Option<ClusterDecl>)> = group_list.into_iter().map(|(_, g)| g).collect();
    let per_group: Vec<Vec<Diagnostic>> = groups
        .par_iter()
        .map(|(ids, cluster)| {
            let mut sink = Sink::default();
            if ids.len() < 2
                && cluster.as_ref().is_none_or(|c| c.facts.is_empty() && c.broker_count.is_none())
                && ids.iter().all(|&id| files[id].unit.as_ref().is_none_or(|u| u.broker_count.is_none()))
            {
                return sink.diagnostics;
            }
            let cx = DeploymentCtx {
                files: ids.iter().map(|&id| FileCtx::new(id, &files[id])).collect(),
                cluster: cluster.as_ref(),
                // Context files' findings are dropped below.
                reported_below: linted_units,
            };
            for (ri, rule) in rules::RULES.iter().enumerate() {
                let meta = rule.meta();
                if meta.scope != Scope::Deployment {
                    continue;
                }
                let on = ids.iter().any(|&id| level_of(id, ri, meta) != Level::Off && applies(ri, files[id].release));
                if on {
                    rule.check_deployment(&cx, &mut sink);
                }
            }
            sink.diagnostics
        })
        .collect();

    // Suppressions (each file against its own findings only), then levels.
    let mut by_file: Vec<Vec<Diagnostic>> = per_file;
    for d in per_group.into_iter().flatten() {
        let f = d.file();
        by_file[f].push(d);
    }
    // A compose service whose image kafkalint does not know is read with a guessed mapping: only
    // findings about what it writes stand (rules::docker::keep_guessed). A Spring profile's file
    // carries its default file's settings: their own findings stay there (rules::spring).
    for diags in by_file.iter_mut() {
        diags.retain_mut(|d| rules::docker::keep_guessed(&files, d) && rules::spring::keep_over_default(&files, d));
    }
    // A unit that repeats another's entries (a Strimzi controller pool, a Spring profile): each
    // finding on a shared entry once, on the unit it comes from.
    formats::drop_repeated(&files, &mut by_file);
    let extras: Vec<Vec<Diagnostic>> = by_file
        .par_iter_mut()
        .enumerate()
        .map(|(id, diags)| {
            let file = &files[id];
            let mut extra = Sink::default();
            // A context file's findings are dropped below: its suppressions need not be read.
            if id >= linted_units {
                return extra.diagnostics;
            }
            let unused_on = level(id, &rules::kafkalint::unused_suppression::META) != Level::Off;
            let active = |rid: &str| {
                let rid = rules::redirect(rid).unwrap_or(rid);
                rules::RULES
                    .iter()
                    .enumerate()
                    .map(|(ri, r)| (ri, r.meta()))
                    .filter(|(_, m)| m.id == rid || m.family() == rid)
                    .any(|(ri, m)| level_of(id, ri, m) != Level::Off && applies(ri, file.release))
            };
            suppress::apply(id, file, diags, &mut extra, unused_on, &active);
            extra.diagnostics
        })
        .collect();
    let mut diags: Vec<Diagnostic> = by_file.into_iter().flatten().chain(extras.into_iter().flatten()).collect();
    diags.retain_mut(|d| match level(d.file(), d.rule) {
        Level::Off => false,
        Level::On(s) => {
            // A configured level replaces the default; a rule's own escalation stays when unconfigured.
            if configs[d.file()].as_ref().is_some_and(|c| c.rules.contains_key(d.rule.id) || c.rules.contains_key(d.rule.family())) {
                d.severity = s;
            }
            true
        }
    });
    diags.retain(|d| d.file() < linted_units);
    diags.sort_by(|a, b| {
        (a.file(), a.primary.span.start, a.rule.id, &a.message).cmp(&(b.file(), b.primary.span.start, b.rule.id, &b.message))
    });
    diags.dedup_by(|a, b| a.file() == b.file() && a.primary.span == b.primary.span && a.rule.id == b.rule.id && a.message == b.message);

    // Redaction: the inputs' now, the prepared files' as prepared.
    let report_files: Vec<ReportFile> = files
        .into_par_iter()
        .zip(prepared.into_par_iter())
        .enumerate()
        .map(|(i, (file, prepared))| match prepared {
            Some(p) => ReportFile { file, redacted: p.redacted.clone(), secrets: p.secrets.clone(), context: i >= linted_units },
            None => {
                let mut file = file;
                let (spans, secrets) = match file.secrets_known.take() {
                    Some(known) => {
                        debug_assert_eq!(known, redact::secrets(&file), "{}", file.source.path.display());
                        known
                    }
                    None => redact::secrets(&file),
                };
                let redacted = Redacted::new(&file.source.text, &spans);
                ReportFile { file, redacted, secrets, context: i >= linted_units }
            }
        })
        .collect();
    // A diagnostic is scrubbed of the secrets of the files it shows (its own, its labels', its
    // fixes'): a password of one file must not mangle another file's unrelated text.
    // Each finding as it is, or the secrets it shows; the set of keys only when some text carries
    // a secret (what `redact::scrub` tests first), built outside the parallel pass (a run in
    // batches reads the later batches' keys for it on every core).
    let checked: Vec<Option<Vec<String>>> = diags
        .par_iter()
        .map(|d| {
            let mut ids: Vec<FileId> = std::iter::once(d.file())
                .chain(d.related.iter().map(|l| l.file))
                .chain(d.fixes.iter().flat_map(|f| f.edits.iter().map(|e| e.file)))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let mut secrets: Vec<String> = ids.iter().flat_map(|&i| report_files[i].secrets.iter().cloned()).collect();
            secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
            secrets.dedup();
            carries_secret(d, &secrets).then_some(secrets)
        })
        .collect();
    // The findings that show a secret are scrubbed in place; what they were is kept beside.
    let mut raw = std::collections::BTreeMap::new();
    if checked.iter().any(Option::is_some) {
        let own = report_files.iter().flat_map(|f| f.file.doc.entries.iter().map(|e| e.key.as_str()));
        let keys: std::collections::HashSet<&str> = match more_keys {
            Some(more) => own.chain(more.keys()).collect(),
            None => own.collect(),
        };
        let scrubbed: Vec<(usize, Diagnostic)> = checked
            .par_iter()
            .enumerate()
            .filter_map(|(i, c)| c.as_ref().map(|secrets| (i, redact_diagnostic(&diags[i], secrets, &keys))))
            .collect();
        for (i, d) in scrubbed {
            raw.insert(i, std::mem::replace(&mut diags[i], d));
        }
    }

    // Assumed only where some file had no version from anywhere (a tag, a resource, the config).
    let release_assumed = assumed > 0 || (run_release.is_none() && linted_units == 0);
    let all_assumed = assumed >= linted_units;
    Report {
        inputs: inputs_seen,
        files: report_files,
        diagnostics: diags,
        raw,
        release: run_release.unwrap_or_else(Release::newest),
        release_assumed,
        all_assumed,
        fail_on: run_fail_on.unwrap_or(Severity::Warning),
        assumed,
        linted_units,
        run_release: run_release.is_some(),
    }
}

/// [`lint_batches`] (the CLI's `check`) checks a run of at least [`BATCHED_FROM`] inputs in
/// batches of at least this many: a batch's files, trees and findings are dropped once its report
/// is written, and two batches are held at a time (one written while the next is checked).
pub const BATCH: usize = 1024;

/// See [`BATCH`].
pub const BATCHED_FROM: usize = 4096;

/// Whether [`lint_batches`] checks these inputs batch by batch: not with context files (a file
/// named with its directory's other files as context).
pub fn batched(inputs: &[Input], settings: &Settings) -> bool {
    inputs.len() >= BATCHED_FROM && settings.context.is_empty()
}

/// The ends of parts of at least `size` consecutive inputs that no deployment spans (a directory,
/// a cluster declared in kafkalint.toml), as [`lint_batches`] cuts a run (see [`batched`] for the
/// runs this holds for): `--fix` fixes a part at a time. Errors: [`lint`]'s configuration errors.
pub(crate) fn part_ends(inputs: &[Input], settings: &Settings, size: usize) -> Result<Vec<usize>, String> {
    let mut cache = ConfigCache::default();
    let configs = inputs.iter().map(|i| cache.for_file(settings, &i.path)).collect::<Result<Vec<_>, String>>()?;
    Ok(batch_ends(inputs, &configs, None, settings, size))
}

/// Where an input's deployment can be: its declared cluster (the configuration's path and the
/// cluster's name), else its directory (a compose file's or Strimzi cluster's units are a
/// deployment of their own within it).
type BatchKey = (bool, PathBuf, String);

/// The ends of the batches of a run (see [`lint_batches`]): at least `size` consecutive inputs,
/// ending only where no deployment goes on past it. A Go service joins the deployment of the
/// compose file it pairs with, found on disk, maybe in another directory (see `check_read`'s
/// groups): a Go input is read here for it (parsed once more; by `load` when the inputs come as
/// paths) and holds that directory's key too, so that one batch has both.
fn batch_ends(inputs: &[Input], configs: &[Option<Arc<Config>>], load: Option<Loader>, settings: &Settings, size: usize) -> Vec<usize> {
    let keys: Vec<BatchKey> = inputs
        .par_iter()
        .zip(configs.par_iter())
        .map(|(i, c)| {
            let declared = c
                .as_ref()
                .and_then(|c| c.cluster_index(&i.path).map(|(ci, _)| (c.path.clone().unwrap_or_default(), c.clusters[ci].name.clone())));
            match declared {
                Some((cfg, name)) => (true, cfg, name),
                None => (false, i.path.parent().map(Path::to_path_buf).unwrap_or_default(), String::new()),
            }
        })
        .collect();
    let go = |p: &Path| p.extension().is_some_and(|e| e == "go") || p.file_name().is_some_and(|n| n == "go.mod");
    let extra: Vec<(usize, BatchKey)> = inputs
        .par_iter()
        .zip(configs.par_iter())
        .enumerate()
        .filter(|(n, (i, _))| go(&i.path) && !keys[*n].0)
        .flat_map_iter(|(n, (i, c))| {
            let bytes = match load {
                Some(load) => load(n, &i.path),
                None => Some(i.bytes.clone()),
            };
            let read = bytes.map(|bytes| read_input(0, Input { path: i.path.clone(), bytes }, c.clone(), false, settings));
            let mut dirs: Vec<PathBuf> = read
                .iter()
                .flat_map(|r| &r.units)
                .filter(|u| u.format == Format::Go)
                .filter_map(|u| u.unit.as_ref().and_then(|u| u.cluster.as_deref()).filter(|c| !c.is_empty()))
                .map(|c| Path::new(c).parent().map(Path::to_path_buf).unwrap_or_default())
                .collect();
            dirs.sort();
            dirs.dedup();
            dirs.into_iter().map(move |d| (n, (false, d, String::new())))
        })
        .collect();
    // The inputs of a key mostly come one after another (a directory's files): a run of equal
    // keys is hashed once, at its end (a path's hash reads it component by component).
    let same = |a: &BatchKey, b: &BatchKey| a.0 == b.0 && a.1.as_os_str() == b.1.as_os_str() && a.2 == b.2;
    let mut last: HashMap<&BatchKey, usize> = HashMap::with_capacity(inputs.len() / 16);
    for (i, k) in keys.iter().enumerate() {
        if keys.get(i + 1).is_none_or(|next| !same(k, next)) {
            last.insert(k, i);
        }
    }
    for (i, k) in &extra {
        let l = last.entry(k).or_insert(*i);
        *l = (*l).max(*i);
    }
    let mut ends = Vec::new();
    let (mut start, mut reach, mut x) = (0, 0, 0);
    for (i, k) in keys.iter().enumerate() {
        if i == 0 || !same(k, &keys[i - 1]) {
            reach = reach.max(last[k]);
        }
        while let Some((_, k)) = extra.get(x).filter(|(n, _)| *n == i) {
            reach = reach.max(last[k]);
            x += 1;
        }
        if reach == i && i + 1 - start >= size {
            ends.push(i + 1);
            start = i + 1;
        }
    }
    if start < inputs.len() {
        ends.push(inputs.len());
    }
    ends
}

/// Key names gathered over a run's batches (see [`MoreKeys`]): every key of every file is looked
/// up in them, so they are hashed with foldhash, not SipHash.
type KeySet = std::collections::HashSet<String, foldhash::fast::RandomState>;

/// The key names of a batched run's files outside the batch being checked (see
/// [`check_read`]): those of the batches before it, gathered as they were checked, and those of
/// the inputs after it, read when a message first needs them.
struct MoreKeys<'a> {
    before: &'a KeySet,
    later: &'a std::sync::OnceLock<std::collections::HashSet<String>>,
    rest: &'a [Input],
    rest_configs: &'a [Option<Arc<Config>>],
    /// Reads the inputs of `rest` when they come as paths (see [`Loader`]), the first of them
    /// being the run's input number `rest_from`.
    load: Option<Loader<'a>>,
    rest_from: usize,
    settings: &'a Settings,
}

impl MoreKeys<'_> {
    fn keys(&self) -> impl Iterator<Item = &str> {
        let later = self.later.get_or_init(|| {
            self.rest
                .par_iter()
                .zip(self.rest_configs.par_iter())
                .enumerate()
                .flat_map_iter(|(k, (i, c))| {
                    let input = match self.load {
                        None => i.clone(),
                        Some(load) => match load(self.rest_from + k, &i.path) {
                            Some(bytes) => Input { path: i.path.clone(), bytes },
                            None => return Vec::new(),
                        },
                    };
                    let r = read_input(0, input, c.clone(), false, self.settings);
                    r.units.into_iter().flat_map(|u| u.doc.entries.into_iter().map(|e| e.key)).collect::<Vec<String>>()
                })
                .collect()
        });
        self.before.iter().chain(later.iter()).map(String::as_str)
    }
}

/// Lints inputs as [`lint`] does (see [`batched`] for when it applies), a batch of consecutive
/// inputs at a time: each batch's report goes to `each`, which writes it, and is dropped before
/// the next batch is read, so memory holds one batch, not the run. A batch ends only where no
/// deployment goes on past it (a directory, a declared cluster of kafkalint.toml): the findings,
/// their order and every report's text are those of the run checked as one. File ids count from
/// a batch's first input; `release`, `fail_on` are the run's, and [`Report::assumed`]-like
/// counts are the batch's own (a caller adds them up). Errors: [`lint`]'s configuration errors,
/// and `each`'s.
pub fn lint_batches(inputs: Vec<Input>, settings: &Settings, each: &mut dyn FnMut(Report) -> std::io::Result<()>) -> Result<(), String> {
    lint_batches_of(inputs, settings, BATCH, each)
}

/// Reads input number `i` of a run given as paths ([`lint_batches_loading`]): its bytes, or
/// `None` when it is no input after all (it cannot be read, which the loader keeps to report, or
/// is not a Kafka file). Called on any core, when the input's batch is read; for some inputs a
/// second time (the first inputs whose configuration names the run's version or fail level, and
/// the later inputs' key names when a message must be scrubbed of a secret), so it answers the
/// same each time.
pub type Loader<'a> = &'a (dyn Fn(usize, &Path) -> Option<Vec<u8>> + Sync);

/// [`lint_batches`] of a run given as paths, read a batch at a time by `load` on every core, while
/// the batch before is checked and written: reading overlaps checking, and no input is read
/// before the first batch. The inputs `load` takes are those [`lint_batches`] would be given
/// (paths in order, the others dropped): the same reports.
pub fn lint_batches_loading(
    paths: Vec<PathBuf>,
    load: Loader,
    settings: &Settings,
    each: &mut dyn FnMut(Report) -> std::io::Result<()>,
) -> Result<(), String> {
    let inputs = paths.into_iter().map(|path| Input { path, bytes: Vec::new() }).collect();
    lint_batches_loading_of(inputs, Some(load), settings, BATCH, each)
}

/// [`lint_batches`] with batches of at least `size` inputs.
fn lint_batches_of(
    inputs: Vec<Input>,
    settings: &Settings,
    size: usize,
    each: &mut dyn FnMut(Report) -> std::io::Result<()>,
) -> Result<(), String> {
    lint_batches_loading_of(inputs, None, settings, size, each)
}

/// [`lint_batches_of`], the inputs' bytes read by `load` when it is given (see
/// [`lint_batches_loading`]).
fn lint_batches_loading_of(
    mut inputs: Vec<Input>,
    load: Option<Loader>,
    settings: &Settings,
    size: usize,
    each: &mut dyn FnMut(Report) -> std::io::Result<()>,
) -> Result<(), String> {
    debug_assert!(settings.context.is_empty());
    let mut cache = ConfigCache::default();
    let mut configs: Vec<Option<Arc<Config>>> = Vec::with_capacity(inputs.len());
    for input in &inputs {
        configs.push(cache.for_file(settings, &input.path)?);
    }
    // The first input's configuration that says: of an input that is one (given as paths, the
    // first such input may not be a Kafka file, then the next one is asked).
    let first_of = |of: &dyn Fn(&Config) -> bool| -> Option<&Config> {
        configs.iter().enumerate().filter_map(|(i, c)| c.as_deref().filter(|c| of(c)).map(|c| (i, c))).find_map(|(i, c)| {
            let kept = load.is_none_or(|load| load(i, &inputs[i].path).is_some());
            kept.then_some(c)
        })
    };
    let run_release = settings.release.or_else(|| first_of(&|c| c.kafka_version.is_some()).and_then(|c| c.kafka_version));
    let run_fail_on = first_of(&|c| c.fail_on.is_some()).and_then(|c| c.fail_on);
    let ends = batch_ends(&inputs, &configs, load, settings, size);
    let mut before = KeySet::default();
    let later = std::sync::OnceLock::new();
    // Each batch is checked on a helper thread while the one before it is written here: the
    // serial stretches of either (grouping, sorting, writing) leave a core to the other.
    let mut written: Option<Report> = None;
    let mut start = 0;
    for end in ends {
        let batch: Vec<Input> =
            inputs[start..end].iter_mut().map(|i| Input { path: i.path.clone(), bytes: std::mem::take(&mut i.bytes) }).collect();
        let batch = std::sync::Mutex::new(Some(batch));
        let (before_now, later, configs, rest) = (&before, &later, &configs, &inputs[end..]);
        let check = || {
            let batch = batch.lock().ok().and_then(|mut b| b.take()).unwrap_or_default();
            // Each input read (when it comes as a path) and parsed on any core; numbered among the
            // batch's inputs once those that are none are left out.
            let mut read: Vec<ReadInput> = batch
                .into_par_iter()
                .zip(configs[start..end].par_iter().cloned())
                .enumerate()
                .filter_map(|(k, (input, config))| {
                    let input = match load {
                        None => input,
                        Some(load) => Input { bytes: load(start + k, &input.path)?, path: input.path },
                    };
                    Some(read_input(k, input, config, false, settings))
                })
                .collect();
            if load.is_some() {
                for (input_index, r) in read.iter_mut().enumerate() {
                    for u in r.units.iter_mut() {
                        u.input = input_index;
                    }
                }
            }
            let linted = read.len();
            let prepared = read.iter().flat_map(|r| r.units.iter().map(|_| None)).collect();
            let more = MoreKeys { before: before_now, later, rest, rest_configs: &configs[end..], load, rest_from: end, settings };
            let report = check_read(read, prepared, linted, settings, run_release, run_fail_on, Some(&more));
            // The batch's key names the batches before it lack, found here (on the checking
            // thread, beside the writing of the batch before), not between two batches.
            let mut new: std::collections::HashSet<&str, foldhash::fast::RandomState> = Default::default();
            for k in report.files.iter().flat_map(|f| f.file.doc.entries.iter().map(|e| e.key.as_str())) {
                if !before_now.contains(k) {
                    new.insert(k);
                }
            }
            let new: Vec<String> = new.into_iter().map(str::to_string).collect();
            (report, new)
        };
        // Borrowed by the helper thread: called here if no thread can be had.
        let checker = &check;
        let ((report, new_keys), wrote) = match written.take() {
            None => (check(), Ok(())),
            Some(previous) => std::thread::scope(|scope| match std::thread::Builder::new().spawn_scoped(scope, checker) {
                Ok(h) => {
                    let wrote = each(previous);
                    (h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), wrote)
                }
                // No thread to be had: one after the other.
                Err(_) => {
                    let wrote = each(previous);
                    (check(), wrote)
                }
            }),
        };
        wrote.map_err(|e| e.to_string())?;
        before.extend(new_keys);
        written = Some(report);
        start = end;
    }
    if let Some(last) = written {
        each(last).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// One input read into its units (see [`read_input`]).
struct ReadInput {
    units: Vec<LintFile>,
    config: Option<Arc<Config>>,
    /// The declared cluster of the input: an index into its config's `clusters`.
    cluster: Option<usize>,
    /// Units with no version from anywhere.
    assumed: usize,
    /// A file of a format kafkalint reads with no Kafka configuration in it.
    empty: Option<InputInfo>,
}

/// Reads one input: decodes it, detects its format, parses it into units and gives each unit
/// its role, client library and version. Touches nothing but the input: runs on any core.
fn read_input(input_index: usize, input: Input, config: Option<Arc<Config>>, context: bool, settings: &Settings) -> ReadInput {
    read_input_parsed(input_index, input, config, context, settings, None)
}

/// [`read_input`], with the input's `.properties` document when the caller parsed it already.
fn read_input_parsed(
    input_index: usize,
    input: Input,
    config: Option<Arc<Config>>,
    context: bool,
    settings: &Settings,
    pre: Option<Parsed>,
) -> ReadInput {
    let (pre, mut secrets_known, mut classes_prior, mut last_known, spring) = match pre {
        Some(p) => (Some(p.doc), p.secrets, p.classes, p.last, p.spring),
        None => (None, None, None, None, None),
    };
    let mut assumed = 0usize;
    let mut empty = None;
    let entry = config.as_ref().and_then(|c| c.file_entry(&input.path)).cloned();
    // The declared cluster the input belongs to (an index into its config's clusters).
    // Matched once here, not remembered (a memo of every path of a large run).
    let cluster = config.as_ref().and_then(|c| c.cluster_index(&input.path).map(|(ci, _)| ci));
    let cluster_version = cluster.and_then(|i| config.as_ref().and_then(|c| c.clusters[i].kafka_version));
    let declared = settings.release.or(entry.as_ref().and_then(|e| e.kafka_version)).or(cluster_version);
    let source = SourceFile::from_bytes(input.path, input.bytes);
    // The document detection parsed (a `.properties` file that might be Spring Boot's) is
    // the file's document: parsed once.
    let mut parsed = None;
    let format = if source.text.contains('\0') {
        Some(Format::Properties)
    } else {
        let (format, doc) = detect_parsed(&source.path, &source.text, pre, spring);
        parsed = doc;
        if settings.role.is_some() || entry.as_ref().is_some_and(|e| e.role.is_some()) {
            // A role given for the file says it is a Kafka properties file, whatever its name.
            format.filter(|f| *f != Format::Spring).or(Some(Format::Properties))
        } else {
            format
        }
    };
    let mut units: Vec<LintFile> = Vec::new();
    match format {
        Some(Format::Properties) => {
            let release = declared.or(config.as_ref().and_then(|c| c.kafka_version));
            assumed += usize::from(release.is_none());
            // The caller's secrets are those of the file read with its document (not a binary
            // file's empty one).
            let secrets_known = secrets_known.take().filter(|_| parsed.is_some());
            let at = release.unwrap_or_else(Release::newest);
            let mut f = match (parsed.take(), last_known.take()) {
                (Some(doc), Some(last)) => LintFile::with_doc_index(source, at, doc, last),
                (doc, _) => LintFile::with_doc(source, at, doc),
            };
            f.secrets_known = secrets_known;
            f.classes_prior = classes_prior.take().filter(|_| f.binary_at.is_none());
            // No version from anywhere: inferred from the keys once the role is known.
            f.inferred = release.is_none().then(crate::model::Inferred::unknown);
            units.push(f);
        }
        Some(fmt) => {
            let path = source.path.clone();
            let read = formats::read(fmt, &source.path, &source.text);
            if let Some((at, message)) = read.error {
                units.push(LintFile::not_read(source, NotRead::Syntax { at, message }, fmt));
            } else {
                let n = read.units.len();
                for (i, unit) in read.units.into_iter().enumerate() {
                    let (role, entries, mut meta) = unit.into_parts();
                    meta.index = i;
                    let release = declared.or(meta.release).or(config.as_ref().and_then(|c| c.kafka_version));
                    assumed += usize::from(release.is_none());
                    if meta.version_source.is_none() || declared.is_some() {
                        meta.version_source = Some(if settings.release.is_some() {
                            formats::VersionSource::CommandLine
                        } else if declared.is_some() || release.is_some() {
                            formats::VersionSource::Config
                        } else {
                            formats::VersionSource::Assumed
                        });
                    }
                    let _ = n;
                    let src = source.clone();
                    let mut f =
                        LintFile::from_unit(src, release.unwrap_or_else(Release::newest), fmt, entries, read.comments.clone(), meta);
                    f.role = role;
                    f.role_source = if role.is_some() { RoleSource::Format } else { RoleSource::Unknown };
                    f.inferred = release.is_none().then(crate::model::Inferred::unknown);
                    units.push(f);
                }
            }
            if units.is_empty() {
                empty = Some(InputInfo { path, format: Some(fmt), units: Vec::new(), context });
            }
        }
        None => units.push(LintFile::not_read(source, NotRead::Unsupported, Format::Properties)),
    }
    let mut out = Vec::with_capacity(units.len());
    for mut file in units {
        file.input = input_index;
        if file.unit.is_none() && file.not_read.is_none() {
            // Role: command line, directive, config entry, file name, keys.
            let (role, src) = if let Some(r) = settings.role {
                (Some(r), RoleSource::CommandLine)
            } else if let Some(Ok(r)) = file.directive_role() {
                (Some(r), RoleSource::Directive)
            } else if let Some(r) = entry.as_ref().and_then(|e| e.role) {
                (Some(r), RoleSource::Config)
            } else if file.binary_at.is_none() && crate::model::foreign_format(&file.doc).is_some() {
                (None, RoleSource::Unknown)
            } else if let Some(r) = role_from_file_name(&file.source.path) {
                (Some(r), RoleSource::FileName)
            } else if let Some(r) = (file.binary_at.is_none()).then(|| role_from_keys(&file.doc)).flatten() {
                (Some(r), RoleSource::Keys)
            } else {
                (None, RoleSource::Unknown)
            };
            file.role = role;
            file.role_source = src;
        } else if file.unit.is_some() {
            if let Some(Ok(r)) = file.directive_role() {
                file.role = Some(r);
                file.role_source = RoleSource::Directive;
            }
        }
        // A Go client's library is known from its code and go.mod: it wins over `--client`.
        // `--client` and `[[files]] client` name the library of client files: a broker or topic
        // file is read by Kafka itself.
        let client_role = file.role.is_some_and(Role::is_client);
        file.client = file
            .unit
            .as_ref()
            .and_then(|u| u.client.clone())
            .or(settings.client.clone().filter(|_| client_role))
            .or(entry.as_ref().and_then(|e| e.client.clone()).filter(|_| client_role));
        // A client file written for a declared Java client version is checked against that
        // version's keys; the cluster stays at the target version.
        if file.role.is_some_and(Role::is_client) {
            if let Some(("java", Some(v))) =
                file.client.as_deref().and_then(|c| crate::model::parse_client(c).ok()).as_ref().map(|(l, v)| (l.as_str(), v.clone()))
            {
                if let Ok(r) = Release::parse(&v.to_string()) {
                    file.release = r;
                }
            }
        }
        if let Some(c) = &config {
            file.allow = c.allow_keys.clone();
            file.unknown_keys = c.unknown_keys;
        }
        // A file with no version: the release lines its keys are consistent with, judged at
        // the newest of them (a ZooKeeper-mode broker at 3.9, not at a line without ZooKeeper).
        if let (Some(_), Some(role)) = (&file.inferred, file.role) {
            if crate::rules::schema::keys::declared_librdkafka(&file).is_none() {
                let inf = crate::model::infer_releases(&file, role);
                if file.release == file.cluster_release {
                    file.release = inf.hi;
                }
                file.cluster_release = inf.hi;
                file.inferred = Some(inf);
            }
        } else if file.role.is_none() {
            file.inferred = None;
        }
        out.push(file);
    }
    ReadInput { units: out, config, cluster, assumed, empty }
}

/// [`formats::detect_parsed`], with the text's `.properties` document when the caller has it:
/// the same answer (a `.properties` name is Spring Boot's when its text may be and its document
/// sets `spring.kafka.*`, else Kafka's), without parsing the text again.
fn detect_parsed(
    path: &Path,
    text: &str,
    pre: Option<crate::properties::Document>,
    spring: Option<bool>,
) -> (Option<Format>, Option<crate::properties::Document>) {
    let properties =
        path.file_name().is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().rsplit_once('.').is_some_and(|(_, e)| e == "properties"));
    match pre {
        Some(doc) if properties => {
            debug_assert!(spring.is_none_or(|s| s == formats::spring::is_spring_document(&doc)));
            if formats::spring::may_be_spring(text) && spring.unwrap_or_else(|| formats::spring::is_spring_document(&doc)) {
                (Some(Format::Spring), None)
            } else {
                (Some(Format::Properties), Some(doc))
            }
        }
        _ => formats::detect_parsed(path, text),
    }
}

/// Below this many files a run stays on the calling thread (a pre-commit run of one file does not
/// start a thread pool); from it on, reading and the per-file work use every core.
pub const PARALLEL_FROM: usize = 32;

/// Sizes the thread pool for a run of `files` files, before any parallel work: fewer than
/// [`PARALLEL_FROM`] run on the calling thread alone. Only the first call of a process counts.
pub fn threads_for(files: usize) {
    if files < PARALLEL_FROM {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(1).use_current_thread().build_global();
    } else {
        let _ = rayon::ThreadPoolBuilder::new().build_global();
    }
}

/// Whether a rule id is named by a list of rule ids and families (`consumer`, `consumer/x`).
fn named(list: &[String], id: &str) -> bool {
    list.iter().any(|x| x == id || id.strip_prefix(x.as_str()).is_some_and(|rest| rest.starts_with('/')))
}

/// A rule's level for a file with this configuration: `--ignore` wins, then `--extend-select`,
/// then `--select`, then kafkalint.toml, then the rule's default.
pub fn rule_level(settings: &Settings, config: Option<&Config>, meta: &'static rules::RuleMeta) -> Level {
    if named(&settings.ignore, meta.id) {
        return Level::Off;
    }
    let extended = named(&settings.extend_select, meta.id);
    if !extended && settings.select.as_ref().is_some_and(|s| !named(s, meta.id)) {
        return Level::Off;
    }
    match config.map(|c| c.level(meta)) {
        Some(Level::Off) if extended => Level::On(meta.severity),
        Some(l) => l,
        None if meta.enabled || extended || settings.select.is_some() => Level::On(meta.severity),
        None => Level::Off,
    }
}

fn redact_diagnostic(d: &Diagnostic, secrets: &[String], keys: &std::collections::HashSet<&str>) -> Diagnostic {
    let s = |t: &str| redact::scrub(t, secrets, keys);
    let mut d = d.clone();
    d.message = s(&d.message);
    d.help = d.help.as_deref().map(s);
    d.primary.message = s(&d.primary.message);
    for l in &mut d.related {
        l.message = s(&l.message);
    }
    for k in std::iter::once(&mut d.key).chain(std::iter::once(&mut d.primary.key)).chain(d.related.iter_mut().map(|l| &mut l.key)) {
        if is_secret_key_text(k, secrets) {
            *k = Some(redact::MASK.to_string());
        }
    }
    for f in &mut d.fixes {
        f.description = s(&f.description);
        for e in &mut f.edits {
            // A replacement that is a key name (a rename) stays readable.
            let quoted = s(&format!("`{}`", e.replacement));
            e.replacement = quoted[1..quoted.len() - 1].to_string();
        }
    }
    d
}

/// The other files that form a deployment with `path` and must be read to check it (the broker
/// files a client is checked against): the files of its declared cluster (kafkalint.toml
/// `[[clusters]]`), else the other `*.properties` files of its directory. The CLI reads them as
/// context when only one file of a deployment is named; the language server does the same for an
/// open file.
pub fn companions(path: &Path) -> Vec<PathBuf> {
    let config = Config::discover(path).and_then(|p| Config::load(&p).ok());
    companions_with(path, config.as_ref())
}

/// [`companions`] with a known configuration (`None`: directory siblings only).
pub fn companions_with(path: &Path, config: Option<&Config>) -> Vec<PathBuf> {
    let me = std::fs::canonicalize(path).ok();
    if let Some((cluster, _)) = config.and_then(|c| c.cluster_of(path).map(|(cl, b)| (cl.clone(), b))) {
        let files = config.map(|c| c.cluster_files(&cluster)).unwrap_or_default();
        return files.into_iter().filter(|p| std::fs::canonicalize(p).ok() != me).collect();
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The directory's own candidates, walked as `check` walks (ignore files, `exclude`).
    let settings = crate::walk::WalkSettings { max_depth: Some(1), ..crate::walk::WalkSettings::for_config(config) };
    // A file alone in its directory (as a pre-commit run often names one) has no companions:
    // one directory listing says so without setting up the walker's ignore matchers.
    if !crate::walk::has_other_candidates(&dir, me.as_deref(), settings.filter) {
        return Vec::new();
    }
    let mut out: Vec<PathBuf> = crate::walk::candidates(&dir, &settings)
        .into_iter()
        .filter(|p| std::fs::canonicalize(p).ok() != me)
        .map(|p| if path.parent().is_some_and(|d| d.as_os_str().is_empty()) { PathBuf::from(p.file_name().unwrap_or_default()) } else { p })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
#[allow(dead_code)]
mod batch_tests {
    use super::*;

    include!("../tests/common/secrets_corpus.rs");

    /// Directories of brokers and clients, a declared cluster whose brokers and clients are
    /// three directories apart, and secrets in the clients.
    fn inputs() -> (Vec<Input>, Settings) {
        let mut inputs = Vec::new();
        for d in 0..12 {
            let dir = format!("/kl-batch/d{d:02}");
            let mut add = |name: &str, text: String| inputs.push(Input { path: format!("{dir}/{name}").into(), bytes: text.into_bytes() });
            add(
                "server-1.properties",
                format!("process.roles=broker,controller\nnode.id=1\nlisteners=PLAINTEXT://:9092,CONTROLLER://:9093\nmin.insync.replicas={}\nlog.segment.bytes=1024\n", 1 + d % 3),
            );
            add(
                "consumer.properties",
                format!(
                    "bootstrap.servers=localhost:{}\ngroup.id=g{d}\nsession.timeout.ms=3000\nheartbeat.interval.ms=5000\n",
                    9092 + d % 2
                ),
            );
            add(
                "orders-producer.properties",
                format!("bootstrap.servers=localhost:9092\nacks={}\nssl.key.password=hunter{d}x \nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cr3t{d}\";\n", if d % 2 == 0 { "1" } else { "all" }),
            );
            if d % 3 == 0 {
                add("billing_consumer.properties", fixture());
            }
        }
        let config = Config::parse(
            Path::new("/kl-batch/kafkalint.toml"),
            "[[clusters]]\nname = \"c\"\nbrokers = [\"d02/server-*.properties\"]\nclients = [\"d05/*-*.properties\"]\n",
        )
        .unwrap();
        (inputs, Settings { config: Some(config), release: Release::parse("3.9").ok(), ..Default::default() })
    }

    #[test]
    fn batches_write_what_one_report_writes() {
        let (inputs, settings) = inputs();
        let one = lint(inputs.clone(), &settings).unwrap();
        assert!(one.diagnostics.iter().any(|d| d.related.iter().any(|l| l.file != d.file())), "some finding spans files");
        assert!(
            one.diagnostics.iter().zip(one.raw_diagnostics()).any(|(p, r)| p.message != r.message),
            "some message is scrubbed of a secret"
        );
        let opts = crate::render::human::Options { color: false, width: 100 };
        let (mut json, mut human) = (Vec::new(), Vec::new());
        crate::render::json::write(&one, &mut json).unwrap();
        crate::render::human::write(&one, &opts, true, &mut human).unwrap();

        let mut totals = crate::render::Totals::default();
        let mut stream = crate::render::json::Stream::default();
        let mut hstream = crate::render::human::Stream::new(&opts);
        let (mut json2, mut human2) = (Vec::new(), Vec::new());
        let mut sizes = Vec::new();
        lint_batches_of(inputs, &settings, 5, &mut |r| {
            sizes.push(r.inputs.len());
            totals.add(&r);
            stream.batch(&r, &mut json2)?;
            hstream.batch(&r, &mut human2)
        })
        .unwrap();
        stream.finish(&totals, &mut json2).unwrap();
        hstream.finish(&totals, true, &mut human2).unwrap();
        // Directories d02 to d05 are one deployment: one batch holds them.
        assert_eq!(sizes, vec![7, 13, 7, 7, 6]);
        // The document as one value (its entries past a few hundred bytes went through a temporary file).
        assert_eq!(
            String::from_utf8(json.clone()).unwrap(),
            serde_json::to_string_pretty(&crate::render::json::value(&one)).unwrap() + "\n"
        );
        assert_eq!(String::from_utf8(json2).unwrap(), String::from_utf8(json).unwrap());
        assert_eq!(String::from_utf8(human2).unwrap(), String::from_utf8(human).unwrap());
    }

    #[test]
    fn batches_read_by_a_loader_write_what_the_inputs_it_keeps_write() {
        let (inputs, settings) = inputs();
        // Some inputs are none (not Kafka files, unreadable): the loader drops them.
        let dropped = |i: usize| i % 4 == 1 || i == 0;
        let kept: Vec<Input> = inputs.iter().enumerate().filter(|(i, _)| !dropped(*i)).map(|(_, x)| x.clone()).collect();
        let one = lint(kept, &settings).unwrap();
        let opts = crate::render::human::Options { color: false, width: 100 };
        let (mut json, mut human) = (Vec::new(), Vec::new());
        crate::render::json::write(&one, &mut json).unwrap();
        crate::render::human::write(&one, &opts, true, &mut human).unwrap();

        let read = std::sync::Mutex::new(vec![0usize; inputs.len()]);
        let load = |i: usize, p: &Path| {
            assert_eq!(p, inputs[i].path);
            read.lock().unwrap()[i] += 1;
            (!dropped(i)).then(|| inputs[i].bytes.clone())
        };
        let paths: Vec<Input> = inputs.iter().map(|i| Input { path: i.path.clone(), bytes: Vec::new() }).collect();
        let mut totals = crate::render::Totals::default();
        let mut stream = crate::render::json::Stream::default();
        let mut hstream = crate::render::human::Stream::new(&opts);
        let (mut json2, mut human2) = (Vec::new(), Vec::new());
        let mut batches = 0;
        lint_batches_loading_of(paths, Some(&load), &settings, 5, &mut |r| {
            batches += 1;
            totals.add(&r);
            stream.batch(&r, &mut json2)?;
            hstream.batch(&r, &mut human2)
        })
        .unwrap();
        stream.finish(&totals, &mut json2).unwrap();
        hstream.finish(&totals, true, &mut human2).unwrap();
        assert!(batches > 1);
        // Every input is read, when its batch is (or again, for later keys of a scrubbed message).
        assert!(read.lock().unwrap().iter().all(|&n| n >= 1));
        assert_eq!(String::from_utf8(json2).unwrap(), String::from_utf8(json).unwrap());
        assert_eq!(String::from_utf8(human2).unwrap(), String::from_utf8(human).unwrap());
    }

    #[test]
    fn sarif_batches_write_what_one_report_writes() {
        use crate::render::sarif;
        let (inputs, settings) = inputs();
        assert!(sarif::distinct_uris(inputs.iter().map(|i| i.path.as_path())));
        let one = lint(inputs.clone(), &settings).unwrap();
        // The document as one value, and as written from one report.
        let expected = serde_json::to_string_pretty(&sarif::value(&one)).unwrap() + "\n";
        let mut written = Vec::new();
        sarif::write(&one, &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), expected);

        let mut totals = crate::render::Totals::default();
        let mut stream = sarif::Stream::default();
        let mut first_rules: Option<std::collections::BTreeSet<&str>> = None;
        lint_batches_of(inputs, &settings, 5, &mut |r| {
            first_rules.get_or_insert_with(|| r.diagnostics.iter().map(|d| d.rule.id).collect());
            totals.add(&r);
            stream.batch(&r)
        })
        .unwrap();
        let mut streamed = Vec::new();
        stream.finish(&totals, &mut streamed).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), expected);
        // What makes it a test of the rules' places: the first batch has some of the run's
        // rules only, and a later rule comes before some of them in the run's list.
        let v = sarif::value(&one);
        let rules: Vec<&str> =
            v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
        let first_rules = first_rules.unwrap();
        assert!(first_rules.len() < rules.len(), "{first_rules:?} {rules:?}");
        let first_places: Vec<usize> = rules.iter().enumerate().filter(|(_, r)| first_rules.contains(*r)).map(|(i, _)| i).collect();
        assert_ne!(first_places, (0..first_rules.len()).collect::<Vec<_>>(), "{rules:?}");
        for r in v["runs"][0]["results"].as_array().unwrap() {
            assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], r["ruleId"].as_str().unwrap());
        }
        // A file named twice, or as `./a` and `a`: one URI, not written a batch at a time.
        let paths = [Path::new("d/a.properties"), Path::new("./d/a.properties")];
        assert!(!sarif::distinct_uris(paths.into_iter()));
        assert!(sarif::distinct_uris([Path::new("d/a.properties"), Path::new("d/b.properties")].into_iter()));
    }

    /// A Go service pairs with the compose file at its repository's root, three directories up
    /// and many inputs before it: the batch that holds one holds the other, and the finding
    /// that spans both is written as in one report.
    #[test]
    fn a_go_service_and_its_compose_file_are_checked_in_one_batch() {
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir(repo.path().join(".git")).unwrap();
        let mut inputs = Vec::new();
        let mut add = |name: &str, text: &str| {
            let p = repo.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            inputs.push(Input { path: p, bytes: text.as_bytes().to_vec() });
        };
        add("docker-compose.yml", "services:\n  kafka:\n    image: confluentinc/cp-kafka:7.7.1\n    environment:\n      KAFKA_NODE_ID: 1\n      KAFKA_PROCESS_ROLES: broker,controller\n      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:29093\n      KAFKA_LISTENERS: SASL_PLAINTEXT://kafka:9092,CONTROLLER://kafka:29093\n      KAFKA_ADVERTISED_LISTENERS: SASL_PLAINTEXT://kafka:9092\n      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT\n      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER\n      KAFKA_INTER_BROKER_LISTENER_NAME: SASL_PLAINTEXT\n      KAFKA_SASL_ENABLED_MECHANISMS: SCRAM-SHA-512\n      KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: SCRAM-SHA-512\n      CLUSTER_ID: MkU3OEVBNTcwNTJENDM2Qk\n");
        for d in 0..6 {
            add(
                &format!("conf/d{d}/consumer.properties"),
                &format!("bootstrap.servers=localhost:9092\ngroup.id=g{d}\nsession.timeout.ms=3000\nheartbeat.interval.ms=5000\n"),
            );
            add(&format!("conf/d{d}/producer.properties"), "bootstrap.servers=localhost:9092\nacks=1\n");
        }
        add("services/orders/go.mod", "module example.com/orders\n\nrequire github.com/IBM/sarama v1.43.0\n");
        add("services/orders/main.go", "package main\n\nimport \"github.com/IBM/sarama\"\n\nfunc main() {\n\tconfig := sarama.NewConfig()\n\tconfig.Version = sarama.V3_6_0_0\n\tconfig.Net.SASL.Enable = true\n\tconfig.Net.SASL.User = \"orders\"\n\tgroup, err := sarama.NewConsumerGroup([]string{\"kafka:9092\"}, \"orders\", config)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tdefer group.Close()\n}\n");
        for d in 0..3 {
            add(&format!("zconf/d{d}/consumer.properties"), &format!("bootstrap.servers=localhost:9092\ngroup.id=z{d}\n"));
            add(&format!("zconf/d{d}/producer.properties"), "bootstrap.servers=localhost:9092\nacks=all\n");
        }
        let settings = Settings { isolated: true, ..Default::default() };
        let one = lint(inputs.clone(), &settings).unwrap();
        let spans = |d: &Diagnostic| {
            let files: std::collections::BTreeSet<&Path> = std::iter::once(d.file())
                .chain(d.related.iter().map(|l| l.file))
                .map(|f| one.files[f].file.source.path.as_path())
                .collect();
            files.iter().any(|p| p.ends_with("main.go")) && files.iter().any(|p| p.ends_with("docker-compose.yml"))
        };
        assert!(one.diagnostics.iter().any(spans), "a finding spans the Go file and the compose file");
        let mut json = Vec::new();
        crate::render::json::write(&one, &mut json).unwrap();

        let mut totals = crate::render::Totals::default();
        let mut stream = crate::render::json::Stream::default();
        let (mut json2, mut sizes) = (Vec::new(), Vec::new());
        lint_batches_of(inputs.clone(), &settings, 3, &mut |r| {
            sizes.push(r.inputs.len());
            totals.add(&r);
            stream.batch(&r, &mut json2)
        })
        .unwrap();
        stream.finish(&totals, &mut json2).unwrap();
        assert_eq!(sizes, vec![15, 4, 2], "the compose file's directory is the repository's: one batch up to the Go file");
        assert_eq!(String::from_utf8(json2).unwrap(), String::from_utf8(json).unwrap());
        // Without the Go file, the directories are batches of their own.
        let no_go: Vec<Input> = inputs.iter().filter(|i| !i.path.ends_with("main.go")).cloned().collect();
        assert_eq!(
            part_ends(&no_go, &settings, 3).unwrap(),
            vec![3, 7, 11, 14, 18, 20],
            "{:?}",
            no_go.iter().map(|i| &i.path).collect::<Vec<_>>()
        );
        assert_eq!(part_ends(&inputs, &settings, 3).unwrap(), vec![15, 19, 21]);
    }

    /// `--fix` a part at a time: each file ends as in the run fixed as one, with as many fixes.
    #[test]
    fn fixes_in_parts_are_those_of_one_run() {
        use crate::diagnostic::Applicability;
        let (inputs, settings) = inputs();
        let one = crate::fix::fix_inputs(inputs.clone(), &settings, Applicability::Safe).unwrap();
        let expected: Vec<(PathBuf, Vec<u8>, usize)> = one.files.into_iter().map(|f| (f.path, f.fixed, f.fixes)).collect();
        assert!(expected.iter().filter(|(_, _, n)| *n > 0).count() > 10, "{expected:?}");
        let mut parted = inputs.clone();
        let (mut fixed, mut sizes) = (Vec::new(), Vec::new());
        crate::fix::fix_parts(&mut parted, &settings, Applicability::Safe, 5, &mut |outcome, part| {
            sizes.push(part.len());
            assert!(part.iter().all(|i| i.bytes.is_empty()), "the part's bytes went to the fixing");
            fixed.extend(outcome.files.into_iter().map(|f| (f.path, f.fixed, f.fixes)));
            Ok(())
        })
        .unwrap();
        assert_eq!(sizes, vec![7, 13, 7, 7, 6], "parts as the batches of a check");
        assert_eq!(fixed, expected);
    }

    /// `check`'s output in every format and mode (`--verbose`, `--statistics`,
    /// `--show-settings`), written a batch at a time, is byte for byte that of one report, on
    /// standard output and on standard error.
    #[test]
    fn every_output_mode_in_batches_writes_what_one_report_writes() {
        let (mut inputs, settings) = inputs();
        // An input with no Kafka configuration in it: its `--verbose` line comes after every file's.
        inputs
            .push(Input { path: "/kl-batch/d11/docker-compose.yml".into(), bytes: b"services:\n  redis:\n    image: redis:7\n".to_vec() });
        let skipped = vec![(PathBuf::from("/kl-batch/d00/log4j.properties"), "a logging configuration")];
        let modes: &[&[&str]] = &[
            &["--format", "human"],
            &["--format", "human", "--quiet"],
            &["--format", "json"],
            &["--format", "sarif"],
            &["--format", "github"],
            &["--format", "compact", "--fail-on", "info"],
            &["--statistics"],
            &["--statistics", "--format", "json"],
            &["--verbose"],
            &["--verbose", "--format", "json"],
            &["--verbose", "--format", "compact"],
            &["--verbose", "--statistics"],
            &["--show-settings"],
        ];
        for argv in modes {
            let args = crate::cli::check_args(argv);
            let mut one = lint(inputs.clone(), &settings).unwrap();
            if let Some(f) = &args.fail_on {
                one.fail_on = Severity::parse(f).unwrap();
            }
            let (mut out1, mut err1) = (Vec::new(), Vec::new());
            crate::cli::write_one(&one, &settings, &skipped, &args, &mut out1, &mut err1).unwrap();
            let (mut out2, mut err2) = (Vec::new(), Vec::new());
            let mut batches = 0;
            let run = |each: &mut dyn FnMut(Report) -> std::io::Result<()>| {
                lint_batches_of(inputs.clone(), &settings, 5, &mut |r| {
                    batches += 1;
                    each(r)
                })
            };
            let failing = crate::cli::write_batches(run, &settings, &skipped, &args, &mut out2, &mut err2).unwrap();
            assert_eq!(batches, 5);
            let (out1, err1) = (String::from_utf8(out1).unwrap(), String::from_utf8(err1).unwrap());
            assert_eq!(String::from_utf8(out2).unwrap(), out1, "{argv:?}");
            assert_eq!(String::from_utf8(err2).unwrap(), err1, "{argv:?}");
            assert!(out1.len() > 1000, "{argv:?}: {out1}");
            if !args.show_settings {
                assert_eq!(failing, one.failing(), "{argv:?}");
            }
            if args.verbose {
                let text = if args.format == crate::cli::CheckFormat::Human && !args.statistics { &out1 } else { &err1 };
                let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{argv:?}: {s} in {text}"));
                assert!(at("log4j.properties: skipped") < at("d00/server-1.properties: role broker"));
                assert!(at("d11/orders-producer.properties: role producer") < at("docker-compose.yml: compose, no Kafka configuration"));
                if text == &out1 {
                    assert!(
                        at("docker-compose.yml: compose") < at("broker/kraft-without-quorum"),
                        "every file's line comes before the findings"
                    );
                }
            }
        }
    }
}
