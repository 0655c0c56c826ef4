use crate::diagnostic::Severity;
use crate::formats::go::{kip896, GoFacts, Lib};
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::Release;

declare_rule! {
    /// ## What it does
    /// Flags a franz-go client capped with `kgo.MaxVersions(kversion.VX_Y_Z())` at a Kafka
    /// version below 2.1 while the cluster runs Kafka 4.0 or later: an **error** where the cap
    /// is below the lowest version Kafka 4.0 accepts for a request the client sends, a
    /// **warning** for any other cap below the 2.1 baseline.
    ///
    /// The requests counted are those of what the code does with the client: a consumer
    /// (`ConsumeTopics`, `ConsumePartitions`, `ConsumeRegex`, `cl.PollFetches`) sends Fetch and
    /// ListOffsets, a group member (`ConsumerGroup`) also OffsetFetch and OffsetCommit, a producer
    /// (`cl.ProduceSync`, `DefaultProduceTopic`, `RequiredAcks`, …) Produce. The cap per request is
    /// the maximum of that release in franz-go's `kversion` (`V0_10_2` caps Fetch at v3 and
    /// Produce at v2; `V0_11_0` caps them at v5 and v3, which 4.0 still accepts); the minimums are
    /// Kafka 4.0's (knowledge/go/kip896.toml).
    /// ## Why it fails in production
    /// franz-go negotiates each request down to the cap. Where the broker's minimum is above the
    /// cap, kgo fails the request with `broker is too old` (errBrokerTooOld) before sending it; for
    /// Produce, which Kafka 4.0 still advertises from v0 (KAFKA-18659), it sends the capped
    /// version and the broker rejects it.
    /// ## Example
    /// ```go
    /// cl, err := kgo.NewClient(kgo.SeedBrokers("kafka:9092"), kgo.ConsumeTopics("orders"), kgo.MaxVersions(kversion.V0_10_2()))
    /// ```
    /// ## Use instead
    /// ```go
    /// cl, err := kgo.NewClient(kgo.SeedBrokers("kafka:9092"), kgo.ConsumeTopics("orders"))
    /// ```
    /// ## Fix
    /// None.
    /// ## Versions
    /// Kafka 4.0 and later; franz-go's `kversion` read at v1.21.5.
    /// ## Source
    /// twmb/franz-go `pkg/kgo/config.go` (`MaxVersions`), `pkg/kgo/broker.go` (`handleReq`,
    /// errBrokerTooOld), `pkg/kversion/requests.go` (the versions of each release) at v1.21.5;
    /// Apache Kafka 4.0 `clients/src/main/resources/common/message/*Request.json`; KIP-896.
    pub FranzGoMaxVersionsRemoved {
        id: "go/franz-go-max-versions-removed",
        summary: "franz-go MaxVersions below Kafka 2.1 against Kafka 4.x: requests use versions 4.0 removed",
        severity: Error,
        scope: Scope::File(&[]),
        versions: Some("4.0") => None,
        reads: [],
        fix: None,
        source: "twmb/franz-go pkg/kgo/config.go MaxVersions; pkg/kversion; KIP-896",
    }
}

/// `V0_10_2` → `0.10.2`.
fn kversion(name: &str) -> Option<String> {
    let rest = name.strip_prefix('V')?;
    let p: Vec<u32> = rest.split('_').map(|x| x.parse().ok()).collect::<Option<Vec<u32>>>()?;
    match p.as_slice() {
        [a, b, c] | [a, b, c, _] => Some(format!("{a}.{b}.{c}")),
        _ => None,
    }
}

/// What the program does with a franz-go client, as knowledge/go/kip896.toml names it.
fn kinds(g: &GoFacts, role: Option<Role>) -> Vec<String> {
    let mut out: Vec<&str> = Vec::new();
    let methods: Vec<&str> = g.calls.iter().flat_map(|c| c.methods.iter().map(String::as_str)).collect();
    if g.has_call("ConsumerGroup") {
        out.extend(["consumer", "group"]);
    }
    if ["ConsumeTopics", "ConsumePartitions", "ConsumeRegex"].iter().any(|c| g.has_call(c))
        || methods.iter().any(|m| matches!(*m, "PollFetches" | "PollRecords"))
    {
        out.push("consumer");
    }
    if role == Some(Role::Producer) || methods.iter().any(|m| matches!(*m, "Produce" | "ProduceSync" | "TryProduce")) {
        out.push("producer");
    }
    out.into_iter().map(str::to_string).collect()
}

impl Rule for FranzGoMaxVersionsRemoved {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(g) = super::go(cx).filter(|g| g.lib == Lib::FranzGo) else { return };
        let Some(call) = g.call("MaxVersions") else { return };
        let cluster = cx.cluster_release();
        if cluster < Release::parse("4.0").unwrap_or(cluster) {
            return;
        }
        // kgo.MaxVersions(kversion.V0_10_2()): the argument names a release.
        let arg = call.args.strip_prefix('(').and_then(|a| a.strip_suffix(')')).unwrap_or(&call.args).trim();
        let Some(name) = arg.strip_suffix("()").and_then(|a| a.rsplit('.').next()) else { return };
        let Some(v) = kversion(name) else { return };
        if kip896::numbers(&v) >= kip896::numbers("2.1.0") {
            return;
        }
        let kinds = kinds(g, cx.role());
        let removed = kip896::franz_removed(&v, &kinds);
        if !removed.is_empty() {
            out.report(&META, cx.id, call.span, format!("`kgo.MaxVersions({arg})` caps requests at Kafka {v}'s versions: {}, which Kafka 4.0 removed (KIP-896), and the cluster runs Kafka {cluster}: those requests fail (`broker is too old`, or UNSUPPORTED_VERSION)", kip896::describe(&removed)))
                .help("drop MaxVersions, or cap at kversion.V2_1_0() or later");
        } else {
            let what = if kinds.is_empty() {
                "kafkalint does not see which requests this client sends".to_string()
            } else {
                "the requests this client sends are still accepted at those versions, so it works, but outside what Kafka 4 supports"
                    .to_string()
            };
            out.report(&META, cx.id, call.span, format!("`kgo.MaxVersions({arg})` caps requests at Kafka {v}'s versions, below the 2.1 client baseline of Kafka {cluster} (KIP-896): {what}"))
                .severity(Severity::Warning)
                .help("drop MaxVersions, or cap at kversion.V2_1_0() or later");
        }
    }
}
