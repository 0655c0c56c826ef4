//! Differential test: kafkalint's `.properties` reader against `java.util.Properties.load`, on
//! generated inputs made of the pieces where readers differ (separators, escapes, `\uXXXX` with
//! surrogate pairs and lone surrogates, continuation lines, comment markers, every line ending).
//! Both must read the same keys and values, and fail (a malformed `\uXXXX`) on the same files.
//!
//! The Java side is tests/differential/PropsDump.java, run with `java` (JDK 11+). Without a JDK
//! the test prints that it is skipped; in CI (`CI` set) it fails instead. `DIFFERENTIAL_CASES`
//! sets the number of generated files (default 4,000); scripts/differential.sh runs it alone.

use kafkalint::properties::{self, IssueKind};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Pieces of generated files: all ASCII, so the bytes read the same as UTF-8 and as ISO-8859-1.
const PIECES: &[&str] = &[
    "a",
    "b",
    "key",
    "x.y",
    "1",
    "=",
    "=",
    ":",
    " ",
    "  ",
    "\t",
    "\x0c",
    "\\",
    "\\\\",
    "\\ ",
    "\\=",
    "\\:",
    "\\#",
    "\\!",
    "\\t",
    "\\n",
    "\\r",
    "\\f",
    "\\z",
    "\\u0041",
    "\\u00e9",
    "\\uD83D\\uDE00",
    "\\uD83D",
    "\\uDE00",
    "\\ud83d\\ude00x",
    "\\uD83D\\u0041",
    "\\uzzzz",
    "\\u12",
    "#",
    "!",
    "\n",
    "\n",
    "\n",
    "\r",
    "\r\n",
    "\\\n",
    "\\\r\n",
    "\\\n  ",
    "\\\n#",
    "\\\n!",
    "\\\n\n",
    "\n#c",
    "\n!c",
    "\n\\",
];

/// A small deterministic generator (splitmix64): the same cases on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn generate(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..1 + rng.below(24) {
        s.push_str(PIECES[rng.below(PIECES.len())]);
    }
    s
}

fn hex(s: &str) -> String {
    if s.is_empty() {
        return "-".into();
    }
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// What kafkalint reads, in PropsDump's format.
fn kafkalint_reads(text: &str) -> String {
    let doc = properties::parse(text);
    if doc.issues.iter().any(|i| i.kind == IssueKind::MalformedUnicodeEscape) {
        return "ERROR IllegalArgumentException\n".into();
    }
    let mut map = BTreeMap::new();
    for e in &doc.entries {
        map.insert(e.key.clone(), e.value.clone());
    }
    let mut lines: Vec<String> = map.iter().map(|(k, v)| format!("{} {}", hex(k), hex(v))).collect();
    lines.sort();
    let mut out = String::from("OK\n");
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

fn java() -> Option<String> {
    let candidates =
        std::env::var_os("JAVA_HOME").map(|h| Path::new(&h).join("bin/java").display().to_string()).into_iter().chain(["java".to_string()]);
    candidates.into_iter().find(|j| Command::new(j).arg("-version").output().is_ok_and(|o| o.status.success()))
}

#[test]
fn kafkalint_reads_what_java_reads() {
    let Some(java) = java() else {
        assert!(std::env::var_os("CI").is_none(), "a JDK (java 11+) is needed for the differential test and CI must have one");
        eprintln!("note: no JDK found (java on PATH or JAVA_HOME): SKIPPING the differential test against java.util.Properties");
        return;
    };
    let cases: usize = std::env::var("DIFFERENTIAL_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(4000);
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x6b61_666b_616c_696e);
    let mut texts = Vec::new();
    // Fixed cases first: the ones that once differed.
    for t in ["a=\\uD83D\\uDE00\n", "\\\n!\\u\nb=1\n", "\\\n#x=1\n", "  \\\n\nc=3", "\\", "a\\\n#b=1", "\\\n", "\\\r\n", "\\\r", "\\\n  "] {
        texts.push(t.to_string());
    }
    while texts.len() < cases {
        texts.push(generate(&mut rng));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut mismatches = Vec::new();
    let mut skipped = 0;
    for (chunk_no, chunk) in texts.chunks(2000).enumerate() {
        let mut files = Vec::new();
        for (i, t) in chunk.iter().enumerate() {
            let p = dir.path().join(format!("c{chunk_no}-{i}.properties"));
            std::fs::write(&p, t).unwrap();
            files.push(p);
        }
        let o = Command::new(&java).arg(root.join("tests/differential/PropsDump.java")).args(&files).output().expect("run java");
        assert!(o.status.success(), "PropsDump failed: {}", String::from_utf8_lossy(&o.stderr));
        let stdout = String::from_utf8(o.stdout).unwrap();
        let mut answers = stdout.split("== ").skip(1);
        for t in chunk {
            let answer = answers.next().expect("one answer per file");
            let java_reads = &answer[answer.find('\n').unwrap() + 1..];
            if java_reads.starts_with("OK\nAMBIGUOUS") {
                skipped += 1;
                continue;
            }
            let ours = kafkalint_reads(t);
            if ours != java_reads {
                mismatches.push(format!("{:?}\n  java:      {:?}\n  kafkalint: {:?}", t, java_reads, ours));
            }
        }
    }
    println!(
        "differential: {} of {} generated files read alike by kafkalint and java.util.Properties ({skipped} not comparable: distinct lone surrogates)",
        texts.len() - mismatches.len() - skipped,
        texts.len()
    );
    assert!(skipped * 10 < texts.len(), "too many files not comparable: {skipped}");
    assert!(
        mismatches.is_empty(),
        "{} of {} files read differently:\n{}",
        mismatches.len(),
        texts.len(),
        mismatches[..mismatches.len().min(8)].join("\n")
    );
}
