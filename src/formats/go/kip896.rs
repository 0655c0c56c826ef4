//! KIP-896 per API (knowledge/go/kip896.toml): the request version sarama sends at a
//! `config.Version`, the version franz-go's `kgo.MaxVersions(kversion.VX_Y_Z())` caps a request at,
//! and the lowest version Kafka 4.0 accepts.

use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
pub struct Api {
    pub name: String,
    pub key: i16,
    /// The lowest request version Kafka 4.0 accepts.
    pub kafka4_min: i16,
    /// `producer`, `consumer`, `group`, `admin`, `admin:<Method>`.
    pub uses: Vec<String>,
    sarama: Vec<(String, i16)>,
    pub sarama_where: String,
    franz: Vec<(String, i16)>,
}

#[derive(Debug, Deserialize)]
pub struct Table {
    pub source_kafka: String,
    pub source_sarama: String,
    pub source_franz: String,
    pub api: Vec<Api>,
}

pub static KIP896: LazyLock<Table> =
    LazyLock::new(|| toml_edit::de::from_str(include_str!("../../../knowledge/go/kip896.toml")).expect("knowledge/go/kip896.toml"));

/// `0.10.2.0` / `2.1.0` / `2.1` → comparable numbers (a missing part is 0).
pub fn numbers(v: &str) -> [u32; 4] {
    let mut out = [0u32; 4];
    for (i, p) in v.split('.').take(4).enumerate() {
        out[i] = p.parse().unwrap_or(0);
    }
    out
}

/// The last entry of `steps` at or below `at`; `default` below the first.
fn step(steps: &[(String, i16)], at: &str, default: Option<i16>) -> Option<i16> {
    let at = numbers(at);
    let mut found = default;
    for (from, v) in steps {
        if numbers(from) <= at {
            found = Some(*v);
        }
    }
    found
}

impl Api {
    /// The version sarama sends at `config.Version` = `kafka` (0 below the first step).
    pub fn sarama(&self, kafka: &str) -> i16 {
        step(&self.sarama, kafka, Some(0)).unwrap_or(0)
    }
    /// The highest version franz-go allows under `MaxVersions` of the Kafka release `kafka`;
    /// `None` when that release does not have the API.
    pub fn franz(&self, kafka: &str) -> Option<i16> {
        step(&self.franz, kafka, None)
    }
    /// Whether a client of these kinds sends this API (`admin:CreateTopic` for a ClusterAdmin
    /// whose code calls `CreateTopic`).
    pub fn used_by(&self, kinds: &[String]) -> bool {
        self.uses.iter().any(|u| kinds.iter().any(|k| k == u))
    }
}

/// One API whose request version is below what Kafka 4.0 accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub api: &'static str,
    pub sent: i16,
    pub min: i16,
    pub whence: &'static str,
}

/// The APIs a sarama client of `kinds` sends below Kafka 4.0's minimum at `config.Version`.
pub fn sarama_removed(kafka: &str, kinds: &[String]) -> Vec<Removed> {
    KIP896
        .api
        .iter()
        .filter(|a| a.used_by(kinds))
        .filter_map(|a| {
            let sent = a.sarama(kafka);
            (sent < a.kafka4_min).then(|| Removed { api: &a.name, sent, min: a.kafka4_min, whence: &a.sarama_where })
        })
        .collect()
}

/// The APIs a franz-go client of `kinds` is capped below Kafka 4.0's minimum by `MaxVersions` of
/// the Kafka release `kafka`.
pub fn franz_removed(kafka: &str, kinds: &[String]) -> Vec<Removed> {
    KIP896
        .api
        .iter()
        .filter(|a| a.used_by(kinds))
        .filter_map(|a| {
            let cap = a.franz(kafka)?;
            (cap < a.kafka4_min).then(|| Removed { api: &a.name, sent: cap, min: a.kafka4_min, whence: "pkg/kversion" })
        })
        .collect()
}

/// An API whose request version is above what an older cluster accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooNew {
    pub api: &'static str,
    pub sent: i16,
    /// The cluster's highest version; `None` when its release does not have the API.
    pub max: Option<i16>,
}

/// The APIs a sarama client of `kinds` (v1.43.0 to v1.45.x) sends at `config.Version` = `kafka`
/// in a version the Kafka release `cluster` does not have (its maximum from franz-go's kversion).
pub fn sarama_above(kafka: &str, cluster: &str, kinds: &[String]) -> Vec<TooNew> {
    KIP896
        .api
        .iter()
        .filter(|a| a.used_by(kinds))
        .filter_map(|a| {
            let sent = a.sarama(kafka);
            let max = a.franz(cluster);
            (max.is_none_or(|m| sent > m)).then_some(TooNew { api: &a.name, sent, max })
        })
        .collect()
}

/// `Fetch v3 (Kafka 4.0 accepts v4 and later)`, joined.
pub fn describe(removed: &[Removed]) -> String {
    removed.iter().map(|r| format!("{} v{} (4.0 accepts v{}+)", r.api, r.sent, r.min)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn sarama_sends_removed_fetch_and_produce_below_0_11_only() {
        let consumer = kinds(&["consumer", "group"]);
        let r = sarama_removed("0.10.2.0", &consumer);
        assert_eq!(r.iter().map(|r| (r.api, r.sent)).collect::<Vec<_>>(), [("Fetch", 3)]);
        assert!(sarama_removed("0.11.0.0", &consumer).is_empty());
        assert_eq!(sarama_removed("0.10.2.0", &kinds(&["producer"])).iter().map(|r| (r.api, r.sent)).collect::<Vec<_>>(), [("Produce", 2)]);
        // Below 0.10.1 ListOffsets is v0 (removed) and below 0.9 OffsetCommit v1.
        let r = sarama_removed("0.8.2.0", &consumer);
        assert_eq!(r.iter().map(|r| (r.api, r.sent)).collect::<Vec<_>>(), [("Fetch", 0), ("ListOffsets", 0), ("OffsetCommit", 1)]);
    }

    #[test]
    fn sarama_admin_calls_decide_which_admin_requests_count() {
        assert!(sarama_removed("1.0.0", &kinds(&["admin", "admin:CreateTopic"])).is_empty());
        let r = sarama_removed("1.0.0", &kinds(&["admin", "admin:ListTopics"]));
        assert_eq!(r.iter().map(|r| (r.api, r.sent)).collect::<Vec<_>>(), [("DescribeConfigs", 0)]);
        assert!(sarama_removed("1.1.0", &kinds(&["admin", "admin:ListTopics"])).is_empty());
        assert_eq!(sarama_removed("1.1.0", &kinds(&["admin:ListAcls"]))[0].api, "DescribeAcls");
    }

    #[test]
    fn nothing_at_or_above_2_1_is_removed() {
        let all: Vec<String> = KIP896.api.iter().flat_map(|a| a.uses.clone()).collect();
        assert!(sarama_removed("2.1.0", &all).is_empty());
        assert!(franz_removed("2.1.0", &all).is_empty());
    }

    #[test]
    fn sarama_above_an_older_cluster_names_only_what_it_lacks() {
        let group = kinds(&["consumer", "group"]);
        // V2_4_0_0 against 2.3: Metadata v9, OffsetFetch v6, LeaveGroup v3 are newer than 2.3's.
        let r = sarama_above("2.4.0", "2.3", &group);
        assert_eq!(
            r.iter().map(|r| (r.api, r.sent, r.max)).collect::<Vec<_>>(),
            [("Metadata", 9, Some(8)), ("OffsetFetch", 6, Some(5)), ("LeaveGroup", 3, Some(2))]
        );
        // V2_1_0_0 against 2.0: a producer's Produce v7 (2.0 has v6).
        assert_eq!(sarama_above("2.1.0", "2.0", &kinds(&["producer"]))[0].sent, 7);
        // V2_6_0_0 against 2.5: every consumer-group request is one 2.5 has.
        assert!(sarama_above("2.6.0", "2.5", &group).is_empty());
    }

    #[test]
    fn franz_caps_follow_kversion() {
        let r = franz_removed("0.10.2", &kinds(&["producer", "consumer", "group"]));
        assert_eq!(r.iter().map(|r| (r.api, r.sent)).collect::<Vec<_>>(), [("Produce", 2), ("Fetch", 3)]);
        assert!(franz_removed("0.11.0", &kinds(&["producer", "consumer", "group"])).is_empty());
        assert_eq!(franz_removed("1.0.0", &kinds(&["admin:ListTopics"]))[0].sent, 0);
    }
}
