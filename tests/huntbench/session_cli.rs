//! The command line's session views: `hunt --with-sessions` (the same rows, three more columns,
//! in every format), `sessions` as a table and CSV, `pivot`, and `inspect`'s session lines.

use std::process::{Command, Output};

use serde_json::{json, Value};

use crate::pivot::EVENTS;

/// An alert on each host of the pivot chain's first three hops.
const ALERTS: &str = "TimeGenerated,AlertName,CompromisedEntity
2026-03-02T08:55:00Z,Password Spray,HOSTA
2026-03-02T08:55:00Z,Password Spray,HOSTB
2026-03-02T08:55:00Z,Password Spray,HOSTC
";

fn huntbench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huntbench")).args(args).output().expect("runs")
}

fn temp(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("huntbench-session-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}

fn stdout(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The pivot chain's files, written for one test (tests run in parallel).
fn files(test: &str) -> (String, String) {
    (temp(&format!("{test}-alerts.csv"), ALERTS), temp(&format!("{test}-events.csv"), EVENTS))
}

const WIDE: [&str; 4] = ["--window", "3h", "--logon-type", "10"];

#[test]
fn with_sessions_adds_three_columns_and_keeps_the_rows() {
    let (a, e) = files("columns");
    let run = |extra: &[&str]| -> Value {
        let args: Vec<&str> = ["hunt", "--format", "json"].iter().chain(&WIDE).chain(extra).copied().chain([a.as_str(), e.as_str()]).collect();
        serde_json::from_str(&stdout(&huntbench(&args))).unwrap()
    };
    let (plain, with) = (run(&[]), run(&["--with-sessions"]));
    let (plain, with) = (plain.as_array().unwrap(), with.as_array().unwrap());
    assert_eq!(plain.len(), with.len());
    assert!(!plain.is_empty());
    for (p, w) in plain.iter().zip(with) {
        let keys: Vec<&str> = w.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys[8..], ["SessionEnd", "SessionEndCause", "SessionDurationSeconds"]);
        let mut first = w.as_object().unwrap().clone();
        for k in ["SessionEnd", "SessionEndCause", "SessionDurationSeconds"] {
            first.remove(k);
        }
        assert_eq!(&Value::Object(first), p, "the 8 columns are the rows without the flag");
    }
    let hostb: Vec<&Value> = with.iter().filter(|r| r["CompromisedEntity"] == "HOSTB").collect();
    assert_eq!(hostb.len(), 1);
    assert_eq!(
        (&hostb[0]["SessionEnd"], &hostb[0]["SessionEndCause"], &hostb[0]["SessionDurationSeconds"]),
        (&json!("2026-03-02T09:30:00.0000000Z"), &json!("logoff 4634"), &json!(1200.0))
    );
    let hosta: Vec<&Value> = with.iter().filter(|r| r["CompromisedEntity"] == "HOSTA").collect();
    assert_eq!(hosta.len(), 2, "one row per logon of the linked pair, never de-duplicated");
    for r in hosta {
        assert_eq!((&r["SessionEnd"], &r["SessionEndCause"], &r["SessionDurationSeconds"]), (&Value::Null, &json!("unknown"), &Value::Null));
    }
}

#[test]
fn with_sessions_in_csv_jsonl_and_table() {
    let (a, e) = files("formats");
    let run = |format: &str| -> String {
        let args: Vec<&str> = ["hunt", "--with-sessions", "--format", format].iter().chain(&WIDE).copied().chain([a.as_str(), e.as_str()]).collect();
        stdout(&huntbench(&args))
    };
    let csv = run("csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "TimeGenerated,Interactivelogontime,AccountCustomEntity,AccountType,CompromisedEntity,Activity,IpAddress,TimeWindow,SessionEnd,SessionEndCause,SessionDurationSeconds"
    );
    assert!(csv.contains(",2026-03-02T09:30:00.0000000Z,logoff 4634,1200.0\n"), "{csv}");
    assert!(csv.contains(",,unknown,\n"), "unknowns are empty cells: {csv}");
    let jsonl = run("jsonl");
    let rows: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(rows.iter().all(|r| r.as_object().unwrap().len() == 11));
    let table = run("table");
    assert!(table.lines().next().unwrap().ends_with("SessionEnd                    SessionEndCause  SessionDurationSeconds"), "{table}");
    assert!(table.contains("logoff 4634      1200") && table.contains("unknown"), "{table}");
    // A row whose logon starts no session (type 3) says so with dashes.
    let args = ["hunt", "--with-sessions", "--window", "3h", "--logon-type", "3", a.as_str(), e.as_str()];
    let table = stdout(&huntbench(&args));
    let row = table.lines().nth(1).unwrap();
    assert!(row.contains("HOSTC") && row.split_whitespace().rev().take(3).all(|cell| cell == "-"), "{table}");
}

#[test]
fn sessions_table_and_csv_are_inert() {
    let events = "TimeGenerated,Account,Computer,EventID,LogonType,IpAddress,TargetLogonId,LogonID,SessionName,ClientName,ClientAddress,Channel
2026-03-02T09:00:00Z,C\\a,ws01,4624,10,=1+1,0x1,,,,,Security
2026-03-02T09:01:00Z,C\\a,ws01,4779,,,,0x1,RDP-Tcp#0,\"pc\u{1b}[2J\",=1+1,Security
";
    let e = temp("hostile-sessions.csv", events);
    let table = stdout(&huntbench(&["sessions", &e]));
    assert!(!table.contains('\u{1b}') && table.contains("pc\u{FFFD}[2J"), "{table}");
    assert!(table.contains("(1 sessions)"), "{table}");
    let csv = stdout(&huntbench(&["sessions", "--format", "csv", &e]));
    assert!(csv.starts_with("Host,Account,LogonIds,Source,Start,End,EndCause,DurationSeconds,SourceAddress,ClientName\n"));
    assert!(csv.contains(",'=1+1,"), "{csv}");
    let json: Value = serde_json::from_str(&stdout(&huntbench(&["sessions", "--format", "json", &e]))).unwrap();
    assert_eq!(json["sessions"][0]["ClientName"], "pc\u{1b}[2J", "JSON keeps the exact value");
    assert_eq!(json["sessions"][0]["EndCause"], "disconnected");
}

#[test]
fn pivot_prints_the_path_and_json() {
    let (a, e) = (temp("pivot-alerts.csv", crate::pivot::ALERTS), temp("pivot-events.csv", EVENTS));
    let json: Value = serde_json::from_str(&stdout(&huntbench(&["pivot", "--account", "CONTOSO\\ALICE", "--format", "json", &a, &e]))).unwrap();
    let steps: Vec<String> = json["path"].as_array().unwrap().iter().map(|s| format!("{}→{}", s["From"].as_str().unwrap(), s["To"].as_str().unwrap())).collect();
    assert_eq!(steps, ["10.0.0.5→HOSTA", "10.0.0.10→HOSTB", "10.0.0.11→HOSTC", "jump01→HOSTD"]);
    let mut keys: Vec<&str> = json["path"][0].as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["Account", "From", "LogonType", "Time", "To"]);
    let table = stdout(&huntbench(&["pivot", "--address", "10.0.0.10", &a, &e]));
    assert!(table.starts_with("Path\n"), "{table}");
    assert!(table.contains("(2 steps)") && table.contains("the entity is its CompromisedEntity"), "{table}");
    assert_eq!(huntbench(&["pivot", &a, &e]).status.code(), Some(2), "an entity is required");
    assert_eq!(huntbench(&["pivot", "--account", "x", "--address", "y", &a]).status.code(), Some(2), "only one");
}

#[test]
fn inspect_names_session_sources_and_collector_times() {
    let mordor = "{\"@timestamp\":\"2020-09-04T07:08:23.381Z\",\"Hostname\":\"WS5\",\"EventID\":21,\"Channel\":\"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational\",\"Message\":\"User: A\\\\b\\r\\nSession ID: 2\\r\\nSource Network Address: 1.2.3.4\",\"SourceModuleName\":\"eventlog\"}\n";
    let m = temp("mordor.jsonl", mordor);
    let text = stdout(&huntbench(&["inspect", &m]));
    assert!(text.contains("mordor.jsonl: session sources: LocalSessionManager 1\n"), "{text}");
    assert!(text.contains("times are the collector's (@timestamp), not the hosts' own"), "{text}");
    let reports: Value = serde_json::from_str(&stdout(&huntbench(&["inspect", "--json", &m]))).unwrap();
    assert_eq!(reports[0]["session_sources"], json!([{"source": "LocalSessionManager", "events": 1}]));
    assert_eq!(reports[0]["collector_times"], true);
    // hunt's own report lines are as they were: no session lines on stderr.
    let out = huntbench(&["hunt", &m]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("session sources"));
}
