//! `inter.broker.protocol.version` / `log.message.format.version` values as Kafka reads them
//! (`ApiVersion.apply` up to 3.2, `MetadataVersion.fromVersionString` from 3.3): the first three
//! dot-separated segments of a `0.x` version, the first two of a later one (`2.8.1` is `2.8`,
//! `0.10.2.1` is `0.10.2`), with an optional `-IVn` suffix; a bare line means its newest IV.

use crate::rules::FileCtx;

/// A parsed protocol or message format version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ibp {
    /// `(0, 10, 2)`, `(2, 8, 0)`.
    pub line: (u32, u32, u32),
    /// The `-IVn` suffix; `None`: the line's newest IV.
    pub iv: Option<u32>,
}

impl Ibp {
    /// `None` when Kafka would not accept the text (reported by `schema/invalid-value`) or it is a
    /// placeholder.
    pub(crate) fn parse(text: &str) -> Option<Ibp> {
        let t = text.trim();
        if t.is_empty() || crate::model::is_placeholder(t) {
            return None;
        }
        let segments: Vec<&str> = t.split('.').collect();
        let n = if t.starts_with("0.") { 3 } else { 2 };
        let key = segments[..segments.len().min(n)].join(".");
        let (base, iv) = match key.split_once("-IV") {
            Some((b, iv)) => (b.to_string(), Some(iv.parse::<u32>().ok()?)),
            None => (key, None),
        };
        let nums: Vec<u32> = base.split('.').map(|s| s.parse::<u32>().ok()).collect::<Option<Vec<_>>>()?;
        let line = match nums.as_slice() {
            [0, b, c] => (0, *b, *c),
            [a, b] if *a >= 1 => (*a, *b, 0),
            _ => return None,
        };
        Some(Ibp { line, iv })
    }

    /// The newest record (message format) version the protocol writes:
    /// `MetadataVersion.highestSupportedRecordVersion` (V0 before 0.10.0, V1 before 0.11.0, V2
    /// after), `ApiVersion.recordVersion` before 3.3 (the same split).
    pub(crate) fn record_version(self) -> u8 {
        match self.line {
            (0, b, _) if b < 10 => 0,
            (0, 10, _) => 1,
            _ => 2,
        }
    }

    /// Whether the version is below `3.0-IV1` (`MetadataVersion.MINIMUM_KRAFT_VERSION`, the
    /// first version with a metadata feature level; also where `LogConfig.shouldIgnoreMessageFormatVersion`
    /// starts). A bare `3.0` is `3.0-IV1`, the newest IV of 3.0.
    pub(crate) fn below_3_0_iv1(self) -> bool {
        self.line < (3, 0, 0) || (self.line == (3, 0, 0) && self.iv == Some(0))
    }

    /// Whether `self` orders after `other` as `ApiVersion` compares them (line, then IV); `None`
    /// when a bare line meets an IV of the same line.
    pub(crate) fn newer_than(self, other: Ibp) -> Option<bool> {
        if self.line != other.line {
            return Some(self.line > other.line);
        }
        match (self.iv, other.iv) {
            (Some(a), Some(b)) => Some(a > b),
            // The bare line is its newest IV: not older than any IV of it.
            (Some(_), None) => Some(false),
            (None, None) => Some(false),
            (None, Some(_)) => None,
        }
    }
}

/// The file's explicit `inter.broker.protocol.version`, parsed, with its entry.
pub(crate) fn explicit_ibp<'a>(cx: &FileCtx<'a>) -> Option<(Ibp, &'a crate::properties::Entry)> {
    let e = cx.explicit("inter.broker.protocol.version")?;
    Some((Ibp::parse(&e.value)?, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_as_kafka_reads_versions() {
        assert_eq!(Ibp::parse("2.8").unwrap(), Ibp { line: (2, 8, 0), iv: None });
        assert_eq!(Ibp::parse("2.8.1").unwrap(), Ibp { line: (2, 8, 0), iv: None });
        assert_eq!(Ibp::parse("3.0-IV1").unwrap(), Ibp { line: (3, 0, 0), iv: Some(1) });
        assert_eq!(Ibp::parse("0.10.2.1").unwrap(), Ibp { line: (0, 10, 2), iv: None });
        assert_eq!(Ibp::parse("0.10.0-IV0").unwrap(), Ibp { line: (0, 10, 0), iv: Some(0) });
        assert!(Ibp::parse("${IBP}").is_none());
        assert!(Ibp::parse("latest").is_none());
        assert!(Ibp::parse("3").is_none());
    }

    #[test]
    fn record_versions_split_at_0_10_and_0_11() {
        let rv = |s: &str| Ibp::parse(s).unwrap().record_version();
        assert_eq!((rv("0.9.0"), rv("0.10.0-IV0"), rv("0.10.2"), rv("0.11.0-IV0"), rv("2.1")), (0, 1, 1, 2, 2));
    }

    #[test]
    fn ordering_of_bare_lines_and_ivs() {
        let p = |s: &str| Ibp::parse(s).unwrap();
        assert!(!p("3.0").below_3_0_iv1());
        assert!(p("3.0-IV0").below_3_0_iv1());
        assert!(!p("3.0-IV1").below_3_0_iv1());
        assert!(p("2.8").below_3_0_iv1());
        assert!(!p("3.1").below_3_0_iv1());
        assert_eq!(p("0.10.2").newer_than(p("0.10.1")), Some(true));
        assert_eq!(p("0.10.0").newer_than(p("0.10.0-IV1")), None);
        assert_eq!(p("0.10.0-IV0").newer_than(p("0.10.0")), Some(false));
        assert_eq!(p("0.10.0").newer_than(p("0.10.0-IV0")), None);
    }
}

/// Whether the file's version is inferred (no version given): a default that changes between
/// release lines is then not one value.
pub(crate) fn version_inferred(cx: &FileCtx<'_>) -> bool {
    cx.file.inferred.is_some()
}

#[cfg(test)]
mod inferred_range_tests {
    use crate::lint::{lint, Input, Settings};

    /// The findings of `rule` on one broker file linted with no version given (inferred).
    fn findings(rule: &str, text: &str) -> usize {
        let settings = Settings { isolated: true, select: Some(vec![rule.to_string()]), ..Default::default() };
        let input = Input { path: "server.properties".into(), bytes: text.as_bytes().to_vec() };
        let report = lint(vec![input], &settings).expect("lint");
        report.diagnostics.iter().filter(|d| d.rule.id == rule).count()
    }

    #[test]
    fn a_check_newer_than_the_inferred_lower_bound_is_not_an_error() {
        // group.consumer.* puts the file at 3.7+; heartbeat < session is checked from 4.0 only.
        let text = "group.consumer.min.session.timeout.ms=10000\ngroup.consumer.session.timeout.ms=10000\ngroup.consumer.heartbeat.interval.ms=10000\n";
        assert_eq!(findings("broker/group-heartbeat-session-bounds", text), 0);
        // The bounds themselves hold from 3.5: reported across 3.7 to 4.2.
        assert_eq!(findings("broker/group-heartbeat-session-bounds", "group.consumer.session.timeout.ms=30000\n"), 1);
    }

    #[test]
    fn a_default_message_format_is_not_judged_across_an_inferred_range() {
        // 0.10.2 to 3.9: the message format defaults to 0.10.2 at 0.10.2, 3.0-IV1 at 3.9.
        let zk = "zookeeper.connect=zk:2181\ninter.broker.protocol.version=0.10.2\n";
        assert_eq!(findings("broker/message-format-above-protocol", zk), 0);
        let explicit = format!("{zk}log.message.format.version=2.0\n");
        assert_eq!(findings("broker/message-format-above-protocol", &explicit), 1);
    }

    #[test]
    fn a_kraft_protocol_check_from_3_3_needs_the_range_to_start_there() {
        // process.roles and a 2.8 protocol: the range starts before 3.3, where the check is absent.
        let kraft = "process.roles=broker\nnode.id=2\ncontroller.quorum.voters=1@c1:9093\ncontroller.listener.names=CONTROLLER\ninter.broker.protocol.version=2.8\n";
        assert_eq!(findings("broker/kraft-inter-broker-protocol-too-old", kraft), 0);
        // A key from 3.3 (`early.start.listeners`) moves the range's start there.
        let newer = format!("{kraft}early.start.listeners=CONTROLLER\n");
        assert_eq!(findings("broker/kraft-inter-broker-protocol-too-old", &newer), 1);
    }
}
