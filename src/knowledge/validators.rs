//! Kafka's documented config validators ("Valid Values" column of the generated config docs) and
//! Kafka's string-to-type parsing (`ConfigDef.parseType`), re-implemented for linting.
//!
//! This file is self-contained on purpose (only `std`): `build.rs`, the library and `xtask` include
//! it with `#[path]`. `build.rs` calls [`parse`] on every documented validator text and emits
//! [`Validator::to_rust`] so that the linter carries `'static` validators; the linter then calls
//! [`parse_typed`] (Kafka's type parsing) and [`Validator::check`] (Kafka's validator) on a value.
//!
//! What Kafka does, and so what this file mirrors:
//! 1. `ConfigDef.parseType(name, value, type)`: the raw text is trimmed with Java's `String.trim()`
//!    (every char <= U+0020) and converted to the ConfigDef type; failure is a `ConfigException`.
//! 2. The key's `ConfigDef.Validator.ensureValid(name, parsedValue)`.
//!
//! [`Validator::check`] is step 2 on the raw (already trimmed) text: it re-parses what it needs and
//! returns `Ok` for values that fail step 1 (those are reported by [`parse_typed`]).

#![allow(dead_code)]

use std::fmt::Write as _;

/// A documented ConfigDef validator. Only `'static` data, so tables of validators can be generated
/// as Rust code (see [`Validator::to_rust`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Validator {
    /// `ConfigDef.Range` on an `int`/`short`/`long` key: `[a,...]`, `[...,b]`, `[a,...,b]`.
    IntRange { min: Option<i64>, max: Option<i64> },
    /// A range plus one more accepted value: `[1,...,9] or -1` (`compression.gzip.level`), and
    /// Connect's `Positive number, or -1 to use the broker's default` (`[1,...] or -1`).
    IntRangeOr { min: Option<i64>, max: Option<i64>, or: i64 },
    /// `ConfigDef.Range` on a `double` key: `[0.5,...,1.0]`.
    DoubleRange { min: Option<f64>, max: Option<f64> },
    /// `ConfigDef.ValidString`: the value must be one of these (case-sensitive): `[all, -1, 0, 1]`.
    /// A `null` entry is Java null (`ValidString.in(null, …)`): it never matches a text value.
    OneOf(&'static [&'static str]),
    /// `ConfigDef.CaseInsensitiveValidString`: `(case insensitive) [CONSUMER, CLASSIC]`.
    OneOfCaseInsensitive(&'static [&'static str]),
    /// `ConfigDef.ValidList` on a `list` key: every element must be one of these (case-sensitive).
    EachOneOf(&'static [&'static str]),
    /// `AutoOffsetResetStrategy.Validator` (4.0+): one of the values (case-sensitive) or
    /// `by_duration:` followed by a non-negative ISO-8601 duration (`java.time.Duration.parse`),
    /// documented as `[latest, earliest, none, by_duration:PnDTnHnMn.nS]`.
    OneOfOrByDuration(&'static [&'static str]),
    /// `ApiVersionValidator` / `MetadataVersionValidator` (`inter.broker.protocol.version`,
    /// `log.message.format.version`, topic `message.format.version`): one of the listed versions,
    /// or a release prefix of one (`2.8` for `2.8-IV1`, also `2.8.1`).
    KafkaVersion(&'static [&'static str]),
    /// `ConfigDef.NonNullValidator` (`non-null string`): a value written in a file is never null.
    NonNull,
    /// `ConfigDef.NonEmptyString`.
    NonEmptyString,
    /// `ConfigDef.NonEmptyStringWithoutControlChars`.
    NonEmptyStringWithoutControlChars,
    /// `non-empty list` (Connect's `NonEmptyListValidator`; the broker's
    /// `controller.quorum.voters`/`controller.quorum.bootstrap.servers` validators print the same
    /// text but accept an empty list, see knowledge/README.md).
    NonEmptyList,
    /// `valid regex`: Java regex syntax is not checked, any value is accepted.
    Regex,
    /// Connect's `unique transformation aliases` / `unique predicate aliases` /
    /// `unique topic creation groups`: no element may appear twice. The text names the items.
    Unique(&'static str),
    /// `ConfigDef.ListSize.atMostOfSize(n)`: `List containing maximum of 5 elements`.
    MaxListSize(u32),
    /// `ThrottledReplicaListValidator`: `*` or a list of `partition:broker` pairs.
    ThrottledReplicas,
    /// Connect `Cast`/`ReplaceField`: `list of colon-delimited pairs, e.g. foo:bar,abc:xyz`.
    /// Only what every user of the text rejects is checked: an element with more than two
    /// `:`-separated parts (`a:b:c`). `ReplaceField` also refuses a lone `a`, which `Cast` accepts
    /// (a whole-value cast), and `Cast` refuses an empty list.
    ColonPairs,
    /// Connect `listeners` / `admin.listeners`: `List of comma-separated URLs, ex: …`; no element
    /// may be blank (`listeners` also refuses an empty list, `admin.listeners` accepts it).
    UrlList,
    /// Several validators, all of which must pass (`ConfigDef.CompositeValidator`, documented as
    /// the parts joined with `, `).
    Composite(&'static [Validator]),
    /// A documented constraint that cannot be checked from the file alone (a class on the classpath,
    /// an algorithm of the JVM, a plugin version): any value is accepted. Holds the documented text.
    Unchecked(&'static str),
}

/// A value converted to its ConfigDef type by [`parse_typed`].
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Bool(bool),
    /// `int`, `short` and `long` (range-checked for the declared type).
    Int(i64),
    Double(f64),
    List(Vec<String>),
    /// `string`, `password` and `class` (the trimmed text).
    Str(String),
}

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn leak_strs(v: Vec<&str>) -> &'static [&'static str] {
    let owned: Vec<&'static str> = v.into_iter().map(leak_str).collect();
    Box::leak(owned.into_boxed_slice())
}

fn leak_validators(v: Vec<Validator>) -> &'static [Validator] {
    Box::leak(v.into_boxed_slice())
}

/// Removes Java object identities from a validator text: `…NonNullValidator@6093dd95` → `…NonNullValidator`.
pub fn strip_java_hashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'@' && i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'$') {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_hexdigit() && !b[j].is_ascii_uppercase() {
                j += 1;
            }
            let at_word_end = j == b.len() || !(b[j].is_ascii_alphanumeric() || b[j] == b'_');
            if j > i + 1 && at_word_end {
                i = j;
                continue;
            }
        }
        let ch = text[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

const INT_TYPES: [&str; 3] = ["int", "short", "long"];

/// Parses a documented validator text for a key of ConfigDef type `ty` (`int`, `short`, `long`,
/// `double`, `string`, `list`, `class`, `password`, `boolean`). `None` when the text is not one of
/// the understood forms. Allocations are leaked so that the result is `'static` (build time only).
pub fn parse(text: &str, ty: &str) -> Option<Validator> {
    let text = strip_java_hashes(text.trim());
    let text = text.as_str();
    if text.is_empty() {
        return None;
    }
    if let Some(v) = parse_whole(text, ty) {
        return Some(v);
    }
    // ConfigDef.CompositeValidator prints its parts joined with ", ".
    if !text.starts_with('[') && !text.starts_with('(') && text.contains(", ") {
        let parts: Option<Vec<Validator>> = text.split(", ").map(|p| parse_whole(p.trim(), ty)).collect();
        let parts = parts?;
        if parts.len() >= 2 {
            return Some(Validator::Composite(leak_validators(parts)));
        }
    }
    None
}

/// One validator text that is not a composite.
fn parse_whole(text: &str, ty: &str) -> Option<Validator> {
    match text {
        "non-null string" | "org.apache.kafka.common.config.ConfigDef$NonNullValidator" => return Some(Validator::NonNull),
        "non-empty string" => return Some(Validator::NonEmptyString),
        "non-empty string without ISO control characters" => return Some(Validator::NonEmptyStringWithoutControlChars),
        "non-empty list" => return Some(Validator::NonEmptyList),
        "valid regex" => return Some(Validator::Regex),
        "[partitionId]:[brokerId],[partitionId]:[brokerId],..."
        | "[partitionId],[brokerId]:[partitionId],[brokerId]:..."
        | "kafka.server.ThrottledReplicaListValidator$" => return Some(Validator::ThrottledReplicas),
        "list of colon-delimited pairs, e.g. foo:bar,abc:xyz" => return Some(Validator::ColonPairs),
        "List of comma-separated URLs, ex: http://localhost:8080,https://localhost:8443."
        | "org.apache.kafka.connect.runtime.WorkerConfig$AdminListenersValidator" => return Some(Validator::UrlList),
        "Positive number, or -1 to use the broker's default"
        | "Positive number not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default" => {
            return Some(Validator::IntRangeOr { min: Some(1), max: None, or: -1 })
        }
        "Any KeyGenerator algorithm supported by the worker JVM"
        | "Any MAC algorithm supported by the worker JVM"
        | "org.apache.kafka.connect.runtime.ConnectorConfig$PluginVersionValidator"
        | "kafka.api.ApiVersionValidator$" => return Some(Validator::Unchecked(leak_str(text))),
        "A list of one or more MAC algorithms, each supported by the worker JVM" => {
            let parts = vec![Validator::NonEmptyList, Validator::Unchecked(leak_str(text))];
            return Some(Validator::Composite(leak_validators(parts)));
        }
        _ => {}
    }
    if text.starts_with("A concrete subclass of ") || text == "A class with a public, no-argument constructor" {
        return Some(Validator::Unchecked(leak_str(text)));
    }
    if let Some(what) = text.strip_prefix("unique ") {
        if !what.is_empty() {
            return Some(Validator::Unique(leak_str(what)));
        }
    }
    if let Some(rest) = text.strip_prefix("List containing maximum of ") {
        let n = rest.strip_suffix(" elements")?;
        return n.parse().ok().map(Validator::MaxListSize);
    }
    if let Some((range, or)) = text.split_once("] or ") {
        let (min, max) = parse_range(&format!("{range}]"))?;
        let or: i64 = or.trim().parse().ok()?;
        let (min, max) = (int_bound(min)?, int_bound(max)?);
        return Some(Validator::IntRangeOr { min, max, or });
    }
    if let Some(inner) = text.strip_prefix("(case insensitive) ") {
        let items = parse_set(inner)?;
        return Some(Validator::OneOfCaseInsensitive(leak_strs(items)));
    }
    if let Some((min, max)) = parse_range(text) {
        if INT_TYPES.contains(&ty) {
            if let (Some(min), Some(max)) = (int_bound(min), int_bound(max)) {
                return Some(Validator::IntRange { min, max });
            }
        }
        return Some(Validator::DoubleRange { min, max });
    }
    let items = parse_set(text)?;
    const BY_DURATION: &str = "by_duration:PnDTnHnMn.nS";
    if items.contains(&BY_DURATION) {
        let rest: Vec<&str> = items.into_iter().filter(|s| *s != BY_DURATION).collect();
        return Some(Validator::OneOfOrByDuration(leak_strs(rest)));
    }
    if items.iter().any(|s| s.contains("-IV")) && items.iter().all(|s| is_kafka_version(s)) {
        return Some(Validator::KafkaVersion(leak_strs(items)));
    }
    if ty == "list" {
        Some(Validator::EachOneOf(leak_strs(items)))
    } else {
        Some(Validator::OneOf(leak_strs(items)))
    }
}

fn is_kafka_version(s: &str) -> bool {
    let base = s.split_once("-IV").map_or(s, |(b, iv)| if iv.is_empty() || !iv.bytes().all(|c| c.is_ascii_digit()) { "" } else { b });
    let parts: Vec<&str> = base.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
}

/// An integral f64 bound as i64.
fn int_bound(b: Option<f64>) -> Option<Option<i64>> {
    match b {
        None => Some(None),
        Some(x) if x.fract() == 0.0 && x.abs() < 9.3e18 => Some(Some(x as i64)),
        Some(_) => None,
    }
}

/// `[a,...]`, `[...,b]`, `[a,...,b]`, `[...]` (ConfigDef.Range.toString).
fn parse_range(text: &str) -> Option<(Option<f64>, Option<f64>)> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    let num = |s: &str| -> Option<f64> {
        if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit() || b"+-.eE".contains(&c)) {
            return None;
        }
        s.parse::<f64>().ok()
    };
    match parts.as_slice() {
        ["..."] => Some((None, None)),
        [a, "..."] => Some((Some(num(a)?), None)),
        ["...", b] => Some((None, Some(num(b)?))),
        [a, "...", b] => Some((Some(num(a)?), Some(num(b)?))),
        _ => None,
    }
}

/// `[a, b, c]` (ValidString.toString): the items, or `None` when the text is not of that form.
fn parse_set(text: &str) -> Option<Vec<&str>> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    if inner.contains('[') || inner.contains(']') || inner.trim().is_empty() {
        return None;
    }
    let items: Vec<&str> = inner.split(", ").map(str::trim).collect();
    if items.iter().any(|s| s.is_empty() || s.contains(',') || s == &"...") {
        return None;
    }
    Some(items)
}

// ---------------------------------------------------------------------------------------------
// Java semantics helpers
// ---------------------------------------------------------------------------------------------

/// Java's `String.trim()`: removes every char <= U+0020 from both ends.
pub fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// Java regex `\s`: `[ \t\n\x0B\f\r]`.
fn is_java_regex_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

/// Kafka's LIST parsing of an already trimmed text: empty → empty list, else
/// `text.split("\\s*,\\s*", -1)` (empty items are kept, also trailing ones).
pub fn java_split_list(trimmed: &str) -> Vec<String> {
    if trimmed.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = trimmed.char_indices().collect();
    let mut items = Vec::new();
    let mut item_start = 0usize; // byte offset where the current item starts
    let mut search = 0usize; // index into chars where the regex search resumes
    let mut i = 0usize;
    while i < chars.len() {
        if chars[i].1 == ',' {
            // leftmost match: the run of \s right before the comma, not before `search`
            let mut left = i;
            while left > search && is_java_regex_space(chars[left - 1].1) {
                left -= 1;
            }
            let mut right = i + 1;
            while right < chars.len() && is_java_regex_space(chars[right].1) {
                right += 1;
            }
            let left_byte = chars[left].0;
            items.push(trimmed[item_start..left_byte].to_string());
            item_start = if right < chars.len() { chars[right].0 } else { trimmed.len() };
            search = right;
            i = right;
        } else {
            i += 1;
        }
    }
    items.push(trimmed[item_start..].to_string());
    items
}

/// Java's `String.split(regex)` for a one-char literal separator (trailing empty strings removed).
fn java_split_char(s: &str, sep: char) -> Vec<&str> {
    let mut parts: Vec<&str> = s.split(sep).collect();
    while parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    if parts.len() == 1 && parts[0].is_empty() && !s.is_empty() {
        parts.clear();
    }
    parts
}

/// The BMP code points with Unicode category Nd and digit value 0: `Character.digit(c, 10)` in
/// Java accepts these and the nine following code points, so `Integer.parseInt("٣")` is 3.
const ND_ZEROS: [u32; 37] = [
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20,
    0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0,
    0xAA50, 0xABF0, 0xFF10,
];

/// Java's `Character.digit(c, 10)`.
fn java_digit(c: char) -> Option<u32> {
    let cp = c as u32;
    ND_ZEROS.iter().find(|&&z| cp >= z && cp < z + 10).map(|z| cp - z)
}

/// Java's `Long.parseLong` / `Integer.parseInt` / `Short.parseShort` (radix 10) with the given range.
fn java_parse_integer(s: &str, min: i64, max: i64) -> Result<i64, &'static str> {
    let mut chars = s.chars().peekable();
    let negative = match chars.peek() {
        None => return Err("empty"),
        Some('-') => {
            chars.next();
            true
        }
        Some('+') => {
            chars.next();
            false
        }
        Some(_) => false,
    };
    let mut acc: i128 = 0;
    let mut digits = 0;
    for c in chars {
        let d = java_digit(c).ok_or("not a number")?;
        acc = acc * 10 + i128::from(d);
        digits += 1;
        if acc > i128::from(u64::MAX) {
            return Err("out of range");
        }
    }
    if digits == 0 {
        return Err("not a number");
    }
    let v = if negative { -acc } else { acc };
    if v < i128::from(min) || v > i128::from(max) {
        return Err("out of range");
    }
    Ok(v as i64)
}

/// Java's `Double.parseDouble` (`FloatingDecimal.readJavaFormatString`): optional sign, `NaN`,
/// `Infinity`, decimal with optional exponent, hexadecimal (`0x1.8p3`), optional `f`/`F`/`d`/`D`
/// suffix. Java trims the text itself too.
pub fn java_parse_double(s: &str) -> Option<f64> {
    let s = java_trim(s);
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let sign = if neg { -1.0 } else { 1.0 };
    if body == "NaN" {
        return Some(f64::NAN);
    }
    if body == "Infinity" {
        return Some(sign * f64::INFINITY);
    }
    if body.starts_with("0x") || body.starts_with("0X") {
        return parse_hex_double(&body[2..]).map(|v| sign * v);
    }
    let b = body.as_bytes();
    let mut i = 0;
    let mut mantissa = String::new();
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        mantissa.push(b[i] as char);
        digits += 1;
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        mantissa.push('.');
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            mantissa.push(b[i] as char);
            digits += 1;
            i += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    let mut exp = String::new();
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            exp.push(b[i] as char);
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            exp.push(b[i] as char);
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i < b.len() && !(i == b.len() - 1 && b"fFdD".contains(&b[i])) {
        return None;
    }
    let mut text = mantissa;
    if text.starts_with('.') {
        text.insert(0, '0');
    }
    if text.ends_with('.') {
        text.push('0');
    }
    if !exp.is_empty() {
        // Java accepts exponents of any length; clamp so that Rust's parser sees a sane number.
        let (esign, edigits) = match exp.as_bytes()[0] {
            b'-' => ("-", &exp[1..]),
            b'+' => ("", &exp[1..]),
            _ => ("", &exp[..]),
        };
        let edigits = edigits.trim_start_matches('0');
        let e = if edigits.len() > 6 {
            "999999"
        } else if edigits.is_empty() {
            "0"
        } else {
            edigits
        };
        text = format!("{text}e{esign}{e}");
    }
    text.parse::<f64>().ok().map(|v| sign * v)
}

/// After `0x`: `hex[.hex]p[+-]digits[fFdD]` with at least one hex digit.
fn parse_hex_double(s: &str) -> Option<f64> {
    let s = s.strip_suffix(['f', 'F', 'd', 'D']).unwrap_or(s);
    let p = s.find(['p', 'P'])?;
    let (mant, exp) = (&s[..p], &s[p + 1..]);
    let (int_part, frac_part) = mant.split_once('.').unwrap_or((mant, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part.bytes().chain(frac_part.bytes()).all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let exp_digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    if exp_digits.is_empty() || !exp_digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut value = 0f64;
    for c in int_part.chars() {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in frac_part.chars() {
        value += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    let e: i32 = exp_digits.parse::<i64>().unwrap_or(i64::MAX).min(100_000) as i32;
    let e = if exp.starts_with('-') { -e } else { e };
    Some(value * 2f64.powi(e))
}

/// Java's `String.equalsIgnoreCase` for one char pair.
fn java_chars_eq_ignore_case(a: char, b: char) -> bool {
    if a == b {
        return true;
    }
    let up = |c: char| {
        let mut it = c.to_uppercase();
        match (it.next(), it.next()) {
            (Some(u), None) => u,
            _ => c,
        }
    };
    let low = |c: char| {
        let mut it = c.to_lowercase();
        match (it.next(), it.next()) {
            (Some(l), None) => l,
            _ => c,
        }
    };
    let (ua, ub) = (up(a), up(b));
    ua == ub || low(ua) == low(ub)
}

fn java_equals_ignore_case(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count() && a.chars().zip(b.chars()).all(|(x, y)| java_chars_eq_ignore_case(x, y))
}

/// Is `name` a syntactically valid Java binary class name (`a.b.C`, `a.b.C$Inner`)?
fn is_java_class_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|seg| {
            let mut cs = seg.chars();
            match cs.next() {
                Some(c) if c.is_alphabetic() || c == '_' || c == '$' => cs.all(|c| c.is_alphanumeric() || c == '_' || c == '$'),
                _ => false,
            }
        })
}

/// `ConfigDef.parseType` for a `String` value, exactly as Kafka does it: the text is trimmed
/// (Java `String.trim()`), then converted to the ConfigDef type `ty`.
/// - `boolean`: `true`/`false`, case-insensitive (Java `equalsIgnoreCase`); nothing else.
/// - `int`/`short`/`long`: Java `Integer.parseInt`/`Short.parseShort`/`Long.parseLong`: optional
///   `+`/`-`, decimal digits (Java also accepts non-ASCII Unicode decimal digits), no `_`, no
///   exponent, out of range is an error.
/// - `double`: Java `Double.parseDouble` (`1e3`, `.5`, `5.`, `1.5d`, `2f`, `NaN`, `Infinity`,
///   `0x1p3`; not `inf`, `nan`, `1_0`).
/// - `list`: empty text → empty list, else split on `\s*,\s*` keeping empty items (also a
///   trailing one: `a,` → `["a", ""]`).
/// - `string`/`password`: the trimmed text.
/// - `class`: the trimmed text; Kafka loads the class, so an empty or syntactically impossible
///   class name is an error here (whether the class exists is not known).
pub fn parse_typed(ty: &str, raw: &str) -> Result<Typed, String> {
    let t = java_trim(raw);
    match ty {
        "boolean" => {
            if java_equals_ignore_case(t, "true") {
                Ok(Typed::Bool(true))
            } else if java_equals_ignore_case(t, "false") {
                Ok(Typed::Bool(false))
            } else {
                Err(format!("expected `true` or `false`, found `{t}`"))
            }
        }
        "int" | "short" | "long" => {
            let (min, max, what) = match ty {
                "int" => (i64::from(i32::MIN), i64::from(i32::MAX), "a 32-bit integer (int)"),
                "short" => (i64::from(i16::MIN), i64::from(i16::MAX), "a 16-bit integer (short)"),
                _ => (i64::MIN, i64::MAX, "a 64-bit integer (long)"),
            };
            match java_parse_integer(t, min, max) {
                Ok(v) => Ok(Typed::Int(v)),
                Err("out of range") => Err(format!("`{t}` is out of range for {what}: [{min},...,{max}]")),
                Err(_) => Err(format!("`{t}` is not {what}")),
            }
        }
        "double" => java_parse_double(t).map(Typed::Double).ok_or_else(|| format!("`{t}` is not a number (double)")),
        "list" => Ok(Typed::List(java_split_list(t))),
        "string" | "password" => Ok(Typed::Str(t.to_string())),
        "class" => {
            if t.is_empty() {
                Err("an empty class name cannot be loaded".to_string())
            } else if !is_java_class_name(t) {
                Err(format!("`{t}` is not a Java class name"))
            } else {
                Ok(Typed::Str(t.to_string()))
            }
        }
        other => Err(format!("unknown ConfigDef type `{other}`")),
    }
}

/// [`parse_typed`]'s verdict without the parsed value: a value Kafka accepts costs no allocation
/// (`schema/invalid-value` asks it of every value of every file).
pub fn check_typed(ty: &str, raw: &str) -> Result<(), String> {
    match ty {
        "list" | "string" | "password" => Ok(()),
        "class" if is_java_class_name(java_trim(raw)) => Ok(()),
        _ => parse_typed(ty, raw).map(|_| ()),
    }
}

/// `java.time.Duration.parse`: `[-+]P[nD][T[nH][nM][n[.f]S]]`, case-insensitive; returns the
/// duration in nanoseconds (`None` where Java throws).
pub fn java_parse_duration(s: &str) -> Option<i128> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut negate = false;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        negate = b[i] == b'-';
        i += 1;
    }
    if i >= b.len() || !b[i].eq_ignore_ascii_case(&b'P') {
        return None;
    }
    i += 1;
    // [-+]?[0-9]+ followed by the unit letter; returns (text, next index)
    let number = |i: usize, unit: u8| -> Option<(i64, usize)> {
        let mut j = i;
        if j < b.len() && (b[j] == b'-' || b[j] == b'+') {
            j += 1;
        }
        let ds = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j == ds || j >= b.len() || !b[j].eq_ignore_ascii_case(&unit) {
            return None;
        }
        let v: i64 = s[i..j].parse().ok()?;
        Some((v, j + 1))
    };
    let mut any = false;
    let mut secs: i128 = 0;
    let check = |v: i128| -> Option<i128> {
        if v < i128::from(i64::MIN) || v > i128::from(i64::MAX) {
            None
        } else {
            Some(v)
        }
    };
    if let Some((d, j)) = number(i, b'D') {
        secs = check(i128::from(d) * 86_400)?;
        any = true;
        i = j;
    }
    let mut nanos: i128 = 0;
    if i < b.len() && b[i].eq_ignore_ascii_case(&b'T') {
        i += 1;
        let mut t_any = false;
        for (unit, mult) in [(b'H', 3600i128), (b'M', 60)] {
            if let Some((v, j)) = number(i, unit) {
                let part = check(i128::from(v) * mult)?;
                secs = check(secs + part)?;
                t_any = true;
                i = j;
            }
        }
        // seconds with optional fraction: [-+]?[0-9]+([.,][0-9]{0,9})?S
        let mut j = i;
        if j < b.len() && (b[j] == b'-' || b[j] == b'+') {
            j += 1;
        }
        let ds = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > ds {
            let whole: i64 = s[i..j].parse().ok()?;
            let neg_secs = b[i] == b'-';
            let mut k = j;
            let mut frac = String::new();
            if k < b.len() && (b[k] == b'.' || b[k] == b',') {
                k += 1;
                while k < b.len() && b[k].is_ascii_digit() {
                    frac.push(b[k] as char);
                    k += 1;
                }
                if frac.len() > 9 {
                    return None;
                }
            }
            if k < b.len() && b[k].eq_ignore_ascii_case(&b'S') {
                secs = check(secs + i128::from(whole))?;
                if !frac.is_empty() {
                    let padded = format!("{frac:0<9}");
                    let n: i128 = padded.parse().ok()?;
                    nanos = if neg_secs { -n } else { n };
                }
                t_any = true;
                i = k + 1;
            }
        }
        if !t_any {
            return None; // "PT" alone
        }
        any = true;
    }
    if i != b.len() || !any {
        return None;
    }
    // Duration.ofSeconds(secs, nanos): seconds must stay within a long after normalising nanos.
    let total = secs * 1_000_000_000 + nanos;
    check(total.div_euclid(1_000_000_000))?;
    let total = if negate { -total } else { total };
    check(total.div_euclid(1_000_000_000))?;
    Some(total)
}

/// Java `MetadataVersion.fromVersionString` / Scala `ApiVersion.apply` acceptance.
fn kafka_version_ok(versions: &[&str], value: &str) -> bool {
    let segments = java_split_char(value, '.');
    let n = if value.starts_with("0.") { 3 } else { 2 };
    let key = if n >= segments.len() { value.to_string() } else { segments[..n].join(".") };
    versions.iter().any(|v| *v == key || v.split_once("-IV").map(|(short, _)| short) == Some(key.as_str()))
}

/// The entries of a ValidString set that a file can hold (Java `null` cannot be written).
fn writable<'a>(set: &[&'a str]) -> Vec<&'a str> {
    set.iter().copied().filter(|s| *s != "null").collect()
}

fn fmt_num_f64(x: f64) -> String {
    format!("{x}")
}

fn fmt_range_i(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (None, None) => "[...]".to_string(),
        (None, Some(b)) => format!("[...,{b}]"),
        (Some(a), None) => format!("[{a},...]"),
        (Some(a), Some(b)) => format!("[{a},...,{b}]"),
    }
}

fn fmt_range_f(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (None, None) => "[...]".to_string(),
        (None, Some(b)) => format!("[...,{}]", fmt_num_f64(b)),
        (Some(a), None) => format!("[{},...]", fmt_num_f64(a)),
        (Some(a), Some(b)) => format!("[{},...,{}]", fmt_num_f64(a), fmt_num_f64(b)),
    }
}

fn rust_f64(x: f64) -> String {
    if x.is_nan() {
        "f64::NAN".to_string()
    } else if x == f64::INFINITY {
        "f64::INFINITY".to_string()
    } else if x == f64::NEG_INFINITY {
        "f64::NEG_INFINITY".to_string()
    } else {
        format!("{x:?}")
    }
}

fn rust_opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    match v {
        None => "None".to_string(),
        Some(x) => format!("Some({})", f(x)),
    }
}

fn rust_strs(items: &[&str]) -> String {
    let mut s = String::from("&[");
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{it:?}");
    }
    s.push(']');
    s
}

impl Validator {
    /// A Rust expression that rebuilds this value (`Validator::IntRange { min: Some(0), max: None }`),
    /// for generated code; `Validator` must be in scope there.
    #[allow(clippy::wrong_self_convention)]
    pub fn to_rust(&self) -> String {
        match *self {
            Validator::IntRange { min, max } => {
                format!("Validator::IntRange {{ min: {}, max: {} }}", rust_opt(min, |x| x.to_string()), rust_opt(max, |x| x.to_string()))
            }
            Validator::IntRangeOr { min, max, or } => format!(
                "Validator::IntRangeOr {{ min: {}, max: {}, or: {or} }}",
                rust_opt(min, |x| x.to_string()),
                rust_opt(max, |x| x.to_string())
            ),
            Validator::DoubleRange { min, max } => {
                format!("Validator::DoubleRange {{ min: {}, max: {} }}", rust_opt(min, rust_f64), rust_opt(max, rust_f64))
            }
            Validator::OneOf(v) => format!("Validator::OneOf({})", rust_strs(v)),
            Validator::OneOfCaseInsensitive(v) => {
                format!("Validator::OneOfCaseInsensitive({})", rust_strs(v))
            }
            Validator::EachOneOf(v) => format!("Validator::EachOneOf({})", rust_strs(v)),
            Validator::OneOfOrByDuration(v) => {
                format!("Validator::OneOfOrByDuration({})", rust_strs(v))
            }
            Validator::KafkaVersion(v) => format!("Validator::KafkaVersion({})", rust_strs(v)),
            Validator::NonNull => "Validator::NonNull".to_string(),
            Validator::NonEmptyString => "Validator::NonEmptyString".to_string(),
            Validator::NonEmptyStringWithoutControlChars => "Validator::NonEmptyStringWithoutControlChars".to_string(),
            Validator::NonEmptyList => "Validator::NonEmptyList".to_string(),
            Validator::Regex => "Validator::Regex".to_string(),
            Validator::Unique(what) => format!("Validator::Unique({what:?})"),
            Validator::MaxListSize(n) => format!("Validator::MaxListSize({n})"),
            Validator::ThrottledReplicas => "Validator::ThrottledReplicas".to_string(),
            Validator::ColonPairs => "Validator::ColonPairs".to_string(),
            Validator::UrlList => "Validator::UrlList".to_string(),
            Validator::Composite(parts) => {
                let inner: Vec<String> = parts.iter().map(Validator::to_rust).collect();
                format!("Validator::Composite(&[{}])", inner.join(", "))
            }
            Validator::Unchecked(text) => format!("Validator::Unchecked({text:?})"),
        }
    }

    /// The validator for people: `[0,...]`, `one of: all, -1, 0, 1`.
    pub fn describe(&self) -> String {
        match *self {
            Validator::IntRange { min, max } => fmt_range_i(min, max),
            Validator::IntRangeOr { min, max, or } => format!("{} or {or}", fmt_range_i(min, max)),
            Validator::DoubleRange { min, max } => fmt_range_f(min, max),
            Validator::OneOf(v) => format!("one of: {}", writable(v).join(", ")),
            Validator::OneOfCaseInsensitive(v) => {
                format!("one of (case insensitive): {}", v.join(", "))
            }
            Validator::EachOneOf(v) => format!("a list of: {}", v.join(", ")),
            Validator::OneOfOrByDuration(v) => {
                format!("one of: {}, or by_duration:<ISO-8601 duration> (e.g. by_duration:PT1H)", v.join(", "))
            }
            Validator::KafkaVersion(v) => match (v.first(), v.last()) {
                (Some(a), Some(b)) => format!("a Kafka version from {a} to {b}"),
                _ => "a Kafka version".to_string(),
            },
            Validator::NonNull => "any value".to_string(),
            Validator::NonEmptyString => "a non-empty string".to_string(),
            Validator::NonEmptyStringWithoutControlChars => "a non-empty string without ISO control characters".to_string(),
            Validator::NonEmptyList => "a non-empty list".to_string(),
            Validator::Regex => "a regular expression".to_string(),
            Validator::Unique(what) => format!("a list of unique {what}"),
            Validator::MaxListSize(n) => format!("a list of at most {n} elements"),
            Validator::ThrottledReplicas => "`*` or a list of partitionId:brokerId pairs".to_string(),
            Validator::ColonPairs => "a list of colon-delimited pairs, e.g. foo:bar,abc:xyz".to_string(),
            Validator::UrlList => "a list of URLs, e.g. http://localhost:8080,https://localhost:8443".to_string(),
            Validator::Composite(parts) => {
                // The documented wording of an unchecked part already says it all
                // ("A list of one or more MAC algorithms, each supported by the worker JVM").
                if let Some(u) = parts.iter().find(|p| matches!(p, Validator::Unchecked(_))) {
                    return u.describe();
                }
                let inner: Vec<String> = parts.iter().filter(|p| !matches!(p, Validator::NonNull)).map(Validator::describe).collect();
                if inner.is_empty() {
                    "any value".to_string()
                } else {
                    inner.join("; ")
                }
            }
            Validator::Unchecked(text) => {
                if text.ends_with("PluginVersionValidator") {
                    "a plugin version or version range (not checked)".to_string()
                } else if text.ends_with("ApiVersionValidator$") {
                    "a Kafka version (not checked)".to_string()
                } else {
                    text.to_string()
                }
            }
        }
    }

    /// Kafka's `ensureValid` on an already trimmed raw value text. `Err` carries a short message.
    /// Values whose type parsing fails ([`parse_typed`]) are accepted here.
    pub fn check(&self, value: &str) -> Result<(), String> {
        match *self {
            Validator::IntRange { min, max } => {
                let Ok(n) = java_parse_integer(value, i64::MIN, i64::MAX) else {
                    return Ok(());
                };
                // ConfigDef.Range compares doubleValue()s.
                let out = min.is_some_and(|m| (n as f64) < m as f64) || max.is_some_and(|m| (n as f64) > m as f64);
                if out {
                    Err(format!("value {n} is not in {}", fmt_range_i(min, max)))
                } else {
                    Ok(())
                }
            }
            Validator::IntRangeOr { min, max, or } => {
                let Ok(n) = java_parse_integer(value, i64::MIN, i64::MAX) else {
                    return Ok(());
                };
                let out = min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m);
                if out && n != or {
                    Err(format!("value {n} is not in {} and not {or}", fmt_range_i(min, max)))
                } else {
                    Ok(())
                }
            }
            Validator::DoubleRange { min, max } => {
                let Some(x) = java_parse_double(value) else {
                    return Ok(());
                };
                // NaN passes, as in Java (both comparisons are false).
                if min.is_some_and(|m| x < m) || max.is_some_and(|m| x > m) {
                    Err(format!("value {value} is not in {}", fmt_range_f(min, max)))
                } else {
                    Ok(())
                }
            }
            Validator::OneOf(set) => {
                if set.iter().any(|s| *s != "null" && *s == value) {
                    Ok(())
                } else {
                    Err(format!("`{value}` is not one of {}", writable(set).join(", ")))
                }
            }
            Validator::OneOfCaseInsensitive(set) => {
                // ASCII on both sides (nearly always): equal upper cases are an ASCII
                // case-insensitive match, compared without the copies.
                let same = |s: &str| {
                    if s.is_ascii() && value.is_ascii() {
                        s.eq_ignore_ascii_case(value)
                    } else {
                        s.to_uppercase() == value.to_uppercase()
                    }
                };
                if set.iter().any(|s| same(s)) {
                    Ok(())
                } else {
                    Err(format!("`{value}` is not one of {} (case insensitive)", set.join(", ")))
                }
            }
            Validator::EachOneOf(set) => {
                for item in java_split_list(value) {
                    if !set.iter().any(|s| *s != "null" && *s == item) {
                        return Err(format!("list element `{item}` is not one of {}", set.join(", ")));
                    }
                }
                Ok(())
            }
            Validator::OneOfOrByDuration(set) => {
                if set.contains(&value) {
                    return Ok(());
                }
                if let Some(iso) = value.strip_prefix("by_duration:") {
                    return match java_parse_duration(iso) {
                        Some(n) if n >= 0 => Ok(()),
                        Some(_) => Err(format!("`{value}`: the duration must not be negative")),
                        None => Err(format!("`{iso}` is not an ISO-8601 duration (PnDTnHnMn.nS)")),
                    };
                }
                Err(format!("`{value}` is not one of {}, by_duration:PnDTnHnMn.nS", set.join(", ")))
            }
            Validator::KafkaVersion(set) => {
                if kafka_version_ok(set, value) {
                    Ok(())
                } else {
                    Err(format!("`{value}` is not a valid version ({})", Validator::KafkaVersion(set).describe()))
                }
            }
            Validator::NonNull | Validator::Regex | Validator::Unchecked(_) => Ok(()),
            Validator::NonEmptyString => {
                if value.is_empty() {
                    Err("the value must not be empty".to_string())
                } else {
                    Ok(())
                }
            }
            Validator::NonEmptyStringWithoutControlChars => {
                if value.is_empty() {
                    return Err("the value must not be empty".to_string());
                }
                let bad: Vec<String> = value.chars().filter(|c| c.is_control()).map(|c| format!("U+{:04X}", c as u32)).collect();
                if bad.is_empty() {
                    Ok(())
                } else {
                    Err(format!("the value contains control characters: {}", bad.join(", ")))
                }
            }
            Validator::NonEmptyList => {
                if java_split_list(value).is_empty() {
                    Err("the list must not be empty".to_string())
                } else {
                    Ok(())
                }
            }
            Validator::Unique(what) => {
                let items = java_split_list(value);
                for (i, it) in items.iter().enumerate() {
                    if items[..i].contains(it) {
                        return Err(format!("`{it}` appears twice; {what} must be unique"));
                    }
                }
                Ok(())
            }
            Validator::MaxListSize(n) => {
                let len = java_split_list(value).len();
                if len > n as usize {
                    Err(format!("the list has {len} elements, at most {n} are allowed"))
                } else {
                    Ok(())
                }
            }
            Validator::ThrottledReplicas => {
                let items = java_split_list(value);
                let pair_ok = |s: &str| {
                    let s = java_trim(s);
                    s.is_empty()
                        || s.split_once(':').is_some_and(|(p, b)| {
                            !p.is_empty() && !b.is_empty() && p.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit())
                        })
                };
                if items.iter().all(|s| pair_ok(s)) || java_trim(&items.concat()) == "*" {
                    Ok(())
                } else {
                    Err(format!("`{value}` is neither `*` nor a list of partitionId:brokerId pairs"))
                }
            }
            Validator::ColonPairs => {
                for item in java_split_list(value) {
                    if java_split_char(&item, ':').len() > 2 {
                        return Err(format!("`{item}` is not a colon-delimited pair"));
                    }
                }
                Ok(())
            }
            Validator::UrlList => {
                if java_split_list(value).iter().any(|s| java_trim(s).is_empty()) {
                    Err("the list contains an empty URL".to_string())
                } else {
                    Ok(())
                }
            }
            Validator::Composite(parts) => {
                for p in parts {
                    p.check(value)?;
                }
                Ok(())
            }
        }
    }
}

/// Test helper: the distinct `(text, type)` pairs whose validator text does not parse.
#[cfg(test)]
pub fn unparsed<'a>(texts: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for &(text, ty) in texts {
        if parse(text, ty).is_none() && !out.contains(&(text, ty)) {
            out.push((text, ty));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, ty: &str) -> Validator {
        parse(text, ty).unwrap_or_else(|| panic!("`{text}` ({ty}) does not parse"))
    }

    #[test]
    fn int_ranges() {
        assert_eq!(p("[0,...]", "int"), Validator::IntRange { min: Some(0), max: None });
        assert_eq!(p("[1,...]", "long"), Validator::IntRange { min: Some(1), max: None });
        assert_eq!(p("[-1,...]", "short"), Validator::IntRange { min: Some(-1), max: None });
        assert_eq!(p("[0,...,3600]", "short"), Validator::IntRange { min: Some(0), max: Some(3600) });
        assert_eq!(p("[-131072,...,22]", "int"), Validator::IntRange { min: Some(-131072), max: Some(22) });
        assert_eq!(p("[...,5]", "int"), Validator::IntRange { min: None, max: Some(5) });
        assert_eq!(p("[...]", "int"), Validator::IntRange { min: None, max: None });
        let v = p("[0,...,5]", "int");
        assert!(v.check("0").is_ok());
        assert!(v.check("5").is_ok());
        assert_eq!(v.check("7"), Err("value 7 is not in [0,...,5]".to_string()));
        assert!(v.check("-1").is_err());
        assert!(v.check("+3").is_ok());
        assert!(v.check("abc").is_ok(), "type errors are reported by parse_typed");
        assert_eq!(v.describe(), "[0,...,5]");
        assert_eq!(p("[1,...]", "int").describe(), "[1,...]");
    }

    #[test]
    fn int_range_or() {
        let v = p("[1,...,9] or -1", "int");
        assert_eq!(v, Validator::IntRangeOr { min: Some(1), max: Some(9), or: -1 });
        assert!(v.check("-1").is_ok());
        assert!(v.check("9").is_ok());
        assert!(v.check("0").is_err());
        assert!(v.check("10").is_err());
        assert_eq!(v.describe(), "[1,...,9] or -1");
        let r = p("Positive number, or -1 to use the broker's default", "int");
        assert_eq!(r, Validator::IntRangeOr { min: Some(1), max: None, or: -1 });
        assert!(r.check("25").is_ok() && r.check("-1").is_ok() && r.check("0").is_err());
        let rf =
            p("Positive number not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default", "short");
        assert_eq!(rf, r);
    }

    #[test]
    fn double_ranges() {
        let v = p("[0.5,...,1.0]", "double");
        assert_eq!(v, Validator::DoubleRange { min: Some(0.5), max: Some(1.0) });
        assert!(v.check("0.5").is_ok());
        assert!(v.check("1").is_ok());
        assert!(v.check("0.49").is_err());
        assert!(v.check("1.0000001").is_err());
        assert!(v.check("NaN").is_ok(), "Java's Range lets NaN through");
        assert_eq!(p("[0,...,1]", "double"), Validator::DoubleRange { min: Some(0.0), max: Some(1.0) });
        assert_eq!(p("[0.0,...,0.25]", "double").describe(), "[0,...,0.25]");
        // a fractional bound on an int key stays a double range
        assert_eq!(p("[0.5,...]", "int"), Validator::DoubleRange { min: Some(0.5), max: None });
    }

    #[test]
    fn value_sets() {
        let v = p("[all, -1, 0, 1]", "string");
        assert_eq!(v, Validator::OneOf(&["all", "-1", "0", "1"]));
        assert!(v.check("all").is_ok() && v.check("-1").is_ok());
        assert!(v.check("ALL").is_err(), "ValidString is case-sensitive");
        assert_eq!(v.describe(), "one of: all, -1, 0, 1");
        let c = p("[none, gzip, snappy, lz4, zstd]", "string");
        assert_eq!(c.check("gzipp"), Err("`gzipp` is not one of none, gzip, snappy, lz4, zstd".to_string()));
        let ci = p("(case insensitive) [CONSUMER, CLASSIC]", "string");
        assert_eq!(ci, Validator::OneOfCaseInsensitive(&["CONSUMER", "CLASSIC"]));
        assert!(ci.check("consumer").is_ok() && ci.check("Classic").is_ok());
        assert!(ci.check("share").is_err());
        assert_eq!(ci.describe(), "one of (case insensitive): CONSUMER, CLASSIC");
        let built_in = p("[0.10.0-2.4, latest]", "string");
        assert_eq!(built_in, Validator::OneOf(&["0.10.0-2.4", "latest"]));
        // Java null in ValidString.in(null, ...) never matches text
        let up = p("[null, 0.10.0, 0.10.1]", "string");
        assert!(up.check("0.10.1").is_ok());
        assert!(up.check("null").is_err());
        assert_eq!(up.describe(), "one of: 0.10.0, 0.10.1");
    }

    #[test]
    fn valid_list() {
        let v = p("[compact, delete]", "list");
        assert_eq!(v, Validator::EachOneOf(&["compact", "delete"]));
        assert!(v.check("compact,delete").is_ok());
        assert!(v.check("compact , delete").is_ok());
        assert!(v.check("").is_ok(), "an empty list has no bad element");
        assert!(v.check("compact,").is_err(), "Kafka keeps the trailing empty element");
        assert_eq!(v.check("delete,Compact"), Err("list element `Compact` is not one of compact, delete".to_string()));
        // the same text on a string key is a ValidString
        assert_eq!(p("[compact, delete]", "string"), Validator::OneOf(&["compact", "delete"]));
        assert!(p("[compact, delete]", "string").check("compact,delete").is_err());
        assert_eq!(p("[broker, controller]", "list").describe(), "a list of: broker, controller");
    }

    #[test]
    fn by_duration() {
        let v = p("[latest, earliest, none, by_duration:PnDTnHnMn.nS]", "string");
        assert_eq!(v, Validator::OneOfOrByDuration(&["latest", "earliest", "none"]));
        for ok in [
            "latest",
            "earliest",
            "none",
            "by_duration:PT1H",
            "by_duration:P1DT2H3M4.5S",
            "by_duration:pt0s",
            "by_duration:-PT0S",
            "by_duration:P2D",
        ] {
            assert!(v.check(ok).is_ok(), "{ok}");
        }
        for bad in [
            "LATEST",
            "by_duration",
            "by_duration:",
            "by_duration:PT",
            "by_duration:-PT1H",
            "by_duration:PT-1H",
            "by_duration:1H",
            "BY_DURATION:PT1H",
            "by_duration:PT1.1234567891S",
            "by_duration:P1W",
        ] {
            assert!(v.check(bad).is_err(), "{bad}");
        }
        let share = p("[latest, earliest, by_duration:PnDTnHnMn.nS]", "string");
        assert!(share.check("none").is_err());
        assert!(share.describe().starts_with("one of: latest, earliest, or by_duration:"));
    }

    #[test]
    fn durations() {
        assert_eq!(java_parse_duration("PT1H"), Some(3_600_000_000_000));
        assert_eq!(java_parse_duration("P1DT2H3M4.5S"), Some((86400 + 7200 + 180 + 4) * 1_000_000_000 + 500_000_000i128));
        assert_eq!(java_parse_duration("PT-0.5S"), Some(-500_000_000));
        assert_eq!(java_parse_duration("-PT1M"), Some(-60_000_000_000));
        assert_eq!(java_parse_duration("PT1,5S"), Some(1_500_000_000));
        assert_eq!(java_parse_duration("PT5M"), Some(300_000_000_000));
        assert_eq!(java_parse_duration("P"), None);
        assert_eq!(java_parse_duration("PT"), None);
        assert_eq!(java_parse_duration("P1DT"), None);
        assert_eq!(java_parse_duration("PT1S2M"), None, "units must be in order");
        assert_eq!(java_parse_duration("P106751991167301D"), None, "overflows a long of seconds");
    }

    #[test]
    fn kafka_versions() {
        let v = p("[0.8.0, 0.8.1, 0.8.2, 0.9.0, 0.10.0-IV0, 0.10.0-IV1, 2.8-IV0, 2.8-IV1, 3.0-IV1]", "string");
        assert!(matches!(v, Validator::KafkaVersion(_)));
        for ok in ["2.8", "2.8-IV1", "2.8.1", "0.10.0", "0.10.0-IV1", "0.10.0.1", "0.8.2", "3.0"] {
            assert!(v.check(ok).is_ok(), "{ok}");
        }
        for bad in ["2.9", "3.1", "0.10", "2.8-IV7", "latest", ""] {
            assert!(v.check(bad).is_err(), "{bad}");
        }
        assert_eq!(v.describe(), "a Kafka version from 0.8.0 to 3.0-IV1");
    }

    #[test]
    fn string_validators() {
        assert_eq!(p("non-null string", "string"), Validator::NonNull);
        assert_eq!(p("non-null string", "list"), Validator::NonNull);
        assert_eq!(p("org.apache.kafka.common.config.ConfigDef$NonNullValidator@6093dd95", "list"), Validator::NonNull);
        assert!(Validator::NonNull.check("").is_ok());
        let ne = p("non-empty string", "string");
        assert_eq!(ne, Validator::NonEmptyString);
        assert!(ne.check("").is_err() && ne.check("x").is_ok());
        let nc = p("non-empty string without ISO control characters", "string");
        assert!(nc.check("my-connector").is_ok());
        assert!(nc.check("").is_err());
        assert!(nc.check("a\u{7}b").is_err());
        assert!(nc.check("a\u{85}b").is_err(), "C1 controls count too");
        assert_eq!(p("valid regex", "string"), Validator::Regex);
        let re = p("non-empty string, valid regex", "string");
        assert_eq!(re, Validator::Composite(&[Validator::NonEmptyString, Validator::Regex]));
        assert!(re.check("").is_err() && re.check(".*").is_ok());
    }

    #[test]
    fn list_validators() {
        let ne = p("non-empty list", "list");
        assert!(ne.check("").is_err() && ne.check("a").is_ok());
        let u = p("non-null string, unique transformation aliases", "list");
        assert_eq!(u, Validator::Composite(&[Validator::NonNull, Validator::Unique("transformation aliases")]));
        assert!(u.check("a,b").is_ok());
        assert!(u.check("a, b ,a").is_err());
        assert_eq!(u.describe(), "a list of unique transformation aliases");
        let m = p("List containing maximum of 5 elements", "list");
        assert_eq!(m, Validator::MaxListSize(5));
        assert!(m.check("a,b,c,d,e").is_ok() && m.check("a,b,c,d,e,f").is_err());
        let t = p("[partitionId]:[brokerId],[partitionId]:[brokerId],...", "list");
        assert_eq!(t, Validator::ThrottledReplicas);
        assert_eq!(p("kafka.server.ThrottledReplicaListValidator$@59d57c39", "list"), Validator::ThrottledReplicas);
        for ok in ["*", "", "0:101,1:102", " 0:101 , 1:102 "] {
            assert!(t.check(ok).is_ok(), "{ok}");
        }
        for bad in ["0:a", "0:1,*", "all", "0-1"] {
            assert!(t.check(bad).is_err(), "{bad}");
        }
        let cp = p("list of colon-delimited pairs, e.g. foo:bar,abc:xyz", "list");
        assert!(cp.check("foo:bar,abc:xyz").is_ok() && cp.check("int32").is_ok());
        assert!(cp.check("a:b:c").is_err());
        let urls = p("List of comma-separated URLs, ex: http://localhost:8080,https://localhost:8443.", "list");
        assert_eq!(urls, Validator::UrlList);
        assert!(urls.check("http://:8083").is_ok() && urls.check("http://a:1,").is_err());
        assert_eq!(p("org.apache.kafka.connect.runtime.WorkerConfig$AdminListenersValidator@36d4b5c", "list"), Validator::UrlList);
        let mac = p("A list of one or more MAC algorithms, each supported by the worker JVM", "list");
        assert!(mac.check("").is_err() && mac.check("HmacSHA256").is_ok());
        assert_eq!(mac.describe(), "A list of one or more MAC algorithms, each supported by the worker JVM");
    }

    #[test]
    fn unchecked_forms() {
        for text in [
            "A concrete subclass of org.apache.kafka.connect.storage.Converter, A class with a public, no-argument constructor",
            "Any MAC algorithm supported by the worker JVM",
            "Any KeyGenerator algorithm supported by the worker JVM",
            "org.apache.kafka.connect.runtime.ConnectorConfig$PluginVersionValidator@2d38eb89",
        ] {
            let v = p(text, "string");
            assert!(matches!(v, Validator::Unchecked(_)), "{text}");
            assert!(v.check("anything").is_ok());
        }
        assert_eq!(parse("something undocumented", "string"), None);
        assert_eq!(parse("", "string"), None);
        assert_eq!(parse("[a, [b]]", "string"), None);
    }

    #[test]
    fn to_rust_round_trip_text() {
        assert_eq!(p("[0,...]", "int").to_rust(), "Validator::IntRange { min: Some(0), max: None }");
        assert_eq!(p("[0.5,...,1.0]", "double").to_rust(), "Validator::DoubleRange { min: Some(0.5), max: Some(1.0) }");
        assert_eq!(p("[1,...,9] or -1", "int").to_rust(), "Validator::IntRangeOr { min: Some(1), max: Some(9), or: -1 }");
        assert_eq!(p("[all, -1, 0, 1]", "string").to_rust(), r#"Validator::OneOf(&["all", "-1", "0", "1"])"#);
        assert_eq!(
            p("non-empty string, valid regex", "string").to_rust(),
            "Validator::Composite(&[Validator::NonEmptyString, Validator::Regex])"
        );
        assert_eq!(p("List containing maximum of 5 elements", "list").to_rust(), "Validator::MaxListSize(5)");
    }

    #[test]
    fn hashes_are_stripped() {
        assert_eq!(
            strip_java_hashes("org.apache.kafka.common.config.ConfigDef$NonNullValidator@6093dd95"),
            "org.apache.kafka.common.config.ConfigDef$NonNullValidator"
        );
        assert_eq!(strip_java_hashes("kafka.api.ApiVersionValidator$@4eb7f003"), "kafka.api.ApiVersionValidator$");
        assert_eq!(strip_java_hashes("user@example.com"), "user@example.com");
        assert_eq!(strip_java_hashes("[0,...]"), "[0,...]");
    }

    #[test]
    fn typed_boolean() {
        assert_eq!(parse_typed("boolean", " TRUE "), Ok(Typed::Bool(true)));
        assert_eq!(parse_typed("boolean", "False"), Ok(Typed::Bool(false)));
        assert_eq!(parse_typed("boolean", "fal\u{17F}e"), Ok(Typed::Bool(false)), "Java equalsIgnoreCase");
        for bad in ["yes", "1", "", "t", "true1"] {
            assert!(parse_typed("boolean", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn typed_integers() {
        assert_eq!(parse_typed("int", "2147483647"), Ok(Typed::Int(2147483647)));
        assert_eq!(parse_typed("int", "-2147483648"), Ok(Typed::Int(-2147483648)));
        assert!(parse_typed("int", "2147483648").unwrap_err().contains("out of range"));
        assert_eq!(parse_typed("int", "+42"), Ok(Typed::Int(42)));
        assert_eq!(parse_typed("int", "\t 42\n"), Ok(Typed::Int(42)));
        assert_eq!(parse_typed("int", "007"), Ok(Typed::Int(7)));
        assert_eq!(parse_typed("int", "\u{663}"), Ok(Typed::Int(3)), "Java accepts Unicode digits");
        for bad in ["", "+", "-", "1_000", "1e3", "1.0", "0x10", " 1 2", "1L", "\u{3000}1"] {
            assert!(parse_typed("int", bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_typed("short", "32767"), Ok(Typed::Int(32767)));
        assert!(parse_typed("short", "32768").is_err());
        assert_eq!(parse_typed("long", "9223372036854775807"), Ok(Typed::Int(i64::MAX)));
        assert_eq!(parse_typed("long", "-9223372036854775808"), Ok(Typed::Int(i64::MIN)));
        assert!(parse_typed("long", "9223372036854775808").is_err());
        assert!(parse_typed("long", "99999999999999999999999999").is_err());
    }

    #[test]
    fn typed_doubles() {
        let d = |s: &str| match parse_typed("double", s) {
            Ok(Typed::Double(x)) => Some(x),
            _ => None,
        };
        assert_eq!(d("0.5"), Some(0.5));
        assert_eq!(d("1e3"), Some(1000.0));
        assert_eq!(d("1E-2"), Some(0.01));
        assert_eq!(d(".5"), Some(0.5));
        assert_eq!(d("5."), Some(5.0));
        assert_eq!(d("-2"), Some(-2.0));
        assert_eq!(d("+2"), Some(2.0));
        assert_eq!(d("1.5d"), Some(1.5));
        assert_eq!(d("2f"), Some(2.0));
        assert_eq!(d("0x1p3"), Some(8.0));
        assert_eq!(d("0x1.8P1"), Some(3.0));
        assert_eq!(d("Infinity"), Some(f64::INFINITY));
        assert_eq!(d("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(d("NaN").unwrap().is_nan());
        assert_eq!(d("1e400"), Some(f64::INFINITY));
        for bad in ["", ".", "e5", "1e", "1e+", "inf", "nan", "infinity", "1_0", "1.5dd", "1,5", "0x1", "0x.p1", "--1", "1 e3"] {
            assert_eq!(d(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn typed_lists() {
        let l = |s: &str| match parse_typed("list", s) {
            Ok(Typed::List(v)) => v,
            other => panic!("{other:?}"),
        };
        assert_eq!(l(""), Vec::<String>::new());
        assert_eq!(l("   "), Vec::<String>::new());
        assert_eq!(l("a"), vec!["a"]);
        assert_eq!(l("a,b"), vec!["a", "b"]);
        assert_eq!(l(" a , b\t,\tc "), vec!["a", "b", "c"]);
        assert_eq!(l("a,"), vec!["a", ""]);
        assert_eq!(l(",a"), vec!["", "a"]);
        assert_eq!(l("a,,b"), vec!["a", "", "b"]);
        assert_eq!(l("a, ,b"), vec!["a", "", "b"]);
        assert_eq!(l(","), vec!["", ""]);
        assert_eq!(l("a b, c d"), vec!["a b", "c d"]);
        assert_eq!(l("PLAINTEXT://:9092,SSL://:9093"), vec!["PLAINTEXT://:9092", "SSL://:9093"]);
    }

    #[test]
    fn typed_strings_and_classes() {
        assert_eq!(parse_typed("string", "  x y  "), Ok(Typed::Str("x y".into())));
        assert_eq!(parse_typed("string", ""), Ok(Typed::Str(String::new())));
        assert_eq!(parse_typed("password", " secret "), Ok(Typed::Str("secret".into())));
        assert_eq!(
            parse_typed("class", "org.apache.kafka.common.serialization.StringSerializer"),
            Ok(Typed::Str("org.apache.kafka.common.serialization.StringSerializer".into()))
        );
        assert!(parse_typed("class", "org.apache.kafka.connect.transforms.Cast$Value").is_ok());
        assert!(parse_typed("class", "JsonConverter").is_ok());
        assert!(parse_typed("class", "").is_err());
        assert!(parse_typed("class", "a b").is_err());
        assert!(parse_typed("class", "a..b").is_err());
        assert!(parse_typed("class", "1abc").is_err());
        assert!(parse_typed("bogus", "x").is_err());
    }

    #[test]
    fn unparsed_helper() {
        let texts = [("[0,...]", "int"), ("free text", "string"), ("free text", "string"), ("[a, b]", "string")];
        assert_eq!(unparsed(&texts), vec![("free text", "string")]);
    }

    #[test]
    fn check_typed_agrees_with_parse_typed() {
        let types = ["boolean", "int", "short", "long", "double", "list", "string", "password", "class", "duration"];
        let values = [
            "",
            " ",
            "true",
            " FALSE ",
            "yes",
            "1",
            "-1",
            "+7",
            "2147483648",
            "40000",
            "1.5",
            "1e3",
            "NaN",
            "a,b",
            " a , b ",
            "org.apache.kafka.common.serialization.StringSerializer",
            " com.x.Y$Inner ",
            "9abc.X",
            "a..b",
            "x.",
            "ı.ſ",
        ];
        for ty in types {
            for v in values {
                assert_eq!(check_typed(ty, v), parse_typed(ty, v).map(|_| ()), "{ty} {v:?}");
            }
        }
    }

    #[test]
    fn case_insensitive_sets_compare_upper_cases() {
        let v = Validator::OneOfCaseInsensitive(&["GZIP", "S", "none"]);
        assert!(v.check("gzip").is_ok());
        assert!(v.check("GZip").is_ok());
        assert!(v.check("NONE").is_ok());
        assert!(v.check("gzipp").is_err());
        // Upper-cased as Java does: the long s is an S.
        assert!(v.check("\u{17f}").is_ok());
        assert!(Validator::OneOfCaseInsensitive(&["\u{17f}"]).check("s").is_ok());
        assert!(Validator::OneOfCaseInsensitive(&["\u{e9}"]).check("\u{c9}").is_ok());
    }
}
