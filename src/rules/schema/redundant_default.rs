use crate::diagnostic::Fix;
use crate::knowledge::validators::{parse_typed, Typed};
use crate::knowledge::DefaultVal;
use crate::model::is_placeholder;
use crate::rules::schema::keys::Class;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Notes a value equal to the target version's default. Off by default: turn it on
    /// (`"schema/redundant-default" = "info"` in kafkalint.toml) to clean up configuration files.
    /// ## Why it fails in production
    /// It does not fail; but a file that restates defaults hides the settings that matter, and
    /// pins values that a later Kafka release changes for good reasons (`acks`, `linger.ms`,
    /// `session.timeout.ms` all changed defaults).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=consumer
    /// enable.auto.commit=true
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=consumer
    /// enable.auto.commit=false
    /// ```
    /// ## Fix
    /// Safe: deletes the line (the effective value stays the same in the target version).
    /// ## Versions
    /// All.
    /// ## Source
    /// Kafka's generated configuration docs (defaults per release, knowledge/keys).
    pub RedundantDefault {
        id: "schema/redundant-default",
        summary: "a value equal to the target version's default",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: Always,
        source: "Kafka configuration docs (defaults per release)",
        enabled: false,
    }
}

/// Two texts mean the same value of a type.
fn same(ty: &str, a: &str, b: &str) -> bool {
    match (parse_typed(ty, a), parse_typed(ty, b)) {
        (Ok(Typed::Int(x)), Ok(Typed::Int(y))) => x == y,
        (Ok(Typed::Bool(x)), Ok(Typed::Bool(y))) => x == y,
        (Ok(Typed::Double(x)), Ok(Typed::Double(y))) => x == y,
        (Ok(Typed::List(x)), Ok(Typed::List(y))) => x == y,
        (Ok(Typed::Str(x)), Ok(Typed::Str(y))) => x == y,
        _ => false,
    }
}

impl Rule for RedundantDefault {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let release = cx.release();
        for &(key, i, class) in cx.keys() {
            let e = &cx.file.doc.entries[i];
            let Class::Known(info) = class else { continue };
            if !info.def.exists_in(release) || is_placeholder(&e.value) {
                continue;
            }
            let (Some(DefaultVal::Value(d)), Some(ty)) = (info.def.default_in(release), info.def.ty_in(release)) else { continue };
            if !same(ty.name(), &e.value, d) {
                continue;
            }
            out.report(&META, cx.id, e.value_span, format!("`{key}` is set to its default in Kafka {release}"))
                .key(key)
                .help("remove the line to follow Kafka's default")
                .fix(Fix::safe(format!("Remove `{key}`"), vec![cx.delete_entry(e)]));
        }
    }
}
