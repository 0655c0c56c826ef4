#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::fix(data));

mod targets {
    include!("../targets.rs");
}
