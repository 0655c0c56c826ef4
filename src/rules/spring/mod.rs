//! Spring Boot application files: `spring.kafka.*` names Spring Boot does not bind, YAML it refuses.
pub mod duplicate_key;
pub mod unbound_property;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[&duplicate_key::DuplicateKey, &unbound_property::UnboundProperty];

/// Which findings stand on a Spring profile's file (`application-prod.yml`) whose units carry the
/// default application file's settings as platform defaults (`UnitMeta::over_file`): a finding
/// about a key the profile's file sets (its key, or the key of one of its labels in this file: a
/// session timeout the profile lowers under a heartbeat the default file sets), a finding of the
/// spring family, or one that names no key and points at a setting of the profile's file. Any
/// other finding judges only the default file's settings (rules may anchor it on any line of the
/// unit), which the default file's own unit reports there.
pub fn keep_over_default(files: &[crate::model::LintFile], d: &crate::diagnostic::Diagnostic) -> bool {
    let Some(f) = files.get(d.file()) else { return true };
    if f.unit.as_ref().is_none_or(|u| u.over_file.is_none()) || d.rule.family() == "spring" {
        return true;
    }
    let own = |k: &str| f.doc.entries.iter().any(|e| e.key == k);
    let keys: Vec<&str> = std::iter::once(d.key.as_deref())
        .chain(std::iter::once(d.primary.key.as_deref()))
        .chain(d.related.iter().filter(|l| l.file == d.file()).map(|l| l.key.as_deref()))
        .flatten()
        .collect();
    if keys.is_empty() {
        return f.doc.entries.iter().any(|e| e.span.contains(d.primary.span));
    }
    keys.iter().any(|k| own(k))
}
