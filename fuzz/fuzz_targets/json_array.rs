//! JSON arrays of records: `[` and a first record (picked by the first byte) before the bytes,
//! unless they start an array themselves.
#![no_main]
use libfuzzer_sys::fuzz_target;

const STARTS: [&[u8]; 4] = [
    b"[{\"TimeGenerated\":\"2026-03-02T09:00:00Z\",\"AlertName\":\"Atypical travel\",\"CompromisedEntity\":\"WS01\"},",
    b"[\n  {\n    \"TimeGenerated\": \"3/31/2022, 10:51:35.857 PM\",\n    \"Account\": \"C\\\\a\",\n    \"Computer\": \"WS01\",\n    \"EventID\": 4624,\n    \"LogonType\": 10\n  },\n",
    b"[{\"TimeGenerated\":\"2026-03-02T09:00:00Z\",\"Computer\":\"WS01\",\"EventID\":\"4624\",\"EventData\":{\"TargetUserName\":\"a\",\"LogonType\":10}},",
    b"[",
];

fuzz_target!(|data: &[u8]| {
    let bytes = huntbench_fuzz::with_prefix(data, &STARTS, |d| d.starts_with(b"["));
    huntbench_fuzz::load_and_check("fuzz.json", &bytes);
});
