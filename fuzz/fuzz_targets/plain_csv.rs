//! Plain CSV (Kusto tools, pandas): a header (picked by the first byte; `,` `;` or tab, with or
//! without pandas' index column) before the bytes, unless they start with a header of their own.
#![no_main]
use libfuzzer_sys::fuzz_target;

const HEADERS: [&[u8]; 5] = [
    b"TimeGenerated,AlertName,CompromisedEntity,WorkspaceSubscriptionId\n",
    b"TimeGenerated;EventID;LogonType;Account;Computer;IpAddress\n",
    b"TimeGenerated\tEventID\tLogonType\tAccount\tComputer\tIpAddress\tAccountType\r\n",
    b",TenantId,StartTimeUtc,AlertName,AlertDisplayName,TimeGenerated,CompromisedEntity\r\n",
    b"TimeGenerated,Computer,EventID,EventData\n",
];

fuzz_target!(|data: &[u8]| {
    let bytes = huntbench_fuzz::with_prefix(data, &HEADERS, |d| d.starts_with(b"TimeGenerated") || d.starts_with(b",") || d.starts_with(b"\"TimeGenerated"));
    huntbench_fuzz::load_and_check("fuzz.csv", &bytes);
});
