//! Turns `knowledge/**/*.toml` into sorted `'static` tables (`$OUT_DIR/knowledge.rs`), so the
//! binary parses no text at start-up. A bad fact fails the build with the file and key named.

#[path = "src/knowledge/schema.rs"]
mod schema;
#[path = "src/knowledge/validators.rs"]
mod validators;

use schema::{AliasFile, ClientFile, DefaultSpec, DefaultValue, KeyFacts, KindFile, Versioned, VersionsFile};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("knowledge");
    println!("cargo:rerun-if-changed=knowledge");
    println!("cargo:rerun-if-changed=src/knowledge/schema.rs");
    println!("cargo:rerun-if-changed=src/knowledge/validators.rs");
    link_unwinder_statically();
    let mut enc = Enc::default();
    let out = match generate(&root, &mut enc) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("error in knowledge/: {e}");
            std::process::exit(1);
        }
    };
    let dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(dir.join("knowledge.rs"), out).unwrap();
    std::fs::write(dir.join("knowledge.bin"), &enc.data).unwrap();
    std::fs::write(dir.join("knowledge.str"), &enc.strs).unwrap();
}

/// On Linux with glibc, the unwinder (`_Unwind_*`, for panics) is linked from the static
/// `libgcc_eh.a` instead of `libgcc_s.so.1`, as the Rust standard library has it: named before the
/// standard library's `-lgcc_s`, it provides those symbols first and the linker (`--as-needed`)
/// leaves `libgcc_s.so.1` out. One shared library fewer to find, map and relocate at every start,
/// and its constructor, which asks the CPU its model with `cpuid` (costly in a virtual machine):
/// a hello-world starts in 0.86 ms instead of 1.00 ms, 9 page faults fewer (README, Performance).
/// The same unwinder, so panics unwind and are caught as before (the language server). Not with
/// `crt-static`, where the standard library already links it so.
fn link_unwinder_statically() {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let static_crt = var("CARGO_CFG_TARGET_FEATURE").split(',').any(|f| f == "crt-static");
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" && !static_crt {
        println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
    }
}

/// The tables as bytes (`knowledge.bin`) and one text of every string (`knowledge.str`): no
/// pointer in them, so the dynamic loader relocates nothing when the binary starts (a table of
/// `&str`s and slices costs one relocation per pointer and dirties every page it sits on).
/// `src/knowledge/mod.rs` decodes them (`Rd`); the two must agree on the layout.
///
/// Numbers are LEB128; a string is its offset and length in `knowledge.str` (each distinct
/// string stored once); an optional string is `0` or `1 + length` then the offset.
#[derive(Default)]
struct Enc {
    data: Vec<u8>,
    strs: String,
    seen: std::collections::HashMap<String, usize>,
}

impl Enc {
    fn u(&mut self, mut n: usize) {
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.data.push(b);
                return;
            }
            self.data.push(b | 0x80);
        }
    }
    fn i(&mut self, n: i64) {
        self.u(((n << 1) ^ (n >> 63)) as u64 as usize);
    }
    fn str_at(&mut self, s: &str) -> usize {
        if let Some(&at) = self.seen.get(s) {
            return at;
        }
        let at = self.strs.len();
        self.strs.push_str(s);
        self.seen.insert(s.to_string(), at);
        at
    }
    fn s(&mut self, s: &str) {
        let at = self.str_at(s);
        self.u(at);
        self.u(s.len());
    }
    fn os(&mut self, s: Option<&str>) {
        match s {
            None => self.u(0),
            Some(s) => {
                let at = self.str_at(s);
                self.u(s.len() + 1);
                self.u(at);
            }
        }
    }
    fn strs<S: AsRef<str>>(&mut self, list: &[S]) {
        self.u(list.len());
        for s in list {
            self.s(s.as_ref());
        }
    }
    fn ranges(&mut self, list: &[(usize, usize)]) {
        self.u(list.len());
        for &(a, b) in list {
            self.u(a);
            self.u(b);
        }
    }
    /// A validator: its variant's number (from 1; `0` is none) and its fields.
    fn validator(&mut self, v: &validators::Validator) {
        use validators::Validator as V;
        let oi = |e: &mut Enc, x: Option<i64>| match x {
            None => e.u(0),
            Some(x) => {
                e.u(1);
                e.i(x)
            }
        };
        let of = |e: &mut Enc, x: Option<f64>| match x {
            None => e.u(0),
            Some(x) => {
                e.u(1);
                e.data.extend_from_slice(&x.to_bits().to_le_bytes())
            }
        };
        match *v {
            V::IntRange { min, max } => {
                self.u(1);
                oi(self, min);
                oi(self, max);
            }
            V::IntRangeOr { min, max, or } => {
                self.u(2);
                oi(self, min);
                oi(self, max);
                self.i(or);
            }
            V::DoubleRange { min, max } => {
                self.u(3);
                of(self, min);
                of(self, max);
            }
            V::OneOf(l) => {
                self.u(4);
                self.strs(l);
            }
            V::OneOfCaseInsensitive(l) => {
                self.u(5);
                self.strs(l);
            }
            V::EachOneOf(l) => {
                self.u(6);
                self.strs(l);
            }
            V::OneOfOrByDuration(l) => {
                self.u(7);
                self.strs(l);
            }
            V::KafkaVersion(l) => {
                self.u(8);
                self.strs(l);
            }
            V::NonNull => self.u(9),
            V::NonEmptyString => self.u(10),
            V::NonEmptyStringWithoutControlChars => self.u(11),
            V::NonEmptyList => self.u(12),
            V::Regex => self.u(13),
            V::Unique(t) => {
                self.u(14);
                self.s(t);
            }
            V::MaxListSize(n) => {
                self.u(15);
                self.u(n as usize);
            }
            V::ThrottledReplicas => self.u(16),
            V::ColonPairs => self.u(17),
            V::UrlList => self.u(18),
            V::Composite(parts) => {
                self.u(19);
                self.u(parts.len());
                for p in parts {
                    self.validator(p);
                }
            }
            V::Unchecked(t) => {
                self.u(20);
                self.s(t);
            }
        }
    }
}

fn read<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml_edit::de::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "toml")).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

struct Ctx {
    releases: Vec<String>,
}

impl Ctx {
    fn index(&self, v: &str, what: &str) -> Result<usize, String> {
        self.releases.iter().position(|r| r == v).ok_or_else(|| format!("{what}: unknown release line `{v}`"))
    }
    /// `"0.10.0..2.8"` or `"3.1"` → (from, to).
    fn range(&self, s: &str, what: &str) -> Result<(usize, usize), String> {
        let (a, b) = match s.split_once("..") {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (s.trim(), s.trim()),
        };
        let a = self.index(a, what)?;
        let b = if b.is_empty() { self.releases.len() - 1 } else { self.index(b, what)? };
        if a > b {
            return Err(format!("{what}: range `{s}` is reversed"));
        }
        Ok((a, b))
    }
    fn ranges(&self, list: &[String], what: &str) -> Result<Vec<(usize, usize)>, String> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for s in list {
            let r = self.range(s, what)?;
            if let Some(last) = out.last() {
                if r.0 <= last.1 {
                    return Err(format!("{what}: ranges overlap or are out of order at `{s}`"));
                }
            }
            out.push(r);
        }
        Ok(out)
    }
    fn bounds(&self, from: &str, to: &Option<String>, what: &str) -> Result<(usize, usize), String> {
        let a = self.index(from, what)?;
        let b = match to {
            Some(t) => self.index(t, what)?,
            None => self.releases.len() - 1,
        };
        if a > b {
            return Err(format!("{what}: range {from}..{to:?} is reversed"));
        }
        Ok((a, b))
    }
    /// A versioned attribute's ranges, clipped to `span` (the key's first and last release line).
    fn versioned<T: Clone>(&self, v: &Option<Versioned<T>>, what: &str, span: (usize, usize)) -> Result<Vec<(usize, usize, T)>, String> {
        let Some(v) = v else { return Ok(Vec::new()) };
        Ok(match v {
            Versioned::Always(x) => vec![(span.0, span.1, x.clone())],
            Versioned::Ranges(rs) => {
                let mut out = Vec::new();
                for r in rs {
                    let (a, b) = self.bounds(&r.from, &r.to, what)?;
                    let (a, b) = (a.max(span.0), b.min(span.1));
                    if a <= b {
                        out.push((a, b, r.value.clone()));
                    }
                }
                out
            }
        })
    }
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// `Type`'s variant in `src/knowledge/mod.rs`, by its number there.
fn type_index(t: &str, what: &str) -> Result<usize, String> {
    Ok(match t {
        "boolean" => 0,
        "int" => 1,
        "short" => 2,
        "long" => 3,
        "double" => 4,
        "string" => 5,
        "list" => 6,
        "class" => 7,
        "password" => 8,
        _ => return Err(format!("{what}: unknown type `{t}`")),
    })
}

/// Merges a hand-written key over the generated one: every attribute set by hand wins.
fn merge(base: &mut KeyFacts, over: KeyFacts) {
    if !over.versions.is_empty() {
        base.versions = over.versions;
    }
    macro_rules! take {
        ($($f:ident),*) => { $( if over.$f.is_some() { base.$f = over.$f; } )* };
    }
    take!(ty, default, valid, importance, update, server_default, replaced_by, source, note);
    base.rename |= over.rename;
    if !over.deprecated.is_empty() {
        base.deprecated = over.deprecated;
    }
    for dv in over.deprecated_values {
        base.deprecated_values.retain(|d| d.value != dv.value);
        base.deprecated_values.push(dv);
    }
}

fn generate(root: &Path, enc: &mut Enc) -> Result<String, String> {
    let versions: VersionsFile = read(&root.join("versions.toml"))?;
    let ctx = Ctx { releases: versions.releases.iter().map(|r| r.version.clone()).collect() };
    if ctx.releases.is_empty() {
        return Err("versions.toml lists no release".into());
    }

    // kind -> (generated?, file)
    let mut kinds: BTreeMap<String, (KindFile, Vec<String>)> = BTreeMap::new();
    for path in toml_files(&root.join("keys")) {
        let f: KindFile = read(&path)?;
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if f.kind != stem {
            return Err(format!("{}: kind `{}` does not match the file name", path.display(), f.kind));
        }
        kinds.insert(f.kind.clone(), (f, Vec::new()));
    }
    let mut manual_keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in toml_files(&root.join("manual")) {
        let f: KindFile = read(&path)?;
        let entry = kinds.entry(f.kind.clone()).or_insert_with(|| (KindFile { kind: f.kind.clone(), ..Default::default() }, Vec::new()));
        entry.0.sources.extend(f.sources);
        entry.0.patterns.extend(f.patterns);
        for (name, facts) in f.keys {
            if facts.source.is_none() && !entry.0.keys.contains_key(&name) {
                return Err(format!("{}: hand-written key `{name}` needs a `source`", path.display()));
            }
            manual_keys.entry(f.kind.clone()).or_default().push(name.clone());
            match entry.0.keys.get_mut(&name) {
                Some(base) => merge(base, facts),
                None => {
                    entry.0.keys.insert(name, facts);
                }
            }
        }
        let _ = &entry.1;
    }

    let mut out = String::new();
    writeln!(out, "// @generated by build.rs from knowledge/; do not edit.").unwrap();
    write!(out, "pub static RELEASES: &[&str] = &[").unwrap();
    for r in &ctx.releases {
        write!(out, "{},", lit(r)).unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "const COVERAGE_AT: usize = {};", enc.data.len()).unwrap();
    enc.u(versions.releases.len());
    for r in &versions.releases {
        enc.s(&r.version);
        enc.strs(&r.covered);
        enc.strs(&r.carried);
    }

    let mut unparsed: BTreeMap<String, usize> = BTreeMap::new();
    // Every key name of every kind, and whether some kind types it as a password (redaction asks
    // this of each key of each file).
    let mut names: BTreeMap<String, bool> = BTreeMap::new();
    let mut dir = Vec::new();
    let mut key_count = 0;
    for (kind, (file, _)) in &kinds {
        let data_at = enc.data.len();
        enc.strs(&file.sources);
        enc.u(file.patterns.len());
        for p in &file.patterns {
            enc.s(&p.glob);
            enc.s(&p.reason);
            enc.os(p.source.as_deref());
        }
        enc.u(file.keys.len());
        key_count += file.keys.len();
        // How many of each kind of element the kind's keys hold (the decoder allocates each
        // array once); written before the keys once they are counted.
        let mut totals = [0usize; 7];
        let keys_at = enc.data.len();
        let manual = manual_keys.get(kind);
        for (name, k) in &file.keys {
            let what = format!("knowledge {kind} key `{name}`");
            let versions = ctx.ranges(&k.versions, &what)?;
            if versions.is_empty() {
                return Err(format!("{what}: `versions` is empty"));
            }
            let span = (versions[0].0, versions[versions.len() - 1].1);
            enc.s(name);
            enc.ranges(&versions);
            totals[0] += versions.len();
            let types = ctx.versioned(&k.ty, &what, span)?;
            enc.u(types.len());
            totals[1] += types.len();
            let mut password = false;
            for (a, b, t) in &types {
                let t = type_index(t, &what)?;
                password |= t == 8;
                enc.u(*a);
                enc.u(*b);
                enc.u(t);
            }
            *names.entry(name.clone()).or_insert(false) |= password;
            let mut defaults: Vec<(usize, usize, DefaultValue)> = Vec::new();
            match &k.default {
                None => {}
                Some(DefaultSpec::Plain(v)) => {
                    defaults.push((span.0, span.1, DefaultValue { value: Some(v.clone()), null: false, required: false }))
                }
                Some(DefaultSpec::Table(d)) => defaults.push((span.0, span.1, d.clone())),
                Some(DefaultSpec::Ranges(rs)) => {
                    for r in rs {
                        let (a, b) = ctx.bounds(&r.from, &r.to, &what)?;
                        let (a, b) = (a.max(span.0), b.min(span.1));
                        if a <= b {
                            defaults.push((a, b, r.default_value()));
                        }
                    }
                }
            }
            enc.u(defaults.len());
            totals[2] += defaults.len();
            for (a, b, d) in &defaults {
                enc.u(*a);
                enc.u(*b);
                match (&d.value, d.null, d.required) {
                    (Some(v), false, false) => {
                        enc.u(0);
                        enc.s(v);
                    }
                    (None, true, false) => enc.u(1),
                    (None, false, true) => enc.u(2),
                    _ => return Err(format!("{what}: a default needs exactly one of `value`, `null = true`, `required = true`")),
                }
            }
            let valid: Vec<(usize, usize, String)> =
                ctx.versioned(&k.valid, &what, span)?.into_iter().filter(|v| !v.2.is_empty()).collect();
            enc.u(valid.len());
            totals[3] += valid.len();
            for (a, b, text) in &valid {
                let t = types.iter().find(|(ta, tb, _)| ta <= b && a <= tb).map(|x| x.2.clone()).unwrap_or_else(|| "string".into());
                enc.u(*a);
                enc.u(*b);
                enc.s(text);
                match validators::parse(text, &t) {
                    Some(v) => enc.validator(&v),
                    None => {
                        *unparsed.entry(text.clone()).or_default() += 1;
                        enc.u(0);
                    }
                }
            }
            let mut importance = Vec::new();
            for (a, b, v) in ctx.versioned(&k.importance, &what, span)? {
                let e = match v.as_str() {
                    "high" => 0,
                    "medium" => 1,
                    "low" => 2,
                    _ => return Err(format!("{what}: unknown importance `{v}`")),
                };
                importance.push((a, b, e));
            }
            let mut update = Vec::new();
            for (a, b, v) in ctx.versioned(&k.update, &what, span)? {
                let e = match v.as_str() {
                    "read-only" => 0,
                    "per-broker" => 1,
                    "cluster-wide" => 2,
                    "" => continue,
                    _ => return Err(format!("{what}: unknown update mode `{v}`")),
                };
                update.push((a, b, e));
            }
            for (list, t) in [(&importance, 4), (&update, 5)] {
                enc.u(list.len());
                totals[t] += list.len();
                for &(a, b, e) in list {
                    enc.u(a);
                    enc.u(b);
                    enc.u(e);
                }
            }
            enc.os(k.server_default.as_deref().filter(|s| *s != "null"));
            let deprecated: Vec<(usize, usize)> = ctx
                .ranges(&k.deprecated, &what)?
                .into_iter()
                .map(|(a, b)| (a.max(span.0), b.min(span.1)))
                .filter(|(a, b)| a <= b)
                .collect();
            enc.ranges(&deprecated);
            totals[0] += deprecated.len();
            enc.os(k.replaced_by.as_deref());
            enc.u(k.rename as usize);
            enc.u(k.deprecated_values.len());
            totals[6] += k.deprecated_values.len();
            for d in &k.deprecated_values {
                enc.s(&d.value);
                enc.u(ctx.index(&d.from, &what)?);
                match &d.removed {
                    Some(r) => {
                        let r = ctx.index(r, &what)?;
                        enc.u(r + 1)
                    }
                    None => enc.u(0),
                }
                enc.os(d.replaced_by.as_deref());
                enc.os(d.source.as_deref());
            }
            enc.os(k.source.as_deref());
            enc.os(k.note.as_deref());
            enc.u(manual.is_some_and(|m| m.contains(name)) as usize);
        }
        let keys = enc.data.split_off(keys_at);
        for t in totals {
            enc.u(t);
        }
        enc.data.extend_from_slice(&keys);
        let name_at = enc.str_at(kind);
        dir.push(format!("({name_at},{},{data_at})", kind.len()));
    }
    writeln!(out, "const KIND_COUNT: usize = {};", dir.len()).unwrap();
    writeln!(out, "static KIND_DIR: [(u32, u32, u32); KIND_COUNT] = [{}];", dir.join(",")).unwrap();
    writeln!(out, "const KEY_COUNT: usize = {key_count};").unwrap();
    // The names as one string and a sorted index into it (offset, length, password): no pointer
    // per name, so nothing to relocate when the binary starts.
    let mut blob = String::new();
    let mut index = Vec::new();
    for (name, pw) in &names {
        index.push(format!("({},{},{pw})", blob.len(), name.len()));
        blob.push_str(name);
    }
    writeln!(out, "pub static KEY_NAMES: &str = {};", lit(&blob)).unwrap();
    writeln!(out, "pub static KEY_INDEX: &[(u32, u16, bool)] = &[{}];", index.join(",")).unwrap();
    generate_clients(root, &mut out, enc)?;
    generate_facts(root, &mut out, enc)?;
    write!(out, "pub static UNPARSED_VALIDATORS: &[(&str, usize)] = &[").unwrap();
    for (t, n) in &unparsed {
        write!(out, "({}, {n}),", lit(t)).unwrap();
    }
    writeln!(out, "];").unwrap();
    Ok(out)
}

fn last_value(v: &Option<Versioned<String>>) -> Option<String> {
    match v {
        None => None,
        Some(Versioned::Always(x)) => Some(x.clone()),
        Some(Versioned::Ranges(rs)) => rs.last().map(|r| r.value.clone()),
    }
}

/// Other client libraries' properties (`knowledge/clients/*.toml`) and `knowledge/aliases.toml`.
fn generate_clients(root: &Path, out: &mut String, enc: &mut Enc) -> Result<(), String> {
    let files = toml_files(&root.join("clients"));
    writeln!(out, "const CLIENTS_AT: usize = {};", enc.data.len()).unwrap();
    enc.u(files.len());
    for path in files {
        let f: ClientFile = read(&path)?;
        let ctx = Ctx { releases: f.releases.clone() };
        let what = format!("{}", path.display());
        enc.s(&f.client);
        enc.strs(&f.releases);
        enc.u(f.properties.len());
        for (name, p) in &f.properties {
            let w = format!("{what}: `{name}`");
            let versions = ctx.ranges(&p.versions, &w)?;
            let deprecated = ctx.ranges(&p.deprecated, &w)?;
            enc.s(name);
            enc.ranges(&versions);
            enc.s(&p.scope);
            enc.s(&p.level);
            enc.os(last_value(&p.ty).as_deref());
            enc.os(last_value(&p.default).as_deref());
            enc.os(last_value(&p.range).as_deref());
            enc.os(p.alias_of.as_deref());
            enc.ranges(&deprecated);
        }
    }
    let aliases_path = root.join("aliases.toml");
    let mut aliases = if aliases_path.exists() { read::<AliasFile>(&aliases_path)?.alias } else { Vec::new() };
    aliases.sort_by(|a, b| a.name.cmp(&b.name));
    for w in aliases.windows(2) {
        if w[0].name == w[1].name {
            return Err(format!("{}: alias `{}` is listed twice", aliases_path.display(), w[0].name));
        }
    }
    writeln!(out, "const ALIASES_AT: usize = {};", enc.data.len()).unwrap();
    enc.u(aliases.len());
    for a in &aliases {
        enc.s(&a.name);
        enc.s(&a.from);
        enc.os(a.java.as_deref());
        enc.u(a.same_value as usize);
        enc.os(a.note.as_deref());
        enc.s(&a.source);
    }
    Ok(())
}

/// `knowledge/facts/*.toml`: hand-written facts (compatibility ranges, feature minimum versions,
/// client defaults), flattened to sorted `("file.table.key", "value")` pairs. Arrays of scalars
/// become comma-separated values; arrays of tables get an index (`file.table.0.key`).
fn generate_facts(root: &Path, out: &mut String, enc: &mut Enc) -> Result<(), String> {
    fn flatten(prefix: &str, item: &toml_edit::Item, out: &mut Vec<(String, String)>) -> Result<(), String> {
        match item {
            toml_edit::Item::None => {}
            toml_edit::Item::Value(v) => flatten_value(prefix, v, out)?,
            toml_edit::Item::Table(t) => {
                for (k, v) in t.iter() {
                    flatten(&format!("{prefix}.{k}"), v, out)?;
                }
            }
            toml_edit::Item::ArrayOfTables(a) => {
                for (i, t) in a.iter().enumerate() {
                    for (k, v) in t.iter() {
                        flatten(&format!("{prefix}.{i}.{k}"), v, out)?;
                    }
                }
            }
        }
        Ok(())
    }
    fn flatten_value(prefix: &str, v: &toml_edit::Value, out: &mut Vec<(String, String)>) -> Result<(), String> {
        use toml_edit::Value as V;
        let scalar = |v: &V| -> Option<String> {
            match v {
                V::String(s) => Some(s.value().clone()),
                V::Integer(i) => Some(i.value().to_string()),
                V::Float(f) => Some(f.value().to_string()),
                V::Boolean(b) => Some(b.value().to_string()),
                V::Datetime(d) => Some(d.value().to_string()),
                _ => None,
            }
        };
        match v {
            V::Array(a) => {
                if a.iter().all(|x| scalar(x).is_some()) {
                    out.push((prefix.to_string(), a.iter().filter_map(scalar).collect::<Vec<_>>().join(",")));
                } else {
                    for (i, x) in a.iter().enumerate() {
                        flatten_value(&format!("{prefix}.{i}"), x, out)?;
                    }
                }
            }
            V::InlineTable(t) => {
                for (k, x) in t.iter() {
                    flatten_value(&format!("{prefix}.{k}"), x, out)?;
                }
            }
            other => out.push((prefix.to_string(), scalar(other).ok_or_else(|| format!("{prefix}: unsupported value"))?)),
        }
        Ok(())
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for path in toml_files(&root.join("facts")) {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{}: {e}", path.display()))?;
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        for (k, v) in doc.iter() {
            flatten(&format!("{stem}.{k}"), v, &mut pairs)?;
        }
    }
    pairs.sort();
    for w in pairs.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(format!("knowledge/facts: `{}` is defined twice", w[0].0));
        }
    }
    writeln!(out, "const FACTS_AT: usize = {};", enc.data.len()).unwrap();
    enc.u(pairs.len());
    for (k, v) in &pairs {
        enc.s(k);
        enc.s(v);
    }
    Ok(())
}
