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
    /// The name as written when the file names the key otherwise (`KAFKA_NUM_PARTITIONS`).
    pub written: Option<String>,
    /// Who set a `platform` value (`the confluentinc/cp-kafka image`, `Spring Boot`).
    pub set_by: Option<String>,
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
                // No value either way (null, or an empty string) is no change.
                let unset = |v: DefaultVal| matches!(v, DefaultVal::Null | DefaultVal::Value(""));
                let changed_from = match prev {
                    Some(DefaultVal::Required) if d != DefaultVal::Required => Some("none (required)".into()),
                    Some(p) if p != d && !(unset(p) && unset(d)) => Some(default_text(p).unwrap_or_else(|| "null".into())),
                    _ => None,
                };
                let (value, origin) = match d {
                    DefaultVal::Required => (None, "required"),
                    other => (default_text(other), "default"),
                };
                out.insert(
                    def.name.to_string(),
                    Line {
                        key: def.name.to_string(),
                        value: value.map(|v| shown_value(def.name, &v)),
                        origin,
                        changed_from,
                        line: None,
                        written: None,
                        set_by: None,
                    },
                );
            }
        }
    }
    // Values the platform sets (an image's start script, Spring Boot) replace Kafka's defaults.
    for d in file.unit.iter().flat_map(|u| u.defaults.iter()) {
        out.insert(
            d.key.clone(),
            Line {
                key: d.key.clone(),
                value: Some(shown_value(&d.key, &d.value)),
                origin: "platform",
                changed_from: None,
                line: None,
                written: None,
                set_by: Some(d.origin.clone()),
            },
        );
    }
    for (key, &i) in &file.last {
        let e = &file.doc.entries[i];
        let known = file.role.is_some_and(|r| match crate::rules::schema::keys::classify(file, r, key) {
            crate::rules::schema::keys::Class::Known(k) => k.def.exists_in(release),
            crate::rules::schema::keys::Class::Accepted => true,
            _ => false,
        });
        let changed_from = out.get(key).and_then(|l| l.changed_from.clone());
        // A piece of a credential broken over lines is no name to show (redact::is_value_piece).
        let piece = redact::is_value_piece(key);
        out.insert(
            key.clone(),
            Line {
                key: if piece { redact::MASK.to_string() } else { key.clone() },
                value: Some(if piece { redact::MASK.to_string() } else { shown_value(key, e.value.trim()) }),
                origin: if known || file.role.is_none() { "explicit" } else { "unknown" },
                changed_from,
                line: Some(file.source.line_col(e.span.start).0),
                written: e.written.clone(),
                set_by: None,
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
    // A file of another format holds several units (compose services, Spring clients): each is shown.
    let units: Vec<&LintFile> = report.files.iter().filter(|f| !f.context && f.file.input == 0).map(|f| &f.file).collect();
    let w = |out: &mut dyn Write, s: String| out.write_all(s.as_bytes()).map_err(|e| e.to_string());
    match args.format {
        Format::Json => {
            let unit_json = |f: &LintFile| {
                let keys: Vec<_> = lines(f)
                    .iter()
                    .map(|l| {
                        json!({"key": l.key, "value": l.value, "origin": l.origin, "default_changed_from": l.changed_from, "line": l.line, "key_as_written": l.written, "set_by": l.set_by})
                    })
                    .collect();
                let mut v = json!({"unit": f.unit_name(), "role": f.role.map(|r| r.as_str()), "role_source": f.role_source.as_str(), "kafka_version": f.release.name(), "version_source": f.unit.as_ref().and_then(|u| u.version_source).map(|v| v.as_str()), "keys": keys});
                // A Go client: the topics its code names (src/formats/go).
                if let (Some(g), Some(o)) = (f.unit.as_ref().and_then(|u| u.go.as_deref()), v.as_object_mut()) {
                    let topics: Vec<_> = g
                        .topics
                        .iter()
                        .map(|t| json!({"topic": t.name, "use": t.how, "line": f.source.line_col(t.span.start).0}))
                        .collect();
                    o.insert("topics".into(), json!(topics));
                }
                v
            };
            let v = match units.as_slice() {
                [f] if f.unit.is_none() => {
                    let mut v = unit_json(f);
                    if let Some(o) = v.as_object_mut() {
                        o.remove("unit");
                        o.remove("version_source");
                        o.insert("file".into(), json!(f.source.display_path()));
                    }
                    v
                }
                _ => {
                    json!({"file": args.file.display().to_string(), "format": units.first().map(|f| f.format.as_str()), "units": units.iter().map(|f| unit_json(f)).collect::<Vec<_>>()})
                }
            };
            w(out, format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()))?;
        }
        Format::Human => {
            for f in &units {
                let role = f.role.map_or("unknown".to_string(), |r| r.to_string());
                match &f.unit {
                    Some(u) => {
                        let image = u.image.as_deref().map(|i| format!(", image {i}")).unwrap_or_default();
                        let vs = u.version_source.map(|v| format!(" (from {})", v.as_str())).unwrap_or_default();
                        w(
                            out,
                            format!(
                                "# {} — {} `{}`{image}: role {} (from {}), Kafka {}{vs}\n",
                                f.source.display_path(),
                                f.format.as_str(),
                                u.name,
                                role,
                                f.role_source.as_str(),
                                f.release
                            ),
                        )?;
                        if let Some(n) = &u.version_note {
                            w(out, format!("# {n}\n"))?;
                        }
                        for n in &u.notes {
                            w(out, format!("# {n}\n"))?;
                        }
                    }
                    None => w(
                        out,
                        format!("# {} — role {} (from {}), Kafka {}\n", f.source.display_path(), role, f.role_source.as_str(), f.release),
                    )?,
                }
                if f.role.is_none() {
                    w(out, "# the role is unknown: only the explicit keys are shown (pass --role)\n".into())?;
                }
                for l in &lines(f) {
                    let note = match (l.origin, &l.changed_from) {
                        ("explicit", _) => match &l.written {
                            Some(name) => format!("# set by {name} on line {}", l.line.unwrap_or(0)),
                            None => format!("# set on line {}", l.line.unwrap_or(0)),
                        },
                        ("unknown", _) => format!("# set on line {}; not a key of this role in Kafka {}", l.line.unwrap_or(0), f.release),
                        ("platform", _) => format!("# set by {}", l.set_by.as_deref().unwrap_or("the platform")),
                        ("required", _) => "# required: no default".into(),
                        (_, Some(prev)) => format!("# default (changed in {} from {prev})", f.release),
                        _ if l.value.is_none() => "# default: unset (null)".into(),
                        _ => "# default".into(),
                    };
                    w(out, format!("{}={}  {}\n", l.key, l.value.as_deref().unwrap_or(""), note))?;
                }
            }
        }
    }
    Ok(if report.files.is_empty() { EXIT_USAGE } else { EXIT_OK })
}
