//! JSON Lines: a first record line (picked by the first byte) before the bytes, unless they
//! start with a record themselves.
#![no_main]
use libfuzzer_sys::fuzz_target;

const STARTS: [&[u8]; 4] = [
    b"{\"TimeGenerated\":\"2026-03-02T09:00:00Z\",\"AlertName\":\"Atypical travel\",\"CompromisedEntity\":\"WS01\",\"WorkspaceSubscriptionId\":\"s\"}\n",
    b"{\"TimeGenerated\":\"2026-03-02T09:05:00.1234567Z\",\"EventID\":4624,\"LogonType\":10,\"Account\":\"C\\\\A\",\"Computer\":\"ws01\"}\n",
    b"{\"@timestamp\":\"2020-09-04T03:10:02.123Z\",\"Hostname\":\"W5\",\"EventID\":4624,\"LogonType\":\"10\",\"TargetUserName\":\"p\",\"SourceModuleName\":\"eventlog\"}\n",
    b"{\"TimeGenerated\":\"2026-03-02T09:00:00Z\",\"Computer\":\"WS01\",\"EventID\":4624,\"EventData\":\"{\\\"TargetUserName\\\":\\\"a\\\",\\\"LogonType\\\":\\\"10\\\"}\"}\n",
];

fuzz_target!(|data: &[u8]| {
    let bytes = huntbench_fuzz::with_prefix(data, &STARTS, |d| d.starts_with(b"{"));
    huntbench_fuzz::load_and_check("fuzz.jsonl", &bytes);
});
