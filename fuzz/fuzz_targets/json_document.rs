//! Log Analytics API, ADX REST v1/v2 and Graph runHuntingQuery documents: the document up to
//! its first row (picked by the first byte) before the bytes, unless they are a whole document.
#![no_main]
use libfuzzer_sys::fuzz_target;

const STARTS: [&[u8]; 4] = [
    br#"{"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"EventID","type":"int"},{"name":"LogonType","type":"int"},{"name":"Account","type":"string"},{"name":"Computer","type":"string"},{"name":"IpAddress","type":"string"}],"rows":[["2026-03-02T09:05:00.1234567Z",4624,10,"C\\A","ws01","1.2.3.4"],"#,
    br#"{"Tables":[{"TableName":"Table_0","Columns":[{"ColumnName":"TimeGenerated","DataType":"DateTime"},{"ColumnName":"AlertName","DataType":"String"},{"ColumnName":"CompromisedEntity","DataType":"String"}],"Rows":[["2026-03-02T09:00:00Z","Atypical travel","WS01"],"#,
    br#"{"@odata.context":"x","schema":[{"Name":"TimeGenerated","Type":"DateTime"},{"Name":"AlertName","Type":"String"},{"Name":"CompromisedEntity","Type":"String"}],"results":[{"TimeGenerated":"2026-03-02T09:00:00Z","AlertName":"Password Spray","CompromisedEntity":"ws01"},"#,
    br#"[{"FrameType":"DataSetHeader","IsProgressive":false,"Version":"v2.0"},{"FrameType":"DataTable","TableId":0,"TableKind":"PrimaryResult","TableName":"PrimaryResult","Columns":[{"ColumnName":"TimeGenerated","ColumnType":"datetime"},{"ColumnName":"Computer","ColumnType":"string"},{"ColumnName":"EventID","ColumnType":"int"},{"ColumnName":"EventData","ColumnType":"dynamic"}],"Rows":[["2026-03-02T09:00:00Z","WS01",4624,{"TargetUserName":"a","LogonType":"10"}],"#,
];

fuzz_target!(|data: &[u8]| {
    let bytes = huntbench_fuzz::with_prefix(data, &STARTS, |d| d.starts_with(b"{") || d.starts_with(b"["));
    huntbench_fuzz::load_and_check("fuzz.json", &bytes);
});
