use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks a distributed Connect worker's inter-worker request signing (KIP-507) as
    /// `DistributedConfig` does when it is constructed: the algorithm the worker signs with must
    /// be one of `inter.worker.verification.algorithms` (compared exactly, case included). From 3.3 the signing algorithm is
    /// `inter.worker.signature.algorithm`; from 2.4 to 3.2 Kafka compared
    /// `inter.worker.key.generation.algorithm` with the list instead. Both default to
    /// `HmacSHA256`, as does the list.
    /// ## Why it fails in production
    /// The worker does not start: `ConfigException: Invalid value HmacSHA512 for configuration
    /// inter.worker.signature.algorithm: Signature algorithm must be present in
    /// inter.worker.verification.algorithms list` (2.4–3.2: `... for configuration
    /// inter.worker.key.generation.algorithm: Key generation algorithm must be present in
    /// inter.worker.verification.algorithms list`). (An empty list is refused by its validator,
    /// `At least one signature verification algorithm must be provided`: `schema/invalid-value`.)
    /// ## Example
    /// ```properties,expect_diagnostic,kafka-version=4.2
    /// # kafkalint: role=connect-worker
    /// group.id=connect-cluster
    /// inter.worker.signature.algorithm=HmacSHA512
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=connect-worker
    /// group.id=connect-cluster
    /// inter.worker.signature.algorithm=HmacSHA512
    /// inter.worker.verification.algorithms=HmacSHA512,HmacSHA256
    /// ```
    /// ## Fix
    /// None: add the algorithm to `inter.worker.verification.algorithms` on every worker (keep
    /// the old one during a rolling change), or sign with one of the listed algorithms.
    /// ## Versions
    /// 2.4+ (KIP-507). `validateKeyAlgorithmAndVerificationAlgorithms` is the same at apache/kafka
    /// tags 2.4.0 to 3.2.0; `ensureVerificationAlgorithmsIncludeSignatureAlgorithm` at 3.3.0,
    /// 3.5.0, 3.8.0 and 3.9.0 and at the 4.0.0, 4.1.0 and 4.2.0 releases. Standalone workers do
    /// not read these keys. With no version given, an inferred range that spans 3.3 is reported
    /// only when both algorithms are missing from the list (the error must hold across the
    /// range).
    /// ## Source
    /// `DistributedConfig.validateKeyAlgorithmAndVerificationAlgorithms` (2.4–3.2),
    /// `DistributedConfig.validateInterWorkerKeyConfigs` /
    /// `ensureVerificationAlgorithmsIncludeSignatureAlgorithm` (3.3+),
    /// `DistributedConfig.validateVerificationAlgorithms`; KIP-507.
    pub SignatureAlgorithmNotVerified {
        id: "connect/signature-algorithm-not-verified",
        summary: "the worker signs inter-worker requests with an algorithm its verification list lacks: the worker does not start",
        severity: Error,
        scope: Scope::File(&[Role::ConnectWorker]),
        versions: Some("2.4") => None,
        reads: [
            "inter.worker.signature.algorithm",
            "inter.worker.key.generation.algorithm",
            "inter.worker.verification.algorithms",
        ],
        fix: None,
        source: "DistributedConfig.ensureVerificationAlgorithmsIncludeSignatureAlgorithm (3.3+), validateKeyAlgorithmAndVerificationAlgorithms (2.4-3.2); KIP-507",
    }
}

/// `INTER_WORKER_SIGNATURE_ALGORITHM_DEFAULT`, `INTER_WORKER_KEY_GENERATION_ALGORITHM_DEFAULT`,
/// and the one item of `INTER_WORKER_VERIFICATION_ALGORITHMS_DEFAULT` (2.4.0-4.2.0).
const DEFAULT_ALGORITHM: &str = "HmacSHA256";

impl Rule for SignatureAlgorithmNotVerified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !super::is_distributed(cx) {
            return;
        }
        let signing_key =
            if cx.release().at_least("3.3") { "inter.worker.signature.algorithm" } else { "inter.worker.key.generation.algorithm" };
        let signing = cx.explicit(signing_key);
        let list = cx.explicit("inter.worker.verification.algorithms");
        if signing.is_none() && list.is_none() {
            return;
        }
        if signing.is_some_and(|e| is_placeholder(&e.value)) || list.is_some_and(|e| is_placeholder(&e.value)) {
            return;
        }
        // ConfigDef's STRING and LIST parsing: trimmed; list items split at commas and trimmed.
        let algorithm = signing.map_or(DEFAULT_ALGORITHM, |e| e.value.trim());
        let items: Vec<&str> = match list {
            Some(e) if e.value.trim().is_empty() => Vec::new(),
            Some(e) => e.value.trim().split(',').map(str::trim).collect(),
            None => vec![DEFAULT_ALGORITHM],
        };
        if algorithm.is_empty() {
            return; // an empty algorithm name fails the JVM lookup first
        }
        if items.is_empty() {
            return; // an empty list is refused by its validator: `schema/invalid-value`
        }
        if items.contains(&algorithm) {
            return;
        }
        // With an inferred version the error must hold across the range: before 2.4 nothing is
        // compared, and a range across 3.3 compares the key generation algorithm at its start.
        if !crate::rules::client::holds_from(cx, "2.4", None) {
            return;
        }
        if let Some(inf) = &cx.file.inferred {
            if !inf.lo.at_least("3.3") && cx.release().at_least("3.3") {
                let key_gen = cx.explicit("inter.worker.key.generation.algorithm").map_or(DEFAULT_ALGORITHM, |e| e.value.trim());
                if cx.explicit("inter.worker.key.generation.algorithm").is_some_and(|e| is_placeholder(&e.value))
                    || items.contains(&key_gen)
                {
                    return;
                }
            }
        }
        let shown = match items.iter().find(|i| i.eq_ignore_ascii_case(algorithm)) {
            Some(i) => format!("it lists `{i}`, and Kafka compares the names exactly"),
            None => format!("it lists {}", items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")),
        };
        let what = if signing_key == "inter.worker.signature.algorithm" { "signature" } else { "key generation" };
        let message = format!(
            "the {what} algorithm `{algorithm}` is not in `inter.worker.verification.algorithms` ({shown}): the worker does not start"
        );
        let (primary, key) = match (signing, list) {
            (Some(s), _) => (s.value_span, signing_key),
            (None, Some(l)) => (l.value_span, "inter.worker.verification.algorithms"),
            (None, None) => return,
        };
        let mut b = out.report(&META, cx.id, primary, message).key(key);
        if signing.is_none() {
            b = b.primary_label(format!("`{signing_key}` is not set: it defaults to {DEFAULT_ALGORITHM}"));
        }
        if let (Some(_), Some(l)) = (signing, list) {
            b = b.label(cx.id, l.value_span, Some("inter.worker.verification.algorithms"), "the verification list");
        }
        b.help(format!(
            "add `{algorithm}` to `inter.worker.verification.algorithms` on every worker, or set `{signing_key}` to a listed algorithm"
        ));
    }
}
