//! gzip: the bytes as a gzip file when they start with its magic, otherwise as the deflate
//! stream after a minimal gzip header.
#![no_main]
use libfuzzer_sys::fuzz_target;

const HEADER: &[u8] = &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

fuzz_target!(|data: &[u8]| {
    let bytes = huntbench_fuzz::with_prefix(data, &[HEADER], |d| d.starts_with(&[0x1f, 0x8b]));
    huntbench_fuzz::load_and_check("fuzz.csv.gz", &bytes);
});
