use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a KRaft node (`KAFKA_PROCESS_ROLES` set) on a Confluent image (`confluentinc/cp-kafka`,
    /// `cp-server`) without `CLUSTER_ID`. The image's configure script requires it to format the
    /// storage; `KAFKA_CLUSTER_ID` is not read (it would become the unknown key `cluster.id`).
    /// ## Why it fails in production
    /// The container exits at start-up with `CLUSTER_ID is required.` and restarts in a loop.
    /// ## Example
    /// ```yaml
    /// services:
    ///   kafka:
    ///     image: confluentinc/cp-kafka:7.6.0
    ///     environment:
    ///       KAFKA_PROCESS_ROLES: broker,controller
    /// ```
    /// ## Use instead
    /// ```yaml
    ///     environment:
    ///       KAFKA_PROCESS_ROLES: broker,controller
    ///       CLUSTER_ID: MkU3OEVBNTcwNTJENDM2Qk
    /// ```
    /// ## Fix
    /// None: generate the id with `kafka-storage random-uuid` and use the same one on every node.
    /// ## Versions
    /// Confluent Platform 7.4 (Kafka 3.4) and later; before 7.4 the image's start script has no
    /// KRaft mode at all.
    /// ## Source
    /// confluentinc/kafka-images `kafka/include/etc/confluent/docker/configure` (`ensure CLUSTER_ID`).
    pub KraftWithoutClusterId {
        id: "docker/kraft-without-cluster-id",
        summary: "a KRaft node on a Confluent image without CLUSTER_ID: the container exits at start-up",
        severity: Error,
        scope: Scope::File(&[crate::model::Role::Broker]),
        versions: None => None,
        reads: ["process.roles"],
        fix: None,
        source: "confluentinc/kafka-images kafka/include/etc/confluent/docker/configure",
    }
}

impl Rule for KraftWithoutClusterId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(u) = super::service(cx) else { return };
        if u.image_kind != Some("confluent") || u.wrapped || u.env_names.iter().any(|n| n == "CLUSTER_ID") {
            return;
        }
        // The check is in the image's configure from Confluent Platform 7.4 (Kafka 3.4) on.
        if u.release.is_none_or(|r| !r.at_least("3.4")) {
            return;
        }
        let Some(roles) = cx.explicit("process.roles") else { return };
        if crate::model::is_placeholder(&roles.value) || roles.value.trim().is_empty() {
            return;
        }
        let wrong = u.env_names.iter().find(|n| *n == "KAFKA_CLUSTER_ID" || *n == "KAFKA_KRAFT_CLUSTER_ID");
        let help = match wrong {
            Some(w) => format!("rename `{w}` to `CLUSTER_ID` (the image reads only that name)"),
            None => "set `CLUSTER_ID` (from `kafka-storage random-uuid`), the same on every node of the cluster".to_string(),
        };
        out.report(
            &META,
            cx.id,
            roles.key_span,
            format!(
                "a KRaft node on the {} image without `CLUSTER_ID`: the container exits with `CLUSTER_ID is required.`",
                u.image.as_deref().unwrap_or("Confluent")
            ),
        )
        .key("process.roles")
        .primary_label("KRaft mode")
        .help(help);
    }
}
