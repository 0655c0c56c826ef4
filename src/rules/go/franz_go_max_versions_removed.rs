use crate::formats::go::Lib;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::version::Release;

declare_rule! {
    /// ## What it does
    /// Flags a franz-go client capped with `kgo.MaxVersions(kversion.VX_Y_Z())` at a Kafka
    /// version below 2.1 while the cluster runs Kafka 4.0 or later.
    /// ## Why it fails in production
    /// `MaxVersions` caps every request at the version that Kafka release knew (`V0_10_2` caps
    /// Fetch at v3, Produce at v2). Kafka 4.0 removed the request versions older than the 2.1
    /// baseline (KIP-896): franz-go negotiates down to the cap, the broker does not have it, and
    /// the requests fail with UNSUPPORTED_VERSION.
    /// ## Example
    /// ```go
    /// cl, err := kgo.NewClient(kgo.SeedBrokers("kafka:9092"), kgo.MaxVersions(kversion.V0_10_2()))
    /// ```
    /// ## Use instead
    /// ```go
    /// cl, err := kgo.NewClient(kgo.SeedBrokers("kafka:9092"))
    /// ```
    /// ## Fix
    /// None.
    /// ## Versions
    /// Kafka 4.0 and later.
    /// ## Source
    /// twmb/franz-go `pkg/kgo/config.go` (`MaxVersions`), `pkg/kversion/kversion.go` (the
    /// versions of each release) at v1.21.5; KIP-896.
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

/// `V0_10_2` → (0, 10, 2).
fn kversion(name: &str) -> Option<(u32, u32, u32)> {
    let rest = name.strip_prefix('V')?;
    let p: Vec<u32> = rest.split('_').map(|x| x.parse().ok()).collect::<Option<Vec<u32>>>()?;
    match p.as_slice() {
        [a, b, c] => Some((*a, *b, *c)),
        [a, b, c, _] => Some((*a, *b, *c)),
        _ => None,
    }
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
        if v < (2, 1, 0) {
            out.report(&META, cx.id, call.span, format!("`kgo.MaxVersions({arg})` caps requests at Kafka {}.{}.{}'s versions, below the 2.1 baseline Kafka {cluster} requires (KIP-896): requests fail with UNSUPPORTED_VERSION", v.0, v.1, v.2))
                .help("drop MaxVersions, or cap at kversion.V2_1_0() or later");
        }
    }
}
