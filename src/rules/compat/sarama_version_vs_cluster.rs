use super::{declared, fact_release, fact_version};
use crate::rules::client::CLIENT_ROLES;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::{Release, Version};

declare_rule! {
    /// ## What it does
    /// For a file declared as a sarama client (`--client sarama@1.43.0`, `[[files]] client =
    /// "sarama@v1.43.0"`), compares the Kafka version sarama assumes, the default of its
    /// `config.Version` in that sarama release, with the cluster's Kafka version:
    /// - before sarama v1.46.0 (which negotiates with ApiVersions), a `config.Version` newer than
    ///   the cluster makes sarama send request versions the brokers do not know;
    /// - a `config.Version` below 2.1 against Kafka 4.0+ makes sarama use request versions 4.0
    ///   removed (KIP-896).
    ///
    /// A sarama configuration read from Go code (`sarama.NewConfig()`, `goka.DefaultConfig()`)
    /// is judged by the `config.Version` it sets, or its release's (goka's) default. There, below
    /// 0.11 is an error (sarama sends Fetch v3 and Produce v2 or older, which 4.0 removed); 0.11 to
    /// 2.0 is a warning (the consume and produce requests sarama sends there are all still
    /// accepted by 4.0; the versions of other APIs were not checked one by one).
    ///
    /// For a properties file declared as a sarama client, sarama is configured in Go code elsewhere: kafkalint knows only the
    /// release's default (V0_8_2_0 from v1.10.0, V1_0_0_0 from v1.27.1, V2_1_0_0 from v1.41.0,
    /// V2_6_0_0 from v1.50.3, V2_8_0_0 from v1.60.1). If your code sets `config.Version` to the
    /// cluster's version, silence the rule for the file
    /// (`# kafkalint: disable-file=compat/sarama-version-vs-cluster`).
    /// ## Why it fails in production
    /// The brokers answer UNSUPPORTED_VERSION: `kafka server: The version of API is not supported`,
    /// closed connections, `kafka: client has run out of available brokers to talk to`. A default
    /// of V2_1_0_0 (v1.41.0–v1.50.2) against a 2.0 cluster fails as early as the SASL handshake.
    /// ## Example
    /// A producer declared as `[[files]] client = "sarama@1.43.0"`, against a Kafka 2.0 cluster
    /// (`kafka-version = "2.0"`):
    /// ```properties
    /// bootstrap.servers=broker1:9092
    /// ```
    /// ## Use instead
    /// Set `config.Version = sarama.V2_0_0_0` in the application, or upgrade sarama to v1.46.0 or
    /// later (it negotiates), and silence the rule for the file:
    /// ```properties
    /// # kafkalint: disable-file=compat/sarama-version-vs-cluster
    /// bootstrap.servers=broker1:9092
    /// ```
    /// ## Fix
    /// None: `config.Version` is set in code.
    /// ## Versions
    /// All cluster versions; sarama v1.10.0 and later (earlier releases have no `config.Version`).
    /// ## Source
    /// IBM/sarama `config.go` (Version doc comment, Validate), `utils.go` (DefaultVersion per tag),
    /// CHANGELOG.md (1.27.1, 1.41.0, 1.46.0), `api_versions.go`; sarama issues #2949 and #3361;
    /// KIP-896; ../shared/compat/third-party-clients.json; for Go code, the request versions of
    /// `consumer.go` (Fetch), `produce_set.go` (Produce), `offset_manager.go` (OffsetCommit),
    /// `offset_fetch_request.go` (OffsetFetch) and `client.go` (ListOffsets) at v1.43.0.
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

impl Rule for SaramaVersionVsCluster {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        // A sarama configuration read from Go code (src/formats/go.rs) says its own Version: the
        // assignment when the code makes one, else the release's default (goka's for goka).
        let go = cx.file.unit.as_ref().and_then(|u| u.go.as_deref()).filter(|g| {
            matches!(g.lib, crate::formats::go::Lib::Sarama | crate::formats::go::Lib::Goka | crate::formats::go::Lib::SaramaCluster)
        });
        let (version, assumed, what, anchor) = if let Some(g) = go {
            // A default Version is only known at a known sarama release (goka pins its own).
            if g.field("Version").is_none() && g.lib != crate::formats::go::Lib::Goka && g.sarama_version.is_none() {
                return;
            }
            let Some(crate::formats::go::GoVal::Version(v)) = g.known("Version") else { return };
            let lib_version = g.sarama_version.as_deref().and_then(Version::parse);
            let (what, anchor) = match g.field("Version") {
                Some(f) => ("its `config.Version`", f.span),
                None if g.lib == crate::formats::go::Lib::Goka => ("goka.DefaultConfig's `Version`", g.origin),
                None => ("its default `config.Version`", g.origin),
            };
            (lib_version, v, what, anchor)
        } else {
            let Some((lib, Some(version))) = declared(cx.file) else { return };
            if lib != "sarama" {
                return;
            }
            let Some(assumed) = default_version(&version) else { return };
            (Some(version), assumed.to_string(), "its default `config.Version`", cx.anchor(&["bootstrap.servers"]))
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
        if version.as_ref().is_some_and(|v| *v < negotiates) && assumed_line.is_some_and(|a| a > cluster) {
            let version = version.as_ref().map(ToString::to_string).unwrap_or_default();
            out.report(&META, cx.id, anchor, format!("sarama {version} assumes Kafka {assumed} ({what}, {name}) and does not negotiate, but the cluster runs Kafka {cluster}: requests fail with UNSUPPORTED_VERSION"))
                .help(format!("set `config.Version` to the cluster's version (sarama.{}) in the application, or upgrade sarama to {negotiates} or later", constant(cluster.name())));
        } else if cluster >= removed_in && assumed_line.is_none_or(|a| a < floor) {
            // Read from Go code, the Version is exact: below 0.11 sarama sends Fetch v3 or older and
            // Produce v2 or older (consumer.go, produce_set.go at v1.43.0), which 4.0 removed; from
            // 0.11 to 2.0 the consume and produce requests (Fetch v5-v8, Produce v3-v6, ListOffsets
            // v2-v3, OffsetCommit v3-v4, OffsetFetch v3-v4) are all still accepted, so it is below the
            // baseline without a known failure: a warning.
            let numbers = |v: &str| v.split('.').filter_map(|p| p.parse::<u32>().ok()).collect::<Vec<u32>>();
            if go.is_some() && numbers(assumed) >= vec![0, 11] {
                out.report(&META, cx.id, anchor, format!("{lib} assumes Kafka {assumed} ({what}, {name}), below the {floor} baseline of Kafka {cluster} (KIP-896): its consume and produce requests are still accepted, but requests of other APIs may use versions 4.0 removed"))
                    .severity(crate::diagnostic::Severity::Warning)
                    .help(format!("set `config.Version` to sarama.{} or newer", constant(floor.name())));
            } else if go.is_some() {
                out.report(&META, cx.id, anchor, format!("{lib} assumes Kafka {assumed} ({what}, {name}): it sends Fetch v3 and Produce v2 or older, which Kafka {removed_in} removed (KIP-896), and the cluster runs Kafka {cluster}: requests fail with UNSUPPORTED_VERSION"))
                    .help(format!("set `config.Version` to sarama.{} or newer", constant(floor.name())));
            } else {
                out.report(&META, cx.id, anchor, format!("{lib} assumes Kafka {assumed} ({what}, {name}), below the {floor} baseline Kafka {cluster} requires: requests use versions 4.0 removed (KIP-896) and fail with UNSUPPORTED_VERSION"))
                    .help(format!("set `config.Version` to sarama.{} or newer in the application, or upgrade sarama (v1.41.0 and later default to 2.1)", constant(floor.name())));
            }
        }
    }
}
