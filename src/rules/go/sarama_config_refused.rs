use crate::diagnostic::Fix;
use crate::formats::go::{GoFacts, GoVal};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Evaluates sarama's `Config.Validate` on a configuration built in Go code
    /// (`sarama.NewConfig()`, `goka.DefaultConfig()`, `cluster.NewConfig()` and the assignments
    /// to its fields in the same function), starting from the library's defaults at the go.mod
    /// version: timeouts ≤ 0, `Net.MaxOpenRequests` ≤ 0, `Producer.Flush.MaxMessages` below
    /// `Producer.Flush.Messages`, zstd below `V2_1_0_0`, lz4 below `V0_10_0_0`, an idempotent
    /// producer without `WaitForAll`, without retries, with `Net.MaxOpenRequests` > 1 or below
    /// `V0_11_0_0`, a transactional id without idempotence, `Consumer.Offsets.Initial` other than `OffsetOldest`/`OffsetNewest`,
    /// `ReadCommitted` below `V0_11_0_0`, `Consumer.Group.InstanceId` below `V2_3_0_0`, and the
    /// other bounds of that function. A heartbeat not below the session timeout is reported by
    /// consumer/heartbeat-vs-session-timeout (the fields map to `heartbeat.interval.ms` and
    /// `session.timeout.ms`). A field assigned something kafkalint does not evaluate is
    /// not judged.
    /// ## Why it fails in production
    /// `sarama.NewClient` (and every constructor built on it: `NewConsumerGroup`,
    /// `NewSyncProducer`, …) calls `Validate` and returns `kafka: invalid configuration (…)`: the
    /// service does not start.
    /// ## Example
    /// ```go
    /// config := sarama.NewConfig()
    /// config.Producer.Idempotent = true
    /// producer, err := sarama.NewSyncProducer(brokers, config)
    /// ```
    /// ## Use instead
    /// ```go
    /// config := sarama.NewConfig()
    /// config.Producer.Idempotent = true
    /// config.Producer.RequiredAcks = sarama.WaitForAll
    /// config.Net.MaxOpenRequests = 1
    /// ```
    /// ## Fix
    /// For the idempotent producer: sets `Producer.RequiredAcks` to `sarama.WaitForAll` and
    /// `Net.MaxOpenRequests` to 1 (replacing the assignment, or adding one after the
    /// configuration is created). Unsafe: it changes what the producer waits for.
    /// ## Versions
    /// All Kafka versions; the checks are those of sarama v1.43.0's `Validate` (the idempotence,
    /// compression and consumer group checks are the same from v1.27 to v1.60).
    /// ## Source
    /// IBM/sarama `config.go` (`Validate`, `NewConfig`) at v1.43.0 and v1.60.0.
    pub SaramaConfigRefused {
        id: "go/sarama-config-refused",
        summary: "sarama's Config.Validate refuses this configuration: the client does not start",
        severity: Error,
        scope: Scope::File(&[]),
        versions: None => None,
        reads: ["acks", "max.in.flight.requests.per.connection", "session.timeout.ms", "heartbeat.interval.ms"],
        fix: Sometimes,
        source: "IBM/sarama config.go Validate() at v1.43.0",
    }
}

const MS: i64 = 1_000_000;

/// A dotted Kafka version as numbers (`0.10.2.0` → [0, 10, 2, 0]).
fn numbers(v: &str) -> Vec<u32> {
    let mut n: Vec<u32> = v.split('.').filter_map(|p| p.parse().ok()).collect();
    while n.len() < 4 {
        n.push(0);
    }
    n
}

fn below(g: &GoFacts, min: &str) -> bool {
    matches!(g.known("Version"), Some(GoVal::Version(v)) if numbers(&v) < numbers(min))
}

impl Rule for SaramaConfigRefused {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(g) = super::sarama(cx) else { return };
        let int = |p: &str| g.known(p).and_then(|v| v.as_i64());
        // The statement of the last-listed field the code assigns (else the configuration's creation).
        let at = |paths: &[&str]| -> Span { paths.iter().rev().find_map(|p| g.field(p).map(|f| f.span)).unwrap_or(g.origin) };
        let show = |p: &str| g.known(p).map(|v| v.show()).unwrap_or_default();
        let mut refusals: Vec<(Span, String, Option<Fix>)> = Vec::new();
        let mut refuse = |paths: &[&str], msg: String| refusals.push((at(paths), msg, None));
        for p in [
            "Net.MaxOpenRequests",
            "Net.DialTimeout",
            "Net.ReadTimeout",
            "Net.WriteTimeout",
            "Admin.Timeout",
            "Producer.MaxMessageBytes",
            "Producer.Timeout",
            "Consumer.Fetch.Min",
            "Consumer.Fetch.Default",
            "Consumer.MaxProcessingTime",
            "Consumer.Offsets.AutoCommit.Interval",
        ] {
            if int(p).is_some_and(|v| v <= 0) {
                refuse(&[p], format!("`{p} must be > 0` (it is {})", show(p)));
            }
        }
        for p in [
            "Metadata.Retry.Max",
            "Metadata.Retry.Backoff",
            "Metadata.RefreshFrequency",
            "Producer.Flush.Bytes",
            "Producer.Flush.Messages",
            "Producer.Flush.Frequency",
            "Producer.Flush.MaxMessages",
            "Producer.Retry.Max",
            "Producer.Retry.Backoff",
            "Consumer.Fetch.Max",
            "Consumer.Retry.Backoff",
            "Consumer.Offsets.Retry.Max",
            "Consumer.Group.Rebalance.Retry.Max",
            "Consumer.Group.Rebalance.Retry.Backoff",
            "ChannelBufferSize",
        ] {
            if int(p).is_some_and(|v| v < 0) {
                refuse(&[p], format!("`{p} must be >= 0` (it is {})", show(p)));
            }
        }
        if int("Producer.RequiredAcks").is_some_and(|v| v < -1) {
            refuse(&["Producer.RequiredAcks"], format!("`Producer.RequiredAcks must be >= -1` (it is {})", show("Producer.RequiredAcks")));
        }
        if let (Some(max), Some(msgs)) = (int("Producer.Flush.MaxMessages"), int("Producer.Flush.Messages")) {
            if max > 0 && max < msgs {
                refuse(
                    &["Producer.Flush.Messages", "Producer.Flush.MaxMessages"],
                    format!("`Producer.Flush.MaxMessages must be >= Producer.Flush.Messages when set` ({max} < {msgs})"),
                );
            }
        }
        if int("Consumer.MaxWaitTime").is_some_and(|v| v < MS) {
            refuse(&["Consumer.MaxWaitTime"], format!("`Consumer.MaxWaitTime must be >= 1ms` (it is {})", show("Consumer.MaxWaitTime")));
        }
        if let Some(v) = g.known("Consumer.Offsets.Initial").and_then(|v| v.as_i64()) {
            if v != -1 && v != -2 {
                refuse(
                    &["Consumer.Offsets.Initial"],
                    format!("`Consumer.Offsets.Initial must be OffsetOldest or OffsetNewest` (it is {v})"),
                );
            }
        }
        let compression = g.known("Producer.Compression").and_then(|v| v.as_i64());
        if compression == Some(4) && below(g, "2.1.0") {
            refuse(
                &["Version", "Producer.Compression"],
                format!("`zstd compression requires Version >= V2_1_0_0` (Version is {})", show("Version")),
            );
        }
        if compression == Some(3) && below(g, "0.10.0") {
            refuse(
                &["Version", "Producer.Compression"],
                format!("`lz4 compression requires Version >= V0_10_0_0` (Version is {})", show("Version")),
            );
        }
        let idempotent = g.known("Producer.Idempotent").and_then(|v| v.as_bool()) == Some(true);
        if idempotent {
            if below(g, "0.11.0") {
                refuse(
                    &["Version", "Producer.Idempotent"],
                    format!("`Idempotent producer requires Version >= V0_11_0_0` (Version is {})", show("Version")),
                );
            }
            if int("Producer.Retry.Max") == Some(0) {
                refuse(&["Producer.Retry.Max"], "`Idempotent producer requires Producer.Retry.Max >= 1`".into());
            }
            if int("Producer.RequiredAcks").is_some_and(|v| v != -1) {
                let edit = match cx.explicit("acks") {
                    Some(e) => cx.replace_value(e, "all"),
                    None => cx.insert_entry("acks", "all"),
                };
                let fix = Fix::unsafe_("set Producer.RequiredAcks to sarama.WaitForAll", vec![edit]);
                refusals.push((
                    at(&["Producer.Idempotent", "Producer.RequiredAcks"]),
                    format!(
                        "`Idempotent producer requires Producer.RequiredAcks to be WaitForAll` (it is {})",
                        show("Producer.RequiredAcks")
                    ),
                    Some(fix),
                ));
            }
            if int("Net.MaxOpenRequests").is_some_and(|v| v > 1) {
                let edit = match cx.explicit("max.in.flight.requests.per.connection") {
                    Some(e) => cx.replace_value(e, "1"),
                    None => cx.insert_entry("max.in.flight.requests.per.connection", "1"),
                };
                let fix = Fix::unsafe_("set Net.MaxOpenRequests to 1", vec![edit]);
                refusals.push((
                    at(&["Producer.Idempotent", "Net.MaxOpenRequests"]),
                    format!("`Idempotent producer requires Net.MaxOpenRequests to be 1` (it is {})", show("Net.MaxOpenRequests")),
                    Some(fix),
                ));
            }
        }
        if matches!(g.known("Producer.Transaction.ID"), Some(GoVal::Str(s)) if !s.is_empty())
            && g.known("Producer.Idempotent").and_then(|v| v.as_bool()) == Some(false)
        {
            let mut refuse = |paths: &[&str], msg: String| refusals.push((at(paths), msg, None));
            refuse(&["Producer.Transaction.ID"], "`Transactional producer requires Idempotent to be true`".into());
        }
        if g.known("Consumer.IsolationLevel").and_then(|v| v.as_i64()) == Some(1) && below(g, "0.11.0") {
            refusals.push((
                at(&["Version", "Consumer.IsolationLevel"]),
                format!("`ReadCommitted requires Version >= V0_11_0_0` (Version is {})", show("Version")),
                None,
            ));
        }
        if matches!(g.known("Consumer.Group.InstanceId"), Some(GoVal::Str(s)) if !s.is_empty()) && below(g, "2.3.0") {
            refusals.push((
                at(&["Version", "Consumer.Group.InstanceId"]),
                format!("`Consumer.Group.InstanceId need Version >= 2.3` (Version is {})", show("Version")),
                None,
            ));
        }
        let session = int("Consumer.Group.Session.Timeout");
        let heartbeat = int("Consumer.Group.Heartbeat.Interval");
        if session.is_some_and(|s| s <= 2 * MS) {
            refusals.push((
                at(&["Consumer.Group.Session.Timeout"]),
                format!("`Consumer.Group.Session.Timeout must be >= 2ms` (it is {})", show("Consumer.Group.Session.Timeout")),
                None,
            ));
        } else if heartbeat.is_some_and(|h| h < MS) {
            refusals.push((
                at(&["Consumer.Group.Heartbeat.Interval"]),
                format!("`Consumer.Group.Heartbeat.Interval must be >= 1ms` (it is {})", show("Consumer.Group.Heartbeat.Interval")),
                None,
            ));
        }
        // Heartbeat ≥ session timeout (`Consumer.Group.Heartbeat.Interval must be <
        // Consumer.Group.Session.Timeout`) is reported by consumer/heartbeat-vs-session-timeout on
        // the mapped keys, with the same consequence: not twice.
        let _ = (session, heartbeat);
        if int("Consumer.Group.Rebalance.Timeout").is_some_and(|v| v <= MS) {
            refusals.push((
                at(&["Consumer.Group.Rebalance.Timeout"]),
                format!("`Consumer.Group.Rebalance.Timeout must be >= 1ms` (it is {})", show("Consumer.Group.Rebalance.Timeout")),
                None,
            ));
        }
        for (span, msg, fix) in refusals {
            let b = out.report(
                &META,
                cx.id,
                span,
                format!("sarama refuses this configuration: {msg}; {} returns `kafka: invalid configuration`", g.lib_text()),
            );
            match fix {
                Some(f) => {
                    b.help("sarama's Config.Validate runs in NewClient and every constructor built on it").fix(f);
                }
                None => {
                    b.help("sarama's Config.Validate runs in NewClient and every constructor built on it");
                }
            }
        }
    }
}
