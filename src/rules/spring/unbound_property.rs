use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::Format;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a `spring.kafka.*` name that Spring Boot's `KafkaProperties` does not bind, in any
    /// Spring Boot release line from 1.5 to 4.1, and names the property that was probably meant:
    /// a near miss in the same section (`spring.kafka.producer.key-deserializer` →
    /// `key-serializer`), the same property of another client (`spring.kafka.consumer.acks` →
    /// `spring.kafka.producer.acks`), a Kafka key written as a Spring name
    /// (`spring.kafka.consumer.session-timeout-ms` → `spring.kafka.consumer.properties.session.timeout.ms`),
    /// or a shortened name (`spring.kafka.servers` → `spring.kafka.bootstrap-servers`). Names are
    /// compared as Spring compares them (relaxed binding: `groupId`, `group-id` and `group_id`
    /// are one name). Entries of the `properties` maps, and Spring-only settings (`listener.*`,
    /// `template.*`, `retry.*`, `jaas.*`, `producer.transaction-id-prefix`, `admin.fail-fast`,
    /// `streams.auto-startup`, …) are bound and never flagged.
    /// ## Why it fails in production
    /// Spring Boot ignores a `spring.kafka` name it does not bind, without a warning: the client
    /// starts with Spring's or Kafka's default instead (a producer keeps the `StringSerializer`,
    /// a consumer keeps a 45 s session timeout). A name with no close property is reported as
    /// information only: applications often read their own `spring.kafka.*` names (a topic name)
    /// with `@Value`. So is a property only older Spring Boot lines bind
    /// (`spring.kafka.streams.cache-max-size-buffering`, 2.1 to 3.2; `spring.kafka.retry.topic.delay`,
    /// 2.7 to 3.5): kafkalint does not know the application's Spring Boot version.
    /// ## Example
    /// ```yaml
    /// spring:
    ///   kafka:
    ///     servers: kafka:9092
    ///     producer:
    ///       key-deserializer: org.apache.kafka.common.serialization.LongSerializer
    /// ```
    /// ## Use instead
    /// ```yaml
    /// spring:
    ///   kafka:
    ///     bootstrap-servers: kafka:9092
    ///     producer:
    ///       key-serializer: org.apache.kafka.common.serialization.LongSerializer
    /// ```
    /// ## Fix
    /// Unsafe, when the whole name is written in one place (a `.properties` file or a dotted YAML
    /// key) and a property is suggested: rename it. Check that the suggestion is what was meant.
    /// ## Versions
    /// Spring Boot 1.5 to 4.1 (every Kafka version).
    /// ## Source
    /// spring-projects/spring-boot KafkaProperties.java at the tags v1.5.0.RELEASE to v4.1.0
    /// (knowledge/spring.toml); ConfigurationPropertyName (relaxed binding, v3.5.0).
    pub UnboundProperty {
        id: "spring/unbound-property",
        summary: "a spring.kafka name that Spring Boot does not bind is silently ignored",
        severity: Warning,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: [],
        fix: Sometimes,
        source: "Spring Boot KafkaProperties (v1.5.0 to v4.1.0)",
    }
}

impl Rule for UnboundProperty {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if cx.file.format != Format::Spring {
            return;
        }
        let Some(unit) = &cx.file.unit else { return };
        for u in unit.unmapped.iter().filter(|u| u.kind == "retired-property") {
            let name = &u.written;
            let instead = u.suggestion.as_deref().map(|s| format!("; the newest line binds `{s}`")).unwrap_or_default();
            out.report(&META, cx.id, u.span, format!("`{name}`: {}{instead}", u.reason))
                .severity(Severity::Info)
                .primary_label("ignored by the newest Spring Boot")
                .help(match &u.suggestion {
                    Some(s) => format!("on a newer Spring Boot, write `{s}`"),
                    None => "check which Spring Boot version the application runs".to_string(),
                });
        }
        for u in unit.unmapped.iter().filter(|u| u.kind == "unbound-property") {
            let name = &u.written;
            match &u.suggestion {
                Some(s) => {
                    let whole = cx.text().get(u.span.range()) == Some(name.as_str());
                    out.report(
                        &META,
                        cx.id,
                        u.span,
                        format!("Spring Boot binds no `{name}`: the setting is ignored without a warning; did you mean `{s}`?"),
                    )
                    .primary_label("Spring Boot ignores this name")
                    .help(format!("rename it to `{s}`"))
                    .fix_if(whole, || {
                        Fix::unsafe_(format!("Rename to `{s}`"), vec![Edit { file: cx.id, span: u.span, replacement: s.clone() }])
                    });
                }
                None => {
                    out.report(
                        &META,
                        cx.id,
                        u.span,
                        format!("Spring Boot binds no `{name}`: no Kafka client gets it; fine if the application reads this name itself"),
                    )
                    .severity(Severity::Info)
                    .primary_label("not a Spring Boot property")
                    .help("move application settings out of `spring.kafka`, or suppress this with `# kafkalint: disable=spring/unbound-property`");
                }
            }
        }
    }
}
