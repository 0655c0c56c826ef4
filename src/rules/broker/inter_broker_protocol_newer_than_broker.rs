use crate::diagnostic::{Fix, Severity};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::Version;

declare_rule! {
    /// ## What it does
    /// Flags an `inter.broker.protocol.version` newer than the broker's own release (for example
    /// `3.6` on a 3.5 broker, typical of a rollback or of a file copied from a newer cluster).
    /// Values the key's validator rejects outright are left to `schema/invalid-value`.
    /// ## Why it fails in production
    /// A broker cannot speak a protocol it does not know. Up to 2.1, which document no list of
    /// accepted values, Kafka refuses to start: ``IllegalArgumentException: Version `2.5` is not a
    /// valid version``. From 2.2 the validator also accepts the release under development (for
    /// example `3.8-IV0` on 3.7, `4.0-IV0` on 3.9): the broker then runs an unreleased protocol
    /// that no other release line shares (a warning).
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=2.0
    /// inter.broker.protocol.version=2.3
    /// ```
    /// ## Use instead
    /// ```properties,kafka-version=2.0
    /// inter.broker.protocol.version=2.0
    /// ```
    /// ## Fix
    /// Unsafe: sets the broker's own release line (during a rolling upgrade keep the old
    /// version until every broker runs the new release, then raise it).
    /// ## Versions
    /// 0.10.0 to 3.9 (the key was removed in 4.0; in KRaft mode `metadata.version` replaces it).
    /// ## Source
    /// `kafka.api.ApiVersion.apply` (2.x) / `MetadataVersion.fromVersionString` (3.x);
    /// `ApiVersionValidator` / `MetadataVersionValidator`; upgrade notes ("rolling upgrade").
    pub InterBrokerProtocolNewerThanBroker {
        id: "broker/inter-broker-protocol-newer-than-broker",
        summary: "inter.broker.protocol.version is newer than the broker",
        severity: Error,
        scope: Scope::File(&[Role::Broker]),
        versions: None => Some("3.9"),
        reads: ["inter.broker.protocol.version"],
        fix: Always,
        source: "ApiVersion.apply / MetadataVersion.fromVersionString; ApiVersionValidator",
    }
}

/// The release line a protocol version names (`3.6-IV2` → `3.6`, `0.10.2-IV0` → `0.10.2`,
/// `2.8.1` → `2.8`), as `ApiVersion.apply` keys it.
fn line_of(text: &str) -> Option<Version> {
    let n = if text.starts_with("0.") { 3 } else { 2 };
    let key: Vec<&str> = text.split('.').take(n).collect();
    let key = key.join(".");
    let short = key.split_once("-IV").map_or(key.as_str(), |(s, _)| s);
    Version::parse(short)
}

impl Rule for InterBrokerProtocolNewerThanBroker {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(v) = cx.get("inter.broker.protocol.version") else { return };
        let Some(entry) = v.entry() else { return };
        if crate::model::is_placeholder(&v.text) {
            return;
        }
        let Some(line) = line_of(&v.text) else { return };
        let broker = cx.release().version();
        if line <= broker {
            return;
        }
        let validator = v.info.and_then(|i| i.def.valid_in(cx.release())).and_then(|d| d.validator);
        let listed = match validator {
            Some(val @ crate::knowledge::Validator::KafkaVersion(_)) => {
                if val.check(&v.text).is_err() {
                    return; // schema/invalid-value reports it
                }
                true
            }
            _ => false,
        };
        let release = cx.release();
        let (msg, sev) = if listed {
            (
                format!("`inter.broker.protocol.version={}` names a version newer than this Kafka {release} broker: an unreleased development protocol", v.text),
                Severity::Warning,
            )
        } else {
            (
                format!("`inter.broker.protocol.version={}` is newer than this Kafka {release} broker: Kafka refuses to start", v.text),
                Severity::Error,
            )
        };
        out.report(&META, cx.id, entry.value_span, msg)
            .key("inter.broker.protocol.version")
            .severity(sev)
            .help(format!("set `inter.broker.protocol.version` to the version every broker of the cluster runs, at most {release}"))
            .fix(Fix::unsafe_(format!("Set `inter.broker.protocol.version={release}`"), vec![cx.replace_value(entry, release.name())]));
    }
}
