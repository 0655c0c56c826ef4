//! Go clients configured in Go code (sarama, goka, bsm/sarama-cluster, franz-go): the library's
//! own refusals and traps, read from the units the Go front-end builds (src/formats/go.rs).
pub mod franz_go_autocommit_marks_without_marking;
pub mod franz_go_block_rebalance_without_allow;
pub mod franz_go_max_versions_removed;
pub mod sarama_channel_not_read;
pub mod sarama_cluster_unmaintained;
pub mod sarama_config_refused;
pub mod sarama_consumer_errors_dropped;
pub mod sarama_fetch_max_below_message_size;
pub mod sarama_offsets_initial_default_newest;
pub mod sarama_retry_budget_below_failover;
pub mod unparsed_file;

use crate::formats::go::{GoFacts, Lib};
use crate::formats::Format;
use crate::rules::FileCtx;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &franz_go_autocommit_marks_without_marking::FranzGoAutocommitMarksWithoutMarking,
    &franz_go_block_rebalance_without_allow::FranzGoBlockRebalanceWithoutAllow,
    &franz_go_max_versions_removed::FranzGoMaxVersionsRemoved,
    &sarama_channel_not_read::SaramaChannelNotRead,
    &sarama_cluster_unmaintained::SaramaClusterUnmaintained,
    &sarama_config_refused::SaramaConfigRefused,
    &sarama_consumer_errors_dropped::SaramaConsumerErrorsDropped,
    &sarama_fetch_max_below_message_size::SaramaFetchMaxBelowMessageSize,
    &sarama_offsets_initial_default_newest::SaramaOffsetsInitialDefaultNewest,
    &sarama_retry_budget_below_failover::SaramaRetryBudgetBelowFailover,
    &unparsed_file::UnparsedFile,
];

/// The Go client configuration behind a unit (a parsed one: not a file skipped for a syntax
/// error).
pub(crate) fn go<'a>(cx: &FileCtx<'a>) -> Option<&'a GoFacts> {
    if cx.file.format != Format::Go {
        return None;
    }
    let g = cx.file.unit.as_ref()?.go.as_deref()?;
    (!g.has_call("(syntax error)")).then_some(g)
}

/// A sarama-family configuration (sarama, goka, sarama-cluster: all a `sarama.Config`).
pub(crate) fn sarama<'a>(cx: &FileCtx<'a>) -> Option<&'a GoFacts> {
    go(cx).filter(|g| matches!(g.lib, Lib::Sarama | Lib::Goka | Lib::SaramaCluster))
}
