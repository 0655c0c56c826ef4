use crate::model::{is_placeholder, Role};
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Checks a Streams application's rack-aware standby assignment (KIP-708) as
    /// `StreamsConfig` does when it is constructed: every tag named in
    /// `rack.aware.assignment.tags` needs a `client.tag.<tag>` key; at most 5 `client.tag.*`
    /// keys; a tag key (the part after `client.tag.`) of at most 20 characters and a tag value
    /// of at most 30.
    /// ## Why it fails in production
    /// The application does not start: `ConfigException: Invalid value [zone] for configuration
    /// rack.aware.assignment.tags: Contains invalid value [zone] which doesn't have corresponding
    /// tag set via [client.tag.] prefix.` (or `At most 5 client tags can be specified using
    /// client.tag. prefix.`, `Tag key exceeds maximum length of 20.`, `Tag value exceeds maximum
    /// length of 30.`).
    /// ## Example
    /// ```properties,expect_diagnostic
    /// # kafkalint: role=streams
    /// application.id=orders
    /// rack.aware.assignment.tags=zone,cluster
    /// client.tag.zone=eu-central-1a
    /// ```
    /// ## Use instead
    /// ```properties
    /// # kafkalint: role=streams
    /// application.id=orders
    /// rack.aware.assignment.tags=zone,cluster
    /// client.tag.zone=eu-central-1a
    /// client.tag.cluster=k8s-cluster1
    /// ```
    /// ## Fix
    /// None: the tag values are the deployment's.
    /// ## Versions
    /// 3.2+ (KIP-708). `StreamsConfig.validateRackAwarenessConfiguration` is the same at
    /// apache/kafka tags 3.2.0, 3.3.0, 3.5.0, 3.8.0 and 3.9.0 and at the 4.0.0, 4.1.0 and 4.2.0
    /// releases (`MAX_RACK_AWARE_ASSIGNMENT_TAG_LIST_SIZE = 5`, `..._TAG_KEY_LENGTH = 20`,
    /// `..._TAG_VALUE_LENGTH = 30`).
    /// ## Source
    /// `StreamsConfig.validateRackAwarenessConfiguration` (called from `postProcessParsedConfig`),
    /// `StreamsConfig.getClientTags` (`originalsWithPrefix(CLIENT_TAG_PREFIX)`); KIP-708.
    pub RackAwareTagsInvalid {
        id: "streams/rack-aware-tags-invalid",
        summary: "rack.aware.assignment.tags without matching client.tag.* keys, or client tags over Kafka's limits: the application does not start",
        severity: Error,
        scope: Scope::File(&[Role::Streams]),
        versions: Some("3.2") => None,
        reads: ["rack.aware.assignment.tags", "client.tag.*"],
        fix: None,
        source: "StreamsConfig.validateRackAwarenessConfiguration; KIP-708",
    }
}

const PREFIX: &str = "client.tag.";
const MAX_TAGS: usize = 5;
const MAX_KEY_LENGTH: usize = 20;
const MAX_VALUE_LENGTH: usize = 30;

/// Java's `String.length()`: UTF-16 code units.
fn java_len(s: &str) -> usize {
    s.encode_utf16().count()
}

impl Rule for RackAwareTagsInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        if !crate::rules::client::holds_from(cx, "3.2", None) {
            return;
        }
        // The client tags, in file order (last occurrence of each key).
        let mut tags: Vec<(&str, &crate::properties::Entry)> =
            cx.file.last.iter().filter_map(|(k, &i)| k.strip_prefix(PREFIX).map(|t| (t, &cx.file.doc.entries[i]))).collect();
        tags.sort_by_key(|(_, e)| e.span.start);
        // validateRackAwarenessConfiguration checks in this order and stops at the first failure;
        // each problem is reported here.
        if tags.len() > MAX_TAGS {
            let (_, sixth) = tags[MAX_TAGS];
            out.report(
                &META,
                cx.id,
                sixth.key_span,
                format!(
                    "{} `{PREFIX}*` keys: Streams accepts at most {MAX_TAGS} client tags and the application does not start",
                    tags.len()
                ),
            )
            .key(&sixth.key)
            .help(format!("keep at most {MAX_TAGS} `{PREFIX}*` keys"));
        }
        if let Some(e) = cx.explicit("rack.aware.assignment.tags") {
            if !is_placeholder(&e.value) {
                let mut offset = 0;
                for item in e.value.split(',') {
                    let start = offset;
                    offset += item.len() + 1;
                    let name = item.trim();
                    if name.is_empty() || tags.iter().any(|(t, _)| *t == name) {
                        continue;
                    }
                    let lead = item.len() - item.trim_start().len();
                    let span = crate::source::Span::new(e.value_span.start + start + lead, e.value_span.start + start + lead + name.len());
                    // Point at the item when the file holds the value as written (no escapes,
                    // no quoting), else at the whole value.
                    let raw = cx.text().get(e.value_span.start..e.value_span.end);
                    let span = if raw == Some(e.value.as_str()) { span } else { e.value_span };
                    out.report(
                        &META,
                        cx.id,
                        span,
                        format!(
                            "`rack.aware.assignment.tags` names `{name}` but no `{PREFIX}{name}` is set: the application does not start"
                        ),
                    )
                    .key("rack.aware.assignment.tags")
                    .help(format!("set `{PREFIX}{name}` to this instance's value, or remove `{name}` from `rack.aware.assignment.tags`"));
                }
            }
        }
        for (tag, e) in &tags {
            if java_len(tag) > MAX_KEY_LENGTH {
                out.report(
                    &META,
                    cx.id,
                    e.key_span,
                    format!("client tag key `{tag}` is {} characters long: Streams accepts at most {MAX_KEY_LENGTH} and the application does not start", java_len(tag)),
                )
                .key(&e.key)
                .help(format!("use a tag key of at most {MAX_KEY_LENGTH} characters (and the same in `rack.aware.assignment.tags`)"));
            }
            if !is_placeholder(&e.value) && java_len(&e.value) > MAX_VALUE_LENGTH {
                out.report(
                    &META,
                    cx.id,
                    e.value_span,
                    format!(
                        "the value of `{}` is {} characters long: Streams accepts at most {MAX_VALUE_LENGTH} and the application does not start",
                        e.key,
                        java_len(&e.value)
                    ),
                )
                .key(&e.key)
                .help(format!("use a tag value of at most {MAX_VALUE_LENGTH} characters"));
            }
        }
    }
}
