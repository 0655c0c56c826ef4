//! Which files kafkalint reads: one directory walker for the command line, `init` and the
//! deployment companions, and the test that tells a Kafka `.properties` file from any other.
//!
//! The walk is ripgrep's (`ignore`): `.gitignore`, `.ignore` and `.git/info/exclude` are
//! respected (also outside a Git repository), hidden entries are skipped, `exclude` and
//! `extend-exclude` globs from kafkalint.toml are applied, symbolic links are followed with loop
//! detection, and the files come out sorted by path so every run reads them in the same order.

use std::path::{Path, PathBuf};

/// Decides which file names are candidates (`*.properties` by default; other formats widen it).
pub type Filter = fn(&Path) -> bool;

/// Entries skipped unless `exclude` replaces the list (hidden entries are always skipped).
pub const DEFAULT_EXCLUDE: [&str; 2] = ["target", "node_modules"];

/// The candidate filter today: `*.properties`.
pub fn is_properties(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("properties"))
}

/// `std::path::absolute`, with the working directory read once per process instead of once per
/// relative path (`check .` asked the kernel for it three times a file: 30,000 `getcwd` calls for
/// 10,000 files). kafkalint never changes its working directory. The result is the same: the
/// working directory is absolute and normal, and the path's components follow it as
/// `std::path::absolute` appends them (a `.` dropped, a trailing `/` kept).
pub fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    #[cfg(unix)]
    if path.is_relative() && !path.as_os_str().is_empty() {
        static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
        if let Some(cwd) = CWD.get_or_init(|| std::env::current_dir().ok().filter(|d| d.is_absolute())) {
            return std::path::absolute(cwd.join(path));
        }
    }
    std::path::absolute(path)
}

#[derive(Debug, Clone)]
pub struct WalkSettings {
    /// Globs of files and directories never walked into (replaces [`DEFAULT_EXCLUDE`]).
    pub exclude: Vec<String>,
    /// Globs excluded on top of `exclude`.
    pub extend_exclude: Vec<String>,
    /// Respect `.gitignore`, `.ignore` and `.git/info/exclude`.
    pub respect_ignore_files: bool,
    /// Which file names are candidates.
    pub filter: Filter,
    /// The directory `exclude` globs with a `/` are relative to (kafkalint.toml's), besides the
    /// walk's root.
    pub base: Option<PathBuf>,
    /// `Some(1)`: only the root's own entries (a file's siblings).
    pub max_depth: Option<usize>,
}

impl Default for WalkSettings {
    fn default() -> Self {
        WalkSettings {
            exclude: DEFAULT_EXCLUDE.iter().map(|s| s.to_string()).collect(),
            extend_exclude: Vec::new(),
            respect_ignore_files: true,
            filter: is_properties,
            base: None,
            max_depth: None,
        }
    }
}

impl WalkSettings {
    /// The walk kafkalint.toml asks for: its `exclude` and `extend-exclude`, relative to its
    /// directory.
    pub fn for_config(config: Option<&crate::config::Config>) -> WalkSettings {
        let mut s = WalkSettings::default();
        if let Some(c) = config {
            if let Some(e) = &c.exclude {
                s.exclude = e.clone();
            }
            s.extend_exclude = c.extend_exclude.clone();
            s.base = absolute(&c.root).ok();
        }
        s
    }
}

/// The outcome of a walk: candidate files in path order, and the entries that could not be
/// read (a symlink loop, a dangling link named like a candidate, an unreadable directory).
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    pub errors: Vec<String>,
}

/// The candidate files under `root` (a file is its own only candidate).
pub fn candidates(root: &Path, settings: &WalkSettings) -> Vec<PathBuf> {
    walk(root, settings).files
}

fn exclude_set(settings: &WalkSettings) -> Result<globset::GlobSet, String> {
    let mut b = globset::GlobSetBuilder::new();
    for g in settings.exclude.iter().chain(&settings.extend_exclude) {
        let glob = globset::GlobBuilder::new(g.trim_end_matches('/'))
            .literal_separator(true)
            .build()
            .map_err(|e| format!("exclude: `{g}` is not a glob: {e}"))?;
        b.add(glob);
    }
    b.build().map_err(|e| e.to_string())
}

/// Whether a path is excluded: a glob matches its name, or its path relative to the walk's root
/// or to the config's directory.
/// `abs_root` is `root` made absolute, once per walk: a walked path is `root` joined with names,
/// so its absolute form is `abs_root` joined with the same names (no `getcwd` per entry).
fn excluded(set: &globset::GlobSet, root: &Path, abs_root: Option<&Path>, base: Option<&Path>, path: &Path) -> bool {
    if set.is_empty() {
        return false;
    }
    let name = path.file_name().map(Path::new);
    let under = |dir: &Path| path.strip_prefix(dir).is_ok_and(|rel| !rel.as_os_str().is_empty() && set.is_match(rel));
    let absolute = || match (abs_root, path.strip_prefix(root)) {
        (Some(a), Ok(rel)) => Ok(a.join(rel)),
        _ => absolute(path),
    };
    name.is_some_and(|n| set.is_match(n))
        || under(root)
        || base.is_some_and(|b| absolute().is_ok_and(|abs| abs.strip_prefix(b).is_ok_and(|rel| set.is_match(rel))))
}

/// Walks `root`. A root that is a file is returned as is (files named on the command line are
/// always read).
pub fn walk(root: &Path, settings: &WalkSettings) -> Walked {
    let mut out = Walked::default();
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            out.files.push(root.to_path_buf());
            return out;
        }
        Err(e) => {
            out.errors.push(format!("{}: {}", root.display(), io_message(&e)));
            return out;
        }
    }
    let set = match exclude_set(settings) {
        Ok(s) => s,
        Err(e) => {
            out.errors.push(e);
            return out;
        }
    };
    let filter = settings.filter;
    let root_owned = root.to_path_buf();
    let abs_root = absolute(root).ok();
    let base = settings.base.clone();
    // Directories already walked (resolved): a second name for one (two symlinks to it) is
    // skipped without a word, its files are read once. A link to an ancestor is a loop, which
    // the walker reports before this filter sees it.
    let visited = std::sync::Mutex::new(std::collections::HashSet::new());
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(true)
        .parents(settings.respect_ignore_files)
        .ignore(settings.respect_ignore_files)
        .git_ignore(settings.respect_ignore_files)
        .git_exclude(settings.respect_ignore_files)
        .git_global(false)
        .require_git(false)
        .follow_links(true)
        // A directory's entries by name: the same order as by path (they share their parent),
        // without taking each path apart into components for every comparison.
        .sort_by_file_name(|a, b| a.cmp(b))
        .max_depth(settings.max_depth)
        .filter_entry(move |e| {
            if e.depth() > 0 && excluded(&set, &root_owned, abs_root.as_deref(), base.as_deref(), e.path()) {
                return false;
            }
            if e.file_type().is_some_and(|t| t.is_dir()) {
                if let Ok(c) = std::fs::canonicalize(e.path()) {
                    return visited.lock().map_or(true, |mut v| v.insert(c));
                }
            }
            true
        });
    for entry in builder.build() {
        match entry {
            Ok(e) => {
                let is_file = e.file_type().is_some_and(|t| t.is_file());
                if is_file && filter(e.path()) {
                    out.files.push(e.into_path());
                }
            }
            Err(err) => {
                if let Some(message) = error_message(&err, filter) {
                    out.errors.push(message);
                }
            }
        }
    }
    out
}

/// A walk error worth reporting: loops always; a dangling or unreadable entry only when it is
/// named like a candidate or is a directory (a dangling link to some other file is none of
/// kafkalint's business).
fn error_message(err: &ignore::Error, filter: Filter) -> Option<String> {
    // Unwrap the path and depth wrappers down to the cause.
    let mut path: Option<&Path> = None;
    let mut e = err;
    loop {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p);
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => e = err,
            _ => break,
        }
    }
    match e {
        ignore::Error::Loop { child, .. } => {
            Some(format!("{}: symlink loop (a link to a directory that contains it); skipped", child.display()))
        }
        ignore::Error::Io(io) => {
            let Some(p) = path else { return Some(io_message(io)) };
            let loop_link = io.raw_os_error() == Some(40);
            let is_dir = std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
            (filter(p) || loop_link || is_dir).then(|| format!("{}: {}", p.display(), io_message(io)))
        }
        ignore::Error::Partial(errs) => {
            let all: Vec<String> = errs.iter().filter_map(|x| error_message(x, filter)).collect();
            (!all.is_empty()).then(|| all.join("; "))
        }
        // A malformed ignore file and the like: ignore's own message names it.
        other => Some(match path {
            Some(p) => format!("{}: {other}", p.display()),
            None => other.to_string(),
        }),
    }
}

/// Whether `dir` lists an entry other than `me` (resolved) whose name `filter` takes: when not,
/// a walk of `dir` at depth 1 finds nothing besides `me` (it only ever drops listed entries).
pub fn has_other_candidates(dir: &Path, me: Option<&Path>, filter: Filter) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return true };
    for e in entries {
        let Ok(e) = e else { return true };
        let p = e.path();
        if filter(&p) && (me.is_none() || std::fs::canonicalize(&p).ok().as_deref() != me) {
            return true;
        }
    }
    false
}

/// The text of an I/O error as the command line shows it.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ if e.raw_os_error() == Some(40) => "too many levels of symbolic links (a symlink loop)".into(),
        _ => e.to_string(),
    }
}

/// Prefixes under which a Kafka key is passed to an embedded client or a listener.
const PASS_THROUGH: [&str; 8] =
    ["producer.", "consumer.", "admin.", "main.consumer.", "restore.consumer.", "global.consumer.", "topic.", "producer.override."];

/// Whether a key is a Kafka configuration key of any kind, version or client library kafkalint
/// knows (also behind a pass-through prefix or as `listener.name.<listener>.<key>`).
pub fn is_kafka_key(key: &str) -> bool {
    let known = |k: &str| {
        crate::knowledge::known_key(k).is_some()
            || crate::knowledge::alias(k).is_some()
            || crate::knowledge::client_lib("librdkafka").is_some_and(|l| l.get(k).is_some())
    };
    if known(key) {
        return true;
    }
    if PASS_THROUGH.iter().any(|p| key.strip_prefix(p).is_some_and(known)) {
        return true;
    }
    // listener.name.<listener>.<mechanism>.<key> / listener.name.<listener>.<key>
    if let Some(rest) = key.strip_prefix("listener.name.") {
        let mut parts = rest.splitn(2, '.');
        let _listener = parts.next();
        if let Some(tail) = parts.next() {
            return known(tail) || tail.split_once('.').is_some_and(|(_, t)| known(t));
        }
    }
    false
}

/// Why a `.properties` file is not a Kafka file (`gradle.properties`, `log4j.properties`, a
/// message bundle), or `None` when kafkalint should read it: it has a key kafkalint knows for
/// some role, a name that gives a role, a `# kafkalint:` directive, or is binary or of a format
/// another rule names. Files of other formats are always read (their readers decide).
pub fn not_kafka_reason(path: &Path, bytes: &[u8]) -> Option<&'static str> {
    if !is_properties(path) || bytes.contains(&0) || crate::model::role_from_file_name(path).is_some() {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let doc = crate::properties::parse(&text);
    if doc.comments.iter().any(|c| c.text.trim_start().starts_with("kafkalint:")) || crate::model::foreign_format(&doc).is_some() {
        return None;
    }
    if doc.entries.iter().any(|e| is_kafka_key(&e.key)) {
        return None;
    }
    Some(if doc.entries.is_empty() { "no keys" } else { "no Kafka configuration key" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The working directory read once gives what `std::path::absolute` gives reading it each time.
    #[test]
    fn absolute_is_std_s_absolute() {
        for p in [
            ".",
            "./",
            "./a",
            "a",
            "a/./b",
            "a//b/",
            "../x",
            "a/..",
            "a/b/.",
            "./.",
            ".hidden/x.properties",
            "/",
            "/a/./b//",
            "//a",
            "///a",
        ] {
            let p = Path::new(p);
            assert_eq!(absolute(p).ok(), std::path::absolute(p).ok(), "{}", p.display());
        }
        assert!(absolute(Path::new("")).is_err());
    }

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = d.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    }

    fn names(root: &Path, files: &[PathBuf]) -> Vec<String> {
        files.iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect()
    }

    /// The walk gives the files in path order (a sort of the paths), whatever the names'
    /// characters sort as against `/`.
    #[test]
    fn files_come_in_path_order() {
        let names_in = [
            "a.b/x.properties",
            "a/x.properties",
            "a-b/x.properties",
            "a/b/x.properties",
            "a/b.properties",
            "a/B.properties",
            "Z.properties",
            "a0/x.properties",
            "a/b-c/x.properties",
            "a/b c/x.properties",
            "é/x.properties",
        ];
        let d = tree(&names_in.map(|n| (n, "group.id=a\n")));
        let walked = walk(d.path(), &WalkSettings::default()).files;
        let mut sorted = walked.clone();
        sorted.sort();
        assert_eq!(walked.len(), names_in.len());
        assert_eq!(names(d.path(), &walked), names(d.path(), &sorted));
    }

    #[test]
    fn gitignore_hidden_target_and_excludes() {
        let d = tree(&[
            (".gitignore", "generated/\n"),
            ("a/consumer.properties", "group.id=a\n"),
            ("a/notes.txt", "x"),
            ("generated/producer.properties", "acks=1\n"),
            (".hidden/producer.properties", "acks=1\n"),
            ("target/server.properties", "node.id=1\n"),
            ("legacy/server.properties", "node.id=1\n"),
            ("b/.ignore", "old.properties\n"),
            ("b/old.properties", "acks=1\n"),
            ("b/new.properties", "acks=1\n"),
        ]);
        let s = WalkSettings::default();
        assert_eq!(names(d.path(), &candidates(d.path(), &s)), ["a/consumer.properties", "b/new.properties", "legacy/server.properties"]);
        let s = WalkSettings { extend_exclude: vec!["legacy".into()], ..Default::default() };
        assert_eq!(names(d.path(), &candidates(d.path(), &s)), ["a/consumer.properties", "b/new.properties"]);
        // `exclude` replaces the defaults; ignore files can be turned off.
        let s = WalkSettings { exclude: vec![], respect_ignore_files: false, ..Default::default() };
        assert_eq!(
            names(d.path(), &candidates(d.path(), &s)),
            [
                "a/consumer.properties",
                "b/new.properties",
                "b/old.properties",
                "generated/producer.properties",
                "legacy/server.properties",
                "target/server.properties"
            ]
        );
        // A path glob relative to the root.
        let s = WalkSettings { extend_exclude: vec!["b/*.properties".into()], ..Default::default() };
        assert_eq!(names(d.path(), &candidates(d.path(), &s)), ["a/consumer.properties", "legacy/server.properties"]);
    }

    #[test]
    fn config_excludes_are_relative_to_its_directory_and_siblings_stay_in_one_directory() {
        let d = tree(&[
            ("kafkalint.toml", "extend-exclude = [\"deploy/legacy\"]\n"),
            ("deploy/legacy/server.properties", "node.id=1\n"),
            ("deploy/new/server.properties", "node.id=1\n"),
            ("deploy/new/sub/consumer.properties", "group.id=a\n"),
        ]);
        let config = crate::config::Config::load(&d.path().join("kafkalint.toml")).unwrap();
        let s = WalkSettings::for_config(Some(&config));
        // Walked from deploy/: `deploy/legacy` is relative to the config, not to the walk.
        let root = d.path().join("deploy");
        assert_eq!(names(&root, &candidates(&root, &s)), ["new/server.properties", "new/sub/consumer.properties"]);
        let s = WalkSettings { max_depth: Some(1), ..s };
        let new = d.path().join("deploy/new");
        assert_eq!(names(&new, &candidates(&new, &s)), ["server.properties"]);
    }

    #[test]
    fn a_pluggable_filter_widens_the_candidates() {
        let d = tree(&[("a/consumer.properties", "group.id=a\n"), ("a/compose.yaml", "services: {}\n")]);
        fn yaml_too(p: &Path) -> bool {
            is_properties(p) || p.extension().is_some_and(|e| e == "yaml")
        }
        let s = WalkSettings { filter: yaml_too, ..Default::default() };
        assert_eq!(names(d.path(), &candidates(d.path(), &s)), ["a/compose.yaml", "a/consumer.properties"]);
    }

    #[test]
    fn a_file_alone_in_its_directory_has_no_other_candidates() {
        let d = tree(&[
            ("alone/consumer.properties", "group.id=a\n"),
            ("alone/notes.txt", "x"),
            ("two/a.properties", ""),
            ("two/b.properties", ""),
        ]);
        let me = |p: &str| std::fs::canonicalize(d.path().join(p)).unwrap();
        let alone = d.path().join("alone");
        assert!(!has_other_candidates(&alone, Some(&me("alone/consumer.properties")), is_properties));
        assert!(has_other_candidates(&alone, None, is_properties));
        assert!(has_other_candidates(&d.path().join("two"), Some(&me("two/a.properties")), is_properties));
        // An unreadable directory: the walk decides.
        assert!(has_other_candidates(&d.path().join("missing"), None, is_properties));
    }

    #[test]
    fn a_file_root_is_its_own_candidate() {
        let d = tree(&[("target/x.txt", "anything")]);
        let f = d.path().join("target/x.txt");
        assert_eq!(candidates(&f, &WalkSettings::default()), [f]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_followed_and_loops_reported() {
        let d = tree(&[("real/consumer.properties", "group.id=a\n")]);
        std::os::unix::fs::symlink(d.path().join("real"), d.path().join("link")).unwrap();
        std::os::unix::fs::symlink(d.path(), d.path().join("real/up")).unwrap();
        std::os::unix::fs::symlink(d.path().join("missing.properties"), d.path().join("dangling.properties")).unwrap();
        std::os::unix::fs::symlink(d.path().join("missing.txt"), d.path().join("dangling.txt")).unwrap();
        let w = walk(d.path(), &WalkSettings::default());
        // `link` and `real` are one directory: read once, under its first name in path order.
        assert_eq!(names(d.path(), &w.files), ["link/consumer.properties"]);
        assert!(w.errors.iter().any(|e| e.contains("symlink loop")), "{:?}", w.errors);
        assert!(w.errors.iter().any(|e| e.contains("dangling.properties")), "{:?}", w.errors);
        assert!(!w.errors.iter().any(|e| e.contains("dangling.txt")), "{:?}", w.errors);
    }

    #[test]
    fn kafka_files_and_other_properties_files() {
        let p = |n: &str| PathBuf::from(n);
        assert_eq!(
            not_kafka_reason(&p("gradle.properties"), b"org.gradle.jvmargs=-Xmx2g\nversion=1.0\n"),
            Some("no Kafka configuration key")
        );
        assert_eq!(not_kafka_reason(&p("log4j.properties"), b"log4j.rootLogger=INFO, stdout\n"), Some("no Kafka configuration key"));
        assert_eq!(not_kafka_reason(&p("messages_fr.properties"), b"greeting=Bonjour\n"), Some("no Kafka configuration key"));
        assert_eq!(not_kafka_reason(&p("empty.properties"), b"# nothing\n"), Some("no keys"));
        assert_eq!(not_kafka_reason(&p("app.properties"), b"bootstrap.servers=k:9092\n"), None);
        assert_eq!(not_kafka_reason(&p("app.properties"), b"producer.override.acks=all\n"), None);
        assert_eq!(not_kafka_reason(&p("app.properties"), b"listener.name.internal.ssl.keystore.location=/k\n"), None);
        assert_eq!(not_kafka_reason(&p("app.properties"), b"# kafkalint: role=consumer\nfoo=1\n"), None);
        // A name that gives a role, a binary file and other formats: read.
        assert_eq!(not_kafka_reason(&p("orders-consumer.properties"), b"foo=1\n"), None);
        assert_eq!(not_kafka_reason(&p("x.properties"), b"\0\0"), None);
        assert_eq!(not_kafka_reason(&p("compose.yaml"), b"a: b\n"), None);
    }
}
