use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Notes a Kafka service whose image has no tag or the `latest` tag, and says which release
    /// the tag resolves to today (kafkalint checks the service against that release).
    /// ## Why it fails in production
    /// The next `docker compose pull` may bring a new major release: Confluent Platform 8 and
    /// Kafka 4 dropped ZooKeeper, so a ZooKeeper-based compose file that worked yesterday stops
    /// starting.
    /// ## Example
    /// ```yaml
    /// services:
    ///   kafka:
    ///     image: confluentinc/cp-kafka:latest
    /// ```
    /// ## Use instead
    /// ```yaml
    ///     image: confluentinc/cp-kafka:7.9.0
    /// ```
    /// ## Fix
    /// None: pin the release you tested.
    /// ## Versions
    /// All.
    /// ## Source
    /// Docker's tag semantics; the release each image's `latest` resolves to is in
    /// knowledge/images.toml.
    pub ImageTagMoves {
        id: "docker/image-tag-moves",
        summary: "the image is untagged or `latest`: the Kafka release changes with the next pull",
        severity: Info,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "docker image tags; knowledge/images.toml",
    }
}

impl Rule for ImageTagMoves {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(u) = super::service(cx) else { return };
        let (Some(note), Some(span)) = (&u.version_note, u.image_span) else { return };
        out.report(&META, cx.id, span, format!("`{}`: {note}", u.image.as_deref().unwrap_or_default()))
            .primary_label("a moving tag")
            .help("pin the image to the release you tested");
    }
}
