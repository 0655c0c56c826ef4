use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Lists the keys a producer, consumer or Streams overlay file leaves to whoever loads it:
    /// the serializers or deserializers, `application.id`, `bootstrap.servers`. An overlay is a
    /// client file that is not the whole configuration (see `client/missing-required-key`): a
    /// console tool's `--producer.config`/`--consumer.config` file (the tool sets the
    /// serializers and `--bootstrap-server`), security settings, or a file an application
    /// completes in code. Off by default: most such files are meant that way.
    /// ## Why it fails in production
    /// Only when the file is used as a whole configuration: then the constructor throws
    /// `ConfigException: Missing required configuration "key.serializer" which has no default
    /// value.`
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=producer
    /// bootstrap.servers=localhost:9092
    /// compression.type=none
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=producer
    /// bootstrap.servers=localhost:9092
    /// key.serializer=org.apache.kafka.common.serialization.StringSerializer
    /// value.serializer=org.apache.kafka.common.serialization.StringSerializer
    /// ```
    /// ## Fix
    /// None.
    /// ## Versions
    /// All, per key from the releases where it has no default (knowledge/keys).
    /// ## Source
    /// `ConfigDef.parseValue` (`Missing required configuration`);
    /// `ClientUtils.parseAndValidateAddresses`; Kafka's `config/producer.properties` and
    /// `config/consumer.properties` (overlays for the console tools).
    pub OverlayMissingKey {
        id: "client/overlay-missing-key",
        summary: "an overlay client file leaves keys with no default to whoever loads it",
        severity: Info,
        scope: Scope::File(&[Role::Producer, Role::Consumer, Role::Streams]),
        versions: None => None,
        reads: ["key.serializer", "value.serializer", "key.deserializer", "value.deserializer", "application.id", "bootstrap.servers"],
        fix: None,
        source: "ConfigDef.parseValue; ClientUtils.parseAndValidateAddresses",
        enabled: false,
    }
}

impl Rule for OverlayMissingKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(role) = cx.role() else { return };
        if !super::missing_required_key::java_client(cx) || cx.file.unit.is_some() || super::missing_required_key::is_complete(cx, role) {
            return;
        }
        let missing = super::missing_required_key::missing_keys(cx, role);
        if missing.is_empty() {
            return;
        }
        let list = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        let anchor = cx.anchor(&["bootstrap.servers", "key.serializer", "value.serializer", "key.deserializer", "value.deserializer"]);
        out.report(
            &META,
            cx.id,
            anchor,
            format!(
                "{list} {} left to whoever loads this file: fine for an overlay (a console tool's `--{role}.config`, settings an application adds to its own), not for a whole configuration",
                if missing.len() == 1 { "is" } else { "are" }
            ),
        )
        .key(missing[0])
        .primary_label(format!("{list} not in this file"))
        .help(format!("set {list} if this file is the whole configuration"));
    }
}
