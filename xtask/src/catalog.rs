//! Reading the Kafka configuration catalog (`shared/kafka-catalog`): the per-version files
//! `<version>/<kind>.json` are the primary data; `index.json` gives the ordered release lines and
//! the sources (and is used for a cross-check only).

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One key of one kind in one release line, as the catalog has it (exact documented text).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub name: String,
    #[serde(default)]
    pub plugin: Option<String>,
    #[serde(rename = "type")]
    pub ty: String,
    pub default: Option<String>,
    pub valid_values: Option<String>,
    #[serde(default)]
    pub valid_values_redacted: bool,
    pub importance: String,
    #[serde(default)]
    pub update_mode: Option<String>,
    #[serde(default)]
    pub server_default_property: Option<String>,
    pub deprecated: bool,
    #[serde(default)]
    pub replaced_by: Option<String>,
    #[serde(default)]
    pub deprecated_values: Vec<String>,
}

impl Entry {
    /// The knowledge key: the name, or `<plugin class>#<name>` for transforms/predicates.
    pub fn key(&self) -> String {
        match &self.plugin {
            Some(p) => format!("{p}#{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Key → entry of one kind in one release line.
pub type Table = BTreeMap<String, Entry>;

#[derive(Debug)]
pub struct Kind {
    pub name: String,
    /// Covered release lines (index into `Catalog::versions`) → table.
    pub tables: BTreeMap<usize, Table>,
    /// Covered release lines → source (`apache/kafka-site:<path>[@<commit>]`) from `_meta.sources`.
    pub sources: BTreeMap<usize, String>,
}

impl Kind {
    /// For every release line: the covered line whose table holds the facts of this line. A line
    /// between the first and the last covered line without a table ("carried") uses the previous
    /// covered line; lines outside that span have none.
    pub fn effective(&self, n_versions: usize) -> Vec<Option<usize>> {
        let first = self.tables.keys().next().copied();
        let last = self.tables.keys().next_back().copied();
        let (Some(first), Some(last)) = (first, last) else {
            return vec![None; n_versions];
        };
        let mut out = vec![None; n_versions];
        let mut prev = first;
        for (v, slot) in out.iter_mut().enumerate().take(last + 1).skip(first) {
            if self.tables.contains_key(&v) {
                prev = v;
            }
            *slot = Some(prev);
        }
        out
    }

    pub fn is_carried(&self, v: usize) -> bool {
        let first = self.tables.keys().next().copied().unwrap_or(usize::MAX);
        let last = self.tables.keys().next_back().copied().unwrap_or(0);
        v > first && v < last && !self.tables.contains_key(&v)
    }
}

#[derive(Debug)]
pub struct Catalog {
    /// Release lines in order, oldest first (`_meta.versions`).
    pub versions: Vec<String>,
    pub kinds: BTreeMap<String, Kind>,
    /// The kafka-site snapshot commit named in the catalog's README (sources without `@commit`).
    pub snapshot_commit: Option<String>,
    /// `index.json` without `_meta`: kind → key → object (for cross-checks).
    pub index: serde_json::Map<String, serde_json::Value>,
    /// Problems found while reading (reported, not fatal).
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
struct Meta {
    versions: Vec<String>,
    kinds: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    sources: BTreeMap<String, BTreeMap<String, String>>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The first backquoted 40-hex-digit commit after "Primary source" in the catalog README.
fn snapshot_commit(readme: &str) -> Option<String> {
    let start = readme.find("Primary source").unwrap_or(0);
    let rest = &readme[start..];
    let mut search = rest;
    while let Some(i) = search.find('`') {
        let after = &search[i + 1..];
        let end = after.find('`')?;
        let cand = &after[..end];
        if cand.len() == 40 && cand.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Some(cand.to_string());
        }
        search = &after[end + 1..];
    }
    None
}

impl Catalog {
    pub fn load(dir: &Path) -> Result<Catalog, String> {
        let mut index: serde_json::Map<String, serde_json::Value> = read_json(&dir.join("index.json"))?;
        let meta_value = index.remove("_meta").ok_or("index.json has no _meta")?;
        let meta: Meta = serde_json::from_value(meta_value).map_err(|e| format!("index.json _meta: {e}"))?;
        let readme = fs::read_to_string(dir.join("README.md")).unwrap_or_default();
        let mut warnings = Vec::new();
        let mut kinds: BTreeMap<String, Kind> = BTreeMap::new();
        for (vi, version) in meta.versions.iter().enumerate() {
            let vdir = dir.join(version);
            let rd = fs::read_dir(&vdir).map_err(|e| format!("cannot read {}: {e}", vdir.display()))?;
            let mut files: Vec<PathBuf> =
                rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
            files.sort();
            for path in files {
                let kind = path.file_stem().and_then(|s| s.to_str()).ok_or("bad file name")?.to_string();
                let entries: Vec<Entry> = read_json(&path)?;
                let mut table = Table::new();
                for e in entries {
                    let key = e.key();
                    if table.insert(key.clone(), e).is_some() {
                        warnings.push(format!("{version}/{kind}.json: duplicate key {key} (last one kept)"));
                    }
                }
                let k = kinds.entry(kind.clone()).or_insert_with(|| Kind {
                    name: kind.clone(),
                    tables: BTreeMap::new(),
                    sources: BTreeMap::new(),
                });
                k.tables.insert(vi, table);
                match meta.sources.get(version).and_then(|s| s.get(&kind)) {
                    Some(src) => {
                        k.sources.insert(vi, src.clone());
                    }
                    None => warnings.push(format!("index.json _meta.sources has no entry for {version}/{kind}")),
                }
            }
        }
        // Cross-check the files against _meta.kinds.
        let meta_kinds: BTreeSet<&String> = meta.kinds.keys().collect();
        let file_kinds: BTreeSet<&String> = kinds.keys().collect();
        if meta_kinds != file_kinds {
            warnings.push(format!("_meta.kinds {meta_kinds:?} differs from the kinds of the files {file_kinds:?}"));
        }
        for (name, vs) in &meta.kinds {
            if let Some(k) = kinds.get(name) {
                let from_files: Vec<&String> = k.tables.keys().map(|&v| &meta.versions[v]).collect();
                let from_meta: Vec<&String> = vs.iter().collect();
                if from_files != from_meta {
                    warnings.push(format!("{name}: _meta.kinds lists {from_meta:?}, files exist for {from_files:?}"));
                }
            }
        }
        Ok(Catalog { versions: meta.versions, kinds, snapshot_commit: snapshot_commit(&readme), index, warnings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_from_readme() {
        let readme = "x `abc`\nPrimary source: git snapshot, commit\n`49c301385a841f2b5eac00c2fe3971bd5fa24add` (2024)";
        assert_eq!(snapshot_commit(readme).as_deref(), Some("49c301385a841f2b5eac00c2fe3971bd5fa24add"));
        assert_eq!(snapshot_commit("nothing"), None);
    }

    #[test]
    fn carried_lines() {
        let mut k = Kind { name: "admin".into(), tables: BTreeMap::new(), sources: BTreeMap::new() };
        for v in [1, 2, 4] {
            k.tables.insert(v, Table::new());
        }
        assert_eq!(k.effective(6), vec![None, Some(1), Some(2), Some(2), Some(4), None]);
        assert!(k.is_carried(3));
        assert!(!k.is_carried(5) && !k.is_carried(0) && !k.is_carried(2));
    }
}
