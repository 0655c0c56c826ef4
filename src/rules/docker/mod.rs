//! docker-compose services: the image's own variables, its tag, and Docker networking (which
//! listener a container or the host reaches).
pub mod advertised_localhost_inside_network;
pub mod advertised_port_not_published;
pub mod client_bootstraps_to_localhost;
pub mod image_refuses_variable;
pub mod image_tag_moves;
pub mod kraft_without_cluster_id;
pub mod variable_not_read_by_image;

use crate::formats::{Format, UnitMeta};
use crate::rules::FileCtx;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &advertised_localhost_inside_network::AdvertisedLocalhostInsideNetwork,
    &advertised_port_not_published::AdvertisedPortNotPublished,
    &client_bootstraps_to_localhost::ClientBootstrapsToLocalhost,
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
