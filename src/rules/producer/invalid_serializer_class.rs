use crate::model::Role;
use crate::rules::consumer::SerdeKind;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks `key.serializer` and `value.serializer` against Kafka's own classes in
    /// `org.apache.kafka.common.serialization`: a misspelled class (`StringSerialiser`), a class
    /// in the wrong package, a deserializer where a serializer belongs, a `Serdes` nested class,
    /// a `.class` suffix, or a class newer than the target Kafka version. It suggests the class
    /// meant. Classes outside Kafka's packages are not judged.
    /// ## Why it fails in production
    /// The producer loads the class when it is created. A name Java cannot load fails with
    /// `ConfigException: Invalid value org.apache.kafka.common.serialization.StringSerialiser for
    /// configuration key.serializer: Class ... could not be found.`; a class of the wrong kind with
    /// `KafkaException: org.apache.kafka.common.serialization.StringDeserializer is not an instance
    /// of org.apache.kafka.common.serialization.Serializer`. Either way the producer never starts
    /// ("Failed to construct kafka producer").
    /// ## Example
    /// ```properties,expect_diagnostic
    /// key.serializer=org.apache.kafka.common.serialization.StringDeserializer
    /// value.serializer=org.apache.kafka.common.serialization.ByteArraySerializer
    /// ```
    /// ## Use instead
    /// ```properties
    /// key.serializer=org.apache.kafka.common.serialization.StringSerializer
    /// value.serializer=org.apache.kafka.common.serialization.ByteArraySerializer
    /// ```
    /// ## Fix
    /// Safe when the class meant is clear (one nearest name, the serializer of a deserializer,
    /// the class in its right package): sets it. Otherwise none.
    /// ## Versions
    /// All. The class list is per release: `FloatSerializer` and `ShortSerializer` from 0.11,
    /// `UUIDSerializer` from 2.1, `VoidSerializer` from 2.5, `ListSerializer` from 3.0,
    /// `BooleanSerializer` from 3.5.
    /// ## Source
    /// apache/kafka `clients/src/main/java/org/apache/kafka/common/serialization/`; the javadoc
    /// package pages of each release; `ConfigDef.parseType` (CLASS: "could not be found"),
    /// `AbstractConfig.getConfiguredInstance` ("is not an instance of").
    pub InvalidSerializerClass {
        id: "producer/invalid-serializer-class",
        summary: "key.serializer or value.serializer names a Kafka class that cannot be used",
        severity: Error,
        scope: Scope::File(&[Role::Producer]),
        versions: None => None,
        reads: ["key.serializer", "value.serializer"],
        fix: Sometimes,
        source: "org.apache.kafka.common.serialization; ConfigDef.parseType; AbstractConfig.getConfiguredInstance",
    }
}

impl Rule for InvalidSerializerClass {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        for key in ["key.serializer", "value.serializer"] {
            crate::rules::consumer::report_serde(&META, cx, key, SerdeKind::Serializer, out);
        }
    }
}
