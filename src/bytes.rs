//! Byte searches for the short texts of a check (a line's end, a `\`, a `\r`), without asking
//! the CPU what it supports.
//!
//! `memchr`'s own entry points pick AVX2 or SSE2 on first use by reading the CPU's features,
//! which runs `cpuid` several times; in a virtual machine each `cpuid` is handled by the
//! hypervisor (7 µs apiece on the project's machine), and the first line table of a one-file
//! run paid for all of them, about a twentieth of the run. SSE2 is part of every x86_64 CPU, so
//! its searchers are chosen at compile time; elsewhere `memchr`'s own functions are used (on
//! aarch64 they use NEON, also always there).

/// The first `needle` in `haystack`.
#[inline]
pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if let Some(one) = memchr::arch::x86_64::sse2::memchr::One::new(needle) {
        return one.find(haystack);
    }
    memchr::memchr(needle, haystack)
}

/// The first `a` or `b` in `haystack`.
#[inline]
pub fn find2(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if let Some(two) = memchr::arch::x86_64::sse2::memchr::Two::new(a, b) {
        return two.find(haystack);
    }
    memchr::memchr2(a, b, haystack)
}

/// Every `needle` in `haystack`, in order.
pub fn find_iter(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    each(haystack, move |h| find(needle, h))
}

/// Every `a` or `b` in `haystack`, in order.
pub fn find2_iter(a: u8, b: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    each(haystack, move |h| find2(a, b, h))
}

/// Every position `first` finds, searching again after each.
fn each<'a>(haystack: &'a [u8], first: impl Fn(&[u8]) -> Option<usize> + 'a) -> impl Iterator<Item = usize> + 'a {
    let mut at = 0;
    std::iter::from_fn(move || {
        let i = at + first(haystack.get(at..)?)?;
        at = i + 1;
        Some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same answers as memchr's own functions, at every length and alignment around the
    /// vector width.
    #[test]
    fn same_as_memchr() {
        let text: Vec<u8> = (0..200u32)
            .map(|i| {
                if i % 37 == 5 {
                    b'\n'
                } else if i % 53 == 7 {
                    b'\r'
                } else {
                    b'a' + (i % 26) as u8
                }
            })
            .collect();
        for start in 0..40 {
            for end in start..text.len() {
                let h = &text[start..end];
                assert_eq!(find(b'\n', h), memchr::memchr(b'\n', h));
                assert_eq!(find(b'z', h), memchr::memchr(b'z', h));
                assert_eq!(find2(b'\n', b'\r', h), memchr::memchr2(b'\n', b'\r', h));
                assert_eq!(find_iter(b'\n', h).collect::<Vec<_>>(), memchr::memchr_iter(b'\n', h).collect::<Vec<_>>());
                assert_eq!(find2_iter(b'\n', b'\r', h).collect::<Vec<_>>(), memchr::memchr2_iter(b'\n', b'\r', h).collect::<Vec<_>>());
            }
        }
        assert_eq!(find(b'a', b""), None);
        assert_eq!(find_iter(b'a', b"aaa").collect::<Vec<_>>(), [0, 1, 2]);
    }
}
