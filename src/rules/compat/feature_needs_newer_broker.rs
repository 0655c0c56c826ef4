use super::{client_text, fact, fact_release, java_release};
use crate::diagnostic::Severity;
use crate::model::Role;
use crate::rules::client::CLIENT_ROLES;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags a client feature the cluster's brokers are too old to serve, when the client itself
    /// knows the feature (its declared version, or the cluster's when none is declared, is new
    /// enough; otherwise the schema rules already say the key is unknown):
    /// `compression.type=zstd` (brokers 2.1), `enable.idempotence=true` and `transactional.id`
    /// (0.11), `group.instance.id` (static membership, 2.3), `processing.guarantee=exactly_once_v2`
    /// or `exactly_once_beta` (2.5), `group.protocol=consumer` (3.7 early access, 4.0 generally
    /// available), and `client.rack` (follower fetching needs 2.4 brokers).
    /// ## Why it fails in production
    /// The client needs a request version the broker lacks and fails with
    /// `UnsupportedVersionException` (`The broker does not support INIT_PRODUCER_ID`, zstd produce
    /// requests, static membership JoinGroup v5, the KIP-447 `TxnOffsetCommit` Streams EOS v2
    /// needs, `CONSUMER_GROUP_HEARTBEAT`). `client.rack` against older brokers is silently ignored:
    /// every fetch goes to the leader, across zones.
    /// ## Example
    /// A 3.9 producer (`[[files]] client = "java@3.9.0"`) against a 2.0 cluster
    /// (`kafka-version = "2.0"`):
    /// ```properties
    /// bootstrap.servers=broker1:9092
    /// compression.type=zstd
    /// ```
    /// ## Use instead
    /// ```properties
    /// bootstrap.servers=broker1:9092
    /// compression.type=lz4
    /// ```
    /// ## Fix
    /// None: upgrade the brokers, or configure what they serve.
    /// ## Versions
    /// All; per feature (knowledge/facts/features.toml). `group.protocol=consumer` on 3.7–3.9
    /// brokers is early access (a warning; `compat/broker-feature-not-enabled` checks the brokers
    /// enable it).
    /// ## Source
    /// KIP-110 (zstd), KIP-98 (idempotence, transactions), KIP-345 (static membership), KIP-447 and
    /// KIP-732 (Streams EOS v2), KIP-848 (consumer protocol), KIP-392 (follower fetching); the
    /// upgrade notes of each release; ../shared/compat/features.json.
    pub FeatureNeedsNewerBroker {
        id: "compat/feature-needs-newer-broker",
        summary: "a client feature the cluster's brokers are too old to serve",
        severity: Error,
        scope: Scope::File(CLIENT_ROLES),
        versions: None => None,
        reads: ["compression.type", "enable.idempotence", "transactional.id", "group.instance.id", "processing.guarantee", "group.protocol", "client.rack"],
        fix: None,
        source: "features.toml: KIP-110, KIP-98, KIP-345, KIP-447, KIP-848, KIP-392",
    }
}

/// A feature of knowledge/facts/features.toml and how a file uses it.
struct Feature {
    fact: &'static str,
    roles: &'static [Role],
    what: &'static str,
    failure: &'static str,
    /// Whether a broker too old makes the client fail (else the setting is ignored).
    fatal: bool,
}

/// Each feature's key (`features.<fact>.keys`), looked up once: every client file asks for them.
static FEATURE_KEYS: std::sync::LazyLock<[&'static str; 7]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|i| fact(&format!("features.{}.keys", FEATURES[i].fact))));

const FEATURES: [Feature; 7] = [
    Feature {
        fact: "zstd",
        roles: &[Role::Producer],
        what: "zstd compression",
        failure: "produce requests fail with `UnsupportedVersionException`",
        fatal: true,
    },
    Feature {
        fact: "idempotence",
        roles: &[Role::Producer],
        what: "the idempotent producer",
        failure: "the producer fails with `UnsupportedVersionException` (no INIT_PRODUCER_ID)",
        fatal: true,
    },
    Feature {
        fact: "transactions",
        roles: &[Role::Producer],
        what: "transactions",
        failure: "the producer fails with `UnsupportedVersionException` (no INIT_PRODUCER_ID)",
        fatal: true,
    },
    Feature {
        fact: "static_membership",
        roles: &[Role::Consumer],
        what: "static membership",
        failure: "the consumer fails to join its group (`UnsupportedVersionException`: JoinGroup v5)",
        fatal: true,
    },
    Feature {
        fact: "streams_eos_v2",
        roles: &[Role::Streams],
        what: "exactly-once v2",
        failure: "the Streams threads die with `UnsupportedVersionException` (KIP-447 offset commits)",
        fatal: true,
    },
    Feature {
        fact: "consumer_protocol",
        roles: &[Role::Consumer],
        what: "the KIP-848 consumer rebalance protocol",
        failure: "the consumer fails with `UnsupportedVersionException` (no CONSUMER_GROUP_HEARTBEAT)",
        fatal: true,
    },
    Feature {
        fact: "follower_fetching",
        roles: &[Role::Consumer],
        what: "fetching from the closest replica",
        failure: "the brokers ignore `client.rack` and every fetch goes to the leader",
        fatal: false,
    },
];

impl Rule for FeatureNeedsNewerBroker {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(role) = cx.role() else { return };
        let Some(client) = java_release(cx.file) else { return };
        let cluster = cx.cluster_release();
        for (f, &key) in FEATURES.iter().zip(FEATURE_KEYS.iter()) {
            if !f.roles.contains(&role) {
                continue;
            }
            // Explicit settings only: a default that enables a feature (idempotence since 3.0)
            // is handled by the client itself.
            let Some(e) = cx.explicit(key) else { continue };
            let base = format!("features.{}", f.fact);
            let value = e.value.trim();
            let used = match crate::knowledge::fact(&format!("{base}.values")) {
                Some(values) => values.split(',').any(|v| v.eq_ignore_ascii_case(value)),
                None => !value.is_empty(),
            };
            if !used || crate::model::is_placeholder(value) {
                continue;
            }
            let min_client = fact_release(&format!("{base}.min_client"));
            let min_broker = fact_release(&format!("{base}.min_broker"));
            if client < min_client {
                continue; // the client does not know the key: schema/key-not-yet-available
            }
            let ga = crate::knowledge::fact(&format!("{base}.ga")).and_then(|g| crate::version::Release::parse(g).ok());
            let span = if e.value_span.is_empty() { e.key_span } else { e.value_span };
            let setting =
                if crate::knowledge::fact(&format!("{base}.values")).is_some() { format!("`{key}={value}`") } else { format!("`{key}`") };
            if cluster < min_broker {
                out.report(
                    &META,
                    cx.id,
                    span,
                    format!(
                        "{setting} ({}) needs brokers {min_broker} or newer, but the cluster runs Kafka {cluster}: {}",
                        f.what, f.failure
                    ),
                )
                .key(key)
                .severity(if f.fatal { Severity::Error } else { Severity::Warning })
                .help(format!(
                    "upgrade the brokers to {min_broker} or later, or remove {setting} (the {} client offers it; the brokers do not)",
                    client_text(cx.file)
                ));
            } else if let Some(ga) = ga.filter(|g| cluster < *g) {
                out.report(&META, cx.id, span, format!("{setting} ({}) is early access on Kafka {cluster} brokers (generally available from {ga}): not for production, and the brokers must enable it", f.what))
                    .key(key)
                    .severity(Severity::Warning)
                    .help(format!("keep `{key}=classic` until the brokers run {ga}, or enable `consumer` in the brokers' `group.coordinator.rebalance.protocols` for testing"));
            }
        }
    }
}
