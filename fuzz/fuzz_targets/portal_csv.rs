//! Portal "Export to CSV" files: a portal header (picked by the first byte) before the bytes,
//! unless they start with a header of their own.
#![no_main]
use libfuzzer_sys::fuzz_target;

const HEADERS: [&[u8]; 4] = [
    b"\xEF\xBB\xBFTimeGenerated [UTC],AlertName,CompromisedEntity,WorkspaceSubscriptionId,Description\r\n",
    b"TimeGenerated [UTC],Account,Computer,EventID,LogonType,IpAddress,AccountType,Activity,LogonTypeName\r\n",
    b"TimeGenerated [Local Time],AlertName,CompromisedEntity\n",
    b"TenantId,TimeGenerated [UTC],SourceSystem,Account,AccountType,Computer,EventSourceName,Channel,Task,Level,EventData,EventID,Activity,LogonType,IpAddress\r\n",
];

fuzz_target!(|data: &[u8]| {
    let bytes = huntbench_fuzz::with_prefix(data, &HEADERS, |d| d.starts_with(b"\xEF\xBB\xBF") || d.starts_with(b"TimeGenerated") || d.starts_with(b"TenantId"));
    huntbench_fuzz::load_and_check("fuzz.csv", &bytes);
});
