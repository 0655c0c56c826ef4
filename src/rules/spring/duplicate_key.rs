use crate::formats::Format;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a key written twice in one YAML mapping of a Spring Boot application file.
    /// ## Why it fails in production
    /// Spring Boot loads YAML with SnakeYAML's duplicate-key check on (Spring Boot 2.1 and
    /// later): the application refuses to start with a `DuplicateKeyException` ("found duplicate
    /// key"), whichever value was meant.
    /// ## Example
    /// ```yaml
    /// spring:
    ///   kafka:
    ///     consumer:
    ///       group-id: orders
    ///       group-id: payments
    /// ```
    /// ## Use instead
    /// ```yaml
    /// spring:
    ///   kafka:
    ///     consumer:
    ///       group-id: payments
    /// ```
    /// ## Fix
    /// None: decide which value is meant and delete the other line.
    /// ## Versions
    /// Spring Boot 2.1 and later (every Kafka version).
    /// ## Source
    /// spring-projects/spring-boot OriginTrackedYamlLoader.java (`loaderOptions.setAllowDuplicateKeys(false)`,
    /// tags v2.1.0.RELEASE to v3.5.0: spring-boot-project/spring-boot/src/main/java/org/springframework/boot/env/OriginTrackedYamlLoader.java).
    pub DuplicateKey {
        id: "spring/duplicate-key",
        summary: "a YAML key is set twice in one mapping; Spring Boot refuses the file",
        severity: Error,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: None,
        source: "Spring Boot OriginTrackedYamlLoader (SnakeYAML allowDuplicateKeys=false)",
    }
}

impl Rule for DuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if cx.file.format != Format::Spring {
            return;
        }
        let Some(unit) = &cx.file.unit else { return };
        for u in unit.unmapped.iter().filter(|u| u.kind == "duplicate-key") {
            out.report(
                &META,
                cx.id,
                u.span,
                format!("`{}` is set twice in one YAML mapping: Spring Boot refuses to start (DuplicateKeyException)", u.written),
            )
            .primary_label("set again here")
            .label(cx.id, u.value_span, None, "first set here")
            .help("keep one of the two keys");
        }
    }
}
