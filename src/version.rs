//! Kafka versions: release lines of the knowledge base and version strings users write.

use crate::knowledge::RELEASES;
use std::cmp::Ordering;
use std::fmt;

/// A release line of the knowledge base (index into [`RELEASES`], oldest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release(pub u8);

impl Release {
    pub fn newest() -> Release {
        Release((RELEASES.len() - 1) as u8)
    }
    pub fn oldest() -> Release {
        Release(0)
    }
    pub fn name(self) -> &'static str {
        RELEASES[self.0 as usize]
    }
    pub fn all() -> impl Iterator<Item = Release> {
        (0..RELEASES.len() as u8).map(Release)
    }
    /// The release line named exactly (`"3.9"`, `"0.10.2"`).
    pub fn named(name: &str) -> Option<Release> {
        RELEASES.iter().position(|r| *r == name).map(|i| Release(i as u8))
    }
    pub fn version(self) -> Version {
        Version::parse(self.name()).expect("release names parse")
    }
    /// Parses a version a user wrote (`3.9`, `3.9.1`, `0.10.2.1`) and finds its release line.
    pub fn parse(text: &str) -> Result<Release, String> {
        let v = Version::parse(text).ok_or_else(|| format!("`{text}` is not a Kafka version (expected X.Y or X.Y.Z)"))?;
        static LINES: std::sync::OnceLock<Vec<Version>> = std::sync::OnceLock::new();
        let lines = LINES.get_or_init(|| Release::all().map(Release::version).collect());
        (lines.iter().position(|l| l.same_line(&v)))
            .map(|i| Release(i as u8))
            .ok_or_else(|| format!("kafkalint knows no Kafka release line for `{text}`; known: {}", RELEASES.join(", ")))
    }
    pub fn at_least(self, name: &str) -> bool {
        match Release::named(name) {
            Some(r) => self >= r,
            None => self.version() >= Version::parse(name).unwrap_or_default(),
        }
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A dotted version, compared component-wise (a missing component is 0).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Version(pub Vec<u32>);

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim().trim_start_matches('v');
        if text.is_empty() {
            return None;
        }
        let parts: Option<Vec<u32>> = text.split('.').map(|p| p.parse().ok()).collect();
        let parts = parts?;
        (2..=4).contains(&parts.len()).then_some(Version(parts))
    }
    fn get(&self, i: usize) -> u32 {
        self.0.get(i).copied().unwrap_or(0)
    }
    /// The release-line part: `0.10.2.1` → `0.10.2`, `3.9.1` → `3.9`.
    pub fn line_len(&self) -> usize {
        if self.get(0) == 0 {
            3
        } else {
            2
        }
    }
    pub fn same_line(&self, other: &Version) -> bool {
        let n = self.line_len();
        n == other.line_len() && (0..n).all(|i| self.get(i) == other.get(i))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let n = self.0.len().max(other.0.len());
        (0..n).map(|i| self.get(i).cmp(&other.get(i))).find(|o| o.is_ne()).unwrap_or(Ordering::Equal)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|p| p.to_string()).collect();
        f.write_str(&parts.join("."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert!(Version::parse("0.10.2.1").unwrap().same_line(&Version::parse("0.10.2").unwrap()));
        assert!(Version::parse("3.9.1").unwrap().same_line(&Version::parse("3.9").unwrap()));
        assert!(!Version::parse("3.9").unwrap().same_line(&Version::parse("3.1").unwrap()));
        assert!(Version::parse("2.10").unwrap() > Version::parse("2.9").unwrap());
        assert!(Version::parse("abc").is_none());
    }
}
