use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Parses a Connect worker's `response.http.headers.config` as its validator does: a
    /// comma-separated list of header rules, each `[action] [header name]:[header value]`, where
    /// the action is `set`, `add`, `setDate` or `addDate` (in any case), the name has no white
    /// space, and the rule holds exactly one `:` between a name and a value (Java's
    /// `split(":")`, which drops trailing empty parts: `X-A:b:` passes, `X-A:b:c` does not).
    /// The list is split as Jetty's `StringUtil.csvSplit` splits it: a rule holding a comma is
    /// written in double quotes, and an empty item (`a,,b`, a leading comma) is a rule too.
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
    /// `WorkerConfig` before), `ResponseHttpHeadersValidator` (Jetty's `StringUtil.csvSplit`,
    /// the same state machine in Jetty 9.4 and 12); KIP-577.
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

/// Java's `Character.isWhitespace`: Unicode white space except the no-break spaces, plus the
/// information separators U+001C..U+001F.
fn java_is_whitespace(c: char) -> bool {
    matches!(c, '\u{1C}'..='\u{1F}') || (c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}'))
}

/// Jetty's `StringUtil.csvSplit`, which `ResponseHttpHeadersValidator` uses: items split at
/// commas; unquoted items trimmed of white space; a double-quoted item taken verbatim with `\`
/// escaping the next character (anything after its closing quote up to the next comma is
/// dropped); a comma where an item should start gives an empty item; a trailing comma gives
/// none.
pub(crate) fn jetty_csv_split(s: &str) -> Vec<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        PreData,
        Quote,
        Slosh,
        Data,
        White,
        PostData,
    }
    let mut list = Vec::new();
    let mut state = State::PreData;
    let mut out = String::new();
    let mut last = 0usize;
    for ch in s.chars() {
        match state {
            State::PreData => {
                if ch == '"' {
                    state = State::Quote;
                } else if ch == ',' {
                    list.push(String::new());
                } else if !java_is_whitespace(ch) {
                    state = State::Data;
                    out.push(ch);
                }
            }
            State::Data => {
                if java_is_whitespace(ch) {
                    last = out.len();
                    out.push(ch);
                    state = State::White;
                } else if ch == ',' {
                    list.push(std::mem::take(&mut out));
                    state = State::PreData;
                } else {
                    out.push(ch);
                }
            }
            State::White => {
                if java_is_whitespace(ch) {
                    out.push(ch);
                } else if ch == ',' {
                    out.truncate(last);
                    list.push(std::mem::take(&mut out));
                    state = State::PreData;
                } else {
                    state = State::Data;
                    out.push(ch);
                }
            }
            State::Quote => {
                if ch == '\\' {
                    state = State::Slosh;
                } else if ch == '"' {
                    list.push(std::mem::take(&mut out));
                    state = State::PostData;
                } else {
                    out.push(ch);
                }
            }
            State::Slosh => {
                out.push(ch);
                state = State::Quote;
            }
            State::PostData => {
                if ch == ',' {
                    state = State::PreData;
                }
            }
        }
    }
    match state {
        State::PreData | State::PostData => {}
        State::Data | State::Quote | State::Slosh => list.push(out),
        State::White => {
            out.truncate(last);
            list.push(out);
        }
    }
    list
}

/// Why one header rule is refused, in the order `validateHttpResponseHeaderConfig` checks.
pub(crate) fn header_rule_error(rule: &str) -> Option<String> {
    let trimmed = java_trim(rule);
    // config.trim().split("\\s+", 2)
    let Some(i) = trimmed.find(is_java_space) else {
        if trimmed.is_empty() {
            return Some("an empty header rule (two commas in a row, or a leading comma)".to_string());
        }
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
        if !crate::rules::client::holds_from(cx, "2.6", None) {
            return;
        }
        // ConfigDef trims the string; a blank one is no rule at all.
        let value = java_trim(&e.value);
        if value.is_empty() || is_placeholder(value) {
            return;
        }
        for rule in jetty_csv_split(value) {
            let Some(why) = header_rule_error(&rule) else { continue };
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
        assert!(header_rule_error("").is_some());
    }

    #[test]
    fn csv_split_as_jetty() {
        use super::jetty_csv_split as split;
        assert_eq!(split("a, b ,c"), vec!["a", "b", "c"]);
        assert_eq!(split("a,"), vec!["a"]);
        assert_eq!(split("a,,b"), vec!["a", "", "b"]);
        assert_eq!(split(",a"), vec!["", "a"]);
        assert_eq!(split("\"set Cache-Control: no-cache, no-store\", set X:Y"), vec!["set Cache-Control: no-cache, no-store", "set X:Y"]);
        assert_eq!(split("\"a\\\"b\" junk,c"), vec!["a\"b", "c"]);
        assert_eq!(split("set  X : Y  "), vec!["set  X : Y"]);
        assert_eq!(split("\"open"), vec!["open"]);
    }
}
