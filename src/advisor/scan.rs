//! Recognising symptoms in text and logs: every catalog pattern compiled once into one
//! Aho-Corasick automaton (ASCII case ignored); logs are streamed line by line with a bounded line
//! length, so memory stays flat whatever the file's size; invalid UTF-8 is read lossily.

use super::catalog::Catalog;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::io::BufRead;

/// Bytes of a line that are searched and kept; the rest of a longer line is skipped.
pub const MAX_LINE: usize = 16 * 1024;
/// Matched lines kept per symptom for the output (all are counted).
pub const KEEP: usize = 20;
/// Characters of a matched line shown.
const SHOW_CHARS: usize = 400;

/// One matched line.
#[derive(Debug, Clone)]
pub struct Line {
    pub source: String,
    pub line: u64,
    /// The line as read (not yet redacted), cut to a few hundred characters.
    pub text: String,
}

/// What was seen of one symptom.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub count: u64,
    pub lines: Vec<Line>,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// The compiled patterns.
pub struct Matcher {
    ac: AhoCorasick,
    /// Pattern index → (symptom index, pattern index within the symptom).
    owners: Vec<(usize, usize)>,
    catalog: &'static Catalog,
}

impl Matcher {
    pub fn new(catalog: &'static Catalog) -> Result<Matcher, String> {
        let mut texts = Vec::new();
        let mut owners = Vec::new();
        for (si, s) in catalog.symptoms.iter().enumerate() {
            for (pi, p) in s.patterns.iter().enumerate() {
                texts.push(p.text.as_str());
                owners.push((si, pi));
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .map_err(|e| format!("symptom patterns: {e}"))?;
        Ok(Matcher { ac, owners, catalog })
    }

    /// The symptoms a line shows (each once, in catalog order).
    fn symptoms_of(&self, line: &[u8], out: &mut Vec<usize>) {
        out.clear();
        if self.ac.find(line).is_none() {
            return;
        }
        let mut text: Option<std::borrow::Cow<'_, str>> = None;
        for m in self.ac.find_overlapping_iter(line) {
            let (si, pi) = self.owners[m.pattern().as_usize()];
            if out.contains(&si) {
                continue;
            }
            if let Some(re) = &self.catalog.symptoms[si].patterns[pi].regex {
                let t = text.get_or_insert_with(|| String::from_utf8_lossy(line));
                if !re.is_match(t) {
                    continue;
                }
            }
            out.push(si);
        }
        out.sort_unstable();
    }
}

/// Accumulates matches over several sources.
pub struct Scan<'m> {
    matcher: &'m Matcher,
    pub seen: Vec<Seen>,
    hits: Vec<usize>,
    /// Lines read over all sources.
    pub lines: u64,
    /// The start of the last line that may carry a timestamp (one starting with `[`, a digit or
    /// `%`): a stack trace's lines have none of their own and take the entry's.
    head: Vec<u8>,
}

impl<'m> Scan<'m> {
    pub fn new(matcher: &'m Matcher) -> Scan<'m> {
        Scan { matcher, seen: vec![Seen::default(); matcher.catalog.symptoms.len()], hits: Vec::new(), lines: 0, head: Vec::new() }
    }

    fn line(&mut self, source: &str, number: u64, line: &[u8]) {
        let stamped = matches!(line.first(), Some(b'[' | b'%' | b'0'..=b'9'));
        if stamped {
            self.head.clear();
            self.head.extend_from_slice(&line[..line.len().min(80)]);
        }
        self.matcher.symptoms_of(line, &mut self.hits);
        if self.hits.is_empty() {
            return;
        }
        let stamp = if stamped { timestamp(line) } else { timestamp(line).or_else(|| timestamp(&self.head)) };
        for &si in &self.hits {
            let s = &mut self.seen[si];
            s.count += 1;
            if s.lines.len() < KEEP {
                let text = String::from_utf8_lossy(line);
                let text = text.trim_end_matches(['\r', '\n']);
                let shown: String = text.chars().take(SHOW_CHARS).collect();
                let shown = if shown.len() < text.len() { format!("{shown}…") } else { shown };
                s.lines.push(Line { source: source.to_string(), line: number, text: shown });
            }
            if let Some(t) = &stamp {
                if s.first.as_ref().is_none_or(|f| t < f) {
                    s.first = Some(t.clone());
                }
                if s.last.as_ref().is_none_or(|l| t > l) {
                    s.last = Some(t.clone());
                }
            }
        }
    }

    /// Scans a text held in memory (a pasted excerpt).
    pub fn text(&mut self, source: &str, text: &str) {
        self.head.clear();
        for (i, l) in text.lines().enumerate() {
            self.lines += 1;
            let l = l.as_bytes();
            self.line(source, i as u64 + 1, &l[..l.len().min(MAX_LINE)]);
        }
    }

    /// Streams a reader line by line; a line longer than [`MAX_LINE`] is searched in its first
    /// [`MAX_LINE`] bytes only.
    pub fn reader(&mut self, source: &str, mut r: impl BufRead) -> std::io::Result<()> {
        let mut buf: Vec<u8> = Vec::with_capacity(4096);
        let mut number = 0u64;
        self.head.clear();
        loop {
            buf.clear();
            let mut done = false;
            // One line: copy up to MAX_LINE bytes of it, skip the rest.
            loop {
                let chunk = match r.fill_buf() {
                    Ok(c) => c,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                if chunk.is_empty() {
                    done = true;
                    break;
                }
                let (used, end) = match memchr::memchr(b'\n', chunk) {
                    Some(i) => (i + 1, true),
                    None => (chunk.len(), false),
                };
                let room = MAX_LINE.saturating_sub(buf.len());
                buf.extend_from_slice(&chunk[..used.min(room)]);
                r.consume(used);
                if end {
                    break;
                }
            }
            if buf.is_empty() && done {
                return Ok(());
            }
            number += 1;
            self.lines += 1;
            let mut l = &buf[..];
            if l.last() == Some(&b'\n') {
                l = &l[..l.len() - 1];
            }
            self.line(source, number, l);
            if done {
                return Ok(());
            }
        }
    }
}

/// The timestamp at the start of a log line, normalised to `YYYY-MM-DDTHH:MM:SS[.fff]` so that
/// timestamps compare as strings. Reads log4j's `[2024-05-01 12:00:00,123]`, ISO 8601
/// `2024-05-01T12:00:00.123Z`, Go's `2024/05/01 12:00:00` (sarama's logger) and librdkafka's
/// `%7|1714564800.123|` (seconds since the epoch, UTC).
pub fn timestamp(line: &[u8]) -> Option<String> {
    let head = &line[..line.len().min(80)];
    let d = |i: usize| head.get(i).is_some_and(u8::is_ascii_digit);
    for i in 0..head.len().saturating_sub(18) {
        let sep = head[i + 4];
        if (sep == b'-' || sep == b'/')
            && (0..4).all(|k| d(i + k))
            && d(i + 5)
            && d(i + 6)
            && head[i + 7] == sep
            && d(i + 8)
            && d(i + 9)
            && (head[i + 10] == b' ' || head[i + 10] == b'T')
            && d(i + 11)
            && d(i + 12)
            && head[i + 13] == b':'
            && d(i + 14)
            && d(i + 15)
            && head[i + 16] == b':'
            && d(i + 17)
            && d(i + 18)
        {
            let s = |a: usize, b: usize| std::str::from_utf8(&head[a..b]).unwrap_or("");
            let mut out = format!("{}-{}-{}T{}", s(i, i + 4), s(i + 5, i + 7), s(i + 8, i + 10), s(i + 11, i + 19));
            if matches!(head.get(i + 19), Some(b'.' | b',')) {
                let frac: String = head[i + 20..].iter().take_while(|b| b.is_ascii_digit()).take(3).map(|&b| b as char).collect();
                if !frac.is_empty() {
                    out.push('.');
                    out.push_str(&frac);
                }
            }
            return Some(out);
        }
    }
    // librdkafka: %LEVEL|SECONDS.MILLIS|FAC|...
    if head.first() == Some(&b'%') {
        let rest = &head[1..];
        let bar = rest.iter().position(|&b| b == b'|')?;
        let after = &rest[bar + 1..];
        let end = after.iter().position(|&b| b == b'|')?;
        let t = std::str::from_utf8(&after[..end]).ok()?;
        let (secs, millis) = t.split_once('.').unwrap_or((t, ""));
        let secs: i64 = secs.parse().ok()?;
        if !(0..=253_402_300_799).contains(&secs) {
            return None;
        }
        let (y, m, dd) = civil(secs.div_euclid(86_400));
        let r = secs.rem_euclid(86_400);
        let mut out = format!("{y:04}-{m:02}-{dd:02}T{:02}:{:02}:{:02}", r / 3600, r % 3600 / 60, r % 60);
        let millis: String = millis.chars().take_while(char::is_ascii_digit).take(3).collect();
        if !millis.is_empty() {
            out.push('.');
            out.push_str(&millis);
        }
        return Some(out);
    }
    None
}

/// Days since 1970-01-01 to a (year, month, day) in the proleptic Gregorian calendar (H. Hinnant's
/// `civil_from_days`).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(timestamp(b"[2024-05-01 12:00:03,123] INFO x").as_deref(), Some("2024-05-01T12:00:03.123"));
        assert_eq!(timestamp(b"2024-05-01T12:00:03.5Z WARN").as_deref(), Some("2024-05-01T12:00:03.5"));
        assert_eq!(timestamp(b"[sarama] 2024/05/01 12:00:03 client/metadata").as_deref(), Some("2024-05-01T12:00:03"));
        assert_eq!(timestamp(b"%3|1714564803.250|FAIL|rdkafka#consumer-1|").as_deref(), Some("2024-05-01T12:00:03.250"));
        assert_eq!(timestamp(b"no time here"), None);
        assert_eq!(timestamp(b"%3|99999999999999999|x|"), None);
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(19_844), (2024, 5, 1));
    }

    #[test]
    fn long_lines_and_invalid_utf8_are_read() {
        let catalog = crate::advisor::catalog::get().unwrap();
        let m = Matcher::new(catalog).unwrap();
        let mut scan = Scan::new(&m);
        let mut log = Vec::new();
        log.extend_from_slice(b"\xff\xfe garbage line\n");
        log.extend(std::iter::repeat_n(b'x', MAX_LINE * 3));
        log.extend_from_slice(b" org.apache.kafka.clients.consumer.CommitFailedException hidden past the limit\n");
        log.extend_from_slice(b"\xffbad org.apache.kafka.clients.consumer.CommitFailedException: Commit cannot be completed\n");
        log.extend_from_slice(b"last line without newline CommitFailedException");
        scan.reader("app.log", &log[..]).unwrap();
        assert_eq!(scan.lines, 4);
        let i = catalog.symptoms.iter().position(|s| s.id == "commit-failed").unwrap();
        let seen = &scan.seen[i];
        assert_eq!(seen.count, 2);
        assert_eq!(seen.lines.iter().map(|l| l.line).collect::<Vec<_>>(), vec![3, 4]);
        assert!(seen.lines[0].text.starts_with('\u{fffd}'));
    }
}
