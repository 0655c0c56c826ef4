use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

use super::SerdeKind;

declare_rule! {
    /// ## What it does
    /// Checks `key.deserializer` and `value.deserializer` against Kafka's own classes in
    /// `org.apache.kafka.common.serialization`: a misspelled class (`StringDeserialiser`), a
    /// class in the wrong package, a serializer where a deserializer belongs, a `Serdes` nested
    /// class, a `.class` suffix, or a class newer than the target Kafka version. It suggests the
    /// class meant. Classes outside Kafka's packages are not judged.
    /// ## Why it fails in production
    /// The consumer loads the class when it is created. A name Java cannot load fails with
    /// `ConfigException: Invalid value org.apache.kafka.common.serialization.StringDeserialiser
    /// for configuration key.deserializer: Class ... could not be found.`; a class of the wrong
    /// kind with `KafkaException: org.apache.kafka.common.serialization.StringSerializer is not
    /// an instance of org.apache.kafka.common.serialization.Deserializer`. Either way the consumer
    /// never starts ("Failed to construct kafka consumer").
    /// ## Example
    /// ```properties,expect_diagnostic
    /// group.id=orders
    /// key.deserializer=org.apache.kafka.common.serialization.StringDeserialiser
    /// value.deserializer=org.apache.kafka.common.serialization.StringSerializer
    /// ```
    /// ## Use instead
    /// ```properties
    /// group.id=orders
    /// key.deserializer=org.apache.kafka.common.serialization.StringDeserializer
    /// value.deserializer=org.apache.kafka.common.serialization.StringDeserializer
    /// ```
    /// ## Fix
    /// Safe when the class meant is clear (one nearest name, the deserializer of a serializer,
    /// the class in its right package): sets it. Otherwise none.
    /// ## Versions
    /// All. The class list is per release: `FloatDeserializer` and `ShortDeserializer` from
    /// 0.11, `UUIDDeserializer` from 2.1, `VoidDeserializer` from 2.5, `ListDeserializer` from 3.0,
    /// `BooleanDeserializer` from 3.5.
    /// ## Source
    /// apache/kafka `clients/src/main/java/org/apache/kafka/common/serialization/`; the javadoc
    /// package pages of each release; `ConfigDef.parseType` (CLASS: "could not be found"),
    /// `AbstractConfig.getConfiguredInstance` ("is not an instance of").
    pub InvalidDeserializerClass {
        id: "consumer/invalid-deserializer-class",
        summary: "key.deserializer or value.deserializer names a Kafka class that cannot be used",
        severity: Error,
        scope: Scope::File(&[Role::Consumer]),
        versions: None => None,
        reads: ["key.deserializer", "value.deserializer"],
        fix: Sometimes,
        source: "org.apache.kafka.common.serialization; ConfigDef.parseType; AbstractConfig.getConfiguredInstance",
    }
}

impl Rule for InvalidDeserializerClass {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        for key in ["key.deserializer", "value.deserializer"] {
            super::report_serde(&META, cx, key, SerdeKind::Deserializer, out);
        }
    }
}
