// Fuzz targets shared by the stable-toolchain harness (tests/fuzz.rs, a bounded run in
// `cargo test`) and the cargo-fuzz targets of this directory (fuzz_targets/*.rs, `cargo +nightly
// fuzz run NAME`). Each takes arbitrary bytes and panics when a property fails: no panic, no
// non-idempotent fix, output that parses, no secret in any output.

#[allow(unused_imports)]
use kafkalint::diagnostic::Applicability;
use kafkalint::lint::{lint, Input, Settings};
use kafkalint::render;

/// The role a fuzz input is linted as, from its first byte (also "no role").
fn file_name(data: &[u8]) -> &'static str {
    const NAMES: [&str; 9] = [
        "server.properties",
        "producer.properties",
        "consumer.properties",
        "admin.properties",
        "topic.properties",
        "streams.properties",
        "connect-distributed.properties",
        "app.properties",
        "controller.properties",
    ];
    NAMES[data.first().map_or(0, |&b| b as usize) % NAMES.len()]
}

/// The reader: every span inside the text on character boundaries, every decoded value range
/// mapped back inside its entry.
pub fn parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let doc = kafkalint::properties::parse(&text);
    for e in &doc.entries {
        for s in [e.key_span, e.value_span, e.span].iter().chain(&e.pieces) {
            assert!(s.start <= s.end && s.end <= text.len(), "span {s:?} outside the text");
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "span {s:?} not on characters");
        }
        if !e.value.is_empty() {
            let sub = kafkalint::properties::value_subspan(&text, e, 0, e.value.len());
            assert!(sub.start >= e.value_span.start && sub.end <= e.value_span.end, "value subspan {sub:?} outside {:?}", e.value_span);
        }
    }
    for c in &doc.comments {
        assert!(c.span.end <= text.len());
    }
}

/// The whole pipeline and every renderer; JSON and SARIF parse as JSON.
pub fn lint_all(data: &[u8]) {
    let settings = Settings { isolated: true, ..Default::default() };
    let input = Input { path: file_name(data).into(), bytes: data.to_vec() };
    let report = lint(vec![input], &settings).expect("lint without a config never fails");
    let _ = render::human::render(&report, &render::human::Options { color: false, width: 80 });
    let _ = render::human::render(&report, &render::human::Options { color: true, width: 200 });
    let json = render::json::render(&report);
    serde_json::from_str::<serde_json::Value>(&json).expect("JSON output parses");
    let sarif = render::sarif::render(&report);
    serde_json::from_str::<serde_json::Value>(&sarif).expect("SARIF output parses");
    let _ = render::github::render(&report);
    let _ = render::compact::render(&report);
    for f in &report.files {
        let _ = kafkalint::effective::lines(&f.file);
    }
}

/// `--fix --unsafe-fixes`: converges, and fixing the fixed text changes nothing more.
pub fn fix(data: &[u8]) {
    let settings = Settings { isolated: true, ..Default::default() };
    let path = file_name(data);
    let once = kafkalint::fix::fix_inputs(vec![Input { path: path.into(), bytes: data.to_vec() }], &settings, Applicability::Unsafe)
        .expect("fix without a config never fails");
    if !once.converged {
        return; // reported by the CLI as a warning; the idempotence below would not hold
    }
    let fixed = once.files[0].fixed.clone();
    let twice = kafkalint::fix::fix_inputs(vec![Input { path: path.into(), bytes: fixed.clone() }], &settings, Applicability::Unsafe)
        .expect("fix without a config never fails");
    assert!(
        twice.files[0].fixed == fixed,
        "fixing the fixed text changed it again:\n--- once\n{}\n--- twice\n{}",
        String::from_utf8_lossy(&fixed),
        String::from_utf8_lossy(&twice.files[0].fixed)
    );
}

/// The language server's message reader: any bytes end in frames and the end of the stream.
pub fn lsp_reader(data: &[u8]) {
    use kafkalint::lsp::framing::{Frame, FrameReader};
    let mut r = FrameReader::new(data);
    for _ in 0..=data.len() + 1 {
        if let Frame::Eof = r.next_frame() {
            return;
        }
    }
    panic!("the reader did not reach the end of {} bytes", data.len());
}
