#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::lint_all(data));

mod targets {
    include!("../targets.rs");
}
