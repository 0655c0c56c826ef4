//! `kafkalint effective FILE`: every key's effective value for the target version.

use crate::cli::{collect_inputs, settings, EffectiveArgs, Format, EXIT_OK, EXIT_USAGE};
use crate::knowledge::{self, DefaultVal};
use crate::lint::lint;
use crate::model::LintFile;
use crate::redact;
use crate::version::Release;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;

/// One line of the effective configuration.
pub struct Line {
    pub key: String,
    pub value: Option<String>,
    /// `explicit`, `default`, `required` (no default, not set) or `unknown` (explicit, not a known key).
    pub origin: &'static str,
    /// The default in the previous release line, when this line changed it.
    pub changed_from: Option<String>,
    pub line: Option<usize>,
}

fn default_text(d: DefaultVal) -> Option<String> {
    match d {
        DefaultVal::Value(v) => Some(v.to_string()),
        DefaultVal::Null => None,
        DefaultVal::Required => None,
    }
}

/// A value as shown to users: secrets masked.
pub fn shown_value(key: &str, value: &str) -> String {
    redact::mask_value(key, value)
}

pub fn lines(file: &LintFile) -> Vec<Line> {
    let release = file.release;
    let mut out: BTreeMap<String, Line> = BTreeMap::new();
    if let Some(role) = file.role {
        // Plugin pass-through keys (`*-extra` kinds) are shown only when set.
        for kind in role.kinds().iter().filter(|k| !k.ends_with("-extra")) {
            let Some(t) = knowledge::kind(kind) else { continue };
            for def in t.keys.iter().filter(|d| d.exists_in(release)) {
                let Some(d) = def.default_in(release) else { continue };
                let prev = (release.0 > 0).then(|| Release(release.0 - 1)).filter(|p| def.exists_in(*p)).and_then(|p| def.default_in(p));
                let changed_from = match prev {
                    Some(p) if p != d => Some(default_text(p).unwrap_or_else(|| "null".into())),
                    _ => None,
                };
                let (value, origin) = match d {
                    DefaultVal::Required => (None, "required"),
                    other => (default_text(other), "default"),
                };
                out.insert(
                    def.name.to_string(),
                    Line { key: def.name.to_string(), value: value.map(|v| shown_value(def.name, &v)), origin, changed_from, line: None },
                );
            }
        }
    }
    for (key, &i) in &file.last {
        let e = &file.doc.entries[i];
        let known = file.role.is_some_and(|r| match crate::rules::schema::keys::classify(file, r, key) {
            crate::rules::schema::keys::Class::Known(k) => k.def.exists_in(release),
            crate::rules::schema::keys::Class::Accepted => true,
            _ => false,
        });
        let changed_from = out.get(key).and_then(|l| l.changed_from.clone());
        out.insert(
            key.clone(),
            Line {
                key: key.clone(),
                value: Some(shown_value(key, e.value.trim())),
                origin: if known || file.role.is_none() { "explicit" } else { "unknown" },
                changed_from,
                line: Some(file.source.line_col(e.span.start).0),
            },
        );
    }
    out.into_values().collect()
}

pub fn run(args: EffectiveArgs, out: &mut dyn Write) -> Result<i32, String> {
    let settings = settings(&args.common)?;
    let (inputs, errors) = collect_inputs(std::slice::from_ref(&args.file), args.common.stdin_filename.as_deref());
    if let Some(e) = errors.0.first() {
        return Err(e.clone());
    }
    if inputs.len() != 1 {
        return Err(format!("{}: `effective` takes one file", args.file.display()));
    }
    let report = lint(inputs, &settings)?;
    let f = &report.files[0].file;
    let lines = lines(f);
    let w = |out: &mut dyn Write, s: String| out.write_all(s.as_bytes()).map_err(|e| e.to_string());
    match args.format {
        Format::Json => {
            let keys: Vec<_> = lines
                .iter()
                .map(
                    |l| json!({"key": l.key, "value": l.value, "origin": l.origin, "default_changed_from": l.changed_from, "line": l.line}),
                )
                .collect();
            let v = json!({"file": f.source.display_path(), "role": f.role.map(|r| r.as_str()), "role_source": f.role_source.as_str(), "kafka_version": f.release.name(), "keys": keys});
            w(out, format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()))?;
        }
        Format::Human => {
            let role = f.role.map_or("unknown".to_string(), |r| r.to_string());
            w(out, format!("# {} — role {} (from {}), Kafka {}\n", f.source.display_path(), role, f.role_source.as_str(), f.release))?;
            if f.role.is_none() {
                w(out, "# the role is unknown: only the explicit keys are shown (pass --role)\n".into())?;
            }
            for l in &lines {
                let note = match (l.origin, &l.changed_from) {
                    ("explicit", _) => format!("# set on line {}", l.line.unwrap_or(0)),
                    ("unknown", _) => format!("# set on line {}; not a key of this role in Kafka {}", l.line.unwrap_or(0), f.release),
                    ("required", _) => "# required: no default".into(),
                    (_, Some(prev)) => format!("# default (changed in {} from {prev})", f.release),
                    _ if l.value.is_none() => "# default: unset (null)".into(),
                    _ => "# default".into(),
                };
                w(out, format!("{}={}  {}\n", l.key, l.value.as_deref().unwrap_or(""), note))?;
            }
        }
    }
    Ok(if report.files.is_empty() { EXIT_USAGE } else { EXIT_OK })
}
