//! Client library and version against the cluster's version.

pub mod broker_feature_not_enabled;
pub mod client_vs_cluster_version;
pub mod feature_needs_newer_broker;
pub mod key_unknown_to_client;
pub mod librdkafka_api_version_request_disabled;
pub mod sarama_version_vs_cluster;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &broker_feature_not_enabled::BrokerFeatureNotEnabled,
    &client_vs_cluster_version::ClientVsClusterVersion,
    &feature_needs_newer_broker::FeatureNeedsNewerBroker,
    &key_unknown_to_client::KeyUnknownToClient,
    &librdkafka_api_version_request_disabled::LibrdkafkaApiVersionRequestDisabled,
    &sarama_version_vs_cluster::SaramaVersionVsCluster,
];

use crate::model::LintFile;
use crate::version::{Release, Version};

/// The client library a file declares (`[[files]] client`, `--client`) and its version; `None`
/// when the file declares none (the Java client at the cluster's version).
pub(crate) fn declared(file: &LintFile) -> Option<(String, Option<Version>)> {
    crate::model::parse_client(file.client.as_deref()?).ok()
}

/// The Java client's release line: the declared `java@X` version's line, else the cluster's
/// (the file's target version). `None` for another library, or a version kafkalint has no
/// release line for.
pub(crate) fn java_release(file: &LintFile) -> Option<Release> {
    match declared(file) {
        None => Some(file.release),
        Some((lib, _)) if lib != "java" => None,
        Some((_, None)) => Some(file.release),
        Some((_, Some(v))) => Release::parse(&v.to_string()).ok(),
    }
}

/// The client version as the user wrote it, for messages (`java 3.7.0`, `librdkafka 2.3.0`).
pub(crate) fn client_text(file: &LintFile) -> String {
    match declared(file) {
        Some((lib, Some(v))) => format!("{lib} {v}"),
        Some((lib, None)) => lib,
        None => format!("java {}", file.release),
    }
}

/// A fact of knowledge/facts (the tests read every rule, so a missing one fails them).
pub(crate) fn fact(path: &str) -> &'static str {
    crate::knowledge::fact(path).unwrap_or_else(|| panic!("knowledge/facts lacks `{path}`"))
}

/// A Kafka release line named by a fact.
pub(crate) fn fact_release(path: &str) -> Release {
    let v = fact(path);
    Release::parse(v).unwrap_or_else(|e| panic!("knowledge/facts `{path}`: {e}"))
}

/// A library version named by a fact (`1.46.0`).
pub(crate) fn fact_version(path: &str) -> Version {
    let v = fact(path);
    Version::parse(v).unwrap_or_else(|| panic!("knowledge/facts `{path}`: `{v}` is not a version"))
}
