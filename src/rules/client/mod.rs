//! Rules for every client role (producer, consumer, admin, streams, connect-worker).

pub mod bootstrap_port_not_advertised;
pub mod bootstrap_servers_syntax;
pub mod disallowed_login_module;
pub mod missing_required_key;
pub mod overlay_missing_key;
pub mod sasl_jaas_config_invalid;
pub mod sasl_login_module_vs_mechanism;
pub mod sasl_mechanism_not_enabled;
pub mod sasl_plain_over_plaintext;
pub mod sasl_without_jaas_config;
pub mod sasl_without_mechanism;
pub mod security_protocol_vs_listener;
pub mod ssl_endpoint_identification_disabled;

/// This family's rules (the registry in `rules/mod.rs` collects them).
pub static RULES: &[&dyn crate::rules::Rule] = &[
    &bootstrap_port_not_advertised::BootstrapPortNotAdvertised,
    &bootstrap_servers_syntax::BootstrapServersSyntax,
    &disallowed_login_module::DisallowedLoginModule,
    &missing_required_key::MissingRequiredKey,
    &overlay_missing_key::OverlayMissingKey,
    &sasl_jaas_config_invalid::SaslJaasConfigInvalid,
    &sasl_login_module_vs_mechanism::SaslLoginModuleVsMechanism,
    &sasl_mechanism_not_enabled::SaslMechanismNotEnabled,
    &sasl_plain_over_plaintext::SaslPlainOverPlaintext,
    &sasl_without_jaas_config::SaslWithoutJaasConfig,
    &sasl_without_mechanism::SaslWithoutMechanism,
    &security_protocol_vs_listener::SecurityProtocolVsListener,
    &ssl_endpoint_identification_disabled::SslEndpointIdentificationDisabled,
];

use crate::model::{is_placeholder, LintFile, Value};
use crate::rules::{DeploymentCtx, FileCtx};
use crate::source::Span;

/// The roles every rule of this family looks at.
pub(crate) const CLIENT_ROLES: &[crate::model::Role] = &[
    crate::model::Role::Producer,
    crate::model::Role::Consumer,
    crate::model::Role::Admin,
    crate::model::Role::Streams,
    crate::model::Role::ConnectWorker,
];

/// The client library a file is written for (`java` unless declared otherwise).
pub(crate) fn library(file: &LintFile) -> String {
    file.client.as_deref().and_then(|c| crate::model::parse_client(c).ok()).map_or_else(|| "java".to_string(), |(lib, _)| lib)
}

/// Whether the file configures the Java client (the default), whose parsing these rules follow.
pub(crate) fn is_java(file: &LintFile) -> bool {
    // Undeclared (nearly every file): Java, without parsing or allocating.
    file.client.is_none() || library(file) == "java"
}

/// The effective `security.protocol`, upper-cased (Kafka reads it case-insensitively).
pub(crate) fn security_protocol<'a>(cx: &FileCtx<'a>) -> Option<(String, Value<'a>)> {
    let v = cx.get("security.protocol")?;
    if is_placeholder(&v.text) {
        return None;
    }
    Some((v.text.trim().to_ascii_uppercase(), v))
}

/// Whether a file is a Java client that uses SASL (`security.protocol` SASL_PLAINTEXT or
/// SASL_SSL): the guard of the SASL rules.
pub(crate) fn uses_java_sasl(cx: &FileCtx<'_>) -> bool {
    is_java(cx.file) && security_protocol(cx).is_some_and(|(protocol, _)| is_sasl(&protocol))
}

pub(crate) fn is_sasl(protocol: &str) -> bool {
    protocol == "SASL_PLAINTEXT" || protocol == "SASL_SSL"
}

pub(crate) fn is_ssl(protocol: &str) -> bool {
    protocol == "SSL" || protocol == "SASL_SSL"
}

/// The effective `sasl.mechanism`, upper-cased as Kafka compares it with the broker's list.
/// `None` for an empty one (`client/sasl-without-mechanism` reports it).
pub(crate) fn sasl_mechanism<'a>(cx: &FileCtx<'a>) -> Option<(String, Value<'a>)> {
    let v = cx.get("sasl.mechanism")?;
    if is_placeholder(&v.text) || v.text.trim().is_empty() {
        return None;
    }
    Some((v.text.trim().to_string(), v))
}

/// The login module class a mechanism's Kafka SASL client works with (simple class name),
/// from knowledge/facts/protocol.toml.
pub(crate) fn login_module_for(mechanism: &str) -> Option<&'static str> {
    crate::knowledge::fact(&format!("protocol.sasl.login_modules.{}", mechanism.to_ascii_uppercase()))
}

/// The mechanism a Kafka login module (simple class name) is written for.
pub(crate) fn mechanisms_for_module(simple: &str) -> Vec<&'static str> {
    crate::knowledge::facts_under("protocol.sasl.login_modules").filter(|(_, m)| *m == simple).map(|(k, _)| k).collect()
}

/// The simple name of a class (`org.apache.kafka.common.security.plain.PlainLoginModule` →
/// `PlainLoginModule`); shaded copies keep their simple name.
pub(crate) fn simple_class_name(class: &str) -> &str {
    class.rsplit('.').next().unwrap_or(class)
}

/// Whether a client file carries the application's own settings (keys with no close match,
/// outside Kafka's namespaces): the application loads it whole and completes it in code
/// (`props.put(GROUP_ID_CONFIG, …)`), so a key missing from it may well be set.
pub(crate) fn carries_app_keys(cx: &FileCtx<'_>, role: crate::model::Role) -> bool {
    cx.keys().iter().any(|&(key, _, class)| {
        matches!(class, crate::rules::schema::keys::Class::Unknown)
            && crate::rules::schema::keys::suggest(role, key, cx.release()).is_none()
            && !crate::rules::schema::unknown_key::in_kafka_namespace(role, key)
    })
}

/// Whether a check that Kafka runs from release line `line` holds for the file: at its declared
/// version, or, when the version is inferred from its keys, at every line of the inferred range
/// (an error must hold across the range, not only at its newest line). `floor` is a line the
/// file's values imply on top of its keys (`processing.guarantee=exactly_once_v2`: 3.0).
pub(crate) fn holds_from(cx: &FileCtx<'_>, line: &str, floor: Option<&str>) -> bool {
    let Some(inf) = &cx.file.inferred else { return cx.release().at_least(line) };
    let lo = floor.and_then(crate::version::Release::named).map_or(inf.lo, |f| f.max(inf.lo));
    lo.at_least(line)
}

/// A release line named in a facts file, compared with `release`.
pub(crate) fn at_least(release: crate::version::Release, fact: &str) -> bool {
    let v = crate::knowledge::fact(fact).unwrap_or_else(|| panic!("knowledge/facts lacks `{fact}`"));
    release.at_least(v)
}

// ---------------------------------------------------------------------------------------------
// sasl.jaas.config, read as org.apache.kafka.common.security.JaasConfig reads it.

/// A token of `java.io.StreamTokenizer` as `JaasConfig` configures it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Eof,
    Word(String),
    Quoted(String),
    /// `TT_NUMBER`: its `sval` is null.
    Number,
    Ordinary(char),
}

impl Tok {
    /// `StreamTokenizer.sval`: the text of a word or quoted string, else none.
    fn sval(&self) -> Option<&str> {
        match self {
            Tok::Word(s) | Tok::Quoted(s) => Some(s),
            _ => None,
        }
    }
}

/// `java.io.StreamTokenizer` with its default syntax (letters and 160-255 word characters, `0-9 . -`
/// numbers, `/` a comment character, `"` and `'` quotes, 0-32 white space, everything else
/// ordinary) plus what `JaasConfig` sets: `slashSlashComments(true); slashStarComments(true);
/// wordChars('-', '-'); wordChars('_', '_'); wordChars('$', '$')` (every release line to 4.2). So
/// `password=12345` is a number token, which has no string value: Kafka refuses it.
struct Tokenizer {
    chars: Vec<char>,
    pos: usize,
}

impl Tokenizer {
    fn read(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }
    fn unread(&mut self, c: Option<char>) {
        if c.is_some() {
            self.pos -= 1;
        }
    }
    /// A character that starts or continues a word (`CT_ALPHA`).
    fn is_alpha(c: char) -> bool {
        let n = c as u32;
        n >= 256 || c.is_ascii_alphabetic() || (160..=255).contains(&n) || matches!(c, '-' | '_' | '$')
    }
    /// A character of a number (`CT_DIGIT`, from `parseNumbers`).
    fn is_digit(c: char) -> bool {
        c.is_ascii_digit() || c == '.' || c == '-'
    }
    fn skip_line(&mut self) {
        loop {
            match self.read() {
                None => return,
                Some(c) if c == '\n' || c == '\r' => {
                    self.unread(Some(c));
                    return;
                }
                Some(_) => {}
            }
        }
    }
    fn next(&mut self) -> Tok {
        loop {
            let Some(c) = self.read() else { return Tok::Eof };
            if (c as u32) <= 32 {
                continue;
            }
            // Numbers first: `-` is both a number and a word character, and a number wins.
            if Self::is_digit(c) {
                let mut d = Some(c);
                if c == '-' {
                    d = self.read();
                    if !d.is_some_and(|x| x == '.' || x.is_ascii_digit()) {
                        self.unread(d);
                        return Tok::Ordinary('-');
                    }
                }
                let mut seen_dot = false;
                while let Some(x) = d {
                    if x == '.' && !seen_dot {
                        seen_dot = true;
                    } else if !x.is_ascii_digit() {
                        break;
                    }
                    d = self.read();
                }
                self.unread(d);
                return Tok::Number;
            }
            if Self::is_alpha(c) {
                let mut s = String::from(c);
                loop {
                    match self.read() {
                        Some(d) if Self::is_alpha(d) || Self::is_digit(d) => s.push(d),
                        other => {
                            self.unread(other);
                            return Tok::Word(s);
                        }
                    }
                }
            }
            if c == '"' || c == '\'' {
                return Tok::Quoted(self.quoted(c));
            }
            if c == '/' {
                match self.read() {
                    Some('*') => {
                        let mut prev = '\0';
                        loop {
                            match self.read() {
                                None => return Tok::Eof,
                                Some('/') if prev == '*' => break,
                                Some(d) => prev = d,
                            }
                        }
                        continue;
                    }
                    Some('/') => {
                        self.skip_line();
                        continue;
                    }
                    // '/' is also a comment character: the rest of the line is a comment (the
                    // character after '/' is skipped whatever it is, as Java does).
                    _ => {
                        self.skip_line();
                        continue;
                    }
                }
            }
            return Tok::Ordinary(c);
        }
    }
    /// A quoted string: up to the closing quote, a line end or the end; backslash escapes as
    /// `StreamTokenizer` decodes them.
    fn quoted(&mut self, quote: char) -> String {
        let mut out = String::new();
        let mut d = self.read();
        while let Some(dc) = d {
            if dc == quote || dc == '\n' || dc == '\r' {
                break;
            }
            let c;
            if dc == '\\' {
                let first = self.read();
                match first {
                    Some(f @ '0'..='7') => {
                        let mut v = f as u32 - '0' as u32;
                        let c2 = self.read();
                        match c2 {
                            Some(s @ '0'..='7') => {
                                v = (v << 3) + (s as u32 - '0' as u32);
                                let c3 = self.read();
                                match c3 {
                                    Some(t @ '0'..='7') if f <= '3' => {
                                        v = (v << 3) + (t as u32 - '0' as u32);
                                        d = self.read();
                                    }
                                    other => d = other,
                                }
                            }
                            other => d = other,
                        }
                        c = char::from_u32(v).unwrap_or('\u{fffd}');
                    }
                    other => {
                        c = match other {
                            Some('a') => '\u{7}',
                            Some('b') => '\u{8}',
                            Some('f') => '\u{c}',
                            Some('n') => '\n',
                            Some('r') => '\r',
                            Some('t') => '\t',
                            Some('v') => '\u{b}',
                            Some(x) => x,
                            None => '\u{ffff}',
                        };
                        d = self.read();
                    }
                }
            } else {
                c = dc;
                d = self.read();
            }
            out.push(c);
        }
        // The closing quote is consumed; a line end is read again as white space.
        if d.is_some_and(|x| x != quote) {
            self.unread(d);
        }
        out
    }
}

/// One login module entry of a JAAS configuration.
#[derive(Debug, Clone)]
pub(crate) struct JaasEntry {
    pub module: String,
    /// Option names (values are credentials: never kept here).
    pub options: Vec<String>,
}

/// Why Kafka rejects a `sasl.jaas.config` value: the message of the `IllegalArgumentException`
/// `JaasConfig`/`JaasContext` throw (option values never appear in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JaasError {
    NoModule,
    NoFlag,
    FlagNotAvailable,
    InvalidFlag(String),
    NoValue(String),
    NotTerminated,
    ModuleCount(usize),
}

/// JAAS option names printed in messages; anything else could be a misplaced credential.
fn printable_option(name: &str) -> bool {
    const KNOWN: [&str; 16] = [
        "username",
        "password",
        "serviceName",
        "keyTab",
        "principal",
        "useKeyTab",
        "storeKey",
        "useTicketCache",
        "debug",
        "clientId",
        "clientSecret",
        "scope",
        "tokenauth",
        "doNotPrompt",
        "renewTGT",
        "isInitiator",
    ];
    KNOWN.contains(&name)
        || ["unsecuredLoginStringClaim_", "unsecuredLoginListClaim_", "unsecuredLoginNumberClaim_", "unsecuredLoginExtension_"]
            .iter()
            .any(|p| name.starts_with(p))
}

impl JaasError {
    /// Kafka's message, with names that may be credentials replaced by `…`.
    pub fn kafka_message(&self) -> String {
        match self {
            JaasError::NoModule => "Login module not specified in JAAS config".into(),
            JaasError::NoFlag => "Login module control flag not specified in JAAS config".into(),
            JaasError::FlagNotAvailable => "Login module control flag is not available in the JAAS config".into(),
            JaasError::InvalidFlag(f) => format!("Invalid login module control flag '{}' in JAAS config", self.shown(f)),
            JaasError::NoValue(k) => format!("Value not specified for key '{}' in JAAS config", self.shown(k)),
            JaasError::NotTerminated => "JAAS config entry not terminated by semi-colon".into(),
            JaasError::ModuleCount(n) => format!("JAAS config property contains {n} login modules, should be 1 module"),
        }
    }
    /// A name from the value as it may be shown: a known option name, or a short word of letters
    /// (a mistyped flag); else `…`.
    pub fn shown<'s>(&self, name: &'s str) -> &'s str {
        let word = name.len() <= 12 && name.chars().all(|c| c.is_ascii_alphabetic());
        match self {
            JaasError::InvalidFlag(_) if word => name,
            JaasError::NoValue(_) if printable_option(name) => name,
            _ => "…",
        }
    }
}

/// Parses a `sasl.jaas.config` value as `JaasConfig` does, then requires exactly one login module
/// as `JaasContext.load` does for clients.
pub(crate) fn parse_jaas(text: &str) -> Result<JaasEntry, JaasError> {
    let mut t = Tokenizer { chars: text.chars().collect(), pos: 0 };
    let mut entries = Vec::new();
    loop {
        let first = t.next();
        if first == Tok::Eof {
            break;
        }
        let module = first.sval().unwrap_or("").to_string();
        let flag_tok = t.next();
        if flag_tok == Tok::Eof {
            return Err(JaasError::NoFlag);
        }
        let flag = flag_tok.sval().ok_or(JaasError::FlagNotAvailable)?.to_string();
        if !["REQUIRED", "REQUISITE", "SUFFICIENT", "OPTIONAL"].contains(&flag.to_ascii_uppercase().as_str()) {
            return Err(JaasError::InvalidFlag(flag));
        }
        let mut options = Vec::new();
        let mut last;
        loop {
            last = t.next();
            if last == Tok::Eof || last == Tok::Ordinary(';') {
                break;
            }
            let key = last.sval().unwrap_or("null").to_string();
            if t.next() != Tok::Ordinary('=') {
                return Err(JaasError::NoValue(key));
            }
            let value = t.next();
            if value == Tok::Eof || value.sval().is_none() {
                return Err(JaasError::NoValue(key));
            }
            options.push(key);
        }
        if last != Tok::Ordinary(';') {
            return Err(JaasError::NotTerminated);
        }
        if module.is_empty() {
            return Err(JaasError::NoModule);
        }
        entries.push(JaasEntry { module, options });
    }
    match entries.len() {
        0 => Err(JaasError::NoModule),
        1 => Ok(entries.remove(0)),
        n => Err(JaasError::ModuleCount(n)),
    }
}

/// The login module class named first in a `sasl.jaas.config` value, even when the rest does not
/// parse (the first word, when it looks like a class name).
pub(crate) fn jaas_module(text: &str) -> Option<String> {
    if let Ok(entry) = parse_jaas(text) {
        return Some(entry.module);
    }
    let mut t = Tokenizer { chars: text.chars().collect(), pos: 0 };
    match t.next() {
        Tok::Word(w) | Tok::Quoted(w) if w.contains('.') || w.ends_with("LoginModule") => Some(w),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// bootstrap.servers and the broker listeners they reach.

/// One `bootstrap.servers` item as the Java client reads it (`Utils.getHost`/`getPort`).
#[derive(Debug, Clone)]
pub(crate) struct BootstrapItem {
    /// The item as written (trimmed).
    pub text: String,
    /// Byte range inside the trimmed value.
    pub range: (usize, usize),
    pub scheme: Option<String>,
    pub host: Option<String>,
    /// The port digits, when the item has `:digits` at its end.
    pub port: Option<u64>,
}

/// Splits a `bootstrap.servers` value into items as ConfigDef's LIST type does (commas with white
/// space around them), keeping empty items, and reads host and port as the client's pattern
/// `^(?:[0-9a-zA-Z\-%._]*://)?\[?([0-9a-zA-Z\-%._:]*)]?:([0-9]+)` does.
pub(crate) fn bootstrap_items(value: &str) -> Vec<BootstrapItem> {
    let trimmed_lead = value.len() - value.trim_start().len();
    let text = value.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split(',') {
        let start = offset + (raw.len() - raw.trim_start().len());
        let item = raw.trim();
        offset += raw.len() + 1;
        let range = (trimmed_lead + start, trimmed_lead + start + item.len());
        out.push(parse_bootstrap_item(item, range));
    }
    out
}

fn parse_bootstrap_item(item: &str, range: (usize, usize)) -> BootstrapItem {
    let host_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '%' | '.' | '_' | ':');
    let mut rest = item;
    let mut scheme = None;
    if let Some(i) = item.find("://") {
        let s = &item[..i];
        if s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '%' | '.' | '_')) {
            scheme = Some(s.to_string());
            rest = &item[i + 3..];
        }
    }
    let mut b = BootstrapItem { text: item.to_string(), range, scheme, host: None, port: None };
    let Some(colon) = rest.rfind(':') else { return b };
    let digits = &rest[colon + 1..];
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return b;
    }
    let host_part = &rest[..colon];
    let host = host_part.strip_prefix('[').unwrap_or(host_part);
    let host = host.strip_suffix(']').unwrap_or(host);
    if !host.chars().all(host_char) {
        return b;
    }
    b.port = Some(digits.parse::<u64>().unwrap_or(u64::MAX));
    b.host = Some(host.to_string());
    b
}

/// A broker listener a client can reach: its name, security protocol and port.
#[derive(Debug, Clone)]
pub(crate) struct BrokerListener {
    pub name: String,
    /// From `listener.security.protocol.map` (explicit or the broker version's default).
    pub protocol: Option<String>,
    pub port: u16,
    /// Where the endpoint is written (`advertised.listeners` or `listeners`), when in the file.
    pub span: Option<Span>,
    pub key: &'static str,
}

/// The listeners a broker file declares: `advertised.listeners` and `listeners` (both: a client
/// may reach the bound port directly), or, for old brokers without listeners, `port`. Only values
/// set in the file count: a broker file that leaves them to their defaults is often a template
/// completed by environment variables (container images), so its listeners are not known.
/// Computed once per broker file (every client of the deployment asks).
pub(crate) fn broker_listeners<'f>(b: &'f FileCtx<'_>) -> &'f [BrokerListener] {
    b.listeners.get_or_init(|| compute_broker_listeners(b))
}

fn compute_broker_listeners(b: &FileCtx<'_>) -> Vec<BrokerListener> {
    let map = protocol_map(b);
    let mut out = Vec::new();
    let controllers: Vec<String> =
        b.get("controller.listener.names").map(|v| v.as_list().iter().map(|s| s.to_ascii_uppercase()).collect()).unwrap_or_default();
    for key in ["advertised.listeners", "listeners"] {
        let Some(e) = b.explicit(key) else { continue };
        if is_placeholder(&e.value) {
            continue;
        }
        for ep in crate::kafka::parse_listeners(e.value.trim()).into_iter().flatten() {
            let Some(port) = ep.port else { continue };
            let name = ep.name.to_ascii_uppercase();
            if controllers.contains(&name) {
                continue;
            }
            let span = Some(crate::kafka::value_range_span(e.value_span, &e.value, ep.range));
            let protocol = map.iter().find(|(n, _)| *n == name).map(|(_, p)| p.clone());
            out.push(BrokerListener {
                name,
                protocol,
                port,
                span,
                key: if key == "listeners" { "listeners" } else { "advertised.listeners" },
            });
        }
    }
    if out.is_empty() && b.explicit("listeners").is_none() && b.explicit("advertised.listeners").is_none() {
        // Brokers before 3.0 without `listeners` bind PLAINTEXT on `port`.
        if let Some(e) = b.explicit("port") {
            if let Some(port) = crate::model::parse_i64(&e.value).and_then(|p| u16::try_from(p).ok()) {
                out.push(BrokerListener {
                    name: "PLAINTEXT".into(),
                    protocol: Some("PLAINTEXT".into()),
                    port,
                    span: Some(e.value_span),
                    key: "port",
                });
            }
        }
    }
    out
}

/// `listener.security.protocol.map` as (listener name, protocol), upper-cased.
fn protocol_map(b: &FileCtx<'_>) -> Vec<(String, String)> {
    let Some(v) = b.get("listener.security.protocol.map") else { return Vec::new() };
    v.text
        .split(',')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(n, p)| (n.trim().to_ascii_uppercase(), p.trim().to_ascii_uppercase()))
        .filter(|(n, p)| !n.is_empty() && !p.is_empty())
        .collect()
}

/// Whether a broker file's listeners are known well enough to judge what a client reaches:
/// some listener with a port, set in the file, no placeholder.
pub(crate) fn listeners_known(b: &FileCtx<'_>) -> bool {
    !broker_listeners(b).is_empty()
}

/// The bootstrap items of a client file with a usable port, with the span of each in the file.
/// Read once per client file (the deployment rules that follow bootstrap addresses each ask).
pub(crate) fn client_bootstrap<'c, 'a>(c: &'c FileCtx<'a>) -> Option<(Value<'a>, &'c [(BootstrapItem, Span)])> {
    let v = c.get("bootstrap.servers")?;
    if is_placeholder(&v.text) {
        return None;
    }
    let e = v.entry()?;
    let items = c.bootstrap.get_or_init(|| {
        bootstrap_items(e.value.trim())
            .into_iter()
            .filter(|i| i.port.is_some_and(|p| p > 0 && p <= 65535))
            .map(|i| {
                let span = crate::kafka::value_range_span(e.value_span, &e.value, i.range);
                (i, span)
            })
            .collect()
    });
    Some((v, items))
}

/// The listeners of the deployment's brokers that a client's bootstrap items reach, by port
/// (host names differ between inside and outside a container network: only ports are compared).
/// Each item maps to the listeners of every broker file with that port; an item whose port names
/// different listener names or protocols on different brokers is ambiguous and left out.
pub(crate) struct Reach<'c, 'a> {
    pub item: &'c BootstrapItem,
    pub item_span: Span,
    pub broker: &'c FileCtx<'a>,
    pub listener: &'c BrokerListener,
}

pub(crate) fn reached<'c, 'a>(cx: &'c DeploymentCtx<'a>, client: &'c FileCtx<'a>) -> Vec<Reach<'c, 'a>> {
    let Some((_, items)) = client_bootstrap(client) else { return Vec::new() };
    let mut out = Vec::new();
    let brokers: Vec<(&'c FileCtx<'a>, &'c [BrokerListener])> = cx.brokers().map(|b| (b, broker_listeners(b))).collect();
    for (item, span) in items {
        let port = item.port.unwrap_or(0);
        let mut hits: Vec<Reach<'c, 'a>> = Vec::new();
        for &(b, listeners) in &brokers {
            for l in listeners {
                if u64::from(l.port) == port {
                    hits.push(Reach { item, item_span: *span, broker: b, listener: l });
                }
            }
        }
        let same = hits.windows(2).all(|w| w[0].listener.name == w[1].listener.name && w[0].listener.protocol == w[1].listener.protocol);
        if !hits.is_empty() && same {
            // One per broker file is enough: the first (advertised before bound).
            let mut seen: Vec<usize> = Vec::new();
            for h in hits {
                if !seen.contains(&h.broker.id) {
                    seen.push(h.broker.id);
                    out.push(h);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaas_parses_like_kafka() {
        let ok = parse_jaas(r#"org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="b";"#).unwrap();
        assert_eq!(ok.module, "org.apache.kafka.common.security.plain.PlainLoginModule");
        assert_eq!(ok.options, vec!["username", "password"]);
        assert_eq!(parse_jaas(r#"X required username="a" password="b""#).unwrap_err(), JaasError::NotTerminated);
        assert_eq!(parse_jaas("X required;").unwrap().options.len(), 0);
        assert_eq!(parse_jaas("X").unwrap_err(), JaasError::NoFlag);
        assert_eq!(parse_jaas("X needed;").unwrap_err(), JaasError::InvalidFlag("needed".into()));
        assert_eq!(parse_jaas("X required user;").unwrap_err(), JaasError::NoValue("user".into()));
        assert_eq!(parse_jaas("").unwrap_err(), JaasError::NoModule);
        // Unquoted values are words; a `/` starts a comment that runs to the end of the line.
        assert!(parse_jaas("X required user=alice;").is_ok());
        assert_eq!(parse_jaas("X required keyTab=/etc/k.keytab;").unwrap_err(), JaasError::NoValue("keyTab".into()));
        assert!(parse_jaas(r#"X required keyTab="/etc/k.keytab";"#).is_ok());
        assert_eq!(parse_jaas("X required; Y required;").unwrap_err(), JaasError::ModuleCount(2));
        assert!(parse_jaas("/* c */ X required a='x'; // trailing").is_ok());
        // An unterminated quote ends at the end of the value.
        assert_eq!(parse_jaas(r#"X required a="x;"#).unwrap_err(), JaasError::NotTerminated);
        // Java's default StreamTokenizer (parseNumbers): a number token has no string value.
        assert_eq!(parse_jaas("X required username=alice password=12345;").unwrap_err(), JaasError::NoValue("password".into()));
        assert_eq!(parse_jaas("X required password=-;").unwrap_err(), JaasError::NoValue("password".into()));
        // Digits, dots and dashes continue a word that a letter (or - _ $) started.
        assert!(parse_jaas("X required password=abc-1.2_$x;").is_ok());
        assert!(parse_jaas("X required password=$secret;").is_ok());
        assert!(parse_jaas("X required password=_1;").is_ok());
        // Only letters, -, _ and $ are word characters: `@` and `:` are tokens of their own.
        assert_eq!(parse_jaas("X required username=user@example.com;").unwrap_err(), JaasError::NoValue("null".into()));
        // A value starting with a digit is a number token, whatever follows.
        assert_eq!(parse_jaas("X required password=1abc;").unwrap_err(), JaasError::NoValue("password".into()));
        assert!(parse_jaas(r#"X required password="12345";"#).is_ok());
    }

    #[test]
    fn bootstrap_items_as_the_client_reads_them() {
        let items = bootstrap_items("PLAINTEXT://b1:9092, b2:9093,,[::1]:9094, b3");
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].scheme.as_deref(), Some("PLAINTEXT"));
        assert_eq!(items[0].host.as_deref(), Some("b1"));
        assert_eq!(items[1].port, Some(9093));
        assert_eq!(items[2].text, "");
        assert_eq!(items[3].host.as_deref(), Some("::1"));
        assert_eq!(items[4].port, None);
        assert_eq!(bootstrap_items("b1:9092 b2:9092")[0].port, None);
    }
}
