//! Consumer files.
pub mod heartbeat_vs_session_timeout;
pub mod session_timeout_vs_broker_bounds;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] =
    &[&heartbeat_vs_session_timeout::HeartbeatVsSessionTimeout, &session_timeout_vs_broker_bounds::SessionTimeoutVsBrokerBounds];

use crate::rules::FileCtx;

/// Whether the consumer uses the KIP-848 protocol (`group.protocol=consumer`), where the group
/// coordinator, not the client, owns session timeout and heartbeat interval.
pub(crate) fn uses_consumer_protocol(cx: &FileCtx<'_>) -> bool {
    cx.get("group.protocol").is_some_and(|v| v.text.eq_ignore_ascii_case("consumer"))
}
