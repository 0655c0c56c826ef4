#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::lsp_reader(data));

mod targets {
    include!("../targets.rs");
}
