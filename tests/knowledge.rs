//! The embedded knowledge base against facts checked by hand in Kafka's docs and source.

use kafkalint::knowledge::{self, DefaultVal, RELEASES, UNPARSED_VALIDATORS};
use kafkalint::version::Release;

fn key(kind: &str, name: &str) -> &'static knowledge::KeyDef {
    knowledge::kind(kind).and_then(|k| k.get(name)).unwrap_or_else(|| panic!("{kind}: {name} missing"))
}

fn r(v: &str) -> Release {
    Release::named(v).unwrap_or_else(|| panic!("release {v}"))
}

fn default(kind: &str, name: &str, v: &str) -> Option<DefaultVal> {
    key(kind, name).default_in(r(v))
}

#[test]
fn defaults_that_changed() {
    // KIP-735: consumer session.timeout.ms 10 s → 45 s in 3.0.
    assert_eq!(default("consumer", "session.timeout.ms", "2.8"), Some(DefaultVal::Value("10000")));
    assert_eq!(default("consumer", "session.timeout.ms", "3.0"), Some(DefaultVal::Value("45000")));
    // KIP-679: producer acks 1 → all and enable.idempotence false → true in 3.0.
    assert_eq!(default("producer", "acks", "2.8"), Some(DefaultVal::Value("1")));
    assert_eq!(default("producer", "acks", "3.0"), Some(DefaultVal::Value("all")));
    assert_eq!(default("producer", "enable.idempotence", "2.8"), Some(DefaultVal::Value("false")));
    for v in ["3.0", "3.9", "4.0", "4.2"] {
        assert_eq!(default("producer", "enable.idempotence", v), Some(DefaultVal::Value("true")), "{v}");
    }
    // KIP-1030 (4.0): linger.ms 0 → 5.
    assert_eq!(default("producer", "linger.ms", "3.9"), Some(DefaultVal::Value("0")));
    assert_eq!(default("producer", "linger.ms", "4.0"), Some(DefaultVal::Value("5")));
}

#[test]
fn keys_that_came_and_went() {
    let zk = key("broker", "zookeeper.connect");
    assert!(zk.exists_in(r("3.9")));
    assert!(!zk.exists_in(r("4.0")));
    assert_eq!(zk.removed_after(), Some(r("4.0")));
    let gp = key("consumer", "group.protocol");
    assert!(!gp.exists_in(r("3.6")));
    assert!(gp.exists_in(r("3.7")));
    // KRaft keys are required (no default) from 4.0.
    assert_eq!(default("broker", "node.id", "3.9"), Some(DefaultVal::Value("-1")));
    assert_eq!(default("broker", "node.id", "4.0"), Some(DefaultVal::Required));
}

#[test]
fn valid_values_per_version() {
    let aor = key("consumer", "auto.offset.reset");
    let text = |v| aor.valid_in(r(v)).map(|d| d.text).unwrap_or_default();
    assert_eq!(text("3.9"), "[latest, earliest, none]");
    assert!(text("4.0").contains("by_duration"));
    let check = |v: &str, value: &str| aor.valid_in(r(v)).and_then(|d| d.validator).expect("parsed").check(value).is_ok();
    assert!(check("3.9", "earliest"));
    assert!(!check("3.9", "smallest"));
    assert!(!check("3.9", "by_duration:PT1H"));
    assert!(check("4.0", "by_duration:PT1H"));
    assert!(!check("4.0", "by_duration:soon"));
    // processing.guarantee: exactly_once_v2 from 3.0; exactly_once gone in 4.0.
    let pg = key("streams", "processing.guarantee");
    let ok = |v: &str, value: &str| pg.valid_in(r(v)).and_then(|d| d.validator).expect("parsed").check(value).is_ok();
    assert!(!ok("2.8", "exactly_once_v2"));
    assert!(ok("3.0", "exactly_once_v2") && ok("3.9", "exactly_once"));
    assert!(!ok("4.0", "exactly_once"));
}

#[test]
fn every_release_line_of_the_catalog_is_present() {
    let expected = [
        "0.10.0", "0.10.1", "0.10.2", "0.11.0", "1.0", "1.1", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "3.0", "3.1",
        "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "4.0", "4.1", "4.2",
    ];
    assert_eq!(RELEASES, expected);
    // When the catalog is present, its list of release lines matches too.
    let index = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kafka-catalog/index.json");
    if let Ok(text) = std::fs::read_to_string(&index) {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let listed: Vec<&str> = v["_meta"]["versions"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
        assert_eq!(RELEASES, listed.as_slice());
    }
    for kind in ["broker", "topic", "producer", "consumer", "admin", "connect", "streams"] {
        assert!(knowledge::kind(kind).is_some_and(|k| k.keys.len() > 20), "{kind}");
    }
}

/// Documented validator forms kafkalint cannot check yet. The list may only shrink: when one
/// becomes parseable, lower the bound.
#[test]
fn unparsed_validators_only_shrink() {
    let listed: Vec<String> = UNPARSED_VALIDATORS.iter().map(|(t, n)| format!("{n:>3}  {t}")).collect();
    // Bound: 0 (every documented form parses today).
    assert!(UNPARSED_VALIDATORS.is_empty(), "new unparsed validator texts:\n{}", listed.join("\n"));
}

#[test]
fn librdkafka_and_aliases() {
    let lib = knowledge::client_lib("librdkafka").expect("librdkafka table");
    assert!(lib.get("queue.buffering.max.ms").is_some());
    assert_eq!(lib.get("linger.ms").and_then(|p| p.alias_of), Some("queue.buffering.max.ms"));
    assert!(lib.release("2.3.1").is_some());
    let a = knowledge::alias("queue.buffering.max.ms").unwrap();
    assert_eq!(a.java, Some("linger.ms"));
    assert!(a.same_value);
    // Every alias's Java key is a real Java client key.
    for a in knowledge::ALIASES {
        if let Some(j) = a.java {
            let known = ["producer", "consumer", "admin"].iter().any(|k| knowledge::kind(k).and_then(|t| t.get(j)).is_some());
            assert!(known, "alias {} points at unknown key {j}", a.name);
        }
    }
}
