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
    fn franz_caps_follow_kversion() {
        let r = franz_removed("0.10.2", &kinds(&["producer", "consumer", "group"]));
        assert_eq!(r.iter().map(|r| (r.api, r.sent)).collect::<Vec<_>>(), [("Produce", 2), ("Fetch", 3)]);
        assert!(franz_removed("0.11.0", &kinds(&["producer", "consumer", "group"])).is_empty());
        assert_eq!(franz_removed("1.0.0", &kinds(&["admin:ListTopics"]))[0].sent, 0);
    }
}
