//! Each export format of input-formats.md, in small inline files, through `LoadedFiles::load`.

use std::io::Write;

use huntbench::engine::{self, HuntParams};
use huntbench::ingest::{DateOrder, FileReport, Precision, ReadOptions, LoadedFiles};

use crate::fixtures::{load, load_with};

fn report(bench: &LoadedFiles) -> &FileReport {
    assert_eq!(bench.files.len(), 1, "{:#?}", bench.files);
    &bench.files[0]
}

fn alert_times(bench: &LoadedFiles) -> Vec<String> {
    bench.data.alerts.time.iter().map(|t| t.to_iso()).collect()
}

fn logon_times(bench: &LoadedFiles) -> Vec<String> {
    bench.data.logons.time.iter().map(|t| t.to_iso()).collect()
}

const PORTAL_ALERTS_US: &str = "\u{feff}TimeGenerated [UTC],AlertName,CompromisedEntity,WorkspaceSubscriptionId,Description\r
\"1/29/2026, 5:44:10.000 AM\",Atypical travel,ws01,sub,\"multi\r
line, \"\"quoted\"\" description\"\r
\"1/13/2026, 11:00:00.120 PM\",Password Spray,WS02,sub,plain\r
";

#[test]
fn portal_csv_month_first_with_bom_crlf_and_quoted_newlines() {
    let bench = load(&[("alerts.csv", PORTAL_ALERTS_US.as_bytes())]);
    let r = report(&bench);
    assert_eq!((r.format.as_str(), r.table.as_deref()), ("portal CSV", Some("SecurityAlert")));
    assert_eq!((r.rows_read, r.rows_loaded, r.rows_skipped), (2, 2, 0));
    assert_eq!(r.precision, Some(Precision::Milliseconds));
    assert_eq!(alert_times(&bench), ["2026-01-29T05:44:10.0000000Z", "2026-01-13T23:00:00.1200000Z"]);
    assert_eq!(bench.data.alerts.origin[1].line, 4, "the record after a quoted newline starts on line 4");
}

#[test]
fn portal_csv_day_first_decided_from_the_whole_column() {
    let csv = "TimeGenerated [UTC],Account,Computer,EventID,LogonType\n\
               05/07/2026 20:26:12.030,c\\a,WS01,4624,10\n\
               16/07/2026 20:26:12.030,c\\a,WS01,4624,10\n";
    let bench = load(&[("events.csv", csv.as_bytes())]);
    assert!(report(&bench).error.is_none(), "{:?}", report(&bench));
    // The second value settles day-first, and it applies to the first value too.
    assert_eq!(logon_times(&bench), ["2026-07-05T20:26:12.0300000Z", "2026-07-16T20:26:12.0300000Z"]);
}

#[test]
fn undecidable_date_order_is_asked_not_guessed() {
    let csv = "TimeGenerated [UTC],AlertName,CompromisedEntity\n\"1/2/2026, 5:00:00.000 AM\",Atypical travel,WS01\n";
    let bench = load(&[("a.csv", csv.as_bytes())]);
    let r = report(&bench);
    let error = r.error.as_deref().unwrap();
    assert!(error.contains("--date-order"), "{error}");
    let q = r.date_order_question.as_ref().unwrap();
    assert_eq!(q.examples[0], ("1/2/2026".into(), "2026-01-02T05:00:00.0000000Z".into(), "2026-02-01T05:00:00.0000000Z".into()));
    assert_eq!(bench.data.alerts.len(), 0, "nothing loads until the order is chosen");
    for (order, expected) in [(DateOrder::MonthFirst, "2026-01-02T05:00:00.0000000Z"), (DateOrder::DayFirst, "2026-02-01T05:00:00.0000000Z")] {
        let opts = ReadOptions { date_order: Some(order), ..ReadOptions::default() };
        let bench = load_with(&[("a.csv", csv.as_bytes())], &opts);
        assert!(report(&bench).error.is_none());
        assert_eq!(alert_times(&bench), [expected]);
    }
    // When day and month are equal the order does not matter, so nothing is asked.
    let same = "TimeGenerated [UTC],AlertName,CompromisedEntity\n\"3/3/2026, 5:00:00.000 AM\",x,WS01\n";
    assert!(report(&load(&[("a.csv", same.as_bytes())])).error.is_none());
}

#[test]
fn mixed_date_orders_are_an_error() {
    let csv = "TimeGenerated [UTC],AlertName,CompromisedEntity\n13/01/2026 10:00,x,A\n01/13/2026 10:00,x,B\n";
    let bench = load(&[("a.csv", csv.as_bytes())]);
    assert!(report(&bench).error.as_deref().unwrap().contains("mixes month-first"));
    assert_eq!(bench.data.alerts.len(), 0);
}

#[test]
fn local_time_columns_are_flagged_and_shifted() {
    let csv = "TimeGenerated [Local Time],AlertName,CompromisedEntity\n2026-03-02 11:00:00,x,A\n";
    let bench = load(&[("a.csv", csv.as_bytes())]);
    assert!(report(&bench).warnings.iter().any(|w| w.contains("[Local Time]") && w.contains("UTC+00:00")));
    assert_eq!(alert_times(&bench), ["2026-03-02T11:00:00.0000000Z"]);
    let opts = ReadOptions { local_offset_minutes: Some(120), ..ReadOptions::default() };
    assert_eq!(alert_times(&load_with(&[("a.csv", csv.as_bytes())], &opts)), ["2026-03-02T09:00:00.0000000Z"]);
}

/// A portal `[Local Time]` column, whose dates are read once the day/month order is settled, is
/// shifted by the offset then, east of UTC as well as west (east once lost every row).
#[test]
fn local_time_portal_dates_shift_once_their_order_is_known() {
    let csv = "TimeGenerated [Local Time],AlertName,CompromisedEntity\n\"3/16/2026, 10:05:07.123 AM\",x,A\n";
    for (minutes, expected) in [(60, "2026-03-16T09:05:07.1230000Z"), (-300, "2026-03-16T15:05:07.1230000Z"), (0, "2026-03-16T10:05:07.1230000Z")] {
        let opts = ReadOptions { local_offset_minutes: Some(minutes), ..ReadOptions::default() };
        let bench = load_with(&[("a.csv", csv.as_bytes())], &opts);
        assert_eq!(report(&bench).rows_skipped, 0, "offset {minutes}: {:?}", report(&bench).skipped);
        assert_eq!(alert_times(&bench), [expected], "offset {minutes}");
    }
}

#[test]
fn plain_csv_time_forms() {
    let csv = "TimeGenerated,AlertName,CompromisedEntity\n\
               2020-01-01T00:00:00.0000000Z,x,A\n\
               2025-11-21 19:45:18.0766240,x,A\n\
               2019-01-12 06:41:44,x,A\n";
    let bench = load(&[("a.csv", csv.as_bytes())]);
    let r = report(&bench);
    assert_eq!((r.format.as_str(), r.precision), ("CSV", Some(Precision::Ticks)));
    assert_eq!(
        alert_times(&bench),
        ["2020-01-01T00:00:00.0000000Z", "2025-11-21T19:45:18.0766240Z", "2019-01-12T06:41:44.0000000Z"]
    );
}

#[test]
fn semicolon_and_tab_delimiters() {
    for d in [";", "\t"] {
        let csv = format!("TimeGenerated{d}AlertName{d}CompromisedEntity\n2026-01-01 00:00:00{d}x{d}A\n");
        let bench = load(&[("a.csv", csv.as_bytes())]);
        assert_eq!(report(&bench).rows_loaded, 1, "{d:?}");
    }
}

#[test]
fn bad_rows_are_skipped_with_line_and_reason() {
    let csv = "TimeGenerated,Account,Computer,EventID,LogonType\n\
               2026-01-01 00:00:00,a,WS01,4624,10\n\
               \"3/31/2022, 14:51:35.857 PM\",a,WS01,4624,10\n\
               ,a,WS01,4624,10\n\
               2026-01-01 00:00:00,a,WS01\n\
               2026-01-01 00:00:00,a,WS01,4624,ten\n\
               2026-01-01 00:00:00,a,WS01,4624,10.0\n";
    let bench = load(&[("e.csv", csv.as_bytes())]);
    let r = report(&bench);
    assert_eq!((r.rows_read, r.rows_loaded, r.rows_skipped), (6, 3, 3));
    let skipped: Vec<(u64, &str)> = r.skipped.iter().map(|s| (s.line, s.reason.as_str())).collect();
    assert_eq!(skipped[0].0, 3);
    assert!(skipped[0].1.contains("hour 14 with PM"), "{skipped:?}");
    assert_eq!(skipped[1], (4, "TimeGenerated is empty"));
    assert_eq!(skipped[2].0, 5);
    assert!(skipped[2].1.contains("3 fields where the header has 5"));
    // `ten` is not a whole number: the row stays, its LogonType counts as empty, and that is said.
    assert!(r.warnings.iter().any(|w| w.contains("not whole numbers") && w.contains("line 6")), "{:?}", r.warnings);
    assert_eq!(bench.data.logons.logon_type, [Some(10), None, Some(10)]);
}

#[test]
fn missing_required_columns_are_named() {
    let csv = "TimeGenerated [UTC],Account,EventID\n\"1/1/2026, 1:00:00.000 AM\",a,4624\n";
    let bench = load(&[("displayed.csv", csv.as_bytes())]);
    let error = report(&bench).error.as_deref().unwrap();
    assert!(error.contains("SecurityEvent") && error.contains("LogonType, Computer"), "{error}");
}

#[test]
fn unknown_tables_and_junk_are_refused_clearly() {
    for (bytes, expected) in [
        (&b"Name,Value\nx,1\n"[..], "not a SecurityAlert, SecurityEvent or WindowsEvent export"),
        (b"\x00\x01\x02\xff\xfe binary", "binary data"),
        (b"", "empty"),
        (b"ElfFile\x00\x00\x00", "EVTX file header cannot be read"),
        (b"{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"X\",\"type\":\"string\"}],\"rows\":[]}]}", "not a SecurityAlert"),
    ] {
        let bench = load(&[("junk", bytes)]);
        let error = report(&bench).error.clone().unwrap_or_default();
        assert!(error.contains(expected), "{error} should say {expected}");
    }
}

#[test]
fn exact_portal_caps_warn_of_truncation() {
    let mut csv = String::from("TimeGenerated,AlertName,CompromisedEntity\n");
    for _ in 0..30_000 {
        csv.push_str("2026-01-01 00:00:00,x,A\n");
    }
    let bench = load(&[("capped.csv", csv.as_bytes())]);
    assert!(report(&bench).warnings.iter().any(|w| w.contains("probably truncated")));
    csv.push_str("2026-01-01 00:00:00,x,A\n");
    assert!(!report(&load(&[("more.csv", csv.as_bytes())])).warnings.iter().any(|w| w.contains("truncated")));
}

#[test]
fn invalid_utf8_is_read_lossily_and_counted() {
    let csv = b"TimeGenerated,AlertName,CompromisedEntity\n2026-01-01 00:00:00,Atypical travel,WS\xff01\n";
    let bench = load(&[("a.csv", &csv[..])]);
    let r = report(&bench);
    assert_eq!((r.rows_loaded, r.lossy_rows), (1, 1));
    assert_eq!(bench.data.strings.resolve(bench.data.alerts.compromised_entity[0]), "WS\u{FFFD}01");
}

/// JSON Lines: a row counts as lossy when a value the hunt keeps was not UTF-8 (its bytes are
/// replaced); bad bytes in a value it does not keep change nothing and count for nothing, as
/// in CSV. The first record is the exception: it binds the file from all its keys, so it is
/// read whole and bad bytes anywhere in it count.
#[test]
fn json_lines_count_lossy_rows_by_kept_values() {
    let first = b"{\"TimeGenerated\":\"2026-01-01T00:00:00Z\",\"AlertName\":\"Atypical travel\",\"CompromisedEntity\":\"WS01\"}\n";
    let kept = b"{\"TimeGenerated\":\"2026-01-01T00:00:00Z\",\"AlertName\":\"Atypical travel\",\"CompromisedEntity\":\"WS\xff02\"}\n";
    let ignored = b"{\"TimeGenerated\":\"2026-01-01T00:00:00Z\",\"AlertName\":\"Atypical travel\",\"CompromisedEntity\":\"WS03\",\"Other\":\"\xff\"}\n";
    let check = |lines: &[&[u8]], lossy: u64, hosts: &[&str]| {
        let input: Vec<u8> = lines.concat();
        let bench = load(&[("a.jsonl", &input[..])]);
        let r = report(&bench);
        assert_eq!((r.rows_loaded, r.lossy_rows), (lines.len() as u64, lossy), "{r:#?}");
        let shown: Vec<&str> = bench.data.alerts.compromised_entity.iter().map(|&s| bench.data.strings.resolve(s)).collect();
        assert_eq!(shown, hosts);
    };
    check(&[first, kept], 1, &["WS01", "WS\u{FFFD}02"]);
    check(&[first, ignored], 0, &["WS01", "WS03"]);
    check(&[kept, first], 1, &["WS\u{FFFD}02", "WS01"]);
    check(&[ignored, kept, ignored], 2, &["WS03", "WS\u{FFFD}02", "WS03"]);
}

const API_JSON: &str = r#"{
  "tables": [
    {
      "name": "PrimaryResult",
      "columns": [
        {"name": "TimeGenerated", "type": "datetime"},
        {"name": "EventID", "type": "int"},
        {"name": "Account", "type": "string"},
        {"name": "Computer", "type": "string"},
        {"name": "LogonType", "type": "int"},
        {"name": "IpAddress", "type": "string"},
        {"name": "Big", "type": "long"},
        {"name": "Extra", "type": "dynamic"}
      ],
      "rows": [
        ["2006-01-02T22:04:05.1Z", 4624, "C\\A", "ws01", 10, "1.2.3.4", 9007199254740993, "{\"a\":1}"],
        ["2006-01-02T22:04:05.1234567Z", 4624, "C\\A", "ws01", "10", 9007199254740993, 1, [1, 2]],
        ["2006-01-02T22:04:06Z", 4624, "C\\A", "ws01", 10.0, null, 1, null],
        ["2006-01-02T22:04:07Z", 4624, "C\\A", "ws01", 10, "x", 1],
        ["not a time", 4624, "C\\A", "ws01", 10, "x", 1, null]
      ]
    }
  ]
}"#;

/// 2^53 + 1, the first whole number an f64 cannot hold: read through an f64 it would come out
/// as 9007199254740992.
const LONG: &str = "9007199254740993";

#[test]
fn log_analytics_api_json() {
    let bench = load(&[("api.json", API_JSON.as_bytes())]);
    let r = report(&bench);
    assert_eq!((r.format.as_str(), r.table.as_deref()), ("Log Analytics API JSON", Some("SecurityEvent")));
    assert_eq!((r.rows_read, r.rows_loaded, r.rows_skipped), (5, 3, 2));
    assert_eq!(r.precision, Some(Precision::Ticks));
    assert!(!r.warnings.iter().any(|w| w.contains("not whole numbers")), "{:?}", r.warnings);
    let l = &bench.data.logons;
    assert_eq!(l.logon_type, [Some(10), Some(10), Some(10)], "10, \"10\" and 10.0 are all ten");
    assert_eq!(l.origin[2].line, 18, "the row whose LogonType is 10.0");
    assert_eq!(
        logon_times(&bench),
        ["2006-01-02T22:04:05.1000000Z", "2006-01-02T22:04:05.1234567Z", "2006-01-02T22:04:06.0000000Z"]
    );
    let ips: Vec<&str> = l.ip_address.iter().map(|&s| bench.data.strings.resolve(s)).collect();
    assert_eq!(ips, ["1.2.3.4", LONG, ""], "a long is kept digit for digit; null is empty");
    let lines: Vec<u64> = r.skipped.iter().map(|s| s.line).collect();
    assert_eq!(lines, [19, 20]);
    assert!(r.skipped[0].reason.contains("7 values where the table has 8 columns"), "{:?}", r.skipped[0]);
    assert!(r.skipped[1].reason.contains("'not a time'"), "{:?}", r.skipped[1]);
}

/// A long in a kept column reaches the row as the digits the file holds, in every JSON shape:
/// positional rows, the first record of a file (which binds it) and the records after it.
#[test]
fn longs_survive_exactly_in_every_json_shape() {
    let time = |i: usize| format!("\"2026-01-01T00:00:0{i}Z\"");
    let values = [LONG.to_string(), format!("-{LONG}")];
    let rows: Vec<String> = (0..2).map(|i| format!("[{},\"x\",{}]", time(i), values[i])).collect();
    let records: Vec<String> = (0..2)
        .map(|i| format!("{{\"TimeGenerated\":{},\"AlertName\":\"x\",\"CompromisedEntity\":{}}}", time(i), values[i]))
        .collect();
    let (rows, records) = (rows.join(","), records.join(","));
    let columns = |key: &str| {
        ["TimeGenerated", "AlertName", "CompromisedEntity"].map(|c| format!("{{\"{key}\":\"{c}\"}}")).join(",")
    };
    let check = |json: String, format: &str| {
        let bench = load(&[("longs.json", json.as_bytes())]);
        let r = report(&bench);
        assert_eq!((r.format.as_str(), r.rows_loaded, r.error.as_deref()), (format, 2, None), "{r:#?}");
        let entities: Vec<&str> = bench.data.alerts.compromised_entity.iter().map(|&s| bench.data.strings.resolve(s)).collect();
        assert_eq!(entities, values, "{format}");
    };
    check(format!("{{\"tables\":[{{\"name\":\"PrimaryResult\",\"columns\":[{}],\"rows\":[{rows}]}}]}}", columns("name")), "Log Analytics API JSON");
    check(format!("{{\"Tables\":[{{\"TableName\":\"Table_0\",\"Columns\":[{}],\"Rows\":[{rows}]}}]}}", columns("ColumnName")), "ADX REST v1 JSON");
    check(
        format!("[{{\"FrameType\":\"DataTable\",\"TableKind\":\"PrimaryResult\",\"Columns\":[{}],\"Rows\":[{rows}]}}]", columns("ColumnName")),
        "ADX REST v2 JSON",
    );
    check(format!("{{\"schema\":[{}],\"results\":[{records}]}}", columns("name")), "Graph hunting JSON");
    check(format!("[{records}]"), "JSON array");
    check(records.replace("},{", "}\n{"), "JSON Lines");
}

#[test]
fn truncated_json_keeps_the_rows_before_the_cut() {
    let cut = &API_JSON[..API_JSON.find("[\"2006-01-02T22:04:06Z\"").unwrap() + 10];
    let bench = load(&[("cut.json", cut.as_bytes())]);
    let r = report(&bench);
    assert_eq!(r.rows_loaded, 2);
    assert!(r.error.as_deref().unwrap().contains("ends early"), "{:?}", r.error);
}

#[test]
fn adx_v1_reads_the_first_table() {
    let json = r#"{"Tables":[
      {"TableName":"Table_0","Columns":[{"ColumnName":"TimeGenerated","DataType":"DateTime"},{"ColumnName":"AlertName","DataType":"String"},{"ColumnName":"CompromisedEntity","DataType":"String"}],
       "Rows":[["2026-01-01T00:00:00Z","Atypical travel","WS01"]]},
      {"TableName":"Table_1","Columns":[{"ColumnName":"Value","DataType":"String"}],"Rows":[["{}"]]}
    ]}"#;
    let bench = load(&[("v1.json", json.as_bytes())]);
    let r = report(&bench);
    assert_eq!((r.format.as_str(), r.rows_loaded), ("ADX REST v1 JSON", 1));
    assert!(r.error.is_none(), "{:?}", r.error);
}

#[test]
fn adx_v2_frames_data_table_and_fragments() {
    let data_table = r#"[{"FrameType":"DataSetHeader","IsProgressive":false,"Version":"v2.0"},
      {"FrameType":"DataTable","TableId":0,"TableKind":"QueryProperties","TableName":"@ExtendedProperties","Columns":[{"ColumnName":"Value","ColumnType":"dynamic"}],"Rows":[[{}]]},
      {"FrameType":"DataTable","TableId":1,"TableKind":"PrimaryResult","TableName":"PrimaryResult","Columns":[{"ColumnName":"TimeGenerated","ColumnType":"datetime"},{"ColumnName":"AlertName","ColumnType":"string"},{"ColumnName":"CompromisedEntity","ColumnType":"string"}],
       "Rows":[["2026-01-01T00:00:00Z","Atypical travel","WS01"],["2026-01-01T00:00:01Z","Password Spray","WS02"]]},
      {"FrameType":"DataSetCompletion","HasErrors":false,"Cancelled":false}]"#;
    let progressive = r#"[{"FrameType":"DataSetHeader","IsProgressive":true},
      {"FrameType":"TableHeader","TableId":1,"TableKind":"PrimaryResult","TableName":"PrimaryResult","Columns":[{"ColumnName":"TimeGenerated","ColumnType":"datetime"},{"ColumnName":"AlertName","ColumnType":"string"},{"ColumnName":"CompromisedEntity","ColumnType":"string"}]},
      {"FrameType":"TableFragment","TableFragmentType":"DataAppend","TableId":1,"Rows":[["2026-01-01T00:00:00Z","Atypical travel","WS01"]]},
      {"FrameType":"TableFragment","TableFragmentType":"DataAppend","TableId":1,"Rows":[["2026-01-01T00:00:01Z","Password Spray","WS02"]]},
      {"FrameType":"TableCompletion","TableId":1,"RowCount":2},
      {"FrameType":"DataSetCompletion","HasErrors":false}]"#;
    for json in [data_table, progressive] {
        let bench = load(&[("v2.json", json.as_bytes())]);
        let r = report(&bench);
        assert_eq!((r.format.as_str(), r.rows_loaded), ("ADX REST v2 JSON", 2), "{r:#?}");
    }
}

#[test]
fn graph_hunting_json() {
    let json = r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults",
      "schema":[{"name":"TimeGenerated","type":"DateTime"},{"name":"AlertName","type":"String"},{"name":"CompromisedEntity","type":"String"}],
      "results":[{"TimeGenerated":"2026-01-01T00:00:00.1234567Z","AlertName":"Atypical travel","CompromisedEntity":"WS01"}]}"#;
    let bench = load(&[("graph.json", json.as_bytes())]);
    let r = report(&bench);
    assert_eq!((r.format.as_str(), r.rows_loaded, r.precision), ("Graph hunting JSON", 1, Some(Precision::Ticks)));
}

const JSONL: &str = "{\"TimeGenerated\":\"2026-03-02T09:00:00Z\",\"AlertName\":\"Atypical travel\",\"CompromisedEntity\":\"WS01\",\"WorkspaceSubscriptionId\":\"s\"}\n\
{\"TimeGenerated\":\"2026-03-02T09:00:01Z\",\"AlertName\":\"Password Spray\",\"CompromisedEntity\":\"WS01\"}\n\
{\"TimeGenerated\":\"2026-03-02T09:00:02Z\",\"AlertNa\n\
\n\
[1,2]\n\
{\"TimeGenerated\":\"2026-03-02T09:00:03Z\",\"AlertName\":\"x\",\"CompromisedEntity\":{\"nested\":true}}\n";

#[test]
fn json_lines_skip_broken_lines_and_go_on() {
    let bench = load(&[("PT05M.json", JSONL.as_bytes())]);
    let r = report(&bench);
    assert_eq!((r.format.as_str(), r.table.as_deref()), ("JSON Lines", Some("SecurityAlert")));
    assert_eq!((r.rows_read, r.rows_loaded, r.rows_skipped), (5, 3, 2));
    let lines: Vec<u64> = r.skipped.iter().map(|s| s.line).collect();
    assert_eq!(lines, [3, 5]);
    assert_eq!(bench.data.strings.resolve(bench.data.alerts.compromised_entity[2]), "{\"nested\":true}");
}

#[test]
fn data_export_repeats_are_removed_only_when_asked() {
    let line = "{\"TimeGenerated\":\"2026-03-02T09:00:00Z\",\"AlertName\":\"x\",\"CompromisedEntity\":\"A\"}";
    let blob = format!("{line}\n{line}\r\n{}\n", line.replace(":00Z", ":01Z"));
    let bench = load(&[("PT05M.json", blob.as_bytes())]);
    assert_eq!((report(&bench).rows_loaded, report(&bench).duplicates_removed), (3, 0), "off by default");
    let opts = ReadOptions { dedupe_records: true, ..ReadOptions::default() };
    let bench = load_with(&[("a.json", blob.as_bytes()), ("b.json", line.as_bytes())], &opts);
    let counts: Vec<(u64, u64)> = bench.files.iter().map(|r| (r.rows_loaded, r.duplicates_removed)).collect();
    assert_eq!(counts, [(2, 1), (0, 1)], "repeats across blobs count too");
    assert!(bench.files[0].warnings.iter().any(|w| w.contains("de-duplication is on")));
    assert_eq!(bench.files[1].error, None, "a blob of repeats only is not an error");
}

#[test]
fn json_array_of_records() {
    let json = r#"[
      {"TimeGenerated": "2026-03-02T09:00:00Z", "EventID": 4624, "LogonType": 10, "Account": "C\\A", "Computer": "WS01"},
      {"TimeGenerated": "2026-03-02T09:00:01Z", "EventID": 4688, "Account": "C\\A", "Computer": "WS01"},
      "not a record"
    ]"#;
    let bench = load(&[("array.json", json.as_bytes())]);
    let r = report(&bench);
    assert_eq!((r.format.as_str(), r.rows_read, r.rows_loaded), ("JSON array", 3, 2));
    assert_eq!(bench.data.logons.logon_type, [Some(10), None], "an absent key is an empty value");
    assert_eq!(r.skipped[0].line, 4);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn gzip_and_zip_wrap_any_format() {
    let gz = gzip(PORTAL_ALERTS_US.as_bytes());
    let bench = load(&[("alerts.csv.gz", &gz)]);
    let r = report(&bench);
    assert_eq!((r.name.as_str(), r.format.as_str(), r.rows_loaded), ("alerts.csv", "gzip › portal CSV", 2));

    let zip = zip_of(&[("api.json", API_JSON.as_bytes()), ("lines.json", JSONL.as_bytes())]);
    let bench = load(&[("export.zip", &zip)]);
    assert_eq!(bench.files.len(), 2);
    assert_eq!(bench.files[0].name, "export.zip › api.json");
    assert_eq!(bench.files[0].format, "zip › Log Analytics API JSON");
    assert_eq!(bench.files[1].format, "zip › JSON Lines");
    assert_eq!(bench.data.logons.len(), 3);
    assert_eq!(bench.data.alerts.len(), 3);

    let zipped_gz = zip_of(&[("inner.csv.gz", &gz)]);
    let bench = load(&[("nested.zip", &zipped_gz)]);
    assert_eq!(report(&bench).format, "zip › gzip › portal CSV");
}

#[test]
fn broken_archives_say_so() {
    let gz = gzip(PORTAL_ALERTS_US.as_bytes());
    let bench = load(&[("cut.csv.gz", &gz[..gz.len() / 2])]);
    let r = report(&bench);
    assert!(r.error.is_some() || r.rows_skipped > 0, "{r:#?}");
    let bench = load(&[("junk.zip", b"PK\x03\x04garbage")]);
    assert!(report(&bench).error.as_deref().unwrap().contains("zip"));
}

#[test]
fn windows_event_maps_onto_the_logon_side() {
    let json = r#"[
      {"TimeGenerated":"2026-03-02T09:01:00Z","Computer":"WS01","EventID":4624,"Provider":"Microsoft-Windows-Security-Auditing",
       "EventData":{"TargetUserName":"alice","TargetDomainName":"CONTOSO","LogonType":"10","IpAddress":"203.0.113.5"}},
      {"TimeGenerated":"2026-03-02T09:02:00Z","Computer":"WS01","EventID":4624,"Provider":"x",
       "EventData":"{\"TargetUserName\":\"WS01$\",\"TargetDomainName\":\"CONTOSO\",\"LogonType\":\"3\",\"IpAddress\":\"-\"}"},
      {"TimeGenerated":"2026-03-02T09:03:00Z","Computer":"WS01","EventID":4624,"Provider":"x","EventData":"<xml/>"}
    ]"#;
    let alerts = "TimeGenerated,AlertName,CompromisedEntity\n2026-03-02 09:00:00,Atypical travel,ws01\n";
    let bench = load(&[("we.json", json.as_bytes()), ("a.csv", alerts.as_bytes())]);
    let r = &bench.files[0];
    assert_eq!(r.table.as_deref(), Some("WindowsEvent"));
    assert!(r.mapping.as_deref().unwrap().contains("TargetDomainName\\TargetUserName"));
    assert!(r.warnings.iter().any(|w| w.contains("EventData")), "{:?}", r.warnings);
    let l = &bench.data.logons;
    let s = |sym| bench.data.strings.resolve(sym);
    assert_eq!((s(l.account[0]), s(l.account_type[0]), s(l.ip_address[0])), ("CONTOSO\\alice", "User", "203.0.113.5"));
    assert_eq!((s(l.activity[0]), s(l.logon_type_name[0])), ("4624 - An account was successfully logged on.", "10 - RemoteInteractive"));
    assert_eq!((s(l.account_type[1]), l.logon_type[1]), ("Machine", Some(3)));
    let rows = engine::run(&bench.data, &HuntParams::default()).rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].account, "contoso\\alice");
}

#[test]
fn mordor_records_map_onto_the_logon_side() {
    let jsonl = r#"{"@timestamp":"2020-09-04T03:10:02.123Z","Hostname":"WORKSTATION5.theshire.local","EventID":4624,"LogonType":"10","TargetUserName":"pgustavo","TargetDomainName":"THESHIRE","IpAddress":"1.2.3.4","SourceModuleName":"eventlog","EventTime":"2020-09-03 23:10:02"}
{"@timestamp":"2020-09-04T03:10:03.000Z","Hostname":"WORKSTATION5.theshire.local","EventID":5156,"SourceModuleName":"eventlog"}
"#;
    let bench = load(&[("mordor.json", jsonl.as_bytes())]);
    let r = report(&bench);
    assert_eq!((r.table.as_deref(), r.rows_loaded), (Some("OTRF/Mordor Windows events"), 2));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let l = &bench.data.logons;
    assert_eq!(bench.data.strings.resolve(l.account[0]), "THESHIRE\\pgustavo");
    assert_eq!((l.event_id[0], l.logon_type[0], l.logon_type[1]), (Some(4624), Some(10), None));
    assert_eq!(l.time[0].to_iso(), "2020-09-04T03:10:02.1230000Z", "@timestamp, not the local EventTime");
}

#[test]
fn same_table_in_different_formats_is_concatenated() {
    let csv = "TimeGenerated,Account,Computer,EventID,LogonType\n2026-03-02 09:05:00,c\\b,WS01,4624,10\n";
    let jsonl = "{\"TimeGenerated\":\"2026-03-02T09:06:00Z\",\"Account\":\"C\\\\C\",\"Computer\":\"ws01\",\"EventID\":4624,\"LogonType\":10}\n";
    let alerts = "TimeGenerated,AlertName,CompromisedEntity\n2026-03-02 09:00:00,Atypical travel,WS01\n";
    let bench = load(&[("e.csv", csv.as_bytes()), ("e.jsonl", jsonl.as_bytes()), ("a.csv", alerts.as_bytes())]);
    let rows = engine::run(&bench.data, &HuntParams::default()).rows;
    let accounts: Vec<&str> = rows.iter().map(|r| r.account.as_str()).collect();
    assert_eq!(accounts, ["c\\b", "c\\c"]);
    let files: Vec<u32> = rows.iter().map(|r| r.logon_origin.file.0).collect();
    assert_eq!(files, [0, 1]);
}

#[test]
fn removing_a_file_removes_its_rows() {
    let alerts = "TimeGenerated,AlertName,CompromisedEntity\n2026-03-02 09:00:00,Atypical travel,WS01\n";
    let mut bench = load(&[("a.csv", alerts.as_bytes()), ("b.csv", alerts.as_bytes())]);
    assert_eq!(bench.data.alerts.len(), 2);
    let first = bench.files[0].file;
    bench.remove(first);
    assert_eq!((bench.data.alerts.len(), bench.files.len()), (1, 1));
    assert_eq!(bench.data.alerts.origin[0].file, bench.files[0].file);
}
