use super::{declared, fact_release, fact_version};
use crate::formats::go::{kip896, GoFacts, GoVal, Lib};
use crate::model::Role;
use crate::rules::client::CLIENT_ROLES;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::{Release, Version};

declare_rule! {
    /// ## What it does
    /// Compares the Kafka version sarama assumes (`config.Version`) with the cluster's Kafka
    /// version, request by request:
    /// - before sarama v1.46.0 (which negotiates with ApiVersions), a `config.Version` newer than
    ///   the cluster makes sarama send request versions the brokers do not know. For sarama
    ///   v1.43.0 to v1.45.x, whose request builders kafkalint has read, this is judged request by
    ///   request against the highest versions of the cluster's release (franz-go's `kversion`
    ///   records): an **error** naming the requests the cluster lacks (`V2_4_0_0` against Kafka
    ///   2.3: Metadata v9), a **warning** when every request the client sends is one the cluster
    ///   knows; for other releases, an error;
    /// - against Kafka 4.0 and later, which removed old request versions API by API (KIP-896):
    ///   an **error** where the client would send a removed version, a **warning** for any other
    ///   `config.Version` below the 2.1 baseline.
    ///
    /// Which requests count depends on what the code builds with the configuration: a consumer
    /// group sends Fetch, ListOffsets, Metadata, FindCoordinator, JoinGroup, SyncGroup, Heartbeat,
    /// LeaveGroup, OffsetFetch and OffsetCommit; a consumer Fetch, ListOffsets and Metadata; a
    /// producer Produce and Metadata; a cluster admin the requests of the methods the code calls
    /// on it (`CreateTopic` → CreateTopics, `ListTopics`/`DescribeConfig` → DescribeConfigs,
    /// `CreateACL`/`ListAcls`/`DeleteACL` → the ACL requests, `DescribeLogDirs`). For each, the
    /// version sarama sends at that `config.Version` (knowledge/go/kip896.toml, read in sarama's
    /// request builders) is compared with the lowest version Kafka 4.0 accepts. For example, at
    /// `V0_10_2_0` a consumer sends Fetch v3 (4.0 accepts v4 and later) and a producer Produce v2
    /// (v3 and later): errors; from `V0_11_0_0` to `V2_0_0_0` every consume and produce request is
    /// still accepted: a warning; a cluster admin at `V1_0_0_0` that calls `ListTopics` sends
    /// DescribeConfigs v0: an error.
    ///
    /// sarama v1.46.0 and later negotiate: they send ApiVersions and clamp each request to the
    /// broker's range, but only downwards (`restrictApiVersion`: never above what
    /// `config.Version` selects), so negotiation does not help against a removed version; it does
    /// make a `config.Version` newer than the cluster harmless.
    ///
    /// A sarama configuration read from Go code (`sarama.NewConfig()`, `goka.DefaultConfig()`,
    /// `cluster.NewConfig()`) is judged by the `config.Version` it sets, or its release's (goka's)
    /// default. For a properties file declared as a sarama client (`--client sarama@1.43.0`,
    /// `[[files]] client = "sarama@v1.43.0"`), sarama is configured in Go code elsewhere:
    /// kafkalint knows only the release's default (V0_8_2_0 from v1.10.0, V1_0_0_0 from v1.27.1,
    /// V2_1_0_0 from v1.41.0, V2_6_0_0 from v1.50.3, V2_8_0_0 from v1.60.1) and the file's role
    /// (a consumer file counts as a consumer group). If your code sets `config.Version` to the
    /// cluster's version, silence the rule for the file
    /// (`# kafkalint: disable-file=compat/sarama-version-vs-cluster`).
    /// ## Why it fails in production
    /// The brokers answer UNSUPPORTED_VERSION: `kafka server: The version of API is not supported`,
    /// closed connections, `kafka: client has run out of available brokers to talk to`. A default
    /// of V2_1_0_0 (v1.41.0–v1.50.2) against a 2.0 cluster fails as early as the SASL handshake.
    /// ## Example
    /// A consumer declared as `[[files]] client = "sarama@1.20.0"` (default `V0_8_2_0`: Fetch v0),
    /// against a Kafka 4.0 cluster (`kafka-version = "4.0"`):
    /// ```properties
    /// bootstrap.servers=broker1:9092
    /// group.id=orders
    /// ```
    /// ## Use instead
    /// Set `config.Version = sarama.V2_1_0_0` or newer in the application (or upgrade sarama:
    /// v1.41.0 and later default to 2.1), and silence the rule for the file:
    /// ```properties
    /// # kafkalint: disable-file=compat/sarama-version-vs-cluster
    /// bootstrap.servers=broker1:9092
    /// group.id=orders
    /// ```
    /// ## Fix
    /// None: `config.Version` is set in code.
    /// ## Versions
    /// All cluster versions; sarama v1.10.0 and later (earlier releases have no `config.Version`).
    /// The request versions were read at sarama v1.43.0 and v1.45.2 (the same below V2_1_0_0 at
    /// v1.46.0 and v1.60.1); Kafka 4.0's minimums hold through 4.3.
    /// ## Source
    /// IBM/sarama `config.go` (Version doc comment, Validate), `utils.go` (DefaultVersion per tag),
    /// CHANGELOG.md (1.27.1, 1.41.0, 1.46.0), `api_versions.go` (`restrictApiVersion`, v1.46.0);
    /// twmb/franz-go `pkg/kversion/requests.go` at v1.21.5 (each Kafka release's highest request
    /// versions); the request builders named per API in knowledge/go/kip896.toml (`produce_set.go`,
    /// `consumer.go`, `client.go`, `offset_manager.go`, `offset_fetch_request.go`,
    /// `consumer_group.go`, `admin.go`) at v1.43.0 and v1.45.2; Apache Kafka 4.0
    /// `clients/src/main/resources/common/message/*Request.json` (`validVersions`, "Versions … were
    /// removed in Apache Kafka 4.0"); KIP-896; sarama issues #2949 and #3361.
    pub SaramaVersionVsCluster {
        id: "compat/sarama-version-vs-cluster",
        summary: "the Kafka version sarama assumes by default does not fit the cluster",
        severity: Error,
        scope: Scope::File(CLIENT_ROLES),
        versions: None => None,
        reads: [],
        fix: None,
        source: "IBM/sarama config.go/utils.go DefaultVersion; CHANGELOG 1.46.0; KIP-896",
    }
}

/// The default `config.Version` of a sarama release (a Kafka version), when it has one.
fn default_version(sarama: &Version) -> Option<&'static str> {
    let mut found = None;
    for i in 0.. {
        let Some(from) = crate::knowledge::fact(&format!("clients.sarama.default_version.{i}.from")) else { break };
        let kafka = crate::knowledge::fact(&format!("clients.sarama.default_version.{i}.kafka"))?;
        if Version::parse(from).is_some_and(|f| *sarama >= f) {
            found = Some(kafka);
        }
    }
    found
}

/// `2.1.0` → `V2_1_0_0`, as sarama names its constants.
fn constant(kafka: &str) -> String {
    let mut parts: Vec<&str> = kafka.split('.').collect();
    while parts.len() < 4 {
        parts.push("0");
    }
    format!("V{}", parts.join("_"))
}

/// What a sarama configuration is used for, as knowledge/go/kip896.toml names it (`consumer`,
/// `group`, `producer`, `admin`, `admin:CreateTopic`); empty when kafkalint does not see it.
fn kinds(g: &GoFacts, role: Option<Role>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    fn add(out: &mut Vec<String>, k: &[&str]) {
        out.extend(k.iter().map(|s| s.to_string()));
    }
    for c in &g.calls {
        let out = &mut out;
        match c.name.as_str() {
            "NewConsumerGroup" | "NewConsumerGroupFromClient" => add(out, &["consumer", "group"]),
            "NewConsumer" | "NewConsumerFromClient" => add(out, &["consumer"]),
            "NewSyncProducer" | "NewAsyncProducer" | "NewSyncProducerFromClient" | "NewAsyncProducerFromClient" => add(out, &["producer"]),
            "NewClusterAdmin" | "NewClusterAdminFromClient" => {
                add(out, &["admin"]);
                out.extend(c.methods.iter().map(|m| format!("admin:{m}")));
            }
            // goka: a processor is a consumer group that also emits; a view consumes; an emitter
            // produces.
            "NewProcessor" => add(out, &["consumer", "group", "producer"]),
            "NewView" => add(out, &["consumer"]),
            "NewEmitter" => add(out, &["producer"]),
            _ => {}
        }
    }
    if out.is_empty() {
        // A configuration built without a constructor in sight: what its fields say it is for.
        match role {
            Some(Role::Consumer) => add(&mut out, &["consumer"]),
            Some(Role::Producer) => add(&mut out, &["producer"]),
            _ => {}
        }
    }
    out
}

/// `a consumer group`, `a producer`, … for messages.
fn what_client(kinds: &[String]) -> &'static str {
    let has = |k: &str| kinds.iter().any(|x| x == k);
    match (has("group"), has("consumer"), has("producer"), has("admin")) {
        (true, _, true, _) => "a consumer group that also produces",
        (true, _, _, _) => "a consumer group",
        (_, true, true, _) => "a consumer and producer",
        (_, true, _, _) => "a consumer",
        (_, _, true, _) => "a producer",
        (_, _, _, true) => "a cluster admin",
        _ => "a client",
    }
}

impl Rule for SaramaVersionVsCluster {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        // A sarama configuration read from Go code (src/formats/go) says its own Version: the
        // assignment when the code makes one, else the release's default (goka's for goka).
        let go =
            cx.file.unit.as_ref().and_then(|u| u.go.as_deref()).filter(|g| matches!(g.lib, Lib::Sarama | Lib::Goka | Lib::SaramaCluster));
        let (version, assumed, what, anchor, kinds) = if let Some(g) = go {
            // A default Version is only known at a known sarama release (goka pins its own).
            if g.field("Version").is_none() && g.lib != Lib::Goka && g.sarama_version.is_none() {
                return;
            }
            let Some(GoVal::Version(v)) = g.known("Version") else { return };
            let lib_version = g.sarama_version.as_deref().and_then(Version::parse);
            let (what, anchor) = match g.field("Version") {
                Some(f) => ("its `config.Version`", f.span),
                None if g.lib == Lib::Goka => ("goka.DefaultConfig's `Version`", g.origin),
                None => ("its default `config.Version`", g.origin),
            };
            (lib_version, v, what, anchor, kinds(g, cx.role()))
        } else {
            let Some((lib, Some(version))) = declared(cx.file) else { return };
            if lib != "sarama" {
                return;
            }
            let Some(assumed) = default_version(&version) else { return };
            let kinds: Vec<String> = match cx.role() {
                Some(Role::Consumer) => vec!["consumer".into(), "group".into()],
                Some(Role::Producer) => vec!["producer".into()],
                Some(Role::Admin) => vec!["admin".into()],
                _ => Vec::new(),
            };
            (Some(version), assumed.to_string(), "its default `config.Version`", cx.anchor(&["bootstrap.servers"]), kinds)
        };
        let assumed = assumed.as_str();
        let cluster = cx.cluster_release();
        let assumed_line = Release::parse(assumed).ok();
        let negotiates = fact_version("clients.sarama.negotiates_since");
        let floor = fact_release("clients.sarama.kafka_floor_for_kafka_4");
        let removed_in = fact_release("protocol.kip896.removed_in");
        let name = constant(assumed);
        let lib = match &version {
            Some(v) => format!("sarama {v}"),
            None => "sarama".to_string(),
        };
        let negotiating = version.as_ref().is_some_and(|v| *v >= negotiates);
        if version.as_ref().is_some_and(|v| *v < negotiates) && assumed_line.is_some_and(|a| a > cluster) {
            let help = format!(
                "set `config.Version` to the cluster's version (sarama.{}) in the application, or upgrade sarama to {negotiates} or later",
                constant(cluster.name())
            );
            // The request versions were read at v1.43.0-v1.45.x: there, request by request.
            let read_here = version.as_ref().is_some_and(|v| *v >= Version::parse("1.43.0").unwrap_or_else(|| v.clone()));
            let v = version.as_ref().map(ToString::to_string).unwrap_or_default();
            if read_here && !kinds.is_empty() {
                let client = what_client(&kinds);
                let above = kip896::sarama_above(assumed, cluster.name(), &kinds);
                if above.is_empty() {
                    out.report(&META, cx.id, anchor, format!("sarama {v} assumes Kafka {assumed} ({what}, {name}) and does not negotiate, but the cluster runs Kafka {cluster}: every request it sends as {client} is one Kafka {cluster} knows, but sarama's own docs say a Version newer than the brokers' \"may lead to random breakage\""))
                        .severity(crate::diagnostic::Severity::Warning)
                        .help(help);
                } else {
                    let list: Vec<String> = above
                        .iter()
                        .map(|a| match a.max {
                            Some(m) => format!("{} v{} (Kafka {cluster} has up to v{m})", a.api, a.sent),
                            None => format!("{} v{} (Kafka {cluster} does not have it)", a.api, a.sent),
                        })
                        .collect();
                    out.report(&META, cx.id, anchor, format!("sarama {v} assumes Kafka {assumed} ({what}, {name}) and does not negotiate: as {client} it sends {}, and the cluster runs Kafka {cluster}: those requests fail with UNSUPPORTED_VERSION", list.join(", ")))
                        .help(help);
                }
                return;
            }
            out.report(&META, cx.id, anchor, format!("sarama {v} assumes Kafka {assumed} ({what}, {name}) and does not negotiate, but the cluster runs Kafka {cluster}: requests fail with UNSUPPORTED_VERSION"))
                .help(help);
            return;
        }
        if cluster < removed_in || kip896::numbers(assumed) >= kip896::numbers(floor.name()) {
            return;
        }
        let client = what_client(&kinds);
        let removed = kip896::sarama_removed(assumed, &kinds);
        let negotiation = if negotiating {
            format!("; {lib} negotiates with ApiVersions but only lowers a request's version, never raises it above what `config.Version` selects")
        } else {
            String::new()
        };
        let help = if go.is_some() {
            format!("set `config.Version` to sarama.{} or newer", constant(floor.name()))
        } else {
            format!(
                "set `config.Version` to sarama.{} or newer in the application, or upgrade sarama (v1.41.0 and later default to 2.1)",
                constant(floor.name())
            )
        };
        if !removed.is_empty() {
            out.report(&META, cx.id, anchor, format!("{lib} assumes Kafka {assumed} ({what}, {name}): as {client} it sends {}, which Kafka {removed_in} removed (KIP-896), and the cluster runs Kafka {cluster}: those requests fail with UNSUPPORTED_VERSION{negotiation}", kip896::describe(&removed)))
                .help(help);
        } else {
            let what_sent = if kinds.is_empty() {
                "kafkalint does not see what the configuration is used for, so which requests it sends is not known".to_string()
            } else {
                format!("every request it sends as {client} is still accepted, so it works, but outside what Kafka 4 supports")
            };
            out.report(&META, cx.id, anchor, format!("{lib} assumes Kafka {assumed} ({what}, {name}), below the {floor} client baseline of Kafka {cluster} (KIP-896): {what_sent}"))
                .severity(crate::diagnostic::Severity::Warning)
                .help(help);
        }
    }
}
