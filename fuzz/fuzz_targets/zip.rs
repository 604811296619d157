//! zip: the bytes as a zip file, read as a stream member by member; `PK\x03\x04` is put in
//! front when they do not start with it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let bytes = huntbench_fuzz::with_prefix(data, &[b"PK\x03\x04"], |d| d.starts_with(b"PK"));
    huntbench_fuzz::load_and_check("fuzz.zip", &bytes);
});
