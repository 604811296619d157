//! Any bytes, as a dropped file: format sniffing, then whichever reader the bytes lead to.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    huntbench_fuzz::load_and_check("fuzz", data);
});
