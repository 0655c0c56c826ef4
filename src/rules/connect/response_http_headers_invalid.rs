use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Parses a Connect worker's `response.http.headers.config` as its validator does: a
    /// comma-separated list of header rules, each `[action] [header name]:[header value]`, where
    /// the action is `set`, `add`, `setDate` or `addDate` (in any case), the name has no white
    /// space, and the rule holds exactly one `:` between a name and a value (Java's
    /// `split(":")`, which drops trailing empty parts: `X-A:b:` passes, `X-A:b:c` does not).
    /// Values with double quotes (a rule that contains a comma) are not judged.
    /// ## Why it fails in production
    /// The worker does not start: `ConfigException: Invalid value set X-Frame-Options for
    /// configuration response.http.headers.config: Invalid format of header name and header
    /// value pair ...`, `Invalid header config action: 'put'. Expected one of [set, add,
    /// setDate, addDate]`, or `Invalid format of header config 'X-Frame-Options:DENY'. Expected:
    /// '[action] [header name]:[header value]'`. A value with a colon in it (a URL in a
    /// `Content-Security-Policy`) is refused too.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=connect-worker
    /// response.http.headers.config=X-Frame-Options:DENY
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=connect-worker
    /// response.http.headers.config=set X-Frame-Options:DENY
    /// ```
    /// ## Fix
    /// None: the header rules are yours.
    /// ## Versions
    /// 2.6+ (KIP-577). `validateHttpResponseHeaderConfig`, `validateHeaderConfigAction` and
    /// `ResponseHttpHeadersValidator` are the same (apart from message wording) in `WorkerConfig`
    /// at apache/kafka tags 2.6.0, 2.8.0, 3.0.0 and 3.3.0 and in `RestServerConfig` at 3.5.0 and
    /// 3.9.0 and at the 4.0.0, 4.1.0 and 4.2.0 releases (`HEADER_ACTIONS = [set, add, setDate,
    /// addDate]`).
    /// ## Source
    /// `RestServerConfig.validateHttpResponseHeaderConfig` / `validateHeaderConfigAction` (3.5+;
    /// `WorkerConfig` before), `ResponseHttpHeadersValidator` (Jetty's `StringUtil.csvSplit`);
    /// KIP-577.
    pub ResponseHttpHeadersInvalid {
        id: "connect/response-http-headers-invalid",
        summary: "response.http.headers.config does not parse as header rules: the worker does not start",
        severity: Error,
        scope: Scope::File(&[Role::ConnectWorker]),
        versions: Some("2.6") => None,
        reads: ["response.http.headers.config"],
        fix: None,
        source: "RestServerConfig.validateHttpResponseHeaderConfig (WorkerConfig before 3.5); KIP-577",
    }
}

/// `RestServerConfig.HEADER_ACTIONS`, compared with `equalsIgnoreCase`.
const ACTIONS: [&str; 4] = ["set", "add", "setDate", "addDate"];

/// Java's `String.trim()`: strips code points up to U+0020.
fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// Java regex `\s`.
fn is_java_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

/// Java's `s.split(":")`: trailing empty strings removed; `""` gives `[""]`.
fn java_split_colon(s: &str) -> Vec<&str> {
    if s.is_empty() {
        return vec![""];
    }
    let mut parts: Vec<&str> = s.split(':').collect();
    while parts.last() == Some(&"") {
        parts.pop();
    }
    parts
}

/// Why one header rule is refused, in the order `validateHttpResponseHeaderConfig` checks.
pub(crate) fn header_rule_error(rule: &str) -> Option<String> {
    let trimmed = java_trim(rule);
    // config.trim().split("\\s+", 2)
    let Some(i) = trimmed.find(is_java_space) else {
        return Some(format!("`{rule}` is not `[action] [header name]:[header value]`"));
    };
    let action = &trimmed[..i];
    let header = trimmed[i..].trim_start_matches(is_java_space);
    if !ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(action)) {
        return Some(format!("`{action}` is not a header action (Kafka accepts {})", ACTIONS.join(", ")));
    }
    let parts = java_split_colon(java_trim(header));
    if parts.len() != 2 {
        return Some(format!("`{header}` is not one `[header name]:[header value]` pair (exactly one `:` between a name and a value)"));
    }
    let name = java_trim(parts[0]);
    if name.is_empty() || name.contains(is_java_space) {
        return Some(format!("the header name `{name}` is empty or contains white space"));
    }
    None
}

impl Rule for ResponseHttpHeadersInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(e) = cx.explicit("response.http.headers.config") else { return };
        let value = java_trim(&e.value);
        // Quoted rules follow Jetty's CSV quoting, which is not reproduced here.
        if value.is_empty() || is_placeholder(value) || value.contains('"') {
            return;
        }
        for rule in value.split(',') {
            let rule = rule.trim();
            if rule.is_empty() {
                continue;
            }
            let Some(why) = header_rule_error(rule) else { continue };
            out.report(
                &META,
                cx.id,
                e.value_span,
                format!("`response.http.headers.config`: {why}; the Connect worker does not start"),
            )
            .key("response.http.headers.config")
            .help("write each header rule as `[action] [header name]:[header value]` with the action `set`, `add`, `setDate` or `addDate`, e.g. `set X-Frame-Options:DENY`");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::header_rule_error;

    #[test]
    fn header_rules_as_kafka_parses_them() {
        assert_eq!(header_rule_error("set X-Frame-Options:DENY"), None);
        assert_eq!(header_rule_error("ADD Cache-Control: no-cache"), None);
        assert_eq!(header_rule_error("setDate Expires:31540000000"), None);
        // split(":") drops trailing empty strings.
        assert_eq!(header_rule_error("set X-A:b:"), None);
        assert!(header_rule_error("X-Frame-Options:DENY").is_some());
        assert!(header_rule_error("put X-Frame-Options:DENY").is_some());
        assert!(header_rule_error("unset X-Frame-Options:DENY").is_some());
        assert!(header_rule_error("set X-Frame-Options").is_some());
        assert!(header_rule_error("set X-Frame-Options:").is_some());
        assert!(header_rule_error("set Content-Security-Policy:default-src https://a.example").is_some());
        assert!(header_rule_error("set :DENY").is_some());
        assert!(header_rule_error("set X Frame:DENY").is_some());
    }
}
