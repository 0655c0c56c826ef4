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
    ///
    /// An admin file is always read as an overlay (Kafka's tools take it with `--command-config`
    /// and `--bootstrap-server`, or `--bootstrap-controller` from 3.7): it is listed here when it
    /// sets neither `bootstrap.servers` nor (3.7+) `bootstrap.controllers`.
    /// ## Why it fails in production
    /// Only when the file is used as a whole configuration: then the constructor throws
    /// `ConfigException: Missing required configuration "key.serializer" which has no default
    /// value.` An admin client built from a file with neither bootstrap key: before 3.7 the same
    /// `Missing required configuration "bootstrap.servers"` (`AdminClientConfig` gives it no
    /// default), from 3.7 `ConfigException: You must set either bootstrap.servers or
    /// bootstrap.controllers` (`AdminBootstrapAddresses.fromConfig`; both keys default to an
    /// empty list, verified at apache/kafka tags 3.6.0, 3.7.0 and 3.8.0).
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
    /// `config/consumer.properties` (overlays for the console tools); `AdminClientConfig`,
    /// `AdminBootstrapAddresses.fromConfig` (3.7+).
    pub OverlayMissingKey {
        id: "client/overlay-missing-key",
        summary: "an overlay client file leaves keys with no default to whoever loads it",
        severity: Info,
        scope: Scope::File(&[Role::Producer, Role::Consumer, Role::Streams, Role::Admin]),
        versions: None => None,
        reads: ["key.serializer", "value.serializer", "key.deserializer", "value.deserializer", "application.id", "bootstrap.servers", "bootstrap.controllers"],
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
        if role == Role::Admin {
            admin_without_bootstrap(cx, out);
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

/// An admin file with neither `bootstrap.servers` nor (3.7+) `bootstrap.controllers`.
fn admin_without_bootstrap(cx: &FileCtx<'_>, out: &mut Sink) {
    let release = cx.release();
    let controllers = release.at_least("3.7");
    // Set, or left to a placeholder: either way not this rule's concern.
    let given = |k: &str| cx.explicit(k).is_some_and(|e| !e.value.trim().is_empty());
    if given("bootstrap.servers") || (controllers && given("bootstrap.controllers")) {
        return;
    }
    let (what, kafka_says) = if controllers {
        (
            "neither `bootstrap.servers` nor `bootstrap.controllers` is set",
            "an admin client built from it alone fails: `You must set either bootstrap.servers or bootstrap.controllers`",
        )
    } else {
        (
            "`bootstrap.servers` is not set",
            "an admin client built from it alone fails: `Missing required configuration \"bootstrap.servers\" which has no default value`",
        )
    };
    let anchor = cx.anchor(&["bootstrap.servers", "bootstrap.controllers"]);
    out.report(
        &META,
        cx.id,
        anchor,
        format!("{what}: fine for a tool's `--command-config` file (`--bootstrap-server` gives it), but {kafka_says}"),
    )
    .key("bootstrap.servers")
    .primary_label(format!("{what} in this file"))
    .help(if controllers {
        "set `bootstrap.servers` (brokers) or `bootstrap.controllers` (controllers) if this file is the whole configuration"
    } else {
        "set `bootstrap.servers` if this file is the whole configuration"
    });
}
