//! Source files: bytes to text (UTF-8, else ISO-8859-1 as `Properties.load(InputStream)` reads),
//! byte spans, and 1-based line/column positions.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A byte range in a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// How the bytes of a file were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// The file had a UTF-8 byte order mark (kept in `text`'s offsets: spans count it).
    Utf8Bom,
    /// Not valid UTF-8: read as ISO-8859-1, as `java.util.Properties.load(InputStream)` does.
    /// `first_invalid` is the byte offset of the first invalid UTF-8 sequence.
    Latin1 {
        first_invalid: usize,
    },
}

/// One linted file. Spans are byte offsets into `text`; for UTF-8 input they equal file offsets.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given on the command line (or joined from a directory argument).
    pub path: PathBuf,
    pub text: String,
    pub encoding: Encoding,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = line_starts(&text);
        SourceFile { path: path.into(), text, encoding: Encoding::Utf8, line_starts }
    }

    /// Decodes raw bytes. A leading UTF-8 BOM is kept in the text (so offsets stay file offsets)
    /// and skipped by the parser.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        let (text, encoding) = decode(bytes);
        let line_starts = line_starts(&text);
        SourceFile { path: path.into(), text, encoding, line_starts }
    }

    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }

    /// 1-based line and column (column counted in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self.text[start..floor_char(&self.text, offset)].chars().count() + 1;
        (line + 1, col)
    }

    /// 0-based line and UTF-16 column, as the language server protocol counts.
    pub fn lsp_position(&self, offset: usize) -> (u32, u32) {
        let offset = floor_char(&self.text, offset.min(self.text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        (line as u32, col as u32)
    }

    /// Byte offset of a 0-based line and UTF-16 column (clamped to the text).
    pub fn offset_of_lsp(&self, line: u32, character: u32) -> usize {
        let Some(&start) = self.line_starts.get(line as usize) else { return self.text.len() };
        let end = self.line_starts.get(line as usize + 1).copied().unwrap_or(self.text.len());
        let mut units = 0u32;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= character || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        end
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of a 1-based line, without its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts[line - 1];
        let mut end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        while end > start && (bytes[end - 1] == b'\n' || bytes[end - 1] == b'\r') {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// The line terminator this file uses most, for text a fix inserts.
    pub fn newline(&self) -> &'static str {
        // Nearly every file: no `\r` at all (a fix in a 10,000-line file asked this of its whole
        // text three times over).
        if crate::bytes::find(b'\r', self.text.as_bytes()).is_none() {
            return "\n";
        }
        let crlf = self.text.matches("\r\n").count();
        let lf = self.text.matches('\n').count() - crlf;
        let cr = self.text.matches('\r').count() - crlf;
        if crlf > lf && crlf >= cr {
            "\r\n"
        } else if cr > lf {
            "\r"
        } else {
            "\n"
        }
    }
}

pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn floor_char(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn decode(bytes: Vec<u8>) -> (String, Encoding) {
    let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    match String::from_utf8(bytes) {
        Ok(text) => (text, if bom { Encoding::Utf8Bom } else { Encoding::Utf8 }),
        Err(err) => {
            let first_invalid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            // ISO-8859-1 maps each byte to the code point of the same value.
            let text: String = bytes.iter().map(|&b| b as char).collect();
            (text, Encoding::Latin1 { first_invalid })
        }
    }
}

/// Line starts for `\n`, `\r\n` and lone `\r` terminators (as java.util.Properties reads them).
/// Line ends are found with `memchr2` (a byte-by-byte loop was a twentieth of a keystroke's time in
/// the language server, which makes the table of a 300 KB document on every change).
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while let Some(at) = crate::bytes::find2(b'\n', b'\r', &bytes[i..]) {
        let mut end = i + at;
        if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            end += 1;
        }
        starts.push(end + 1);
        i = end + 1;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line table found with `memchr2` is the one a byte-by-byte reading of the terminators
    /// makes, on random texts of `\n`, `\r\n`, lone `\r` and multi-byte characters.
    #[test]
    fn line_starts_are_the_byte_by_byte_ones() {
        fn byte_by_byte(text: &str) -> Vec<usize> {
            let bytes = text.as_bytes();
            let mut starts = vec![0];
            let mut i = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'\n' => starts.push(i + 1),
                    b'\r' => {
                        if bytes.get(i + 1) == Some(&b'\n') {
                            i += 1;
                        }
                        starts.push(i + 1);
                    }
                    _ => {}
                }
                i += 1;
            }
            starts
        }
        const PIECES: [&str; 7] = ["\n", "\r", "\r\n", "a", "é", "k=v", "\n\r"];
        let mut seed = 0x1234_5678_9abc_def1u64;
        for _ in 0..20_000 {
            let text: String = (0..seed % 12)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    PIECES[(seed % PIECES.len() as u64) as usize]
                })
                .collect();
            assert_eq!(line_starts(&text), byte_by_byte(&text), "{text:?}");
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
        }
    }

    #[test]
    fn line_col_counts_all_terminators() {
        let f = SourceFile::new("x", "a=1\r\nb=2\rc=3\nd=é4\r\n".to_string());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(5), (2, 1));
        assert_eq!(f.line_col(9), (3, 1));
        assert_eq!(f.line_col(13), (4, 1));
        assert_eq!(f.line_col(f.text.len() - 2), (4, 5));
        assert_eq!(f.line_span(1), Span::new(0, 3));
        assert_eq!(f.newline(), "\r\n");
    }

    #[test]
    fn invalid_utf8_falls_back_to_latin1() {
        let f = SourceFile::from_bytes("x", b"a=caf\xe9\n".to_vec());
        assert_eq!(f.encoding, Encoding::Latin1 { first_invalid: 5 });
        assert_eq!(f.text, "a=caf\u{e9}\n");
    }

    #[test]
    fn lsp_positions_count_utf16() {
        let f = SourceFile::new("x", "k=😀x\nb".to_string());
        assert_eq!(f.lsp_position(6), (0, 4));
        assert_eq!(f.offset_of_lsp(0, 4), 6);
        assert_eq!(f.offset_of_lsp(1, 0), 8);
    }
}
