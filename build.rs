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
    let out = match generate(&root) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("error in knowledge/: {e}");
            std::process::exit(1);
        }
    };
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("knowledge.rs");
    std::fs::write(dest, out).unwrap();
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

fn opt_lit(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("Some({})", lit(s)),
        None => "None".into(),
    }
}

fn default_expr(d: &DefaultValue, what: &str) -> Result<String, String> {
    match (&d.value, d.null, d.required) {
        (Some(v), false, false) => Ok(format!("DefaultVal::Value({})", lit(v))),
        (None, true, false) => Ok("DefaultVal::Null".into()),
        (None, false, true) => Ok("DefaultVal::Required".into()),
        _ => Err(format!("{what}: a default needs exactly one of `value`, `null = true`, `required = true`")),
    }
}

fn type_expr(t: &str, what: &str) -> Result<&'static str, String> {
    Ok(match t {
        "boolean" => "Type::Boolean",
        "int" => "Type::Int",
        "short" => "Type::Short",
        "long" => "Type::Long",
        "double" => "Type::Double",
        "string" => "Type::String",
        "list" => "Type::List",
        "class" => "Type::Class",
        "password" => "Type::Password",
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

fn generate(root: &Path) -> Result<String, String> {
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
    write!(out, "pub static COVERAGE: &[(&str, &[&str], &[&str])] = &[").unwrap();
    for r in &versions.releases {
        write!(
            out,
            "({}, &[{}], &[{}]),",
            lit(&r.version),
            r.covered.iter().map(|k| lit(k)).collect::<Vec<_>>().join(","),
            r.carried.iter().map(|k| lit(k)).collect::<Vec<_>>().join(",")
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();

    let mut unparsed: BTreeMap<String, usize> = BTreeMap::new();
    // Every key name of every kind, and whether some kind types it as a password (redaction asks
    // this of each key of each file).
    let mut names: BTreeMap<String, bool> = BTreeMap::new();
    writeln!(out, "pub static KINDS: &[KindTable] = &[").unwrap();
    for (kind, (file, _)) in &kinds {
        writeln!(
            out,
            "KindTable {{ kind: {}, sources: &[{}], patterns: &[",
            lit(kind),
            file.sources.iter().map(|s| lit(s)).collect::<Vec<_>>().join(",")
        )
        .unwrap();
        for p in &file.patterns {
            writeln!(out, "PatternDef {{ glob: {}, reason: {}, source: {} }},", lit(&p.glob), lit(&p.reason), opt_lit(&p.source)).unwrap();
        }
        writeln!(out, "], keys: &[").unwrap();
        let manual = manual_keys.get(kind);
        for (name, k) in &file.keys {
            let what = format!("knowledge {kind} key `{name}`");
            let versions = ctx.ranges(&k.versions, &what)?;
            if versions.is_empty() {
                return Err(format!("{what}: `versions` is empty"));
            }
            let span = (versions[0].0, versions[versions.len() - 1].1);
            let vr = |list: &[(usize, usize)]| list.iter().map(|(a, b)| format!("VRange({a},{b})")).collect::<Vec<_>>().join(",");
            let mut ty = Vec::new();
            for (a, b, t) in ctx.versioned(&k.ty, &what, span)? {
                ty.push(format!("R({a},{b},{})", type_expr(&t, &what)?));
            }
            *names.entry(name.clone()).or_insert(false) |= ty.iter().any(|t| t.ends_with("Type::Password)"));
            let mut defaults = Vec::new();
            match &k.default {
                None => {}
                Some(DefaultSpec::Plain(v)) => defaults.push(format!("R({},{},DefaultVal::Value({}))", span.0, span.1, lit(v))),
                Some(DefaultSpec::Table(d)) => defaults.push(format!("R({},{},{})", span.0, span.1, default_expr(d, &what)?)),
                Some(DefaultSpec::Ranges(rs)) => {
                    for r in rs {
                        let (a, b) = ctx.bounds(&r.from, &r.to, &what)?;
                        let (a, b) = (a.max(span.0), b.min(span.1));
                        if a <= b {
                            defaults.push(format!("R({a},{b},{})", default_expr(&r.default_value(), &what)?));
                        }
                    }
                }
            }
            let mut valid = Vec::new();
            let types = ctx.versioned(&k.ty, &what, span)?;
            for (a, b, text) in ctx.versioned(&k.valid, &what, span)? {
                if text.is_empty() {
                    continue;
                }
                let t = types.iter().find(|(ta, tb, _)| *ta <= b && a <= *tb).map(|x| x.2.clone()).unwrap_or_else(|| "string".into());
                let parsed = validators::parse(&text, &t);
                let expr = match parsed {
                    Some(v) => format!("Some({})", v.to_rust()),
                    None => {
                        *unparsed.entry(text.clone()).or_default() += 1;
                        "None".into()
                    }
                };
                valid.push(format!("R({a},{b},ValidDef {{ text: {}, validator: {expr} }})", lit(&text)));
            }
            let mut importance = Vec::new();
            for (a, b, v) in ctx.versioned(&k.importance, &what, span)? {
                let e = match v.as_str() {
                    "high" => "Importance::High",
                    "medium" => "Importance::Medium",
                    "low" => "Importance::Low",
                    _ => return Err(format!("{what}: unknown importance `{v}`")),
                };
                importance.push(format!("R({a},{b},{e})"));
            }
            let mut update = Vec::new();
            for (a, b, v) in ctx.versioned(&k.update, &what, span)? {
                let e = match v.as_str() {
                    "read-only" => "UpdateMode::ReadOnly",
                    "per-broker" => "UpdateMode::PerBroker",
                    "cluster-wide" => "UpdateMode::ClusterWide",
                    "" => continue,
                    _ => return Err(format!("{what}: unknown update mode `{v}`")),
                };
                update.push(format!("R({a},{b},{e})"));
            }
            let deprecated: Vec<(usize, usize)> = ctx
                .ranges(&k.deprecated, &what)?
                .into_iter()
                .map(|(a, b)| (a.max(span.0), b.min(span.1)))
                .filter(|(a, b)| a <= b)
                .collect();
            let mut dvals = Vec::new();
            for d in &k.deprecated_values {
                let from = ctx.index(&d.from, &what)?;
                let removed = match &d.removed {
                    Some(r) => format!("Some({})", ctx.index(r, &what)?),
                    None => "None".into(),
                };
                dvals.push(format!(
                    "DeprecatedValueDef {{ value: {}, from: {from}, removed: {removed}, replaced_by: {}, source: {} }}",
                    lit(&d.value),
                    opt_lit(&d.replaced_by),
                    opt_lit(&d.source)
                ));
            }
            let is_manual = manual.is_some_and(|m| m.contains(name));
            writeln!(
                out,
                "KeyDef {{ name: {}, versions: &[{}], ty: &[{}], default: &[{}], valid: &[{}], importance: &[{}], update: &[{}], server_default: {}, deprecated: &[{}], replaced_by: {}, rename: {}, deprecated_values: &[{}], source: {}, note: {}, manual: {is_manual} }},",
                lit(name),
                vr(&versions),
                ty.join(","),
                defaults.join(","),
                valid.join(","),
                importance.join(","),
                update.join(","),
                opt_lit(&k.server_default.clone().filter(|s| s != "null")),
                vr(&deprecated),
                opt_lit(&k.replaced_by),
                k.rename,
                dvals.join(","),
                opt_lit(&k.source),
                opt_lit(&k.note),
            )
            .unwrap();
        }
        writeln!(out, "] }},").unwrap();
    }
    writeln!(out, "];").unwrap();
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
    generate_clients(root, &mut out)?;
    generate_facts(root, &mut out)?;
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
fn generate_clients(root: &Path, out: &mut String) -> Result<(), String> {
    writeln!(out, "pub static CLIENT_LIBS: &[ClientLib] = &[").unwrap();
    for path in toml_files(&root.join("clients")) {
        let f: ClientFile = read(&path)?;
        let ctx = Ctx { releases: f.releases.clone() };
        let what = format!("{}", path.display());
        write!(
            out,
            "ClientLib {{ client: {}, releases: &[{}], props: &[",
            lit(&f.client),
            f.releases.iter().map(|r| lit(r)).collect::<Vec<_>>().join(",")
        )
        .unwrap();
        for (name, p) in &f.properties {
            let w = format!("{what}: `{name}`");
            let vr = |list: &[(usize, usize)]| list.iter().map(|(a, b)| format!("VRange({a},{b})")).collect::<Vec<_>>().join(",");
            let versions = ctx.ranges(&p.versions, &w)?;
            let deprecated = ctx.ranges(&p.deprecated, &w)?;
            writeln!(
                out,
                "ClientPropDef {{ name: {}, versions: &[{}], scope: {}, level: {}, ty: {}, default: {}, range: {}, alias_of: {}, deprecated: &[{}] }},",
                lit(name),
                vr(&versions),
                lit(&p.scope),
                lit(&p.level),
                opt_lit(&last_value(&p.ty)),
                opt_lit(&last_value(&p.default)),
                opt_lit(&last_value(&p.range)),
                opt_lit(&p.alias_of),
                vr(&deprecated)
            )
            .unwrap();
        }
        writeln!(out, "] }},").unwrap();
    }
    writeln!(out, "];").unwrap();
    let aliases_path = root.join("aliases.toml");
    let mut aliases = if aliases_path.exists() { read::<AliasFile>(&aliases_path)?.alias } else { Vec::new() };
    aliases.sort_by(|a, b| a.name.cmp(&b.name));
    for w in aliases.windows(2) {
        if w[0].name == w[1].name {
            return Err(format!("{}: alias `{}` is listed twice", aliases_path.display(), w[0].name));
        }
    }
    writeln!(out, "pub static ALIASES: &[AliasDef] = &[").unwrap();
    for a in &aliases {
        writeln!(
            out,
            "AliasDef {{ name: {}, from: {}, java: {}, same_value: {}, note: {}, source: {} }},",
            lit(&a.name),
            lit(&a.from),
            opt_lit(&a.java),
            a.same_value,
            opt_lit(&a.note),
            lit(&a.source)
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    Ok(())
}

/// `knowledge/facts/*.toml`: hand-written facts (compatibility ranges, feature minimum versions,
/// client defaults), flattened to sorted `("file.table.key", "value")` pairs. Arrays of scalars
/// become comma-separated values; arrays of tables get an index (`file.table.0.key`).
fn generate_facts(root: &Path, out: &mut String) -> Result<(), String> {
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
    write!(out, "pub static FACTS: &[(&str, &str)] = &[").unwrap();
    for (k, v) in &pairs {
        write!(out, "({}, {}),", lit(k), lit(v)).unwrap();
    }
    writeln!(out, "];").unwrap();
    Ok(())
}
