use super::{declared, fact_release, fact_version};
use crate::diagnostic::Severity;
use crate::rules::client::CLIENT_ROLES;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::Release;

declare_rule! {
    /// ## What it does
    /// Compares the client library and version a file declares (`--client java@2.0.1`,
    /// `[[files]] client = "kafka-python@2.0.2"`) with the cluster's Kafka version (the file's
    /// target version) and flags pairs that cannot talk:
    /// - Kafka 4.0 removed the request versions older than a 2.1 baseline (KIP-896) in both
    ///   directions: 4.0+ brokers reject Java clients (and Streams, Connect) older than 2.1, and
    ///   Java clients 4.0+ cannot talk to brokers older than 2.1 (errors);
    /// - Java clients before 0.10.2 cannot talk to brokers older than themselves (no API version
    ///   negotiation before KIP-35/KIP-97; an error);
    /// - kafka-python before 2.1.0 and kafka-go before v0.4.48 use request versions 4.0 removed
    ///   for some calls (warnings).
    /// ## Why it fails in production
    /// The broker answers the removed request versions with UNSUPPORTED_VERSION: the client logs
    /// `UnsupportedVersionException: The node does not support …` or `Received request for api
    /// with key N and unsupported version V` appears in the broker log, and the application cannot
    /// produce, consume or administer topics. An old client against an older broker disconnects
    /// on its first request.
    /// ## Example
    /// A consumer declared as `[[files]] client = "java@2.0.1"` in kafkalint.toml, linted against
    /// Kafka 4.0:
    /// ```properties
    /// bootstrap.servers=broker1:9092
    /// group.id=orders
    /// ```
    /// ## Use instead
    /// Upgrade the application's kafka-clients to 2.1 or later (3.x is fully compatible with 4.x
    /// brokers), then upgrade the brokers:
    /// ```properties
    /// bootstrap.servers=broker1:9092
    /// group.id=orders
    /// ```
    /// ## Fix
    /// None: upgrade the client library (or keep the brokers below 4.0 until it is).
    /// ## Versions
    /// All; the 2.1 floors apply from Kafka 4.0. librdkafka negotiates versions and KIP-896 kept
    /// the ones librdkafka 1.8.2 uses (medium confidence): not judged. sarama has its own rule
    /// (`compat/sarama-version-vs-cluster`).
    /// ## Source
    /// KIP-896; Kafka 4.0 upgrade notes and compatibility matrix (docs/getting-started/
    /// compatibility.md); KIP-35, KIP-97 (0.10.2 upgrade notes); kafka-python CHANGES.md 2.1.0;
    /// kafka-go v0.4.48 (PR #1384).
    pub ClientVsClusterVersion {
        id: "compat/client-vs-cluster-version",
        summary: "the declared client library version cannot talk to the cluster's Kafka version",
        severity: Error,
        scope: Scope::File(CLIENT_ROLES),
        versions: None => None,
        reads: [],
        fix: None,
        source: "KIP-896; Kafka 4.0 compatibility matrix; KIP-35/KIP-97",
    }
}

impl Rule for ClientVsClusterVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some((lib, Some(version))) = declared(cx.file) else { return };
        let cluster = cx.cluster_release();
        let removed_in = fact_release("protocol.kip896.removed_in");
        let anchor = cx.anchor(&["bootstrap.servers"]);
        let client = format!("{lib} {version}");
        match lib.as_str() {
            "java" => {
                let Ok(line) = Release::parse(&version.to_string()) else {
                    // Older than every line kafkalint knows (0.8, 0.9): older than 2.1 and 0.10.2.
                    if cluster >= removed_in {
                        out.report(&META, cx.id, anchor, format!("the {client} client is older than 2.1, the oldest Kafka {cluster} accepts: requests fail with UNSUPPORTED_VERSION (KIP-896)"))
                            .help("upgrade the client to 2.1 or later (3.x is fully compatible with 4.x brokers)");
                    }
                    return;
                };
                let min_client = fact_release("protocol.kip896.min_java_client_for_new_brokers");
                let min_broker = fact_release("protocol.kip896.min_broker_for_new_java_clients");
                let negotiates = fact_release("protocol.java.negotiates_since");
                if cluster >= removed_in && line < min_client {
                    out.report(&META, cx.id, anchor, format!("the {client} client is older than {min_client}, the oldest Kafka {cluster} brokers accept: requests fail with UNSUPPORTED_VERSION (KIP-896)"))
                        .help(format!("upgrade the client to {min_client} or later before moving the brokers to {removed_in}"));
                } else if line >= removed_in && cluster < min_broker {
                    out.report(&META, cx.id, anchor, format!("the {client} client needs brokers {min_broker} or newer, but the cluster runs Kafka {cluster}: it fails with UnsupportedVersionException (KIP-896)"))
                        .help(format!("keep the client below {removed_in} until the brokers run {min_broker} or later"));
                } else if line < negotiates && cluster < line {
                    out.report(&META, cx.id, anchor, format!("the {client} client predates version negotiation ({negotiates}) and cannot talk to the older Kafka {cluster} brokers"))
                        .help("upgrade the brokers before the clients, or use a client of the brokers' version");
                }
            }
            "kafka-python" | "kafka-go" => {
                if cluster < removed_in {
                    return;
                }
                let ready = fact_version(&format!("clients.{lib}.ready_for_kafka_4"));
                if version >= ready {
                    return;
                }
                let what = if lib == "kafka-go" {
                    "creates and deletes topics (`Conn.CreateTopics`, `Conn.DeleteTopics`) with request versions Kafka 4.0 removed"
                } else {
                    "predates the Kafka 2.1 protocol baseline (KIP-896) and may use request versions Kafka 4.0 removed"
                };
                out.report(&META, cx.id, anchor, format!("{client} {what}; the cluster runs Kafka {cluster}"))
                    .severity(Severity::Warning)
                    .help(format!("upgrade {lib} to {ready} or later"));
            }
            _ => {}
        }
    }
}
