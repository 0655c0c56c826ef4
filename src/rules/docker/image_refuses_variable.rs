use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags an environment variable that the service's broker image refuses: its start script
    /// prints a message and exits before Kafka starts. Confluent's `cp-kafka`/`cp-server` images
    /// refuse `KAFKA_PORT`, `KAFKA_HOST`, `KAFKA_ADVERTISED_PORT` and `KAFKA_ADVERTISED_HOST`.
    /// ## Why it fails in production
    /// The container exits at once with `port is deprecated. Please use
    /// KAFKA_ADVERTISED_LISTENERS instead.` and restarts in a loop; nothing listens.
    /// ## Example
    /// ```yaml
    /// services:
    ///   kafka:
    ///     image: confluentinc/cp-kafka:7.6.0
    ///     environment:
    ///       KAFKA_PORT: 9092
    /// ```
    /// ## Use instead
    /// ```yaml
    ///     environment:
    ///       KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
    /// ```
    /// ## Fix
    /// None: the listener to advertise is yours to name.
    /// ## Versions
    /// Every version of the images that refuse the variable.
    /// ## Source
    /// confluentinc/kafka-images `kafka/include/etc/confluent/docker/configure` (7.x, 8.x).
    pub ImageRefusesVariable {
        id: "docker/image-refuses-variable",
        summary: "the broker image refuses this environment variable and exits at start-up",
        severity: Error,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "confluentinc/kafka-images kafka/include/etc/confluent/docker/configure",
    }
}

impl Rule for ImageRefusesVariable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(u) = super::service(cx) else { return };
        if u.wrapped {
            return; // a script of the service's own runs first and may change the checks
        }
        for m in u.unmapped.iter().filter(|m| m.kind == "refused-variable") {
            let b = out.report(&META, cx.id, m.span, m.reason.clone()).primary_label("the container exits when this is set");
            match &m.suggestion {
                Some(s) => b.help(format!("remove `{}`; say where the broker listens with `{s}`", m.written)),
                None => b.help(format!("remove `{}`", m.written)),
            };
        }
    }
}
