//! Kafka Connect worker files.

pub mod listeners_empty;
pub mod response_http_headers_invalid;
pub mod signature_algorithm_not_verified;
pub mod storage_replication_factor_exceeds_brokers;
pub mod storage_topics_not_distinct;
pub mod storage_topics_vs_group;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &listeners_empty::ListenersEmpty,
    &response_http_headers_invalid::ResponseHttpHeadersInvalid,
    &signature_algorithm_not_verified::SignatureAlgorithmNotVerified,
    &storage_replication_factor_exceeds_brokers::StorageReplicationFactorExceedsBrokers,
    &storage_topics_not_distinct::StorageTopicsNotDistinct,
    &storage_topics_vs_group::StorageTopicsVsGroup,
];

use crate::rules::FileCtx;

/// The three storage topics of a distributed worker, with their keys.
pub(crate) const STORAGE_TOPICS: [&str; 3] = ["config.storage.topic", "offset.storage.topic", "status.storage.topic"];

/// Whether a Connect worker file is a distributed worker: it names its group or storage topics
/// and keeps no offsets in a file (a standalone worker).
pub(crate) fn is_distributed(cx: &FileCtx<'_>) -> bool {
    cx.explicit("offset.storage.file.filename").is_none()
        && (cx.explicit("group.id").is_some() || STORAGE_TOPICS.iter().any(|k| cx.explicit(k).is_some()))
}

/// A storage topic's name as set in the file (trimmed), unless a placeholder.
pub(crate) fn topic<'a>(cx: &FileCtx<'a>, key: &str) -> Option<(&'a crate::properties::Entry, String)> {
    let e = cx.explicit(key)?;
    let v = e.value.trim().to_string();
    (!v.is_empty() && !crate::model::is_placeholder(&v)).then_some((e, v))
}

#[cfg(test)]
mod inferred_range_tests {
    use crate::lint::{lint, Input, Settings};

    fn findings(rule: &str, text: &str) -> usize {
        let settings = Settings { isolated: true, select: Some(vec![rule.to_string()]), ..Default::default() };
        let input = Input { path: "worker.properties".into(), bytes: text.as_bytes().to_vec() };
        let report = lint(vec![input], &settings).expect("lint");
        report.diagnostics.iter().filter(|d| d.rule.id == rule).count()
    }

    const WORKER: &str = "# kafkalint: role=connect-worker\nbootstrap.servers=k:9092\ngroup.id=g\nconfig.storage.topic=c\noffset.storage.topic=o\nstatus.storage.topic=s\n";

    #[test]
    fn signature_check_across_an_inferred_range_that_spans_3_3() {
        // The inter-worker keys start the range at 2.4, where the key generation algorithm (not
        // the signature algorithm) is compared with the list.
        let sig = format!("{WORKER}inter.worker.signature.algorithm=HmacSHA512\n");
        assert_eq!(findings("connect/signature-algorithm-not-verified", &sig), 0);
        let both = format!("{sig}inter.worker.key.generation.algorithm=HmacSHA512\n");
        assert_eq!(findings("connect/signature-algorithm-not-verified", &both), 1);
    }

    #[test]
    fn empty_listeners_needs_the_range_to_start_at_3_0() {
        let empty = format!("{WORKER}listeners=\n");
        assert_eq!(findings("connect/listeners-empty", &empty), 0);
        // exactly.once.source.support exists from 3.3.
        let newer = format!("{empty}exactly.once.source.support=disabled\n");
        assert_eq!(findings("connect/listeners-empty", &newer), 1);
    }
}
