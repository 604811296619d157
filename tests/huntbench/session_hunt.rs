//! Sessions never change the hunt: every real export and the page's sample, read as they are
//! and with every column the session readers use taken out, give the same logon and alert rows
//! and the same result rows, with alerts on every host and every logon type so rows exist; and
//! `--with-sessions`' rows are the plain rows plus three columns. (The EVTX files cannot lose
//! columns; they are read as they are.)

use std::io::Read;

use serde_json::{Map, Value};

use huntbench::engine::pivot::sessions_of_rows;
use huntbench::engine::sessions;
use huntbench::engine::time::{TICKS_PER_DAY, TICKS_PER_MINUTE};
use huntbench::engine::{self, AlertRow, Dataset, FileId, HuntParams, Origin, Span};
use huntbench::export::{rows_to_json, rows_with_sessions_json};
use huntbench::ingest::{ReadOptions, Workbench};

use crate::fixtures::shared;

/// Every column or key a session reader reads (SecurityEvent's EventData only where the file
/// has an Account column: WindowsEvent needs its EventData for the logon side).
const SESSION_NAMES: [&str; 20] = [
    "Channel",
    "EventSourceName",
    "SourceName",
    "Provider",
    "TargetLogonId",
    "TargetLinkedLogonId",
    "LogonID",
    "SessionName",
    "ClientName",
    "ClientAddress",
    "WorkstationName",
    "ElevatedToken",
    "SessionId",
    "ActivityID",
    "EventTime",
    "AccountName",
    "AccountDomain",
    "Message",
    "Correlation",
    "UserData",
];

fn is_session(name: &str, names: &[String]) -> bool {
    let base = name.trim_start_matches('\u{feff}').split(" [").next().unwrap_or(name);
    SESSION_NAMES.contains(&base) || (base == "EventData" && names.iter().any(|n| n == "Account"))
}

fn strip_object(object: &mut Map<String, Value>) {
    let names: Vec<String> = object.keys().cloned().collect();
    object.retain(|k, _| !is_session(k, &names));
}

/// The file without its session columns, in its own format.
fn strip(name: &str, bytes: &[u8]) -> Vec<u8> {
    if name.ends_with(".csv") {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        let mut records = reader.byte_records().map(Result::unwrap);
        let header = records.next().unwrap();
        let names: Vec<String> = header.iter().map(|h| String::from_utf8_lossy(h).into_owned()).collect();
        let keep: Vec<usize> = (0..names.len()).filter(|&i| !is_session(&names[i], &names)).collect();
        let mut out = csv::Writer::from_writer(Vec::new());
        for record in std::iter::once(header).chain(records) {
            out.write_record(keep.iter().map(|&i| &record[i])).unwrap();
        }
        return out.into_inner().unwrap();
    }
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('{') && text.contains("\"tables\"") {
        let mut doc: Value = serde_json::from_str(text).unwrap();
        let table = &mut doc["tables"][0];
        let names: Vec<String> = table["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect();
        let keep: Vec<usize> = (0..names.len()).filter(|&i| !is_session(&names[i], &names)).collect();
        table["columns"] = Value::from(keep.iter().map(|&i| table["columns"][i].clone()).collect::<Vec<_>>());
        let rows: Vec<Value> = table["rows"].as_array().unwrap().iter().map(|r| Value::from(keep.iter().map(|&i| r[i].clone()).collect::<Vec<_>>())).collect();
        table["rows"] = Value::from(rows);
        return doc.to_string().into_bytes();
    }
    if text.trim_start().starts_with('[') {
        let mut records: Vec<Map<String, Value>> = serde_json::from_str(text).unwrap();
        records.iter_mut().for_each(strip_object);
        return serde_json::to_vec_pretty(&records).unwrap();
    }
    // JSON Lines, one record a line.
    text.lines()
        .map(|line| {
            let mut record: Map<String, Value> = serde_json::from_str(line).unwrap();
            strip_object(&mut record);
            format!("{}\n", Value::Object(record))
        })
        .collect::<String>()
        .into_bytes()
}

/// The files to compare: `(name, bytes)`, zip members unpacked.
fn inputs() -> Vec<(String, Vec<u8>, bool)> {
    let mut out = Vec::new();
    for path in [
        "realdata/msticpy/alertlist.csv",
        "realdata/msticpy/host_logons.csv",
        "realdata/msticpy/az_mon_raw_query.json",
        "realdata/azure-sentinel/Microsoft_Security Events_Authentication_IngestedLogs.csv",
        "realdata/azure-sentinel/RiskIQ_scenrio.json",
        "realdata/otrf/rdp_interactive_taskmanager_lsass_dump.zip",
        "realdata/otrf/empire_persistence_registry_modification_run_keys_standard_user.zip",
        "realdata/evtx-attack-samples/DE_RDP_Tunneling_4624.evtx",
        "realdata/evtx-attack-samples/DE_RDP_Tunnel_5156.evtx",
    ] {
        let bytes = std::fs::read(shared(path)).unwrap();
        if path.ends_with(".zip") {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut member = archive.by_index(0).unwrap();
            let mut text = Vec::new();
            member.read_to_end(&mut text).unwrap();
            out.push((format!("{path}.jsonl"), text, true));
        } else {
            out.push((path.to_string(), bytes, !path.ends_with(".evtx")));
        }
    }
    for name in ["SecurityAlert.csv", "SecurityEvent.json"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/sample").join(name);
        out.push((format!("sample/{name}"), std::fs::read(path).unwrap(), true));
    }
    out
}

fn load(name: &str, bytes: &[u8]) -> Workbench {
    let mut bench = Workbench::new();
    bench.load(name, bytes, &ReadOptions::default());
    bench
}

/// The alert and logon columns as values (lines aside: a document written again moves them).
fn columns(data: &Dataset) -> (Vec<String>, Vec<String>) {
    let pool = &data.strings;
    let (a, l) = (&data.alerts, &data.logons);
    let alerts = (0..a.len())
        .map(|i| format!("{:?} {} {} {}", a.time[i], pool.resolve(a.subscription[i]), pool.resolve(a.compromised_entity[i]), pool.resolve(a.alert_name[i])))
        .collect();
    let logons = (0..l.len())
        .map(|i| {
            let text = |sym| pool.resolve(sym);
            format!(
                "{:?} {:?} {:?} {} {} {} {} {} {}",
                l.time[i],
                l.event_id[i],
                l.logon_type[i],
                text(l.account[i]),
                text(l.computer[i]),
                text(l.ip_address[i]),
                text(l.account_type[i]),
                text(l.activity[i]),
                text(l.logon_type_name[i])
            )
        })
        .collect();
    (alerts, logons)
}

/// An alert on every host a minute before its first logon, and a hunt that takes any logon type
/// within ten years: every logon joins.
fn hunt_everything(data: &mut Dataset) -> HuntParams {
    let l = &data.logons;
    let mut first: Vec<(String, huntbench::engine::Ticks)> = Vec::new();
    for i in 0..l.len() {
        let host = data.strings.resolve(l.computer[i]).to_string();
        match first.iter_mut().find(|(h, _)| *h == host) {
            Some((_, t)) => *t = (*t).min(l.time[i]),
            None => first.push((host, l.time[i])),
        }
    }
    for (line, (host, t)) in first.iter().enumerate() {
        let time = t.checked_add(-TICKS_PER_MINUTE).unwrap_or(*t);
        data.push_alert(&AlertRow { time, subscription: "", compromised_entity: host, alert_name: "Password Spray", origin: Origin { file: FileId(99), line: line as u64 } });
    }
    HuntParams { window: Span(3650 * TICKS_PER_DAY), logon_types: (0..=13).collect(), ..HuntParams::default() }
}

#[test]
fn sessions_never_change_the_rows_the_hunt_returns() {
    let mut joined = 0;
    for (name, bytes, strippable) in inputs() {
        let mut with = load(&name, &bytes);
        assert_eq!(with.files[0].error, None, "{name}");
        if strippable {
            let without = load(&name, &strip(&name, &bytes));
            assert_eq!(columns(&with.data), columns(&without.data), "{name}");
            assert_eq!(
                (with.files[0].rows_read, with.files[0].rows_loaded, &with.files[0].warnings),
                (without.files[0].rows_read, without.files[0].rows_loaded, &without.files[0].warnings),
                "{name}"
            );
            let mut without = without;
            let params = hunt_everything(&mut without.data);
            let _ = hunt_everything(&mut with.data);
            let (a, b) = (engine::run(&with.data, &params), engine::run(&without.data, &params));
            assert_eq!(rows_to_json(&a.rows), rows_to_json(&b.rows), "{name}");
        }
        let params = hunt_everything(&mut with.data);
        let result = engine::run(&with.data, &params);
        joined += result.rows.len();
        // The rows with their sessions are the same rows, three columns longer.
        let set = sessions::build(&with.data.sessions, &with.data.strings, false);
        let found = sessions_of_rows(&result.rows, &with.data, &set, false);
        let of_row: Vec<_> = found.iter().map(|s| s.map(|i| &set.sessions[i])).collect();
        let plain: Value = serde_json::from_str(&rows_to_json(&result.rows)).unwrap();
        let mut extended: Value = serde_json::from_str(&rows_with_sessions_json(&result.rows, &of_row)).unwrap();
        for row in extended.as_array_mut().unwrap() {
            let row = row.as_object_mut().unwrap();
            for key in ["SessionEnd", "SessionEndCause", "SessionDurationSeconds"] {
                assert!(row.remove(key).is_some(), "{name}");
            }
        }
        assert_eq!(plain, extended, "{name}");
    }
    assert!(joined > 300, "every 4624 of every file joins an alert: {joined} rows");
}
