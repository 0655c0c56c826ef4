//! What a key is for a file: known for its role, accepted by a pattern, another role's key, another
//! client's spelling, or unknown; and the nearest known key, for did-you-mean.

use crate::knowledge::{self, glob_match, AliasDef, ClientLib, KeyDef};
use crate::model::{lookup, KeyInfo, LintFile, Role};
use crate::version::Release;

/// Keys every role accepts whatever the version: config providers (KIP-297, KIP-421).
const ANY_ROLE_PATTERNS: &[&str] = &["config.providers", "config.providers.*"];

#[derive(Debug, Clone, Copy)]
pub enum Class {
    /// Known for the role (maybe not in the target version).
    Known(KeyInfo),
    /// Accepted by a documented pattern or the config's `[keys] allow`.
    Accepted,
    /// Another spelling of a Java key (librdkafka, Spring-style).
    Alias(&'static AliasDef),
    /// A librdkafka property with no Java counterpart listed.
    Librdkafka,
    /// Not this role's key, but another role's.
    OtherRole(Role, &'static KeyDef),
    /// A topic-level key in a broker file whose broker-level name differs.
    TopicInBroker(&'static KeyDef),
    Unknown,
}

/// Whether a kind's patterns accept the key, for a role (own kinds and pass-through prefixes).
fn pattern_accepts(role: Role, key: &str) -> bool {
    if ANY_ROLE_PATTERNS.iter().any(|g| glob_match(g, key)) {
        return true;
    }
    let direct = role.kinds().iter().filter_map(|k| knowledge::kind(k)).any(|t| t.pattern_for(key).is_some());
    if direct {
        return true;
    }
    role.passthrough().iter().any(|(prefix, kind)| {
        !prefix.is_empty()
            && key.strip_prefix(prefix).is_some_and(|rest| {
                let kinds: &[&str] = if *kind == "topic" { &["topic"] } else { &[kind, "client-extra"] };
                kinds.iter().filter_map(|k| knowledge::kind(k)).any(|t| t.pattern_for(rest).is_some())
            })
    })
}

pub fn allowed_by_config(file: &LintFile, key: &str) -> bool {
    file.allow.iter().any(|g| glob_match(g, key))
}

/// The classes of a file's keys worked out for an earlier text of it, as a caller that re-reads
/// a few lines at a time keeps them (the language server, on every keystroke): by entry of the
/// new text, `None` for an entry read again or not a last occurrence then. [`classify`] is a
/// function of the key, the role, the version and the allowed keys alone: these classes are
/// taken only when the file has the same role, version and allowed keys.
#[derive(Debug, Clone)]
pub struct ClassPrior {
    pub role: Role,
    pub release: Release,
    pub allow: Vec<String>,
    pub by_entry: Vec<Option<Class>>,
}

/// Every key set in a file with a role (its last occurrence), in file order, by entry index, with
/// its class ([`classify`]); worked out once per file, and only for the entries a
/// [`ClassPrior`] of the file does not give.
pub fn classes(file: &LintFile, role: Role) -> &[(usize, Class)] {
    file.classes.get_or_init(|| {
        let entries = &file.doc.entries;
        let mut last = vec![false; entries.len()];
        for &i in file.last.values() {
            if let Some(l) = last.get_mut(i) {
                *l = true;
            }
        }
        let prior = file
            .classes_prior
            .as_ref()
            .filter(|p| p.role == role && p.release == file.release && p.allow == file.allow && p.by_entry.len() == entries.len());
        entries
            .iter()
            .enumerate()
            .filter(|&(i, _)| last[i])
            .map(|(i, e)| {
                let known = prior.and_then(|p| p.by_entry[i]);
                debug_assert!(
                    known.is_none_or(|k| format!("{k:?}") == format!("{:?}", classify(file, role, &e.key))),
                    "the class kept for `{}`",
                    e.key
                );
                (i, known.unwrap_or_else(|| classify(file, role, &e.key)))
            })
            .collect()
    })
}

/// Classifies a key of a file with a role.
pub fn classify(file: &LintFile, role: Role, key: &str) -> Class {
    if let Some(info) = lookup(role, key, file.release) {
        return Class::Known(info);
    }
    if pattern_accepts(role, key) || allowed_by_config(file, key) {
        return Class::Accepted;
    }
    if role == Role::Broker {
        if let Some(def) = knowledge::kind("topic").and_then(|t| t.get(key)) {
            if def.server_default.is_some_and(|s| s != key) {
                return Class::TopicInBroker(def);
            }
        }
    }
    // The nearest roles first: a client file's stray key is more likely another client's.
    let order: [Role; 7] = if role.is_client() {
        [Role::Producer, Role::Consumer, Role::Admin, Role::Streams, Role::ConnectWorker, Role::Topic, Role::Broker]
    } else {
        [Role::Topic, Role::Broker, Role::Producer, Role::Consumer, Role::Admin, Role::Streams, Role::ConnectWorker]
    };
    // Among the roles that know the key, prefer one where it exists in the target version, then
    // the one where it lived longest (`zookeeper.connect`: a broker key, once also Streams').
    let mut best: Option<(Role, &'static KeyDef)> = None;
    for other in order {
        if other == role || (role == Role::Streams && other.is_client() && other != Role::ConnectWorker) {
            continue;
        }
        let own = other.kinds().iter().filter(|k| !k.ends_with("-extra")).filter_map(|k| knowledge::kind(k)).find_map(|t| t.get(key));
        if let Some(def) = own {
            let score = |d: &KeyDef| (d.exists_in(file.release), d.versions.last().map_or(0, |r| r.1));
            if best.is_none_or(|(_, b)| score(def) > score(b)) {
                best = Some((other, def));
            }
        }
    }
    if let Some((other, def)) = best {
        return Class::OtherRole(other, def);
    }
    if let Some(a) = knowledge::alias(key) {
        return Class::Alias(a);
    }
    if role.is_client() && knowledge::client_lib("librdkafka").and_then(|l| l.get(key)).is_some() {
        return Class::Librdkafka;
    }
    Class::Unknown
}

/// Spring-style and other relaxed spellings: `bootstrap-servers`, `bootstrap_servers`,
/// `bootstrapServers`, `BOOTSTRAP.SERVERS` → `bootstrap.servers`.
pub fn relaxed(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut prev_lower = false;
    for c in key.chars() {
        if c == '-' || c == '_' {
            out.push('.');
            prev_lower = false;
        } else if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('.');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// Key names a role knows (any version), with pass-through prefixes; computed once per role.
pub fn role_key_names(role: Role) -> &'static [String] {
    static CACHE: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    let all = CACHE.get_or_init(|| Role::ALL.iter().map(|&r| compute_role_key_names(r)).collect());
    let i = Role::ALL.iter().position(|&r| r == role).unwrap_or(0);
    &all[i]
}

fn compute_role_key_names(role: Role) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for kind in role.kinds() {
        if let Some(t) = knowledge::kind(kind) {
            names.extend(t.keys.iter().map(|k| k.name.to_string()));
        }
    }
    for (prefix, kind) in role.passthrough() {
        if prefix.is_empty() {
            continue;
        }
        if let Some(t) = knowledge::kind(kind) {
            names.extend(t.keys.iter().map(|k| format!("{prefix}{}", k.name)));
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The nearest key a role knows: a relaxed-spelling match (exact), else the closest by edit
/// distance within a small bound.
pub fn suggest(role: Role, key: &str, release: Release) -> Option<(String, bool)> {
    let names = role_key_names(role);
    let relaxed_key = relaxed(key);
    if relaxed_key != key && names.binary_search(&relaxed_key).is_ok() {
        return Some((relaxed_key, true));
    }
    let lower = key.to_ascii_lowercase();
    let bound = match key.len() {
        0..=6 => 1,
        7..=15 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, bool, &String)> = None;
    for n in names {
        if n.len().abs_diff(lower.len()) > bound {
            continue;
        }
        let d = strsim::damerau_levenshtein(&lower, n);
        if d == 0 || d > bound {
            continue;
        }
        // Prefer keys that exist in the target version.
        let exists = lookup(role, n, release).is_some_and(|i| i.def.exists_in(release));
        if best.is_none_or(|(bd, be, _)| (d, !exists) < (bd, !be)) {
            best = Some((d, exists, n));
        }
    }
    best.map(|(_, _, n)| (n.clone(), false))
}

/// A librdkafka property's record, when the file is declared as a librdkafka client.
pub fn declared_librdkafka(file: &LintFile) -> Option<(&'static ClientLib, Option<usize>)> {
    let client = file.client.as_deref()?;
    let (lib, version) = client.split_once('@').unwrap_or((client, ""));
    if lib != "librdkafka" {
        return None;
    }
    let l = knowledge::client_lib("librdkafka")?;
    Some((l, l.release(version)))
}

/// Whether Kafka refuses the file's unknown names instead of ignoring them: a topic
/// configuration, which `LogConfig.validateNames` checks when the topic is created or altered
/// (`InvalidConfigurationException: Unknown topic config name: …`; apache/kafka
/// `LogConfig.validateNames`, core up to 3.5 and storage from 3.6, read at 3.6.0 and 3.9).
/// Client, broker, Streams and Connect configurations log unknown keys and go on.
pub(crate) fn topic_refuses(file: &LintFile) -> bool {
    file.role == Some(Role::Topic)
}

/// The words of a topic refusal, for messages.
pub(crate) fn topic_refusal(key: &str) -> String {
    format!("Kafka refuses the topic configuration (`InvalidConfigurationException: Unknown topic config name: {key}`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxed_spellings() {
        assert_eq!(relaxed("bootstrap-servers"), "bootstrap.servers");
        assert_eq!(relaxed("bootstrapServers"), "bootstrap.servers");
        assert_eq!(relaxed("max_poll_records"), "max.poll.records");
    }

    #[test]
    fn suggestions() {
        let v = Release::newest();
        assert_eq!(suggest(Role::Consumer, "bootstrap-servers", v), Some(("bootstrap.servers".into(), true)));
        assert_eq!(suggest(Role::Consumer, "max.pol.records", v), Some(("max.poll.records".into(), false)));
        assert_eq!(suggest(Role::Producer, "lingerms", v).map(|s| s.0), Some("linger.ms".into()));
        assert_eq!(suggest(Role::Consumer, "totally.unrelated.setting", v), None);
    }
}
