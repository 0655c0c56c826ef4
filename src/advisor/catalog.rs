//! The symptom catalog (`knowledge/symptoms.toml`): symptoms with the patterns each client prints,
//! and the causes they point to. Embedded as text and parsed on first use; a test checks that it
//! loads and that every rule, key and cause it names exists.

use crate::model::Role;
use serde::Deserialize;
use std::sync::OnceLock;

/// The catalog's text, embedded at build time.
pub const TEXT: &str = include_str!("../../knowledge/symptoms.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    cause: Vec<CauseDef>,
    #[serde(default)]
    symptom: Vec<SymptomDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CauseDef {
    id: String,
    title: String,
    why: String,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    keys: Vec<String>,
    #[serde(default)]
    likely: Vec<LikelyDef>,
    #[serde(default)]
    checks: Vec<String>,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LikelyDef {
    role: Option<String>,
    #[serde(default)]
    when: Vec<String>,
    relation: Option<String>,
    key: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SymptomDef {
    id: String,
    title: String,
    summary: String,
    #[serde(default)]
    patterns: Vec<PatternDef>,
    causes: Vec<String>,
    source: String,
    min_count: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternDef {
    client: String,
    text: String,
    regex: Option<String>,
    source: String,
}

/// Who prints a pattern.
pub const CLIENTS: [&str; 8] = ["java", "sarama", "librdkafka", "spring", "broker", "zookeeper", "os", "jvm"];

/// A comparison in a `likely` condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// The key is not set in the file: its effective value is the version's default.
    IsDefault,
    /// The key is set in the file.
    IsSet,
    /// The key is not set in the file (whether or not it has a default).
    IsUnset,
    Eq(Vec<String>),
    Ne(String),
    Ge(i64),
    Gt(i64),
    Le(i64),
    Lt(i64),
    /// A list value with an even, non-zero number of items.
    EvenItems,
    /// The value contains this text (ASCII case ignored).
    Contains(String),
}

/// `KEY OP [VALUE]`: one condition on a file's effective value.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub key: String,
    pub op: Op,
    /// The condition as written in the catalog.
    pub text: String,
}

/// Relations between files that the advisor knows how to check (named by `relation = "…"`).
pub const RELATIONS: [&str; 2] = ["serializer-mismatch", "same-value"];

#[derive(Debug, Clone)]
pub enum Likely {
    /// All conditions hold in one file (of `role`, when given).
    Values { role: Option<Role>, when: Vec<Condition> },
    /// A built-in relation across files: `serializer-mismatch` (a producer's serializer against a
    /// consumer's deserializer in the same directory), `same-value` (two files of `role` set `key`
    /// to the same value).
    Relation { name: String, role: Option<Role>, key: Option<String> },
}

#[derive(Debug, Clone)]
pub struct Cause {
    pub id: String,
    pub title: String,
    pub why: String,
    pub rules: Vec<String>,
    pub keys: Vec<String>,
    pub likely: Vec<Likely>,
    pub checks: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub client: String,
    pub text: String,
    pub regex: Option<regex::Regex>,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Symptom {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub patterns: Vec<Pattern>,
    /// Indexes into [`Catalog::causes`], in the catalog's order.
    pub causes: Vec<usize>,
    pub source: String,
    /// Matched lines needed before the symptom is reported from a text or log (1 unless the
    /// catalog says more, for lines healthy systems also print now and then).
    pub min_count: u64,
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub causes: Vec<Cause>,
    pub symptoms: Vec<Symptom>,
}

impl Catalog {
    pub fn symptom(&self, id: &str) -> Option<&Symptom> {
        self.symptoms.iter().find(|s| s.id == id)
    }

    pub fn cause(&self, id: &str) -> Option<&Cause> {
        self.causes.iter().find(|c| c.id == id)
    }

    /// Symptoms whose patterns mention `name` (an exception class such as `CommitFailedException`,
    /// ASCII case ignored), or whose id is `name`.
    pub fn symptoms_named(&self, name: &str) -> Vec<&Symptom> {
        let lower = name.trim().to_ascii_lowercase();
        if lower.len() < 4 {
            return Vec::new();
        }
        self.symptoms.iter().filter(|s| s.id == lower || s.patterns.iter().any(|p| p.text.to_ascii_lowercase().contains(&lower))).collect()
    }

    /// Symptoms one of whose causes reads `key` (its `keys` or a `likely` condition).
    pub fn symptoms_for_key(&self, key: &str) -> Vec<&Symptom> {
        self.symptoms.iter().filter(|s| s.causes.iter().any(|&c| self.causes[c].reads(key))).collect()
    }
}

impl Cause {
    /// Whether this cause names `key`.
    pub fn reads(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
            || self.likely.iter().any(|l| match l {
                Likely::Values { when, .. } => when.iter().any(|c| c.key == key),
                Likely::Relation { key: k, .. } => k.as_deref() == Some(key),
            })
    }
}

/// Parses `KEY OP [VALUE]`: `is default`, `is set`, `is unset`, `== V` (or `== a|b`), `!= V`,
/// `>= N`, `> N`, `<= N`, `< N`, `has even items`, `contains TEXT`.
pub fn parse_condition(text: &str) -> Result<Condition, String> {
    let t = text.trim();
    let (key, rest) = t.split_once(' ').ok_or_else(|| format!("condition `{t}`: expected `KEY OP [VALUE]`"))?;
    let rest = rest.trim();
    let num = |v: &str| v.trim().parse::<i64>().map_err(|_| format!("condition `{t}`: `{}` is not a whole number", v.trim()));
    let op = match rest {
        "is default" => Op::IsDefault,
        "is set" => Op::IsSet,
        "is unset" => Op::IsUnset,
        "has even items" => Op::EvenItems,
        _ => {
            if let Some(v) = rest.strip_prefix("contains ") {
                Op::Contains(v.trim().to_string())
            } else if let Some(v) = rest.strip_prefix("==") {
                Op::Eq(v.split('|').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            } else if let Some(v) = rest.strip_prefix("!=") {
                Op::Ne(v.trim().to_string())
            } else if let Some(v) = rest.strip_prefix(">=") {
                Op::Ge(num(v)?)
            } else if let Some(v) = rest.strip_prefix("<=") {
                Op::Le(num(v)?)
            } else if let Some(v) = rest.strip_prefix('>') {
                Op::Gt(num(v)?)
            } else if let Some(v) = rest.strip_prefix('<') {
                Op::Lt(num(v)?)
            } else {
                return Err(format!("condition `{t}`: unknown operator `{rest}`"));
            }
        }
    };
    if let Op::Eq(v) = &op {
        if v.is_empty() {
            return Err(format!("condition `{t}`: `==` needs a value"));
        }
    }
    Ok(Condition { key: key.to_string(), op, text: t.to_string() })
}

fn role(r: &Option<String>, what: &str) -> Result<Option<Role>, String> {
    match r {
        None => Ok(None),
        Some(r) => Role::parse(r).map(Some).ok_or_else(|| format!("{what}: `{r}` is not a role")),
    }
}

/// Parses and checks a catalog text: unique ids, known clients, conditions, relations, regexes,
/// and every symptom's causes defined.
pub fn parse(text: &str) -> Result<Catalog, String> {
    let file: File = toml_edit::de::from_str(text).map_err(|e| format!("knowledge/symptoms.toml: {e}"))?;
    let mut causes = Vec::with_capacity(file.cause.len());
    for c in file.cause {
        let what = format!("cause `{}`", c.id);
        if causes.iter().any(|x: &Cause| x.id == c.id) {
            return Err(format!("{what} is defined twice"));
        }
        let mut likely = Vec::new();
        for l in &c.likely {
            let r = role(&l.role, &what)?;
            match &l.relation {
                Some(name) => {
                    if !RELATIONS.contains(&name.as_str()) {
                        return Err(format!("{what}: unknown relation `{name}` (known: {})", RELATIONS.join(", ")));
                    }
                    if name == "same-value" && l.key.is_none() {
                        return Err(format!("{what}: relation `same-value` needs `key`"));
                    }
                    likely.push(Likely::Relation { name: name.clone(), role: r, key: l.key.clone() });
                }
                None => {
                    if l.when.is_empty() {
                        return Err(format!("{what}: a `likely` entry needs `when` or `relation`"));
                    }
                    let when = l.when.iter().map(|w| parse_condition(w).map_err(|e| format!("{what}: {e}"))).collect::<Result<_, _>>()?;
                    likely.push(Likely::Values { role: r, when });
                }
            }
        }
        if c.checks.is_empty() {
            return Err(format!("{what}: every cause needs at least one check (a command that confirms or rules it out)"));
        }
        causes.push(Cause {
            id: c.id,
            title: c.title,
            why: c.why.split_whitespace().collect::<Vec<_>>().join(" "),
            rules: c.rules,
            keys: c.keys,
            likely,
            checks: c.checks,
            source: c.source,
        });
    }
    let mut symptoms: Vec<Symptom> = Vec::with_capacity(file.symptom.len());
    for s in file.symptom {
        let what = format!("symptom `{}`", s.id);
        if symptoms.iter().any(|x| x.id == s.id) {
            return Err(format!("{what} is defined twice"));
        }
        let mut patterns = Vec::new();
        for p in s.patterns {
            if !CLIENTS.contains(&p.client.as_str()) {
                return Err(format!("{what}: unknown client `{}` (known: {})", p.client, CLIENTS.join(", ")));
            }
            if p.text.trim().len() < 4 {
                return Err(format!("{what}: pattern `{}` is too short to be specific", p.text));
            }
            let regex = match &p.regex {
                Some(r) => Some(regex::Regex::new(r).map_err(|e| format!("{what}: regex `{r}`: {e}"))?),
                None => None,
            };
            patterns.push(Pattern { client: p.client, text: p.text, regex, source: p.source });
        }
        let mut ids = Vec::new();
        for c in &s.causes {
            let i = causes.iter().position(|x| &x.id == c).ok_or_else(|| format!("{what}: cause `{c}` is not defined"))?;
            if ids.contains(&i) {
                return Err(format!("{what}: cause `{c}` is listed twice"));
            }
            ids.push(i);
        }
        if ids.is_empty() {
            return Err(format!("{what}: no causes"));
        }
        symptoms.push(Symptom {
            id: s.id,
            title: s.title,
            summary: s.summary.split_whitespace().collect::<Vec<_>>().join(" "),
            patterns,
            causes: ids,
            source: s.source,
            min_count: s.min_count.unwrap_or(1).max(1),
        });
    }
    Ok(Catalog { causes, symptoms })
}

/// The embedded catalog, parsed once.
pub fn get() -> Result<&'static Catalog, String> {
    static CATALOG: OnceLock<Result<Catalog, String>> = OnceLock::new();
    CATALOG.get_or_init(|| parse(TEXT)).as_ref().map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_parse() {
        assert_eq!(parse_condition("max.poll.records >= 500").unwrap().op, Op::Ge(500));
        assert_eq!(parse_condition("acks == 0|1").unwrap().op, Op::Eq(vec!["0".into(), "1".into()]));
        assert_eq!(parse_condition("group.instance.id is unset").unwrap().op, Op::IsUnset);
        assert_eq!(parse_condition("listeners contains //localhost:").unwrap().op, Op::Contains("//localhost:".into()));
        assert!(parse_condition("acks ~ 1").is_err());
        assert!(parse_condition("acks").is_err());
        assert!(parse_condition("x >= many").is_err());
    }

    #[test]
    fn bad_catalogs_are_refused() {
        let base = "[[cause]]\nid='c'\ntitle='t'\nwhy='w'\nchecks=['x']\nsource='s'\n";
        assert!(parse(base).is_ok());
        assert!(parse(&format!("{base}[[symptom]]\nid='s'\ntitle='t'\nsummary='s'\ncauses=['nope']\nsource='s'\n"))
            .unwrap_err()
            .contains("not defined"));
        assert!(parse("[[cause]]\nid='c'\ntitle='t'\nwhy='w'\nsource='s'\n").unwrap_err().contains("check"));
        let p = format!("{base}[[symptom]]\nid='s'\ntitle='t'\nsummary='s'\ncauses=['c']\nsource='s'\n[[symptom.patterns]]\nclient='cobol'\ntext='abcdef'\nsource='x'\n");
        assert!(parse(&p).unwrap_err().contains("unknown client"));
        assert!(parse(&format!("{base}bogus=1\n")).is_err());
    }
}
