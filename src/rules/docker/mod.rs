//! docker-compose services: the image's own variables, its tag, and Docker networking (which
//! listener a container or the host reaches).
pub mod advertised_localhost_inside_network;
pub mod advertised_port_not_published;
pub mod client_bootstraps_to_localhost;
pub mod image_mapping_guessed;
pub mod image_refuses_variable;
pub mod image_tag_moves;
pub mod kraft_without_cluster_id;
pub mod variable_not_read_by_image;

use crate::diagnostic::{Diagnostic, Severity};
use crate::formats::{Format, UnitMeta};
use crate::model::LintFile;
use crate::rules::FileCtx;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &advertised_localhost_inside_network::AdvertisedLocalhostInsideNetwork,
    &advertised_port_not_published::AdvertisedPortNotPublished,
    &client_bootstraps_to_localhost::ClientBootstrapsToLocalhost,
    &image_mapping_guessed::ImageMappingGuessed,
    &image_refuses_variable::ImageRefusesVariable,
    &image_tag_moves::ImageTagMoves,
    &kraft_without_cluster_id::KraftWithoutClusterId,
    &variable_not_read_by_image::VariableNotReadByImage,
];

/// The compose service behind a unit.
pub(crate) fn service<'a>(cx: &FileCtx<'a>) -> Option<&'a UnitMeta> {
    if cx.file.format != Format::Compose {
        return None;
    }
    cx.file.unit.as_ref()
}

/// The service does not have its own network namespace on the compose network (`network_mode:
/// host`, `service:x`, `container:x`, `none`): `localhost` there is not the container itself.
pub(crate) fn own_network(u: &UnitMeta) -> bool {
    !u.host_network && u.network_mode.as_deref().is_none_or(|m| m == "bridge" || m.starts_with("default"))
}

/// The listener name brokers use between themselves: `inter.broker.listener.name`, else the one
/// named after `security.inter.broker.protocol` (Kafka's KafkaConfig: the listener whose name is
/// the protocol), default `PLAINTEXT`.
pub(crate) fn inter_broker_listener(cx: &FileCtx<'_>) -> String {
    if let Some(v) = cx.get("inter.broker.listener.name") {
        return v.text.trim().to_ascii_uppercase();
    }
    cx.get("security.inter.broker.protocol").map_or_else(|| "PLAINTEXT".into(), |v| v.text.trim().to_ascii_uppercase())
}

/// `host:port` items of a bootstrap list.
pub(crate) fn bootstrap_items(value: &str) -> Vec<(String, Option<u16>, (usize, usize))> {
    super::broker::list_items(value)
        .into_iter()
        .filter_map(|(item, range)| {
            let t = item.split_once("://").map_or(item.as_str(), |(_, r)| r);
            let (h, p) = super::broker::parse_host_port(t)?;
            Some((h, p, range))
        })
        .collect()
}

/// Rules whose findings a unit read with a guessed mapping never keeps: they depend on the Kafka
/// version (unknown for an unknown image), on a key being absent (the image may set it), or on the
/// mapping itself (a name the image reads its own way).
const NOT_FROM_A_GUESS: [&str; 11] = [
    "schema/removed-key",
    "schema/key-not-yet-available",
    "schema/deprecated-key",
    "schema/deprecated-value",
    "schema/unknown-key",
    "schema/wrong-role-key",
    "schema/missing-required-key",
    "schema/redundant-default",
    "broker/message-format-version-ignored",
    "broker/inter-broker-protocol-newer-than-broker",
    "broker/shadowed-key",
];

/// Rules whose verdict compares written values only (the same value written twice, in two
/// services or in one): a guessed unit keeps their findings on what it writes even when the rule
/// also reads keys the service leaves to the image.
const WRITTEN_ONLY: [&str; 6] = [
    "broker/duplicate-advertised-endpoint",
    "broker/duplicate-node-id",
    "broker/duplicate-listener",
    "broker/duplicate-process-role",
    "broker/inconsistent-quorum-voters",
    "schema/duplicate-key",
];

fn guessed(f: &LintFile) -> bool {
    f.format == Format::Compose && f.unit.as_ref().is_some_and(|u| u.image_kind == Some("guess"))
}

/// Whether `span` lies on a setting the file writes (its name or its value).
fn on_written(f: &LintFile, span: crate::source::Span) -> bool {
    f.doc.entries.iter().any(|e| e.span.contains(span) || e.key_span.contains(span) || e.value_span.contains(span))
}

/// Which findings stand on a compose service whose image kafkalint does not know (its unit's
/// mapping is a guess, `docker/image-mapping-guessed`), and at what severity. The engine calls it
/// for every finding; a finding that touches no guessed unit is unchanged.
///
/// On a guessed unit a finding stands only when (1) its rule is not one of [`NOT_FROM_A_GUESS`]
/// nor in the `compat` family, (2) it points at a variable the service writes, and (3) every key
/// its rule reads is written in the service (no image default, derived or built setting, or Kafka
/// default the image might replace entered the verdict), unless the rule only compares written
/// values ([`WRITTEN_ONLY`]); then it is at most a warning. The
/// docker family's own rules (written for compose services) are kept as they are. A finding on
/// another unit that points into a guessed unit follows (2) for that label and is at most a
/// warning.
pub fn keep_guessed(files: &[LintFile], d: &mut Diagnostic) -> bool {
    let Some(own) = files.get(d.file()) else { return true };
    let related_guessed: Vec<&crate::diagnostic::Label> =
        d.related.iter().filter(|l| l.file != d.file() && files.get(l.file).is_some_and(guessed)).collect();
    if !guessed(own) && related_guessed.is_empty() {
        return true;
    }
    if d.rule.family() == "docker" {
        return true;
    }
    if d.rule.family() == "compat" || NOT_FROM_A_GUESS.contains(&d.rule.id) {
        return false;
    }
    if related_guessed.iter().any(|l| !on_written(&files[l.file], l.span)) {
        return false;
    }
    if guessed(own) {
        let set = |k: &str| own.doc.entries.iter().any(|e| e.key == k);
        // A finding about a key the service does not write ("not set; the default is …") anchors
        // on another entry: its key says so.
        if !on_written(own, d.primary.span) || d.key.as_deref().is_some_and(|k| !set(k)) {
            return false;
        }
        if !WRITTEN_ONLY.contains(&d.rule.id) && !d.rule.reads.iter().filter(|k| !k.contains('*')).all(|k| set(k)) {
            return false;
        }
    }
    if d.severity > Severity::Warning {
        d.severity = Severity::Warning;
    }
    true
}
