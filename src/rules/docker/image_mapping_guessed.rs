use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Notes a compose service whose image kafkalint does not know (a private re-tag or mirror
    /// such as `mycorp/kafka:1.2`, an image built from the repository, an image named by an
    /// unresolved variable) but whose environment sets Kafka broker variables
    /// (`KAFKA_ADVERTISED_LISTENERS`, `KAFKA_BROKER_ID`, `KAFKA_PROCESS_ROLES`, …). kafkalint
    /// reads its `KAFKA_*` variables as Confluent's and Apache's images do (strip `KAFKA_`, `_` →
    /// `.`, `__` → `_`, `___` → `-`, lower case), and says that this mapping is a guess.
    ///
    /// What a guessed service is checked for: only settings written in the file. A finding
    /// stands only when it points at a variable the service sets and every key its rule reads is
    /// set there too; it is at most a warning; findings that depend on the Kafka version
    /// (removed, deprecated, not-yet-available keys, compatibility), on a key's absence
    /// (missing or required keys, defaults) or on the mapping itself (unknown or wrong-role
    /// keys) are dropped. Those need facts the image name would give: the image's defaults
    /// (`log.dirs`), the settings its start script derives (`listeners` from
    /// `advertised.listeners`) or builds (keystores from `*_FILENAME`/`*_CREDENTIALS`
    /// variables), its variables of its own, and its Kafka version.
    /// ## Why it fails in production
    /// It does not fail by itself: the service may be correct, but kafkalint cannot check what
    /// it does not know. An image that reads its variables another way (Bitnami's `KAFKA_CFG_*`,
    /// a custom start script) ignores some of them.
    /// ## Example
    /// ```yaml
    /// services:
    ///   kafka:
    ///     image: mycorp/kafka:1.2
    ///     environment:
    ///       KAFKA_BROKER_ID: 1
    ///       KAFKA_ZOOKEEPER_CONNECT: zookeeper:2181
    /// ```
    /// ## Use instead
    /// ```yaml
    ///     image: confluentinc/cp-kafka:7.6.0
    /// ```
    /// Name the image the service runs when it is one kafkalint knows (a registry host in
    /// front of it is fine: `registry.example.com/confluentinc/cp-kafka:7.6.0`). kafkalint.toml
    /// has no setting that declares an image yet; `[[files]] kafka_version` states the version.
    /// ## Fix
    /// None.
    /// ## Versions
    /// All.
    /// ## Source
    /// The naming convention: confluentinc/common-docker `ub` ConvertKey and apache/kafka
    /// `docker/` KafkaDockerWrapper (see knowledge/images.toml).
    pub ImageMappingGuessed {
        id: "docker/image-mapping-guessed",
        summary: "an unknown image with Kafka broker variables: the variable mapping is a guess",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "confluentinc/common-docker ub ConvertKey; apache/kafka docker KafkaDockerWrapper",
    }
}

impl Rule for ImageMappingGuessed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(u) = super::service(cx).filter(|u| u.image_kind == Some("guess")) else { return };
        let what = match (u.image.as_deref(), u.image_span) {
            (Some(i), _) if i.contains('$') => format!("the image `{i}` names a variable kafkalint cannot resolve"),
            (Some(i), _) => format!("`{i}` is not an image kafkalint knows"),
            (None, _) => format!("service `{}` runs an image kafkalint cannot name (built here or not given)", u.name),
        };
        let span = u.image_span.unwrap_or(u.anchor);
        out.report(
            &META,
            cx.id,
            span,
            format!(
                "{what}: its KAFKA_* variables are read as Confluent's and Apache's images read them (strip `KAFKA_`, `_`→`.`, `__`→`_`, `___`→`-`), a guess; only values written here are checked, as warnings"
            ),
        )
        .primary_label("unknown image")
        .help("findings that need the image's defaults, derived settings or Kafka version are not reported; name a known image (a registry host in front is fine) to have the service checked fully");
    }
}
