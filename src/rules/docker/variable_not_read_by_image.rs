use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags an environment variable of a broker service that the service's image never reads:
    /// a variable of another image (`KAFKA_CFG_*` on `confluentinc/cp-kafka`,
    /// `KAFKA_ADVERTISED_HOST_NAME` on `bitnami/kafka`, `KAFKA_CREATE_TOPICS` on `apache/kafka`),
    /// or, on `bitnami/kafka`, a `KAFKA_*` setting that is not written as `KAFKA_CFG_*` (Bitnami
    /// reads Kafka settings only from `KAFKA_CFG_*` and a few legacy aliases).
    /// ## Why it fails in production
    /// The setting is silently ignored: the broker runs with the image's or Kafka's default, and
    /// the compose file says something else. Copying variables between images is the usual way
    /// this happens.
    /// ## Example
    /// ```yaml
    /// services:
    ///   kafka:
    ///     image: bitnami/kafka:3.7
    ///     environment:
    ///       KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER
    /// ```
    /// ## Use instead
    /// ```yaml
    ///     environment:
    ///       KAFKA_CFG_CONTROLLER_LISTENER_NAMES: CONTROLLER
    /// ```
    /// ## Fix
    /// None: renaming changes what the broker runs with; review it.
    /// ## Versions
    /// All.
    /// ## Source
    /// Each image's start scripts: confluentinc/kafka-images `kafka.properties.template`
    /// (env_to_props `KAFKA_`), apache/kafka `docker/resources/common-scripts/`, bitnami/containers
    /// `bitnami/kafka/*/debian-12/rootfs/opt/bitnami/scripts/libkafka.sh`
    /// (`kafka_configure_from_environment_variables`, `kafka_create_alias_environment_variables`),
    /// wurstmeister/kafka-docker `start-kafka.sh`.
    pub VariableNotReadByImage {
        id: "docker/variable-not-read-by-image",
        summary: "the image never reads this environment variable: the setting is silently ignored",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "the image's start scripts (knowledge/images.toml)",
    }
}

impl Rule for VariableNotReadByImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(u) = super::service(cx) else { return };
        for m in u.unmapped.iter().filter(|m| m.kind == "foreign-variable" || m.kind == "unknown-variable") {
            let b = out.report(&META, cx.id, m.span, m.reason.clone()).primary_label("ignored by this image");
            match &m.suggestion {
                Some(s) => b.help(format!("write it as `{s}`, or remove `{}`", m.written)),
                None => b.help(format!("remove `{}`, or set what it means the way this image reads it", m.written)),
            };
        }
    }
}
