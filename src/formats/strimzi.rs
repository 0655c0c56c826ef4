//! Strimzi custom resources: `Kafka`, `KafkaNodePool`, `KafkaTopic`.
//!
//! A `Kafka` resource gives one broker unit: `spec.kafka.config` as broker keys, minus the keys
//! Strimzi forbids there (it drops them; `strimzi/forbidden-config` says so), with the settings
//! Strimzi writes itself (listeners, the inter-broker and controller listeners, `process.roles`,
//! `node.id`, `log.dirs`, the quorum or ZooKeeper connection) as platform defaults, so the broker
//! rules see the configuration the operator generates. `spec.kafka.version` is the unit's Kafka
//! version; `spec.kafka.replicas` or the replicas of the `KafkaNodePool`s labelled with the
//! cluster's name (in the same file) are the broker count. A `KafkaTopic` gives a topic unit
//! (`spec.config` as topic keys; `spec.replicas`, `spec.partitions`). Every document of a
//! multi-document file is read. What Strimzi forbids, per release line, is in
//! `knowledge/strimzi.toml`.

use super::yaml::{self, Node, Style};
use super::{Inserter, Naming, PlatformDefault, Read, Unit, UnitEntry, UnitMeta, Unmapped, ValueSyntax, VersionSource};
use crate::model::Role;
use crate::source::Span;
use crate::version::Release;
use serde::Deserialize;
use std::path::Path;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
pub struct Forbidden {
    pub prefix: String,
    pub since: String,
    pub until: Option<String>,
    pub instead: String,
}

#[derive(Debug, Deserialize)]
pub struct Exception {
    pub key: String,
    pub since: String,
}

#[derive(Debug, Deserialize)]
pub struct Kb {
    pub per_listener_since: String,
    pub per_listener_options: Vec<String>,
    pub forbidden: Vec<Forbidden>,
    pub exception: Vec<Exception>,
}

pub static KB: LazyLock<Kb> =
    LazyLock::new(|| toml_edit::de::from_str(include_str!("../../knowledge/strimzi.toml")).expect("knowledge/strimzi.toml parses"));

/// Whether a YAML text holds a Strimzi resource (`apiVersion: kafka.strimzi.io/...`).
pub fn looks_like(text: &str) -> bool {
    text.contains("kafka.strimzi.io/")
}

/// The forbidden prefix a `spec.kafka.config` key falls under in the current Strimzi (as
/// `AbstractConfiguration.filterForbidden` compares: the lower-cased key against the prefix, the
/// exceptions as written), given the resource's listener identifiers (`tls-9093`).
pub fn forbidden(key: &str, listeners: &[String]) -> Option<&'static Forbidden> {
    let lower = key.to_lowercase();
    let f = KB.forbidden.iter().find(|f| f.until.is_none() && lower.starts_with(f.prefix.as_str()))?;
    if KB.exception.iter().any(|e| e.key == key) {
        return None;
    }
    for l in listeners {
        if KB.per_listener_options.iter().any(|o| key == format!("listener.name.{l}.{o}")) {
            return None;
        }
    }
    Some(f)
}

/// A user listener of `spec.kafka.listeners`.
struct Listener {
    name: String,
    port: u16,
    tls: bool,
    sasl: bool,
    /// The SASL mechanism of its authentication (`SCRAM-SHA-512`, `OAUTHBEARER`).
    mechanism: &'static str,
}

fn listeners(kafka: &Node) -> Vec<Listener> {
    let Some(seq) = kafka.get("listeners").and_then(Node::as_seq) else { return Vec::new() };
    seq.items
        .iter()
        .filter_map(|l| {
            let name = l.get("name")?.str()?.to_string();
            let port = l.get("port")?.str()?.parse().ok()?;
            let tls = l.get("tls").and_then(Node::str) == Some("true");
            let auth = l.path(&["authentication", "type"]).and_then(Node::str).unwrap_or("");
            let sasl = matches!(auth, "scram-sha-512" | "oauth")
                || (auth == "custom" && l.path(&["authentication", "sasl"]).and_then(Node::str) == Some("true"));
            let mechanism = if auth == "oauth" {
                "OAUTHBEARER"
            } else if auth == "scram-sha-512" {
                "SCRAM-SHA-512"
            } else {
                "PLAIN"
            };
            Some(Listener { name, port, tls, sasl, mechanism })
        })
        .collect()
}

fn int(node: Option<&Node>) -> Option<(i64, Span)> {
    let s = node?.as_scalar()?;
    Some((s.value.trim().parse().ok()?, s.span))
}

fn label<'a>(doc: &'a Node, key: &str) -> Option<&'a str> {
    doc.path(&["metadata", "labels"])?.get(key)?.str()
}

fn annotation<'a>(doc: &'a Node, key: &str) -> Option<&'a str> {
    doc.path(&["metadata", "annotations"])?.get(key)?.str()
}

/// A `KafkaNodePool`: its cluster, replicas and roles.
struct Pool {
    name: String,
    anchor: Span,
    cluster: String,
    replicas: i64,
    broker: bool,
    controller: bool,
}

/// The entries of a `config` map, and where a new one goes.
fn config_entries(
    text: &str,
    map: Option<&Node>,
    newline: &'static str,
    keep: &mut dyn FnMut(&str, &yaml::Scalar, &Node) -> bool,
) -> (Vec<UnitEntry>, Option<Inserter>) {
    let Some(m) = map.and_then(Node::as_map) else { return (Vec::new(), None) };
    let mut out = Vec::new();
    for (k, v) in m.entries_merged() {
        let Some(ks) = k.as_scalar() else { continue };
        let Some(vs) = v.as_scalar() else { continue };
        if !keep(&ks.value, ks, v) {
            continue;
        }
        let syntax = if vs.aliased || ks.aliased || m.flow || matches!(vs.style, Style::Literal | Style::Folded) {
            ValueSyntax::Fixed
        } else {
            ValueSyntax::Yaml { style: vs.style, scalar: vs.span }
        };
        out.push(UnitEntry {
            key: ks.value.clone(),
            written: ks.value.clone(),
            value: if v.is_null() { String::new() } else { vs.value.clone() },
            key_span: ks.span,
            value_span: super::spring::value_span(text, vs),
            span: Span::new(ks.span.start, vs.span.end.max(ks.span.end)),
            syntax,
        });
    }
    // A new key goes on the line after the map's last item, indented as its first key.
    let insert = (!m.flow && !m.entries.is_empty())
        .then(|| {
            let first = m.entries.first()?.0.span().start;
            let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
            let indent = &text[line_start..first];
            if !indent.chars().all(|c| c == ' ') {
                return None;
            }
            let last_end = m.entries.last()?.1.span().end;
            let at = text[last_end..].find('\n').map(|i| last_end + i + 1);
            Some(Inserter {
                at: at.unwrap_or(text.len()),
                line_prefix: indent.to_string(),
                separator: ": ".into(),
                naming: Naming::Key { prefix: String::new() },
                lead_newline: at.is_none(),
                newline,
            })
        })
        .flatten();
    (out, insert)
}

pub fn read(_path: &Path, text: &str) -> Read {
    let comments = super::yaml_comments(text);
    // kubectl and the operator read YAML with Go's yaml (a libyaml port), which checks
    // indentation only in block context: a closing bracket at its parent's indentation is fine.
    let docs = match yaml::parse_lenient(text) {
        Ok(d) => d,
        Err(e) => return Read { units: Vec::new(), comments, error: Some((e.at, e.message)) },
    };
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let strimzi = |d: &Node| d.get("apiVersion").and_then(Node::str).is_some_and(|a| a.starts_with("kafka.strimzi.io/"));
    let kind = |d: &Node| d.get("kind").and_then(Node::str).unwrap_or("").to_string();
    let name_of = |d: &Node| d.path(&["metadata", "name"]).and_then(Node::as_scalar).map(|s| (s.value.clone(), s.span));
    let pools: Vec<Pool> = docs
        .iter()
        .filter(|d| strimzi(d) && kind(d) == "KafkaNodePool")
        .filter_map(|d| {
            let roles: Vec<&str> = d
                .path(&["spec", "roles"])
                .and_then(Node::as_seq)
                .map(|s| s.items.iter().filter_map(Node::str).collect())
                .unwrap_or_default();
            let (name, anchor) = name_of(d)?;
            Some(Pool {
                name,
                anchor,
                cluster: label(d, "strimzi.io/cluster")?.to_string(),
                replicas: int(d.path(&["spec", "replicas"]))?.0,
                broker: roles.contains(&"broker"),
                controller: roles.contains(&"controller"),
            })
        })
        .collect();
    // The broker count of each Kafka resource of the file.
    let mut clusters: Vec<(String, Option<usize>)> = Vec::new();
    let mut units = Vec::new();
    for d in docs.iter().filter(|d| strimzi(d) && kind(d) == "Kafka") {
        let Some((name, anchor)) = name_of(d) else { continue };
        let Some(kafka) = d.path(&["spec", "kafka"]) else { continue };
        let my_pools: Vec<&Pool> = pools.iter().filter(|p| p.cluster == name).collect();
        let uses_pools = annotation(d, "strimzi.io/node-pools") == Some("enabled") || !my_pools.is_empty();
        let kraft = annotation(d, "strimzi.io/kraft").is_some_and(|a| a == "enabled" || a == "migration")
            || d.path(&["spec", "zookeeper"]).is_none();
        let brokers: Option<usize> = if uses_pools {
            (!my_pools.is_empty()).then(|| my_pools.iter().filter(|p| p.broker).map(|p| p.replicas.max(0) as usize).sum())
        } else {
            int(kafka.get("replicas")).map(|(n, _)| n.max(0) as usize)
        };
        let controllers: Option<usize> =
            (!my_pools.is_empty()).then(|| my_pools.iter().filter(|p| p.controller).map(|p| p.replicas.max(0) as usize).sum());
        let combined = my_pools.iter().any(|p| p.broker && p.controller);
        clusters.push((name.clone(), brokers));
        let user = listeners(kafka);
        let ids: Vec<String> = user.iter().map(|l| format!("{}-{}", l.name, l.port)).collect();
        let mut unmapped = Vec::new();
        let (mut entries, insert) = config_entries(text, kafka.get("config"), newline, &mut |key, ks, v| {
            let Some(f) = forbidden(key, &ids) else { return true };
            unmapped.push(Unmapped {
                written: key.to_string(),
                span: ks.span,
                value_span: v.as_scalar().map_or(ks.span, |s| s.inner),
                reason: format!("keys starting with `{}` are Strimzi's to set (forbidden since Strimzi {})", f.prefix, f.since),
                suggestion: Some(f.instead.clone()),
                kind: "forbidden-config",
            });
            false
        });
        // What Strimzi writes into the broker configuration itself
        // (KafkaBrokerConfigurationBuilder: withListeners, withKRaft, withZookeeper, withLogDirs).
        let host = |port: u16| format!("{name}-kafka-0.{name}-kafka-brokers.svc:{port}");
        let mut protocol_map = vec!["REPLICATION-9091:SSL".to_string()];
        let mut listen = vec!["REPLICATION-9091://0.0.0.0:9091".to_string()];
        let mut advertised = vec![format!("REPLICATION-9091://{}", host(9091))];
        if kraft && (combined || my_pools.is_empty()) {
            protocol_map.insert(0, "CONTROLPLANE-9090:SSL".into());
            listen.insert(0, "CONTROLPLANE-9090://0.0.0.0:9090".into());
        }
        for l in &user {
            let id = format!("{}-{}", l.name, l.port).to_uppercase();
            let proto = match (l.tls, l.sasl) {
                (true, true) => "SASL_SSL",
                (true, false) => "SSL",
                (false, true) => "SASL_PLAINTEXT",
                (false, false) => "PLAINTEXT",
            };
            protocol_map.push(format!("{id}:{proto}"));
            listen.push(format!("{id}://0.0.0.0:{}", l.port));
            advertised.push(format!("{id}://{}", host(l.port)));
        }
        // Every TLS listener gets the broker's certificate (0.30: keystore.location
        // /tmp/kafka/cluster.keystore.p12; later: PEM from the pod's Secret), every SASL listener
        // the mechanism of its authentication.
        let mut tls_and_sasl: Vec<(String, String)> = Vec::new();
        let mut mechanisms: Vec<&str> = Vec::new();
        for (id, tls, mech) in protocol_map.iter().filter_map(|m| m.split_once(':')).map(|(id, p)| {
            let l = user.iter().find(|l| format!("{}-{}", l.name, l.port).eq_ignore_ascii_case(id));
            (id.to_ascii_lowercase(), p.ends_with("SSL"), l.filter(|l| l.sasl).map(|l| l.mechanism))
        }) {
            if tls {
                tls_and_sasl.push((format!("listener.name.{id}.ssl.keystore.location"), "/tmp/kafka/cluster.keystore.p12".into()));
                tls_and_sasl.push((format!("listener.name.{id}.ssl.keystore.type"), "PKCS12".into()));
            }
            if let Some(m) = mech {
                tls_and_sasl.push((format!("listener.name.{id}.sasl.enabled.mechanisms"), m.to_string()));
                if !mechanisms.contains(&m) {
                    mechanisms.push(m);
                }
            }
        }
        let mut defaults = vec![
            ("sasl.enabled.mechanisms", mechanisms.join(",")),
            ("listeners", listen.join(",")),
            ("advertised.listeners", advertised.join(",")),
            ("listener.security.protocol.map", protocol_map.join(",")),
            ("inter.broker.listener.name", "REPLICATION-9091".to_string()),
            ("log.dirs", "/var/lib/kafka/data/kafka-log0".to_string()),
        ];
        if kraft {
            let voters = controllers.filter(|c| *c > 0).unwrap_or(3);
            let quorum: Vec<String> = (0..voters).map(|i| format!("{i}@{name}-controller-{i}.{name}-kafka-brokers.svc:9090")).collect();
            defaults.push(("process.roles", if combined || my_pools.is_empty() { "broker,controller" } else { "broker" }.to_string()));
            defaults.push(("node.id", if combined || my_pools.is_empty() { "0".to_string() } else { voters.to_string() }));
            defaults.push(("controller.listener.names", "CONTROLPLANE-9090".to_string()));
            defaults.push(("controller.quorum.voters", quorum.join(",")));
        } else {
            defaults.push(("zookeeper.connect", format!("{name}-zookeeper-client:2181")));
            defaults.push(("broker.id", "0".to_string()));
        }
        let defaults = defaults
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .chain(tls_and_sasl)
            .map(|(key, value)| PlatformDefault { key, value, origin: "Strimzi".to_string() })
            .collect();
        let version = kafka.get("version").and_then(Node::str).map(str::to_string);
        let release = version.as_deref().and_then(|v| Release::parse(v).ok());
        let mut notes = vec![format!(
            "Strimzi writes the listeners, the inter-broker{} configuration, node ids and log directories itself",
            if kraft { " and KRaft quorum" } else { " and ZooKeeper" }
        )];
        if version.is_none() {
            notes.push(
                "spec.kafka.version is not set: the Cluster Operator's default Kafka version runs, which changes with the operator".into(),
            );
        }
        if brokers.is_none() {
            notes.push("the broker count is not known from this file (no spec.kafka.replicas, no KafkaNodePool of this cluster)".into());
        }
        entries.sort_by_key(|e| e.span.start);
        if let Some(c) = controllers.filter(|_| kraft) {
            let pools: Vec<&str> = my_pools.iter().filter(|p| p.controller).map(|p| p.name.as_str()).collect();
            notes.push(format!("{c} KRaft controller{} (KafkaNodePool {})", if c == 1 { "" } else { "s" }, pools.join(", ")));
        }
        let kafka_index = units.len();
        let controller_units: Vec<Unit> = if kraft {
            my_pools
                .iter()
                .filter(|p| p.controller && !p.broker)
                .map(|p| controller_unit(p, &name, &entries, insert.clone(), release, controllers.unwrap_or(0), brokers, kafka_index))
                .collect()
        } else {
            Vec::new()
        };
        units.push(Unit {
            role: Some(Role::Broker),
            entries,
            meta: UnitMeta {
                name: name.clone(),
                anchor,
                release,
                version_source: release.map(|_| VersionSource::Resource),
                version_note: version
                    .filter(|_| release.is_none())
                    .map(|v| format!("spec.kafka.version `{v}` is not a Kafka version kafkalint knows")),
                insert,
                defaults,
                unmapped,
                cluster: Some(name),
                broker_count: brokers,
                notes,
                ..UnitMeta::default()
            },
        });
        units.extend(controller_units);
    }
    for d in docs.iter().filter(|d| strimzi(d) && kind(d) == "KafkaTopic") {
        let Some((name, anchor)) = name_of(d) else { continue };
        let spec = d.get("spec");
        let (entries, insert) = config_entries(text, spec.and_then(|s| s.get("config")), newline, &mut |_, _, _| true);
        let cluster = label(d, "strimzi.io/cluster").map(str::to_string);
        let broker_count = cluster.as_ref().and_then(|c| clusters.iter().find(|(n, _)| n == c)).and_then(|(_, b)| *b);
        let topic_name = spec.and_then(|s| s.get("topicName")).and_then(Node::str).unwrap_or(&name).to_string();
        units.push(Unit {
            role: Some(Role::Topic),
            entries,
            meta: UnitMeta {
                name: topic_name,
                anchor,
                insert,
                cluster,
                broker_count,
                topic_replicas: int(spec.and_then(|s| s.get("replicas"))),
                topic_partitions: int(spec.and_then(|s| s.get("partitions"))),
                ..UnitMeta::default()
            },
        });
    }
    let settings = super::spring::yaml_settings(text, &docs);
    for u in &mut units {
        u.meta.file_settings = settings.clone();
    }
    // The units of one file belong to the cluster of its Kafka resource: its broker count holds
    // for all of them (the deployment rules read it).
    if let [(cluster, Some(n))] = clusters.as_slice() {
        for u in units.iter_mut().filter(|u| u.meta.cluster.as_deref() == Some(cluster.as_str())) {
            u.meta.broker_count = Some(*n);
        }
    }
    Read { units, comments, error: None }
}

/// The unit of a `KafkaNodePool` whose nodes are KRaft controllers only (`roles: [controller]`).
/// Strimzi writes `spec.kafka.config` of the Kafka resource into every node's configuration
/// (KafkaBrokerConfigurationBuilder.withUserConfiguration, called for each node), so the unit
/// holds the same entries; what Strimzi writes for a controller node is its platform default
/// (KafkaBrokerConfigurationBuilder withKRaft/withListeners for a controller: the control plane
/// listener `CONTROLPLANE-9090` with TLS, no advertised listeners, the quorum of the cluster's
/// controllers). A finding on a shared entry that the Kafka resource's unit also has is reported
/// once, on it (`shares_entries_with`, super::drop_repeated); findings the
/// controllers alone have are reported on the pool's unit.
#[allow(clippy::too_many_arguments)]
fn controller_unit(
    pool: &Pool,
    cluster: &str,
    entries: &[UnitEntry],
    insert: Option<Inserter>,
    release: Option<Release>,
    controllers: usize,
    brokers: Option<usize>,
    kafka_index: usize,
) -> Unit {
    let voters = controllers.max(1);
    let quorum: Vec<String> = (0..voters).map(|i| format!("{i}@{cluster}-controller-{i}.{cluster}-kafka-brokers.svc:9090")).collect();
    let defaults = [
        ("process.roles", "controller".to_string()),
        ("node.id", "0".to_string()),
        ("controller.listener.names", "CONTROLPLANE-9090".to_string()),
        ("controller.quorum.voters", quorum.join(",")),
        ("listeners", "CONTROLPLANE-9090://0.0.0.0:9090".to_string()),
        ("listener.security.protocol.map", "CONTROLPLANE-9090:SSL".to_string()),
        ("listener.name.controlplane-9090.ssl.keystore.location", "/tmp/kafka/cluster.keystore.p12".to_string()),
        ("listener.name.controlplane-9090.ssl.keystore.type", "PKCS12".to_string()),
        ("log.dirs", "/var/lib/kafka/data/kafka-log0".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| PlatformDefault { key: k.to_string(), value: v, origin: "Strimzi".to_string() })
    .collect();
    Unit {
        role: Some(Role::Broker),
        entries: entries.to_vec(),
        meta: UnitMeta {
            name: pool.name.clone(),
            anchor: pool.anchor,
            release,
            version_source: release.map(|_| VersionSource::Resource),
            insert,
            defaults,
            cluster: Some(cluster.to_string()),
            broker_count: brokers,
            shares_entries_with: Some(kafka_index),
            notes: vec![format!(
                "KafkaNodePool `{}`: {} KRaft controller{} of the Kafka resource `{cluster}` ({voters} in the cluster), configured by its spec.kafka.config",
                pool.name,
                pool.replicas,
                if pool.replicas == 1 { "" } else { "s" }
            )],
            ..UnitMeta::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_prefixes_and_exceptions() {
        assert!(forbidden("listeners", &[]).is_some());
        assert!(forbidden("ssl.keystore.location", &[]).is_some());
        assert!(forbidden("ssl.cipher.suites", &[]).is_none());
        assert!(forbidden("SSL.KEYSTORE.TYPE", &[]).is_some());
        assert!(forbidden("broker.rack", &[]).is_some());
        assert!(forbidden("broker.session.timeout.ms", &[]).is_none());
        assert!(forbidden("log.dirs", &[]).is_some());
        assert!(forbidden("log.retention.hours", &[]).is_none());
        assert!(forbidden("principal.builder.class", &[]).is_none());
        assert!(forbidden("controller.quorum.voters", &[]).is_some());
        assert!(forbidden("controller.quorum.election.timeout.ms", &[]).is_none());
        assert!(forbidden("listener.name.tls-9093.max.connections", &["tls-9093".into()]).is_none());
        assert!(forbidden("listener.name.tls-9093.max.connections", &[]).is_some());
        // Compared lower-cased, this prefix never matches.
        assert!(forbidden("zookeeper.clientCnxnSocket", &[]).is_none());
    }

    #[test]
    fn kafka_with_node_pools_and_a_topic() {
        let t = "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaNodePool\nmetadata:\n  name: dual\n  labels:\n    strimzi.io/cluster: my-cluster\nspec:\n  replicas: 3\n  roles: [controller, broker]\n---\napiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata:\n  name: my-cluster\n  annotations:\n    strimzi.io/node-pools: enabled\n    strimzi.io/kraft: enabled\nspec:\n  kafka:\n    version: 3.7.0\n    listeners:\n      - name: tls\n        port: 9093\n        type: internal\n        tls: true\n    config:\n      offsets.topic.replication.factor: 3\n      listeners: PLAINTEXT://:9092\n      ssl.keystore.password: hunter22\n---\napiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata:\n  name: orders\n  labels:\n    strimzi.io/cluster: my-cluster\nspec:\n  partitions: 6\n  replicas: 4\n  config:\n    min.insync.replicas: 2\n";
        let r = read(Path::new("kafka.yaml"), t);
        assert!(r.error.is_none());
        assert_eq!(r.units.len(), 2);
        let b = &r.units[0];
        assert_eq!(b.role, Some(Role::Broker));
        assert_eq!(b.meta.broker_count, Some(3));
        assert_eq!(b.meta.release, Release::parse("3.7").ok());
        let keys: Vec<&str> = b.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, vec!["offsets.topic.replication.factor"]);
        let f: Vec<&str> = b.meta.unmapped.iter().map(|u| u.written.as_str()).collect();
        assert_eq!(f, vec!["listeners", "ssl.keystore.password"]);
        assert!(b.meta.defaults.iter().any(|d| d.key == "listeners" && d.value.contains("TLS-9093://0.0.0.0:9093")));
        let i = b.meta.insert.as_ref().unwrap();
        assert_eq!(i.line_prefix, "      ");
        assert!(t[i.at..].starts_with("---"));
        let topic = &r.units[1];
        assert_eq!(topic.role, Some(Role::Topic));
        assert_eq!(topic.meta.topic_replicas.map(|r| r.0), Some(4));
        assert_eq!(topic.meta.broker_count, Some(3));
        assert_eq!(topic.entries[0].key, "min.insync.replicas");
    }
}
