//! Kafka value formats that rules share: listeners, host:port lists.

use crate::source::Span;

/// One `NAME://host:port` endpoint of a `listeners`-style value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub name: String,
    pub host: String,
    pub port: Option<u16>,
    /// Byte range of the whole endpoint inside the (trimmed) value text.
    pub range: (usize, usize),
    /// Byte range of the host inside the value text.
    pub host_range: (usize, usize),
}

/// Splits a listeners value as Kafka's `CoreUtils.listenerListToEndPoints` does:
/// comma-separated `NAME://host:port`, host possibly empty or a bracketed IPv6 address.
/// Items that do not parse are returned as `Err(range)`.
pub fn parse_listeners(value: &str) -> Vec<Result<Endpoint, (usize, usize)>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for item in value.split(',') {
        let start = offset + (item.len() - item.trim_start().len());
        let t = item.trim();
        offset += item.len() + 1;
        if t.is_empty() {
            continue;
        }
        let end = start + t.len();
        let Some((name, rest)) = t.split_once("://") else {
            out.push(Err((start, end)));
            continue;
        };
        let Some(colon) = rest.rfind(':') else {
            out.push(Err((start, end)));
            continue;
        };
        let host_raw = &rest[..colon];
        let port = rest[colon + 1..].parse::<i64>().ok();
        let host_start = start + name.len() + 3;
        let host = host_raw.trim_start_matches('[').trim_end_matches(']');
        let hs = host_start + (host_raw.len() - host_raw.trim_start_matches('[').len());
        out.push(Ok(Endpoint {
            name: name.to_string(),
            host: host.to_string(),
            port: port.and_then(|p| u16::try_from(p).ok()),
            range: (start, end),
            host_range: (hs, hs + host.len()),
        }));
    }
    out
}

/// Maps a range of a trimmed value back to the source span of the entry's value, when the value
/// sits on one line (no continuation), else the whole value span.
pub fn value_range_span(raw_value_span: Span, raw: &str, range: (usize, usize)) -> Span {
    let lead = raw.len() - raw.trim_start().len();
    if raw.contains('\\') {
        return raw_value_span;
    }
    Span::new(raw_value_span.start + lead + range.0, raw_value_span.start + lead + range.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listeners() {
        let l = parse_listeners("PLAINTEXT://0.0.0.0:9092, SSL://[::1]:9093,CONTROLLER://:9094");
        let l: Vec<Endpoint> = l.into_iter().map(|e| e.unwrap()).collect();
        assert_eq!(l[0].host, "0.0.0.0");
        assert_eq!(l[0].host_range, (12, 19));
        assert_eq!(l[1].host, "::1");
        assert_eq!(l[1].port, Some(9093));
        assert_eq!(l[2].host, "");
    }
}
