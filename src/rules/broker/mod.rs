//! Broker and controller files.
pub mod advertised_listener_not_in_listeners;
pub mod advertised_wildcard_address;
pub mod allow_everyone_if_no_acl;
pub mod broker_id_out_of_range;
pub mod cleaner_dedupe_buffer_per_thread;
pub mod control_plane_listener_invalid;
pub mod controller_listener_advertised;
pub mod controller_listener_is_inter_broker_listener;
pub mod controller_listener_not_in_listeners;
pub mod duplicate_advertised_endpoint;
pub mod duplicate_listener;
pub mod duplicate_node_id;
pub mod duplicate_process_role;
pub mod early_start_listener_unknown;
pub mod failed_auth_delay_exceeds_idle;
pub mod group_heartbeat_session_bounds;
pub mod group_session_timeout_min_exceeds_max;
pub(crate) mod ibp;
pub mod inconsistent_quorum_voters;
pub mod inter_broker_listener_not_advertised;
pub mod inter_broker_listener_with_protocol;
pub mod inter_broker_protocol_newer_than_broker;
pub mod kraft_inter_broker_protocol_too_old;
pub mod kraft_without_controller_listener_names;
pub mod kraft_without_node_id;
pub mod kraft_without_quorum;
pub mod listener_endpoint_unparsable;
pub mod listener_role_mismatch;
pub mod listener_without_security_protocol;
pub mod local_retention_exceeds_retention;
pub mod log_dirs_empty;
pub mod log_dirs_in_tmp;
pub mod log_retention_zero;
pub mod log_roll_invalid;
pub mod loopback_advertised_in_cluster;
pub mod max_connections_per_ip_override_invalid;
pub mod max_connections_per_ip_zero_without_overrides;
pub mod message_format_above_protocol;
pub mod message_format_version_ignored;
pub mod min_insync_vs_replication_factor;
pub mod node_id_differs_from_broker_id;
pub mod node_id_vs_quorum_voters;
pub mod offsets_commit_required_acks_out_of_range;
pub mod queued_max_request_bytes_below_request_max;
pub mod quorum_voters_syntax;
pub mod rebalance_protocols_invalid;
pub mod remote_storage_with_several_log_dirs;
pub mod replica_fetch_wait_exceeds_timeouts;
pub mod replication_factor_exceeds_brokers;
pub mod sasl_mechanism_not_enabled;
pub mod segment_exceeds_retention_bytes;
pub mod shadowed_key;
pub mod ssl_listener_without_keystore;
pub mod unbounded_retention;
pub mod unclean_leader_election_enabled;
pub mod zookeeper_connect_in_kraft;
pub mod zookeeper_migration_incomplete;
pub mod zstd_offsets_compression_needs_protocol;

use crate::kafka::{parse_listeners, value_range_span, Endpoint};
use crate::model::is_placeholder;
use crate::properties::Entry;
use crate::rules::FileCtx;
use crate::source::Span;
use crate::version::Release;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &advertised_listener_not_in_listeners::AdvertisedListenerNotInListeners,
    &advertised_wildcard_address::AdvertisedWildcardAddress,
    &allow_everyone_if_no_acl::AllowEveryoneIfNoAcl,
    &controller_listener_advertised::ControllerListenerAdvertised,
    &controller_listener_not_in_listeners::ControllerListenerNotInListeners,
    &listener_role_mismatch::ListenerRoleMismatch,
    &node_id_vs_quorum_voters::NodeIdVsQuorumVoters,
    &duplicate_advertised_endpoint::DuplicateAdvertisedEndpoint,
    &duplicate_listener::DuplicateListener,
    &duplicate_node_id::DuplicateNodeId,
    &group_session_timeout_min_exceeds_max::GroupSessionTimeoutMinExceedsMax,
    &inconsistent_quorum_voters::InconsistentQuorumVoters,
    &inter_broker_listener_not_advertised::InterBrokerListenerNotAdvertised,
    &inter_broker_listener_with_protocol::InterBrokerListenerWithProtocol,
    &inter_broker_protocol_newer_than_broker::InterBrokerProtocolNewerThanBroker,
    &kraft_without_controller_listener_names::KraftWithoutControllerListenerNames,
    &kraft_without_node_id::KraftWithoutNodeId,
    &kraft_without_quorum::KraftWithoutQuorum,
    &listener_without_security_protocol::ListenerWithoutSecurityProtocol,
    &log_dirs_in_tmp::LogDirsInTmp,
    &loopback_advertised_in_cluster::LoopbackAdvertisedInCluster,
    &message_format_version_ignored::MessageFormatVersionIgnored,
    &min_insync_vs_replication_factor::MinInsyncVsReplicationFactor,
    &duplicate_process_role::DuplicateProcessRole,
    &quorum_voters_syntax::QuorumVotersSyntax,
    &replication_factor_exceeds_brokers::ReplicationFactorExceedsBrokers,
    &sasl_mechanism_not_enabled::SaslMechanismNotEnabled,
    &segment_exceeds_retention_bytes::SegmentExceedsRetentionBytes,
    &shadowed_key::ShadowedKey,
    &ssl_listener_without_keystore::SslListenerWithoutKeystore,
    &unbounded_retention::UnboundedRetention,
    &unclean_leader_election_enabled::UncleanLeaderElectionEnabled,
    &zookeeper_connect_in_kraft::ZookeeperConnectInKraft,
    &broker_id_out_of_range::BrokerIdOutOfRange,
    &control_plane_listener_invalid::ControlPlaneListenerInvalid,
    &controller_listener_is_inter_broker_listener::ControllerListenerIsInterBrokerListener,
    &early_start_listener_unknown::EarlyStartListenerUnknown,
    &listener_endpoint_unparsable::ListenerEndpointUnparsable,
    &max_connections_per_ip_override_invalid::MaxConnectionsPerIpOverrideInvalid,
    &zookeeper_migration_incomplete::ZookeeperMigrationIncomplete,
    &failed_auth_delay_exceeds_idle::FailedAuthDelayExceedsIdle,
    &log_dirs_empty::LogDirsEmpty,
    &log_retention_zero::LogRetentionZero,
    &log_roll_invalid::LogRollInvalid,
    &max_connections_per_ip_zero_without_overrides::MaxConnectionsPerIpZeroWithoutOverrides,
    &node_id_differs_from_broker_id::NodeIdDiffersFromBrokerId,
    &offsets_commit_required_acks_out_of_range::OffsetsCommitRequiredAcksOutOfRange,
    &queued_max_request_bytes_below_request_max::QueuedMaxRequestBytesBelowRequestMax,
    &replica_fetch_wait_exceeds_timeouts::ReplicaFetchWaitExceedsTimeouts,
    &cleaner_dedupe_buffer_per_thread::CleanerDedupeBufferPerThread,
    &group_heartbeat_session_bounds::GroupHeartbeatSessionBounds,
    &kraft_inter_broker_protocol_too_old::KraftInterBrokerProtocolTooOld,
    &local_retention_exceeds_retention::LocalRetentionExceedsRetention,
    &message_format_above_protocol::MessageFormatAboveProtocol,
    &rebalance_protocols_invalid::RebalanceProtocolsInvalid,
    &remote_storage_with_several_log_dirs::RemoteStorageWithSeveralLogDirs,
    &zstd_offsets_compression_needs_protocol::ZstdOffsetsCompressionNeedsProtocol,
];

/// Whether the file is said to be a broker (command line, directive, kafkalint.toml, file name),
/// not guessed from its keys. Rules about a key that is missing only judge such files: a file
/// whose role is guessed may be a tool's (the raft test server's) or a fragment that its
/// environment completes, as `schema/missing-required-key` does.
pub(crate) fn declared_broker(cx: &FileCtx<'_>) -> bool {
    cx.file.role_source != crate::model::RoleSource::Keys
}

/// A version fact of `knowledge/facts/broker.toml` (`"kraft.since"`): whether `release` is at or
/// after it. A missing fact is a bug in the knowledge base (the tests read every rule).
pub(crate) fn since(release: Release, fact: &str) -> bool {
    let path = format!("broker.{fact}");
    let v = crate::knowledge::fact(&path).unwrap_or_else(|| panic!("knowledge/facts/broker.toml lacks `{path}`"));
    release.at_least(v)
}

/// The version a fact names, for messages.
pub(crate) fn fact_version(fact: &str) -> &'static str {
    let path = format!("broker.{fact}");
    crate::knowledge::fact(&path).unwrap_or_else(|| panic!("knowledge/facts/broker.toml lacks `{path}`"))
}

/// The roles of a KRaft node (`process.roles`, lower-cased, as written), empty for a
/// ZooKeeper-mode broker (no `process.roles`).
pub(crate) fn process_roles(cx: &FileCtx<'_>) -> Vec<String> {
    cx.explicit("process.roles")
        .map(|e| e.value.split(',').map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect())
        .unwrap_or_default()
}

/// What a broker file runs as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// No `process.roles`: ZooKeeper mode (3.x and older; from 4.0 a file without
    /// `process.roles` is refused, which `schema/missing-required-key` reports, and the rules
    /// still read it as a broker).
    ZooKeeper,
    Broker,
    Controller,
    Combined,
    /// `process.roles` holds something Kafka refuses (reported by `schema/invalid-value`, `broker/duplicate-process-role`).
    Invalid,
}

impl Mode {
    pub(crate) fn runs_broker(self) -> bool {
        matches!(self, Mode::ZooKeeper | Mode::Broker | Mode::Combined)
    }
    pub(crate) fn runs_controller(self) -> bool {
        matches!(self, Mode::Controller | Mode::Combined)
    }
    pub(crate) fn is_kraft(self) -> bool {
        matches!(self, Mode::Broker | Mode::Controller | Mode::Combined)
    }
}

pub(crate) fn mode(cx: &FileCtx<'_>) -> Mode {
    let roles = process_roles(cx);
    if cx.explicit("process.roles").is_some_and(|e| is_placeholder(&e.value)) {
        return Mode::Invalid;
    }
    let broker = roles.iter().filter(|r| *r == "broker").count();
    let controller = roles.iter().filter(|r| *r == "controller").count();
    if broker + controller != roles.len() || broker > 1 || controller > 1 {
        return Mode::Invalid;
    }
    match (broker, controller) {
        (0, 0) => Mode::ZooKeeper,
        (1, 0) => Mode::Broker,
        (0, 1) => Mode::Controller,
        _ => Mode::Combined,
    }
}

/// A listener-style value of the file, parsed, with where each endpoint is written.
pub(crate) struct Listeners<'a> {
    /// The entry when the value is written in the file (`None`: the version's default).
    pub entry: Option<&'a Entry>,
    pub text: String,
    pub endpoints: Vec<Endpoint>,
    /// Items that do not parse as `NAME://host:port`.
    pub malformed: usize,
}

impl Listeners<'_> {
    /// The source span of an endpoint (its whole `NAME://host:port` text), else the value.
    pub(crate) fn span_of(&self, cx: &FileCtx<'_>, ep: &Endpoint) -> Span {
        self.span_of_range(cx, ep.range)
    }
    /// The source span of a range of the (trimmed) value text.
    pub(crate) fn span_of_range(&self, cx: &FileCtx<'_>, range: (usize, usize)) -> Span {
        match self.entry {
            Some(e) => {
                let raw = &cx.text()[e.value_span.range()];
                value_range_span(e.value_span, raw, range)
            }
            None => cx.anchor(&[]),
        }
    }
    /// The listener names, normalised as Kafka's `ListenerName.normalised` (upper case).
    pub(crate) fn names(&self) -> Vec<String> {
        self.endpoints.iter().map(|e| e.name.to_ascii_uppercase()).collect()
    }
    pub(crate) fn has(&self, name: &str) -> bool {
        self.endpoints.iter().any(|e| e.name.eq_ignore_ascii_case(name))
    }
}

/// The effective value of a listener-style key, parsed; `None` when unset without a default or
/// written as a placeholder.
pub(crate) fn listeners_of<'a>(cx: &FileCtx<'a>, key: &str) -> Option<Listeners<'a>> {
    let v = cx.get(key)?;
    if is_placeholder(&v.text) {
        return None;
    }
    let parsed = parse_listeners(&v.text);
    let malformed = parsed.iter().filter(|p| p.is_err()).count();
    Some(Listeners { entry: v.entry(), text: v.text.to_string(), endpoints: parsed.into_iter().flatten().collect(), malformed })
}

/// `controller.listener.names`, as written (trimmed, empty items dropped).
pub(crate) fn controller_listener_names(cx: &FileCtx<'_>) -> Vec<String> {
    cx.get("controller.listener.names").map(|v| v.as_list().iter().map(|s| s.to_string()).collect()).unwrap_or_default()
}

/// The byte range of each item of a comma-separated value (trimmed items, empty ones skipped),
/// relative to the trimmed value text.
pub(crate) fn list_items(value: &str) -> Vec<(String, (usize, usize))> {
    let mut out = Vec::new();
    let mut offset = 0;
    for item in value.split(',') {
        let start = offset + (item.len() - item.trim_start().len());
        let t = item.trim();
        offset += item.len() + 1;
        if !t.is_empty() {
            out.push((t.to_string(), (start, start + t.len())));
        }
    }
    out
}

/// The source span of a range of an entry's trimmed value.
pub(crate) fn entry_range_span(cx: &FileCtx<'_>, entry: &Entry, range: (usize, usize)) -> Span {
    let raw = &cx.text()[entry.value_span.range()];
    value_range_span(entry.value_span, raw, range)
}

/// The listener → security protocol map Kafka uses: `listener.security.protocol.map` (explicit or
/// the version's default), plus, in KRaft mode with the map left at its default and no SSL or
/// SASL listener, `PLAINTEXT` for each controller listener (`effectiveListenerSecurityProtocolMap`).
/// Keys are upper case. `None` when the map cannot be read (a placeholder, a malformed entry).
pub(crate) fn security_protocol_map(cx: &FileCtx<'_>) -> Option<Vec<(String, String)>> {
    let v = cx.get("listener.security.protocol.map")?;
    if is_placeholder(&v.text) {
        return None;
    }
    let mut map = Vec::new();
    for item in v.as_list() {
        let (name, proto) = item.split_once(':')?;
        map.push((name.trim().to_ascii_uppercase(), proto.trim().to_ascii_uppercase()));
    }
    if mode(cx).is_kraft() && !v.is_explicit() {
        let secure = |n: &str| matches!(n.to_ascii_uppercase().as_str(), "SSL" | "SASL_SSL" | "SASL_PLAINTEXT");
        let controllers = controller_listener_names(cx);
        let listener_names: Vec<String> = listeners_of(cx, "listeners").map(|l| l.names()).unwrap_or_default();
        if !controllers.iter().any(|c| secure(c)) && !listener_names.iter().any(|n| secure(n)) {
            for c in controllers {
                let c = c.to_ascii_uppercase();
                if !map.iter().any(|(n, _)| *n == c) {
                    map.push((c, "PLAINTEXT".to_string()));
                }
            }
        }
    }
    Some(map)
}

/// The security protocol of a listener name, by the effective map.
pub(crate) fn protocol_of(map: &[(String, String)], name: &str) -> Option<String> {
    map.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, p)| p.clone())
}

/// Whether a host is a loopback address (`localhost`, `127.x.x.x`, `::1`).
pub(crate) fn is_loopback(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "localhost" || h.starts_with("127.") || h == "::1" || h == "0:0:0:0:0:0:0:1"
}

/// Words for a default value in a message (`the default 168`), or the empty string when explicit.
pub(crate) fn default_note(v: &crate::model::Value<'_>, release: Release) -> String {
    if v.is_explicit() {
        String::new()
    } else {
        format!(", the default in Kafka {release}")
    }
}

/// One entry of `controller.quorum.voters` as `QuorumConfig.parseVoterConnections` reads it.
#[derive(Debug, Clone)]
pub(crate) struct Voter {
    pub id: i32,
    pub host: String,
    pub port: u16,
    /// Byte range of the entry in the trimmed value.
    pub range: (usize, usize),
}

/// Parses one `{id}@{host}:{port}` entry; `Err` holds why Kafka rejects it.
pub(crate) fn parse_voter(item: &str, range: (usize, usize)) -> Result<Voter, String> {
    // Java's String.split drops trailing empty strings.
    let mut parts: Vec<&str> = item.split('@').collect();
    while parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    if parts.len() != 2 {
        return Err("is not in the form `{id}@{host}:{port}`".into());
    }
    let id_text = parts[0].strip_prefix('+').unwrap_or(parts[0]);
    let id: i32 = id_text.parse().map_err(|_| format!("has a voter id `{}` that is not an integer", parts[0]))?;
    let (host, port) = parse_host_port(parts[1]).ok_or("has no `:{port}` after the host")?;
    let port = port.ok_or("has a port out of range (0-65535)")?;
    Ok(Voter { id, host, port, range })
}

/// `Utils.getHost` / `Utils.getPort`: the text must end in `:` and digits. `Some((host, None))`
/// when the port is not a valid port number.
pub(crate) fn parse_host_port(text: &str) -> Option<(String, Option<u16>)> {
    let colon = text.rfind(':')?;
    let digits = &text[colon + 1..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let host = text[..colon].trim_start_matches('[').trim_end_matches(']').to_string();
    Some((host, digits.parse::<u16>().ok()))
}

/// A parsed voter, or why Kafka rejects the entry and where it is.
pub(crate) type VoterEntry = Result<Voter, (String, (usize, usize))>;

/// `controller.quorum.voters` as written: every entry parsed (in order), with its range.
pub(crate) fn voters<'a>(cx: &FileCtx<'a>) -> Option<(&'a Entry, Vec<VoterEntry>)> {
    let e = cx.explicit("controller.quorum.voters")?;
    if is_placeholder(&e.value) {
        return None;
    }
    let items = list_items(e.value.trim());
    Some((e, items.into_iter().map(|(t, r)| parse_voter(&t, r).map_err(|why| (format!("`{t}` {why}"), r))).collect()))
}

/// The node's id: `node.id`, else `broker.id` (Kafka copies one into the other when only one is
/// set). `None` when neither is a number.
pub(crate) fn node_id<'a>(cx: &FileCtx<'a>) -> Option<(i64, &'a Entry)> {
    ["node.id", "broker.id"].iter().find_map(|k| cx.explicit(k).and_then(|e| crate::model::parse_i64(&e.value).map(|v| (v, e))))
}

/// The endpoints a broker advertises to clients: `advertised.listeners` when set, else
/// `listeners`, without controller listeners. `None` for nodes that run no broker.
pub(crate) fn advertised_broker_endpoints<'a>(cx: &FileCtx<'a>) -> Option<(Listeners<'a>, &'static str)> {
    if !mode(cx).runs_broker() {
        return None;
    }
    let (mut l, key) = match listeners_of(cx, "advertised.listeners").filter(|l| l.entry.is_some()) {
        Some(a) => (a, "advertised.listeners"),
        None => (listeners_of(cx, "listeners")?, "listeners"),
    };
    let controllers = controller_listener_names(cx);
    l.endpoints.retain(|e| !controllers.iter().any(|c| c.eq_ignore_ascii_case(&e.name)));
    Some((l, key))
}

/// A whole-number setting as the broker reads it: the effective value (explicit or the version's
/// default), with its entry when explicit. `None` when unset without a default, a placeholder, or
/// not a number (`schema/invalid-value` reports those).
pub(crate) fn long_of<'a>(cx: &FileCtx<'a>, key: &str) -> Option<(i64, Option<&'a Entry>)> {
    let v = cx.get(key)?;
    if is_placeholder(&v.text) {
        return None;
    }
    Some((crate::model::parse_i64(&v.text)?, v.entry()))
}

/// Words for where a value comes from: `` `key=value` `` or `` `key` (default value in Kafka X) ``.
pub(crate) fn shown(cx: &FileCtx<'_>, key: &str, value: i64, entry: Option<&Entry>) -> String {
    match entry {
        Some(_) => format!("`{key}={value}`"),
        None => format!("`{key}` ({value}, the default in Kafka {})", cx.release()),
    }
}

/// Whether a fact that holds from `since` holds for every release line the file may run: its
/// version when given, else the whole range inferred from its keys (`model::infer_releases`).
/// Findings that hold only at the top of an inferred range are warnings, not errors.
pub(crate) fn holds_across_range(cx: &FileCtx<'_>, since: &str) -> bool {
    let lo = cx.file.inferred.as_ref().map_or(cx.release(), |i| i.lo);
    lo.at_least(since)
}

/// How a finding that Kafka refuses from `since` on is reported: an error with "Kafka X refuses
/// to start" when that holds for every line the file may run ([`holds_across_range`]), else a
/// warning that says from which line.
pub(crate) fn refusal_from(cx: &FileCtx<'_>, since: &str) -> (crate::diagnostic::Severity, String) {
    if holds_across_range(cx, since) {
        (crate::diagnostic::Severity::Error, format!("Kafka {} refuses to start", cx.release()))
    } else {
        (
            crate::diagnostic::Severity::Warning,
            format!("Kafka {since} and later refuse to start (no version given; earlier lines accept it)"),
        )
    }
}
