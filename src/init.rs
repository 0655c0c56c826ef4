//! `kafkalint init [DIR]`: a commented `kafkalint.toml` for the `.properties` files of a directory.
//!
//! What it writes, and why:
//! - `kafka-version` when a broker file names the protocol its cluster speaks
//!   (`inter.broker.protocol.version`: every broker runs that version or newer, so the files must
//!   hold there); else a commented line with the newest version kafkalint knows.
//! - `fail-on = "warning"` (the default, written out so it is easy to change).
//! - Commented `[rules]` and `[keys]` examples.
//! - `[[files]]` entries: active for files whose role came only from their keys (a guess an edit
//!   could change, so it is pinned, as a lock file pins what was resolved); commented for roles
//!   from file names or `# kafkalint: role=` comments (already stable), and for files with no role.
//!
//! With an existing `kafkalint.toml` (or `.kafkalint.toml`) in DIR, it is edited with `toml_edit`,
//! keeping every comment and the layout: only a missing `kafka-version` (when detected) and
//! `[[files]]` entries for key-derived roles not yet pinned are added; nothing is changed or removed.

use crate::cli::{collect_inputs, InitArgs, EXIT_OK};
use crate::config::{Config, FILE_NAMES};
use crate::lint::{lint, Settings};
use crate::model::{Role, RoleSource};
use crate::version::Release;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table};

/// Commented entries listed per kind before the rest are summed up in one line.
const LIST_LIMIT: usize = 30;

/// A `.properties` file found under the directory.
#[derive(Debug, Clone)]
pub struct Found {
    /// The path relative to the directory, `/`-separated (also a glob matching only it).
    pub rel: String,
    pub glob: String,
    pub role: Option<Role>,
    pub source: RoleSource,
}

/// What `init` found in a directory.
#[derive(Debug, Clone, Default)]
pub struct Detected {
    /// The target version, and where it came from.
    pub version: Option<(Release, String)>,
    /// A broker runs in ZooKeeper mode (`zookeeper.connect`): the cluster is 3.9 or older.
    pub zookeeper: Option<String>,
    pub files: Vec<Found>,
    /// Inputs that could not be read.
    pub errors: Vec<String>,
}

/// A glob matching exactly this relative path: glob metacharacters are put in classes.
pub fn glob_for(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for c in rel.chars() {
        match c {
            '*' | '?' | '[' | ']' | '{' | '}' | '\\' => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out
}

fn rel_path(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// The release line an `inter.broker.protocol.version` value names (`3.6-IV2` → 3.6).
pub fn release_of_protocol(value: &str) -> Option<Release> {
    let v = value.trim();
    let v = v.split_once('-').map_or(v, |(a, _)| a);
    Release::parse(v).ok()
}

/// Reads the directory's `.properties` files (as `check DIR` finds them) and works out roles and
/// the Kafka version.
pub fn detect(dir: &Path) -> Result<Detected, String> {
    let (inputs, errors) = collect_inputs(&[dir.to_path_buf()], None);
    // No rule runs: only roles are wanted, from the files alone (no kafkalint.toml).
    let settings = Settings { isolated: true, select: Some(Vec::new()), ..Default::default() };
    let report = lint(inputs, &settings)?;
    let mut d = Detected { errors: errors.0, ..Default::default() };
    for f in report.files.iter().filter(|f| !f.context) {
        let rel = rel_path(dir, &f.file.source.path);
        d.files.push(Found { glob: glob_for(&rel), rel: rel.clone(), role: f.file.role, source: f.file.role_source });
        if f.file.role != Some(Role::Broker) {
            continue;
        }
        // The same inference `check` uses for a file with no version (model::infer_releases).
        let Some(inf) = f.file.inferred.as_ref() else { continue };
        if let Some((r, setting)) = &inf.protocol {
            // Brokers disagreeing (mid-upgrade): the lowest one holds for all of them.
            if d.version.as_ref().is_none_or(|(v, _)| r < v) {
                d.version = Some((*r, format!("{setting} in {rel}")));
            }
        }
        if d.zookeeper.is_none() && inf.zookeeper {
            d.zookeeper = Some(rel);
        }
    }
    Ok(d)
}

fn push_commented_entries(out: &mut String, files: &[&Found], role_text: impl Fn(&Found) -> String) {
    for f in files.iter().take(LIST_LIMIT) {
        out.push_str(&format!("# [[files]]\n# glob = {}\n# role = {}\n", toml_string(&f.glob), role_text(f)));
    }
    if files.len() > LIST_LIMIT {
        out.push_str(&format!("# ... and {} more\n", files.len() - LIST_LIMIT));
    }
}

fn toml_string(s: &str) -> String {
    value(s).to_string().trim().to_string()
}

/// A new `kafkalint.toml`.
pub fn new_config(d: &Detected) -> String {
    let mut s = String::new();
    s.push_str(
        "# kafkalint configuration, written by `kafkalint init`. Edit it freely: `kafkalint init` run again\n\
         # only adds what is missing (files found since), and never changes or removes a setting.\n\
         # Reference: the README's \"Configuration: kafkalint.toml\"; `kafkalint rules`; `kafkalint explain RULE-ID`.\n\n",
    );
    s.push_str("# The Kafka version the files are checked against: defaults, removed and new keys depend on it.\n");
    match (&d.version, &d.zookeeper) {
        (Some((r, why)), _) => {
            s.push_str(&format!(
                "# From {why}:\n\
                 # the protocol every broker of the cluster speaks, so none runs an older version.\n\
                 kafka-version = \"{r}\"\n\n"
            ));
        }
        (None, Some(zk)) => {
            let newest_zk = Release::all().filter(|r| !r.at_least("4.0")).last().unwrap_or_else(Release::newest);
            s.push_str(&format!(
                "# {zk} runs in ZooKeeper mode (`zookeeper.connect`), which Kafka 4.0 removed: the cluster runs\n\
                 # {newest_zk} or older. Set the version it runs:\n\
                 # kafka-version = \"{newest_zk}\"\n\n"
            ));
        }
        (None, None) => {
            s.push_str(&format!(
                "# No broker file here names it; until it is set, kafkalint assumes the newest it knows and says so.\n\
                 # kafka-version = \"{}\"\n\n",
                Release::newest()
            ));
        }
    }
    s.push_str(
        "# The lowest severity that makes `kafkalint check` exit 1: error | warning | info.\n\
         fail-on = \"warning\"\n\n\
         # Rule levels, by rule id or whole family: off | info | warning | error.\n\
         # [rules]\n\
         # \"consumer/heartbeat-vs-session-timeout\" = \"error\"\n\
         # syntax = \"off\"\n\n\
         # Keys your own plugins read, so that they are not reported as unknown.\n\
         # [keys]\n\
         # allow = [\"mycompany.*\"]\n",
    );

    let by = |src: RoleSource| d.files.iter().filter(move |f| f.role.is_some() && f.source == src).collect::<Vec<_>>();
    let keys = by(RoleSource::Keys);
    let names = by(RoleSource::FileName);
    let directives = by(RoleSource::Directive);
    let unknown: Vec<&Found> = d.files.iter().filter(|f| f.role.is_none()).collect();
    s.push_str(
        "\n# Roles. A file's role comes from a `# kafkalint: role=...` comment in it, else a [[files]] entry\n\
         # here (globs are relative to this file), else its name, else its keys.\n",
    );
    if d.files.is_empty() {
        s.push_str("# No .properties file was found here. An entry looks like this:\n# [[files]]\n# glob = \"deploy/*/app.properties\"\n# role = \"consumer\"\n");
    }
    if !keys.is_empty() {
        s.push_str("# These roles were worked out from the keys alone: pinned here, so that editing a file cannot change them.\n");
        for f in &keys {
            let role = f.role.map_or("", |r| r.as_str());
            s.push_str(&format!("[[files]]\nglob = {}\nrole = \"{role}\"\n\n", toml_string(&f.glob)));
        }
        s.pop();
    }
    let role_of = |f: &Found| format!("\"{}\"", f.role.map_or("", |r| r.as_str()));
    if !names.is_empty() {
        s.push_str("\n# Roles from the file names (nothing to pin; uncomment an entry to change a role):\n");
        push_commented_entries(&mut s, &names, role_of);
    }
    if !directives.is_empty() {
        s.push_str("\n# Roles from a `# kafkalint: role=...` comment in the file:\n");
        push_commented_entries(&mut s, &directives, role_of);
    }
    if !unknown.is_empty() {
        s.push_str(
            "\n# No role could be worked out for these files; set one (broker, topic, producer, consumer, admin,\n\
             # streams, connect-worker), or they get only the checks that hold for any properties file:\n",
        );
        push_commented_entries(&mut s, &unknown, |_| "\"\"".into());
    }
    s
}

/// What [`update_config`] did.
#[derive(Debug, Default)]
pub struct Update {
    pub text: String,
    /// What was added, for the user.
    pub added: Vec<String>,
    /// Things noticed and left alone.
    pub notes: Vec<String>,
}

/// Adds to an existing config what it lacks, keeping its comments and layout.
pub fn update_config(path: &Path, text: &str, d: &Detected) -> Result<Update, String> {
    let config = Config::parse(path, text).map_err(|e| format!("{e} (fix it first: `kafkalint init` only adds to a valid file)"))?;
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| format!("{}: {e}", path.display()))?;
    let mut up = Update::default();
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();

    if doc.get("kafka-version").is_none() {
        if let Some((r, why)) = &d.version {
            doc.insert("kafka-version", value(r.name()));
            if let Some(mut k) = doc.key_mut("kafka-version") {
                k.leaf_decor_mut().set_prefix(format!("# From {why} (added by `kafkalint init`).\n"));
            }
            up.added.push(format!("kafka-version = \"{r}\" (from {why})"));
        }
    }

    let mut new_entries: Vec<Table> = Vec::new();
    for f in d.files.iter().filter(|f| f.source == RoleSource::Keys) {
        let Some(role) = f.role else { continue };
        let abs = root.join(&f.rel);
        match config.file_entry(&abs) {
            Some(e) if e.role.is_some() => continue,
            Some(e) => {
                up.notes.push(format!(
                    "{}: its role ({role}) comes from its keys; the [[files]] entry `{}` matches it without a role, so a new \
                     entry would hide that one: add `role = \"{role}\"` to it to pin the role",
                    f.rel, e.glob
                ));
                continue;
            }
            None => {}
        }
        let mut t = Table::new();
        t.insert("glob", value(f.glob.as_str()));
        t.insert("role", value(role.as_str()));
        if new_entries.is_empty() {
            t.decor_mut().set_prefix("\n# Roles worked out from the keys alone, pinned by `kafkalint init`.\n");
        }
        new_entries.push(t);
        up.added.push(format!("[[files]] glob = \"{}\", role = \"{role}\"", f.glob));
    }
    let appended = !new_entries.is_empty();
    if appended {
        let item = doc.entry("files").or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
        let Some(arr) = item.as_array_of_tables_mut() else {
            return Err(format!("{}: `files` is not an array of tables ([[files]]); not changed", path.display()));
        };
        for t in new_entries {
            arr.push(t);
        }
    }
    up.text = doc.to_string();
    // Tables added at the end end with a line break (the user's own last line is left as it was).
    if (appended || text.ends_with('\n')) && !up.text.ends_with('\n') {
        up.text.push('\n');
    }
    Ok(up)
}

fn existing_config(dir: &Path) -> Option<PathBuf> {
    FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

pub fn run(args: &InitArgs, out: &mut dyn Write) -> Result<i32, String> {
    let dir = &args.dir;
    if !dir.is_dir() {
        return Err(format!("{}: not a directory", dir.display()));
    }
    let d = detect(dir)?;
    for e in &d.errors {
        eprintln!("kafkalint: note: {e} (skipped)");
    }
    let (path, text, summary) = match existing_config(dir) {
        Some(path) => {
            let old = std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            let up = update_config(&path, &old, &d)?;
            for n in &up.notes {
                eprintln!("kafkalint: note: {n}");
            }
            if up.added.is_empty() {
                eprintln!("kafkalint: {} has everything `init` would add; nothing to do", path.display());
                if args.dry_run {
                    out.write_all(old.as_bytes()).map_err(|e| e.to_string())?;
                }
                return Ok(EXIT_OK);
            }
            let summary = format!("{}: added\n  {}", path.display(), up.added.join("\n  "));
            (path, up.text, summary)
        }
        None => {
            let path = dir.join(FILE_NAMES[0]);
            if let Some(parent_cfg) = dir.parent().and_then(Config::discover) {
                eprintln!(
                    "kafkalint: note: {} applied to these files until now; the new file takes its place for them (settings are not merged)",
                    parent_cfg.display()
                );
            }
            let text = new_config(&d);
            let keys = d.files.iter().filter(|f| f.source == RoleSource::Keys && f.role.is_some()).count();
            let version = match &d.version {
                Some((r, why)) => format!("Kafka {r} from {why}"),
                None => "no Kafka version found (a commented line shows where to set it)".into(),
            };
            let summary = format!(
                "{}: {} .properties file{} found, {keys} role{} pinned; {version}",
                path.display(),
                d.files.len(),
                if d.files.len() == 1 { "" } else { "s" },
                if keys == 1 { "" } else { "s" }
            );
            (path, text, summary)
        }
    };
    // What is written must be a config kafkalint accepts.
    Config::parse(&path, &text).map_err(|e| format!("internal error: the generated configuration does not parse: {e}"))?;
    if args.dry_run {
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        eprintln!("kafkalint: dry run, nothing written ({} shown above); {summary}", path.display());
        return Ok(EXIT_OK);
    }
    crate::write::create_or_replace(&path, text.as_bytes()).map_err(|e| e.to_string())?;
    eprintln!("kafkalint: wrote {summary}");
    Ok(EXIT_OK)
}
