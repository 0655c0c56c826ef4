//! Recognising symptoms in text and logs. Every catalog pattern is compiled once into an exact
//! Aho-Corasick automaton (a DFA, overlapping matches), and a short, rare-byte slice of each
//! pattern into SIMD prefilters (aho-corasick's packed Teddy searchers, 64 slices each). Logs are
//! read in 1 MiB blocks: the prefilters find candidate lines, the exact automaton confirms them.
//! Memory stays flat whatever the file's size; a line is searched in its first [`MAX_LINE`] bytes;
//! invalid UTF-8 is read lossily. Patterns match with their exact case, as the programs print them.

use super::catalog::Catalog;
use aho_corasick::{packed, AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::io::Read;

/// Bytes of a line that are searched and kept; the rest of a longer line is skipped.
pub const MAX_LINE: usize = 16 * 1024;
/// Matched lines kept per symptom for the output (all are counted).
pub const KEEP: usize = 20;
/// Characters of a matched line kept.
const SHOW_CHARS: usize = 400;
/// The read block.
const BLOCK: usize = 1 << 20;
/// Length of the slice of each pattern the prefilters search (measured best on Kafka logs).
const ANCHOR: usize = 12;

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
    exact: AhoCorasick,
    /// Candidate-line finders over the anchors; `None` when a packed searcher cannot be built
    /// (then every line is checked with `exact`).
    filters: Option<Vec<packed::Searcher>>,
    /// Pattern index → (symptom index, pattern index within the symptom).
    owners: Vec<(usize, usize)>,
    catalog: &'static Catalog,
}

/// How common a byte is in log text (higher: more common), to start anchors on rare bytes.
fn commonness(b: u8) -> u32 {
    match b {
        b' ' => 100,
        b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'r' => 60,
        b'.' | b',' | b'=' | b':' | b'-' | b'/' | b'_' | b'(' | b')' | b'[' | b']' | b'0'..=b'9' => 40,
        b'a'..=b'z' => 30,
        _ => 5,
    }
}

/// The slice of a pattern the prefilter looks for: [`ANCHOR`] bytes starting where its first
/// bytes are rarest. Every line holding the pattern holds its anchor.
fn anchor(p: &[u8]) -> &[u8] {
    if p.len() <= ANCHOR {
        return p;
    }
    let mut best = (u32::MAX, 0);
    for i in 0..=p.len() - ANCHOR {
        let score = commonness(p[i]) * 4 + commonness(p[i + 1]) * 2 + commonness(p[i + 2]);
        if score < best.0 {
            best = (score, i);
        }
    }
    &p[best.1..best.1 + ANCHOR]
}

impl Matcher {
    pub fn new(catalog: &'static Catalog) -> Result<Matcher, String> {
        let mut texts = Vec::new();
        let mut owners = Vec::new();
        for (si, s) in catalog.symptoms.iter().enumerate() {
            for (pi, p) in s.patterns.iter().enumerate() {
                texts.push(p.text.as_bytes());
                owners.push((si, pi));
            }
        }
        let exact = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&texts)
            .map_err(|e| format!("symptom patterns: {e}"))?;
        let mut anchors: Vec<&[u8]> = texts.iter().map(|t| anchor(t)).collect();
        anchors.sort_unstable();
        anchors.dedup();
        let filters: Option<Vec<packed::Searcher>> =
            anchors.chunks(64).map(|c| packed::Config::new().builder().extend(c.iter()).build()).collect();
        Ok(Matcher { exact, filters, owners, catalog })
    }

    /// The symptoms a line shows (each once, in catalog order).
    fn symptoms_of(&self, line: &[u8], out: &mut Vec<usize>) {
        out.clear();
        if self.exact.find(line).is_none() {
            return;
        }
        let mut text: Option<std::borrow::Cow<'_, str>> = None;
        for m in self.exact.find_overlapping_iter(line) {
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

    /// Starts of the lines of `block` that may hold a pattern, sorted.
    fn candidates(&self, block: &[u8], out: &mut Vec<usize>) {
        out.clear();
        let start_of = |at: usize| memchr::memrchr(b'\n', &block[..at]).map_or(0, |i| i + 1);
        match &self.filters {
            Some(filters) => {
                for f in filters {
                    let mut last = usize::MAX;
                    for m in f.find_iter(block) {
                        let st = start_of(m.start());
                        if st != last {
                            out.push(st);
                            last = st;
                        }
                    }
                }
            }
            None => {
                for m in self.exact.find_iter(block) {
                    out.push(start_of(m.start()));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// Whether a line may start with a timestamp (log4j's `[`, a date, librdkafka's `%`): a stack
/// trace's lines have none and take their entry's.
fn stamped(line: &[u8]) -> bool {
    matches!(line.first(), Some(b'[' | b'%' | b'0'..=b'9'))
}

fn lines_in(b: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', b).count() as u64
}

/// Accumulates matches over several sources.
pub struct Scan<'m> {
    matcher: &'m Matcher,
    pub seen: Vec<Seen>,
    hits: Vec<usize>,
    cands: Vec<usize>,
    /// Lines read over all sources.
    pub lines: u64,
    /// The start of the last line of the previous block that may carry a timestamp.
    head: Vec<u8>,
}

impl<'m> Scan<'m> {
    pub fn new(matcher: &'m Matcher) -> Scan<'m> {
        Scan {
            matcher,
            seen: vec![Seen::default(); matcher.catalog.symptoms.len()],
            hits: Vec::new(),
            cands: Vec::new(),
            lines: 0,
            head: Vec::new(),
        }
    }

    /// Records a line; `entry` is the start of the log entry it belongs to (for its timestamp).
    fn line(&mut self, source: &str, number: u64, line: &[u8], entry: &[u8]) {
        let line = &line[..line.len().min(MAX_LINE)];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        self.matcher.symptoms_of(line, &mut self.hits);
        if self.hits.is_empty() {
            return;
        }
        let stamp = timestamp(line).or_else(|| timestamp(entry));
        for &si in &self.hits {
            let s = &mut self.seen[si];
            s.count += 1;
            if s.lines.len() < KEEP {
                let text = String::from_utf8_lossy(line);
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
        let mut head: &[u8] = b"";
        for (i, l) in text.lines().enumerate() {
            self.lines += 1;
            let l = l.as_bytes();
            if stamped(l) {
                head = l;
            }
            self.line(source, i as u64 + 1, l, &head[..head.len().min(80)]);
        }
    }

    /// The start (first 80 bytes) of the entry the line at `st` belongs to: the nearest line at
    /// or before it that may carry a timestamp, within this block (up to 64 KiB back), else the
    /// previous block's.
    fn entry_head<'b>(&'b self, block: &'b [u8], st: usize) -> &'b [u8] {
        let floor = st.saturating_sub(64 * 1024);
        let mut at = st;
        loop {
            let line = &block[at..];
            if stamped(line) {
                return &line[..line.len().min(80)];
            }
            if at <= floor || at == 0 {
                return if at == 0 { &self.head } else { b"" };
            }
            at = memchr::memrchr(b'\n', &block[..at - 1]).map_or(0, |i| i + 1);
        }
    }

    /// Scans a block of whole lines (the last one may lack its newline at the end of a file).
    fn block(&mut self, source: &str, block: &[u8], number: &mut u64) {
        let mut cands = std::mem::take(&mut self.cands);
        self.matcher.candidates(block, &mut cands);
        let mut pos = 0;
        for &st in &cands {
            *number += lines_in(&block[pos..st]);
            pos = st;
            let end = memchr::memchr(b'\n', &block[st..]).map_or(block.len(), |i| st + i);
            let entry = self.entry_head(block, st).to_vec();
            self.line(source, *number + 1, &block[st..end], &entry);
        }
        self.cands = cands;
        *number += lines_in(&block[pos..]);
        if block.last().is_some_and(|&b| b != b'\n') {
            *number += 1;
        }
        // The last entry start of this block, for the next block's first lines.
        if !block.is_empty() {
            let last = memchr::memrchr(b'\n', &block[..block.len() - 1]).map_or(0, |i| i + 1);
            let h = self.entry_head(block, last).to_vec();
            if !h.is_empty() {
                self.head = h;
            }
        }
    }

    /// Streams a reader in blocks; a line longer than a block is searched in its first
    /// [`MAX_LINE`] bytes and the rest skipped.
    pub fn reader(&mut self, source: &str, mut r: impl Read) -> std::io::Result<()> {
        let mut buf = vec![0u8; BLOCK];
        let mut len = 0;
        let mut number = 0u64;
        let mut skipping = false;
        self.head.clear();
        loop {
            let n = loop {
                match r.read(&mut buf[len..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            len += n;
            let eof = n == 0;
            if skipping {
                // Inside a line longer than a block: drop bytes up to its newline.
                match memchr::memchr(b'\n', &buf[..len]) {
                    Some(i) => {
                        buf.copy_within(i + 1..len, 0);
                        len -= i + 1;
                        skipping = false;
                    }
                    None => len = 0,
                }
            }
            if !eof && len < buf.len() {
                continue;
            }
            let end = if eof {
                len
            } else {
                match memchr::memrchr(b'\n', &buf[..len]) {
                    Some(i) => i + 1,
                    None => {
                        // One line fills the block: search its start, skip the rest.
                        let mut one = number;
                        let line = buf[..MAX_LINE].to_vec();
                        self.block(source, &line, &mut one);
                        number += 1;
                        len = 0;
                        skipping = true;
                        continue;
                    }
                }
            };
            self.block(source, &buf[..end], &mut number);
            buf.copy_within(end..len, 0);
            len -= end;
            if eof {
                self.lines += number;
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
        log.extend_from_slice(b"line four\n");
        // A line longer than a read block: its start is searched, the rest skipped.
        log.extend_from_slice(b"CommitFailedException at the start of a huge line ");
        log.extend(std::iter::repeat_n(b'y', BLOCK * 2 + 17));
        log.extend_from_slice(b" CommitFailedException far away\n");
        log.extend_from_slice(b"line six\n");
        log.extend_from_slice(b"last line without newline CommitFailedException");
        scan.reader("app.log", &log[..]).unwrap();
        assert_eq!(scan.lines, 7);
        let i = catalog.symptoms.iter().position(|s| s.id == "commit-failed").unwrap();
        let seen = &scan.seen[i];
        assert_eq!(seen.count, 3);
        assert_eq!(seen.lines.iter().map(|l| l.line).collect::<Vec<_>>(), vec![3, 5, 7]);
        assert!(seen.lines[0].text.starts_with('\u{fffd}'));
    }
}
