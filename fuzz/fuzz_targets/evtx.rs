//! EVTX: a whole file when the bytes start with `ElfFile\0`; otherwise the bytes are one
//! 64 KiB chunk (zero-padded to whole chunks, `ElfChnk\0` put in front when missing) after a file header, so
//! mutations go into the chunk's records and templates.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"ElfFile\0") {
        huntbench_fuzz::load_and_check("fuzz.evtx", data);
        return;
    }
    let mut bytes = b"ElfFile\0".to_vec();
    bytes.resize(4096, 0);
    let chunk_start = bytes.len();
    if !data.starts_with(b"ElfChnk\0") {
        bytes.extend_from_slice(b"ElfChnk\0");
    }
    bytes.extend_from_slice(data);
    // Whole chunks (a file that ends inside one comes through the `ElfFile` path).
    const CHUNK: usize = 64 * 1024;
    let len = bytes.len() - chunk_start;
    bytes.resize(chunk_start + len.div_ceil(CHUNK).max(1) * CHUNK, 0);
    huntbench_fuzz::load_and_check("fuzz.evtx", &bytes);
});
